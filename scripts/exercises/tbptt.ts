/**
 * # Truncated backpropagation through time
 *
 * Exercise rnn-1b wrote the gradient as a double sum,
 * `∂L/∂W = Σ_{t=0}^{T} Σ_{k=0}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W`.
 * Truncated BPTT carries each loss back only `τ` steps: it keeps the terms
 * with `t − k ≤ τ`. Which terms does it drop, how far is the truncated
 * gradient from the full one for `τ = 0 … T`, and what does it save? And
 * what does randomizing the truncation buy?
 *
 * @module
 */
import {
  add,
  type BpttTerm,
  bpttTerms,
  type Loss,
  type Matrix,
  relativeError,
  rnnBptt,
  type RnnOptions,
  type RnnParams,
  scale,
  type Vector,
  zeros,
} from "../lib/mod.ts";
import {
  ACTIVATION,
  LAST_STEP,
  setup as clipSetup,
  U_START,
  W_EXPANDING,
  W_TEACHER,
} from "./clip.ts";

// ## Which terms truncation drops
//
// Term `(t, k)` is the part of `∂L_t/∂W` that reaches `W` at step `k`, after
// the gradient has travelled `t − k` steps back through
// `∂h_t/∂h_k = ∏_{j=k+1}^{t} diag(act'(z_j)) W`. Truncating after `τ` steps
// keeps
//
// ```
// g_τ = Σ_{t=0}^{T} Σ_{k=max(0, t−τ)}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W,
// ```
//
// and drops every term with `t − k > τ`: in the triangle of terms
// (rnn-2a's picture), every diagonal beyond the `τ`-th. `τ = 0` keeps only
// the immediate terms `k = t` (no backpropagation through time at all);
// `τ = T` keeps everything. Of the `(T + 1)(T + 2)/2` terms, it keeps
// `Σ_t (min(t, τ) + 1)`.
//
// The dropped terms are exactly the long-range ones. Where they are small
// (a vanishing gradient) truncation loses little; where they are large (an
// exploding one) it loses most of the gradient. We measure both on the task
// of exercise clip: the same `T + 1 = 31` inputs and teacher targets, two
// networks, the sigmoid RNN with rnn-2c's `W` (eigenvalues 0.9 and 0.4) and
// the ReLU RNN with rnn-2c's expanding `W` (1.1 and 0.4).

/** The continuation probability of the randomized truncation: `P(τ ≥ d) = p^d`. */
export const CONTINUE = 5 / 6;

/** The two networks, by id. */
export const NETWORKS = {
  vanishing: "sigmoid RNN, rnn-2c’s W (λ = 0.9, 0.4)",
  exploding: "ReLU RNN, expanding W (λ = 1.1, 0.4)",
} as const;
/** One of {@link NETWORKS}. */
export type NetworkId = keyof typeof NETWORKS;

/** One row of the chart `tbptt-error`. */
export interface ErrorRow {
  tau: number;
  /** The label of the network ({@link NETWORKS}). */
  network: string;
  /** `ε(g_τ, g)`, the site's relative error against the full gradient. */
  error: number;
}

/** One row of the chart `tbptt-cost`. */
export interface CostRow {
  tau: number;
  /** What is counted. */
  measure: string;
  /** Its share of full BPTT's. */
  share: number;
}

/** The truncation of one network at one `τ`. */
export interface TruncationRow {
  tau: number;
  /** Terms of the double sum kept, `Σ_t (min(t, τ) + 1)`. */
  kept: number;
  /** Terms dropped. */
  dropped: number;
  /** `ε(g_τ, g)` for each network. */
  errors: Record<NetworkId, number>;
}

/** What the randomized truncation gives for one network. */
export interface RandomizedRow {
  network: string;
  /** `ε(E[ĝ], g)`: rounding only, the estimator is unbiased. */
  expectationError: number;
  /** `E[ε(ĝ, g)]`, the mean error of one draw, exactly over the distribution. */
  meanError: number;
  /** `ε(g_τ₀, g)` of fixed truncation at {@link RandomizedResults} `matchedTau`. */
  fixedError: number;
}

/** The randomized truncation. */
export interface RandomizedResults {
  /** `p`, the continuation probability. */
  p: number;
  /** `E[τ]`. */
  expectedTau: number;
  /** The expected number of terms kept. */
  expectedKept: number;
  /** The fixed `τ₀` whose kept terms are closest to `expectedKept`. */
  matchedTau: number;
  rows: RandomizedRow[];
}

