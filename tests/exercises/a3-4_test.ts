import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import {
  autoencoderError,
  autoencoderGradient,
  compute,
  generateData,
  POPULATION_EIGENVALUES,
} from "../../scripts/exercises/a3-4.ts";
import {
  finiteDifferenceGradient,
  type Matrix,
  relativeError,
  seededRandom,
  sum,
  Value,
  type Vector,
} from "../../scripts/lib/mod.ts";

// compute() trains twelve autoencoders; run it once for all tests.
const r = compute();
const { samples } = generateData();
const d = r.d;

// ---------------------------------------------------------------------------
// Independent tools, written with plain loops: no mathjs, no script helpers.

function dotProduct(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function matrixTimesVector(m: Matrix, v: Vector): Vector {
  return m.map((row) => dotProduct(row, v));
}

function momentAbout(center: Vector): Matrix {
  const m = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const x of samples) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        m[i][j] += (x[i] - center[i]) * (x[j] - center[j]) / samples.length;
      }
    }
  }
  return m;
}

const mean = Array.from(
  { length: d },
  (_, i) => samples.reduce((s, x) => s + x[i], 0) / samples.length,
);
const R = momentAbout(new Array<number>(d).fill(0));
const S = momentAbout(mean);

/** Eigenpairs of a symmetric positive definite matrix by power iteration with deflation. */
function powerEigen(m: Matrix): { values: number[]; vectors: Vector[] } {
  const work = m.map((row) => row.slice());
  const rng = seededRandom(99);
  const values: number[] = [];
  const vectors: Vector[] = [];
  for (let e = 0; e < m.length; e++) {
    let v = rng.vector(m.length);
    let lambda = 0;
    for (let it = 0; it < 3000; it++) {
      const w = matrixTimesVector(work, v);
      const norm = Math.hypot(...w);
      v = w.map((x) => x / norm);
      lambda = dotProduct(v, matrixTimesVector(work, v));
    }
    values.push(lambda);
    vectors.push(v);
    for (let i = 0; i < m.length; i++) {
      for (let j = 0; j < m.length; j++) work[i][j] -= lambda * v[i] * v[j];
    }
  }
  return { values, vectors };
}

const eigR = powerEigen(R);
const eigS = powerEigen(S);

/** Σ v vᵀ over orthonormal vectors. */
function projectorOf(vectors: Vector[]): Matrix {
  return Array.from(
    { length: d },
    (_, i) =>
      Array.from(
        { length: d },
        (_, j) => vectors.reduce((s, v) => s + v[i] * v[j], 0),
      ),
  );
}

