/**
 * # Audit of source solution 000: Homework 5, Recurrent Neural Networks
 *
 * A solution of the problem set "RNN" in Chinese. Its derivations of
 * Exercise 1 are right (it even corrects the sheet's lower limit `k = 1`);
 * the mistakes are a typo in the eigenvector matrix, the shape of the step
 * Jacobian, one rounding, and the answer to "what if all eigenvalues are 1?".
 * The problem statement's own mistakes are in `rnn-statement.ts`.
 *
 * @module
 */
import {
  cellJacobian,
  diag,
  eigSymmetric2x2,
  fractionMatmul,
  type FractionMatrix,
  fractionMatrixToNumbers,
  lstmForward,
  matmul,
  matpow,
  type Matrix,
  maxAbs,
  randomLstmParams,
  rnnForward,
  seededRandom,
  spectralNorm,
  stepJacobian,
  sub,
  toFractionMatrix,
  type Vector,
} from "../lib/mod.ts";
import {
  type CorrectClaims,
  type Erratum,
  roundTo,
  SEED_FILES,
} from "./types.ts";

/** The test file of this module's errata and claims. */
export const TEST_FILE = "tests/audit/seed-000_test.ts";

/** The weight matrix of Exercise 2(c), as printed. */
export const W_2C: Matrix = [[0.58, 0.24], [0.24, 0.72]];
/** The eigenvalues of Exercise 2(c), as printed. */
export const LAMBDA_2C: Matrix = [[0.9, 0], [0, 0.4]];
/** The eigenvector matrix as the sheet (and source solution 003) prints it; orthogonal and symmetric, so `Q⁻¹ = Q`. */
export const Q_SHEET: Matrix = [[-0.6, -0.8], [-0.8, 0.6]];
/** The eigenvector matrix as source solution 000 prints it (on the left of `Λ`). */
export const Q_SEED_000: Matrix = [[-0.6, -0.8], [-0.8, 0.5]];
/** Source solution 000's `W³⁰`, eq. (15), as printed. */
export const W30_SEED_000: Matrix = [[0.015260, 0.020348], [
  0.020348,
  0.027130,
]];

// ## The eigenvector matrix
//
// Source solution 000 copies the decomposition of 2(c) with `0.5` where the sheet has
// `0.6`. Multiplying out its `Q Λ Q⁻¹` shows the typo does not reproduce `W`
// (its eq. (15) then uses the right `Q`).

/**
 * `Q Λ Q⁻¹` with source solution 000's left factor, and with the sheet's.
 */
export function qTypo(): { seedProduct: Matrix; sheetProduct: Matrix } {
  // In exact rationals, so that the sheet's product is `W` to the last digit.
  const [q, lambda, qSeed] = [Q_SHEET, LAMBDA_2C, Q_SEED_000].map(
    toFractionMatrix,
  );
  const product = (left: FractionMatrix) =>
    fractionMatrixToNumbers(
      fractionMatmul(fractionMatmul(left, lambda), q),
    );
  return { seedProduct: product(qSeed), sheetProduct: product(q) };
}

// ## The shape of the step Jacobian
//
// `h_{t−1} ∈ ℝⁿ` and `h_t ∈ ℝⁿ`, so `∂h_t/∂h_{t−1}` is `n × n`; source solution 000's
// eq. (10) copies the `n × d` of the layer `y = σ(W x)` of 1(a). We evaluate
// it for `n = 3` units and `d = 2` inputs.

/**
 * The shape of `∂h_1/∂h_0 = diag(σ'(z_1)) W` for `n = 3`, `d = 2`.
 */
export function stepJacobianShape(): {
  shape: [number, number];
  n: number;
  d: number;
  jacobian: Matrix;
} {
  const rng = seededRandom(1000);
  const n = 3, d = 2;
  const params = { W: rng.matrix(n, n), U: rng.matrix(n, d) };
  const trace = rnnForward(params, [rng.vector(d), rng.vector(d)]);
  const jacobian = stepJacobian(params, trace, 1);
  return { shape: [jacobian.length, jacobian[0].length], n, d, jacobian };
}

