import { assert, assertEquals, assertLess } from "@std/assert";
import {
  createMath,
  type Fraction,
  fraction,
  multiply,
} from "../../scripts/lib/mathjs.ts";
import { compute } from "../../scripts/exercises/rnn-2b.ts";
import { mul, relative } from "../_independent.ts";

const r = compute();
const big = createMath({ number: "BigNumber", precision: 60 });

type BigLike = { toNumber(): number };

/** `Mⁿ` for n = 1 … nMax, exactly enough: 60-digit BigNumber products, rounded to doubles. */
function bigPowers(printed: string[][], nMax: number): number[][][] {
  const M = big.matrix(printed.map((row) => row.map((x) => big.bignumber(x))));
  const out: number[][][] = [];
  let power = M;
  for (let n = 1; n <= nMax; n++) {
    if (n > 1) power = big.multiply(power, M) as typeof M;
    out.push(
      (power.toArray() as unknown as BigLike[][]).map((row) =>
        row.map((x) => x.toNumber())
      ),
    );
  }
  return out;
}

/** The printed matrices, by name, as in the exercise statement (not taken from the results). */
const PRINTED: Record<string, string[][]> = {
  W: [["0.58", "0.24"], ["0.24", "0.72"]],
  A: [["0.7", "0.2"], ["0.1", "0.8"]],
};

const toFractions = (m: string[][]) =>
  m.map((row) => row.map((x) => fraction(x)));
/** The exact product by mathjs' generic `multiply` (not the project's `fractionMatmul`). */
const fractionProduct = (a: Fraction[][], b: Fraction[][]) =>
  multiply(a as never, b as never) as unknown as Fraction[][];
const sameFractions = (a: Fraction[][], b: Fraction[][]) =>
  a.every((row, i) => row.every((x, j) => x.equals(b[i][j])));

