/**
 * Exact arithmetic for checking floating-point results: rational matrices
 * (mathjs `Fraction`, arbitrary-size integers) and 50-digit decimals (mathjs
 * `BigNumber`).
 *
 * `0.58` typed in a program is not 29/50 but the nearest double; to get the
 * exact `W³⁰` of the matrix as printed on paper, the entries are read as
 * decimal strings.
 *
 * @module
 */
import { createMath, type Fraction, fraction } from "./mathjs.ts";
import type { Matrix } from "./matrix.ts";

/** A matrix of exact rationals. */
export type FractionMatrix = Fraction[][];

const big = createMath({ number: "BigNumber", precision: 50 });

/**
 * Read a matrix of decimals exactly: `"0.58"` (or `0.58`, via its shortest
 * decimal form) becomes `29/50`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { toFractionMatrix } from "./exact.ts";
 * assertEquals(toFractionMatrix([[0.58]])[0][0].toFraction(), "29/50");
 * ```
 */
export function toFractionMatrix(m: (number | string)[][]): FractionMatrix {
  return m.map((row) => row.map((x) => fraction(String(x))));
}

/**
 * The exact product of two rational matrices.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fractionMatmul, toFractionMatrix } from "./exact.ts";
 * const a = toFractionMatrix([["0.5", "0"], ["0", "1"]]);
 * assertEquals(fractionMatmul(a, a)[0][0].toFraction(), "1/4");
 * ```
 */
export function fractionMatmul(
  a: FractionMatrix,
  b: FractionMatrix,
): FractionMatrix {
  return a.map((row) =>
    b[0].map((_, j) =>
      row.reduce((sum, aik, k) => sum.add(aik.mul(b[k][j])), fraction(0))
    )
  );
}

/**
 * `Mⁿ` exactly, by repeated exact products.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fractionMatpow, toFractionMatrix } from "./exact.ts";
 * const p = fractionMatpow(toFractionMatrix([["0.5"]]), 3);
 * assertEquals(p[0][0].toFraction(), "1/8");
 * ```
 */
export function fractionMatpow(m: FractionMatrix, n: number): FractionMatrix {
  let result = m.map((row, i) => row.map((_, j) => fraction(i === j ? 1 : 0)));
  for (let k = 0; k < n; k++) result = fractionMatmul(result, m);
  return result;
}

/**
 * Round an exact rational to the nearest double, through a 50-digit decimal
 * (numerator and denominator may each be far beyond 2⁵³).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fraction } from "./mathjs.ts";
 * import { fractionToNumber } from "./exact.ts";
 * assertEquals(fractionToNumber(fraction(1, 3)), 1 / 3);
 * ```
 */
export function fractionToNumber(f: Fraction): number {
  const sign = Number(f.s);
  const quotient = big.divide(
    big.bignumber(f.n.toString()),
    big.bignumber(f.d.toString()),
  ) as unknown as { toNumber(): number };
  return sign * quotient.toNumber();
}

/**
 * A rational matrix as doubles.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fractionMatrixToNumbers, toFractionMatrix } from "./exact.ts";
 * assertEquals(fractionMatrixToNumbers(toFractionMatrix([["0.25"]])), [[0.25]]);
 * ```
 */
export function fractionMatrixToNumbers(m: FractionMatrix): Matrix {
  return m.map((row) => row.map(fractionToNumber));
}

/**
 * A rational matrix as strings `"p/q"`, for printing exact results beside
 * their rounded values.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fractionMatrixToStrings, toFractionMatrix } from "./exact.ts";
 * assertEquals(fractionMatrixToStrings(toFractionMatrix([["0.58"]])), [["29/50"]]);
 * ```
 */
export function fractionMatrixToStrings(m: FractionMatrix): string[][] {
  return m.map((row) => row.map((x) => x.toFraction()));
}

/**
 * The eigenvalues of a rational 2×2 matrix, exactly, when they are rational:
 * the roots of `λ² − tr(M) λ + det(M)`. Returns `undefined` when the
 * discriminant is not the square of a rational (irrational or complex roots).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rationalEigenvalues2x2, toFractionMatrix } from "./exact.ts";
 * const m = toFractionMatrix([["0.58", "0.24"], ["0.24", "0.72"]]);
 * assertEquals(rationalEigenvalues2x2(m)?.map((x) => x.toFraction()), ["9/10", "2/5"]);
 * ```
 */
export function rationalEigenvalues2x2(
  m: FractionMatrix,
): [Fraction, Fraction] | undefined {
  const trace = m[0][0].add(m[1][1]);
  const det = m[0][0].mul(m[1][1]).sub(m[0][1].mul(m[1][0]));
  const discriminant = trace.mul(trace).sub(det.mul(4));
  if (Number(discriminant.s) < 0) return undefined;
  const rootN = integerSqrt(discriminant.n);
  const rootD = integerSqrt(discriminant.d);
  if (rootN === undefined || rootD === undefined) return undefined;
  const root = fraction(rootN, rootD);
  return [trace.add(root).div(2), trace.sub(root).div(2)];
}

/** The integer square root of `n` when `n` is a perfect square. */
function integerSqrt(n: bigint): bigint | undefined {
  if (n < 0n) return undefined;
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps fix the rounding of the floating-point guess.
  for (let i = 0; i < 100; i++) {
    const next = (x + n / x) / 2n;
    if (next === x || next === x + 1n) break;
    x = next;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x * x === n ? x : undefined;
}
