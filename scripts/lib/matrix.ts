/**
 * Dense vectors and matrices as plain arrays of numbers.
 *
 * The numerical core works on `number[]` and `number[][]` (row-major) so that
 * every step of a derivation can be printed, compared and read without a
 * wrapper type. mathjs is used where it adds something we should not write
 * ourselves: eigenvalues ({@link ./eigen.ts}) and exact arithmetic
 * ({@link ./exact.ts}).
 *
 * @module
 */

/** A column vector. */
export type Vector = number[];
/** A matrix as an array of rows. */
export type Matrix = number[][];

/**
 * A `rows × cols` matrix of zeros.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { zeros } from "./matrix.ts";
 * assertEquals(zeros(2, 3), [[0, 0, 0], [0, 0, 0]]);
 * ```
 */
export function zeros(rows: number, cols: number): Matrix {
  const m: Matrix = [];
  for (let i = 0; i < rows; i++) m.push(new Array<number>(cols).fill(0));
  return m;
}

/**
 * The `n × n` identity matrix.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { identity } from "./matrix.ts";
 * assertEquals(identity(2), [[1, 0], [0, 1]]);
 * ```
 */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

/**
 * The diagonal matrix with `v` on its diagonal: `diag(v)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { diag } from "./matrix.ts";
 * assertEquals(diag([2, 3]), [[2, 0], [0, 3]]);
 * ```
 */
export function diag(v: Vector): Matrix {
  const m = zeros(v.length, v.length);
  for (let i = 0; i < v.length; i++) m[i][i] = v[i];
  return m;
}

/**
 * The transpose `Aᵀ`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { transpose } from "./matrix.ts";
 * assertEquals(transpose([[1, 2, 3]]), [[1], [2], [3]]);
 * ```
 */
export function transpose(a: Matrix): Matrix {
  if (a.length === 0) return [];
  const t: Matrix = new Array(a[0].length);
  for (let j = 0; j < a[0].length; j++) {
    const column = new Array<number>(a.length);
    for (let i = 0; i < a.length; i++) column[i] = a[i][j];
    t[j] = column;
  }
  return t;
}

/**
 * The matrix product `A B`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { matmul } from "./matrix.ts";
 * assertEquals(matmul([[1, 2], [3, 4]], [[0, 1], [1, 0]]), [[2, 1], [4, 3]]);
 * ```
 */
export function matmul(a: Matrix, b: Matrix): Matrix {
  const inner = b.length;
  if (a.length > 0 && a[0].length !== inner) {
    throw new RangeError(
      `matmul: ${a.length}×${a[0].length} times ${inner}×${
        b[0]?.length ?? 0
      } does not fit`,
    );
  }
  const cols = inner > 0 ? b[0].length : 0;
  const product: Matrix = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const row = a[i];
    // Each entry summed in a local variable, over k in order, and pushed:
    // an array of zeros holds small integers, and the first fraction
    // written into it makes the engine copy it into an array of doubles.
    const out: number[] = [];
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) {
        const aik = row[k];
        if (aik !== 0) sum += aik * b[k][j];
      }
      out.push(sum);
    }
    product[i] = out;
  }
  return product;
}

/**
 * The matrix–vector product `A x`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { matvec } from "./matrix.ts";
 * assertEquals(matvec([[1, 2], [3, 4]], [1, 1]), [3, 7]);
 * ```
 */
export function matvec(a: Matrix, x: Vector): Vector {
  if (a.length > 0 && a[0].length !== x.length) {
    throw new RangeError(
      `matvec: a ${a.length}×${
        a[0].length
      } matrix times a vector of length ${x.length}`,
    );
  }
  return a.map((row) => dot(row, x));
}

/**
 * The dot product `xᵀ y`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { dot } from "./matrix.ts";
 * assertEquals(dot([1, 2, 3], [4, 5, 6]), 32);
 * ```
 */
export function dot(x: Vector, y: Vector): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * The outer product `x yᵀ`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { outer } from "./matrix.ts";
 * assertEquals(outer([1, 2], [3, 4]), [[3, 4], [6, 8]]);
 * ```
 */
export function outer(x: Vector, y: Vector): Matrix {
  return x.map((xi) => y.map((yj) => xi * yj));
}

/**
 * Element-wise sum of two vectors or two matrices of the same shape.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { add } from "./matrix.ts";
 * assertEquals(add([1, 2], [3, 4]), [4, 6]);
 * assertEquals(add([[1]], [[2]]), [[3]]);
 * ```
 */
export function add<T extends Vector | Matrix>(a: T, b: T): T {
  return zipWith(a, b, (x, y) => x + y);
}

/**
 * Element-wise difference `a − b`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sub } from "./matrix.ts";
 * assertEquals(sub([3, 4], [1, 1]), [2, 3]);
 * ```
 */
export function sub<T extends Vector | Matrix>(a: T, b: T): T {
  return zipWith(a, b, (x, y) => x - y);
}

/**
 * Element-wise (Hadamard) product `a ⊙ b`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { hadamard } from "./matrix.ts";
 * assertEquals(hadamard([1, 2], [3, 4]), [3, 8]);
 * ```
 */
export function hadamard<T extends Vector | Matrix>(a: T, b: T): T {
  return zipWith(a, b, (x, y) => x * y);
}

/**
 * Multiply every entry by `s`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { scale } from "./matrix.ts";
 * assertEquals(scale([[1, 2]], 3), [[3, 6]]);
 * ```
 */
export function scale<T extends Vector | Matrix>(a: T, s: number): T {
  return map(a, (x) => x * s);
}

