import { assert, assertEquals, assertLess } from "@std/assert";
import {
  CAROUSEL_GATES,
  CHAIN_DISTANCES,
  compute,
  FORGET_BIAS,
  MAX_DISTANCE,
  MODELS,
  SATURATING_BIAS,
  setup,
  TABLE_DISTANCES,
} from "../../scripts/exercises/rnn-3c.ts";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import { finiteDifferenceJacobian } from "../../scripts/lib/gradcheck.ts";
import type { LstmParams } from "../../scripts/lib/lstm.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import { relative } from "../_independent.ts";
import { type ScalarGates, scalarLstm } from "./_scalar_lstm.ts";

const r = compute();
const { rnnParams, params, xs, CInit } = setup();
const I = [[1, 0], [0, 1]];

// ‖A‖₂ of a 2 × 2 matrix in closed form, a second route to spectralNorm():
// σ²_max = (‖A‖_F² + √(‖A‖_F⁴ − 4 det(A)²)) / 2, after scaling A to unit
// largest entry so that tiny norms do not underflow.
function norm2x2(a: number[][]): number {
  const s = Math.max(...a.flat().map(Math.abs));
  if (s === 0) return 0;
  const [[p, q], [u, v]] = a.map((row) => row.map((x) => x / s));
  const frob2 = p * p + q * q + u * u + v * v;
  const det = p * v - q * u;
  const disc = Math.sqrt(Math.max(0, frob2 * frob2 - 4 * det * det));
  return s * Math.sqrt((frob2 + disc) / 2);
}

function minus(a: number[][], b: number[][]): number[][] {
  return a.map((row, i) => row.map((x, j) => x - b[i][j]));
}

// ∂C_t/∂C_0 for every t = 0 … MAX_DISTANCE by scalar reverse-mode autodiff:
// C_0 becomes two leaves, h_0 = o_0 ⊙ tanh(C_0) is rebuilt from them, and the
// LSTM is written out on Values from step 1 on. Nothing here uses
// scripts/lib/lstm.ts; o_0 comes from the scalar LSTM of the tests.
function autodiffCellJacobians(
  p: LstmParams,
  gates: ScalarGates = {},
): number[][][] {
  const first = scalarLstm(p, xs.slice(0, 1), { CInit, gates })[0];
  const leaves = first.C.map((c) => new Value(c));
  let C: Value[] = leaves;
  let h: Value[] = leaves.map((c, u) => c.tanh().mul(first.o[u]));
  const cells: Value[][] = [C];
  for (let t = 1; t <= MAX_DISTANCE; t++) {
    const x = xs[t];
    const pre = (W: number[][], U: number[][], b: number[] | undefined) =>
      W.map((row, u) =>
        sum([
          ...row.map((w, j) => h[j].mul(w)),
          new Value(U[u].reduce((s, w, j) => s + w * x[j], b ? b[u] : 0)),
        ])
      );
    const gate = (name: "f" | "i" | "o", z: () => Value[]) =>
      gates[name] === undefined
        ? z().map((v) => v.sigmoid())
        : leaves.map(() => new Value(gates[name]!));
    const f = gate("f", () => pre(p.Wf, p.Uf, p.bf));
    const i = gate("i", () => pre(p.Wi, p.Ui, p.bi));
    const o = gate("o", () => pre(p.Wo, p.Uo, p.bo));
    const g = pre(p.Wc, p.Uc, p.bc).map((v) => v.tanh());
    C = C.map((c, u) => f[u].mul(c).add(i[u].mul(g[u])));
    h = C.map((c, u) => o[u].mul(c.tanh()));
    cells.push(C);
  }
  return cells.map((Ct) =>
    Ct.map((c) => {
      for (const leaf of leaves) leaf.grad = 0;
      c.backward();
      return leaves.map((leaf) => leaf.grad);
    })
  );
}

