/**
 * # A linear autoencoder learns the principal subspace
 *
 * An autoencoder with one linear hidden layer of `k` units reconstructs
 * `x ∈ ℝ^d` as `x̃ = U₂ U₁ x`, with an encoder `U₁` (`k × d`) and a decoder
 * `U₂` (`d × k`), trained to minimize the mean squared error
 * `J = (1/N) Σₙ ‖x̃ₙ − xₙ‖²`. Show that it learns the same subspace as
 * principal component analysis, and that its error is the sum of the
 * eigenvalues it leaves out. We do it on generated data, by training the
 * autoencoder with gradient descent and comparing with the eigenvectors. One
 * detail decides which eigenvectors: the model as stated has no bias, and
 * then it is the eigenvectors of the uncentred second moment
 * `(1/N) Σ x xᵀ`, not of the covariance, that it finds.
 *
 * @module
 */
import { inv } from "../lib/mathjs.ts";
import {
  add,
  dot,
  eigendecompose,
  frobeniusNorm,
  identity,
  matmul,
  type Matrix,
  matvec,
  outer,
  scale,
  seededRandom,
  spectralNorm,
  sub,
  transpose,
  type Vector,
  zeros,
} from "../lib/mod.ts";

// ## The data
//
// We draw `N = 500` points in `d = 5` dimensions from a Gaussian whose
// covariance we choose: eigenvalues `4, 2, 1, 0.5, 0.25` along the columns of
// a random orthogonal matrix, so the data is stretched differently in every
// direction and the principal directions are not the coordinate axes. The
// mean is far from zero on purpose, because the mean is what separates the
// model without bias from PCA.

/** Dimension of the data. */
export const DIMENSION = 5;
/** Number of samples. */
export const SAMPLES = 500;
/** Eigenvalues of the population covariance, largest first. */
export const POPULATION_EIGENVALUES: readonly number[] = [4, 2, 1, 0.5, 0.25];
/** Mean of the population. */
export const POPULATION_MEAN: readonly number[] = [1.5, -1, 2, 0.5, -0.5];

/**
 * Orthonormalize the columns of a square matrix by Gram–Schmidt.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { orthonormalColumns } from "./a3-4.ts";
 * const Q = orthonormalColumns([[1, 1], [0, 1]]);
 * assertAlmostEquals(Q[0][1] * Q[0][0] + Q[1][1] * Q[1][0], 0, 1e-15);
 * ```
 */
export function orthonormalColumns(m: Matrix): Matrix {
  const columns: Vector[] = [];
  for (const column of transpose(m)) {
    let v = column;
    for (const q of columns) v = sub(v, scale(q, dot(v, q)));
    columns.push(scale(v, 1 / Math.hypot(...v)));
  }
  return transpose(columns);
}

/** The generated data set and the population it was drawn from. */
export interface DataSet {
  /** The samples `x₁ … x_N`. */
  samples: Vector[];
  /** Population covariance `Σ = Q diag(λ) Qᵀ`. */
  populationCovariance: Matrix;
}

/**
 * Draw the data: `x = μ + Q diag(√λ) z` with `z` standard normal, seeded.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { generateData } from "./a3-4.ts";
 * assertEquals(generateData().samples.length, 500);
 * ```
 */
export function generateData(seed = 2024): DataSet {
  const rng = seededRandom(seed);
  const Q = orthonormalColumns(rng.matrix(DIMENSION, DIMENSION));
  const stretch = matmul(
    Q,
    identity(DIMENSION).map((row, i) =>
      row.map((x) => x * Math.sqrt(POPULATION_EIGENVALUES[i]))
    ),
  );
  const samples = Array.from(
    { length: SAMPLES },
    () => add([...POPULATION_MEAN], matvec(stretch, rng.vector(DIMENSION))),
  );
  return { samples, populationCovariance: matmul(stretch, transpose(stretch)) };
}

// ## Two matrices of the data
//
// Everything the squared error needs from the data is in two averages: the
// sample mean `x̄ = (1/N) Σ xₙ` and the matrix of second moments about a
// point `c`, `(1/N) Σ (xₙ − c)(xₙ − c)ᵀ`. About the mean it is the covariance
// `S`; about the origin it is the uncentred second moment `R`, and
// `R = S + x̄ x̄ᵀ`.

