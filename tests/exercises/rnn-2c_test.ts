import { assert, assertEquals, assertLess } from "@std/assert";
import {
  createMath,
  type Fraction,
  fraction,
} from "../../scripts/lib/mathjs.ts";
import { compute, N_MAX } from "../../scripts/exercises/rnn-2c.ts";
import { powerNorm, relative } from "../_independent.ts";

const r = compute();

// The independent references: 60-digit BigNumber arithmetic (mathjs' own
// matrix power, not the script's rational code) and exact fractions built
// here from the eigenvalues 9/10, 2/5 and the eigenvectors (3, 4)/5, (4, −3)/5
// found by hand.
const big = createMath({ number: "BigNumber", precision: 60 });

type BigMatrix = { toNumber(): number }[][];

function bigPower(decimal: string[][], n: number): number[][] {
  const m = big.matrix(decimal.map((row) => row.map((x) => big.bignumber(x))));
  const p = big.pow(m, n) as unknown as { toArray(): BigMatrix };
  return p.toArray().map((row) => row.map((x) => x.toNumber()));
}

const W_DECIMAL = [["0.58", "0.24"], ["0.24", "0.72"]];
const bigW30 = bigPower(W_DECIMAL, 30);

Deno.test("rnn-2c: the exact eigenvalues are 9/10 and 2/5, from tr W = 13/10 and det W = 9/25", () => {
  assertEquals(r.WExact, [["29/50", "6/25"], ["6/25", "18/25"]]);
  assertEquals(
    r.traceExact,
    fraction("0.58").add(fraction("0.72")).toFraction(),
  );
  assertEquals(
    r.determinantExact,
    fraction("0.58").mul(fraction("0.72")).sub(fraction("0.24").pow(2))
      .toFraction(),
  );
  assertEquals(r.eigenvaluesExact, ["9/10", "2/5"]);
});

for (const name of ["closedForm", "mathjs"] as const) {
  Deno.test(`rnn-2c: the ${name} eigendecomposition has λ = 0.9, 0.4 and eigenvectors ±(0.6, 0.8), ±(0.8, −0.6)`, () => {
    const d = r[name];
    assertLess(Math.abs(d.values[0] - 0.9) / 0.9, 1e-15);
    assertLess(Math.abs(d.values[1] - 0.4) / 0.4, 1e-15);
    assertLess(
      Math.abs(
        d.valuesError - Math.max(
              Math.abs(d.values[0] - 0.9),
              Math.abs(d.values[1] - 0.4),
            ) / 0.9,
      ),
      1e-20,
    );
    const expected = [[0.6, 0.8], [0.8, -0.6]];
    for (let column = 0; column < 2; column++) {
      const sign = Math.sign(d.Q[0][column] * expected[0][column]);
      for (let row = 0; row < 2; row++) {
        assertLess(
          Math.abs(d.Q[row][column] - sign * expected[row][column]),
          1e-15,
        );
        // Q⁻¹ = Qᵀ for a symmetric matrix.
        assertLess(Math.abs(d.Qinv[column][row] - d.Q[row][column]), 1e-15);
      }
    }
    assertLess(d.reconstructionError, 1e-15);
  });

  Deno.test(`rnn-2c: W³⁰ by the ${name} eigendecomposition matches a 60-digit BigNumber power within 1e-14`, () => {
    const error = relative(r[name].W30, bigW30);
    assertLess(error, 1e-14);
    assertLess(Math.abs(r[name].W30Error - error), 1e-16);
  });
}

Deno.test("rnn-2c: W³⁰ by repeated products and exactly match a 60-digit BigNumber power", () => {
  const error = relative(r.W30Repeated, bigW30);
  assertLess(error, 1e-14);
  assertLess(Math.abs(r.W30RepeatedError - error), 1e-16);
  assertLess(relative(r.W30, bigW30), 1e-15);
  // The exact strings are the exact rationals: compare them at 60 digits.
  r.W30Exact.forEach((row, i) =>
    row.forEach((text, j) => {
      const [p, q] = text.split("/");
      const value = big.divide(big.bignumber(p), big.bignumber(q)) as unknown;
      assertLess(
        Math.abs((value as { toNumber(): number }).toNumber() - bigW30[i][j]) /
          bigW30[i][j],
        1e-15,
      );
    })
  );
});

