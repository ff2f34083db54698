/**
 * Scalar reverse-mode automatic differentiation, micrograd-sized.
 *
 * Each {@link Value} remembers the values it was computed from and the local
 * derivative towards each; {@link Value.backward} applies the chain rule over
 * the whole graph. It knows nothing about RNNs, which is its point: a model
 * written out scalar by scalar on `Value`s gives gradients that owe nothing to
 * the hand-derived BPTT formulas they are used to check.
 *
 * @module
 */

/** A scalar in a computation graph. */
export class Value {
  /** The number. */
  data: number;
  /** `∂(output)/∂(this)`, filled in by {@link Value.backward}. */
  grad = 0;
  readonly #parents: Value[];
  readonly #local: number[];

  /**
   * A value computed from `parents`, with `∂(this)/∂(parent_i) = local[i]`.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Value } from "./autodiff.ts";
   * assertEquals(new Value(3).data, 3);
   * ```
   */
  constructor(data: number, parents: Value[] = [], local: number[] = []) {
    this.data = data;
    this.#parents = parents;
    this.#local = local;
  }

  /** `this + other`. */
  add(other: Value | number): Value {
    const o = lift(other);
    return new Value(this.data + o.data, [this, o], [1, 1]);
  }

  /** `this − other`. */
  sub(other: Value | number): Value {
    const o = lift(other);
    return new Value(this.data - o.data, [this, o], [1, -1]);
  }

  /** `this · other`. */
  mul(other: Value | number): Value {
    const o = lift(other);
    return new Value(this.data * o.data, [this, o], [o.data, this.data]);
  }

  /** `eˣ`. */
  exp(): Value {
    const e = Math.exp(this.data);
    return new Value(e, [this], [e]);
  }

  /** `log x`. */
  log(): Value {
    return new Value(Math.log(this.data), [this], [1 / this.data]);
  }

  /**
   * `tanh x`, with the slope `1 − tanh² x` computed as `1 / cosh² x` (no
   * cancellation when the unit saturates).
   */
  tanh(): Value {
    const c = Math.cosh(this.data);
    return new Value(Math.tanh(this.data), [this], [1 / (c * c)]);
  }

  /**
   * `1 / (1 + e^{−x})`, with the slope `σ(x)(1 − σ(x))` computed as
   * `σ(x) σ(−x)` (no cancellation when the unit saturates).
   */
  sigmoid(): Value {
    const s = 1 / (1 + Math.exp(-this.data));
    const complement = 1 / (1 + Math.exp(this.data)); // σ(−x) = 1 − σ(x)
    return new Value(s, [this], [s * complement]);
  }

  /** `max(0, x)`, with derivative 0 at 0. */
  relu(): Value {
    return new Value(Math.max(0, this.data), [this], [this.data > 0 ? 1 : 0]);
  }

  /**
   * Fill `grad` of every value this one depends on with
   * `∂(this)/∂(that value)`.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { Value } from "./autodiff.ts";
   * const x = new Value(3);
   * const y = x.mul(x).add(x); // y = x² + x
   * y.backward();
   * assertEquals(x.grad, 7); // 2x + 1
   * ```
   */
  backward(): void {
    const order: Value[] = [];
    const seen = new Set<Value>();
    // Iterative depth-first search: the graphs of long sequences are deep.
    const stack: [Value, number][] = [[this, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next === 0) {
        if (seen.has(node)) {
          stack.pop();
          continue;
        }
        seen.add(node);
      }
      if (next < node.#parents.length) {
        top[1] = next + 1;
        const parent = node.#parents[next];
        if (!seen.has(parent)) stack.push([parent, 0]);
      } else {
        stack.pop();
        order.push(node);
      }
    }
    for (const node of order) node.grad = 0;
    this.grad = 1;
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n];
      node.#parents.forEach((parent, i) => {
        parent.grad += node.#local[i] * node.grad;
      });
    }
  }
}

/**
 * Sum of many values in one node (keeps graphs shallow).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sum, Value } from "./autodiff.ts";
 * assertEquals(sum([new Value(1), new Value(2)]).data, 3);
 * ```
 */
export function sum(values: Value[]): Value {
  return new Value(
    values.reduce((s, v) => s + v.data, 0),
    values,
    values.map(() => 1),
  );
}

function lift(x: Value | number): Value {
  return x instanceof Value ? x : new Value(x);
}