// ## `W³⁰`
//
// `W³⁰ = Q Λ³⁰ Q⁻¹ = 0.9³⁰ q₁q₁ᵀ + 0.4³⁰ q₂q₂ᵀ`. Its (1,1) entry is
// `0.36 · 0.9³⁰ + 0.64 · 0.4³⁰ = 0.0152608…`, which rounds to `0.015261`.

/**
 * `W³⁰` by the eigendecomposition, in floating point.
 */
export function w30(): Matrix {
  return matmul(
    matmul(Q_SHEET, diag([0.9 ** 30, 0.4 ** 30])),
    Q_SHEET,
  );
}

// ## "Any" eigenvalue larger than 1
//
// The sheet asks what happens if the modulus of *any* eigenvalue exceeds 1;
// the source answers for *all* of them. The two conditions are
// `min |λ| > 1` and `max |λ| = ρ(W) > 1`. A case with one eigenvalue on each
// side: `W = Q diag(1.2, 0.5) Qᵀ` with the `Q` of 2(c).

/** The matrix with eigenvalues 1.2 and 0.5 and the eigenvectors of 2(c). */
export const W_MIXED: Matrix = matmul(
  matmul(Q_SHEET, [[1.2, 0], [0, 0.5]]),
  Q_SHEET,
);

/**
 * The two conditions and the growth of `W³⁰` for {@link W_MIXED}.
 */
export function anyEigenvalue(): {
  smallestModulus: number;
  largestModulus: number;
  norm30: number;
} {
  const { values } = eigSymmetric2x2(W_MIXED);
  const moduli = values.map(Math.abs);
  return {
    smallestModulus: Math.min(...moduli),
    largestModulus: Math.max(...moduli),
    norm30: spectralNorm(matpow(W_MIXED, 30)),
  };
}

// ## Eigenvalues of modulus 1
//
// "When the absolute values of all eigenvalues of W equal 1, … Λ does not
// change, and in the end the value of Wⁿ does not change." For `λ = −1`
// (or complex `λ` on the unit circle) `Λⁿ` changes with `n`: the swap
// matrix `[[0, 1], [1, 0]]` has eigenvalues 1 and −1, and its square is `I`.

/** The swap matrix: eigenvalues 1 and −1, symmetric, diagonalizable. */
export const SWAP: Matrix = [[0, 1], [1, 0]];
/** The rotation by a quarter turn: eigenvalues ±i, modulus 1. */
export const QUARTER_TURN: Matrix = [[0, -1], [1, 0]];
/** A Jordan block: both eigenvalues are 1, and it is not diagonalizable. */
export const JORDAN: Matrix = [[1, 1], [0, 1]];

/**
 * `W²` for the swap matrix, against the source's "unchanged" `W`.
 */
export function unitModulus(): { unchanged: Matrix; square: Matrix } {
  return { unchanged: SWAP, square: matpow(SWAP, 2) };
}

/**
 * `W³⁰` for the Jordan block `[[1, 1], [0, 1]]`: `[[1, 30], [0, 1]]`.
 */
export function jordanPower(n = 30): Matrix {
  return matpow(JORDAN, n);
}

// ## The constant error carousel
//
// With `f_t = 1` and `i_t = 0`, `C_t = C_{t−1}` unit by unit, so the Jacobian
// `∂C_t/∂C_k` is the `n × n` identity, whatever the other weights.

/**
 * `∂C_4/∂C_1` of a random 3-unit LSTM with the gates held at `f = 1`,
 * `i = 0`.
 */
export function carouselJacobian(): Matrix {
  const rng = seededRandom(1001);
  const params = randomLstmParams(rng, 3, 2);
  const xs: Vector[] = Array.from({ length: 5 }, () => rng.vector(2));
  const gates = { f: 1, i: 0 };
  const trace = lstmForward(params, xs, { gates, CInit: rng.vector(3) });
  return cellJacobian(params, trace, 4, 1, { gates });
}

/**
 * The errata of source solution 000's solution (its copy of the problem statement is
 * audited in `rnn-statement.ts`).
 */