// ∂h_t/∂h_0 of the plain RNN by autodiff, the same way.
function autodiffStateJacobians(): number[][][] {
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  let h0 = [0, 0];
  const z0 = rnnParams.W.map((row, u) =>
    row.reduce((s, w, j) => s + w * h0[j], 0) +
    rnnParams.U[u].reduce((s, w, j) => s + w * xs[0][j], 0)
  );
  h0 = z0.map(logistic);
  const leaves = h0.map((v) => new Value(v));
  let h: Value[] = leaves;
  const states: Value[][] = [h];
  for (let t = 1; t <= MAX_DISTANCE; t++) {
    const prev = h;
    h = rnnParams.W.map((row, u) =>
      sum([
        ...row.map((w, j) => prev[j].mul(w)),
        new Value(rnnParams.U[u].reduce((s, w, j) => s + w * xs[t][j], 0)),
      ]).sigmoid()
    );
    states.push(h);
  }
  return states.map((ht) =>
    ht.map((v) => {
      for (const leaf of leaves) leaf.grad = 0;
      v.backward();
      return leaves.map((leaf) => leaf.grad);
    })
  );
}

// ∂C_t/∂C_0 by central differences on the scalar LSTM: perturb C_0, rebuild
// h_0, rerun. Reliable where the Jacobian is not tiny (its entries must stand
// out from the rounding of C_t, about 10⁻¹⁶ / 10⁻⁵).
function finiteDifferenceCellJacobian(
  p: LstmParams,
  t: number,
  gates: ScalarGates = {},
): number[][] {
  const first = scalarLstm(p, xs.slice(0, 1), { CInit, gates })[0];
  return finiteDifferenceJacobian((C0) => {
    if (t === 0) return C0;
    const h0 = C0.map((c, u) => first.o[u] * Math.tanh(c));
    const rest = scalarLstm(p, xs.slice(1, t + 1), {
      CInit: C0,
      hInit: h0,
      gates,
    });
    return rest[rest.length - 1].C;
  }, first.C);
}

// The direct path ∏_{j=1}^{t} f_j for each unit, from the scalar LSTM.
function forgetProducts(p: LstmParams): number[][] {
  const steps = scalarLstm(p, xs, { CInit });
  const products: number[][] = [[1, 1]];
  for (let t = 1; t <= MAX_DISTANCE; t++) {
    products.push(products[t - 1].map((v, u) => v * steps[t].f[u]));
  }
  return products;
}

const biasParams = { ...params, bf: [FORGET_BIAS, FORGET_BIAS] };
const saturatedParams = {
  ...params,
  bf: [SATURATING_BIAS, SATURATING_BIAS],
  bi: [-SATURATING_BIAS, -SATURATING_BIAS],
};
const reference = {
  random: autodiffCellJacobians(params),
  bias: autodiffCellJacobians(biasParams),
  saturated: autodiffCellJacobians(saturatedParams),
  carousel: autodiffCellJacobians(params, CAROUSEL_GATES),
  rnn: autodiffStateJacobians(),
};

Deno.test("carousel: ∂C_t/∂C_k is exactly the identity, by the product formula, through the whole LSTM, and by autodiff", () => {
  assert(r.carousel.exactlyIdentity);
  assertEquals(r.carousel.highway, I);
  assertEquals(r.carousel.full, I);
  assertEquals(r.carousel.distance, MAX_DISTANCE);
  // Autodiff through every path: the identity bit for bit at every distance.
  reference.carousel.forEach((J, t) => assertEquals(J, I, `t = ${t}`));
  // The cell state never moves.
  assert(r.carousel.cellConstant);
  for (const s of scalarLstm(params, xs, { CInit, gates: CAROUSEL_GATES })) {
    assertEquals(s.C, CInit);
  }
  assertEquals(r.carousel.CInit, CInit);
  assertEquals(r.carousel.CLast, CInit);
});

Deno.test("carousel: finite differences (perturb C_0, rerun) give the identity", () => {
  const fd = finiteDifferenceCellJacobian(params, MAX_DISTANCE, CAROUSEL_GATES);
  assertLess(relativeError(fd, I), 1e-6);
  assertLess(relativeError(r.carousel.finiteDifference, I), 1e-6);
  assertLess(relativeError(r.carousel.finiteDifference, fd), 1e-6);
  assertEquals(
    r.carousel.finiteDifferenceError,
    relativeError(r.carousel.finiteDifference, I),
  );
});

