/**
 * # What a deep network costs: parameters, backpropagation, and paths
 *
 * A fully connected network has `d` inputs, `L` hidden layers of `n` units
 * each and `c` outputs. How many parameters does it have? How many
 * multiplications does backpropagation need for the gradient of a loss with
 * respect to every weight, and how many would we need if we instead used the
 * chain rule "path by path", summing a product of local derivatives over every
 * path through the network? We answer all three with formulas and check each
 * formula by counting: we build the layers and count their entries, and we run
 * both gradient algorithms with a multiplication counter.
 *
 * @module
 */
import {
  type Activation,
  activation,
  type Matrix,
  type Random,
  relativeError,
  seededRandom,
  type Vector,
} from "../lib/mod.ts";

// ## The architecture
//
// The exercise leaves the network unstated, so we fix it. Layer 0 is the
// input `x ∈ ℝ^d`. Hidden layers `1 … L` have `n` units each, and layer
// `L + 1` is the output with `c` units. Every layer is fully connected to the
// one before it and applies the same element-wise activation `f` (we use
// `tanh`) to its pre-activation:
//
//     a⁽ˡ⁾ = W⁽ˡ⁾ h⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   h⁽ˡ⁾ = f(a⁽ˡ⁾),   h⁽⁰⁾ = x,   y = h⁽ᴸ⁺¹⁾.
//
// So there are `L + 1` weight matrices: `W⁽¹⁾` is `n × d`, `W⁽²⁾ … W⁽ᴸ⁾` are
// `n × n`, and `W⁽ᴸ⁺¹⁾` is `c × n`. The biases `b⁽ˡ⁾` are optional: we count
// with and without them. The loss is `J = ½‖y − t‖²` for a target `t`, so
// `∂J/∂y = y − t` costs subtractions only, and every multiplication we count
// belongs to the chain rule itself.

/** The shape of a fully connected network. */
export interface Architecture {
  /** Number of inputs `d`. */
  inputs: number;
  /** Units in each hidden layer, `n`. */
  width: number;
  /** Number of hidden layers, `L ≥ 1`. */
  depth: number;
  /** Number of outputs `c`. */
  outputs: number;
}

/** One fully connected layer: `a = W h + b`, then `f(a)`. */
export interface Layer {
  /** Weights, `m × k` for `k` inputs and `m` units. */
  weights: Matrix;
  /** Biases (`m` entries), or `null` for a layer without bias. */
  bias: Vector | null;
}

/**
 * The widths of all layers from input to output:
 * `[d, n, …, n, c]` with `L` entries `n`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { layerWidths } from "./a3-3.ts";
 * assertEquals(layerWidths({ inputs: 4, width: 3, depth: 2, outputs: 2 }), [4, 3, 3, 2]);
 * ```
 */
export function layerWidths(arch: Architecture): number[] {
  if (!Number.isInteger(arch.depth) || arch.depth < 1) {
    throw new RangeError(`depth must be an integer ≥ 1, got ${arch.depth}`);
  }
  return [
    arch.inputs,
    ...new Array<number>(arch.depth).fill(arch.width),
    arch.outputs,
  ];
}

/**
 * Build the layer list of a network with random weights (and biases when
 * `withBias`), scaled by `1/√k` so that `tanh` is not saturated.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { buildNetwork } from "./a3-3.ts";
 * import { seededRandom } from "../lib/mod.ts";
 * const net = buildNetwork({ inputs: 4, width: 3, depth: 2, outputs: 2 }, seededRandom(1), true);
 * assertEquals(net.map((l) => [l.weights.length, l.weights[0].length]), [[3, 4], [3, 3], [2, 3]]);
 * ```
 */
export function buildNetwork(
  arch: Architecture,
  rng: Random,
  withBias: boolean,
): Layer[] {
  const widths = layerWidths(arch);
  return widths.slice(1).map((units, l) => {
    const fanIn = widths[l];
    return {
      weights: rng.matrix(units, fanIn, 1 / Math.sqrt(fanIn)),
      bias: withBias ? rng.vector(units, 0.5) : null,
    };
  });
}

