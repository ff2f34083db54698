import { assert, assertEquals, assertLess } from "@std/assert";
import {
  compute,
  COUNTEREXAMPLE_MARGIN,
  COUNTEREXAMPLE_SEED,
  DRAWS,
  QUANTITIES,
  type Quantity,
  sampleDraw,
  SEQUENCE_LENGTH,
} from "../../scripts/exercises/rnn-3b.ts";
import { randomLstmParams } from "../../scripts/lib/lstm.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import { relative } from "../_independent.ts";
import { scalarLstm } from "./_scalar_lstm.ts";

const r = compute();

// The second computation: the same draws (the sampler defines the experiment)
// run through the scalar LSTM of the tests, with all statistics recounted here.
const recount = (() => {
  const values: Record<Quantity, number[]> = {
    f: [],
    i: [],
    o: [],
    candidate: [],
    C: [],
    h: [],
  };
  let maxGatePre = 0, maxCandidatePre = 0, maxGrowth = -Infinity;
  let maxRatio = 0, largest = { draw: -1, t: -1, unit: -1, C: 0 };
  let hVsC = 0, hVsCandidate = 0, hVsCandidateAtStart = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    const { params: p, xs } = sampleDraw(draw);
    const steps = scalarLstm(p, xs);
    steps.forEach((s, t) => {
      s.f.forEach((_, u) => {
        const CPrev = t > 0 ? steps[t - 1].C[u] : 0;
        values.f.push(s.f[u]);
        values.i.push(s.i[u]);
        values.o.push(s.o[u]);
        values.candidate.push(s.g[u]);
        values.C.push(s.C[u]);
        values.h.push(s.h[u]);
        for (const z of [s.z.f[u], s.z.i[u], s.z.o[u]]) {
          maxGatePre = Math.max(maxGatePre, Math.abs(z));
        }
        maxCandidatePre = Math.max(maxCandidatePre, Math.abs(s.z.c[u]));
        maxGrowth = Math.max(maxGrowth, Math.abs(s.C[u]) - Math.abs(CPrev));
        maxRatio = Math.max(maxRatio, Math.abs(s.C[u]) / (t + 1));
        if (Math.abs(s.C[u]) > Math.abs(largest.C)) {
          largest = { draw, t, unit: u, C: s.C[u] };
        }
        if (s.h[u] * s.C[u] <= 0) hVsC++;
        if (s.h[u] * s.g[u] <= 0) {
          hVsCandidate++;
          if (t === 0) hVsCandidateAtStart++;
        }
      });
    });
  }
  return {
    values,
    maxGatePre,
    maxCandidatePre,
    maxGrowth,
    maxRatio,
    largest,
    hVsC,
    hVsCandidate,
    hVsCandidateAtStart,
  };
})();

Deno.test("the ranges match a recount with the scalar LSTM of the tests", () => {
  assertEquals(r.valuesPerQuantity, recount.values.f.length);
  // Draw k has 1 + (k mod 3) units and SEQUENCE_LENGTH steps.
  let units = 0;
  for (let k = 0; k < DRAWS; k++) units += 1 + (k % 3);
  assertEquals(r.valuesPerQuantity, units * SEQUENCE_LENGTH);
  assertEquals(r.ranges.map((q) => q.quantity), [...QUANTITIES]);
  for (const q of r.ranges) {
    const list = recount.values[q.quantity];
    assertLess(relative(q.min, Math.min(...list)), 1e-12, `${q.quantity} min`);
    assertLess(relative(q.max, Math.max(...list)), 1e-12, `${q.quantity} max`);
    assertEquals(
      q.negativeShare,
      list.filter((v) => v < 0).length / list.length,
      `${q.quantity} negative share`,
    );
    assertEquals(q.gapAboveLower, q.min - q.lowerBound);
    assertEquals(q.gapBelowUpper, q.upperBound - q.max);
  }
  const gates = [
    ...recount.values.f,
    ...recount.values.i,
    ...recount.values.o,
  ];
  assertLess(relative(r.gateMin, Math.min(...gates)), 1e-12);
  assertLess(relative(r.gateGapToOne, 1 - Math.max(...gates)), 1e-3);
  assertLess(
    relative(
      r.candidateGapToOne,
      1 - Math.max(...recount.values.candidate.map(Math.abs)),
    ),
    1e-3,
  );
  assertLess(relative(r.maxAbsGatePreactivation, recount.maxGatePre), 1e-12);
  assertLess(
    relative(r.maxAbsCandidatePreactivation, recount.maxCandidatePre),
    1e-12,
  );
});