Deno.test("rnn-2c: W³⁰ = 0.9³⁰ v₁v₁ᵀ + 0.4³⁰ v₂v₂ᵀ exactly, so the rank-one part is off by 0.4³⁰ v₂v₂ᵀ", () => {
  const v1 = [fraction(3, 5), fraction(4, 5)];
  const v2 = [fraction(4, 5), fraction(-3, 5)];
  const l1 = fraction(9, 10).pow(30), l2 = fraction(2, 5).pow(30);
  const spectral = [0, 1].map((i) =>
    [0, 1].map((j) =>
      l1.mul(v1[i]).mul(v1[j]).add(l2.mul(v2[i]).mul(v2[j])).toFraction()
    )
  );
  assertEquals(r.W30Exact, spectral);
  assertEquals(r.lambdaPowersExact, [l1.toFraction(), l2.toFraction()]);
  assertLess(Math.abs(r.lambdaPowers[0] - 0.9 ** 30) / 0.9 ** 30, 1e-14);
  assertLess(Math.abs(r.lambdaPowers[1] - 0.4 ** 30) / 0.4 ** 30, 1e-14);
  // The rank-one part 0.9³⁰ v₁v₁ᵀ, entry by entry.
  const rankOne = [[0.36, 0.48], [0.48, 0.64]].map((row) =>
    row.map((x) => x * 0.9 ** 30)
  );
  assertLess(relative(r.rankOne, rankOne), 1e-14);
  // Its error is max |0.4³⁰ v₂v₂ᵀ| / max |W³⁰| = 0.4³⁰ · 0.64 / (W³⁰)₂₂.
  const expectedError = 0.4 ** 30 * 0.64 / bigW30[1][1];
  assertLess(Math.abs(r.rankOneError - expectedError) / expectedError, 1e-4);
  assertLess(
    Math.abs(r.eigenvalueRatioPower - (4 / 9) ** 30) / (4 / 9) ** 30,
    1e-13,
  );
  assert(r.rankOneError < 1e-10, "W³⁰ is rank one to ten digits");
});

Deno.test("rnn-2c: seed 003's W³⁰ is right to its 8 printed decimals", () => {
  let worst = 0;
  r.seedW30.forEach((row, i) =>
    row.forEach((x, j) => worst = Math.max(worst, Math.abs(x - bigW30[i][j])))
  );
  assertLess(worst, 5e-9);
  assertLess(Math.abs(r.seedW30Error - worst), 1e-18);
});

Deno.test("rnn-2c: seed 000's 6-decimal W³⁰ truncates its first entry instead of rounding it", () => {
  let worst = 0;
  r.seed000W30.forEach((row, i) =>
    row.forEach((x, j) => worst = Math.max(worst, Math.abs(x - bigW30[i][j])))
  );
  assertLess(Math.abs(r.seed000W30Error - worst), 1e-18);
  assert(worst > 5e-7, "more than half a unit in the 6th decimal: not rounded");
  assertLess(worst, 1e-6);
  // The other three entries are correctly rounded.
  for (const [i, j] of [[0, 1], [1, 0], [1, 1]]) {
    assertLess(Math.abs(r.seed000W30[i][j] - bigW30[i][j]), 5e-7);
  }
});

