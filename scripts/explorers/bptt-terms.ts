/**
 * # Explorer: the terms of the BPTT double sum
 *
 * `∂L/∂W = Σ_{t=0}^{T} Σ_{k=0}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W`
 * (exercise rnn-2a writes it out for `T = 3`). Choose `T` up to 10, the
 * activation and the size of `W`, and see the Frobenius norm of every term
 * `(t, k)` as a heat map: the terms far from the diagonal, whose gradient
 * travels back `t − k` steps through as many factors `diag(act'(z_j)) W`,
 * are orders of magnitude smaller than the near ones.
 *
 * The network is the one of exercise rnn-2a (two hidden units, one input,
 * squared error of the states, a non-zero initial state), drawn from a seed
 * for the longest sequence, so that a smaller `T` keeps the first steps.
 *
 * @module
 */
import { spectralNorm2x2 } from "../lib/eigen2x2.ts";
import {
  add,
  frobeniusNorm,
  type Matrix,
  relativeError,
  scale,
  type Vector,
  zeros,
} from "../lib/matrix.ts";
import { seededRandom } from "../lib/random.ts";
import { bpttTerms, type Loss, rnnBptt, type RnnParams } from "../lib/rnn.ts";
import { numHtml } from "../site/plugins/numbers.ts";
import {
  defaultSettings,
  type Explorer,
  explorerTranslator,
  readoutItem,
  type Settings,
  type Translate,
} from "./_controls.ts";

/** Hidden units. */
export const HIDDEN = 2;
/** Input dimension. */
export const INPUTS = 1;
/** The largest `T` a reader can choose. */
export const MAX_T = 10;

/** The settings of the explorer (also the keys of its query string). */
export interface BpttTermsSettings extends Settings {
  /** The last step `T`: there are `(T + 1)(T + 2)/2` terms. */
  T: number;
  activation: "sigmoid" | "tanh";
  /** `‖W‖₂`: the random `W` is scaled to this norm. */
  wNorm: number;
  /** The seed of the network, inputs and targets. */
  seed: number;
}

/** One row of the chart: one term. */
export interface BpttTermRow {
  /** The loss `L_t`. */
  t: number;
  /** The step `k` of the direct derivative `∂⁺h_k/∂W`. */
  k: number;
  /** `t − k`, the steps the gradient travels back. */
  distance: number;
  /** The Frobenius norm of the term. */
  norm: number;
}

/** What {@link bpttTermsExplorer} returns. */
export interface BpttTermsResults {
  T: number;
  activation: "sigmoid" | "tanh";
  /** `‖W‖₂`. */
  weightNorm: number;
  /** `(T + 1)(T + 2)/2`. */
  termCount: number;
  /** `‖∂L/∂W‖_F`, the norm of the sum of the terms. */
  gradientNorm: number;
  /** Relative difference of the sum of the terms from the gradient of BPTT's backward recursion. */
  sumVsBptt: number;
  /** The largest term. */
  largest: BpttTermRow;
  /** The term that reaches furthest back, `(T, 0)`. */
  farthest: BpttTermRow;
  /** The mean norm of the terms at distance 0. */
  meanNear: number;
  /** The mean norm of the terms at distance `T` (the one term `(T, 0)`). */
  meanFar: number;
  /** `(meanFar / meanNear)^{1/T}`: the factor per step back. */
  perStep: number;
  /** The data of the chart `bptt-terms-heatmap`. */
  rows: BpttTermRow[];
}

/** The network, inputs, targets and initial state of one seed. */
export interface Setup {
  /** `W` (not yet scaled) and `U`. */
  params: RnnParams;
  /** `x_0 … x_{MAX_T}`. */
  xs: Vector[];
  /** Targets of `L_t = ½‖h_t − target_t‖²`. */
  targets: Vector[];
  /** `h_{−1}`, not zero, so that the `k = 0` terms do not vanish. */
  hInit: Vector;
}

