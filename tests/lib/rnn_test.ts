import { assertEquals, assertLess } from "@std/assert";
import type { ActivationName } from "../../scripts/lib/activations.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import { add, relativeError, zeros } from "../../scripts/lib/matrix.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import {
  bpttTerms,
  type Loss,
  rnnBptt,
  rnnForward,
  rnnLoss,
  type RnnParams,
  stateJacobian,
} from "../../scripts/lib/rnn.ts";
import { finiteDifferenceJacobian } from "../../scripts/lib/gradcheck.ts";
import { referenceRnn } from "../_reference.ts";

function randomProblem(
  seed: number,
  withOutput: boolean,
  lossType: Loss["type"],
) {
  const rng = seededRandom(seed);
  const n = 3, d = 2, m = 4, steps = 5;
  const params: RnnParams = {
    W: rng.matrix(n, n, 0.8),
    U: rng.matrix(n, d),
    b: rng.vector(n, 0.3),
  };
  if (withOutput) {
    Object.assign(params, { V: rng.matrix(m, n), c: rng.vector(m, 0.3) });
  }
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  const width = withOutput ? m : n;
  const loss: Loss = lossType === "mse"
    ? {
      type: "mse",
      targets: Array.from({ length: steps }, () => rng.vector(width)),
    }
    : {
      type: "softmax-ce",
      labels: Array.from(
        { length: steps },
        () => Math.floor(rng.uniform() * width),
      ),
    };
  return { params, xs, loss, hInit: rng.vector(n, 0.5) };
}

const cases: [ActivationName, boolean, Loss["type"]][] = [];
for (const act of ["sigmoid", "tanh", "relu"] as const) {
  cases.push([act, false, "mse"], [act, true, "mse"], [
    act,
    true,
    "softmax-ce",
  ]);
}

for (const [act, withOutput, lossType] of cases) {
  Deno.test(`rnnBptt() matches finite differences and autodiff (${act}, ${withOutput ? "V, c" : "no output layer"}, ${lossType})`, () => {
    const { params, xs, loss, hInit } = randomProblem(17, withOutput, lossType);
    const options = { activation: act, hInit };
    const { loss: value, grads } = rnnBptt(params, xs, loss, options);
    const all = { ...params, hInit } as Record<string, number[] | number[][]>;
    const fd = finiteDifferenceGradient(
      (p) =>
        rnnLoss(
          rnnForward(p as unknown as RnnParams, xs, {
            activation: act,
            hInit: p.hInit as number[],
          }),
          loss,
        ),
      all,
    );
    const ref = referenceRnn(all, xs, loss, act);
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

Deno.test("bpttTerms() sum to the BPTT gradient of W, one term per (t, k) with 0 ≤ k ≤ t", () => {
  const { params, xs, loss, hInit } = randomProblem(5, true, "mse");
  const terms = bpttTerms(params, xs, loss, { hInit });
  const T = xs.length - 1;
  assertEquals(terms.length, ((T + 1) * (T + 2)) / 2);
  assertEquals(terms.map(({ t, k }) => [t, k]).slice(0, 3), [[0, 0], [1, 0], [
    1,
    1,
  ]]);
  const total = terms.reduce((s, term) => add(s, term.value), zeros(3, 3));
  const ref = referenceRnn({ ...params, hInit } as never, xs, loss);
  assertLess(relativeError(total, ref.grads.W), 1e-12);
});

Deno.test("bpttTerms() of one loss L_t equal the autodiff gradient of L_t alone", () => {
  const { params, xs, loss, hInit } = randomProblem(9, false, "mse");
  const only3: Loss = { ...loss, steps: [3] } as Loss;
  const terms = bpttTerms(params, xs, only3, { hInit }).filter((term) =>
    term.t === 3
  );
  const total = terms.reduce((s, term) => add(s, term.value), zeros(3, 3));
  assertLess(
    relativeError(
      total,
      referenceRnn({ ...params, hInit } as never, xs, only3).grads.W,
    ),
    1e-12,
  );
});

Deno.test("stateJacobian() matches finite differences of h_t with respect to h_k", () => {
  const { params, xs, hInit } = randomProblem(3, false, "mse");
  const trace = rnnForward(params, xs, { hInit });
  const t = 4, k = 1;
  const rerun = (hk: number[]) =>
    rnnForward(params, xs.slice(k + 1, t + 1), { hInit: hk }).hs.at(-1)!;
  const fd = finiteDifferenceJacobian(rerun, trace.hs[k]);
  assertLess(relativeError(stateJacobian(params, trace, t, k), fd), 1e-8);
});
