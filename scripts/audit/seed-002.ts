/**
 * # Audit of source solution 002: Assignment 3 (BPTT for `U`, `W`, `V` at `t = 3`)
 *
 * The architecture is not written out; the names (`U`, `W`, `V`, `o^{(t)}`,
 * `L^{(t)}`) are those of Goodfellow, Bengio and Courville, chapter 10, and
 * we read it so: `a^{(t)} = b + W h^{(t−1)} + U x^{(t)}`, `h^{(t)} =
 * tanh(a^{(t)})`, `o^{(t)} = c + V h^{(t)}`, `L^{(t)}` the cross-entropy of
 * `softmax(o^{(t)})`, for `t = 1, 2, 3` from a given `h^{(0)}`. `U` is the
 * input matrix, `W` the recurrent one. In the library's indexing `x^{(t)}` is
 * `xs[t − 1]`.
 *
 * @module
 */
import {
  type ActivationName,
  add,
  diag,
  hadamard,
  identity,
  lossGradientAtState,
  matmul,
  type Matrix,
  matvec,
  outer,
  rnnBptt,
  rnnForward,
  type RnnParams,
  scale,
  seededRandom,
  stateJacobian,
  sub,
  tanhDerivative,
  transpose,
  type Vector,
} from "../lib/mod.ts";
import {
  type CorrectClaims,
  type Erratum,
  RELATIVE_ERROR,
  relativeDifference,
  SEED_FILES,
} from "./types.ts";

/** The test file of this module's errata and claims. */
export const TEST_FILE = "tests/audit/seed-002_test.ts";

/** The network of part (a) with inputs, labels and initial state. */
export interface Part1Case {
  params: Required<RnnParams>;
  /** `x^{(1)}, x^{(2)}, x^{(3)}`. */
  xs: Vector[];
  labels: number[];
  /** `h^{(0)}`. */
  hInit: Vector;
}

/**
 * The case: three hidden units, three inputs (so that `U` is square and the
 * source's `U_s` in part (b) can be evaluated), four classes, three steps,
 * seeded, with a non-zero `h^{(0)}`.
 */
export function part1Case(): Part1Case {
  const rng = seededRandom(2001);
  const n = 3, d = 3, m = 4;
  const params = {
    W: rng.matrix(n, n, 0.9),
    U: rng.matrix(n, d),
    b: rng.vector(n, 0.3),
    V: rng.matrix(m, n),
    c: rng.vector(m, 0.3),
  };
  const xs = Array.from({ length: 3 }, () => rng.vector(d));
  const labels = xs.map(() => Math.floor(rng.uniform() * m));
  return { params, xs, labels, hInit: rng.vector(n) };
}

/**
 * `L^{(3)}` alone: the loss of the last step (library index 2).
 */
export function lossAtThree(
  c: Part1Case,
): { type: "softmax-ce"; labels: number[]; steps: number[] } {
  return { type: "softmax-ce" as const, labels: c.labels, steps: [2] };
}

// ## The second lines of `∂L^{(3)}/∂U` and `∂L^{(3)}/∂W`
//
// The first line of each expansion is right:
// `∂L³/∂h³ (∂⁺h³/∂θ + ∂h³/∂h² ∂⁺h²/∂θ + ∂h³/∂h² ∂h²/∂h¹ ∂⁺h¹/∂θ)`. In the
// second line the third term loses factors: for `U` it reads `∂h²/∂h² ·
// ∂h¹/∂U` (both `∂h³/∂h²` and `∂h²/∂h¹` gone), for `W` it reads `∂h²/∂h¹ ·
// ∂h¹/∂W` (`∂h³/∂h²` gone). The immediate derivative `∂⁺h^{(k)}/∂U`
// contracted with a row vector `g` is `(g ⊙ tanh'(a^{(k)})) x^{(k)ᵀ}`, and
// with `h^{(k−1)ᵀ}` for `W`.

/** The three terms of an expansion, and their sum. */
export interface Expansion {
  terms: Matrix[];
  sum: Matrix;
}

/**
 * The expansion of `∂L^{(3)}/∂θ` for `θ = U` or `W`: the right one, or the
 * source's second line (`"seed"`).
 */