/**
 * `(1/N) Σ (xₙ − c)(xₙ − c)ᵀ`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { secondMomentAbout } from "./a3-4.ts";
 * assertEquals(secondMomentAbout([[1, 0], [-1, 0]], [0, 0]), [[1, 0], [0, 0]]);
 * ```
 */
export function secondMomentAbout(samples: Vector[], center: Vector): Matrix {
  const d = center.length;
  let sum = zeros(d, d);
  for (const x of samples) {
    const centered = sub(x, center);
    sum = add(sum, outer(centered, centered));
  }
  return scale(sum, 1 / samples.length);
}

/**
 * The sample mean `x̄`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sampleMean } from "./a3-4.ts";
 * assertEquals(sampleMean([[1, 2], [3, 4]]), [2, 3]);
 * ```
 */
export function sampleMean(samples: Vector[]): Vector {
  return scale(samples.reduce((s, x) => add(s, x)), 1 / samples.length);
}

// ## The error as a function of the weights
//
// Write `A = U₂ U₁` and allow a decoder bias `b` (zero for the model of the
// exercise): `x̃ = A x + b`. Expanding the square and averaging,
//
//     J = tr((A − I) R (A − I)ᵀ) + 2 bᵀ (A − I) x̄ + ‖b‖²,
//
// so a full pass over the data costs no more than a few `d × d` products.
// Its gradient, with `G = ∂J/∂A = 2 (A − I) R + 2 b x̄ᵀ`, is
//
//     ∂J/∂U₂ = G U₁ᵀ,   ∂J/∂U₁ = U₂ᵀ G,   ∂J/∂b = 2 (A − I) x̄ + 2 b.
//
// This is exactly the gradient of the average over the samples (the tests
// check it against finite differences and an autodiff of the sum over all
// 500 samples), so gradient descent on it is full-batch training.

/** What the error needs from the data. */
export interface Moments {
  /** Uncentred second moment `R = (1/N) Σ x xᵀ`. */
  R: Matrix;
  /** Sample mean `x̄`. */
  mean: Vector;
}

/** The weights of the autoencoder `x̃ = U₂ U₁ x + b`. */
export interface Autoencoder {
  /** Encoder, `k × d`. */
  U1: Matrix;
  /** Decoder, `d × k`. */
  U2: Matrix;
  /** Decoder bias, `d` (zeros for the model without bias). */
  b: Vector;
}

/**
 * `A = U₂ U₁`, the `d × d` zero matrix when `k = 0`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { reconstructionMatrix } from "./a3-4.ts";
 * assertEquals(reconstructionMatrix([[1], [0]], [[1, 1]]), [[1, 1], [0, 0]]);
 * assertEquals(reconstructionMatrix([[], []], []), [[0, 0], [0, 0]]);
 * ```
 */
export function reconstructionMatrix(U2: Matrix, U1: Matrix): Matrix {
  return U1.length === 0 ? zeros(U2.length, U2.length) : matmul(U2, U1);
}

/**
 * `J = tr((A − I) R (A − I)ᵀ) + 2 bᵀ (A − I) x̄ + ‖b‖²`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { autoencoderError } from "./a3-4.ts";
 * // one sample x = (1, 2), nothing reconstructed: J = ‖x‖² = 5
 * const moments = { R: [[1, 2], [2, 4]], mean: [1, 2] };
 * assertEquals(autoencoderError(moments, { U1: [], U2: [[], []], b: [0, 0] }), 5);
 * ```
 */
export function autoencoderError(moments: Moments, ae: Autoencoder): number {
  const E = sub(reconstructionMatrix(ae.U2, ae.U1), identity(moments.R.length));
  const ERE = matmul(matmul(E, moments.R), transpose(E));
  const trace = ERE.reduce((s, row, i) => s + row[i], 0);
  return trace + 2 * dot(ae.b, matvec(E, moments.mean)) + dot(ae.b, ae.b);
}

/**
 * The gradient of {@link autoencoderError} with respect to `U₁`, `U₂`, `b`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { autoencoderGradient } from "./a3-4.ts";
 * const moments = { R: [[1]], mean: [1] };
 * // J = (u₂u₁ − 1)² + 2b(u₂u₁ − 1) + b²; at u₁ = u₂ = 1, b = 0 all derivatives vanish
 * assertEquals(autoencoderGradient(moments, { U1: [[1]], U2: [[1]], b: [0] }), { U1: [[0]], U2: [[0]], b: [0] });
 * ```
 */
