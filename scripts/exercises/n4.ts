/**
 * # When the product of Jacobians vanishes or explodes
 *
 * For the recurrent network `h_t = σ(W_rec h_{t−1} + W_in x_t + b)`,
 * backpropagation through time multiplies the one-step Jacobians
 * `∂h_j/∂h_{j−1} = diag(σ'(z_j)) W_rec` together:
 * `∂h_t/∂h_k = ∏_{j=k+1}^{t} diag(σ'(z_j)) W_rec`. How does its size change as
 * `t − k` grows? When does it vanish, when does it explode, and what do the
 * size of `W_rec` and the slope `σ'` each contribute?
 *
 * @module
 */
import { qr } from "../lib/mathjs.ts";
import {
  activation,
  type ActivationName,
  bpttTerms,
  diag,
  finiteDifferenceJacobian,
  type Loss,
  matmul,
  type Matrix,
  matvec,
  outer,
  outputGradient,
  relativeError,
  rnnBptt,
  rnnForward,
  type RnnParams,
  scale,
  seededRandom,
  spectralNorm,
  stateJacobian,
  transpose,
  type Vector,
} from "../lib/mod.ts";

/**
 * A recurrent matrix with `‖W‖₂ = 10` whose square is zero: every product
 * `diag(a) W diag(b) W` is zero, whatever the slopes.
 */
export const NILPOTENT_W: Matrix = [[0, 10], [0, 0]];
/** The distances of the nilpotent example, `0 … NILPOTENT_DISTANCE`. */
export const NILPOTENT_DISTANCE = 5;

/** Hidden units `n`. */
export const HIDDEN = 4;
/** Input dimension `d`. */
export const INPUTS = 2;
/** The largest distance `t − k` followed. */
export const MAX_DISTANCE = 60;
/** The scales `s` of `W_rec = s R`. */
export const SCALES = [0.5, 1, 2, 4, 8, 16];
/** The seed of every random choice. */
export const SEED = 4;
/** The activations compared (both squash; see b3-b for ReLU). */
export type SquashingActivation = Extract<ActivationName, "sigmoid" | "tanh">;
/** The activations compared, in the order of the chart. */
export const ACTIVATION_NAMES: SquashingActivation[] = ["sigmoid", "tanh"];

/** The largest slope `γ = max_z σ'(z)` of each activation. */
export const MAX_SLOPE: Record<SquashingActivation, number> = {
  sigmoid: 0.25,
  tanh: 1,
};

/** How the inputs and the initial state are chosen. */
export type InputKind = "random inputs" | "fixed point z = 0";

/** One run: an activation, a scale and a kind of input. */
export interface JacobianCase {
  /** `"sigmoid"` or `"tanh"`. */
  activation: SquashingActivation;
  /** Random inputs, or the fixed point where every pre-activation is 0. */
  inputs: InputKind;
  /** The scale `s` in `W_rec = s R`; also `‖W_rec‖₂`, since `R` is orthogonal. */
  scale: number;
  /** `‖W_rec‖₂`, computed. */
  recurrentNorm: number;
  /** `γ ‖W_rec‖₂`, the factor of the bound. Below 1, vanishing is guaranteed. */
  boundFactor: number;
  /** `‖∂h_d/∂h_0‖₂` for `d = 0 … MAX_DISTANCE`. */
  norms: number[];
  /** The bound `(γ ‖W_rec‖₂)^d` for `d = 0 … MAX_DISTANCE`. */
  bounds: number[];
  /**
   * The tighter bound `∏_{j=1}^{d} (max_i σ'(z_{j,i})) ‖W_rec‖₂`, which uses
   * the slopes actually met along the sequence.
   */
  slopeBounds: number[];
  /** Whether `norms[d] ≤ bounds[d]` and `norms[d] ≤ slopeBounds[d]` for every `d`. */
  boundHolds: boolean;
  /**
   * The geometric mean over the steps of the largest slope `max_i σ'(z_{j,i})`:
   * the effective `γ` of this run.
   */
  typicalMaxSlope: number;
  /** `norms[MAX_DISTANCE]`. */
  finalNorm: number;
}

/** One point of the chart. */
export interface JacobianRow {
  /** `t − k`. */
  distance: number;
  /** `"sigmoid"` or `"tanh"`. */
  activation: string;
  /** The kind of inputs. */
  inputs: string;
  /** `s = ‖W_rec‖₂`. */
  scale: number;
  /** `‖∂h_t/∂h_k‖₂`. */
  norm: number;
}