// ## Question 1: the number of parameters
//
// Each weight matrix has (units of its layer) × (units of the layer before)
// entries and each bias one entry per unit, so
//
//     P = d n + (L − 1) n² + n c                 without biases,
//     P_b = P + L n + c                          with biases.
//
// The function below counts the entries of a layer list one by one; the
// formula beside it is what we compare it with.

/**
 * Count the parameters of a layer list entry by entry.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { countParameters } from "./a3-3.ts";
 * assertEquals(countParameters([{ weights: [[1, 2], [3, 4]], bias: [0, 0] }]), 6);
 * ```
 */
export function countParameters(layers: Layer[]): number {
  let count = 0;
  for (const { weights, bias } of layers) {
    for (const row of weights) count += row.length;
    if (bias) count += bias.length;
  }
  return count;
}

/**
 * `P = dn + (L − 1)n² + nc`, plus `Ln + c` with biases.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parameterFormula } from "./a3-3.ts";
 * const arch = { inputs: 4, width: 3, depth: 2, outputs: 2 };
 * assertEquals(parameterFormula(arch, false), 12 + 9 + 6);
 * assertEquals(parameterFormula(arch, true), 27 + 6 + 2);
 * ```
 */
export function parameterFormula(
  arch: Architecture,
  withBias: boolean,
): number {
  const { inputs: d, width: n, depth: L, outputs: c } = arch;
  const weights = d * n + (L - 1) * n * n + n * c;
  return withBias ? weights + L * n + c : weights;
}

// ## Counting multiplications
//
// To count instead of estimate, every multiplication of the gradient
// algorithms below goes through one function that also increments a counter.
// Additions are free in this model, and so is evaluating `f'(a)`: the forward
// pass stores the derivatives `f'(a⁽ˡ⁾)` with the activations (for `tanh` it
// is `1 − h²`, one multiplication per unit if one wants to charge it, the same
// for both algorithms).

/** Counts the multiplications done through it. */
export class MultiplicationCounter {
  /** Multiplications so far. */
  count = 0;

  /**
   * `a · b`, counted.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { MultiplicationCounter } from "./a3-3.ts";
   * const counter = new MultiplicationCounter();
   * assertEquals(counter.times(3, 4), 12);
   * assertEquals(counter.count, 1);
   * ```
   */
  times(a: number, b: number): number {
    this.count++;
    return a * b;
  }
}

/** What the forward pass keeps for the backward pass. */
export interface ForwardTrace {
  /** The input of each layer, `h⁽ˡ⁻¹⁾`, for `l = 1 … L + 1`. */
  layerInputs: Vector[];
  /** The derivatives `f'(a⁽ˡ⁾)`, for `l = 1 … L + 1`. */
  derivatives: Vector[];
  /** The network's output `y`. */
  output: Vector;
}

/**
 * The forward pass (uncounted: both gradient algorithms need the same one).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { forward } from "./a3-3.ts";
 * import { activation } from "../lib/mod.ts";
 * const trace = forward([{ weights: [[0]], bias: null }], [1], activation("tanh"));
 * assertEquals(trace.output, [0]);
 * assertEquals(trace.derivatives, [[1]]);
 * ```
 */
export function forward(
  layers: Layer[],
  x: Vector,
  f: Activation,
): ForwardTrace {
  const layerInputs: Vector[] = [];
  const derivatives: Vector[] = [];
  let h = x;
  for (const { weights, bias } of layers) {
    layerInputs.push(h);
    const a = weights.map((row, i) =>
      row.reduce((s, w, j) => s + w * h[j], bias ? bias[i] : 0)
    );
    derivatives.push(a.map(f.df));
    h = a.map(f.f);
  }
  return { layerInputs, derivatives, output: h };
}