export function expansion(
  theta: "U" | "W",
  version: "right" | "seed",
  c: Part1Case = part1Case(),
): Expansion {
  const trace = rnnForward(c.params, c.xs, {
    activation: "tanh",
    hInit: c.hInit,
  });
  const g3 = lossGradientAtState(c.params.V, trace.ys, lossAtThree(c), 2);
  // Jacobians by the library: ∂h^{(t)}/∂h^{(k)} with library indices.
  const J = (t: number, k: number) =>
    stateJacobian(c.params, trace, t - 1, k - 1, "tanh");
  const immediate = (g: Vector, k: number) => {
    const dz = hadamard(g, trace.zs[k - 1].map(tanhDerivative));
    const right = theta === "U"
      ? c.xs[k - 1]
      : k > 1
      ? trace.hs[k - 2]
      : c.hInit;
    return outer(dz, right);
  };
  const pull = (jacobian: Matrix) => matvec(transpose(jacobian), g3);
  const third = version === "right"
    ? pull(J(3, 1))
    : theta === "U"
    ? pull(identity(g3.length)) // ∂h²/∂h² · ∂h¹/∂U
    : pull(J(2, 1)); // ∂h²/∂h¹ · ∂h¹/∂W
  const terms = [
    immediate(g3, 3),
    immediate(pull(J(3, 2)), 2),
    immediate(third, 1),
  ];
  return { terms, sum: terms.reduce((a, t) => add(a, t)) };
}

// ## The updates
//
// The source updates `V` with the gradient of the whole loss, then `U` and `W`
// three times, `U_{i+1} = U_i − η ∂L^{(i)}/∂U_i` for `i = 1, 2, 3`, each time
// with one step's loss at the parameters already moved. Gradient descent on
// `L = Σ_t L^{(t)}` takes one step with `∂L/∂U = Σ_t ∂L^{(t)}/∂U`, all at the
// same parameters. The two agree to first order in `η`; we compare them at
// `η = 0.5`.

/** The learning rate of the comparison. */
export const LEARNING_RATE = 0.5;

/**
 * `U` and `W` after the source's three sequential updates, and after one step
 * of gradient descent on `L`.
 */
export function updates(c: Part1Case = part1Case()): {
  sequential: { U: Matrix; W: Matrix };
  gradientDescent: { U: Matrix; W: Matrix };
} {
  const eta = LEARNING_RATE;
  const options = { activation: "tanh" as const, hInit: c.hInit };
  let params = { ...c.params };
  for (let i = 0; i < 3; i++) {
    const { grads } = rnnBptt(params, c.xs, {
      type: "softmax-ce",
      labels: c.labels,
      steps: [i],
    }, options);
    params = {
      ...params,
      U: sub(params.U, scale(grads.U, eta)),
      W: sub(params.W, scale(grads.W, eta)),
    };
  }
  const { grads } = rnnBptt(c.params, c.xs, {
    type: "softmax-ce",
    labels: c.labels,
  }, options);
  return {
    sequential: { U: params.U, W: params.W },
    gradientDescent: {
      U: sub(c.params.U, scale(grads.U, eta)),
      W: sub(c.params.W, scale(grads.W, eta)),
    },
  };
}

// ## Part (b): the recurrent Jacobian
//
// The source writes `∏_{j=k+1}^{t} ∂h^{(j)}/∂h^{(j−1)} = ∏ tanh' · U_s`. The
// factor is `diag(tanh'(a^{(j)})) W`, with the recurrent matrix `W`; `U`
// multiplies the inputs and does not appear.

/**
 * `∂h^{(3)}/∂h^{(1)}` with `U` in each factor (the source's reading) and with
 * `W`.
 */
export function recurrentFactor(c: Part1Case = part1Case()): {
  seed: Matrix;
  right: Matrix;
} {
  const trace = rnnForward(c.params, c.xs, {
    activation: "tanh",
    hInit: c.hInit,
  });
  const factor = (j: number, M: Matrix) =>
    matmul(diag(trace.zs[j - 1].map(tanhDerivative)), M);
  return {
    seed: matmul(factor(3, c.params.U), factor(2, c.params.U)),
    right: matmul(factor(3, c.params.W), factor(2, c.params.W)),
  };
}

// ## "Numbers less than one"
//
// The source argues from the activation slopes alone: `tanh'` and `σ'` are at
// most 1, so their product vanishes; `ReLU'` is 0 or 1, so "this will lead to
// gradient explosion". The factors are matrices `diag(f'(a_j)) W`, and `W`
// can undo either conclusion. Two scalar RNNs (one unit, `h_t = f(w h_{t−1} +
// b)`) sitting at a fixed point `h*` show it: there every factor is the same
// number `f'(a*) w`.

