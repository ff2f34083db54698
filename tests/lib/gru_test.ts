import { assert, assertEquals, assertLess } from "@std/assert";
import type { Value } from "../../scripts/lib/autodiff.ts";
import {
  finiteDifferenceGradient,
  finiteDifferenceJacobian,
} from "../../scripts/lib/gradcheck.ts";
import {
  gruBackward,
  gruForward,
  gruLoss,
  type GruOptions,
  type GruParams,
  gruStateJacobian,
  gruStep,
  gruStepJacobian,
  randomGruParams,
} from "../../scripts/lib/gru.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import type { Loss } from "../../scripts/lib/rnn.ts";
import { referenceGru } from "../_reference.ts";

type Tree = Record<string, number[] | number[][]>;

function randomGru(seed: number, withOutput: boolean, withBias = true) {
  const rng = seededRandom(seed);
  const n = 3, d = 2, m = 4;
  const params: Tree = {};
  for (const block of ["z", "r", "h"]) {
    params[`W${block}`] = rng.matrix(n, n, 0.8);
    params[`U${block}`] = rng.matrix(n, d);
    if (withBias) params[`b${block}`] = rng.vector(n, 0.5);
  }
  if (withOutput) {
    Object.assign(params, { V: rng.matrix(m, n), c: rng.vector(m) });
  }
  const xs = Array.from({ length: 6 }, () => rng.vector(d));
  return { params: params as unknown as GruParams, xs, rng, n, m };
}

const cases = [
  { withOutput: false, lossType: "mse", gates: {} },
  { withOutput: true, lossType: "mse", gates: {} },
  { withOutput: true, lossType: "softmax-ce", gates: {} },
  { withOutput: false, lossType: "mse", gates: { z: 0.7 } },
  { withOutput: false, lossType: "mse", gates: { r: 0.4 } },
] as const;

for (const { withOutput, lossType, gates } of cases) {
  Deno.test(`gruBackward() matches finite differences and autodiff (${withOutput ? "V, c" : "no output layer"}, ${lossType}, fixed gates ${JSON.stringify(gates)})`, () => {
    const { params, xs, rng, n, m } = randomGru(41, withOutput);
    const width = withOutput ? m : n;
    const loss: Loss = lossType === "mse"
      ? { type: "mse", targets: xs.map(() => rng.vector(width)) }
      : {
        type: "softmax-ce",
        labels: xs.map(() => Math.floor(rng.uniform() * width)),
      };
    const hInit = rng.vector(n, 0.5);
    const options: GruOptions = { hInit, gates };
    const { loss: value, grads } = gruBackward(params, xs, loss, options);
    const all = { ...params, hInit } as unknown as Tree;
    const fd = finiteDifferenceGradient((p) =>
      gruLoss(
        gruForward(p as unknown as GruParams, xs, {
          hInit: p.hInit as number[],
          gates,
        }),
        loss,
      ), all);
    const ref = referenceGru(all, xs, loss, gates);
    assertLess(Math.abs(value - ref.loss), 1e-12);
    for (const name of Object.keys(all)) {
      const ours = (grads as unknown as Tree)[name];
      assertLess(relativeError(ours, fd[name]), 1e-6, `${name} vs FD`);
      assertLess(
        relativeError(ours, ref.grads[name]),
        1e-12,
        `${name} vs autodiff`,
      );
    }
    // A fixed gate has nothing to learn.
    for (const gate of Object.keys(gates) as ("z" | "r")[]) {
      assert(grads[`W${gate}`].flat().every((g) => g === 0));
    }
  });
}

Deno.test("gruBackward() without biases: ∂L/∂b still reported, and equal to autodiff's for zero biases", () => {
  const { params, xs, rng, n } = randomGru(42, false, false);
  const loss: Loss = { type: "mse", targets: xs.map(() => rng.vector(n)) };
  const { grads } = gruBackward(params, xs, loss);
  const zeros = { bz: [0, 0, 0], br: [0, 0, 0], bh: [0, 0, 0] };
  const ref = referenceGru(
    { ...params, ...zeros } as unknown as Tree,
    xs,
    loss,
  );
  for (const name of ["bz", "br", "bh", "Wz", "Wr", "Wh"]) {
    assertLess(
      relativeError((grads as unknown as Tree)[name], ref.grads[name]),
      1e-12,
      name,
    );
  }
});

// ∂h_t/∂h_k by autodiff: the rows are the gradients of h_t's entries with
// respect to the leaves of h_{−1} (so k = −1 here; the test takes k = −1).
function autodiffStateJacobian(
  params: GruParams,
  xs: number[][],
  hInit: number[],
  t: number,
  gates: { z?: number; r?: number } = {},
): number[][] {
  const n = hInit.length;
  const { states, leaves } = referenceGru(
    { ...params, hInit } as unknown as Tree,
    xs.slice(0, t + 1),
    {
      type: "mse",
      targets: xs.slice(0, t + 1).map(() => new Array(n).fill(0)),
    },
    gates,
  );
  const h0 = leaves.hInit as Value[];
  return states[t].map((v) => {
    v.backward();
    return h0.map((leaf) => leaf.grad);
  });
}

for (const gates of [{}, { r: 0.3 }, { z: 0.6 }] as const) {
  Deno.test(`gruStepJacobian() and gruStateJacobian() match finite differences and autodiff (gates ${JSON.stringify(gates)})`, () => {
    const { params, xs, rng } = randomGru(43, false);
    const hInit = rng.vector(3, 0.7);
    const trace = gruForward(params, xs, { hInit, gates });
    for (let j = 0; j < xs.length; j++) {
      const J = gruStepJacobian(params, trace, j, { gates });
      const fd = finiteDifferenceJacobian(
        (h) => gruStep(params, h, xs[j], { gates }).h,
        trace.steps[j].hPrev,
      );
      assertLess(relativeError(J, fd), 1e-8, `step ${j} vs FD`);
    }
    for (const t of [0, 2, 5]) {
      const J = gruStateJacobian(params, trace, t, -1, { gates });
      const ad = autodiffStateJacobian(params, xs, hInit, t, gates);
      assertLess(relativeError(J, ad), 1e-12, `∂h_${t}/∂h_-1 vs autodiff`);
    }
  });
}

Deno.test("gruStateJacobian() with z = 1 held fixed is exactly the identity, and the state is copied", () => {
  const params = randomGruParams(seededRandom(5), 3, 2, { biases: { h: 1 } });
  const rng = seededRandom(6);
  const xs = Array.from({ length: 20 }, () => rng.vector(2));
  const hInit = rng.vector(3);
  const options = { hInit, gates: { z: 1 } };
  const trace = gruForward(params, xs, options);
  for (const s of trace.steps) assertEquals(s.h, hInit);
  const I = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  assertEquals(gruStateJacobian(params, trace, 19, -1, options), I);
  assertEquals(autodiffStateJacobian(params, xs, hInit, 19, { z: 1 }), I);
});

Deno.test("randomGruParams() draws W, U in block order from the seed", () => {
  const rng = seededRandom(9);
  const expected = [rng.matrix(2, 2), rng.matrix(2, 3), rng.matrix(2, 2)];
  const p = randomGruParams(seededRandom(9), 2, 3, { biases: { r: -1 } });
  assertEquals([p.Wz, p.Uz, p.Wr], expected);
  assertEquals([p.bz, p.br, p.bh], [undefined, [-1, -1], undefined]);
});