/** What {@link compute} returns. */
export interface TbpttResults {
  /** `T`. */
  lastStep: number;
  /** `(T + 1)(T + 2)/2`, every term. */
  totalTerms: number;
  /** One row per `τ = 0 … T`. */
  rows: TruncationRow[];
  /** The rows at the `τ` of the page's table. */
  tableRows: TruncationRow[];
  /** The smallest `τ` whose error is below 1 % (0.01), per network; `T + 1` if none. */
  tauBelowOnePercent: Record<NetworkId, number>;
  /** The smallest `τ` whose error is exactly 0, per network. */
  firstExact: Record<NetworkId, number>;
  /** The sigmoid network's error shrinks by this factor per step of `τ` on average, `(ε_10/ε_0)^{1/10}`. */
  vanishingFactor: number;
  /** `ε(g_T, g_BPTT)`: the untruncated sum against the backward recursion, rounding only. */
  fullVsBptt: Record<NetworkId, number>;
  randomized: RandomizedResults;
  /** The data of the chart `tbptt-error` (`τ < T`; at `τ = T` the error is 0). */
  error: ErrorRow[];
  /** The data of the chart `tbptt-cost`. */
  cost: CostRow[];
}

/** The `τ` of the table. */
export const TABLE_TAUS = [0, 1, 2, 5, 10, 20, 29, 30];

/** The cost measures of the chart. */
export const MEASURES = {
  terms: "terms of the double sum evaluated",
  memory: "states kept in memory (τ + 1 of T + 1)",
} as const;

/**
 * The truncated gradient `g_τ`: the sum of the terms with `t − k ≤ τ`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { truncatedGradient } from "./tbptt.ts";
 * const terms = [
 *   { t: 0, k: 0, value: [[1]] },
 *   { t: 1, k: 0, value: [[10]] },
 *   { t: 1, k: 1, value: [[100]] },
 * ];
 * assertEquals(truncatedGradient(terms, 0), [[101]]); // (1, 0) dropped
 * assertEquals(truncatedGradient(terms, 1), [[111]]);
 * ```
 */
export function truncatedGradient(terms: BpttTerm[], tau: number): Matrix {
  const n = terms[0].value.length;
  let sum = zeros(n, terms[0].value[0].length);
  for (const term of terms) {
    if (term.t - term.k <= tau) sum = add(sum, term.value);
  }
  return sum;
}

/**
 * How many terms truncation after `τ` keeps when `t = 0 … T`:
 * `Σ_t (min(t, τ) + 1)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { keptTerms } from "./tbptt.ts";
 * assertEquals(keptTerms(3, 3), 10); // rnn-2a's ten terms
 * assertEquals(keptTerms(3, 0), 4);
 * ```
 */
export function keptTerms(lastStep: number, tau: number): number {
  let kept = 0;
  for (let t = 0; t <= lastStep; t++) kept += Math.min(t, tau) + 1;
  return kept;
}

/**
 * The randomized truncation's estimate for one draw of `τ`: the kept terms,
 * each reweighted by `1 / P(τ ≥ t − k) = p^{−(t−k)}`, so that its expectation
 * over `τ` is the full gradient.
 */
export function reweightedGradient(
  terms: BpttTerm[],
  tau: number,
  p: number,
): Matrix {
  const n = terms[0].value.length;
  let sum = zeros(n, terms[0].value[0].length);
  for (const term of terms) {
    const d = term.t - term.k;
    if (d <= tau) sum = add(sum, scale(term.value, p ** -d));
  }
  return sum;
}

/**
 * `P(τ = j)` for `j = 0 … T` of the randomized truncation: geometric,
 * `P(τ ≥ d) = p^d`, with the remaining mass at `τ = T`.
 */
export function truncationDistribution(lastStep: number, p: number): number[] {
  return Array.from(
    { length: lastStep + 1 },
    (_, j) => j < lastStep ? p ** j * (1 - p) : p ** lastStep,
  );
}

/** The two networks on exercise clip's task. */
export function networks(): {
  xs: Vector[];
  loss: Loss;
  nets: Record<NetworkId, { params: RnnParams; options: RnnOptions }>;
} {
  const { xs, loss } = clipSetup();
  return {
    xs,
    loss,
    nets: {
      vanishing: {
        params: { W: W_TEACHER, U: U_START },
        options: { activation: "sigmoid" },
      },
      exploding: {
        params: { W: W_EXPANDING, U: U_START },
        options: { activation: ACTIVATION },
      },
    },
  };
}