/** Source solution 004's factor order against the correct one, on `gradientProblem`. */
export interface FactorOrderCheck {
  /** `k`. */
  k: number;
  /** `t`. */
  t: number;
  /** `∏_{j=k+1}^{t} diag(σ'(z_j)) W_rec`, later factors on the left (correct). */
  correct: Matrix;
  /** `∏_{j=k+1}^{t} W_rec diag(σ'(z_j))`, the source's order with the same `z_j`. */
  swapped: Matrix;
  /** Relative difference of `swapped` from `correct`. */
  swappedError: number;
  /** `‖correct‖₂`. */
  correctNorm: number;
  /** `‖swapped‖₂`. */
  swappedNorm: number;
  /** `∏_{j=k+1}^{t} W_rec diag(σ'(z_{j−1}))`: the source's order and index. */
  shifted: Matrix;
  /** `∂z_t/∂z_k` by central differences: what `shifted` really is. */
  preActivationJacobian: Matrix;
  /** Relative difference of `shifted` from `preActivationJacobian`. */
  shiftedVsPreActivation: number;
  /** Relative difference of `shifted` from `correct`. */
  shiftedError: number;
}

/** Source solution 004's gradient formulas against the full gradient, on `gradientProblem`. */
export interface GradientCheck {
  /** The step `t` of the loss `E_t`. */
  t: number;
  /** `∂E_t/∂W_rec`, the full gradient (sum over `k = 0 … t`). */
  full: Matrix;
  /** `‖∂E_t/∂W_rec‖_F`. */
  fullNorm: number;
  /** The norm (Frobenius) of each term `k = 0 … t` of the sum. */
  termNorms: number[];
  /** Only the path through the first state (`k = 0`), as the source's first formula. */
  firstPathOnly: Matrix;
  /** Relative error of `firstPathOnly`. */
  firstPathOnlyError: number;
  /** The sum without its last term (`k = 0 … t − 1`), as the source's second formula. */
  withoutLastTerm: Matrix;
  /** Relative error of `withoutLastTerm`. */
  withoutLastTermError: number;
  /** `‖term k = t‖_F / ‖full‖_F`: the size of the term the second formula drops. */
  lastTermRelativeNorm: number;
  /** The double sum computed with the source's order of the factors. */
  swappedOrder: Matrix;
  /** Relative error of `swappedOrder`. */
  swappedOrderError: number;
}

/** What {@link compute} returns. */
export interface N4Results {
  /** The random orthogonal matrix `R` (`RᵀR = I`, `‖R‖₂ = 1`). */
  R: Matrix;
  /** The input weights `W_in`. */
  Win: Matrix;
  /** The random input sequence `x_0 … x_60` of the "random inputs" runs. */
  inputs: Vector[];
  /** Every run: 2 activations × 2 kinds of inputs × the scales. */
  cases: JacobianCase[];
  /** The chart data. */
  rows: JacobianRow[];
  /** `1/γ`: the threshold of `‖W_rec‖₂` below which vanishing is guaranteed. */
  thresholds: { sigmoid: number; tanh: number };
  /**
   * The threshold is sufficient, not necessary: a sigmoid network with the
   * nilpotent `W_rec` of {@link NILPOTENT_W} (`W_rec² = 0`), over the random
   * inputs from `h = 0`.
   */
  nilpotent: {
    W: Matrix;
    /** `γ ‖W_rec‖₂` (sigmoid): above 1, so the bound guarantees nothing. */
    boundFactor: number;
    /** `‖∂h_d/∂h_0‖₂` for `d = 0 … NILPOTENT_DISTANCE`: 0 from `d = 2` on. */
    norms: number[];
  };
  /** Source solution 004's order of the factors. */
  factorOrder: FactorOrderCheck;
  /** Source solution 004's gradient formulas. */
  gradient: GradientCheck;
  /** The network of the source-004 checks (sigmoid, softmax output). */
  gradientProblem: {
    /** `W_rec` (a general random matrix), `W_in`, `b`, `V`, `c`. */
    params: RnnParams;
    /** The inputs `x_0 … x_5`. */
    xs: Vector[];
    /** The initial state `h_{−1}`. */
    hInit: Vector;
    /** The class labels of the softmax outputs. */
    labels: number[];
    /** The step of the loss `E_t`. */
    t: number;
  };
}

// ## The setting
//
// We take `n = 4` hidden units and write the recurrent weights as
// `W_rec = s R` with `R` a fixed random orthogonal matrix. Orthogonal means
// that `R` does not stretch any vector (`‖R v‖ = ‖v‖`), so the size of
// `W_rec` is exactly the scale: `‖W_rec‖₂ = s`, and all of its singular values
// are `s`. That way a single number says how large the recurrent weights are.