/**
 * Apply `f` to every entry of a vector or matrix.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { map } from "./matrix.ts";
 * assertEquals(map([[1, -2]], Math.abs), [[1, 2]]);
 * ```
 */
export function map<T extends Vector | Matrix>(
  a: T,
  f: (x: number) => number,
): T {
  const rows = a as (number | number[])[];
  const out = new Array<number | number[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i];
    if (Array.isArray(v)) {
      const row: number[] = [];
      for (let j = 0; j < v.length; j++) row.push(f(v[j]));
      out[i] = row;
    } else out[i] = f(v);
  }
  return out as T;
}

// The element-wise operations are loops, not `Array.prototype.map` with a
// callback per entry: the training loops of the scripts call them tens of
// thousands of times on 5 × 5 matrices (a3-4's training took 0.5 s).
function zipWith<T extends Vector | Matrix>(
  a: T,
  b: T,
  f: (x: number, y: number) => number,
): T {
  if (a.length !== b.length) {
    throw new RangeError(`shapes differ: ${a.length} vs ${b.length} rows`);
  }
  const rowsA = a as (number | number[])[];
  const rowsB = b as (number | number[])[];
  const out = new Array<number | number[]>(rowsA.length);
  for (let i = 0; i < rowsA.length; i++) {
    const v = rowsA[i];
    const w = rowsB[i];
    if (Array.isArray(v) && Array.isArray(w)) {
      if (v.length !== w.length) {
        throw new RangeError(
          `shapes differ in row ${i}: ${v.length} vs ${w.length} columns`,
        );
      }
      const row: number[] = [];
      for (let j = 0; j < v.length; j++) row.push(f(v[j], w[j]));
      out[i] = row;
    } else out[i] = f(v as number, w as number);
  }
  return out as T;
}

/**
 * `Mⁿ` by `n − 1` repeated products, the way the definition reads
 * (`M⁰ = I`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { matpow } from "./matrix.ts";
 * assertEquals(matpow([[1, 1], [0, 1]], 3), [[1, 3], [0, 1]]);
 * ```
 */
export function matpow(m: Matrix, n: number): Matrix {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`matpow: n must be a non-negative integer, got ${n}`);
  }
  let result = identity(m.length);
  for (let i = 0; i < n; i++) result = matmul(result, m);
  return result;
}

/**
 * The inverse of a 2×2 matrix, `[[a, b], [c, d]]⁻¹ = [[d, −b], [−c, a]] / (ad − bc)`.
 * Throws when the determinant is zero (no inverse).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { inverse2x2 } from "./matrix.ts";
 * assertEquals(inverse2x2([[2, 0], [0, 4]]), [[0.5, 0], [0, 0.25]]);
 * ```
 */
export function inverse2x2(m: Matrix): Matrix {
  if (m.length !== 2 || m.some((row) => row.length !== 2)) {
    throw new RangeError("inverse2x2: expected a 2×2 matrix");
  }
  const [[a, b], [c, d]] = m;
  const det = a * d - b * c;
  if (det === 0 || !Number.isFinite(det)) {
    throw new RangeError(`inverse2x2: the determinant is ${det}`);
  }
  return [[d / det, -b / det], [-c / det, a / det]];
}

/**
 * All entries of a vector or matrix, row by row.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { flatten } from "./matrix.ts";
 * assertEquals(flatten([[1, 2], [3, 4]]), [1, 2, 3, 4]);
 * ```
 */
export function flatten(a: Vector | Matrix): number[] {
  return (a as (number | number[])[]).flat();
}

/**
 * The Frobenius norm `‖A‖_F` (for a vector, the Euclidean norm).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { frobeniusNorm } from "./matrix.ts";
 * assertEquals(frobeniusNorm([[3, 0], [0, 4]]), 5);
 * ```
 */
export function frobeniusNorm(a: Vector | Matrix): number {
  return Math.hypot(...flatten(a));
}

/**
 * The largest absolute entry `max |a_ij|`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { maxAbs } from "./matrix.ts";
 * assertEquals(maxAbs([[1, -5], [2, 3]]), 5);
 * ```
 */
export function maxAbs(a: Vector | Matrix): number {
  let m = 0;
  for (const x of flatten(a)) m = Math.max(m, Math.abs(x));
  return m;
}

/**
 * The relative error of `computed` against `reference`, the one error measure
 * of the notes: `max_i |computed_i − reference_i| / max_i |reference_i|`, the
 * largest difference measured against the largest entry of the reference (0
 * when both are zero; `Infinity` when only the reference is zero).
 *
 * Entry-wise relative errors are meaningless for entries near zero, so the
 * difference is measured against the size of the whole reference array. The
 * measure is not symmetric: the second argument is the true value.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { relativeError } from "./matrix.ts";
 * // the largest difference, 1, against the reference's largest entry, 5
 * assertEquals(relativeError([0, 4], [0, 5]), 0.2);
 * // against the reference, not the larger of the two: 6 / 4, not 6 / 10
 * assertEquals(relativeError([[10, 0]], [[4, 0]]), 1.5);
 * assertEquals(relativeError([0, 0], [0, 0]), 0);
 * ```
 */
export function relativeError(
  computed: Vector | Matrix,
  reference: Vector | Matrix,
): number {
  const x = flatten(computed);
  const y = flatten(reference);
  if (x.length !== y.length) {
    throw new RangeError(
      `relativeError: ${x.length} vs ${y.length} entries`,
    );
  }
  let diff = 0;
  let size = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    size = Math.max(size, Math.abs(y[i]));
  }
  if (diff === 0) return 0;
  return size === 0 ? Infinity : diff / size;
}