/** Compute every number of the exercise. Deterministic. */
export function compute(): TbpttResults {
  const { xs, loss, nets } = networks();
  const T = LAST_STEP;
  const ids = Object.keys(NETWORKS) as NetworkId[];

  // ## How far the truncated gradient is from the full one
  //
  // For each network, every term of the double sum (exercise rnn-1b's
  // `bpttTerms`), then `g_τ` for every `τ`, measured against the full
  // gradient `g = g_T` with the site's relative error
  // `ε(g_τ, g) = max|g_τ − g| / max|g|`. The full sum agrees with the
  // backward recursion of BPTT to rounding.
  const terms = Object.fromEntries(
    ids.map((id) => [
      id,
      bpttTerms(nets[id].params, xs, loss, nets[id].options),
    ]),
  ) as Record<NetworkId, BpttTerm[]>;
  const full = Object.fromEntries(
    ids.map((id) => [id, truncatedGradient(terms[id], T)]),
  ) as Record<NetworkId, Matrix>;
  const fullVsBptt = Object.fromEntries(ids.map((id) => [
    id,
    relativeError(
      full[id],
      rnnBptt(nets[id].params, xs, loss, nets[id].options).grads.W,
    ),
  ])) as Record<NetworkId, number>;
  const totalTerms = ((T + 1) * (T + 2)) / 2;
  const rows: TruncationRow[] = Array.from({ length: T + 1 }, (_, tau) => {
    const kept = keptTerms(T, tau);
    return {
      tau,
      kept,
      dropped: totalTerms - kept,
      errors: Object.fromEntries(ids.map((id) => [
        id,
        relativeError(truncatedGradient(terms[id], tau), full[id]),
      ])) as Record<NetworkId, number>,
    };
  });
  const firstExact = Object.fromEntries(ids.map((id) => [
    id,
    rows.find((row) => row.errors[id] === 0)!.tau,
  ])) as Record<NetworkId, number>;
  const vanishingFactor =
    (rows[10].errors.vanishing / rows[0].errors.vanishing) ** (1 / 10);
  const tauBelowOnePercent = Object.fromEntries(ids.map((id) => [
    id,
    rows.find((row) => row.errors[id] < 0.01)?.tau ?? T + 1,
  ])) as Record<NetworkId, number>;

  // ## What it saves
  //
  // Evaluated term by term, truncation evaluates `Σ_t (min(t, τ) + 1)` terms
  // instead of `(T + 1)(T + 2)/2`. But nobody computes the full gradient term
  // by term: the backward recursion of BPTT (exercise b3-a) gets all of it
  // with `T` backward steps, fewer than the truncated sum's
  // `Σ_t min(t, τ)` as soon as `τ ≥ 2`. What truncation really saves is
  // memory and waiting: to update after step `t` a learner needs only the
  // last `τ + 1` states, not all `t + 1`, and can update as the sequence
  // runs (at a cost of `τ` backward steps per update) instead of after its
  // end. For a long or endless sequence that is the difference between
  // possible and impossible.

  // ## Randomized truncation
  //
  // Truncation is biased: `g_τ` misses the far terms, always in the same
  // way. Draw `τ` at random instead, with `P(τ ≥ d) = p^d`, and reweight
  // each kept term `(t, k)` by `1 / P(τ ≥ t − k)`. Every term then has
  // expectation `P(τ ≥ t − k) · term / P(τ ≥ t − k) = term`, so the estimate
  // is unbiased: its mean over `τ` is the full gradient (Tallec and
  // Ollivier, 2017). What it costs is variance: the rare long draws
  // multiply the far terms by `p^{−d}`. We compute the mean and the mean
  // error of one draw exactly, summing over the distribution.
  const distribution = truncationDistribution(T, CONTINUE);
  const expectedTau = distribution.reduce((s, q, j) => s + q * j, 0);
  const expectedKept = distribution.reduce(
    (s, q, j) => s + q * keptTerms(T, j),
    0,
  );
  const matchedTau =
    rows.reduce((best, row) =>
      Math.abs(row.kept - expectedKept) < Math.abs(best.kept - expectedKept)
        ? row
        : best
    ).tau;
  const randomized: RandomizedResults = {
    p: CONTINUE,
    expectedTau,
    expectedKept,
    matchedTau,
    rows: ids.map((id) => {
      const draws = distribution.map((_, j) =>
        reweightedGradient(terms[id], j, CONTINUE)
      );
      let mean = zeros(2, 2);
      draws.forEach((g, j) => (mean = add(mean, scale(g, distribution[j]))));
      return {
        network: NETWORKS[id],
        expectationError: relativeError(mean, full[id]),
        meanError: draws.reduce(
          (s, g, j) => s + distribution[j] * relativeError(g, full[id]),
          0,
        ),
        fixedError: rows[matchedTau].errors[id],
      };
    }),
  };

  const error = rows.filter((row) => row.tau < T).flatMap((row) =>
    ids.map((id) => ({
      tau: row.tau,
      network: NETWORKS[id],
      error: row.errors[id],
    }))
  );
  const cost = rows.flatMap((row) => [
    { tau: row.tau, measure: MEASURES.terms, share: row.kept / totalTerms },
    { tau: row.tau, measure: MEASURES.memory, share: (row.tau + 1) / (T + 1) },
  ]);
  return {
    lastStep: T,
    totalTerms,
    rows,
    tableRows: rows.filter((row) => TABLE_TAUS.includes(row.tau)),
    tauBelowOnePercent,
    firstExact,
    vanishingFactor,
    fullVsBptt,
    randomized,
    error,
    cost,
  };
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
