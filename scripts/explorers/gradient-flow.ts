/**
 * # Explorer: gradient flow through time, plain RNN against LSTM
 *
 * How much of a gradient survives the trip from step `t` back to step 0?
 * For a plain RNN that is `‖∂h_t/∂h_0‖₂`, a product of `t` factors
 * `diag(act'(z_j)) W`; for an LSTM it is `‖∂C_t/∂C_0‖₂`, through the cell
 * state. Choose the activation and the size of the RNN's `W`, the LSTM's
 * forget-gate bias or fixed gates `f`, `i`, and compare the two against the
 * distance `t`, on a log scale. With `f = 1` and `i = 0` held fixed (the
 * constant error carousel, exercise rnn-3c) the LSTM's Jacobian is exactly
 * the identity at every distance.
 *
 * Two units, so that every Jacobian is 2×2; the weights and the input
 * sequence are drawn from a seed in the order of exercise rnn-3c, so that
 * with seed 33 and a forget bias of +3 the LSTM is that exercise's.
 *
 * @module
 */
import { spectralNorm2x2 } from "../lib/eigen2x2.ts";
import {
  gruForward,
  type GruParams,
  gruStateJacobian,
  randomGruParams,
} from "../lib/gru.ts";
import {
  cellHighwayJacobian,
  cellJacobian,
  lstmForward,
  type LstmOptions,
  type LstmParams,
  randomLstmParams,
} from "../lib/lstm.ts";
import { type Matrix, scale, type Vector } from "../lib/matrix.ts";
import { seededRandom } from "../lib/random.ts";
import { rnnForward, type RnnParams, stateJacobian } from "../lib/rnn.ts";
import { numHtml } from "../site/plugins/numbers.ts";
import {
  defaultSettings,
  type Explorer,
  explorerTranslator,
  readoutItem,
  type Settings,
  type Translate,
} from "./_controls.ts";

/** Units of both networks. */
export const UNITS = 2;
/** Input dimension. */
export const INPUTS = 2;
/** The longest distance a reader can choose. */
export const MAX_DISTANCE = 100;

/** The settings of the explorer (also the keys of its query string). */
export interface GradientFlowSettings extends Settings {
  /** The plain RNN's activation. */
  activation: "sigmoid" | "tanh";
  /** `‖W‖₂` of the plain RNN: its random `W` is scaled to this norm. */
  rnnNorm: number;
  /** `"computed"`: the LSTM's gates are computed; `"fixed"`: `f` and `i` are held. */
  gates: "computed" | "fixed";
  /** The forget-gate bias `b_f` when the gates are computed. */
  forgetBias: number;
  /** The fixed forget gate. */
  f: number;
  /** The fixed input gate. */
  i: number;
  /** The largest distance `t − k` in the chart. */
  distance: number;
  /** The seed of the weights and the inputs. */
  seed: number;
  /** The GRU's update-gate bias `b_z`. */
  updateBias: number;
}

/** The lines of the chart. */
export const NETWORKS = {
  rnn: "plain RNN: ‖∂hₜ/∂h₀‖₂",
  lstm: "LSTM: ‖∂Cₜ/∂C₀‖₂",
  direct: "LSTM, direct path ∏ f only",
  gru: "GRU: ‖∂hₜ/∂h₀‖₂",
} as const;

/** One row of the chart. */
export interface GradientFlowRow {
  /** The distance `t − k` (`k = 0`). */
  distance: number;
  /** Which line: {@link NETWORKS}. */
  network: string;
  /** The spectral norm of the Jacobian. */
  norm: number;
}