Deno.test("rnn-2c: seed 000's Q with the typo 0.5 does not give back W", () => {
  const f = (m: number[][]) =>
    m.map((row) => row.map((x) => fraction(String(x))));
  const mul = (a: Fraction[][], b: Fraction[][]) =>
    a.map((row) =>
      b[0].map((_, j) =>
        row.reduce((s, x, k) => s.add(x.mul(b[k][j])), fraction(0))
      )
    );
  const product = mul(
    mul(f([[-0.6, -0.8], [-0.8, 0.5]]), f([[0.9, 0], [0, 0.4]])),
    f([[-0.6, -0.8], [-0.8, 0.6]]),
  );
  const difference = product.map((row, i) =>
    row.map((x, j) => Number(x.sub(fraction(W_DECIMAL[i][j])).valueOf()))
  );
  assertLess(
    relative(r.seedTypo.product, product.map((row) => row.map(Number))),
    1e-15,
  );
  r.seedTypo.difference.forEach((row, i) =>
    row.forEach((x, j) => assertLess(Math.abs(x - difference[i][j]), 1e-15))
  );
  const worst = Math.max(...difference.flat().map(Math.abs));
  assertLess(Math.abs(r.seedTypo.maxAbsError - worst), 1e-15);
  assertLess(Math.abs(r.seedTypo.relativeError - worst / 0.72), 1e-15);
  assert(worst > 0.03, "the typo is visible in the second decimal");
  // The first row is right: only the second row of Q carries the typo.
  assertLess(
    Math.max(Math.abs(difference[0][0]), Math.abs(difference[0][1])),
    1e-15,
  );
});

// The norms of the powers in closed form: for a symmetric W, ‖Wⁿ‖₂ = max |λ|ⁿ;
// for an orthogonal W (identity, reflection, rotation) it is 1; for the Jordan
// block [[1, n], [0, 1]] the largest singular value is (n + √(n² + 4)) / 2.
const closedFormNorms: Record<string, (n: number) => number> = {
  contracting: (n) => 0.9 ** n,
  expanding: (n) => 1.1 ** n,
  identity: () => 1,
  reflection: () => 1,
  rotation: () => 1,
  jordan: (n) => (n + Math.sqrt(n * n + 4)) / 2,
};

Deno.test("rnn-2c: ‖Wⁿ‖₂ of every regime matches its closed form for n = 0 … 60", () => {
  assertEquals(r.regimes.map((g) => g.id), Object.keys(closedFormNorms));
  for (const regime of r.regimes) {
    assertEquals(regime.norms.length, N_MAX + 1);
    regime.norms.forEach((norm, n) => {
      const expected = closedFormNorms[regime.id](n);
      assertLess(Math.abs(norm - expected) / expected, 1e-12);
    });
  }
});

Deno.test("rnn-2c: the first powers of every regime match exact BigNumber powers", () => {
  for (const regime of r.regimes) {
    const decimal = regime.WExact.map((row) =>
      row.map((x) => {
        const [p, q] = x.split("/");
        return String(Number(p) / Number(q ?? "1"));
      })
    );
    regime.firstPowers.forEach((power, i) => {
      const exact = bigPower(decimal, i + 1);
      assertLess(relative(power, exact), 1e-14);
    });
  }
});

Deno.test("rnn-2c: the regimes have the eigenvalues they claim", () => {
  const byId = Object.fromEntries(r.regimes.map((g) => [g.id, g]));
  const moduli = (id: string) =>
    byId[id].eigenvalues.map((z) => Math.hypot(z.re, z.im));
  assertLess(Math.abs(moduli("expanding")[0] - 1.1), 1e-14);
  assertLess(Math.abs(moduli("expanding")[1] - 0.4), 1e-14);
  // The expanding matrix shares the eigenvectors of W: W_exp v₁ = 1.1 v₁.
  const E = byId.expanding.W;
  assertLess(Math.abs(E[0][0] * 0.6 + E[0][1] * 0.8 - 1.1 * 0.6), 1e-15);
  for (const id of ["identity", "reflection", "rotation", "jordan"]) {
    for (const m of moduli(id)) assertLess(Math.abs(m - 1), 1e-12);
  }
  const reflection = byId.reflection.eigenvalues.map((z) => z.re).sort();
  assertLess(Math.abs(reflection[0] + 1), 1e-12);
  assertLess(Math.abs(reflection[1] - 1), 1e-12);
  const rotation = byId.rotation.eigenvalues;
  for (const z of rotation) {
    assertLess(Math.abs(z.re - 0.6), 1e-12);
    assertLess(Math.abs(Math.abs(z.im) - 0.8), 1e-12);
  }
  for (const g of r.regimes) {
    assertLess(
      Math.abs(g.spectralRadius - Math.max(...moduli(g.id))),
      1e-12,
    );
  }
});

