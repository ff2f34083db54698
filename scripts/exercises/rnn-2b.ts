/**
 * # Powers of a diagonalizable matrix
 *
 * A diagonalizable square matrix is `M = Q Λ Q⁻¹`, with the eigenvectors of
 * `M` as the columns of `Q` and the eigenvalues on the diagonal of `Λ`. Prove
 * by induction that `Mⁿ = Q Λⁿ Q⁻¹` for every `n ≥ 1`, and check the identity
 * numerically for `n = 1 … 30`: exactly in rational arithmetic, and in floating
 * point against repeated products.
 *
 * @module
 */
import { type Fraction, fraction } from "../lib/mathjs.ts";
import {
  eigendecompose,
  fractionMatmul,
  fractionMatpow,
  type FractionMatrix,
  fractionMatrixToNumbers,
  fractionMatrixToStrings,
  fractionToNumber,
  identity,
  matmul,
  matpow,
  type Matrix,
  maxAbs,
  powerByEigendecomposition,
  rationalEigenvalues2x2,
  relativeError,
  sub,
  toFractionMatrix,
} from "../lib/mod.ts";

// ## The proof
//
// Let `M` be `m × m` with `m` linearly independent eigenvectors
// `v_1, …, v_m`, `M v_i = λ_i v_i`. Put them side by side as the columns of
// `Q` and the eigenvalues on the diagonal of `Λ`. Column `i` of `M Q` is
// `M v_i = λ_i v_i`, which is column `i` of `Q Λ`, so `M Q = Q Λ`. Because the
// columns of `Q` are independent, `Q` is invertible, and multiplying by `Q⁻¹`
// on the right gives `M = Q Λ Q⁻¹`.
//
// Claim: `Mⁿ = Q Λⁿ Q⁻¹` for every integer `n ≥ 1`.
//
// - Base case, `n = 1`: `M¹ = M = Q Λ Q⁻¹ = Q Λ¹ Q⁻¹`.
// - Step: assume `Mⁿ = Q Λⁿ Q⁻¹` for some `n ≥ 1`. Then, using the
//   associativity of the matrix product to regroup,
//
//   ```
//   Mⁿ⁺¹ = Mⁿ M = (Q Λⁿ Q⁻¹)(Q Λ Q⁻¹) = Q Λⁿ (Q⁻¹ Q) Λ Q⁻¹
//        = Q Λⁿ I Λ Q⁻¹ = Q Λⁿ⁺¹ Q⁻¹.
//   ```
//
//   The inner `Q⁻¹ Q = I` is where the eigenvectors cancel: it is the whole
//   reason the formula works.
// - By induction the claim holds for all `n ≥ 1` (and for `n = 0` too, since
//   `Q Λ⁰ Q⁻¹ = Q Q⁻¹ = I = M⁰`).
//
// The identity is useful because `Λⁿ` is trivial to compute: a product of
// diagonal matrices is diagonal with the products of the diagonal entries, so
// `Λⁿ = diag(λ_1ⁿ, …, λ_mⁿ)`. Each eigen-direction is scaled by `λ_iⁿ`.
//
// The numbers below check the identity in two ways. In exact rational
// arithmetic, where `Q Λⁿ Q⁻¹` must equal `Mⁿ` to the last digit. And in
// floating point, where `Q Λⁿ Q⁻¹` and `n − 1` repeated products are two
// different roundings of the same exact matrix, and both are compared with
// it.

/** The matrices of the exercise, as printed (decimal strings, read exactly). */
export const MATRICES: { name: string; description: string; M: string[][] }[] =
  [
    {
      name: "W",
      description:
        "the symmetric weight matrix of exercise rnn-2c, eigenvalues 9/10 and 2/5",
      M: [["0.58", "0.24"], ["0.24", "0.72"]],
    },
    {
      name: "A",
      description:
        "a non-symmetric diagonalizable matrix, eigenvalues 9/10 and 3/5, eigenvectors not orthogonal",
      M: [["0.7", "0.2"], ["0.1", "0.8"]],
    },
  ];

/** The largest power checked. */
export const N_MAX = 30;

/** The errors of one power `n`. */
export interface PowerErrors {
  /** The power. */
  n: number;
  /** Relative error of `Q Λⁿ Q⁻¹` (floating point) against the exact `Mⁿ`. */
  eigenVsExact: number;
  /** Relative error of `n − 1` repeated floating-point products against the exact `Mⁿ`. */
  repeatedVsExact: number;
  /** Relative difference between the two floating-point results. */
  eigenVsRepeated: number;
}