Deno.test("every norm of the chart matches autodiff (≤ 1e-9) and, where not tiny, finite differences (≤ 1e-6)", () => {
  const lines: [string, number[][][] | null, LstmParams | null][] = [
    [MODELS.rnn, reference.rnn, null],
    [MODELS.carousel, reference.carousel, params],
    [MODELS.forgetBias, reference.bias, biasParams],
    [MODELS.random, reference.random, params],
  ];
  assertEquals(r.flow.length, 5 * (MAX_DISTANCE + 1));
  for (const [model, jacobians, p] of lines) {
    const rows = r.flow.filter((row) => row.model === model);
    assertEquals(rows.map((row) => row.distance), [...jacobians!.keys()]);
    for (const row of rows) {
      const J = jacobians![row.distance];
      assertLess(
        relative(row.norm, norm2x2(J)),
        1e-9,
        `${model} at ${row.distance}`,
      );
      if (p && row.norm > 1e-3) {
        const gates = model === MODELS.carousel ? CAROUSEL_GATES : {};
        const fd = finiteDifferenceCellJacobian(p, row.distance, gates);
        assertLess(
          relativeError(J, fd),
          1e-6,
          `${model} FD at ${row.distance}`,
        );
      }
    }
  }
  // The carousel line is exactly 1.
  for (const row of r.flow.filter((row) => row.model === MODELS.carousel)) {
    assertEquals(row.norm, 1);
  }
  // The direct-path line is max_u ∏ f_j.
  const products = forgetProducts(params);
  for (
    const row of r.flow.filter((row) => row.model === MODELS.randomHighway)
  ) {
    assertLess(
      relative(row.norm, Math.max(...products[row.distance])),
      1e-12,
    );
  }
});

Deno.test("plain RNN: ‖∂h_t/∂h_k‖ matches finite differences and stays below (‖W‖/4)^(t−k)", () => {
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  const run = (h0: number[], t: number) => {
    let h = h0;
    for (let j = 1; j <= t; j++) {
      h = rnnParams.W.map((row, u) =>
        logistic(
          row.reduce((s, w, k) => s + w * h[k], 0) +
            rnnParams.U[u].reduce((s, w, k) => s + w * xs[j][k], 0),
        )
      );
    }
    return h;
  };
  // h_0 = σ(U x_0), from h_{−1} = 0.
  const first = rnnParams.W.map((_, u) =>
    logistic(rnnParams.U[u].reduce((s, w, k) => s + w * xs[0][k], 0))
  );
  for (const { distance, norm } of r.rnn.rows) {
    assertLess(relative(norm, norm2x2(reference.rnn[distance])), 1e-9);
    if (norm > 1e-3) {
      const fd = finiteDifferenceJacobian((h) => run(h, distance), first);
      assertLess(relativeError(reference.rnn[distance], fd), 1e-6);
    }
    assert(norm <= (r.rnn.weightNorm / 4) ** distance * (1 + 1e-12));
  }
  assertLess(relative(r.rnn.weightNorm, norm2x2(rnnParams.W)), 1e-12);
  const half = MAX_DISTANCE / 2;
  const decay = (norm2x2(reference.rnn[MAX_DISTANCE]) /
    norm2x2(reference.rnn[half])) ** (1 / half);
  assertLess(relative(r.rnn.decayPerStep, decay), 1e-9);
});