/** The gradient of the loss with respect to every parameter. */
export interface Gradients {
  /** `∂J/∂W⁽ˡ⁾`, same shapes as the weights. */
  weights: Matrix[];
  /** `∂J/∂b⁽ˡ⁾` (equal to `δ⁽ˡ⁾`; computed even for layers without bias). */
  biases: Vector[];
}

// ## Question 2: backpropagation
//
// Write `g⁽ˡ⁾ = ∂J/∂h⁽ˡ⁾` and `δ⁽ˡ⁾ = ∂J/∂a⁽ˡ⁾`. For a layer with `k` inputs
// and `m` units, backpropagation does three things:
//
//     δ⁽ˡ⁾ = g⁽ˡ⁾ ⊙ f'(a⁽ˡ⁾)          m multiplications,
//     ∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁾ h⁽ˡ⁻¹⁾ᵀ          m k multiplications,
//     g⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾              m k multiplications,
//
// and `∂J/∂b⁽ˡ⁾ = δ⁽ˡ⁾` costs nothing, so biases do not change the count.
// The third line is a sum over the `m` units for each of the `k` inputs:
// `g⁽ˡ⁻¹⁾_j = Σ_i W⁽ˡ⁾_ij δ⁽ˡ⁾_i`. The first layer skips it, because nothing
// needs `∂J/∂x`. Adding up the output layer (`m = c, k = n`), the `L − 1`
// hidden-to-hidden layers (`m = k = n`) and the first layer (`m = n, k = d`):
//
//     M_bp = (c + 2 n c) + (L − 1)(n + 2 n²) + (n + d n).
//
// It grows linearly in the depth `L`, about twice the number of weights.

/**
 * Backpropagation with every multiplication counted. `outputGradient` is
 * `∂J/∂y`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { backpropagate, forward, MultiplicationCounter } from "./a3-3.ts";
 * import { activation } from "../lib/mod.ts";
 * const layers = [{ weights: [[0.5, -1]], bias: null }];
 * const trace = forward(layers, [1, 2], activation("tanh"));
 * const counter = new MultiplicationCounter();
 * backpropagate(layers, trace, [1], counter);
 * assertEquals(counter.count, 1 + 2); // δ, then δ xᵀ; no ∂J/∂x
 * ```
 */
export function backpropagate(
  layers: Layer[],
  trace: ForwardTrace,
  outputGradient: Vector,
  counter: MultiplicationCounter,
): Gradients {
  const weights: Matrix[] = new Array(layers.length);
  const biases: Vector[] = new Array(layers.length);
  let g = outputGradient;
  for (let l = layers.length - 1; l >= 0; l--) {
    const W = layers[l].weights;
    const input = trace.layerInputs[l];
    const delta = g.map((gi, i) => counter.times(gi, trace.derivatives[l][i]));
    weights[l] = delta.map((di) => input.map((hj) => counter.times(di, hj)));
    biases[l] = delta.slice();
    if (l > 0) {
      g = input.map((_, j) =>
        delta.reduce((s, di, i) => s + counter.times(W[i][j], di), 0)
      );
    }
  }
  return { weights, biases };
}

/**
 * `M_bp = (c + 2nc) + (L − 1)(n + 2n²) + (n + dn)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { backpropFormula } from "./a3-3.ts";
 * assertEquals(backpropFormula({ inputs: 2, width: 1, depth: 1, outputs: 1 }), 3 + 3);
 * ```
 */
export function backpropFormula(arch: Architecture): number {
  const { inputs: d, width: n, depth: L, outputs: c } = arch;
  return (c + 2 * n * c) + (L - 1) * (n + 2 * n * n) + (n + d * n);
}