export function autoencoderGradient(
  moments: Moments,
  ae: Autoencoder,
): Autoencoder {
  const d = moments.R.length;
  const E = sub(reconstructionMatrix(ae.U2, ae.U1), identity(d));
  const G = add(
    scale(matmul(E, moments.R), 2),
    scale(outer(ae.b, moments.mean), 2),
  );
  const k = ae.U1.length;
  return {
    U1: k === 0 ? [] : matmul(transpose(ae.U2), G),
    U2: k === 0 ? ae.U2.map(() => []) : matmul(G, transpose(ae.U1)),
    b: add(scale(matvec(E, moments.mean), 2), scale(ae.b, 2)),
  };
}

// ## Training
//
// Plain gradient descent, from small random weights (scale 0.1, seeded), with
// the step `0.4 / μ₁`, where `μ₁` is the largest eigenvalue of `R`: the
// curvature of `J` is about `2 μ₁ (‖U₁‖² + ‖U₂‖²) ≈ 4 μ₁` near a solution, so
// this is safely below the stability limit. We stop when the gradient's norm
// is below `10⁻¹⁰`. Without a bias the bias stays zero.

/** A trained autoencoder and how the training went. */
export interface TrainingRun extends Autoencoder {
  /** Gradient steps taken. */
  iterations: number;
  /** Norm of the gradient at the end. */
  gradientNorm: number;
  /** The error `J` at the end. */
  error: number;
}

/**
 * Train `x̃ = U₂ U₁ x (+ b)` with `k` hidden units by gradient descent.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { trainAutoencoder } from "./a3-4.ts";
 * // data with second moment diag(2, 1): one unit keeps the first axis, error 1
 * const run = trainAutoencoder({ R: [[2, 0], [0, 1]], mean: [0, 0] }, 1, false, { stepSize: 0.2 });
 * assertAlmostEquals(run.error, 1, 1e-12);
 * ```
 */
export function trainAutoencoder(
  moments: Moments,
  k: number,
  withBias: boolean,
  options: {
    stepSize: number;
    tolerance?: number;
    maxIterations?: number;
    seed?: number;
  },
): TrainingRun {
  const { stepSize, tolerance = 1e-10, maxIterations = 100_000, seed = 1 } =
    options;
  const d = moments.R.length;
  const rng = seededRandom(seed);
  let ae: Autoencoder = {
    U1: rng.matrix(k, d, 0.1),
    U2: k === 0 ? moments.R.map(() => []) : rng.matrix(d, k, 0.1),
    b: new Array<number>(d).fill(0),
  };
  let iterations = 0;
  let gradientNorm = Infinity;
  for (; iterations < maxIterations; iterations++) {
    const g = autoencoderGradient(moments, ae);
    if (!withBias) g.b = g.b.map(() => 0);
    gradientNorm = Math.hypot(
      frobeniusNorm(g.U1),
      frobeniusNorm(g.U2),
      frobeniusNorm(g.b),
    );
    if (gradientNorm < tolerance) break;
    ae = {
      U1: k === 0 ? [] : sub(ae.U1, scale(g.U1, stepSize)),
      U2: k === 0 ? ae.U2 : sub(ae.U2, scale(g.U2, stepSize)),
      b: sub(ae.b, scale(g.b, stepSize)),
    };
  }
  return {
    ...ae,
    iterations,
    gradientNorm,
    error: autoencoderError(moments, ae),
  };
}

// ## The reference: eigenvectors
//
// The classical result is that the best rank-`k` linear reconstruction
// projects onto the span of the top `k` eigenvectors of the matrix in the
// error, and leaves out the rest: for the model without bias that matrix is
// `R`, and the minimum is the sum of its trailing eigenvalues,
// `μ_{k+1} + … + μ_d`. With a bias, the best `b` for given `A` is
// `(I − A) x̄`, which turns `R` into `S`: the minimum is
// `λ_{k+1} + … + λ_d`, the trailing eigenvalues of the covariance, and the
// subspace is the PCA subspace. We get the eigenvectors of the symmetric
// matrices `R` and `S` from mathjs `eigs` (the tests recompute them by power
// iteration with deflation).

