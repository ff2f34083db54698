/**
 * # The eigenvalues of W decide
 *
 * Take the weight matrix `W = [[0.58, 0.24], [0.24, 0.72]]`. Find its
 * eigendecomposition `W = Q Λ Q⁻¹`, compute `W³⁰` and say what you observe.
 * Then: what happens to `Wⁿ` in general when all eigenvalues have absolute
 * value below 1, when any of them has absolute value above 1, and when all
 * eigenvalues are 1?
 *
 * @module
 */
import {
  type Complex,
  eigendecompose,
  type Eigendecomposition,
  eigenvalues,
  eigSymmetric2x2,
  fractionMatpow,
  fractionMatrixToNumbers,
  fractionMatrixToStrings,
  fractionToNumber,
  identity,
  matmul,
  matpow,
  type Matrix,
  maxAbs,
  outer,
  powerByEigendecomposition,
  rationalEigenvalues2x2,
  relativeError,
  scale,
  spectralNorm,
  spectralRadius,
  sub,
  toFractionMatrix,
} from "../lib/mod.ts";

// ## The matrix, read exactly
//
// The entries are decimals, and `0.58` is not a double: the nearest double is
// off by about `10⁻¹⁷`. To have an exact answer to compare the floating-point
// ones with, we read the entries as decimal strings and work with rationals:
// `0.58 = 29/50`, `0.24 = 6/25`, `0.72 = 18/25`.

/** The weight matrix of the exercise, as printed. */
export const W_DECIMAL = [["0.58", "0.24"], ["0.24", "0.72"]];
/** The power asked for. */
export const POWER = 30;
/** The powers `n = 0 … N_MAX` shown for each regime. */
export const N_MAX = 60;

/** An eigendecomposition as it goes into the results. */
export interface DecompositionResult {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Unit eigenvectors as columns, in the order of `values`. */
  Q: Matrix;
  /** `Q⁻¹` (here `Qᵀ`, because `W` is symmetric). */
  Qinv: Matrix;
  /** Relative error of `values` against the exact `9/10, 2/5`. */
  valuesError: number;
  /** Relative error of `Q Λ Q⁻¹` against `W` (the decomposition rebuilds `W`). */
  reconstructionError: number;
  /** `W³⁰ = Q Λ³⁰ Q⁻¹`. */
  W30: Matrix;
  /** Relative error of `W30` against the exact `W³⁰`. */
  W30Error: number;
}

/** One regime: a 2×2 matrix whose eigenvalues fall in one of the cases. */
export interface Regime {
  /** Short id: `contracting`, `expanding`, `identity`, `reflection`, `rotation`, `jordan`. */
  id: string;
  /** The label in the chart and tables. */
  label: string;
  /** What the eigenvalues are and what `Wⁿ` does, in words. */
  description: string;
  /** The matrix. */
  W: Matrix;
  /** The matrix exactly, entries as `"p/q"`. */
  WExact: string[][];
  /** Its eigenvalues (mathjs `eigs`), largest modulus first. */
  eigenvalues: Complex[];
  /** `max |λ|`. */
  spectralRadius: number;
  /** `‖Wⁿ‖₂` for `n = 0 … N_MAX`. */
  norms: number[];
  /** `W¹`, `W²`, `W³`, `W⁴`, to show the pattern. */
  firstPowers: Matrix[];
}

/** One point of the chart: `‖Wⁿ‖₂` for one regime and one `n`. */
export interface RegimeRow {
  /** The power. */
  n: number;
  /** The regime's id (see {@link Regime}). */
  id: string;
  /** The regime's label. */
  regime: string;
  /** `‖Wⁿ‖₂`. */
  norm: number;
}