Deno.test("f, i, o are always positive and below 1; C̃ and h lie in (−1, 1)", () => {
  const byName = Object.fromEntries(r.ranges.map((q) => [q.quantity, q]));
  for (const gate of ["f", "i", "o"]) {
    assert(byName[gate].min > 0 && byName[gate].max < 1, gate);
    assertEquals(byName[gate].negativeShare, 0);
    assert(byName[gate].alwaysPositive);
    assertEquals([byName[gate].lowerBound, byName[gate].upperBound], [0, 1]);
  }
  for (const q of ["candidate", "h"]) {
    assert(byName[q].min > -1 && byName[q].max < 1, q);
    assert(byName[q].min < 0, `${q} takes negative values`);
    assertEquals([byName[q].lowerBound, byName[q].upperBound], [-1, 1]);
    assert(!byName[q].alwaysPositive);
  }
  // Every computed value is strictly inside: the sample never reached the
  // pre-activations at which floating point rounds σ or tanh to 1.
  assert(r.gateMin > 0 && r.gateGapToOne > 0 && r.candidateGapToOne > 0);
  assertLess(r.maxAbsGatePreactivation, r.sigmoidRoundsToOneFrom);
  assertLess(r.maxAbsCandidatePreactivation, r.tanhRoundsToOneFrom);
});

Deno.test("the floating-point thresholds match their closed forms", () => {
  // 1/(1 + e^{−z}) rounds to 1 once e^{−z} ≤ 2^{−53} (half an ulp of 1, ties
  // to even); tanh z = 1 − 2e^{−2z} + … rounds to 1 once 2e^{−2z} < 2^{−54}.
  assertLess(relative(r.sigmoidRoundsToOneFrom, 53 * Math.LN2), 1e-9);
  assertLess(relative(r.tanhRoundsToOneFrom, 27.5 * Math.LN2), 1e-3);
  assertEquals(Math.tanh(r.tanhRoundsToOneFrom), 1);
  assert(Math.tanh(r.tanhRoundsToOneFrom * (1 - 1e-12)) < 1);
});

Deno.test("C can be negative and exceed 1, but |C_t| < |C_{t−1}| + 1 ≤ t + 1", () => {
  const C = r.ranges.find((q) => q.quantity === "C")!;
  assert(C.min < -1 && C.max > 1);
  assertEquals([C.lowerBound, C.upperBound], [
    -SEQUENCE_LENGTH,
    SEQUENCE_LENGTH,
  ]);
  assert(C.min > C.lowerBound && C.max < C.upperBound);
  assertEquals(
    r.cellAboveOneShare,
    recount.values.C.filter((c) => Math.abs(c) > 1).length /
      r.valuesPerQuantity,
  );
  assert(r.cellAboveOneShare > 0.05);
  assertLess(relative(r.cellAboveOnePercent, 100 * r.cellAboveOneShare), 1e-15);
  assertLess(relative(r.maxStepGrowth, recount.maxGrowth), 1e-12);
  assertLess(r.maxStepGrowth, 1);
  assertLess(relative(r.maxBoundRatio, recount.maxRatio), 1e-12);
  assertLess(r.maxBoundRatio, 1);
  const { draw, t, unit, C: value } = recount.largest;
  assertEquals(
    [r.largestCell.draw, r.largestCell.t, r.largestCell.unit],
    [draw, t, unit],
  );
  assertLess(relative(r.largestCell.C, value), 1e-12);
  assertEquals(Math.abs(r.largestCell.C), Math.max(-C.min, C.max));
  const { units, scale } = sampleDraw(draw);
  assertEquals([r.largestCell.units, r.largestCell.scale], [units, scale]);
});