export function errata(): Erratum[] {
  const own = {
    seed: SEED_FILES.s000,
    alsoIn: [] as string[],
    part: "solution" as const,
  };
  const shared = {
    seed: SEED_FILES.s000,
    alsoIn: [SEED_FILES.s003],
    part: "solution" as const,
  };
  const q = qTypo();
  const shape = stepJacobianShape();
  const entry11 = w30()[0][0];
  const mixed = anyEigenvalue();
  const unit = unitModulus();
  const jordan = jordanPower();
  const carousel = carouselJacobian();
  const ones = carousel.map((row) => row.map(() => 1));
  const list: Erratum[] = [
    {
      ...own,
      id: "000-q-typo",
      title: "A typo in the eigenvector matrix $Q$",
      location: "Exercise 2(c), the eigendecomposition",
      says:
        "$W = \\begin{bmatrix} -0.6 & -0.8 \\\\ -0.8 & 0.5 \\end{bmatrix} \\begin{bmatrix} 0.9 & 0 \\\\ 0 & 0.4 \\end{bmatrix} \\begin{bmatrix} -0.6 & -0.8 \\\\ -0.8 & 0.6 \\end{bmatrix}$",
      right:
        "The $(2,2)$ entry of the left factor is $0.6$, as in the sheet: $Q = \\begin{bmatrix} -0.6 & -0.8 \\\\ -0.8 & 0.6 \\end{bmatrix}$, orthogonal and symmetric, so $Q^{-1} = Q$. The source's eq. (15) then uses the right $Q$.",
      reading: "",
      case: "The printed factors multiplied out.",
      quantity: "$Q \\Lambda Q^{-1}$ with the printed factors",
      seedValue: q.seedProduct,
      correctValue: q.sheetProduct,
      difference: maxAbs(sub(q.seedProduct, q.sheetProduct)),
      measure: "max |source − right| over the entries",
      severity: "wrong",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name:
          "000-q-typo: the printed Q does not give back W, the sheet's does",
      },
    },
    {
      ...own,
      id: "000-step-jacobian-shape",
      title: "The shape of $\\partial h_t/\\partial h_{t-1}$",
      location: "Exercise 2(a), eq. (10)",
      says:
        "$\\frac{\\partial h_t}{\\partial h_{t-1}} = \\operatorname{diag}(\\sigma')W \\in \\mathbb{R}^{n \\times d}$",
      right:
        "$h_t$ and $h_{t-1}$ are both in $\\mathbb{R}^n$ and the recurrent $W$ is $n \\times n$, so $\\partial h_t/\\partial h_{t-1} = \\operatorname{diag}(\\sigma'(z_t))\\,W \\in \\mathbb{R}^{n \\times n}$ (source 003 writes $n \\times n$). The $n \\times d$ belongs to the layer $y = \\sigma(Wx)$ of 1(a), where $W$ multiplies an input $x \\in \\mathbb{R}^d$.",
      reading: "",
      case: "An RNN with $n = 3$ units and $d = 2$ inputs.",
      quantity: "shape (rows, columns) of $\\partial h_1/\\partial h_0$",
      seedValue: [shape.n, shape.d],
      correctValue: shape.shape,
      difference: Math.abs(shape.shape[1] - shape.d),
      measure: "columns: $|n - d|$",
      severity: "wrong",
      exercises: ["rnn-2a"],
      test: {
        file: TEST_FILE,
        name:
          "000-step-jacobian-shape: the step Jacobian is n by n, not n by d",
      },
    },
    {
      ...own,
      id: "000-w30-rounding",
      title: "One entry of $W^{30}$ truncated",
      digits: 5,
      location: "Exercise 2(c), eq. (15)",
      says:
        "the $(1,1)$ entry of $W^{30}$ in eq. (15), printed to six decimals (shown below as the source's value)",
      right:
        "$(W^{30})_{11} = 0.36 \\cdot 0.9^{30} + 0.64 \\cdot 0.4^{30}$, which rounds to the printed value plus one unit in the sixth decimal: the source truncated instead of rounding. The other three printed entries are right.",
      reading: "",
      case: "$W$ of Exercise 2(c), exactly ($0.58 = 29/50$, …).",
      quantity: "$(W^{30})_{11}$ to six decimals",
      seedValue: W30_SEED_000[0][0],
      correctValue: roundTo(entry11, 6),
      difference: Math.abs(W30_SEED_000[0][0] - entry11),
      measure:
        "|printed − exact|; a correctly rounded six-decimal value is within half a unit of the sixth decimal",
      severity: "imprecise",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name:
          "000-w30-rounding: the printed entry is truncated, the exact one rounds up",
      },
    },
    {
      ...own,
      id: "000-any-eigenvalue",
      title: "“Any” eigenvalue above 1 answered as “all”",
      location: "Exercise 2(c), answer 3",
      says:
        "“When the absolute values of all eigenvalues of $W$ are greater than 1 … $W^n$ becomes very large”, in answer to “if the absolute value of any eigenvalue is larger than 1”",
      right:
        "One eigenvalue is enough: if $\\rho(W) = \\max_i |\\lambda_i| > 1$ then $\\|W^n\\| \\ge \\rho(W)^n \\to \\infty$, and $W^n x$ explodes for every $x$ with a component along that eigenvector, while the components along eigenvalues of modulus below 1 still vanish.",
      reading: "",
      case:
        "$W = Q \\operatorname{diag}(1.2, 0.5)\\,Q^{\\top}$ with the $Q$ of 2(c).",
      quantity:
        "the source's test $\\min_i |\\lambda_i|$ vs the question's $\\max_i |\\lambda_i|$ (each compared with 1)",
      seedValue: mixed.smallestModulus,
      correctValue: mixed.largestModulus,
      difference: mixed.norm30,
      measure:
        "$\\|W^{30}\\|_2$: it explodes although the source's condition fails",
      severity: "imprecise",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name: "000-any-eigenvalue: one eigenvalue above 1 makes Wⁿ explode",
      },
    },
    {
      ...own,
      id: "000-unit-modulus",
      title: "Eigenvalues of modulus 1: $W^n$ does change",
      location: "Exercise 2(c), answer 4",
      says:
        "“When the absolute values of all eigenvalues of $W$ equal 1 … however $n$ changes, $\\Lambda$ does not change, and $W^n$ does not change”",
      right:
        "$|\\lambda| = 1$ allows $\\lambda = -1$ and complex $\\lambda = e^{i\\theta}$, whose powers change with $n$: $W^n$ oscillates or rotates (for a diagonalizable $W$ it stays bounded, neither vanishing nor exploding). Only $\\lambda = 1$ gives $\\Lambda^n = \\Lambda$, and a diagonalizable $W$ with all eigenvalues 1 is $I$.",
      reading:
        "Literally, $W^n = W$ for every $n$. A charitable reading, “$\\|W^n\\|$ stays bounded”, holds for diagonalizable $W$ (checked for the swap and the quarter turn) and fails for the Jordan block (000-unit-eigenvalue-jordan).",
      case:
        "The swap $W = \\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}$, eigenvalues $1$ and $-1$.",
      quantity: "$W^2$",
      seedValue: unit.unchanged,
      correctValue: unit.square,
      difference: maxAbs(sub(unit.square, unit.unchanged)),
      measure: "max |source − right| over the entries",
      severity: "wrong",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name:
          "000-unit-modulus: eigenvalues −1 and complex ones make Wⁿ change",
      },
    },
    {
      ...shared,
      id: "000-unit-eigenvalue-jordan",
      title: "All eigenvalues 1, and $W$ not diagonalizable",
      location: "Exercise 2(c), last answer (003: the same answer)",
      says:
        "“What if all eigenvalues are 1?”: $W^n$ does not change (003: $\\Lambda^n = I^n = I$, so $W^n$ stays the same)",
      right:
        "The question does not say $W$ is diagonalizable. If it is, $W = Q I Q^{-1} = I$ and nothing happens. If not, as the Jordan block $\\begin{bmatrix} 1 & 1 \\\\ 0 & 1 \\end{bmatrix}$, then $W^n = \\begin{bmatrix} 1 & n \\\\ 0 & 1 \\end{bmatrix}$ grows linearly in $n$: a gradient through it explodes polynomially. The eigendecomposition of 2(b) does not exist for it.",
      reading:
        "“All eigenvalues are 1” taken literally (the sources answer for $|\\lambda| = 1$, see 000-unit-modulus).",
      case: "The Jordan block, $n = 30$.",
      quantity: "$W^{30}$",
      seedValue: JORDAN,
      correctValue: jordan,
      difference: maxAbs(sub(jordan, JORDAN)),
      measure: "max |source − right| over the entries",
      severity: "wrong",
      exercises: ["rnn-2c"],
      test: {
        file: TEST_FILE,
        name: "000-unit-eigenvalue-jordan: all eigenvalues 1 and W³⁰ is not W",
      },
    },
    {
      ...shared,
      id: "000-carousel-identity",
      title: "The carousel's gradient is the identity matrix",
      location: "Exercise 3(c), eq. (16) (003: eq. (26))",
      says: "“Obviously, the gradient is 1” (003: “the gradient is 1”)",
      right:
        "$\\partial C_t/\\partial C_k$ is an $n \\times n$ Jacobian; with $f = 1$, $i = 0$ it is the identity $I_n$: each unit keeps its own value and units do not mix. “1” is right for one unit, or read as $I$.",
      reading:
        "“1” read entry by entry (every entry of the Jacobian equal to 1); read as the identity, it is right.",
      case:
        "A random LSTM with $n = 3$ units, gates held at $f = 1$, $i = 0$; $\\partial C_4/\\partial C_1$.",
      quantity: "$\\partial C_4/\\partial C_1$ (3 × 3)",
      seedValue: ones,
      correctValue: carousel,
      difference: maxAbs(sub(ones, carousel)),
      measure: "max |source − right| over the entries",
      severity: "imprecise",
      exercises: ["rnn-3c"],
      test: {
        file: TEST_FILE,
        name:
          `000-carousel-identity: the carousel Jacobian is the identity, not all ones`,
      },
    },
  ];
  return list;
}