/** Everything computed for one matrix. */
export interface MatrixPowers {
  /** `"W"` or `"A"`. */
  name: string;
  /** What the matrix is. */
  description: string;
  /** The matrix as doubles. */
  M: Matrix;
  /** The matrix exactly, entries `"p/q"`. */
  MExact: string[][];
  /** Whether `M` equals its transpose. */
  symmetric: boolean;
  /** Eigenvalues, exactly, largest first. */
  eigenvaluesExact: string[];
  /** Eigenvalues in floating point (mathjs `eigs`), largest first. */
  eigenvalues: number[];
  /**
   * `|λ̂ − λ| / |λ|` for each computed eigenvalue against the exact one. In
   * `λ̂ⁿ` this relative error is multiplied by about `n`.
   */
  eigenvalueRelativeErrors: number[];
  /** Unit eigenvectors as columns (mathjs `eigs`). */
  Q: Matrix;
  /** `Q⁻¹` in floating point. */
  Qinv: Matrix;
  /** `max |Q⁻¹ Q − I|` in floating point. */
  inverseCheck: number;
  /**
   * Eigenvectors as columns, exactly: `(b, λ − a)` for `M = [[a, b], [c, d]]`,
   * scaled to coprime integers.
   */
  QExact: string[][];
  /** `Q⁻¹` exactly. */
  QinvExact: string[][];
  /** Whether `Q⁻¹ Q = I` holds exactly for the rational `Q`. */
  exactInverseHolds: boolean;
  /** Whether `Q Λⁿ Q⁻¹ = Mⁿ` holds exactly for every `n = 1 … 30`. */
  exactIdentityHolds: boolean;
  /** The errors for `n = 1 … 30`. */
  errors: PowerErrors[];
  /** The largest `eigenVsExact` over `n`. */
  maxEigenVsExact: number;
  /** The largest `repeatedVsExact` over `n`. */
  maxRepeatedVsExact: number;
  /** The largest `eigenVsRepeated` over `n`. */
  maxEigenVsRepeated: number;
  /** `M³⁰ = Q Λ³⁰ Q⁻¹` in floating point. */
  power30: Matrix;
  /** `M³⁰` exactly, entries `"p/q"`. */
  power30Exact: string[][];
}

/** What {@link compute} returns. */
export interface Rnn2bResults {
  /** The largest power, 30. */
  nMax: number;
  /** One record per matrix: `W` (symmetric) and `A` (not symmetric). */
  matrices: MatrixPowers[];
  /** The largest of all floating-point errors against the exact powers. */
  maxErrorOverall: number;
}

/**
 * Exact eigenvectors and their inverse for a rational 2 × 2 matrix
 * `[[a, b], [c, d]]` with rational eigenvalues `λ`: the first row of
 * `(M − λI) v = 0` reads `(a − λ) v₁ + b v₂ = 0`, solved by `v = (b, λ − a)`
 * when `b ≠ 0` (otherwise the second row gives `v = (λ − d, c)`). The inverse
 * of `[[p, q], [r, s]]` is `[[s, −q], [−r, p]] / (ps − qr)`.
 */
function exactEigenvectors(
  m: FractionMatrix,
  values: Fraction[],
): { Q: FractionMatrix; Qinv: FractionMatrix } {
  const [[a, b], [c, d]] = m;
  const columns = values.map((lambda) =>
    primitiveIntegerVector(
      !b.equals(0) ? [b, lambda.sub(a)] : [lambda.sub(d), c],
    )
  );
  const Q = [[columns[0][0], columns[1][0]], [columns[0][1], columns[1][1]]];
  const [[p, q], [r, s]] = Q;
  const det = p.mul(s).sub(q.mul(r));
  if (det.equals(0)) {
    throw new RangeError("exactEigenvectors: the eigenvectors are dependent");
  }
  return {
    Q,
    Qinv: [[s.div(det), q.neg().div(det)], [r.neg().div(det), p.div(det)]],
  };
}

/**
 * The multiple of a rational vector with coprime integer entries, for
 * readability: `(6/25, 8/25)` becomes `(3, 4)`. Any non-zero multiple of an
 * eigenvector is an eigenvector.
 */
function primitiveIntegerVector(v: Fraction[]): Fraction[] {
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? x : gcd(y, x % y));
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const lcm = v.reduce((l, x) => (l * x.d) / gcd(l, x.d), 1n);
  const integers = v.map((x) => (BigInt(x.s) * x.n * lcm) / x.d);
  const common = integers.reduce((g, x) => gcd(g, abs(x)), 0n);
  return integers.map((x) => fraction(x / common));
}

/** Whether two rational matrices are equal entry by entry. */
function fractionMatricesEqual(x: FractionMatrix, y: FractionMatrix): boolean {
  return x.every((row, i) => row.every((v, j) => v.equals(y[i][j])));
}