Deno.test("rnn-2b: the two matrices, n = 1 … 30", () => {
  assertEquals(r.nMax, 30);
  assertEquals(r.matrices.map((m) => m.name), ["W", "A"]);
  for (const m of r.matrices) {
    assertEquals(
      m.errors.map((e) => e.n),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assertEquals(m.M, PRINTED[m.name].map((row) => row.map(Number)));
    assertEquals(m.symmetric, m.name === "W");
  }
});

for (const m of r.matrices) {
  const exact = bigPowers(PRINTED[m.name], 30);

  Deno.test(`rnn-2b (${m.name}): the exact Q and Λ are eigenvectors and eigenvalues, Q⁻¹Q = I, QΛⁿQ⁻¹ = Mⁿ exactly`, () => {
    const M = toFractions(PRINTED[m.name]);
    const Q = toFractions(m.QExact);
    const Qinv = toFractions(m.QinvExact);
    const lambdas = m.eigenvaluesExact.map((x) => fraction(x));
    // M q_i = λ_i q_i for each column i.
    const MQ = fractionProduct(M, Q);
    MQ.forEach((row, i) =>
      row.forEach((x, j) => assert(x.equals(Q[i][j].mul(lambdas[j]))))
    );
    // Trace and determinant of M are the sum and product of the eigenvalues.
    assert(lambdas[0].add(lambdas[1]).equals(M[0][0].add(M[1][1])));
    assert(
      lambdas[0].mul(lambdas[1]).equals(
        M[0][0].mul(M[1][1]).sub(M[0][1].mul(M[1][0])),
      ),
    );
    const I = [[fraction(1), fraction(0)], [fraction(0), fraction(1)]];
    assert(sameFractions(fractionProduct(Qinv, Q), I));
    assertEquals(m.exactInverseHolds, true);
    let power = M;
    for (let n = 1; n <= 30; n++) {
      if (n > 1) power = fractionProduct(power, M);
      const lambdaN = [[lambdas[0].pow(n), fraction(0)], [
        fraction(0),
        lambdas[1].pow(n),
      ]];
      assert(
        sameFractions(
          fractionProduct(fractionProduct(Q, lambdaN), Qinv),
          power,
        ),
        `n = ${n}`,
      );
    }
    assertEquals(m.exactIdentityHolds, true);
    // The exact M³⁰ of the results is this one.
    assert(sameFractions(toFractions(m.power30Exact), power));
  });

  Deno.test(`rnn-2b (${m.name}): floating-point eigendecomposition`, () => {
    const lambdas = m.eigenvaluesExact.map((x) => fraction(x).valueOf());
    m.eigenvalues.forEach((v, i) => {
      assertLess(Math.abs(v - lambdas[i]), 1e-15);
      assertLess(
        Math.abs(
          m.eigenvalueRelativeErrors[i] - Math.abs(v - lambdas[i]) / lambdas[i],
        ),
        1e-30,
      );
      // Q has unit columns and is an eigenvector matrix: M q = λ q.
      const q = m.Q.map((row) => row[i]);
      assertLess(Math.abs(Math.hypot(...q) - 1), 1e-15);
      const Mq = m.M.map((row) => row[0] * q[0] + row[1] * q[1]);
      assertLess(Math.max(...Mq.map((x, j) => Math.abs(x - v * q[j]))), 1e-15);
    });
    const QinvQ = mul(m.Qinv, m.Q);
    const check = Math.max(
      ...QinvQ.flatMap((row, i) =>
        row.map((x, j) => Math.abs(x - (i === j ? 1 : 0)))
      ),
    );
    assertEquals(m.inverseCheck, check);
    assertLess(m.inverseCheck, 1e-15);
  });

  Deno.test(`rnn-2b (${m.name}): per-n errors of QΛⁿQ⁻¹ and of repeated products against 60-digit powers`, () => {
    let repeated = m.M;
    m.errors.forEach((e, i) => {
      const n = i + 1;
      if (n > 1) repeated = mul(repeated, m.M);
      const lambdaN = [[m.eigenvalues[0] ** n, 0], [0, m.eigenvalues[1] ** n]];
      const viaEigen = mul(mul(m.Q, lambdaN), m.Qinv);
      // The tolerance of the project for matrix powers: 10⁻¹⁴ relative.
      assertLess(relative(viaEigen, exact[i]), 1e-14, `eigen, n = ${n}`);
      assertLess(relative(repeated, exact[i]), 1e-14, `repeated, n = ${n}`);
      // The reported errors are these errors.
      assertLess(
        Math.abs(e.eigenVsExact - relative(viaEigen, exact[i])),
        5e-17,
      );
      assertLess(
        Math.abs(e.repeatedVsExact - relative(repeated, exact[i])),
        5e-17,
      );
      assertLess(
        Math.abs(e.eigenVsRepeated - relative(viaEigen, repeated)),
        5e-17,
      );
      if (n === 30) assertLess(relative(m.power30, viaEigen), 1e-16);
    });
    assertEquals(
      m.maxEigenVsExact,
      Math.max(...m.errors.map((e) => e.eigenVsExact)),
    );
    assertEquals(
      m.maxRepeatedVsExact,
      Math.max(...m.errors.map((e) => e.repeatedVsExact)),
    );
    assertEquals(
      m.maxEigenVsRepeated,
      Math.max(...m.errors.map((e) => e.eigenVsRepeated)),
    );
    assertLess(relative(m.power30, exact[29]), 1e-14);
  });

  Deno.test(`rnn-2b (${m.name}): the eigen route drifts like n times the eigenvalue's rounding error`, () => {
    const delta = m.eigenvalueRelativeErrors[0];
    const at30 = m.errors[29].eigenVsExact;
    assert(delta > 0, "the computed largest eigenvalue is not exact");
    assert(at30 > 0.5 * 30 * delta && at30 < 30 * delta + 4e-15);
    assert(at30 > 5 * m.errors[0].eigenVsExact);
    // Repeated products stay at the level of a few roundings.
    assertLess(m.maxRepeatedVsExact, 2e-15);
  });
}

Deno.test("rnn-2b: the largest error overall is below 1e-14", () => {
  assertEquals(
    r.maxErrorOverall,
    Math.max(
      ...r.matrices.flatMap((m) => [m.maxEigenVsExact, m.maxRepeatedVsExact]),
    ),
  );
  assertLess(r.maxErrorOverall, 1e-14);
});
