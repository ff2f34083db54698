/**
 * Linear algebra for the tests, independent of `scripts/lib`: the products,
 * sums and transposes are mathjs' (`multiply`, `add`, `transpose`), the
 * rest is `Math` written out, so that a number of the library (whose
 * matrices are its own loops) that agrees with one of these has been
 * computed twice, by different code. Nothing here imports the library but
 * the module that loads mathjs (`scripts/lib/mathjs.ts`, one copy of it for
 * scripts and tests); keep it that way (the tests must not check the library
 * with itself).
 *
 * @module
 */
import { math } from "../scripts/lib/mathjs.ts";

/** A matrix as nested arrays, one array a row. */
export type Matrix = number[][];

/**
 * The relative difference of two numbers: `|a − b| / max(|a|, |b|)`, with the
 * denominator kept at least `1e-300` so that two zeros give 0.
 */
export function relative(a: number, b: number): number;
/**
 * The notes' relative error of `a` against the reference `b` (vectors or
 * matrices of one shape): the largest entrywise `|a − b|` over the largest
 * entry of `b` in absolute value; 0 when both are all zeros.
 */
export function relative(a: number[] | Matrix, b: number[] | Matrix): number;
export function relative(
  a: number | number[] | Matrix,
  b: number | number[] | Matrix,
): number {
  if (typeof a === "number" || typeof b === "number") {
    const [x, y] = [a as number, b as number];
    return Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300);
  }
  const x = (a as (number | number[])[]).flat();
  const y = (b as (number | number[])[]).flat();
  let diff = 0, size = 0;
  x.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - y[i]));
    size = Math.max(size, Math.abs(y[i]));
  });
  if (diff === 0) return 0;
  return size === 0 ? Infinity : diff / size;
}

/** The matrix product `a b`, by mathjs. */
export const mul = (a: Matrix, b: Matrix): Matrix =>
  math.multiply(a, b) as Matrix;

/** The matrix-vector product `a x`, by mathjs. */
export const vec = (a: Matrix, x: number[]): number[] =>
  math.multiply(a, x) as number[];

/** The transpose `aᵀ`, by mathjs. */
export const transpose = (a: Matrix): Matrix => math.transpose(a) as Matrix;

/** The entrywise sum `a + b` of two matrices of one shape, by mathjs. */
export const plus = (a: Matrix, b: Matrix): Matrix => math.add(a, b) as Matrix;

/** The multiple `s a` of a matrix, by mathjs. */
export const scaled = (a: Matrix, s: number): Matrix =>
  math.multiply(a, s) as Matrix;

/**
 * `‖a‖₂` by power iteration on `aᵀa` (5000 steps from a fixed start), after
 * scaling `a` to unit largest entry so that tiny and huge norms neither
 * underflow nor overflow. A second route to the library's `spectralNorm()`.
 */
export function powerNorm(a: Matrix): number {
  const size = Math.max(...a.flat().map(Math.abs));
  if (size === 0) return 0;
  const unit = a.map((row) => row.map((x) => x / size));
  const gram = mul(transpose(unit), unit);
  let v = unit[0].map((_, i) => 1 + i / 7);
  for (let i = 0; i < 5000; i++) {
    const w = vec(gram, v);
    const length = Math.hypot(...w);
    v = w.map((x) => x / length);
  }
  return size * Math.hypot(...vec(unit, v));
}

/** The logistic sigmoid `σ(z) = 1 / (1 + e^{−z})`. */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** `σ'(z) = e^{−z} / (1 + e^{−z})²`, in closed form (not `σ(1 − σ)`). */
export const sigmoidSlope = (z: number): number =>
  Math.exp(-z) / (1 + Math.exp(-z)) ** 2;

/** `tanh'(z) = 1 / cosh²(z)`, in closed form (not `1 − tanh²`). */
export const tanhSlope = (z: number): number => 1 / Math.cosh(z) ** 2;

/**
 * `−log softmax(y)[label]`, computed as `m + log Σ e^{y_j − m} − y_label` with
 * `m` the largest entry of `y`, so that large logits do not overflow.
 */
export function softmaxCrossEntropy(y: number[], label: number): number {
  const top = Math.max(...y);
  return top + Math.log(y.reduce((s, v) => s + Math.exp(v - top), 0)) -
    y[label];
}

/**
 * A plain RNN, `z_j = W h_{j−1} + U x_j + b`, `h_j = f(z_j)` from
 * `h_{−1} = hInit`. `W` and `U` are one matrix, or a function giving the
 * matrix used at step `j` (an "untied" network, one copy a step).
 */
export interface PlainRnn {
  W: Matrix | ((j: number) => Matrix);
  U: Matrix | ((j: number) => Matrix);
  /** The bias; none when absent. */
  b?: number[];
  hInit: number[];
  /** The activation, applied entrywise. */
  f: (z: number) => number;
}

/** Run a {@link PlainRnn} over `xs`: the pre-activations `zs[j]` and states `hs[j]`. */
export function rnnStates(
  net: PlainRnn,
  xs: number[][],
): { zs: number[][]; hs: number[][] } {
  const { W, U, b, hInit, f } = net;
  const zs: number[][] = [];
  const hs: number[][] = [];
  let h = hInit;
  xs.forEach((x, j) => {
    const Wj = typeof W === "function" ? W(j) : W;
    const Uj = typeof U === "function" ? U(j) : U;
    const ux = vec(Uj, x);
    const z = vec(Wj, h).map((v, i) => v + ux[i] + (b ? b[i] : 0));
    h = z.map(f);
    zs.push(z);
    hs.push(h);
  });
  return { zs, hs };
}