Deno.test("the accumulator follows the closed form C_t = i C̃ (1 − f^{t+1}) / (1 − f), just below t + 1", () => {
  const b = r.accumulator.bias;
  const f = 1 / (1 + Math.exp(-b)), candidate = Math.tanh(b);
  assertLess(relative(r.accumulator.f, f), 1e-15);
  assertLess(relative(r.accumulator.candidate, candidate), 1e-15);
  assertEquals(r.accumulator.C.length, SEQUENCE_LENGTH);
  r.accumulator.C.forEach((c, t) => {
    // (1 − f^{t+1}) / (1 − f) = 1 + f + … + f^t, summed to avoid cancellation.
    let geometric = 0;
    for (let j = 0; j <= t; j++) geometric += f ** j;
    assertLess(relative(c, f * candidate * geometric), 1e-13);
    assert(c < t + 1 && c > t + 1 - 0.003, `t = ${t}`);
  });
});

Deno.test("h_t always has the sign of C_t, not that of C̃_t (seed 003)", () => {
  assertEquals(r.hSignDiffersFromC, 0);
  assertEquals(recount.hVsC, 0);
  assertEquals(r.hSignDiffersFromCandidate, recount.hVsCandidate);
  assertEquals(r.hSignDiffersFromCandidateAtStart, 0);
  assertEquals(recount.hVsCandidateAtStart, 0);
  assert(r.hSignDiffersFromCandidate > 0);
  assertEquals(
    r.hSignDiffersFromCandidateShare,
    r.hSignDiffersFromCandidate / r.valuesPerQuantity,
  );
  assertLess(
    relative(
      r.hSignDiffersFromCandidatePercent,
      100 * r.hSignDiffersFromCandidateShare,
    ),
    1e-15,
  );
});

Deno.test("the counterexample to seed 003, recomputed by hand", () => {
  const { params: p, xs, steps, seed, rejected } = r.counterexample;
  assertEquals(seed, COUNTEREXAMPLE_SEED + rejected);
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  let C = 0, h = 0;
  steps.forEach((s, t) => {
    const x = xs[t][0];
    const f = logistic(p.Wf[0][0] * h + p.Uf[0][0] * x);
    const i = logistic(p.Wi[0][0] * h + p.Ui[0][0] * x);
    const o = logistic(p.Wo[0][0] * h + p.Uo[0][0] * x);
    const g = Math.tanh(p.Wc[0][0] * h + p.Uc[0][0] * x);
    assertLess(Math.abs(s.CPrev - C), 1e-15);
    C = f * C + i * g;
    h = o * Math.tanh(C);
    for (
      const [ours, theirs] of [
        [s.f, f],
        [s.i, i],
        [s.o, o],
        [
          s.candidate,
          g,
        ],
        [s.C, C],
        [s.h, h],
      ]
    ) assertLess(relative(ours, theirs), 1e-14, `t = ${t}`);
  });
  const last = steps[1];
  assert(last.candidate < 0 !== last.h < 0, "h_1 and C̃_1 differ in sign");
  assert(last.C < 0 === last.h < 0, "h_1 and C_1 agree in sign");
  assert(Math.abs(last.h) > COUNTEREXAMPLE_MARGIN);
  // The old memory outweighs the new content: |f_1 C_0| > |i_1 C̃_1|.
  assert(Math.abs(last.f * last.CPrev) > Math.abs(last.i * last.candidate));
  // And it is the first such network of the search.
  for (let k = 0; k < rejected; k++) {
    const rng = seededRandom(COUNTEREXAMPLE_SEED + k);
    const params = randomLstmParams(rng, 1, 1);
    const run = scalarLstm(params, [rng.vector(1), rng.vector(1)]);
    const [h1, g1] = [run[1].h[0], run[1].g[0]];
    assert(h1 * g1 > 0 || Math.abs(h1) <= COUNTEREXAMPLE_MARGIN, `seed ${k}`);
  }
});
