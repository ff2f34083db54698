/**
 * Tests of the BPTT terms explorer: every term of the double sum against the
 * scalar autodiff of an "untied" RNN (one copy of `W` a step, so that the
 * gradient of `L_t` with respect to the copy of step `k` is term `(t, k)`),
 * and their sum against the reference autodiff gradient of the whole loss.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import {
  bpttTermsExplorer,
  type BpttTermsSettings,
  DEFAULTS,
  problem,
} from "../../scripts/explorers/bptt-terms.ts";
import { type Matrix, plus, powerNorm, relative } from "../_independent.ts";
import { referenceRnn } from "../_reference.ts";

/**
 * The terms `(t, k)`, `k ≤ t`, of one loss `L_t = ½‖h_t − target_t‖²` by
 * autodiff: step `j` of an untied RNN uses its own copy `W_j`, and the
 * gradient of `L_t` with respect to `W_k` is the term.
 */
function termsOfLoss(
  settings: BpttTermsSettings,
  t: number,
): Matrix[] {
  const { params, xs, loss, hInit } = problem(settings);
  const targets = (loss as { targets: number[][] }).targets;
  const copies = xs.map(() =>
    params.W.map((row) => row.map((w) => new Value(w)))
  );
  let h = hInit.map((v) => new Value(v));
  for (let j = 0; j <= t; j++) {
    h = copies[j].map((row, i) => {
      const z = sum([
        ...row.map((w, m) => w.mul(h[m])),
        ...params.U[i].map((u, m) => new Value(u * xs[j][m])),
      ]);
      return settings.activation === "sigmoid" ? z.sigmoid() : z.tanh();
    });
  }
  const Lt = sum(
    h.map((v, i) => v.sub(targets[t][i]).mul(v.sub(targets[t][i]))),
  )
    .mul(0.5);
  Lt.backward();
  return copies.slice(0, t + 1).map((copy) =>
    copy.map((row) => row.map((w) => w.grad))
  );
}

const frobenius = (m: Matrix) => Math.hypot(...m.flat());

const CASES: Partial<BpttTermsSettings>[] = [
  {},
  { T: 3 },
  { activation: "tanh", wNorm: 1.3, seed: 99 },
  { wNorm: 6, T: 7 },
];

Deno.test("bpttTermsExplorer() draws the norm of every term, each checked by autodiff of an untied RNN", () => {
  for (const change of CASES) {
    const settings = { ...DEFAULTS, ...change } as BpttTermsSettings;
    const results = bpttTermsExplorer(settings);
    const { T } = settings;
    assertEquals(results.termCount, ((T + 1) * (T + 2)) / 2);
    assertEquals(results.rows.length, results.termCount);
    let total: Matrix = [[0, 0], [0, 0]];
    for (let t = 0; t <= T; t++) {
      const terms = termsOfLoss(settings, t);
      terms.forEach((term, k) => {
        total = plus(total, term);
        const row = results.rows.find((r) => r.t === t && r.k === k)!;
        assertEquals(row.distance, t - k);
        assertLess(
          relative(row.norm, frobenius(term)),
          1e-12,
          `${JSON.stringify(change)}: term (${t}, ${k})`,
        );
      });
    }
    // The terms add up to the gradient of the whole loss (reference autodiff).
    const { params, xs, loss, hInit } = problem(settings);
    const reference = referenceRnn(
      { W: params.W, U: params.U, hInit },
      xs,
      loss,
      settings.activation,
    ).grads.W as Matrix;
    assertLess(relative(total, reference), 1e-12);
    assertLess(relative(results.gradientNorm, frobenius(reference)), 1e-12);
    assertLess(results.sumVsBptt, 1e-12);
    // ‖W‖₂ is the size asked for (power iteration).
    assertLess(relative(powerNorm(params.W), settings.wNorm), 1e-9);
  }
});

Deno.test("the summary numbers are the rows' own: largest, farthest, means, factor per step", () => {
  for (const change of CASES) {
    const settings = { ...DEFAULTS, ...change } as BpttTermsSettings;
    const results = bpttTermsExplorer(settings);
    const norms = results.rows.map((row) => row.norm);
    assertEquals(results.largest.norm, Math.max(...norms));
    assertEquals([results.farthest.t, results.farthest.k], [settings.T, 0]);
    const diagonal = results.rows.filter((row) => row.t === row.k);
    assertEquals(diagonal.length, settings.T + 1);
    assertLess(
      relative(
        results.meanNear,
        diagonal.reduce((s, row) => s + row.norm, 0) / diagonal.length,
      ),
      1e-15,
    );
    assertLess(
      relative(
        results.perStep ** settings.T,
        results.farthest.norm / results.meanNear,
      ),
      1e-12,
    );
  }
});

Deno.test("the default shows distant terms orders of magnitude below the near ones", () => {
  const results = bpttTermsExplorer(DEFAULTS);
  assertEquals(results.T, 10);
  assert(results.farthest.norm < results.meanNear / 1000);
  // A smaller T keeps the first steps: its terms are the first rows.
  const short = bpttTermsExplorer({ ...DEFAULTS, T: 4 });
  for (const row of short.rows.filter((r) => r.t <= 4)) {
    const same = results.rows.find((r) => r.t === row.t && r.k === row.k)!;
    assertEquals(same.norm, row.norm);
  }
});