// ## Question 3: summing over paths
//
// The chain rule can also be written without any recursion. The sensitivity
// of the loss to the pre-activation of unit `i` of layer `l` is a sum over
// all paths `i = p_l → p_{l+1} → … → p_{L+1} = o` that lead from that unit to
// an output unit `o`, of the product of the local derivatives along the path:
//
//     δ⁽ˡ⁾_i = Σ_paths f'(a⁽ˡ⁾_{p_l}) · Π_{m=l+1}^{L+1} [ W⁽ᵐ⁾_{p_m p_{m−1}} f'(a⁽ᵐ⁾_{p_m}) ] · ∂J/∂y_o,
//
// and then `∂J/∂W⁽ˡ⁾_ij = δ⁽ˡ⁾_i h⁽ˡ⁻¹⁾_j` as before. A path from hidden layer
// `l` picks one of `n` units in each of the `L − l` hidden layers after it and
// one of `c` outputs, so there are `c n^{L−l}` of them, and each has
// `2(L + 1 − l) + 2` factors, that is `2(L + 1 − l) + 1` multiplications.
// Writing `s = L + 1 − l` for the number of steps to the output, layer `l`
// costs `n · c n^{s−1} · (2s + 1) = c n^s (2s + 1)`. The output layer is the
// case `s = 0`: each of its `c` units is a path by itself, `f'(a_o) ∂J/∂y_o`,
// one multiplication. With the weight gradients, one multiplication each,
//
//     M_paths = Σ_{s=0}^{L} (2s + 1) c nˢ + P,
//
// which is dominated by `(2L + 1) c n^L`: exponential in the depth. The same
// count, from an input `x_j` to an output `y_o`, gives `n^L` paths with `L + 1`
// weights on each. Backpropagation computes exactly the same sums, but it
// shares the common suffixes of the paths: `δ⁽ˡ⁾` is formed once from
// `δ⁽ˡ⁺¹⁾` instead of once per path.
//
// The code below does it the slow way on purpose: it lists every path as an
// array of unit indices and multiplies the factors along each one.

/**
 * Call `visit` with every path from unit `unit` of layer `start` (0-based
 * index into `layers`) to an output unit, as the unit indices in layers
 * `start, start + 1, …, layers.length − 1`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { forEachPath } from "./a3-3.ts";
 * const layers = [
 *   { weights: [[1], [1]], bias: null }, // 1 input → 2 hidden
 *   { weights: [[1, 1], [1, 1], [1, 1]], bias: null }, // 2 hidden → 3 outputs
 * ];
 * const paths: number[][] = [];
 * forEachPath(layers, 0, 1, (p) => paths.push(p.slice()));
 * assertEquals(paths, [[1, 0], [1, 1], [1, 2]]);
 * ```
 */
export function forEachPath(
  layers: Layer[],
  start: number,
  unit: number,
  visit: (path: number[]) => void,
): void {
  const path = [unit];
  const extend = (layer: number) => {
    if (layer === layers.length) {
      visit(path);
      return;
    }
    for (let next = 0; next < layers[layer].weights.length; next++) {
      path.push(next);
      extend(layer + 1);
      path.pop();
    }
  };
  extend(start + 1);
}

/**
 * The same gradients as {@link backpropagate}, by summing products over every
 * path explicitly, with every multiplication counted.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { forward, MultiplicationCounter, pathEnumeration } from "./a3-3.ts";
 * import { activation } from "../lib/mod.ts";
 * const layers = [{ weights: [[0.5, -1]], bias: null }];
 * const trace = forward(layers, [1, 2], activation("tanh"));
 * const counter = new MultiplicationCounter();
 * pathEnumeration(layers, trace, [1], counter);
 * assertEquals(counter.count, 1 + 2); // one path of one factor pair, then δ xᵀ
 * ```
 */
export function pathEnumeration(
  layers: Layer[],
  trace: ForwardTrace,
  outputGradient: Vector,
  counter: MultiplicationCounter,
): Gradients {
  const last = layers.length - 1;
  const biases = layers.map((layer, l) =>
    layer.weights.map((_, unit) => {
      let sum = 0;
      forEachPath(layers, l, unit, (path) => {
        let product = trace.derivatives[l][path[0]];
        for (let step = 1; step < path.length; step++) {
          const m = l + step;
          product = counter.times(
            product,
            layers[m].weights[path[step]][path[step - 1]],
          );
          product = counter.times(product, trace.derivatives[m][path[step]]);
        }
        sum += counter.times(product, outputGradient[path[last - l]]);
      });
      return sum;
    })
  );
  const weights = biases.map((delta, l) =>
    delta.map((di) => trace.layerInputs[l].map((hj) => counter.times(di, hj)))
  );
  return { weights, biases };
}