Deno.test("random gates and forget bias +3: full vs direct path, matrices and rates by autodiff", () => {
  for (
    const [part, jacobians, p] of [
      [r.randomGates, reference.random, params],
      [r.forgetBias, reference.bias, biasParams],
    ] as const
  ) {
    const products = forgetProducts(p);
    assertEquals(part.rows.map((row) => row.distance), TABLE_DISTANCES);
    for (const row of part.rows) {
      const J = jacobians[row.distance];
      const H = [[products[row.distance][0], 0], [
        0,
        products[row.distance][1],
      ]];
      assertLess(relative(row.full, norm2x2(J)), 1e-9);
      assertLess(relative(row.highway, norm2x2(H)), 1e-12);
      const worst = Math.max(...minus(H, J).flat().map(Math.abs));
      const largest = Math.max(...J.flat().map(Math.abs));
      assertLess(relative(row.highwayError, worst / largest), 1e-9);
    }
    const forgets = scalarLstm(p, xs, { CInit }).flatMap((s) => s.f);
    assertLess(
      relative(
        part.meanForget,
        forgets.reduce((a, b) => a + b, 0) / forgets.length,
      ),
      1e-12,
    );
    const half = MAX_DISTANCE / 2;
    assertLess(
      relative(
        part.decayPerStep,
        (norm2x2(jacobians[MAX_DISTANCE]) / norm2x2(jacobians[half])) **
          (1 / half),
      ),
      1e-9,
    );
  }
  // ∂C_1/∂C_0 against autodiff and finite differences; diag(f_1) against the scalar LSTM.
  assertLess(relativeError(r.randomGates.fullAtOne, reference.random[1]), 1e-9);
  assertLess(
    relativeError(
      r.randomGates.fullAtOne,
      finiteDifferenceCellJacobian(params, 1),
    ),
    1e-6,
  );
  const f1 = scalarLstm(params, xs.slice(0, 2), { CInit })[1].f;
  assertLess(
    relativeError(r.randomGates.highwayAtOne, [[f1[0], 0], [0, f1[1]]]),
    1e-14,
  );
  const products = forgetProducts(params);
  const half = MAX_DISTANCE / 2;
  assertLess(
    relative(
      r.randomGates.highwayDecayPerStep,
      (Math.max(...products[MAX_DISTANCE]) / Math.max(...products[half])) **
        (1 / half),
    ),
    1e-12,
  );
});

Deno.test("what the page claims about free gates: the neglected paths matter, and the full norm can exceed 1", () => {
  // The full Jacobian is not the direct path: off-diagonal entries appear at once.
  assert(
    r.randomGates.fullAtOne[0][1] !== 0 && r.randomGates.fullAtOne[1][0] !== 0,
  );
  assert(r.randomGates.rows.every((row) => row.highwayError > 0.1));
  // At long range the other paths dominate: the full norm is far above ∏ f.
  const last = r.randomGates.rows.at(-1)!;
  assert(last.full > 1e3 * last.highway);
  assert(r.randomGates.decayPerStep > r.randomGates.highwayDecayPerStep);
  // The direct path never exceeds 1, the full Jacobian with bias +3 does.
  const norms = reference.bias.map(norm2x2);
  const peak = Math.max(...norms);
  assertEquals(r.forgetBias.peak.distance, norms.indexOf(peak));
  assertLess(relative(r.forgetBias.peak.norm, peak), 1e-9);
  assert(peak > 1);
  for (const row of r.forgetBias.rows) assert(row.highway < 1);
  // Every LSTM here keeps its gradient far better than the plain RNN.
  assert(r.forgetBias.decayPerStep > r.randomGates.decayPerStep);
  assert(r.randomGates.decayPerStep > r.rnn.decayPerStep);
});