/** What {@link compute} returns. */
export interface Rnn2cResults {
  /** `W` as doubles. */
  W: Matrix;
  /** `W` exactly: `[["29/50", "6/25"], ["6/25", "18/25"]]`. */
  WExact: string[][];
  /** The eigenvalues exactly, roots of `λ² − tr(W) λ + det(W)`: `"9/10"`, `"2/5"`. */
  eigenvaluesExact: string[];
  /** `tr W` and `det W`, exactly. */
  traceExact: string;
  /** `det W` exactly. */
  determinantExact: string;
  /** The closed form for symmetric 2×2 matrices (what one does by hand). */
  closedForm: DecompositionResult;
  /** mathjs `eigs`, a general algorithm (second opinion). */
  mathjs: DecompositionResult;
  /** `W³⁰` by 30 repeated floating-point products. */
  W30Repeated: Matrix;
  /** Relative error of `W30Repeated` against the exact `W³⁰`. */
  W30RepeatedError: number;
  /** `W³⁰` exactly, rounded to doubles. */
  W30: Matrix;
  /** `W³⁰` exactly, entries as `"p/q"`. */
  W30Exact: string[][];
  /** `0.9³⁰` and `0.4³⁰` (the diagonal of `Λ³⁰`). */
  lambdaPowers: number[];
  /** `0.9³⁰` and `0.4³⁰` exactly. */
  lambdaPowersExact: string[];
  /** The unit eigenvector `v₁ = (3/5, 4/5)` of `λ₁ = 0.9`. */
  v1: number[];
  /** `0.9³⁰ v₁ v₁ᵀ`, the rank-one part of `W³⁰`. */
  rankOne: Matrix;
  /** Relative error of `rankOne` against `W³⁰`: the size of the `0.4³⁰` part. */
  rankOneError: number;
  /** `(0.4 / 0.9)³⁰`, how much smaller the second part is than the first. */
  eigenvalueRatioPower: number;
  /** `W³⁰` as printed in source solution 000 (6 decimals). */
  seed000W30: Matrix;
  /** Largest absolute difference between `seed000W30` and the exact `W³⁰`. */
  seed000W30Error: number;
  /** `W³⁰` as printed in source solution 003 (8 decimals). */
  seedW30: Matrix;
  /** Largest absolute difference between `seedW30` and the exact `W³⁰`. */
  seedW30Error: number;
  /** Source solution 000's eigendecomposition with its typo (`0.5` for `0.6` in `Q`). */
  seedTypo: {
    /** `Q` as printed in source solution 000. */
    Q: Matrix;
    /** `Q⁻¹` as printed in source solution 000 (correct, it equals the right `Q`). */
    Qinv: Matrix;
    /** `Q Λ Q⁻¹` with those factors. */
    product: Matrix;
    /** `product − W`. */
    difference: Matrix;
    /** `max |product − W|`. */
    maxAbsError: number;
    /** `max |product − W| / max |W|`. */
    relativeError: number;
  };
  /** The six regimes, `‖Wⁿ‖₂` for `n = 0 … N_MAX` each. */
  regimes: Regime[];
  /** The chart data: one row per regime and power. */
  regimeRows: RegimeRow[];
  /**
   * A contracting matrix that is not diagonalizable, the Jordan block
   * {@link DEFECTIVE_W}: `Wⁿ → 0`, but like `n ρⁿ⁻¹`, not like `ρⁿ`.
   */
  defective: {
    W: Matrix;
    spectralRadius: number;
    /** `‖Wⁿ‖₂` for `n = 0 … N_MAX`. */
    norms: number[];
    /** The largest `‖Wⁿ‖₂` and where: the norm rises before it decays. */
    peak: { n: number; norm: number };
    /** `‖Wⁿ‖₂ / ρⁿ` at a few `n`: grows like `n`, so no constant bounds it. */
    ratios: { n: number; ratio: number }[];
  };
}

/** A Jordan block with eigenvalue `9/10` twice and one eigenvector. */
export const DEFECTIVE_W: string[][] = [["0.9", "1"], ["0", "0.9"]];
/** The powers at which {@link Rnn2cResults.defective} lists `‖Wⁿ‖₂ / ρⁿ`. */
export const DEFECTIVE_RATIO_POWERS = [1, 10, 30, 60];

/**
 * Round a `DecompositionResult` out of an eigendecomposition and the exact
 * values to compare with.
 */
function describe(
  decomposition: Eigendecomposition,
  W: Matrix,
  exactValues: number[],
  exactW30: Matrix,
): DecompositionResult {
  const W30 = powerByEigendecomposition(decomposition, POWER);
  return {
    values: decomposition.values,
    Q: decomposition.Q,
    Qinv: decomposition.Qinv,
    valuesError: relativeError(decomposition.values, exactValues),
    reconstructionError: relativeError(
      powerByEigendecomposition(decomposition, 1),
      W,
    ),
    W30,
    W30Error: relativeError(W30, exactW30),
  };
}