/**
 * `M_paths = Σ_{s=0}^{L} (2s + 1) c nˢ + P` (`P` the number of weights).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pathEnumerationFormula } from "./a3-3.ts";
 * // d = 2, n = 1, c = 1, L = 1: paths cost 1 + 3, weights 2 + 1
 * assertEquals(pathEnumerationFormula({ inputs: 2, width: 1, depth: 1, outputs: 1 }), 7);
 * ```
 */
export function pathEnumerationFormula(arch: Architecture): number {
  const { width: n, depth: L, outputs: c } = arch;
  let total = parameterFormula(arch, false);
  for (let s = 0; s <= L; s++) total += (2 * s + 1) * c * n ** s;
  return total;
}

/**
 * `M_paths` in closed form up to terms that do not grow with `n^L`: summing
 * the geometric tail `Σ_s (2s + 1) c n^s` gives
 * `(2L + 1 − 2/(n − 1)) c n^{L+1}/(n − 1)`. The last term alone,
 * `(2L + 1) c n^L`, misses the factor `n/(n − 1)` (1.5 for `n = 3`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pathEnumerationApproximation } from "./a3-3.ts";
 * // n = 3, c = 1, L = 1: Σ_s (2s + 1) 3^s = 1 + 9 = 10; the approximation says (3 − 1) · 9 / 2 = 9
 * assertEquals(pathEnumerationApproximation({ inputs: 1, width: 3, depth: 1, outputs: 1 }), 9);
 * ```
 */
export function pathEnumerationApproximation(arch: Architecture): number {
  const { width: n, depth: L, outputs: c } = arch;
  return (2 * L + 1 - 2 / (n - 1)) * c * n ** (L + 1) / (n - 1);
}

/**
 * The number of paths from one input to one output, `n^L`, and through the
 * whole network, `d n^L c`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pathCounts } from "./a3-3.ts";
 * assertEquals(pathCounts({ inputs: 4, width: 3, depth: 2, outputs: 2 }), { perPair: 9, total: 72 });
 * ```
 */
export function pathCounts(
  arch: Architecture,
): { perPair: number; total: number } {
  const perPair = arch.width ** arch.depth;
  return { perPair, total: arch.inputs * perPair * arch.outputs };
}

// ## The source solution's formulas
//
// Source solution 001 gives three totals. We evaluate them as written, with its `C`
// read as the number of outputs `c`, to compare them with our counts:
//
//     parameters        c n + n²(L − 1) + c n
//     backpropagation   2nc + 2n + (2n² + 2n)(L − 1) + 2nd
//     paths             2cn + cn + 2n² + 2dn + Σ_{i=1}^{L−1} (L − i + 1) C n^{L−i}
//
// The first uses `c n` for the first layer, which has `d n` weights. The
// second charges 2 multiplications per weight gradient (it recomputes
// `∂J/∂y_i f'(·)` for every `j` instead of forming `δ` once) and 2 per input
// gradient: its `∂J/∂x_i = ∂J/∂y_i f'((Wx)_i) W_ki` has lost the sum over
// `k`, which has `m` terms. For the third, the source says a unit of hidden
// layer `i` has `C n^{N−i−1}` paths to the outputs with `n − 2`
// multiplications each. With `N = L + 1` the number of paths, `c n^{L−i}`,
// agrees with our count; the multiplications per path do not (a path from
// layer `i` has `2(L − i) + 3`, which depends on the depth, not on `n`, and
// the source's own total uses `L − i + 1`). Its term for layer `i` is the cost
// of one unit where the layer has `n`, and it keeps a single `2n²` for the
// `L − 1` hidden-to-hidden weight matrices.