Deno.test("saturated gates (b_f = +20, b_i = −20): ∂C_t/∂C_k = I up to about 1e-6 over 100 steps", () => {
  const steps = scalarLstm(saturatedParams, xs, { CInit });
  // 1 − σ(z) = σ(−z), computed without cancellation.
  const gaps = steps.map((s) => s.z.f.map((z) => 1 / (1 + Math.exp(z))));
  assertLess(
    relative(r.saturated.maxForgetGap, Math.max(...gaps.flat())),
    1e-6,
  );
  assertLess(
    relative(r.saturated.maxInput, Math.max(...steps.flatMap((s) => s.i))),
    1e-12,
  );
  assertEquals(
    [r.saturated.forgetBias, r.saturated.inputBias],
    [SATURATING_BIAS, -SATURATING_BIAS],
  );
  assertEquals(r.saturated.rows.map((row) => row.distance), TABLE_DISTANCES);
  for (const row of r.saturated.rows) {
    const J = reference.saturated[row.distance];
    // 1 − ∏(1 − gap) = −expm1(Σ log1p(−gap)), accurate for tiny gaps.
    const highwayDeviation = Math.max(
      ...[0, 1].map((u) => {
        let logProduct = 0;
        for (let j = 1; j <= row.distance; j++) {
          logProduct += Math.log1p(-gaps[j][u]);
        }
        return -Math.expm1(logProduct);
      }),
    );
    const H = [0, 1].map((u) =>
      [0, 1].map((v) => {
        if (u !== v) return 0;
        let product = 1;
        for (let j = 1; j <= row.distance; j++) product *= steps[j].f[u];
        return product;
      })
    );
    // The deviations are differences of numbers close to 1: rounding limits
    // their relative accuracy to about 10⁻¹⁶ / 10⁻⁹.
    assertLess(relative(row.fullDeviation, norm2x2(minus(J, I))), 1e-5);
    assertLess(relative(row.highwayDeviation, highwayDeviation), 1e-5);
    assertLess(relative(row.otherPaths, norm2x2(minus(J, H))), 1e-5);
    // The claims of the page.
    assertLess(row.fullDeviation, 1e-6);
    assert(row.highwayDeviation <= row.distance * r.saturated.maxForgetGap);
    assert(row.fullDeviation <= row.distance * r.saturated.maxForgetGap);
  }
});

// ∂C_i/∂C_{i−1} by central differences on the scalar LSTM, one step at a
// time: perturb C_{i−1}, rebuild h_{i−1} = o_{i−1} ⊙ tanh(C_{i−1}) with
// o_{i−1} as it was, run step i. The product of these is the chain rule
// through C alone, formula (3) multiplied by (2).
function finiteDifferenceStepProduct(p: LstmParams, t: number): number[][] {
  const steps = scalarLstm(p, xs.slice(0, t + 1), { CInit });
  let product = I;
  for (let i = 1; i <= t; i++) {
    const prev = steps[i - 1];
    const step = finiteDifferenceJacobian((C) => {
      const h = C.map((c, u) => prev.o[u] * Math.tanh(c));
      return scalarLstm(p, [xs[i]], { CInit: C, hInit: h })[0].C;
    }, prev.C);
    product = step.map((row) =>
      product[0].map((_, b) =>
        row.reduce((sum, v, a) => sum + v * product[a][b], 0)
      )
    );
  }
  return product;
}

Deno.test("free gates: the joint (C, h) recursion matches finite differences; the product of one-step Jacobians does not", () => {
  assertEquals(r.chain.rows.map((row) => row.distance), CHAIN_DISTANCES);
  for (const row of r.chain.rows) {
    const exact = finiteDifferenceCellJacobian(params, row.distance);
    const product = finiteDifferenceStepProduct(params, row.distance);
    // The page's exact Jacobian is the one finite differences see.
    assertLess(relative(row.full, norm2x2(exact)), 1e-6);
    assertLess(row.fullVsFiniteDifference, 1e-6);
    // The page's product is the product of finite-difference one-step Jacobians.
    assertLess(relative(row.stepProduct, norm2x2(product)), 1e-6);
    // Its error, recomputed from the two finite-difference matrices.
    const worst = Math.max(...minus(product, exact).flat().map(Math.abs));
    const largest = Math.max(...exact.flat().map(Math.abs));
    assertLess(
      Math.abs(row.stepProductVsFiniteDifference - worst / largest),
      1e-5,
    );
    assertLess(Math.abs(row.stepProductError - worst / largest), 1e-5);
    const normGap = Math.abs(norm2x2(product) - norm2x2(exact)) /
      norm2x2(exact);
    assertLess(Math.abs(row.stepProductNormError - normGap), 1e-5);
  }
  // The old statement, "the full Jacobian is the product of (3)", fails from
  // two steps on: by 0.5% at t − k = 2, growing to over 20% at t − k = 10.
  const [one, two, , ten] = r.chain.rows;
  assertLess(one.stepProductError, 1e-12);
  assert(two.stepProductError > 1e-3);
  assert(ten.stepProductError > 0.2);
  assert(ten.stepProductNormError > 0.05);
});