/** A random orthogonal `n × n` matrix: the `Q` of a QR factorisation. */
function randomOrthogonal(rng: ReturnType<typeof seededRandom>, n: number) {
  const { Q } = qr(rng.matrix(n, n)) as unknown as { Q: Matrix };
  return Q;
}

/**
 * `‖∂h_d/∂h_0‖₂` for `d = 0 … MAX_DISTANCE`, with the bounds, for one run.
 */
function followProduct(
  params: RnnParams,
  xs: Vector[],
  hInit: Vector,
  name: SquashingActivation,
  inputs: InputKind,
  s: number,
): JacobianCase {
  const act = activation(name);
  const trace = rnnForward(params, xs, { activation: name, hInit });
  const recurrentNorm = spectralNorm(params.W);
  const gamma = MAX_SLOPE[name];
  const norms: number[] = [];
  const bounds: number[] = [];
  const slopeBounds: number[] = [];
  let slopeBound = 1;
  let logMaxSlope = 0;
  for (let d = 0; d <= MAX_DISTANCE; d++) {
    // ∂h_d/∂h_0 = ∏_{j=1}^{d} diag(σ'(z_j)) W_rec, later factors on the left.
    norms.push(spectralNorm(stateJacobian(params, trace, d, 0, name)));
    bounds.push((gamma * recurrentNorm) ** d);
    if (d > 0) {
      const maxSlope = Math.max(...trace.zs[d].map(act.df));
      slopeBound *= maxSlope * recurrentNorm;
      logMaxSlope += Math.log(maxSlope);
    }
    slopeBounds.push(slopeBound);
  }
  // Allow for rounding: the bound is an inequality between exact numbers.
  const boundHolds = norms.every((norm, d) =>
    norm <= bounds[d] * (1 + 1e-12) && norm <= slopeBounds[d] * (1 + 1e-12)
  );
  return {
    activation: name,
    inputs,
    scale: s,
    recurrentNorm,
    boundFactor: gamma * recurrentNorm,
    norms,
    bounds,
    slopeBounds,
    boundHolds,
    typicalMaxSlope: Math.exp(logMaxSlope / MAX_DISTANCE),
    finalNorm: norms[MAX_DISTANCE],
  };
}