/**
 * The source's parameter count `cn + n²(L − 1) + cn`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { seedParameterFormula } from "./a3-3.ts";
 * assertEquals(seedParameterFormula({ inputs: 4, width: 3, depth: 2, outputs: 2 }), 6 + 9 + 6);
 * ```
 */
export function seedParameterFormula(arch: Architecture): number {
  const { width: n, depth: L, outputs: c } = arch;
  return c * n + n * n * (L - 1) + c * n;
}

/**
 * The source's backpropagation count `2nc + 2n + (2n² + 2n)(L − 1) + 2nd`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { seedBackpropFormula } from "./a3-3.ts";
 * assertEquals(seedBackpropFormula({ inputs: 1, width: 1, depth: 1, outputs: 1 }), 2 + 2 + 0 + 2);
 * ```
 */
export function seedBackpropFormula(arch: Architecture): number {
  const { inputs: d, width: n, depth: L, outputs: c } = arch;
  return 2 * n * c + 2 * n + (2 * n * n + 2 * n) * (L - 1) + 2 * n * d;
}

/**
 * The source's path-enumeration count
 * `2cn + cn + 2n² + 2dn + Σ_{i=1}^{L−1} (L − i + 1) c n^{L−i}`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { seedPathFormula } from "./a3-3.ts";
 * assertEquals(seedPathFormula({ inputs: 1, width: 1, depth: 1, outputs: 1 }), 2 + 1 + 2 + 2);
 * ```
 */
export function seedPathFormula(arch: Architecture): number {
  const { inputs: d, width: n, depth: L, outputs: c } = arch;
  let total = 2 * c * n + c * n + 2 * n * n + 2 * d * n;
  for (let i = 1; i <= L - 1; i++) total += (L - i + 1) * c * n ** (L - i);
  return total;
}

// ## Running both algorithms on a small network
//
// One run of each algorithm on a random network gives the counted numbers.
// The two must also produce the same gradient: they evaluate the same chain
// rule, only grouped differently.

/** The counts of one network, counted and by formula. */
export interface NetworkCounts {
  /** Input size `d`. */
  d: number;
  /** Hidden width `n`. */
  n: number;
  /** Output size `c`. */
  c: number;
  /** Number of hidden layers `L`. */
  L: number;
  /** Parameters without biases, counted in the layer list. */
  parameters: number;
  /** The same by `dn + (L − 1)n² + nc`. */
  parametersFormula: number;
  /** Parameters with biases, counted. */
  parametersWithBias: number;
  /** The same by formula. */
  parametersWithBiasFormula: number;
  /** Multiplications of backpropagation, counted (the same with biases). */
  backprop: number;
  /** The same by formula. */
  backpropFormula: number;
  /** Multiplications of path enumeration, counted. */
  paths: number;
  /** The same by formula. */
  pathsFormula: number;
  /** Paths from one input to one output, `n^L`. */
  pathsPerInputOutputPair: number;
  /** The source's parameter formula. */
  seedParameters: number;
  /** The source's backpropagation formula. */
  seedBackprop: number;
  /** The source's path-enumeration formula. */
  seedPaths: number;
  /** Largest relative error of the path enumeration's gradients against backpropagation's. */
  gradientDifference: number;
}

/**
 * Build a random network of the given shape (with biases), run
 * backpropagation and path enumeration on one random example, and report
 * every count. Path enumeration is exponential: keep `n^L` small.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { countNetwork } from "./a3-3.ts";
 * const counts = countNetwork({ inputs: 2, width: 2, depth: 2, outputs: 1 }, 1);
 * assertEquals(counts.backprop, counts.backpropFormula);
 * ```
 */