/**
 * The orthogonal projector onto the column space of `U`:
 * `U (UᵀU)⁻¹ Uᵀ`, zero for a matrix without columns.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { projector } from "./a3-4.ts";
 * const P = projector([[2], [0]]);
 * assertAlmostEquals(P[0][0], 1, 1e-15);
 * assertAlmostEquals(P[1][1], 0, 1e-15);
 * ```
 */
export function projector(U: Matrix): Matrix {
  if (U.length === 0 || U[0].length === 0) return zeros(U.length, U.length);
  const gramInverse = inv(matmul(transpose(U), U)) as Matrix;
  return matmul(matmul(U, gramInverse), transpose(U));
}

/**
 * The first `k` columns of a matrix.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { leadingColumns } from "./a3-4.ts";
 * assertEquals(leadingColumns([[1, 2], [3, 4]], 1), [[1], [3]]);
 * ```
 */
export function leadingColumns(m: Matrix, k: number): Matrix {
  return m.map((row) => row.slice(0, k));
}

/**
 * How far apart two subspaces are: `‖P₁ − P₂‖_F`, and the largest principal
 * angle `arcsin ‖P₁ − P₂‖₂` (radians).
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { subspaceDistance } from "./a3-4.ts";
 * const { largestAngle } = subspaceDistance([[1, 0], [0, 0]], [[0.5, 0.5], [0.5, 0.5]]);
 * assertAlmostEquals(largestAngle, Math.PI / 4, 1e-12);
 * ```
 */
export function subspaceDistance(
  P1: Matrix,
  P2: Matrix,
): { frobenius: number; largestAngle: number } {
  const difference = sub(P1, P2);
  const frobenius = frobeniusNorm(difference);
  if (frobenius === 0) return { frobenius, largestAngle: 0 };
  return {
    frobenius,
    largestAngle: Math.asin(Math.min(1, spectralNorm(difference))),
  };
}

/**
 * The reconstruction error measured sample by sample,
 * `(1/N) Σ ‖A xₙ + b − xₙ‖²`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { errorOnSamples } from "./a3-4.ts";
 * assertEquals(errorOnSamples([[1, 2]], [[1, 0], [0, 0]], [0, 0]), 4);
 * ```
 */
export function errorOnSamples(
  samples: Vector[],
  A: Matrix,
  b: Vector,
): number {
  let total = 0;
  for (const x of samples) {
    const r = sub(add(matvec(A, x), b), x);
    total += dot(r, r);
  }
  return total / samples.length;
}

function sumFrom(values: number[], start: number): number {
  return values.slice(start).reduce((s, v) => s + v, 0);
}

// ## Results

/** Everything measured for one number of hidden units `k`. */
export interface HiddenUnitsRow {
  /** Number of hidden units. */
  k: number;
  /** Error of the trained model without bias. */
  trainedError: number;
  /** `μ_{k+1} + … + μ_d`, the trailing eigenvalues of `R`. */
  trailingSumR: number;
  /** Gradient steps to convergence, without bias. */
  iterations: number;
  /** Trained decoder `U₂` (`d × k`), without bias. */
  U2: Matrix;
  /** Trained encoder `U₁` (`k × d`), without bias. */
  U1: Matrix;
  /** Column space of the trained `U₂` vs the top `k` eigenvectors of `R`. */
  distanceToR: { frobenius: number; largestAngle: number };
  /** The same vs the top `k` eigenvectors of `S` (PCA). */
  distanceToS: { frobenius: number; largestAngle: number };
  /** `‖U₂U₁ − P_R‖_F`: the trained reconstruction is the projector itself. */
  reconstructionVsProjector: number;
  /** Error of the trained model with a bias. */
  trainedErrorWithBias: number;
  /** `λ_{k+1} + … + λ_d`, the trailing eigenvalues of `S`. */
  trailingSumS: number;
  /** Gradient steps to convergence, with bias. */
  iterationsWithBias: number;
  /** Trained decoder with bias. */
  U2WithBias: Matrix;
  /** Trained bias. */
  bWithBias: Vector;
  /** Column space of the trained `U₂` (with bias) vs PCA of `S`. */
  distanceWithBiasToS: { frobenius: number; largestAngle: number };
  /** `‖b − (I − P_S) x̄‖`: the trained bias vs the source's `Σ_{j>k} (x̄ᵀu_j) u_j`. */
  biasVsSeed: number;
  /** Error without bias when projecting on the PCA subspace of `S` instead. */
  errorWithoutBiasOnPcaOfS: number;
  /** The top-`k` subspaces of `R` and `S` compared with each other. */
  distanceRToS: { frobenius: number; largestAngle: number };
  /** The closed form `U₂ = V_k, U₁ = V_kᵀ` (eigenvectors of `R`), error measured on the samples. */
  closedFormErrorOnSamples: number;
}