/**
 * What source solution 000 gets right, each claim checked in {@link TEST_FILE}.
 */
export function correct(): CorrectClaims {
  return {
    seed: SEED_FILES.s000,
    title:
      "Homework 5, Recurrent Neural Networks: the problem set “RNN”, solved in Chinese",
    claims: [
      "Exercise 1(a): $\\partial y/\\partial x = \\operatorname{diag}(\\sigma'(Wx))\\,W \\in \\mathbb{R}^{n \\times d}$, derived entry by entry.",
      "Exercise 1(b): the sheet's lower limit is wrong; with $h_0 = \\sigma(W h_f + U x_0)$ the double sum runs from $k = 0$ (eq. 8), and that sum is the gradient.",
      "Exercise 2(a): the expansion for $T = 3$ has the ten terms of the double sum, eq. (9).",
      "Exercise 2(b): the induction $M^t = M^{t-1}M = Q\\Lambda^{t-1}Q^{-1}Q\\Lambda Q^{-1} = Q\\Lambda^t Q^{-1}$.",
      "Exercise 2(c): $W^{30} = Q\\Lambda^{30}Q^{-1}$ computed with the right $Q$; three of its four printed entries are correctly rounded.",
      "Exercise 2(c): when all $|\\lambda_i| < 1$, $W^n \\to 0$ as $n$ grows.",
      "Exercise 3(a): the forget gate scales $C_{t-1}$, the input gate admits $\\tilde C_t$, the output gate decides how much of $\\tanh C_t$ reaches $h_t$.",
      "Exercise 3(b): $f_t, i_t, o_t \\in (0, 1)$ are always positive; $\\tilde C_t$, $C_t$ and $h_t$ can be negative.",
      "Exercise 3(c): with $f_t = 1$ and $i_t = 0$ the product of the one-step derivatives is the identity: nothing vanishes.",
    ],
  };
}