export function countNetwork(arch: Architecture, seed: number): NetworkCounts {
  const rng = seededRandom(seed);
  const f = activation("tanh");
  const bare = buildNetwork(arch, rng, false);
  const layers = buildNetwork(arch, rng, true);
  const x = rng.vector(arch.inputs);
  const target = rng.vector(arch.outputs);
  const trace = forward(layers, x, f);
  const outputGradient = trace.output.map((y, i) => y - target[i]);
  const backpropCounter = new MultiplicationCounter();
  const bp = backpropagate(layers, trace, outputGradient, backpropCounter);
  const pathCounter = new MultiplicationCounter();
  const pe = pathEnumeration(layers, trace, outputGradient, pathCounter);
  return {
    d: arch.inputs,
    n: arch.width,
    c: arch.outputs,
    L: arch.depth,
    parameters: countParameters(bare),
    parametersFormula: parameterFormula(arch, false),
    parametersWithBias: countParameters(layers),
    parametersWithBiasFormula: parameterFormula(arch, true),
    backprop: backpropCounter.count,
    backpropFormula: backpropFormula(arch),
    paths: pathCounter.count,
    pathsFormula: pathEnumerationFormula(arch),
    pathsPerInputOutputPair: pathCounts(arch).perPair,
    seedParameters: seedParameterFormula(arch),
    seedBackprop: seedBackpropFormula(arch),
    seedPaths: seedPathFormula(arch),
    gradientDifference: Math.max(
      ...bp.weights.map((w, l) => relativeError(pe.weights[l], w)),
      ...bp.biases.map((b, l) => relativeError(pe.biases[l], b)),
    ),
  };
}

// ## Per-layer bookkeeping
//
// To see where the source's path formula departs from the count, we list for
// each hidden layer `i` the paths from one of its units to the outputs, the
// multiplications along one path, and the cost of the whole layer, beside the
// source's term for that layer.

/** One hidden layer's share of the path-enumeration cost. */
export interface PathLayerRow {
  /** Hidden layer index `i`, `1 … L`. */
  layer: number;
  /** Paths from one unit of the layer to the outputs, `c n^{L−i}`. */
  pathsPerUnit: number;
  /** Multiplications along one path, `2(L − i) + 3`. */
  multiplicationsPerPath: number;
  /** What the source's total charges per path, `L − i + 1`. */
  seedMultiplicationsPerPath: number;
  /** The layer's `n` units together: `n · c n^{L−i} · (2(L − i) + 3)`. */
  layerCost: number;
  /** The source's term: `(L − i + 1) c n^{L−i}` for `i < L`, `c n` for `i = L`. */
  seedLayerCost: number;
}

/**
 * The path-enumeration cost of each hidden layer, ours beside the source's.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pathCostByLayer } from "./a3-3.ts";
 * const rows = pathCostByLayer({ inputs: 1, width: 2, depth: 1, outputs: 3 });
 * assertEquals(rows[0].layerCost, 2 * 3 * 3); // n units · c paths · 3 multiplications
 * ```
 */
export function pathCostByLayer(arch: Architecture): PathLayerRow[] {
  const { width: n, depth: L, outputs: c } = arch;
  return Array.from({ length: L }, (_, index) => {
    const i = index + 1;
    const pathsPerUnit = c * n ** (L - i);
    const multiplicationsPerPath = 2 * (L - i) + 3;
    return {
      layer: i,
      pathsPerUnit,
      multiplicationsPerPath,
      seedMultiplicationsPerPath: L - i + 1,
      layerCost: n * pathsPerUnit * multiplicationsPerPath,
      seedLayerCost: i < L ? (L - i + 1) * c * n ** (L - i) : c * n,
    };
  });
}

// ## Results

/** A row of the chart: one count at one depth. */
export interface CostRow extends Record<string, number | string> {
  /** Number of hidden layers. */
  L: number;
  /** "backpropagation" or "path enumeration". */
  method: string;
  /** Multiplications for the full gradient. */
  multiplications: number;
}

