/**
 * How far truncated BPTT's gradient is from the full one (exercise tbptt):
 * the relative error against the truncation length `τ`, for a vanishing and
 * an exploding network, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { TbpttResults } from "../exercises/tbptt.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/**
 * What the text alternative reads off the rows, in either language: both
 * lines, the last τ, where the sigmoid's error drops below 10⁻⁸, its mean
 * factor a step over the first ten, and the ReLU's error from τ = 20 on.
 */
function factsOf(rows: Row[]) {
  const line = (network: string) =>
    lineOf(rows, "network", network, "tau").map((row) => ({
      tau: Number(row.tau),
      error: Number(row.error),
    }));
  const sigmoid = line("sigmoid");
  const relu = line("ReLU");
  const steps = Math.min(10, sigmoid.length - 1);
  return {
    sigmoid,
    relu,
    last: Math.max(...rows.map((row) => Number(row.tau))),
    tiny: sigmoid.find((p) => p.error < 1e-8),
    factor: (sigmoid[0].error / sigmoid[steps].error) ** (1 / steps),
    later: relu.find((p) => p.tau >= 20) ?? relu.at(-1)!,
  };
}

/** The first chart of exercise tbptt. */
export const chart: ChartSpec = {
  name: "tbptt-error",
  exercise: "tbptt",
  title: "Truncated gradient against the full one",
  caption:
    "The relative error max|g_τ − g| / max|g| of the gradient truncated " +
    "after τ steps, against τ, on a log scale, for the sigmoid RNN with " +
    "rnn-2c's W and the ReLU RNN with the expanding W, on the seeded task of " +
    "exercise clip (T = 30). Errors of exactly 0, where the dropped terms are " +
    "below rounding, are not drawn.",
  alt: (rows) => {
    const { sigmoid, relu, last, tiny, factor, later } = factsOf(rows);
    const smallest = tiny
      ? `below 10⁻⁸ by τ = ${tiny.tau}`
      : `down to ${about(sigmoid.at(-1)!.error)}`;
    return "Line chart, error on a logarithmic vertical axis against τ " +
      `from 0 to ${last}. The sigmoid network’s error starts at ${
        about(sigmoid[0].error)
      } and falls by about a factor of ${
        about(factor)
      } per step, ${smallest}, and then to exactly ` +
      `zero after τ = ${sigmoid.at(-1)!.tau}. The exploding network’s ` +
      `error starts at ${about(relu[0].error)} and falls slowly, still ` +
      `about ${about(later.error)} at τ = ${later.tau}, reaching zero only ` +
      `after τ = ${relu.at(-1)!.tau}.`;
  },
  fixed: [
    // The task's length and the threshold the text reads against.
    "T = 30",
    "Errors of exactly 0",
    "from 0 to",
    "below 10⁻⁸",
  ],
  words: {
    zh: {
      title: "截断梯度与完整梯度的比较",
      caption:
        "在 τ 步后截断的梯度的相对误差 max|g_τ − g| / max|g| 随 τ 的变化（对数坐标），" +
        "网络为使用 rnn-2c 的 W 的 sigmoid RNN 和使用增长型 W 的 ReLU RNN，" +
        "任务为习题 clip 中给定种子的任务（T = 30）。被舍去的项低于舍入误差时误差恰为 0，这些点不画出。",
      alt: (rows) => {
        const { sigmoid, relu, last, tiny, factor, later } = factsOf(rows);
        const smallest = tiny
          ? `到 τ = ${tiny.tau} 时已低于 10⁻⁸`
          : `降到 ${about(sigmoid.at(-1)!.error)}`;
        return "折线图，纵轴为误差（对数坐标），横轴为 τ，" +
          `从 0 到 ${last}。sigmoid 网络的误差起点为 ${
            about(sigmoid[0].error)
          }，每步约减小为原来的 ${about(factor)} 分之一，${smallest}，在 τ = ${
            sigmoid.at(-1)!.tau
          } 之后恰为零。` +
          `梯度爆炸的网络的误差起点为 ${about(relu[0].error)}，下降缓慢，` +
          `在 τ = ${later.tau} 时仍约为 ${about(later.error)}，` +
          `直到 τ = ${relu.at(-1)!.tau} 之后才为零。`;
      },
      fixed: [
        "T = 30",
        "误差恰为 0",
        "从 0 到",
        "低于 10⁻⁸",
      ],
      labels: {
        "τ, steps the gradient is carried back": "τ，梯度回传的步数",
        "relative error (log scale)": "相对误差（对数坐标）",
        "network": "网络",
        "sigmoid RNN, rnn-2c’s W (λ = 0.9, 0.4)":
          "sigmoid RNN，rnn-2c 的 W（λ = 0.9, 0.4）",
        "ReLU RNN, expanding W (λ = 1.1, 0.4)":
          "ReLU RNN，增长型 W（λ = 1.1, 0.4）",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as TbpttResults).error
      .filter((row) => row.error > 0)
      .map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const networks = [...new Set(rows.map((row) => String(row.network)))];
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Relative error of the truncated gradient against τ",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 360,
      x: {
        label: t("τ, steps the gradient is carried back"),
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.error)), layout.narrow ? 5 : 8),
        label: t("relative error (log scale)"),
        grid: true,
      },
      color: {
        legend: true,
        domain: networks,
        label: t("network"),
        tickFormat: t,
      },
      marks: [
        Plot.line(rows, {
          x: "tau",
          y: "error",
          stroke: "network",
          strokeWidth: 2,
        }),
        Plot.dot(rows, { x: "tau", y: "error", stroke: "network", r: 2 }),
      ],
    });
  },
};