/** Compute every number of the exercise. Deterministic: all randomness is seeded. */
export function compute(): N4Results {
  const rng = seededRandom(SEED);
  const R = randomOrthogonal(rng, HIDDEN);
  const Win = rng.matrix(HIDDEN, INPUTS);
  const xs = Array.from({ length: MAX_DISTANCE + 1 }, () => rng.vector(INPUTS));
  const zeroInputs = xs.map((x) => x.map(() => 0));

  // ## The bound
  //
  // The spectral norm of a product is at most the product of the norms, and
  // the norm of a diagonal matrix is its largest entry. With
  // `γ = max_z σ'(z)` (`1/4` for the sigmoid, `1` for tanh),
  //
  //     ‖∂h_t/∂h_k‖₂ ≤ ∏_{j=k+1}^{t} ‖diag(σ'(z_j))‖₂ ‖W_rec‖₂ ≤ (γ ‖W_rec‖₂)^{t−k}.
  //
  // So `‖W_rec‖₂ < 1/γ` guarantees that the product vanishes exponentially:
  // for the sigmoid that is `‖W_rec‖₂ < 4`, not `< 1`. Above the threshold
  // the bound says nothing: the product may explode, or vanish anyway when
  // the units saturate and `σ'` is far below its maximum.
  //
  // ## Random inputs
  //
  // First a random input sequence, starting from `h = 0`, for every scale and
  // both activations.
  const cases: JacobianCase[] = [];
  for (const name of ACTIVATION_NAMES) {
    for (const s of SCALES) {
      const params = { W: scale(R, s), U: Win };
      cases.push(
        followProduct(
          params,
          xs,
          new Array(HIDDEN).fill(0),
          name,
          "random inputs",
          s,
        ),
      );
    }
  }

  // ## The fixed point where the bound is reached
  //
  // The bound is attained when every pre-activation is 0, where `σ'` takes
  // its largest value `γ`. With zero inputs this is a fixed point: for tanh,
  // `h = 0` gives `z = W_rec · 0 = 0` and `h = tanh(0) = 0` again. For the
  // sigmoid, `h = σ(0) = ½` in every unit, and the bias `b = −W_rec (½, …, ½)`
  // makes `z = W_rec h + b = 0` again. Then every step's Jacobian is `γ W_rec`
  // and `‖∂h_t/∂h_k‖₂ = (γ s)^{t−k}` exactly (`R` is orthogonal): the product
  // explodes as soon as `s > 1/γ`. This is the exploding case, and it shows
  // that the threshold `1/γ` cannot be improved.
  for (const name of ACTIVATION_NAMES) {
    for (const s of SCALES) {
      const W = scale(R, s);
      const hFixed = new Array<number>(HIDDEN).fill(
        name === "sigmoid" ? 0.5 : 0,
      );
      const params: RnnParams = { W, U: Win };
      if (name === "sigmoid") params.b = scale(matvec(W, hFixed), -1);
      cases.push(
        followProduct(params, zeroInputs, hFixed, name, "fixed point z = 0", s),
      );
    }
  }

  const rows: JacobianRow[] = cases.flatMap((c) =>
    c.norms.map((norm, distance) => ({
      distance,
      activation: c.activation,
      inputs: c.inputs,
      scale: c.scale,
      norm,
    }))
  );

  // ## Source solution 004: a concrete network to check its formulas on
  //
  // For the notes' formulas we leave the orthogonal `R` aside (with an
  // orthogonal `W_rec` the swapped products below happen to have the same
  // norm as the correct ones, since `‖R P‖₂ = ‖P R‖₂ = ‖P‖₂`) and take a
  // general random `W_rec`, a softmax output `ŷ_t = softmax(V h_t + c)` as in
  // the notes, a random initial state and six steps. The loss is the
  // cross-entropy `E_t` at the last step, `t = 5` (our steps start at 0 and
  // the notes' at 1, so the notes' `h_1` is our `h_0`).
  const gradientProblem = {
    params: {
      W: rng.matrix(HIDDEN, HIDDEN, 0.6),
      U: Win,
      b: rng.vector(HIDDEN, 0.5),
      V: rng.matrix(3, HIDDEN),
      c: [0, 0, 0],
    } as RnnParams,
    xs: xs.slice(0, 6),
    hInit: rng.vector(HIDDEN, 0.5),
    labels: Array.from({ length: 6 }, () => Math.floor(rng.uniform() * 3)),
    t: 5,
  };
  const { params: seedParams, hInit: seedInit, t: lossStep } = gradientProblem;
  const seedTrace = rnnForward(seedParams, gradientProblem.xs, {
    hInit: seedInit,
  });
  const sigmoidSlopes = (j: number) =>
    diag(seedTrace.zs[j].map(activation("sigmoid").df));

  // ## Source solution 004: the order of the factors
  //
  // The notes write `∂h_t/∂h_k = ∏ W^{hh} × diag(f'(·_{j−1}))`, the weight
  // matrix on the left. For `h_j = σ(W h_{j−1} + …)` the chain rule puts the
  // derivative of the outer function first: `∂h_j/∂h_{j−1} = diag(σ'(z_j)) W`.
  // Matrices do not commute, so the swapped product is a different matrix.
  // What the swapped order with the index `j − 1` does compute is
  // `∂z_t/∂z_k`, the Jacobian between pre-activations: the right formula for
  // networks written as `z_j = W σ(z_{j−1}) + …` (the convention of Pascanu et
  // al.), a different quantity here. We compare them on `k = 0`, `t = 5`.
  const swappedProduct = (t: number, k: number, shift: number) => {
    let product: Matrix = diag(new Array(HIDDEN).fill(1));
    for (let j = k + 1; j <= t; j++) {
      product = matmul(matmul(seedParams.W, sigmoidSlopes(j - shift)), product);
    }
    return product;
  };
  const factorOrder = (() => {
    const k = 0;
    const t = lossStep;
    const correct = stateJacobian(seedParams, seedTrace, t, k);
    const swapped = swappedProduct(t, k, 0);
    const shifted = swappedProduct(t, k, 1);
    // z_k ↦ z_t with the inputs held fixed, by central differences.
    const zToZ = (zk: Vector) => {
      let z = zk;
      for (let j = k + 1; j <= t; j++) {
        const h = z.map(activation("sigmoid").f);
        z = matvec(seedParams.W, h).map((v, i) =>
          v + matvec(Win, gradientProblem.xs[j])[i] + seedParams.b![i]
        );
      }
      return z;
    };
    const preActivationJacobian = finiteDifferenceJacobian(
      zToZ,
      seedTrace.zs[k],
    );
    return {
      k,
      t,
      correct,
      swapped,
      swappedError: relativeError(swapped, correct),
      correctNorm: spectralNorm(correct),
      swappedNorm: spectralNorm(swapped),
      shifted,
      preActivationJacobian,
      shiftedVsPreActivation: relativeError(shifted, preActivationJacobian),
      shiftedError: relativeError(shifted, correct),
    };
  })();

  // ## Source solution 004: the gradient of one loss term
  //
  // The notes' first formula, `∂E_k/∂W = ∂E_k/∂y_k ∂y_k/∂h_k
  // (∏_{t=2}^{k} ∂h_t/∂h_{t−1}) ∂h_1/∂W`, keeps a single path: the one on
  // which `W` acts at the first step. But `W` acts at every step, and the
  // chain rule sums over all of them:
  //
  //     ∂E_t/∂W = Σ_{k} ∂E_t/∂y_t ∂y_t/∂h_t (∂h_t/∂h_k) ∂⁺h_k/∂W,
  //
  // where `∂⁺h_k/∂W` is the derivative through step `k` alone. The second
  // formula has that sum, but lets `k` stop at `t − 1`, which drops the term
  // `k = t`, where `W` acts at the very step of the loss; with vanishing
  // products that term is usually the largest. We measure both, and the
  // gradient one gets with the swapped order of the factors.
  const gradient = (() => {
    const t = lossStep;
    const loss: Loss = {
      type: "softmax-ce",
      labels: gradientProblem.labels,
      steps: [t],
    };
    const options = { hInit: seedInit };
    const full = rnnBptt(seedParams, gradientProblem.xs, loss, options).grads.W;
    const terms = bpttTerms(seedParams, gradientProblem.xs, loss, options)
      .filter((term) => term.t === t);
    const sum = (list: Matrix[]) =>
      list.reduce((a, b) => a.map((row, i) => row.map((x, j) => x + b[i][j])));
    const firstPathOnly = terms[0].value;
    const withoutLastTerm = sum(terms.slice(0, t).map((term) => term.value));
    // The same double sum with the source's order of the factors:
    // term k = ((∂E_t/∂h_t) ∏swapped ⊙ σ'(z_k)) h_{k−1}ᵀ.
    const dEdh = matvec(
      transpose(seedParams.V!),
      outputGradient(seedTrace.ys[t], loss, t),
    );
    const swappedOrder = sum(
      Array.from({ length: t + 1 }, (_, k) => {
        const g = matvec(transpose(swappedProduct(t, k, 0)), dEdh);
        const dz = g.map((x, i) => x * sigmoidSlopes(k)[i][i]);
        return outer(dz, k > 0 ? seedTrace.hs[k - 1] : seedInit);
      }),
    );
    const frobenius = (m: Matrix) => Math.hypot(...m.flat());
    return {
      t,
      full,
      fullNorm: frobenius(full),
      termNorms: terms.map((term) => frobenius(term.value)),
      firstPathOnly,
      firstPathOnlyError: relativeError(firstPathOnly, full),
      withoutLastTerm,
      withoutLastTermError: relativeError(withoutLastTerm, full),
      lastTermRelativeNorm: frobenius(terms[t].value) / frobenius(full),
      swappedOrder,
      swappedOrderError: relativeError(swappedOrder, full),
    };
  })();

  // ## Sufficient, not necessary
  //
  // `γ ‖W_rec‖₂ < 1` guarantees vanishing, but vanishing does not need it. A
  // matrix whose square is zero, such as `[[0, 10], [0, 0]]`, has norm 10
  // (`γ ‖W‖₂ = 2.5` for the sigmoid), yet `diag(a) W diag(b) W` is zero for
  // any diagonal `a`, `b`: the Jacobian is exactly zero from two steps on.
  // The norm bound sees only the size of `W_rec`, not how its directions
  // chain together.
  const nilpotentParams: RnnParams = {
    W: NILPOTENT_W,
    U: Win.slice(0, 2),
  };
  const nilpotentTrace = rnnForward(
    nilpotentParams,
    xs.slice(0, NILPOTENT_DISTANCE + 1),
    { activation: "sigmoid" },
  );
  const nilpotent = {
    W: NILPOTENT_W,
    boundFactor: MAX_SLOPE.sigmoid * spectralNorm(NILPOTENT_W),
    norms: Array.from(
      { length: NILPOTENT_DISTANCE + 1 },
      (_, d) =>
        spectralNorm(
          stateJacobian(nilpotentParams, nilpotentTrace, d, 0, "sigmoid"),
        ),
    ),
  };

  return {
    R,
    Win,
    inputs: xs,
    cases,
    rows,
    thresholds: { sigmoid: 1 / MAX_SLOPE.sigmoid, tanh: 1 / MAX_SLOPE.tanh },
    nilpotent,
    factorOrder,
    gradient,
    gradientProblem,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