/** A row of the chart. */
export interface ErrorRow extends Record<string, number | string> {
  /** Number of hidden units. */
  k: number;
  /** Which curve. */
  series: string;
  /** Reconstruction error. */
  error: number;
}

/** What {@link compute} returns. */
export interface A3_4Results {
  /** Data dimension `d`. */
  d: number;
  /** Number of samples `N`. */
  N: number;
  /** Eigenvalues of the population covariance. */
  populationEigenvalues: number[];
  /** Population mean. */
  populationMean: number[];
  /** Sample mean `x̄`. */
  mean: Vector;
  /** `‖x̄‖²`. */
  meanSquaredNorm: number;
  /** `|cos|` of the angle between `x̄` and the top eigenvector of `R`. */
  meanDirectionCosine: number;
  /** Covariance `S = (1/N) Σ (xₙ − x̄)(xₙ − x̄)ᵀ`. */
  S: Matrix;
  /** Uncentred second moment `R = (1/N) Σ xₙ xₙᵀ`. */
  R: Matrix;
  /** Eigenvalues `λ₁ ≥ … ≥ λ_d` of `S`. */
  eigenvaluesS: number[];
  /** Eigenvectors of `S` as columns, in that order. */
  eigenvectorsS: Matrix;
  /** Eigenvalues `μ₁ ≥ … ≥ μ_d` of `R`. */
  eigenvaluesR: number[];
  /** Eigenvectors of `R` as columns. */
  eigenvectorsR: Matrix;
  /** `tr S`. */
  traceS: number;
  /** The source's `S` as written, `(1/N) Σ (xₙᵀ − x̄ᵀ)(xₙᵀ − x̄ᵀ)ᵀ`: a number, not a matrix. */
  seedSAsWritten: number;
  /** The gradient-descent step size. */
  stepSize: number;
  /** Everything per number of hidden units, `k = 0 … d`. */
  byHiddenUnits: HiddenUnitsRow[];
  /** The mixing freedom, shown for `k = 2`. */
  mixing: {
    /** Number of hidden units. */
    k: number;
    /** `V_kᵀ U₂`: the trained decoder in the eigenbasis of `R`. */
    decoderInEigenbasis: Matrix;
    /** `‖U₂ᵀU₂ − I‖_F` of the trained decoder. */
    decoderOrthonormalityDefect: number;
    /** An invertible `k × k` matrix `M`. */
    M: Matrix;
    /** The mixed encoder `M U₁`. */
    mixedU1: Matrix;
    /** `‖(M U₁)(M U₁)ᵀ − I‖_F`: the mixed encoder is far from orthonormal. */
    mixedEncoderOrthonormalityDefect: number;
    /** Error of the trained pair. */
    error: number;
    /** Error of the mixed pair `(U₂ M⁻¹, M U₁)`. */
    mixedError: number;
  };
  /** Chart rows: error against `k`. */
  errorVsK: ErrorRow[];
}

/**
 * Generate the data, train the autoencoder for every `k` with and without
 * bias, and compare with the eigenvectors.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { compute } from "./a3-4.ts";
 * assertEquals(compute().byHiddenUnits.length, 6);
 * ```
 */