/** Projector onto the column space of U, via Gram–Schmidt on its columns. */
function columnSpaceProjector(U: Matrix): Matrix {
  const k = U.length === 0 ? 0 : U[0].length;
  const basis: Vector[] = [];
  for (let j = 0; j < k; j++) {
    let v = U.map((row) => row[j]);
    for (const q of basis) {
      const p = dotProduct(v, q);
      v = v.map((x, i) => x - p * q[i]);
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  return projectorOf(basis);
}

function frobenius(a: Matrix, b: Matrix): number {
  let s = 0;
  a.forEach((row, i) => row.forEach((x, j) => (s += (x - b[i][j]) ** 2)));
  return Math.sqrt(s);
}

/** (1/N) Σ ‖A x + b − x‖² over the samples. */
function sampleError(A: Matrix, b: Vector): number {
  let total = 0;
  for (const x of samples) {
    const y = matrixTimesVector(A, x);
    for (let i = 0; i < d; i++) total += (y[i] + b[i] - x[i]) ** 2;
  }
  return total / samples.length;
}

function product(U2: Matrix, U1: Matrix): Matrix {
  return U2.map((row) =>
    Array.from(
      { length: d },
      (_, j) => row.reduce((s, u, l) => s + u * U1[l][j], 0),
    )
  );
}

function trailingSum(values: number[], k: number): number {
  return values.slice(k).reduce((s, v) => s + v, 0);
}

const zeroBias = new Array<number>(d).fill(0);

// ---------------------------------------------------------------------------

Deno.test("the data has the population eigenvalues we asked for", () => {
  const population = powerEigen(generateData().populationCovariance);
  assertLess(
    relativeError(population.values, [...POPULATION_EIGENVALUES]),
    1e-12,
  );
  assertEquals(r.populationEigenvalues, [...POPULATION_EIGENVALUES]);
});

Deno.test("R, S and the mean agree with direct sums, and R = S + x̄x̄ᵀ", () => {
  assertLess(relativeError(r.mean, mean), 1e-13);
  assertLess(relativeError(r.R, R), 1e-13);
  assertLess(relativeError(r.S, S), 1e-13);
  const outerMean = mean.map((a) => mean.map((b) => a * b));
  assertLess(
    relativeError(
      r.R,
      r.S.map((row, i) => row.map((s, j) => s + outerMean[i][j])),
    ),
    1e-13,
  );
  assertLess(Math.abs(r.meanSquaredNorm - dotProduct(mean, mean)), 1e-12);
  const cosine = Math.abs(dotProduct(eigR.vectors[0], mean)) /
    Math.hypot(...mean);
  assertLess(Math.abs(r.meanDirectionCosine - cosine), 1e-12);
  // the page: the top eigenvector of R nearly follows the mean, and the
  // sample eigenvalues of S are close to, not equal to, the population ones
  assertGreater(r.meanDirectionCosine, 0.9);
  assertGreater(eigR.values[0], 2 * eigS.values[0]);
  const sampling = relativeError(eigS.values, r.populationEigenvalues);
  assertLess(sampling, 0.2);
  assertGreater(sampling, 1e-3);
});

Deno.test("mathjs eigs agrees with power iteration with deflation on R and S", () => {
  assertLess(relativeError(r.eigenvaluesR, eigR.values), 1e-12);
  assertLess(relativeError(r.eigenvaluesS, eigS.values), 1e-12);
  for (let k = 1; k <= d; k++) {
    const columns = (Q: Matrix) =>
      Array.from({ length: k }, (_, j) => Q.map((row) => row[j]));
    assertLess(
      frobenius(
        projectorOf(columns(r.eigenvectorsR)),
        projectorOf(eigR.vectors.slice(0, k)),
      ),
      1e-10,
    );
    assertLess(
      frobenius(
        projectorOf(columns(r.eigenvectorsS)),
        projectorOf(eigS.vectors.slice(0, k)),
      ),
      1e-10,
    );
  }
});

Deno.test("the seed's S as written is a number: the trace of S", () => {
  const trace = eigS.values.reduce((a, b) => a + b, 0);
  assertLess(Math.abs(r.seedSAsWritten - trace) / trace, 1e-12);
  assertLess(Math.abs(r.traceS - trace) / trace, 1e-12);
});

Deno.test("autoencoderGradient() matches finite differences and autodiff of the sum over samples", () => {
  const rng = seededRandom(5);
  const k = 2;
  const point = {
    U1: rng.matrix(k, d, 0.5),
    U2: rng.matrix(d, k, 0.5),
    b: rng.vector(d, 0.5),
  };
  const moments = { R: r.R, mean: r.mean };
  const grad = autoencoderGradient(moments, point);
  // finite differences of the error measured sample by sample
  const fd = finiteDifferenceGradient(
    (p) => sampleError(product(p.U2 as Matrix, p.U1 as Matrix), p.b as Vector),
    point,
  );
  assertLess(relativeError(grad.U1, fd.U1), 1e-6);
  assertLess(relativeError(grad.U2, fd.U2), 1e-6);
  assertLess(relativeError(grad.b, fd.b), 1e-6);
  // scalar autodiff of (1/N) Σ ‖U₂U₁x + b − x‖²
  const U1 = point.U1.map((row) => row.map((x) => new Value(x)));
  const U2 = point.U2.map((row) => row.map((x) => new Value(x)));
  const b = point.b.map((x) => new Value(x));
  const A = U2.map((row) =>
    Array.from({ length: d }, (_, j) => sum(row.map((u, l) => u.mul(U1[l][j]))))
  );
  const terms = samples.map((x) =>
    sum(A.map((row, i) => {
      const residual = sum(row.map((a, j) => a.mul(x[j]))).add(b[i]).sub(x[i]);
      return residual.mul(residual);
    }))
  );
  const J = sum(terms).mul(1 / samples.length);
  J.backward();
  assertLess(
    Math.abs(J.data - autoencoderError(moments, point)) / J.data,
    1e-12,
  );
  assertLess(
    relativeError(grad.U1, U1.map((row) => row.map((v) => v.grad))),
    1e-9,
  );
  assertLess(
    relativeError(grad.U2, U2.map((row) => row.map((v) => v.grad))),
    1e-9,
  );
  assertLess(relativeError(grad.b, b.map((v) => v.grad)), 1e-9);
});

Deno.test("the sum of trailing eigenvalues is the error of projecting every sample", () => {
  for (const row of r.byHiddenUnits) {
    const PR = projectorOf(eigR.vectors.slice(0, row.k));
    const PS = projectorOf(eigS.vectors.slice(0, row.k));
    const errorR = sampleError(PR, zeroBias);
    const scale = Math.max(1, errorR);
    assertLess(Math.abs(row.trailingSumR - errorR) / scale, 1e-10);
    assertLess(Math.abs(row.closedFormErrorOnSamples - errorR) / scale, 1e-10);
    assertLess(
      Math.abs(row.trailingSumR - trailingSum(eigR.values, row.k)) / scale,
      1e-10,
    );
    // with the best bias, b = (I − P_S) x̄, the error is that of the centered data
    const bestBias = mean.map((m, i) => m - dotProduct(PS[i], mean));
    const errorS = sampleError(PS, bestBias);
    assertLess(
      Math.abs(row.trailingSumS - errorS) / Math.max(1, errorS),
      1e-10,
    );
  }
});

Deno.test("trained without bias: error = trailing eigenvalues of R, subspace = top eigenvectors of R", () => {
  for (const row of r.byHiddenUnits) {
    assertLess(row.iterations, 100_000);
    const expected = trailingSum(eigR.values, row.k);
    assertLess(
      Math.abs(row.trainedError - expected) / Math.max(1, expected),
      1e-8,
    );
    assertLess(
      Math.abs(
        sampleError(
          row.k === 0 ? R.map((x) => x.map(() => 0)) : product(row.U2, row.U1),
          zeroBias,
        ) - expected,
      ) /
        Math.max(1, expected),
      1e-8,
    );
    const PR = projectorOf(eigR.vectors.slice(0, row.k));
    assertLess(frobenius(columnSpaceProjector(row.U2), PR), 1e-8);
    assertLess(row.distanceToR.frobenius, 1e-8);
    assertLess(row.distanceToR.largestAngle, 1e-8);
    // U₂U₁ is the orthogonal projector itself
    if (row.k > 0) assertLess(frobenius(product(row.U2, row.U1), PR), 1e-8);
    assertLess(row.reconstructionVsProjector, 1e-8);
  }
});

Deno.test("trained with a bias: error = trailing eigenvalues of S, subspace = PCA, b = Σ_{j>k} (x̄ᵀu_j) u_j", () => {
  for (const row of r.byHiddenUnits) {
    assertLess(row.iterationsWithBias, 100_000);
    const expected = trailingSum(eigS.values, row.k);
    assertLess(
      Math.abs(row.trainedErrorWithBias - expected) / Math.max(1, expected),
      1e-8,
    );
    const PS = projectorOf(eigS.vectors.slice(0, row.k));
    assertLess(frobenius(columnSpaceProjector(row.U2WithBias), PS), 1e-8);
    assertLess(row.distanceWithBiasToS.frobenius, 1e-8);
    // the seed's bias: the components of x̄ along the discarded eigenvectors
    const seedBias = eigS.vectors.slice(row.k).reduce(
      (b, u) => b.map((x, i) => x + dotProduct(mean, u) * u[i]),
      new Array<number>(d).fill(0),
    );
    assertLess(frobenius([row.bWithBias], [seedBias]), 1e-8);
    assertLess(row.biasVsSeed, 1e-8);
  }
});

Deno.test("without bias, PCA of S is the wrong subspace on data with a mean", () => {
  for (const row of r.byHiddenUnits) {
    const PR = projectorOf(eigR.vectors.slice(0, row.k));
    const PS = projectorOf(eigS.vectors.slice(0, row.k));
    const onS = sampleError(PS, zeroBias);
    const scale = Math.max(1, onS);
    assertLess(Math.abs(row.errorWithoutBiasOnPcaOfS - onS) / scale, 1e-10);
    assertLess(Math.abs(row.distanceRToS.frobenius - frobenius(PR, PS)), 1e-10);
    // tr((I − P_S) R) = Σ trailing λ(S) + ‖(I − P_S) x̄‖²
    const residualMean = mean.map((m, i) => m - dotProduct(PS[i], mean));
    assertLess(
      Math.abs(
        onS - trailingSum(eigS.values, row.k) -
          dotProduct(residualMean, residualMean),
      ) / scale,
      1e-10,
    );
    if (row.k > 0 && row.k < d) {
      assertGreater(row.distanceRToS.largestAngle, 0.3); // radians
      assertGreater(row.distanceToS.largestAngle, 0.3);
      assertGreater(onS - row.trainedError, 0.5);
    } else {
      assertLess(row.distanceRToS.frobenius, 1e-10);
    }
  }
});

Deno.test("the encoder is only determined up to an invertible mixing", () => {
  const { k, M, mixedU1, error, mixedError } = r.mixing;
  const row = r.byHiddenUnits[k];
  const det = M[0][0] * M[1][1] - M[0][1] * M[1][0];
  assert(Math.abs(det) > 0.5);
  const Minv = [[M[1][1] / det, -M[0][1] / det], [
    -M[1][0] / det,
    M[0][0] / det,
  ]];
  const mixedU2 = row.U2.map((u) =>
    [0, 1].map((j) => u[0] * Minv[0][j] + u[1] * Minv[1][j])
  );
  const expectedU1 = M.map((m) =>
    Array.from(
      { length: d },
      (_, j) => m[0] * row.U1[0][j] + m[1] * row.U1[1][j],
    )
  );
  assertLess(relativeError(mixedU1, expectedU1), 1e-14);
  const direct = sampleError(product(mixedU2, mixedU1), zeroBias);
  assertLess(Math.abs(mixedError - direct) / direct, 1e-10);
  assertLess(Math.abs(mixedError - error) / error, 1e-12);
  // same subspace, yet the mixed encoder is far from orthonormal
  assertLess(
    frobenius(columnSpaceProjector(mixedU2), columnSpaceProjector(row.U2)),
    1e-10,
  );
  const gram = mixedU1.map((a) => mixedU1.map((b) => dotProduct(a, b)));
  assertLess(
    Math.abs(
      r.mixing.mixedEncoderOrthonormalityDefect -
        frobenius(gram, [[1, 0], [0, 1]]),
    ),
    1e-12,
  );
  assertGreater(r.mixing.mixedEncoderOrthonormalityDefect, 1);
  // gradient descent from small weights lands near U₁ = U₂ᵀ, with U₂ nearly
  // (not exactly) orthonormal
  const transposeGap = Math.sqrt(
    row.U1.reduce(
      (s, u, l) => s + u.reduce((t, x, j) => t + (x - row.U2[j][l]) ** 2, 0),
      0,
    ),
  );
  assertLess(transposeGap, 0.1);
  const decoderGram = [0, 1].map((a) =>
    [0, 1].map((b) => row.U2.reduce((s, u) => s + u[a] * u[b], 0))
  );
  const defect = frobenius(decoderGram, [[1, 0], [0, 1]]);
  assertLess(Math.abs(r.mixing.decoderOrthonormalityDefect - defect), 1e-12);
  assertLess(defect, 0.1);
  assertGreater(defect, 1e-6);
  // the trained decoder in the eigenbasis is invertible
  const D = r.mixing.decoderInEigenbasis;
  assertGreater(Math.abs(D[0][0] * D[1][1] - D[0][1] * D[1][0]), 0.5);
});

Deno.test("the error curves: k = 0 gives the traces, k = d gives zero, and they fall with k", () => {
  const traceR = R.reduce((s, row, i) => s + row[i], 0);
  const traceS = S.reduce((s, row, i) => s + row[i], 0);
  const first = r.byHiddenUnits[0];
  assertLess(Math.abs(first.trainedError - traceR) / traceR, 1e-12);
  assertLess(Math.abs(first.trainedErrorWithBias - traceS) / traceS, 1e-8);
  const last = r.byHiddenUnits[d];
  assertLess(last.trainedError, 1e-12);
  assertLess(last.trainedErrorWithBias, 1e-12);
  for (let k = 1; k <= d; k++) {
    assertLess(
      r.byHiddenUnits[k].trainedError,
      r.byHiddenUnits[k - 1].trainedError,
    );
    assertLess(
      r.byHiddenUnits[k].trainedErrorWithBias,
      r.byHiddenUnits[k - 1].trainedErrorWithBias,
    );
    // the bias never hurts
    assert(
      r.byHiddenUnits[k].trainedErrorWithBias <=
        r.byHiddenUnits[k].trainedError + 1e-12,
    );
  }
  assertEquals(r.errorVsK.length, 4 * (d + 1));
  for (const row of r.byHiddenUnits) {
    const rows = r.errorVsK.filter((e) => e.k === row.k).map((e) => e.error);
    assertEquals(rows, [
      row.trainedError,
      row.trailingSumR,
      row.trainedErrorWithBias,
      row.trailingSumS,
    ]);
  }
});