/** Compute every number of the exercise (no randomness involved). */
export function compute(): Rnn2cResults {
  const exactW = toFractionMatrix(W_DECIMAL);
  const W = fractionMatrixToNumbers(exactW);

  // ## Step 1: the eigenvalues, exactly
  //
  // The eigenvalues of a 2×2 matrix are the roots of its characteristic
  // polynomial `λ² − tr(W) λ + det(W) = 0`. Here `tr W = 13/10` and
  // `det W = 0.58 · 0.72 − 0.24² = 9/25`, so
  // `λ = (13/10 ± √(169/100 − 144/100)) / 2 = (13/10 ± 5/10) / 2`, that is
  // `λ₁ = 9/10` and `λ₂ = 2/5`. The discriminant is a perfect square, so the
  // exact rational roots exist and we can check every floating-point answer
  // against them.
  const trace = exactW[0][0].add(exactW[1][1]);
  const determinant = exactW[0][0].mul(exactW[1][1]).sub(
    exactW[0][1].mul(exactW[1][0]),
  );
  const exactValues = rationalEigenvalues2x2(exactW);
  if (!exactValues) throw new Error("the eigenvalues of W should be rational");

  // ## Step 2: the eigenvectors
  //
  // For `λ₁ = 0.9`, `(W − 0.9 I) v = 0` reads `−0.32 v₁ + 0.24 v₂ = 0`, so
  // `v ∝ (3, 4)`, of unit length `(0.6, 0.8)`. For `λ₂ = 0.4` it reads
  // `0.18 v₁ + 0.24 v₂ = 0`, so `v ∝ (4, −3)`, `(0.8, −0.6)`. The two are
  // orthogonal, as they must be for a symmetric matrix, so `Q` is orthogonal
  // and `Q⁻¹ = Qᵀ`. Eigenvectors are determined up to their sign: the source solutions'
  // `Q` has columns `(−0.6, −0.8)` and `(−0.8, 0.6)`, the same vectors with
  // the sign flipped, and just as correct.
  //
  // Two programs find the same decomposition: the closed form for symmetric
  // 2×2 matrices (the formula a student uses by hand) and mathjs' general
  // eigenvalue algorithm. Each rebuilds `W` and is compared with the exact
  // eigenvalues.
  const exactW30Fractions = fractionMatpow(exactW, POWER);
  const exactW30 = fractionMatrixToNumbers(exactW30Fractions);
  const exactValueNumbers = exactValues.map(fractionToNumber);
  const closedForm = describe(
    eigSymmetric2x2(W),
    W,
    exactValueNumbers,
    exactW30,
  );
  const general = describe(eigendecompose(W), W, exactValueNumbers, exactW30);

  // ## Step 3: W³⁰ three ways
  //
  // By the result of exercise 2 (b), `W³⁰ = Q Λ³⁰ Q⁻¹`, and `Λ³⁰` is just
  // `diag(0.9³⁰, 0.4³⁰)`: two scalar powers instead of 29 matrix products.
  // That was done above for both decompositions. The plain way, multiplying
  // `W` by itself 29 times, gives the same matrix; and the exact rational
  // power (numerators and denominators of 30 digits) is the reference for
  // both. All three agree to about `10⁻¹⁵`, a few units of rounding.
  const W30Repeated = matpow(W, POWER);

  // ## Step 4: what we observe
  //
  // Write `W = λ₁ v₁ v₁ᵀ + λ₂ v₂ v₂ᵀ` (the eigendecomposition with an
  // orthogonal `Q`, column by column). Then
  // `W³⁰ = 0.9³⁰ v₁ v₁ᵀ + 0.4³⁰ v₂ v₂ᵀ`. The first coefficient is about
  // `0.042`, the second about `10⁻¹²`: every entry of `W³⁰` is small, and
  // what is left is, to eleven digits, the rank-one matrix `0.9³⁰ v₁ v₁ᵀ`.
  // Repeated multiplication by `W` shrinks every vector and turns it towards
  // `v₁`: the direction of the largest eigenvalue survives longest.
  const lambdaPowersExact = exactValues.map((value) => value.pow(POWER));
  const v1 = [0.6, 0.8];
  const rankOne = scale(outer(v1, v1), fractionToNumber(lambdaPowersExact[0]));

  // The source solutions print `W³⁰` to 6 (source solution 000) and 8 (source solution 003) decimals. Seed
  // 003's numbers are correctly rounded; source solution 000 truncates its first entry
  // (`0.015260` for `0.0152608…`), an error of less than one unit in the sixth
  // decimal.
  const seed000W30 = [[0.015260, 0.020348], [0.020348, 0.027130]];
  const seedW30 = [[0.01526082, 0.02034776], [0.02034776, 0.02713034]];

  // Source solution 000 prints `Q = [[−0.6, −0.8], [−0.8, 0.5]]`: a typo for `0.6`, as
  // its own `Q⁻¹` and its later use of `Q` show. With the typo the product
  // `Q Λ Q⁻¹` is not `W`: the second row is off by a few hundredths.
  const typoQ = [[-0.6, -0.8], [-0.8, 0.5]];
  const typoQinv = [[-0.6, -0.8], [-0.8, 0.6]];
  const typoProduct = matmul(matmul(typoQ, [[0.9, 0], [0, 0.4]]), typoQinv);

  // ## Step 5: the regimes
  //
  // `Wⁿ = Q Λⁿ Q⁻¹` says that `Wⁿ` does what the powers `λᵢⁿ` do, as long as
  // `W` is diagonalizable. We follow `‖Wⁿ‖₂`, the largest factor by which
  // `Wⁿ` can stretch a vector, for one matrix of each kind, chosen with
  // simple rational entries so that every power is also checked exactly:
  //
  // - all `|λ| < 1`: the `W` of the exercise, `‖Wⁿ‖₂ = 0.9ⁿ → 0`;
  // - one `|λ| > 1`: eigenvalues `1.1` and `0.4`, same eigenvectors. The
  //   question asks about "any" eigenvalue, and one is enough:
  //   `‖Wⁿ‖₂ = 1.1ⁿ → ∞` although the other eigenvalue is small;
  // - all `λ = 1` and diagonalizable: then `W = Q I Q⁻¹ = I`, the only such
  //   matrix, and `Wⁿ = I` stays constant;
  // - `|λ| = 1` but `λ = −1`: a reflection, eigenvalues `1` and `−1`.
  //   `Λⁿ = diag(1, (−1)ⁿ)`, so `Wⁿ` alternates between `W` and `I`: its norm
  //   is constant, but it does not settle;
  // - `|λ| = 1` with complex eigenvalues `e^{±iθ}`: the rotation by
  //   `θ = arctan(4/3) ≈ 53°`. `Wⁿ` is the rotation by `nθ`; its norm is
  //   always 1, and since `θ/π` is irrational it never repeats;
  // - all `λ = 1` but not diagonalizable: the Jordan block `[[1, 1], [0, 1]]`.
  //   `Q` does not exist, `Wⁿ = [[1, n], [0, 1]]` and `‖Wⁿ‖₂` grows like `n`.
  //   "All eigenvalues are 1" does not mean "nothing changes".
  const regimeSpecs: {
    id: string;
    label: string;
    description: string;
    W: string[][];
  }[] = [
    {
      id: "contracting",
      label: "all |λ| < 1: λ = 0.9, 0.4",
      description: "all |λ| < 1: Wⁿ → 0 like 0.9ⁿ",
      W: W_DECIMAL,
    },
    {
      id: "expanding",
      label: "one |λ| > 1: λ = 1.1, 0.4",
      description: "one |λ| > 1: ‖Wⁿ‖ grows like 1.1ⁿ",
      // Q diag(1.1, 0.4) Qᵀ with the eigenvectors of W.
      W: [["0.652", "0.336"], ["0.336", "0.848"]],
    },
    {
      id: "identity",
      label: "all λ = 1, diagonalizable: W = I",
      description: "all λ = 1 and diagonalizable: W = I, Wⁿ = I",
      W: [["1", "0"], ["0", "1"]],
    },
    {
      id: "reflection",
      label: "|λ| = 1: λ = 1, −1 (reflection)",
      description: "λ = 1 and −1: Wⁿ alternates between W and I",
      // Q diag(1, −1) Qᵀ with the eigenvectors of W.
      W: [["-0.28", "0.96"], ["0.96", "0.28"]],
    },
    {
      id: "rotation",
      label: "|λ| = 1: λ = 0.6 ± 0.8i (rotation)",
      description: "λ = 0.6 ± 0.8i: Wⁿ rotates by nθ and never settles",
      W: [["0.6", "-0.8"], ["0.8", "0.6"]],
    },
    {
      id: "jordan",
      label: "all λ = 1, not diagonalizable (Jordan)",
      description: "λ = 1 twice, one eigenvector: Wⁿ = [[1, n], [0, 1]] grows",
      W: [["1", "1"], ["0", "1"]],
    },
  ];
  const regimes: Regime[] = regimeSpecs.map((spec) => {
    const exact = toFractionMatrix(spec.W);
    const M = fractionMatrixToNumbers(exact);
    // Powers by repeated products, one more factor each step.
    const powers: Matrix[] = [identity(2)];
    for (let n = 1; n <= N_MAX; n++) powers.push(matmul(powers[n - 1], M));
    return {
      id: spec.id,
      label: spec.label,
      description: spec.description,
      W: M,
      WExact: fractionMatrixToStrings(exact),
      eigenvalues: eigenvalues(M),
      spectralRadius: spectralRadius(M),
      norms: powers.map(spectralNorm),
      firstPowers: powers.slice(1, 5),
    };
  });
  const regimeRows = regimes.flatMap((regime) =>
    regime.norms.map((norm, n) => ({
      n,
      id: regime.id,
      regime: regime.label,
      norm,
    }))
  );

  // ## Step 6: not diagonalizable, and still contracting
  //
  // Every `|λ| < 1` makes `Wⁿ → 0` for any square matrix, but only a
  // diagonalizable `W` decays like `ρ(W)ⁿ`. A Jordan block of size `m`
  // carries a polynomial factor `n^{m−1}`: for `[[0.9, 1], [0, 0.9]]`,
  // `Wⁿ = [[0.9ⁿ, n 0.9ⁿ⁻¹], [0, 0.9ⁿ]]`, whose norm first grows (to a peak
  // near `n = 10`) and only then decays, like `n 0.9ⁿ⁻¹`.
  const defectiveW = fractionMatrixToNumbers(toFractionMatrix(DEFECTIVE_W));
  const defectivePowers: Matrix[] = [identity(2)];
  for (let n = 1; n <= N_MAX; n++) {
    defectivePowers.push(matmul(defectivePowers[n - 1], defectiveW));
  }
  const defectiveNorms = defectivePowers.map(spectralNorm);
  const defectiveRadius = spectralRadius(defectiveW);
  const peakNorm = Math.max(...defectiveNorms);
  const defective = {
    W: defectiveW,
    spectralRadius: defectiveRadius,
    norms: defectiveNorms,
    peak: { n: defectiveNorms.indexOf(peakNorm), norm: peakNorm },
    ratios: DEFECTIVE_RATIO_POWERS.map((n) => ({
      n,
      ratio: defectiveNorms[n] / defectiveRadius ** n,
    })),
  };

  return {
    W,
    WExact: fractionMatrixToStrings(exactW),
    eigenvaluesExact: exactValues.map((value) => value.toFraction()),
    traceExact: trace.toFraction(),
    determinantExact: determinant.toFraction(),
    closedForm,
    mathjs: general,
    W30Repeated,
    W30RepeatedError: relativeError(W30Repeated, exactW30),
    W30: exactW30,
    W30Exact: fractionMatrixToStrings(exactW30Fractions),
    lambdaPowers: lambdaPowersExact.map(fractionToNumber),
    lambdaPowersExact: lambdaPowersExact.map((value) => value.toFraction()),
    v1,
    rankOne,
    rankOneError: relativeError(rankOne, exactW30),
    eigenvalueRatioPower: fractionToNumber(
      exactValues[1].div(exactValues[0]).pow(POWER),
    ),
    seed000W30,
    seed000W30Error: maxAbs(sub(seed000W30, exactW30)),
    seedW30,
    seedW30Error: maxAbs(sub(seedW30, exactW30)),
    seedTypo: {
      Q: typoQ,
      Qinv: typoQinv,
      product: typoProduct,
      difference: sub(typoProduct, W),
      maxAbsError: maxAbs(sub(typoProduct, W)),
      relativeError: maxAbs(sub(typoProduct, W)) / maxAbs(W),
    },
    regimes,
    regimeRows,
    defective,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
