import { assert, assertEquals, assertLess } from "@std/assert";
import temml from "temml";
import { sum } from "../../scripts/lib/autodiff.ts";
import { compute, expansionTerms } from "../../scripts/exercises/rnn-2a.ts";
import { chart } from "../../scripts/charts/rnn-2a-terms.ts";
import { relative, rnnStates, sigmoid } from "../_independent.ts";
import { referenceRnn, untiedRnn } from "../_reference.ts";

const r = compute();

const frobenius = (m: number[][]) => Math.hypot(...m.flat());

// A plain forward pass, written out in the tests: pre-activations and states.
const plain = rnnStates({ W: r.W, U: r.U, hInit: r.hInit, f: sigmoid }, r.xs);
const slope = (j: number) =>
  plain.zs[j].map((z) => sigmoid(z) * (1 - sigmoid(z)));

/**
 * `∂(c · h_k)/∂W_k` for a constant row vector `c`, where `W_k` is the copy of
 * `W` used at step `k` only (an "untied" RNN on autodiff scalars). With
 * `c = ∂L_t/∂h_t · ∂h_t/∂h_k` this is the term (t, k).
 */
function directContraction(c: number[], k: number): number[][] {
  const { copies, states } = untiedRnn(r.W, r.U, r.hInit, r.xs, k + 1);
  sum(states[k].map((hi, i) => hi.mul(c[i]))).backward();
  return copies[k].map((row) => row.map((w) => w.grad));
}

/** `c ↦ c diag(s) W` for a row vector `c`. */
function rowTimesJacobian(c: number[], s: number[]): number[] {
  return r.W[0].map((_, j) =>
    c.reduce((acc, ci, i) => acc + ci * s[i] * r.W[i][j], 0)
  );
}

const lossGradient = (t: number) =>
  plain.hs[t].map((h, i) => h - r.targets[t][i]);

Deno.test("rnn-2a: ten terms (t, k), 0 ≤ k ≤ t ≤ 3, with distance t − k", () => {
  assertEquals(r.T, 3);
  assertEquals(r.terms.length, 10);
  let i = 0;
  for (let t = 0; t <= 3; t++) {
    for (let k = 0; k <= t; k++, i++) {
      assertEquals([r.terms[i].t, r.terms[i].k, r.terms[i].distance], [
        t,
        k,
        t - k,
      ]);
    }
  }
});

Deno.test("rnn-2a: the slopes differ from step to step", () => {
  plain.zs.forEach((_, j) =>
    assertLess(relative([r.slopes[j]], [slope(j)]), 1e-14)
  );
  const all = r.slopes.flat();
  assert(Math.max(...all) - Math.min(...all) > 0.05);
});

Deno.test("rnn-2a: each exact term equals ∂L_t/∂h_t ∂h_t/∂h_k times ∂⁺h_k/∂W of an untied autodiff RNN", () => {
  for (const term of r.terms) {
    let c = lossGradient(term.t);
    for (let j = term.t; j > term.k; j--) c = rowTimesJacobian(c, slope(j));
    const expected = directContraction(c, term.k);
    assertLess(
      relative(term.value, expected),
      1e-12,
      `term (${term.t}, ${term.k})`,
    );
    assertLess(Math.abs(term.norm - frobenius(expected)), 1e-12 * term.norm);
  }
});

Deno.test("rnn-2a: each powers-form term uses (diag(σ'(z_t)) W)^(t−k)", () => {
  for (const term of r.terms) {
    let c = lossGradient(term.t);
    for (let p = 0; p < term.distance; p++) {
      c = rowTimesJacobian(c, slope(term.t));
    }
    const expected = directContraction(c, term.k);
    assertLess(relative(term.powersValue, expected), 1e-12);
    assertLess(
      Math.abs(term.powersNorm - frobenius(expected)),
      1e-12 * term.powersNorm,
    );
    const difference = term.value.map((row, i) =>
      row.map((v, j) => expected[i][j] - v)
    );
    // The notes' relative error, written out: largest difference over the
    // exact term's largest entry.
    const largest = Math.max(...term.value.flat().map(Math.abs));
    const worst = Math.max(...difference.flat().map(Math.abs));
    assertLess(Math.abs(term.powersRelativeError - worst / largest), 1e-9);
  }
});

Deno.test("rnn-2a: the powers form is exact for t − k ≤ 1 and not beyond", () => {
  for (const term of r.terms) {
    if (term.distance <= 1) assertEquals(term.powersRelativeError, 0);
    else {assert(
        term.powersRelativeError > 0.05,
        `term (${term.t}, ${term.k})`,
      );}
  }
  assertEquals(
    r.maxPowersRelativeError,
    Math.max(...r.terms.map((term) => term.powersRelativeError)),
  );
});

Deno.test("rnn-2a: the exact terms sum to the gradient (autodiff and finite differences); the powers form does not", () => {
  const loss = { type: "mse" as const, targets: r.targets };
  const reference = referenceRnn(
    { W: r.W, U: r.U, hInit: r.hInit },
    r.xs,
    loss,
  );
  const gradient = reference.grads.W as number[][];
  const total = (pick: (term: typeof r.terms[number]) => number[][]) =>
    r.terms.reduce(
      (s, term) => s.map((row, i) => row.map((v, j) => v + pick(term)[i][j])),
      r.W.map((row) => row.map(() => 0)),
    );
  assertLess(relative(total((term) => term.value), gradient), 1e-9);
  assertLess(relative(r.termSum, gradient), 1e-9);
  assertLess(relative(r.bpttGradient, gradient), 1e-9);
  assertLess(r.termSumVsBptt, 1e-14);
  // Finite differences of the reference loss, entry by entry.
  const h = 1e-6;
  const fd = r.W.map((row, i) =>
    row.map((_, j) => {
      const at = (by: number) =>
        referenceRnn(
          {
            W: r.W.map((rw, a) =>
              rw.map((w, b) => (a === i && b === j ? w + by : w))
            ),
            U: r.U,
            hInit: r.hInit,
          },
          r.xs,
          loss,
        ).loss;
      return (at(h) - at(-h)) / (2 * h);
    })
  );
  assertLess(relative(r.termSum, fd), 1e-6);
  // The powers form misses the gradient by a visible amount.
  const powers = total((term) => term.powersValue);
  assertLess(relative(r.powersSum, powers), 1e-14);
  assertLess(
    Math.abs(r.powersSumRelativeError - relative(powers, gradient)),
    1e-9,
  );
  assert(r.powersSumRelativeError > 1e-3);
  // Smaller than the worst single term: the far terms are the small ones.
  assert(r.powersSumRelativeError < r.maxPowersRelativeError);
});