/**
 * Draw the network from a seed as exercise rnn-2a does (`W` standard normal,
 * `U` three times larger, so that the slopes differ from step to step), for
 * the longest sequence.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { setup, MAX_T } from "./bptt-terms.ts";
 * assertEquals(setup(7).xs.length, MAX_T + 1);
 * ```
 */
export function setup(seed: number): Setup {
  const rng = seededRandom(seed);
  const params: RnnParams = {
    W: rng.matrix(HIDDEN, HIDDEN),
    U: rng.matrix(HIDDEN, INPUTS, 3),
  };
  const xs = Array.from({ length: MAX_T + 1 }, () => rng.vector(INPUTS));
  const targets = Array.from(
    { length: MAX_T + 1 },
    () => Array.from({ length: HIDDEN }, () => rng.between(0.1, 0.9)),
  );
  const hInit = Array.from({ length: HIDDEN }, () => rng.between(-1, 1));
  return { params, xs, targets, hInit };
}

/**
 * The problem of the settings: the network with `W` scaled to `‖W‖₂ =
 * wNorm`, and the first `T + 1` inputs and targets.
 */
export function problem(settings: BpttTermsSettings): {
  params: RnnParams;
  xs: Vector[];
  loss: Loss;
  hInit: Vector;
} {
  const { params, xs, targets, hInit } = setup(settings.seed);
  const W = scale(params.W, settings.wNorm / spectralNorm2x2(params.W));
  return {
    params: { ...params, W },
    xs: xs.slice(0, settings.T + 1),
    loss: { type: "mse", targets: targets.slice(0, settings.T + 1) },
    hInit,
  };
}

/**
 * Every number of the explorer for the given settings.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { bpttTermsExplorer, DEFAULTS } from "./bptt-terms.ts";
 * assertEquals(bpttTermsExplorer({ ...DEFAULTS, T: 3 }).termCount, 10);
 * ```
 */
export function bpttTermsExplorer(
  settings: BpttTermsSettings,
): BpttTermsResults {
  const { params, xs, loss, hInit } = problem(settings);
  const options = { hInit, activation: settings.activation };
  const terms = bpttTerms(params, xs, loss, options);
  const rows: BpttTermRow[] = terms.map(({ t, k, value }) => ({
    t,
    k,
    distance: t - k,
    norm: frobeniusNorm(value),
  }));
  const sum = terms.reduce(
    (total, term) => add(total, term.value),
    zeros(HIDDEN, HIDDEN) as Matrix,
  );
  const gradient = rnnBptt(params, xs, loss, options).grads.W;
  const T = settings.T;
  const near = rows.filter((row) => row.distance === 0);
  const meanNear = near.reduce((s, row) => s + row.norm, 0) / near.length;
  const farthest = rows.find((row) => row.t === T && row.k === 0)!;
  const largest = rows.reduce((best, row) => row.norm > best.norm ? row : best);
  return {
    T,
    activation: settings.activation,
    weightNorm: spectralNorm2x2(params.W),
    termCount: rows.length,
    gradientNorm: frobeniusNorm(sum),
    sumVsBptt: relativeError(sum, gradient),
    largest: { ...largest },
    farthest: { ...farthest },
    meanNear,
    meanFar: farthest.norm,
    perStep: (farthest.norm / meanNear) ** (1 / T),
    rows,
  };
}