/** A one-unit RNN at its fixed point. */
export interface FixedPointCase {
  activation: ActivationName;
  w: number;
  b: number;
  hStar: number;
  /** `f'(a*)`, the slope at the fixed point. */
  slope: number;
  /** `∏_{j=1}^{20} f'(a_j)`: the product of numbers the source looks at. */
  slopeProduct: number;
  /** `∂h_{20}/∂h_0`, from the library's product of step Jacobians. */
  jacobian: number;
}

/**
 * A one-unit RNN run for twenty steps from its fixed point `h*`, with `b`
 * chosen so that `h* = tanh(w h* + b)` (or `relu`).
 */
export function fixedPoint(
  activation: ActivationName,
  w: number,
  hStar: number,
): FixedPointCase {
  // tanh: a* = atanh(h*); relu (h* > 0): a* = h*.
  const aStar = activation === "tanh" ? Math.atanh(hStar) : hStar;
  const b = aStar - w * hStar;
  const params = { W: [[w]], U: [[0]], b: [b] };
  const xs = Array.from({ length: 21 }, () => [0]);
  const trace = rnnForward(params, xs, { activation, hInit: [hStar] });
  const slopes = trace.zs.slice(1).map((z) =>
    activation === "tanh" ? tanhDerivative(z[0]) : z[0] > 0 ? 1 : 0
  );
  return {
    activation,
    w,
    b,
    hStar,
    slope: slopes[0],
    slopeProduct: slopes.reduce((p, s) => p * s, 1),
    jacobian: stateJacobian(params, trace, 20, 0, activation)[0][0],
  };
}

/**
 * The tanh case: `w = 1.5`, `h* = 0.1`, slopes `0.99`.
 */
export function tanhCase(): FixedPointCase {
  return fixedPoint("tanh", 1.5, 0.1);
}

/**
 * The ReLU case: `w = 0.5`, `h* = 1`, slopes `1`.
 */
export function reluCase(): FixedPointCase {
  return fixedPoint("relu", 0.5, 1);
}

/**
 * The errata of source solution 002.
 */