Deno.test("rnn-2c: the reflection alternates, the rotation never returns, the Jordan block grows linearly", () => {
  const byId = Object.fromEntries(r.regimes.map((g) => [g.id, g]));
  const [w1, w2, w3, w4] = byId.reflection.firstPowers;
  assertLess(relative(w2, [[1, 0], [0, 1]]), 1e-15);
  assertLess(relative(w3, w1), 1e-15);
  assertLess(relative(w4, [[1, 0], [0, 1]]), 1e-15);
  assert(relative(w1, [[1, 0], [0, 1]]) > 0.5, "W itself is not I");
  // Rotation by nθ returns to I only if nθ is a multiple of 2π; for
  // θ = atan2(0.8, 0.6) no n ≤ 60 comes close.
  const theta = Math.atan2(0.8, 0.6);
  for (let n = 1; n <= N_MAX; n++) {
    const turns = (n * theta) / (2 * Math.PI);
    assert(Math.abs(turns - Math.round(turns)) > 1e-3);
  }
  byId.jordan.firstPowers.forEach((power, i) =>
    assertEquals(power, [[1, i + 1], [0, 1]])
  );
  assert(byId.jordan.norms[N_MAX] > N_MAX, "‖Wⁿ‖ ≥ n for the Jordan block");
  assert(byId.expanding.norms[N_MAX] > 300);
  assert(byId.contracting.norms[N_MAX] < 2e-3);
});

Deno.test("rnn-2c: the chart rows are the norms, all positive for the log scale", () => {
  assertEquals(r.regimeRows.length, r.regimes.length * (N_MAX + 1));
  for (const row of r.regimeRows) {
    const regime = r.regimes.find((g) => g.label === row.regime)!;
    assertEquals(row.norm, regime.norms[row.n]);
    assert(row.norm > 0);
  }
});

Deno.test("rnn-2c: a contracting Jordan block decays like n ρⁿ⁻¹, not like ρⁿ: ‖Wⁿ‖/ρⁿ grows without bound", () => {
  const d = r.defective;
  assertEquals(d.W, [[0.9, 1], [0, 0.9]]);
  assertLess(Math.abs(d.spectralRadius - 0.9), 1e-15);
  assertEquals(d.norms.length, N_MAX + 1);
  // The closed form Wⁿ = [[ρⁿ, n ρⁿ⁻¹], [0, ρⁿ]], its norm by power iteration.
  for (let n = 1; n <= N_MAX; n++) {
    const p = 0.9 ** n;
    const closed = [[p, n * 0.9 ** (n - 1)], [0, p]];
    assertLess(relative(d.norms[n], powerNorm(closed)), 1e-10, `n = ${n}`);
  }
  // The peak, by the closed form.
  const closedNorms = d.norms.map((_, n) =>
    n === 0 ? 1 : powerNorm([[0.9 ** n, n * 0.9 ** (n - 1)], [0, 0.9 ** n]])
  );
  const peak = Math.max(...closedNorms);
  assertEquals(d.peak.n, closedNorms.indexOf(peak));
  assert(d.peak.n > 1 && d.peak.norm > 3);
  // "Like ρⁿ" would keep ‖Wⁿ‖/ρⁿ bounded; it grows like n/ρ.
  for (const { n, ratio } of d.ratios) {
    assertLess(relative(ratio, closedNorms[n] / 0.9 ** n), 1e-10);
  }
  const last = d.ratios[d.ratios.length - 1];
  assertEquals(last.n, N_MAX);
  assert(last.ratio > N_MAX, "‖W⁶⁰‖ / 0.9⁶⁰ is above 60");
  assert(last.ratio > 30 * d.ratios[0].ratio);
});