/** What {@link gradientFlow} returns. */
export interface GradientFlowResults {
  /** The largest distance. */
  distance: number;
  rnn: {
    activation: "sigmoid" | "tanh";
    /** `‖W‖₂`. */
    weightNorm: number;
    /** The largest slope of the activation: 1/4 for the sigmoid, 1 for tanh. */
    maxSlope: number;
    /** `‖W‖₂ · max act'`: no step can stretch the gradient by more. */
    stepBound: number;
    /** `‖∂h_t/∂h_0‖₂` at the largest distance. */
    normAtEnd: number;
    /** The geometric mean factor per step, `normAtEnd^{1/distance}`. */
    perStep: number;
  };
  lstm: {
    gates: "computed" | "fixed";
    /** `b_f` (used when the gates are computed). */
    forgetBias: number;
    /** The fixed `f` and `i` (used when the gates are fixed). */
    f: number;
    i: number;
    /** The mean forget gate over all steps and units. */
    meanForget: number;
    /** `‖∂C_t/∂C_0‖₂` at the largest distance, every path. */
    normAtEnd: number;
    /** `‖∏ diag(f_j)‖₂`, the direct path alone. */
    directAtEnd: number;
    /** The geometric mean factor per step of the full Jacobian. */
    perStep: number;
  };
  gru: {
    /** `b_z`. */
    updateBias: number;
    /** The mean update gate over all steps and units. */
    meanUpdate: number;
    /** `‖∂h_t/∂h_0‖₂` at the largest distance. */
    normAtEnd: number;
    /** The geometric mean factor per step. */
    perStep: number;
  };
  /** The data of the chart `gradient-flow-norms`. */
  rows: GradientFlowRow[];
}

/** The networks and the inputs of one seed. */
export interface Networks {
  /** The plain RNN, `W` not yet scaled. */
  rnn: RnnParams;
  /** The LSTM's weights, without biases. */
  lstm: LstmParams;
  /** `x_0 … x_{MAX_DISTANCE}`. */
  xs: Vector[];
  /** `C_{−1}`. */
  CInit: Vector;
  /** The GRU's weights, without biases (drawn after everything else). */
  gru: GruParams;
  /** The GRU's `h_{−1}`. */
  gruInit: Vector;
}

/**
 * Draw the networks and the inputs from a seed, in the order of exercise
 * rnn-3c: the RNN's `W` and `U`, the LSTM's weights, the inputs, `C_{−1}`;
 * then the GRU's weights and `h_{−1}`, as exercise gru draws them.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { networks } from "./gradient-flow.ts";
 * assertEquals(networks(1), networks(1)); // a seed fixes everything
 * ```
 */
export function networks(seed: number): Networks {
  const rng = seededRandom(seed);
  const rnn: RnnParams = {
    W: rng.matrix(UNITS, UNITS),
    U: rng.matrix(UNITS, INPUTS),
  };
  const lstm = randomLstmParams(rng, UNITS, INPUTS);
  const xs = Array.from({ length: MAX_DISTANCE + 1 }, () => rng.vector(INPUTS));
  const CInit = rng.vector(UNITS);
  const gru = randomGruParams(rng, UNITS, INPUTS);
  const gruInit = rng.vector(UNITS);
  return { rnn, lstm, xs, CInit, gru, gruInit };
}

/**
 * The two networks of the settings: the RNN with `W` scaled to `‖W‖₂ =
 * rnnNorm`, the LSTM with its forget bias, or the fixed gates to run it with.
 */
export function configure(settings: GradientFlowSettings, nets: Networks): {
  rnn: RnnParams;
  lstm: LstmParams;
  options: LstmOptions;
} {
  const rnn = {
    ...nets.rnn,
    W: scale(nets.rnn.W, settings.rnnNorm / spectralNorm2x2(nets.rnn.W)),
  };
  if (settings.gates === "fixed") {
    return {
      rnn,
      lstm: nets.lstm,
      options: { CInit: nets.CInit, gates: { f: settings.f, i: settings.i } },
    };
  }
  return {
    rnn,
    lstm: {
      ...nets.lstm,
      bf: new Array<number>(UNITS).fill(settings.forgetBias),
    },
    options: { CInit: nets.CInit },
  };
}