export function errata(): Erratum[] {
  const base = {
    seed: SEED_FILES.s002,
    alsoIn: [] as string[],
    part: "solution" as const,
  };
  const reading =
    "The architecture of Goodfellow et al., ch. 10 (the source's names): $h^{(t)} = \\allowbreak \\tanh(b + W h^{(t-1)} + U x^{(t)})$, $o^{(t)} = c + V h^{(t)}$, softmax cross-entropy; $U$ input, $W$ recurrent.";
  const caseText =
    "Three hidden units, three inputs, four classes, $t = 1, 2, 3$, seeded, $h^{(0)} \\neq 0$.";
  const uSeed = expansion("U", "seed");
  const uRight = expansion("U", "right");
  const wSeed = expansion("W", "seed");
  const wRight = expansion("W", "right");
  const upd = updates();
  const factor = recurrentFactor();
  const tanh = tanhCase();
  const relu = reluCase();
  const list: Erratum[] = [
    {
      ...base,
      id: "002-dl3du-third-term",
      title: "A term of $\\partial L^{(3)}/\\partial U$ loses its Jacobians",
      location: "Part 1 (a), $\\partial L^{(3)}/\\partial U$, second line",
      says:
        "third term $\\frac{\\partial L^{(3)}}{\\partial o^{(3)}} \\frac{\\partial o^{(3)}}{\\partial h^{(3)}} \\frac{\\partial h^{(2)}}{\\partial h^{(2)}} \\frac{\\partial h^{(1)}}{\\partial U}$",
      right:
        "$\\frac{\\partial L^{(3)}}{\\partial o^{(3)}} \\frac{\\partial o^{(3)}}{\\partial h^{(3)}} \\frac{\\partial h^{(3)}}{\\partial h^{(2)}} \\frac{\\partial h^{(2)}}{\\partial h^{(1)}} \\frac{\\partial h^{(1)}}{\\partial U}$, as in the first line. The third line is garbled (terms without $\\partial L^{(3)}/\\partial o^{(3)}$, cut off) and cannot be evaluated.",
      reading,
      case: caseText,
      quantity: "$\\partial L^{(3)}/\\partial U$ (3 × 3)",
      seedValue: uSeed.sum,
      correctValue: uRight.sum,
      difference: relativeDifference(uSeed.sum, uRight.sum),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["b3-a"],
      test: {
        file: TEST_FILE,
        name:
          "002-dl3du-third-term: the third term of dL3/dU loses both Jacobians",
      },
    },
    {
      ...base,
      id: "002-dl3dw-third-term",
      title:
        "A term of $\\partial L^{(3)}/\\partial W$ loses $\\partial h^{(3)}/\\partial h^{(2)}$",
      location: "Part 1 (a), $\\partial L^{(3)}/\\partial W$, second line",
      says:
        "third term $\\frac{\\partial L^{(3)}}{\\partial o^{(3)}} \\frac{\\partial o^{(3)}}{\\partial h^{(3)}} \\frac{\\partial h^{(2)}}{\\partial h^{(1)}} \\frac{\\partial h^{(1)}}{\\partial W}$",
      right:
        "$\\frac{\\partial L^{(3)}}{\\partial o^{(3)}} \\frac{\\partial o^{(3)}}{\\partial h^{(3)}} \\frac{\\partial h^{(3)}}{\\partial h^{(2)}} \\frac{\\partial h^{(2)}}{\\partial h^{(1)}} \\frac{\\partial h^{(1)}}{\\partial W}$; the third line is garbled as for $U$.",
      reading,
      case: caseText,
      quantity: "$\\partial L^{(3)}/\\partial W$ (3 × 3)",
      seedValue: wSeed.sum,
      correctValue: wRight.sum,
      difference: relativeDifference(wSeed.sum, wRight.sum),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["b3-a"],
      test: {
        file: TEST_FILE,
        name: "002-dl3dw-third-term: the third term of dL3/dW loses dh3/dh2",
      },
    },
    {
      ...base,
      id: "002-sequential-updates",
      title: "Three per-step updates instead of one gradient step",
      location: "Part 1 (a), the updates",
      says:
        "$U_{i+1} = U_i - \\eta \\frac{\\partial L^{(i)}}{\\partial U_i}$ and $W_{i+1} = W_i - \\eta \\frac{\\partial L^{(i)}}{\\partial W_i}$ for $i = 1, 2, 3$",
      right:
        "Gradient descent on $L = \\sum_t L^{(t)}$ (as the source does for $V$) takes one step $U \\leftarrow U - \\eta \\sum_t \\partial L^{(t)}/\\partial U$, every gradient at the same parameters. The source's three steps, each on one loss at parameters already moved, are an online variant; they agree with it only to first order in $\\eta$.",
      reading:
        "Each $\\partial L^{(i)}/\\partial U_i$ taken at the current $U_i, W_i$ (forward pass recomputed), $U$ and $W$ updated together, $V$ held fixed.",
      case: "The network of 002-dl3du-third-term, learning rate $\\eta = 0.5$.",
      quantity: "$U$ after the update (3 × 3)",
      seedValue: upd.sequential.U,
      correctValue: upd.gradientDescent.U,
      difference: relativeDifference(
        sub(upd.sequential.U, part1Case().params.U),
        sub(upd.gradientDescent.U, part1Case().params.U),
      ),
      measure: `${RELATIVE_ERROR}, of the change of $U$`,
      severity: "imprecise",
      exercises: ["b3-a"],
      test: {
        file: TEST_FILE,
        name:
          "002-sequential-updates: three per-step updates are not one gradient step on L",
      },
    },
    {
      ...base,
      id: "002-recurrent-factor",
      title: "$U$ instead of $W$ in the recurrent Jacobian",
      location: "Part 1 (b)",
      says:
        "$\\prod_{j=k+1}^{t} \\frac{\\partial h^{(j)}}{\\partial h^{(j-1)}} = \\prod_{j=k+1}^{t} \\tanh' \\cdot U_s$",
      right:
        "$\\prod_{j=k+1}^{t} \\operatorname{diag}(\\tanh'(a^{(j)}))\\,W$: the recurrent matrix $W$, a diagonal of slopes evaluated at each step's pre-activation, later factors on the left. $U$ multiplies the inputs and is not in the path from $h^{(j-1)}$ to $h^{(j)}$.",
      reading:
        "$U_s$ read as the input matrix $U$ of part (a) (square in our case so that the product exists).",
      case: caseText + " $\\partial h^{(3)}/\\partial h^{(1)}$.",
      quantity: "$\\partial h^{(3)}/\\partial h^{(1)}$ (3 × 3)",
      seedValue: factor.seed,
      correctValue: factor.right,
      difference: relativeDifference(factor.seed, factor.right),
      measure: RELATIVE_ERROR,
      severity: "wrong",
      exercises: ["b3-b"],
      test: {
        file: TEST_FILE,
        name: "002-recurrent-factor: the recurrent Jacobian has W, not U",
      },
    },
    {
      ...base,
      id: "002-slopes-below-one",
      title: "“A product of numbers less than one” can explode",
      location: "Part 1 (b), last paragraph",
      says:
        "“the range of the derivative of tanh is $(0, 1]$ … we know that the gradient vanishes when we have a product of numbers that are less than one”",
      right:
        "The factors are matrices $\\operatorname{diag}(\\tanh'(a_j))\\,W$, not the slopes alone: slopes below one vanish only if $W$ does not make up for them. With $\\|W\\|_2 < 1$ (tanh) the product vanishes; with larger $W$ it can explode while every slope is below one.",
      reading:
        "The product of slopes is what the source multiplies; we compare it with the Jacobian it is meant to describe.",
      case:
        "One tanh unit, $w = 1.5$, bias chosen so that $h^* = 0.1$ is a fixed point (slope $0.99$), twenty steps from $h^*$.",
      quantity:
        "$\\prod_j \\tanh'(a_j)$ (source) vs $\\partial h_{20}/\\partial h_0$",
      seedValue: tanh.slopeProduct,
      correctValue: tanh.jacobian,
      difference: tanh.jacobian / tanh.slopeProduct,
      measure: "ratio right / source",
      severity: "wrong",
      exercises: ["b3-b"],
      test: {
        file: TEST_FILE,
        name:
          "002-slopes-below-one: slopes below one and the gradient still explodes",
      },
    },
    {
      ...base,
      id: "002-relu-explosion",
      title: "ReLU does not make the gradient explode",
      location: "Part 1 (b), last sentence",
      says:
        "“the derivative of ReLU function is zero when $x < 0$ and one when $x \\ge 0$, this will lead to gradient explosion”",
      right:
        "A ReLU slope of 1 passes the gradient through the unit unchanged; whether the product of $\\operatorname{diag}(\\mathrm{ReLU}'(a_j))\\,W$ explodes or vanishes depends on $W$ (it vanishes for $\\|W\\|_2 < 1$), and slopes of 0 cut paths off.",
      reading: "",
      case:
        "One ReLU unit, $w = 0.5$, bias chosen so that $h^* = 1$ is a fixed point (slope 1), twenty steps.",
      quantity:
        "$\\prod_j \\mathrm{ReLU}'(a_j)$ (source) vs $\\partial h_{20}/\\partial h_0$",
      seedValue: relu.slopeProduct,
      correctValue: relu.jacobian,
      difference: relu.slopeProduct / relu.jacobian,
      measure: "ratio source / right",
      severity: "wrong",
      exercises: ["b3-b"],
      test: {
        file: TEST_FILE,
        name: "002-relu-explosion: a ReLU RNN with a small W vanishes",
      },
    },
  ];
  return list;
}