/** What {@link compute} returns. */
export interface A3_3Results {
  /** The architecture, in words. */
  architecture: string;
  /** The example network of the worked numbers (`d = 4, n = 3, c = 2, L = 3`). */
  example: NetworkCounts;
  /** The path cost of each hidden layer of the example, ours and the source's. */
  exampleLayers: PathLayerRow[];
  /** Counted and formula values for `L = 1 … 10`, with `d = 4, n = 3, c = 2`. */
  depthTable: NetworkCounts[];
  /** Ours beside the source's for a few shapes, counted where small enough. */
  comparison: {
    d: number;
    n: number;
    c: number;
    L: number;
    parameters: number;
    seedParameters: number;
    backprop: number;
    seedBackprop: number;
    paths: number;
    seedPaths: number;
  }[];
  /** `paths / backprop` at `L = 10` in the depth table. */
  ratioAtDepth10: number;
  /** How good the approximations of `M_paths` are at `L = 10`. */
  pathsApproximation: {
    L: number;
    /** `M_paths`, counted. */
    exact: number;
    /** The last term alone, `(2L + 1) c n^L`. */
    leadingTerm: number;
    /** Its relative error against `exact`. */
    leadingTermError: number;
    /** `(2L + 1 − 2/(n − 1)) c n^{L+1}/(n − 1)`, the sum of the geometric tail. */
    corrected: number;
    /** Its relative error against `exact`. */
    correctedError: number;
  };
  /** Chart rows: multiplications vs depth, both methods. */
  costVsDepth: CostRow[];
}

/**
 * Count everything: the worked example, the table over depth, and the
 * comparison with the source's formulas.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { compute } from "./a3-3.ts";
 * assertEquals(compute().depthTable.length, 10);
 * ```
 */
export function compute(): A3_3Results {
  const shape = { inputs: 4, width: 3, outputs: 2 };
  const exampleArch = { ...shape, depth: 3 };
  const depthTable = Array.from(
    { length: 10 },
    (_, i) => countNetwork({ ...shape, depth: i + 1 }, 100 + i),
  );
  const shapes: Architecture[] = [
    { inputs: 2, width: 2, depth: 2, outputs: 1 },
    { inputs: 4, width: 3, depth: 3, outputs: 2 },
    { inputs: 5, width: 4, depth: 5, outputs: 3 },
    { inputs: 784, width: 100, depth: 3, outputs: 10 },
  ];
  const comparison = shapes.map((arch) => ({
    d: arch.inputs,
    n: arch.width,
    c: arch.outputs,
    L: arch.depth,
    parameters: parameterFormula(arch, false),
    seedParameters: seedParameterFormula(arch),
    backprop: backpropFormula(arch),
    seedBackprop: seedBackpropFormula(arch),
    paths: pathEnumerationFormula(arch),
    seedPaths: seedPathFormula(arch),
  }));
  const last = depthTable[depthTable.length - 1];
  return {
    architecture:
      "d inputs, L fully connected hidden layers of n tanh units, c tanh outputs, loss ½‖y − t‖²",
    example: countNetwork(exampleArch, 7),
    exampleLayers: pathCostByLayer(exampleArch),
    depthTable,
    comparison,
    ratioAtDepth10: last.paths / last.backprop,
    pathsApproximation: (() => {
      // The page's approximation, checked against the count where it is
      // meant to hold: the deepest network of the table.
      const arch = { ...shape, depth: last.L };
      const leadingTerm = (2 * last.L + 1) * last.c * last.n ** last.L;
      const corrected = pathEnumerationApproximation(arch);
      return {
        L: last.L,
        exact: last.paths,
        leadingTerm,
        leadingTermError: relativeError([leadingTerm], [last.paths]),
        corrected,
        correctedError: relativeError([corrected], [last.paths]),
      };
    })(),
    costVsDepth: depthTable.flatMap((row) => [
      { L: row.L, method: "backpropagation", multiplications: row.backprop },
      { L: row.L, method: "path enumeration", multiplications: row.paths },
    ]),
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