/**
 * Every number of the explorer for the given settings.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { DEFAULTS, gradientFlow } from "./gradient-flow.ts";
 * // The constant error carousel: ∂C_t/∂C_0 = I at every distance.
 * const { lstm } = gradientFlow({ ...DEFAULTS, gates: "fixed", f: 1, i: 0 });
 * assertEquals([lstm.normAtEnd, lstm.perStep], [1, 1]);
 * ```
 */
export function gradientFlow(
  settings: GradientFlowSettings,
): GradientFlowResults {
  const nets = networks(settings.seed);
  const { rnn, lstm, options } = configure(settings, nets);
  const D = settings.distance;
  const xs = nets.xs.slice(0, D + 1);

  const rnnTrace = rnnForward(rnn, xs, { activation: settings.activation });
  const lstmTrace = lstmForward(lstm, xs, options);
  const gru = {
    ...nets.gru,
    bz: new Array<number>(UNITS).fill(settings.updateBias),
  };
  const gruTrace = gruForward(gru, xs, { hInit: nets.gruInit });
  const gates = { gates: options.gates };
  const rows: GradientFlowRow[] = [];
  const norms = {
    rnn: [] as number[],
    lstm: [] as number[],
    direct: [] as number[],
    gru: [] as number[],
  };
  for (let t = 0; t <= D; t++) {
    const jacobians: Record<keyof typeof NETWORKS, Matrix> = {
      rnn: stateJacobian(rnn, rnnTrace, t, 0, settings.activation),
      lstm: cellJacobian(lstm, lstmTrace, t, 0, gates),
      direct: cellHighwayJacobian(lstmTrace, t, 0),
      gru: gruStateJacobian(gru, gruTrace, t, 0),
    };
    for (const key of Object.keys(NETWORKS) as (keyof typeof NETWORKS)[]) {
      const norm = spectralNorm2x2(jacobians[key]);
      norms[key].push(norm);
      rows.push({ distance: t, network: NETWORKS[key], norm });
    }
  }
  const forgets = lstmTrace.steps.flatMap((step) => step.f);
  const updates = gruTrace.steps.flatMap((step) => step.z);
  const maxSlope = settings.activation === "sigmoid" ? 0.25 : 1;
  const weightNorm = spectralNorm2x2(rnn.W);
  return {
    distance: D,
    rnn: {
      activation: settings.activation,
      weightNorm,
      maxSlope,
      stepBound: weightNorm * maxSlope,
      normAtEnd: norms.rnn[D],
      perStep: norms.rnn[D] ** (1 / D),
    },
    lstm: {
      gates: settings.gates,
      forgetBias: settings.forgetBias,
      f: settings.f,
      i: settings.i,
      meanForget: forgets.reduce((a, b) => a + b, 0) / forgets.length,
      normAtEnd: norms.lstm[D],
      directAtEnd: norms.direct[D],
      perStep: norms.lstm[D] ** (1 / D),
    },
    gru: {
      updateBias: settings.updateBias,
      meanUpdate: updates.reduce((a, b) => a + b, 0) / updates.length,
      normAtEnd: norms.gru[D],
      perStep: norms.gru[D] ** (1 / D),
    },
    rows,
  };
}

/**
 * What a norm of 0 says where the true one is positive (W is invertible and
 * every slope positive): a saturated unit's slope (tanh′ = 1 − tanh² once
 * tanh rounds to ±1) or the product itself rounded to 0. A factor per step
 * of 0 would be no average of anything.
 */
const ROUNDED =
  "a saturated unit’s slope, or the product itself, rounds to 0 in double precision";
/** What a factor per step says. */
const PER_STEP = "a factor {0} per step, on average";