export function compute(): A3_4Results {
  const { samples } = generateData();
  const d = DIMENSION;
  const mean = sampleMean(samples);
  const R = secondMomentAbout(samples, new Array<number>(d).fill(0));
  const S = secondMomentAbout(samples, mean);
  const moments = { R, mean };
  const eigR = eigendecompose(R);
  const eigS = eigendecompose(S);
  const stepSize = 0.4 / eigR.values[0];

  // The source writes S with the factors in the wrong order: a row vector
  // times a column vector. Evaluated as written, it is a number, the trace.
  const seedSAsWritten =
    samples.reduce((s, x) => s + dot(sub(x, mean), sub(x, mean)), 0) /
    samples.length;

  const byHiddenUnits = Array.from(
    { length: d + 1 },
    (_, k): HiddenUnitsRow => {
      const plain = trainAutoencoder(moments, k, false, {
        stepSize,
        seed: 10 + k,
      });
      const biased = trainAutoencoder(moments, k, true, {
        stepSize,
        seed: 20 + k,
      });
      const PR = projector(leadingColumns(eigR.Q, k));
      const PS = projector(leadingColumns(eigS.Q, k));
      const Plearned = projector(plain.U2);
      const I = identity(d);
      return {
        k,
        trainedError: plain.error,
        trailingSumR: sumFrom(eigR.values, k),
        iterations: plain.iterations,
        U2: plain.U2,
        U1: plain.U1,
        distanceToR: subspaceDistance(Plearned, PR),
        distanceToS: subspaceDistance(Plearned, PS),
        reconstructionVsProjector: frobeniusNorm(
          sub(reconstructionMatrix(plain.U2, plain.U1), PR),
        ),
        trainedErrorWithBias: biased.error,
        trailingSumS: sumFrom(eigS.values, k),
        iterationsWithBias: biased.iterations,
        U2WithBias: biased.U2,
        bWithBias: biased.b,
        distanceWithBiasToS: subspaceDistance(projector(biased.U2), PS),
        biasVsSeed: frobeniusNorm(sub(biased.b, matvec(sub(I, PS), mean))),
        errorWithoutBiasOnPcaOfS: errorOnSamples(samples, PS, zeros(1, d)[0]),
        distanceRToS: subspaceDistance(PR, PS),
        closedFormErrorOnSamples: errorOnSamples(samples, PR, zeros(1, d)[0]),
      };
    },
  );

  // The encoder is not unique. For any invertible k × k matrix M, the pair
  // (U₂ M⁻¹, M U₁) has the same product U₂ U₁, hence the same error; only the
  // subspace is determined. We show it for k = 2 with a shear-and-stretch M.
  const k = 2;
  const trained = byHiddenUnits[k];
  const M = [[2, 1], [0, 0.5]];
  const mixed: Autoencoder = {
    U1: matmul(M, trained.U1),
    U2: matmul(trained.U2, inv(M) as Matrix),
    b: new Array<number>(d).fill(0),
  };
  const plainError = autoencoderError(moments, {
    U1: trained.U1,
    U2: trained.U2,
    b: mixed.b,
  });

  return {
    d,
    N: samples.length,
    populationEigenvalues: [...POPULATION_EIGENVALUES],
    populationMean: [...POPULATION_MEAN],
    mean,
    meanSquaredNorm: dot(mean, mean),
    meanDirectionCosine: Math.abs(
      dot(eigR.Q.map((row) => row[0]), mean) / Math.hypot(...mean),
    ),
    S,
    R,
    eigenvaluesS: eigS.values,
    eigenvectorsS: eigS.Q,
    eigenvaluesR: eigR.values,
    eigenvectorsR: eigR.Q,
    traceS: S.reduce((s, row, i) => s + row[i], 0),
    seedSAsWritten,
    stepSize,
    byHiddenUnits,
    mixing: {
      k,
      decoderInEigenbasis: matmul(
        transpose(leadingColumns(eigR.Q, k)),
        trained.U2,
      ),
      decoderOrthonormalityDefect: frobeniusNorm(
        sub(matmul(transpose(trained.U2), trained.U2), identity(k)),
      ),
      M,
      mixedU1: mixed.U1,
      mixedEncoderOrthonormalityDefect: frobeniusNorm(
        sub(matmul(mixed.U1, transpose(mixed.U1)), identity(k)),
      ),
      error: plainError,
      mixedError: autoencoderError(moments, mixed),
    },
    errorVsK: byHiddenUnits.flatMap((row) => [
      { k: row.k, series: "trained, no bias", error: row.trainedError },
      {
        k: row.k,
        series: "trailing eigenvalues of R",
        error: row.trailingSumR,
      },
      {
        k: row.k,
        series: "trained, with bias",
        error: row.trainedErrorWithBias,
      },
      {
        k: row.k,
        series: "trailing eigenvalues of S (PCA)",
        error: row.trailingSumS,
      },
    ]),
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