/** Check the identity on one matrix. */
function powersOf(
  { name, description, M: printed }: (typeof MATRICES)[number],
): MatrixPowers {
  // The matrix exactly (`0.58 = 29/50`) and as the nearest doubles.
  const exactM = toFractionMatrix(printed);
  const M = fractionMatrixToNumbers(exactM);

  // ### The identity, exactly
  //
  // The eigenvalues of both matrices are rational, so `Q`, `Λ` and `Q⁻¹` can
  // be written with fractions and `Q Λⁿ Q⁻¹` compared with the exact `Mⁿ`,
  // digit for digit. The eigenvectors here are scaled to small integers rather
  // than to unit length (a unit vector would in general involve square
  // roots); any non-zero multiple of an eigenvector works, because the scale
  // of a column of `Q` cancels against the matching row of `Q⁻¹`.
  const values = rationalEigenvalues2x2(exactM);
  if (!values) throw new RangeError(`${name}: eigenvalues are not rational`);
  const { Q: exactQ, Qinv: exactQinv } = exactEigenvectors(exactM, values);
  const exactInverseHolds = fractionMatricesEqual(
    fractionMatmul(exactQinv, exactQ),
    [[fraction(1), fraction(0)], [fraction(0), fraction(1)]],
  );
  const exactPowers: FractionMatrix[] = [];
  let exactIdentityHolds = true;
  for (let n = 1; n <= N_MAX; n++) {
    const power = fractionMatpow(exactM, n);
    exactPowers.push(power);
    const lambdaN = [[values[0].pow(n), fraction(0)], [
      fraction(0),
      values[1].pow(n),
    ]];
    const viaEigen = fractionMatmul(fractionMatmul(exactQ, lambdaN), exactQinv);
    exactIdentityHolds &&= fractionMatricesEqual(viaEigen, power);
  }

  // ### The identity in floating point
  //
  // Now the way a program would do it: eigenvalues and unit eigenvectors from
  // a numerical eigensolver (mathjs `eigs`), `Q⁻¹` by numerical inversion, and
  // `Q Λⁿ Q⁻¹`. Beside it, `Mⁿ` by repeated products. Both are compared with
  // the exact `Mⁿ`, rounded once to doubles.
  const decomposition = eigendecompose(M);
  const errors: PowerErrors[] = exactPowers.map((power, i) => {
    const n = i + 1;
    const exact = fractionMatrixToNumbers(power);
    const viaEigen = powerByEigendecomposition(decomposition, n);
    const repeated = matpow(M, n);
    return {
      n,
      eigenVsExact: relativeError(viaEigen, exact),
      repeatedVsExact: relativeError(repeated, exact),
      eigenVsRepeated: relativeError(viaEigen, repeated),
    };
  });

  return {
    name,
    description,
    M,
    MExact: fractionMatrixToStrings(exactM),
    symmetric: M[0][1] === M[1][0],
    eigenvaluesExact: values.map((v) => v.toFraction()),
    eigenvalues: decomposition.values,
    eigenvalueRelativeErrors: decomposition.values.map((v, i) => {
      const exact = fractionToNumber(values[i]);
      return Math.abs(v - exact) / Math.abs(exact);
    }),
    Q: decomposition.Q,
    Qinv: decomposition.Qinv,
    inverseCheck: maxAbs(
      sub(matmul(decomposition.Qinv, decomposition.Q), identity(2)),
    ),
    QExact: fractionMatrixToStrings(exactQ),
    QinvExact: fractionMatrixToStrings(exactQinv),
    exactInverseHolds,
    exactIdentityHolds,
    errors,
    maxEigenVsExact: Math.max(...errors.map((e) => e.eigenVsExact)),
    maxRepeatedVsExact: Math.max(...errors.map((e) => e.repeatedVsExact)),
    maxEigenVsRepeated: Math.max(...errors.map((e) => e.eigenVsRepeated)),
    power30: powerByEigendecomposition(decomposition, N_MAX),
    power30Exact: fractionMatrixToStrings(exactPowers[N_MAX - 1]),
  };
}

/** Compute every number of the exercise. Deterministic: no randomness. */
export function compute(): Rnn2bResults {
  const matrices = MATRICES.map(powersOf);

  // ## What the numbers say
  //
  // In exact arithmetic `Q Λⁿ Q⁻¹` is `Mⁿ` for every `n` checked, for the
  // symmetric `W` and for the non-symmetric `A` alike: the proof did not need
  // symmetry. In floating point both routes stay within about `10⁻¹⁴` of the
  // exact power for all thirty `n`. The eigendecomposition route drifts
  // slowly upwards with `n`: the computed eigenvalue carries a rounding error
  // of relative size `δ`, and `λ̂ⁿ` carries about `n δ`. Repeated products
  // accumulate no such systematic error here.
  return {
    nMax: N_MAX,
    matrices,
    maxErrorOverall: Math.max(
      ...matrices.flatMap((m) => [m.maxEigenVsExact, m.maxRepeatedVsExact]),
    ),
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