/**
 * What source solution 002 gets right, each claim checked in {@link TEST_FILE}.
 */
export function correct(): CorrectClaims {
  return {
    seed: SEED_FILES.s002,
    title: "Assignment 3: BPTT for $U$, $W$, $V$ at $t = 3$",
    claims: [
      "Part (a): $\\partial L/\\partial V = \\sum_t \\frac{\\partial L^{(t)}}{\\partial o^{(t)}} \\frac{\\partial o^{(t)}}{\\partial V}$, and the update $V \\leftarrow V - \\eta\\,\\partial L/\\partial V$.",
      "Part (a): the first lines of $\\partial L^{(3)}/\\partial U$ and $\\partial L^{(3)}/\\partial W$, three terms through $h^{(3)}, h^{(2)}, h^{(1)}$.",
      "Part (b): the general formula $\\frac{\\partial L^{(t)}}{\\partial U} = \\sum_{k} \\frac{\\partial L^{(t)}}{\\partial o^{(t)}} \\frac{\\partial o^{(t)}}{\\partial h^{(t)}} \\allowbreak \\big(\\prod_{j=k+1}^{t} \\frac{\\partial h^{(j)}}{\\partial h^{(j-1)}}\\big) \\allowbreak \\frac{\\partial h^{(k)}}{\\partial U}$ (its $k = 0$ term is zero, $h^{(0)}$ being given).",
      "Part (b): $\\tanh'$ takes values in $(0, 1]$ and $\\sigma'$ in $(0, 1/4]$, both largest at 0; $\\mathrm{ReLU}'$ is 0 or 1.",
    ],
  };
}
