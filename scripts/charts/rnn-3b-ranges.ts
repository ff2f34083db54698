/**
 * The range (smallest to largest value) that each quantity of the LSTM took
 * over 2000 random networks (exercise rnn-3b), beside the bounds the theory
 * gives: `(0, 1)` for the gates, `(−1, 1)` for `C̃` and `h`, and
 * `|C_t| < t + 1` for the cell state.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn3bResults } from "../exercises/rnn-3b.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { formatNumberText, tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about } from "./_words.ts";

/** The chart of exercise rnn-3b. */
export const chart: ChartSpec = {
  name: "rnn-3b-ranges",
  exercise: "rnn-3b",
  title: "Range of each LSTM quantity over 2000 random networks",
  caption:
    "Each bar runs from the smallest to the largest value a quantity took, " +
    "over every unit and step of 2000 random LSTMs of one to three units " +
    "and ten steps. The short dashed ticks mark the theoretical bounds: " +
    "(0, 1) for the gates, (−1, 1) for the candidate C̃ and the hidden " +
    "state h, and |C_t| < t + 1 (here at most the sequence length) for the " +
    "cell state. Only the three gates stay positive; the cell state is the " +
    "only quantity that leaves (−1, 1).",
  alt: (rows) => {
    const length = (quantity: string) => {
      const row = rows.find((r) => r.quantity === quantity)!;
      return Number(row.max) - Number(row.min);
    };
    return "Horizontal range bars for f, i, o, C̃, C and h. The bars of the " +
      "three gates lie between 0 and 1, almost filling that interval. The " +
      "bars of the candidate and of the hidden state reach from close to " +
      "−1 to close to 1. The bar of the cell state is " +
      `${about(length("C") / length("h"))} times as long as the hidden ` +
      "state’s, extending well beyond −1 and 1 on both sides, yet inside " +
      "its own bounds.";
  },
  // The experiment's size and the theoretical bounds.
  fixed: [
    "2000 random",
    "(0, 1)",
    "(−1, 1)",
    "|C_t| < t + 1",
    "between 0 and 1",
    "close to −1 to close to 1",
    "beyond −1 and 1",
  ],
  words: {
    zh: {
      title: "2000 个随机网络中 LSTM 各量的取值范围",
      caption:
        "每根条从某个量取到的最小值延伸到最大值，统计范围是 2000 个随机 LSTM（一到三个单元、十个时间步）" +
        "的所有单元与所有时间步。短虚线刻度标出理论界：门为 (0, 1)，候选值 C̃ 与隐状态 h 为 (−1, 1)，" +
        "细胞状态为 |C_t| < t + 1（此处至多为序列长度）。只有三个门始终为正；" +
        "细胞状态是唯一超出 (−1, 1) 的量。",
      alt: (rows) => {
        const length = (quantity: string) => {
          const row = rows.find((r) => r.quantity === quantity)!;
          return Number(row.max) - Number(row.min);
        };
        return "f、i、o、C̃、C 和 h 的水平范围条。三个门的条位于 0 与 1 之间，几乎占满该区间。" +
          "候选值与隐状态的条从接近 −1 延伸到接近 1。细胞状态的条长度是隐状态的 " +
          `${
            about(length("C") / length("h"))
          } 倍，两侧都远超出 −1 与 1，但仍在它自己的界之内。`;
      },
      fixed: [
        "2000 个随机",
        "(0, 1)",
        "(−1, 1)",
        "|C_t| < t + 1",
        "位于 0 与 1 之间",
        "从接近 −1 延伸到接近 1",
        "超出 −1 与 1",
      ],
      labels: {
        "value": "取值",
        "sign": "符号",
        "always positive": "始终为正",
        "either sign": "可正可负",
        "f (forget gate)": "f（遗忘门）",
        "i (input gate)": "i（输入门）",
        "o (output gate)": "o（输出门）",
        "C̃ (candidate)": "C̃（候选值）",
        "C (cell state)": "C（细胞状态）",
        "h (hidden state)": "h（隐状态）",
        "{0}: from {1} to {2}": "{0}：从 {1} 到 {2}",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as Rnn3bResults).ranges.map((q) => ({
      quantity: q.quantity,
      label: q.label,
      min: q.min,
      max: q.max,
      lowerBound: q.lowerBound,
      upperBound: q.upperBound,
      sign: q.alwaysPositive ? "always positive" : "either sign",
    }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const labels = rows.map((row) => String(row.label));
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Observed range of each LSTM quantity beside its bounds",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 130,
      marginRight: 20,
      height: 60 + 40 * rows.length,
      x: { label: t("value"), grid: true, nice: true, tickFormat: tickLabel },
      y: { label: null, domain: labels, padding: 0.35, tickFormat: t },
      color: {
        legend: true,
        domain: ["always positive", "either sign"],
        label: t("sign"),
        tickFormat: t,
      },
      marks: [
        Plot.ruleX([0], { stroke: "currentColor" }),
        Plot.barX(rows, {
          y: "label",
          x1: "min",
          x2: "max",
          fill: "sign",
          title: (d: Row) =>
            t("{0}: from {1} to {2}")
              .replace("{0}", t(d.label))
              .replace("{1}", formatNumberText(Number(d.min)))
              .replace("{2}", formatNumberText(Number(d.max))),
        }),
        Plot.tickX(rows, {
          y: "label",
          x: "lowerBound",
          stroke: "currentColor",
          strokeWidth: 2,
          strokeDasharray: "3,2",
        }),
        Plot.tickX(rows, {
          y: "label",
          x: "upperBound",
          stroke: "currentColor",
          strokeWidth: 2,
          strokeDasharray: "3,2",
        }),
      ],
    });
  },
};
