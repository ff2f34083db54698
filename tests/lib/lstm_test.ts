import { assertEquals, assertLess } from "@std/assert";
import {
  finiteDifferenceGradient,
  finiteDifferenceJacobian,
} from "../../scripts/lib/gradcheck.ts";
import {
  cellHighwayJacobian,
  cellJacobian,
  lstmBackward,
  lstmForward,
  lstmLoss,
  type LstmParams,
  randomLstmParams,
} from "../../scripts/lib/lstm.ts";
import { identity, relativeError } from "../../scripts/lib/matrix.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import type { Loss } from "../../scripts/lib/rnn.ts";
import { referenceLstm } from "../_reference.ts";

function randomLstm(seed: number, withOutput: boolean, withBias = true) {
  const rng = seededRandom(seed);
  const n = 3, d = 2, m = 4;
  const params = {} as Record<string, number[] | number[][]>;
  for (const block of ["f", "i", "o", "c"]) {
    params[`W${block}`] = rng.matrix(n, n, 0.7);
    params[`U${block}`] = rng.matrix(n, d);
    if (withBias) params[`b${block}`] = rng.vector(n, 0.5);
  }
  if (withOutput) {
    Object.assign(params, { V: rng.matrix(m, n), c: rng.vector(m) });
  }
  const xs = Array.from({ length: 5 }, () => rng.vector(d));
  return { params: params as unknown as LstmParams, xs, rng, n, m };
}

for (
  const [withOutput, lossType] of [[false, "mse"], [true, "mse"], [
    true,
    "softmax-ce",
  ]] as const
) {
  Deno.test(`lstmBackward() matches finite differences and autodiff (${withOutput ? "V, c" : "no output layer"}, ${lossType})`, () => {
    const { params, xs, rng, n, m } = randomLstm(23, withOutput);
    const width = withOutput ? m : n;
    const loss: Loss = lossType === "mse"
      ? { type: "mse", targets: xs.map(() => rng.vector(width)) }
      : {
        type: "softmax-ce",
        labels: xs.map(() => Math.floor(rng.uniform() * width)),
      };
    const hInit = rng.vector(n, 0.5), CInit = rng.vector(n, 0.5);
    const { loss: value, grads } = lstmBackward(params, xs, loss, {
      hInit,
      CInit,
    });
    const all = { ...params, hInit, CInit } as unknown as Record<
      string,
      number[] | number[][]
    >;
    const fd = finiteDifferenceGradient((p) =>
      lstmLoss(
        lstmForward(p as unknown as LstmParams, xs, {
          hInit: p.hInit as number[],
          CInit: p.CInit as number[],
        }),
        loss,
      ), all);
    const ref = referenceLstm(all, xs, loss);
    assertLess(Math.abs(value - ref.loss), 1e-12);
    for (const name of Object.keys(all)) {
      const ours =
        (grads as unknown as Record<string, number[] | number[][]>)[name];
      assertLess(
        relativeError(ours, fd[name]),
        1e-6,
        `${name} vs finite differences`,
      );
      assertLess(
        relativeError(ours, ref.grads[name]),
        1e-12,
        `${name} vs autodiff`,
      );
    }
  });
}

Deno.test("lstmBackward() without biases returns zero-free gradients for the given weights only", () => {
  const { params, xs, rng, n } = randomLstm(4, false, false);
  const loss: Loss = { type: "mse", targets: xs.map(() => rng.vector(n)) };
  const ref = referenceLstm(params as never, xs, loss);
  const { grads } = lstmBackward(params, xs, loss);
  for (const name of Object.keys(ref.grads)) {
    assertLess(
      relativeError((grads as never)[name], ref.grads[name]),
      1e-12,
      name,
    );
  }
});

Deno.test("cellJacobian() matches finite differences of C_t with respect to C_k", () => {
  const { params, xs } = randomLstm(8, false);
  const trace = lstmForward(params, xs);
  const t = 4, k = 1;
  // h_k depends on C_k too: rebuild it from the perturbed C_k.
  const rerunWithH = (Ck: number[]) => {
    const hk = Ck.map((c, u) => trace.steps[k].o[u] * Math.tanh(c));
    return lstmForward(params, xs.slice(k + 1, t + 1), { hInit: hk, CInit: Ck })
      .steps.at(-1)!.C;
  };
  const fd = finiteDifferenceJacobian(rerunWithH, trace.steps[k].C);
  assertLess(relativeError(cellJacobian(params, trace, t, k), fd), 1e-8);
});

Deno.test("cellJacobian() is exactly the identity when f_t = 1 and i_t = 0 (constant error carousel)", () => {
  const { params, xs, n } = randomLstm(12, false);
  const gates = { f: 1, i: 0 };
  const trace = lstmForward(params, xs, { gates, CInit: [0.3, -0.2, 0.9] });
  for (let k = 0; k < 4; k++) {
    assertEquals(cellJacobian(params, trace, 4, k, { gates }), identity(n));
    assertEquals(cellHighwayJacobian(trace, 4, k), identity(n));
  }
});

Deno.test("randomLstmParams() is reproducible, shaped n × n and n × d, and adds constant biases to random ones", () => {
  const a = randomLstmParams(seededRandom(5), 3, 2, {
    scale: 0.5,
    biasScale: 1,
    biases: { f: 20, i: -20 },
  });
  const b = randomLstmParams(seededRandom(5), 3, 2, {
    scale: 0.5,
    biasScale: 1,
    biases: { f: 20, i: -20 },
  });
  assertEquals(a, b);
  for (const block of ["f", "i", "o", "c"] as const) {
    assertEquals(a[`W${block}`].map((row) => row.length), [3, 3, 3]);
    assertEquals(a[`U${block}`].map((row) => row.length), [2, 2, 2]);
  }
  // The same draws without the constants: the biases differ by exactly ±20.
  const plain = randomLstmParams(seededRandom(5), 3, 2, {
    scale: 0.5,
    biasScale: 1,
  });
  assertEquals(plain.Wc, a.Wc);
  a.bf!.forEach((b, u) => assertLess(Math.abs(b - plain.bf![u] - 20), 1e-14));
  a.bi!.forEach((b, u) => assertLess(Math.abs(b - plain.bi![u] + 20), 1e-14));
  assertEquals(a.bo, plain.bo);
  // Weights only: no bias vectors at all.
  assertEquals(randomLstmParams(seededRandom(5), 3, 2).bf, undefined);
});