/** The numbers of the explorer as HTML, for the read-out beside the controls. */
export function readout(
  results: GradientFlowResults,
  t: Translate = explorerTranslator({}),
): string {
  const { rnn, lstm, gru, distance } = results;
  const D = numHtml(distance);
  // A note after a number: its parts, each translated once, in parentheses.
  const note = (...parts: string[]) =>
    `<span class="readout-note">${
      t("({0})", parts.reduce((joined, part) => t("{0}; {1}", joined, part)))
    }</span>`;
  const gates = lstm.gates === "fixed"
    ? t("f = {0} and i = {1}, held fixed", numHtml(lstm.f), numHtml(lstm.i))
    : t(
      "computed, forget-gate bias b<sub>f</sub> = {0}",
      numHtml(lstm.forgetBias),
    );
  return `<dl class="readout-list">${
    [
      readoutItem(
        t("plain RNN"),
        t(
          "{0}, ‖W‖₂ = {1}; no step can stretch the gradient by more than ‖W‖₂ · max act′ = {2}",
          rnn.activation,
          numHtml(rnn.weightNorm),
          numHtml(rnn.stepBound),
        ),
      ),
      readoutItem(
        t("‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂ at t = {0}", D),
        `${numHtml(rnn.normAtEnd)} ${
          note(
            rnn.normAtEnd === 0
              ? t(ROUNDED)
              : t(PER_STEP, numHtml(rnn.perStep)),
          )
        }`,
      ),
      readoutItem(
        t("LSTM gates"),
        t("{0}; mean forget gate {1}", gates, numHtml(lstm.meanForget)),
      ),
      readoutItem(
        t("‖∂C<sub>t</sub>/∂C<sub>0</sub>‖₂ at t = {0}", D),
        `${numHtml(lstm.normAtEnd)} ${
          note(
            // With f = i = 0 held fixed nothing reaches C₀: a true 0.
            lstm.normAtEnd === 0 &&
              !(lstm.gates === "fixed" && lstm.f === 0 && lstm.i === 0)
              ? t(ROUNDED)
              : t(PER_STEP, numHtml(lstm.perStep)),
            t("direct path ∏ f alone: {0}", numHtml(lstm.directAtEnd)),
          )
        }`,
      ),
      readoutItem(
        t("GRU: ‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂ at t = {0}", D),
        `${numHtml(gru.normAtEnd)} ${
          note(
            t(
              "update-gate bias b<sub>z</sub> = {0}, mean update gate {1}",
              numHtml(gru.updateBias),
              numHtml(gru.meanUpdate),
            ),
            gru.normAtEnd === 0
              ? t(ROUNDED)
              : t(PER_STEP, numHtml(gru.perStep)),
          )
        }`,
      ),
    ].join("")
  }</dl>`;
}