Deno.test("W_f = W_i = W_c = 0: the direct path ∏ diag(f_j) is the whole Jacobian", () => {
  const zero = [[0, 0], [0, 0]];
  const blind = { ...params, Wf: zero, Wi: zero, Wc: zero };
  const fd = finiteDifferenceCellJacobian(blind, r.blindGates.distance);
  const steps = scalarLstm(blind, xs, { CInit });
  const H = [0, 1].map((u) =>
    [0, 1].map((v) => {
      if (u !== v) return 0;
      let product = 1;
      for (let j = 1; j <= r.blindGates.distance; j++) product *= steps[j].f[u];
      return product;
    })
  );
  assertLess(relativeError(H, fd), 1e-6);
  assertLess(r.blindGates.highwayError, 1e-14);
  assertLess(r.blindGates.highwayVsFiniteDifference, 1e-6);
  // With the original weights the same comparison fails by far.
  assert(r.randomGates.rows[3].highwayError > 0.5);
});

// C_1 as a function of C_0 when the perturbed C_0 reaches C_1 along one path
// only: through f_1 ⊙ C_0 ("direct"), or through h_0 = o_0 ⊙ tanh(C_0) into
// one block of step 1, every other input seeing the unperturbed C_0. Written
// from the equations with plain loops; nothing from scripts/lib/lstm.ts.
function cellAlongOnePath(
  p: LstmParams,
  path: "direct" | "f" | "i" | "c",
  gates: ScalarGates,
): (C0: number[]) => number[] {
  const [first, second] = scalarLstm(p, xs.slice(0, 2), { CInit, gates });
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  return (C0) => {
    const h0 = C0.map((c, u) => first.o[u] * Math.tanh(c));
    const pre = (W: number[][], U: number[][], u: number) =>
      W[u].reduce((s, w, j) => s + w * h0[j], 0) +
      U[u].reduce((s, w, j) => s + w * xs[1][j], 0);
    return C0.map((c, u) => {
      const f = path === "f" && gates.f === undefined
        ? logistic(pre(p.Wf, p.Uf, u))
        : second.f[u];
      const i = path === "i" && gates.i === undefined
        ? logistic(pre(p.Wi, p.Ui, u))
        : second.i[u];
      const g = path === "c" ? Math.tanh(pre(p.Wc, p.Uc, u)) : second.g[u];
      const previous = path === "direct" ? c : first.C[u];
      return f * previous + i * g;
    });
  };
}

Deno.test("the four paths of ∂C_1/∂C_0: each matches finite differences along that path alone, and they add up to the whole", () => {
  const C0 = scalarLstm(params, xs.slice(0, 1), { CInit })[0].C;
  for (
    const [name, part, gates] of [
      ["random", r.stepPaths.random, {}],
      ["carousel", r.stepPaths.carousel, CAROUSEL_GATES],
    ] as const
  ) {
    assertEquals(part.map((p) => p.path), ["direct", "f", "i", "c"]);
    const C0here = name === "carousel" ? CInit : C0;
    for (const { path, term, norm } of part) {
      const fd = finiteDifferenceJacobian(
        cellAlongOnePath(params, path, gates),
        C0here,
      );
      const scale = Math.max(...fd.flat().map(Math.abs));
      const gap = Math.max(
        ...term.flat().map((v, k) => Math.abs(v - fd.flat()[k])),
      );
      assertLess(gap, 1e-8 * Math.max(1, scale), `${name} ${path}`);
      assertLess(Math.abs(norm - norm2x2(term)), 1e-12, `${name} ${path}`);
    }
    const total = part.reduce(
      (sum, { term }) => sum.map((row, i) => row.map((v, j) => v + term[i][j])),
      [[0, 0], [0, 0]],
    );
    const whole = name === "carousel"
      ? reference.carousel[1]
      : reference.random[1];
    assertLess(relativeError(total, whole), 1e-12, name);
  }
  // The carousel: the direct path is the identity, the paths through h are 0.
  assertEquals(r.stepPaths.carousel.map((p) => p.norm), [1, 0, 0, 0]);
  assertEquals(r.carousel.gates, CAROUSEL_GATES);
});
