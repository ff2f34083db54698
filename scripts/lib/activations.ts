/**
 * Activation functions and their derivatives, the factors `σ'(z)` that BPTT
 * multiplies together.
 *
 * @module
 */

/** An element-wise activation with its derivative. */
export interface Activation {
  /** Name as used in inputs and on the pages. */
  name: ActivationName;
  /** `f(z)`. */
  f(z: number): number;
  /** `f'(z)`. */
  df(z: number): number;
}

/** The activations the RNN accepts. */
export type ActivationName = "sigmoid" | "tanh" | "relu";

/**
 * The logistic sigmoid `σ(z) = 1 / (1 + e^{−z})`, written so that it never
 * overflows.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sigmoid } from "./activations.ts";
 * assertEquals(sigmoid(0), 0.5);
 * ```
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * `σ'(z) = σ(z)(1 − σ(z))`, at most 1/4 (at `z = 0`).
 *
 * Computed as `σ(z) σ(−z)`, which is the same number but avoids the
 * cancellation in `1 − σ(z)` for large `z` (where `σ(z)` rounds to 1 and
 * `1 − σ(z)` would lose all its digits, from `z ≈ 37` on giving 0 instead of
 * about `e^{−z}`): the saturated slopes are exactly what vanishing gradients
 * are made of.
 *
 * @example
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import { sigmoidDerivative } from "./activations.ts";
 * assertEquals(sigmoidDerivative(0), 0.25);
 * assert(Math.abs(sigmoidDerivative(40) / Math.exp(-40) - 1) < 1e-14);
 * ```
 */
export function sigmoidDerivative(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

/**
 * `tanh'(z) = 1 − tanh²(z)`, at most 1 (at `z = 0`).
 *
 * Computed as `1 / cosh²(z)`, the same number without the cancellation in
 * `1 − tanh²(z)`, which loses digits as `|z|` grows and gives exactly 0 from
 * `|z| ≈ 19` on, where the true slope is about `4 e^{−2|z|}`.
 *
 * @example
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import { tanhDerivative } from "./activations.ts";
 * assertEquals(tanhDerivative(0), 1);
 * assert(Math.abs(tanhDerivative(20) / (4 * Math.exp(-40)) - 1) < 1e-14);
 * ```
 */
export function tanhDerivative(z: number): number {
  const c = Math.cosh(z);
  return 1 / (c * c);
}

/**
 * `ReLU(z) = max(0, z)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { relu } from "./activations.ts";
 * assertEquals([relu(-2), relu(3)], [0, 3]);
 * ```
 */
export function relu(z: number): number {
  return z > 0 ? z : 0;
}

/**
 * `ReLU'(z)`: 1 for `z > 0`, 0 for `z < 0`. At `z = 0` ReLU has no
 * derivative; we use 0 there (the convention of most libraries).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { reluDerivative } from "./activations.ts";
 * assertEquals([reluDerivative(-1), reluDerivative(0), reluDerivative(2)], [0, 0, 1]);
 * ```
 */
export function reluDerivative(z: number): number {
  return z > 0 ? 1 : 0;
}

/** The activations by name. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  sigmoid: { name: "sigmoid", f: sigmoid, df: sigmoidDerivative },
  tanh: { name: "tanh", f: Math.tanh, df: tanhDerivative },
  relu: { name: "relu", f: relu, df: reluDerivative },
};

/**
 * Look an activation up by name.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { activation } from "./activations.ts";
 * assertEquals(activation("tanh").df(0), 1);
 * ```
 */
export function activation(name: ActivationName): Activation {
  const found = ACTIVATIONS[name];
  if (!found) throw new RangeError(`unknown activation "${name}"`);
  return found;
}

/**
 * `softmax(u)ᵢ = e^{uᵢ} / Σⱼ e^{uⱼ}`, shifted by `max u` so it never overflows.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { softmax } from "./activations.ts";
 * assertEquals(softmax([0, 0]), [0.5, 0.5]);
 * ```
 */
export function softmax(u: number[]): number[] {
  const top = Math.max(...u);
  const e = u.map((x) => Math.exp(x - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}