/** The explorer: controls, computation and read-out. */
export const explorer: Explorer<GradientFlowSettings, GradientFlowResults> = {
  id: "gradient-flow",
  title: "Settings of the gradient flow explorer",
  chart: "gradient-flow-norms",
  fieldsets: [
    {
      legend: "Plain RNN",
      controls: [
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
          name: "rnnNorm",
          label: "size of W, ‖W‖₂",
          min: 0.1,
          max: 10,
          step: 0.1,
          default: 2,
        },
      ],
    },
    {
      legend: "LSTM",
      controls: [{
        kind: "select",
        name: "gates",
        label: "forget and input gates",
        options: [
          { value: "computed", label: "computed, with a forget-gate bias" },
          { value: "fixed", label: "held at fixed values f and i" },
        ],
        default: "computed",
      }],
    },
    {
      legend: "Forget-gate bias",
      when: { name: "gates", value: "computed" },
      controls: [{
        kind: "range",
        name: "forgetBias",
        label: "forget-gate bias",
        min: -5,
        max: 10,
        step: 0.5,
        default: 3,
      }],
    },
    {
      legend: "Fixed gates",
      when: { name: "gates", value: "fixed" },
      controls: [
        {
          kind: "range",
          name: "f",
          label: "forget gate f",
          min: 0,
          max: 1,
          step: 0.01,
          default: 1,
        },
        {
          kind: "range",
          name: "i",
          label: "input gate i",
          min: 0,
          max: 1,
          step: 0.01,
          default: 0,
        },
      ],
    },
    {
      legend: "GRU",
      controls: [{
        kind: "range",
        name: "updateBias",
        label: "update-gate bias (z near 1 keeps the state)",
        min: -5,
        max: 10,
        step: 0.5,
        default: 3,
      }],
    },
    {
      legend: "Sequence",
      controls: [
        {
          kind: "range",
          name: "distance",
          label: "largest distance t − k",
          min: 10,
          max: MAX_DISTANCE,
          step: 10,
          default: MAX_DISTANCE,
        },
        {
          kind: "number",
          name: "seed",
          label: "seed of the weights and inputs",
          min: 1,
          max: 9999,
          step: 1,
          default: 33,
        },
      ],
    },
  ],
  // The settings "What to try" quotes numbers of.
  examples: { noForgetBias: { forgetBias: 0 } },
  presets: [{
    label: "Constant error carousel (f = 1, i = 0)",
    values: { gates: "fixed", f: 1, i: 0 },
  }],
  compute: gradientFlow,
  readout,
  words: {
    zh: {
      "Settings of the gradient flow explorer": "梯度流交互演示的设定",
      "Plain RNN": "普通 RNN",
      "activation": "激活函数",
      "sigmoid (slope ≤ 1/4)": "sigmoid（斜率 ≤ 1/4）",
      "tanh (slope ≤ 1)": "tanh（斜率 ≤ 1）",
      "size of W, ‖W‖₂": "W 的大小 ‖W‖₂",
      "forget and input gates": "遗忘门与输入门",
      "computed, with a forget-gate bias": "由计算得出，带遗忘门偏置",
      "held at fixed values f and i": "固定为 f 与 i 的给定值",
      "Forget-gate bias": "遗忘门偏置",
      "forget-gate bias": "遗忘门偏置",
      "Fixed gates": "固定的门",
      "forget gate f": "遗忘门 f",
      "input gate i": "输入门 i",
      "update-gate bias (z near 1 keeps the state)":
        "更新门偏置（z 接近 1 时保持状态）",
      "Sequence": "序列",
      "largest distance t − k": "最大距离 t − k",
      "seed of the weights and inputs": "权重与输入的随机种子",
      "Constant error carousel (f = 1, i = 0)":
        "恒定误差传送带（f = 1, i = 0）",
      "plain RNN": "普通 RNN",
      "{0}, ‖W‖₂ = {1}; no step can stretch the gradient by more than ‖W‖₂ · max act′ = {2}":
        "{0}，‖W‖₂ = {1}；每一步对梯度的拉伸都不超过 ‖W‖₂ · max act′ = {2}",
      "‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂ at t = {0}":
        "t = {0} 时的 ‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂",
      "({0})": "（{0}）",
      "{0}; {1}": "{0}；{1}",
      [PER_STEP]: "平均每步乘以因子 {0}",
      [ROUNDED]: "饱和单元的斜率或乘积本身在双精度下舍入为 0",
      "direct path ∏ f alone: {0}": "仅直接路径 ∏ f：{0}",
      "LSTM gates": "LSTM 的门",
      "f = {0} and i = {1}, held fixed": "f = {0}，i = {1}，保持固定",
      "computed, forget-gate bias b<sub>f</sub> = {0}":
        "由计算得出，遗忘门偏置 b<sub>f</sub> = {0}",
      "{0}; mean forget gate {1}": "{0}；遗忘门均值 {1}",
      "‖∂C<sub>t</sub>/∂C<sub>0</sub>‖₂ at t = {0}":
        "t = {0} 时的 ‖∂C<sub>t</sub>/∂C<sub>0</sub>‖₂",
      "GRU: ‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂ at t = {0}":
        "GRU：t = {0} 时的 ‖∂h<sub>t</sub>/∂h<sub>0</sub>‖₂",
      "update-gate bias b<sub>z</sub> = {0}, mean update gate {1}":
        "更新门偏置 b<sub>z</sub> = {0}，更新门均值 {1}",
    },
  },
};

/** The default settings. */
export const DEFAULTS: GradientFlowSettings = defaultSettings(explorer);