Deno.test("rnn-2a: the LaTeX of each term is generated from its factors", () => {
  const term20 = r.terms.find((term) => term.t === 2 && term.k === 0)!;
  assertEquals(
    term20.latex,
    "\\frac{\\partial L_{2}}{\\partial h_{2}}\\,\\mathrm{diag}(\\sigma'(z_{2}))W\\," +
      "\\mathrm{diag}(\\sigma'(z_{1}))W\\,\\frac{\\partial^+ h_{0}}{\\partial W}",
  );
  assertEquals(
    term20.powersLatex,
    "\\frac{\\partial L_{2}}{\\partial h_{2}}\\,\\bigl(\\mathrm{diag}(\\sigma'(z_{2}))W\\bigr)^{2}\\," +
      "\\frac{\\partial^+ h_{0}}{\\partial W}",
  );
  const list = expansionTerms(3);
  r.terms.forEach((term, i) => {
    // One diag(σ') W per step back in the exact form, as many as the term list has.
    assertEquals(term.latex.split("\\mathrm{diag}").length - 1, term.distance);
    assertEquals(
      list[i].exact.filter((f) => f.kind === "step").length,
      term.distance,
    );
    assert(
      term.latex.includes(`L_{${term.t}}`) &&
        term.latex.includes(`h_{${term.k}}}{\\partial W}`),
    );
  });
  assertEquals(r.expansionLatex.split("\\\\").length, 10);
  // The powers form differs exactly where a term has two different
  // slopes, t − k ≥ 2 (its value too: rounding aside, it is the same
  // product where t − k ≤ 1).
  const differing = r.terms.filter((term) => term.distance >= 2);
  assertEquals(r.powersDifferingLatex.split("\\\\").length, differing.length);
  for (const term of r.terms) {
    assertEquals(
      r.powersDifferingLatex.includes(`(t, k) = (${term.t}, ${term.k})`),
      term.distance >= 2,
    );
    if (term.distance < 2) assert(term.powersRelativeError < 1e-12);
  }
});

// Temml, which typesets the site's formulas (scripts/site/plugins/math.ts).
Deno.test("rnn-2a: the generated LaTeX typesets with Temml", () => {
  for (const tex of [r.expansionLatex, r.powersDifferingLatex]) {
    temml.renderToString(tex, { displayMode: true, throwOnError: true });
  }
  for (const term of r.terms) {
    temml.renderToString(term.latex, { throwOnError: true });
    temml.renderToString(term.powersLatex, { throwOnError: true });
  }
});

Deno.test("rnn-2a: chart rows are the term norms, and each loss's terms shrink with distance", () => {
  const rows = chart.data(r);
  assertEquals(rows.length, 10);
  rows.forEach((row, i) => {
    assertEquals(row.norm, r.terms[i].norm);
    assertEquals(row.distance, r.terms[i].distance);
    assertEquals(row.loss, `L_${r.terms[i].t}`);
  });
  for (let t = 1; t <= 3; t++) {
    const norms = r.terms.filter((term) => term.t === t)
      .sort((a, b) => a.distance - b.distance)
      .map((term) => term.norm);
    for (let d = 1; d < norms.length; d++) assert(norms[d] < norms[d - 1]);
  }
});

/** The spectral norm of a 2 × 2 matrix, in closed form: √(largest eigenvalue of AᵀA). */
function spectralNorm2x2([[a, b], [c, d]]: number[][]): number {
  const p = a * a + c * c, q = a * b + c * d, s = b * b + d * d;
  return Math.sqrt((p + s) / 2 + Math.hypot((p - s) / 2, q));
}

Deno.test("rnn-2a: ‖∂h_t/∂h_k‖₂ is the norm of the exact product and stays below (‖W‖₂/4)^(t−k)", () => {
  assertLess(Math.abs(r.spectralNormW - spectralNorm2x2(r.W)), 1e-14);
  for (const term of r.terms) {
    // ∂h_t/∂h_k built column by column from e_i ↦ diag(s_j) W e_i, later steps on the left.
    let product: number[][] = r.W.map((_, i) =>
      r.W.map((_, j) => (i === j ? 1 : 0))
    );
    for (let j = term.k + 1; j <= term.t; j++) {
      const s = slope(j);
      product = r.W.map((row, i) =>
        product[0].map((_, col) =>
          row.reduce((acc, w, m) => acc + s[i] * w * product[m][col], 0)
        )
      );
    }
    assertLess(Math.abs(term.jacobianNorm - spectralNorm2x2(product)), 1e-14);
    assertLess(
      Math.abs(
        term.jacobianBound - (spectralNorm2x2(r.W) / 4) ** term.distance,
      ),
      1e-14,
    );
    assert(term.jacobianNorm <= term.jacobianBound + 1e-15);
  }
});