/** The numbers of the explorer as HTML, for the read-out beside the controls. */
export function readout(
  results: BpttTermsResults,
  t: Translate = explorerTranslator({}),
): string {
  const pair = (row: BpttTermRow) =>
    `(t, k) = (${numHtml(row.t)}, ${numHtml(row.k)})`;
  return `<dl class="readout-list">${
    [
      readoutItem(
        t("terms"),
        t(
          "{0} for T = {1}; {2}, ‖W‖₂ = {3}",
          numHtml(results.termCount),
          numHtml(results.T),
          results.activation,
          numHtml(results.weightNorm),
        ),
      ),
      readoutItem(
        "‖∂L/∂W‖<sub>F</sub>",
        `${numHtml(results.gradientNorm)} <span class="readout-note">${
          t(
            '(the sum of the terms; its <a href="/notation/#relative-error">relative error</a> against BPTT’s backward recursion is {0})',
            numHtml(results.sumVsBptt, 2),
          )
        }</span>`,
      ),
      readoutItem(
        t("largest term"),
        t(
          "{0}, norm {1}",
          pair(results.largest),
          numHtml(results.largest.norm),
        ),
      ),
      readoutItem(
        t("mean term at distance 0"),
        numHtml(results.meanNear),
      ),
      readoutItem(
        t("the term reaching back {0} steps", numHtml(results.T)),
        `${
          t(
            "{0}, norm {1}",
            pair(results.farthest),
            numHtml(results.farthest.norm),
          )
        } <span class="readout-note">${
          t(
            "(a factor {0} per step back, on average)",
            numHtml(results.perStep),
          )
        }</span>`,
      ),
    ].join("")
  }</dl>`;
}

/** The explorer: controls, computation and read-out. */
export const explorer: Explorer<BpttTermsSettings, BpttTermsResults> = {
  id: "bptt-terms",
  title: "Settings of the BPTT terms explorer",
  chart: "bptt-terms-heatmap",
  fieldsets: [{
    legend: "Sequence and network",
    controls: [
      {
        kind: "range",
        name: "T",
        label: "last step T",
        min: 1,
        max: MAX_T,
        step: 1,
        default: MAX_T,
      },
      {
        kind: "select",
        name: "activation",
        label: "activation",
        options: [
          { value: "sigmoid", label: "sigmoid (slope ≤ 1/4)" },
          { value: "tanh", label: "tanh (slope ≤ 1)" },
        ],
        default: "sigmoid",
      },
      {
        kind: "range",
        name: "wNorm",
        label: "size of W, ‖W‖₂",
        min: 0.1,
        max: 10,
        step: 0.1,
        default: 2,
      },
      {
        kind: "number",
        name: "seed",
        label: "seed of the network and inputs",
        min: 1,
        max: 9999,
        step: 1,
        default: 7,
      },
    ],
  }],
  compute: bpttTermsExplorer,
  readout,
  words: {
    zh: {
      "Settings of the BPTT terms explorer": "BPTT 各项交互演示的设定",
      "Sequence and network": "序列与网络",
      "last step T": "最后一个时间步 T",
      "activation": "激活函数",
      "sigmoid (slope ≤ 1/4)": "sigmoid（斜率 ≤ 1/4）",
      "tanh (slope ≤ 1)": "tanh（斜率 ≤ 1）",
      "size of W, ‖W‖₂": "W 的大小 ‖W‖₂",
      "seed of the network and inputs": "网络与输入的随机种子",
      "terms": "项数",
      "{0} for T = {1}; {2}, ‖W‖₂ = {3}":
        "T = {1} 时共 {0} 项；{2}，‖W‖₂ = {3}",
      '(the sum of the terms; its <a href="/notation/#relative-error">relative error</a> against BPTT’s backward recursion is {0})':
        '（各项之和；它相对于 BPTT 反向递推结果的<a href="/notation/#relative-error">相对误差</a>为 {0}）',
      "largest term": "最大的项",
      "{0}, norm {1}": "{0}，范数 {1}",
      "mean term at distance 0": "距离为 0 的项的平均值",
      "the term reaching back {0} steps": "回溯 {0} 步的项",
      "(a factor {0} per step back, on average)":
        "（平均每回溯一步乘以因子 {0}）",
    },
  },
};

/** The default settings. */
export const DEFAULTS: BpttTermsSettings = defaultSettings(explorer);
