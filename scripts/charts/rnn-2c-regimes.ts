/**
 * `‖Wⁿ‖₂` against `n` for one 2×2 matrix of each eigenvalue regime
 * (exercise rnn-2c), on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn2cResults } from "../exercises/rnn-2c.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { logTickLabel, tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/** The regimes drawn dashed because they coincide with the identity's line. */
const ONE_NORM_DASHED = ["reflection", "rotation"];

/**
 * What the text alternatives read off the rows, once for every language:
 * the last n and where the contracting, expanding and Jordan lines end.
 */
function factsOf(rows: Row[]) {
  const last = (id: string) => lineOf(rows, "id", id, "n").at(-1)!;
  return {
    n: Number(last("contracting").n),
    contracting: about(Number(last("contracting").norm)),
    expanding: about(Number(last("expanding").norm)),
    jordan: about(Number(last("jordan").norm)),
  };
}

/** The chart of exercise rnn-2c. */
export const chart: ChartSpec = {
  name: "rnn-2c-regimes",
  exercise: "rnn-2c",
  title: "‖Wⁿ‖ for each eigenvalue regime",
  caption:
    "The spectral norm of Wⁿ (the largest factor by which Wⁿ stretches a vector) " +
    "for n = 0 to 60, log scale, for one 2×2 matrix of each kind. With all " +
    "|λ| < 1 (the W of the exercise) the norm decays like 0.9ⁿ; with one " +
    "|λ| > 1 it grows like 1.1ⁿ, although the other eigenvalue is 0.4. The " +
    "identity, the reflection (λ = 1 and −1) and the rotation (λ = 0.6 ± 0.8i) " +
    "all have |λ| = 1 and are orthogonal, so ‖Wⁿ‖ = 1 for every n: their three " +
    "lines lie on top of each other at 1 (drawn with interleaved dashes so " +
    "that all three colours show), although only the identity keeps Wⁿ " +
    "constant (the reflection alternates between W and I, the rotation turns " +
    "further at every step). The Jordan block [[1, 1], [0, 1]] has both " +
    "eigenvalues 1 but is not diagonalizable, and its norm grows like n.",
  alt: (rows) => {
    const { n, contracting, expanding, jordan } = factsOf(rows);
    return "Line chart on a logarithmic vertical axis. The norm of W to the " +
      `n falls in a straight line from 1 to about ${contracting} at n = ${n} ` +
      "when all eigenvalues are below 1 in absolute value, and rises in a " +
      `straight line to about ${expanding} when one eigenvalue is 1.1. ` +
      "Three matrices whose eigenvalues all have absolute value 1 " +
      "(identity, reflection, rotation) stay at exactly 1. The Jordan block " +
      `with both eigenvalues 1 rises slowly, reaching about ${jordan} at ` +
      `n = ${n}.`;
  },
  // The matrices of the exercise and their eigenvalues.
  fixed: [
    "n = 0 to 60",
    "2×2",
    "|λ| < 1",
    "0.9ⁿ",
    "|λ| > 1",
    "1.1ⁿ",
    "eigenvalue is 0.4",
    "λ = 1 and −1",
    "λ = 0.6 ± 0.8i",
    "|λ| = 1",
    "‖Wⁿ‖ = 1",
    "at 1",
    "[[1, 1], [0, 1]]",
    "eigenvalues 1",
    "from 1",
    "below 1",
    "eigenvalue is 1.1",
    "absolute value 1",
    "exactly 1",
  ],
  words: {
    zh: {
      title: "各特征值情形下的 ‖Wⁿ‖",
      caption:
        "Wⁿ 的谱范数（Wⁿ 把向量拉伸的最大倍数），n = 0 到 60，对数坐标，每种情形取一个 2×2 矩阵。" +
        "所有 |λ| < 1 时（即本题的 W），范数按 0.9ⁿ 衰减；有一个 |λ| > 1 时，范数按 1.1ⁿ 增长，" +
        "尽管另一个特征值为 0.4。单位矩阵、反射（λ = 1 和 −1）和旋转（λ = 0.6 ± 0.8i）" +
        "都满足 |λ| = 1 且为正交矩阵，所以对每个 n 都有 ‖Wⁿ‖ = 1：三条线在 1 处重合" +
        "（用交错的虚线画出，使三种颜色都可见），但只有单位矩阵使 Wⁿ 保持不变" +
        "（反射在 W 与 I 之间交替，旋转每步再转一个角度）。" +
        "若尔当块 [[1, 1], [0, 1]] 的两个特征值都为 1，但不可对角化，其范数随 n 线性增长。",
      alt: (rows) => {
        const { n, contracting, expanding, jordan } = factsOf(rows);
        return "折线图，纵轴为对数坐标。所有特征值的绝对值都小于 1 时，" +
          `W 的 n 次幂的范数从 1 沿直线下降，到 n = ${n} 时约为 ${contracting}；` +
          `有一个特征值为 1.1 时，范数沿直线上升到约 ${expanding}。` +
          "特征值的绝对值都等于 1 的三个矩阵（单位矩阵、反射、旋转）的范数恒等于 1。" +
          `两个特征值都为 1 的若尔当块缓慢上升，到 n = ${n} 时约为 ${jordan}。`;
      },
      fixed: [
        "n = 0 到 60",
        "2×2",
        "|λ| < 1",
        "0.9ⁿ",
        "|λ| > 1",
        "1.1ⁿ",
        "特征值为 0.4",
        "λ = 1 和 −1",
        "λ = 0.6 ± 0.8i",
        "|λ| = 1",
        "‖Wⁿ‖ = 1",
        "在 1 处",
        "[[1, 1], [0, 1]]",
        "特征值都为 1",
        "从 1",
        "小于 1",
        "特征值为 1.1",
        "都等于 1",
        "恒等于 1",
      ],
      labels: {
        "power n": "幂次 n",
        "‖Wⁿ‖₂ (log scale)": "‖Wⁿ‖₂（对数坐标）",
        "all |λ| < 1: λ = 0.9, 0.4": "所有 |λ| < 1：λ = 0.9, 0.4",
        "one |λ| > 1: λ = 1.1, 0.4": "一个 |λ| > 1：λ = 1.1, 0.4",
        "all λ = 1, diagonalizable: W = I": "所有 λ = 1，可对角化：W = I",
        "|λ| = 1: λ = 1, −1 (reflection)": "|λ| = 1：λ = 1, −1（反射）",
        "|λ| = 1: λ = 0.6 ± 0.8i (rotation)": "|λ| = 1：λ = 0.6 ± 0.8i（旋转）",
        "all λ = 1, not diagonalizable (Jordan)":
          "所有 λ = 1，不可对角化（若尔当块）",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as Rnn2cResults).regimeRows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const regimes = [...new Set(rows.map((row) => String(row.regime)))];
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "‖Wⁿ‖ against n for six eigenvalue regimes",
      ariaDescription: chartText(words.alt, rows),
      marginRight: 20,
      x: { label: t("power n"), grid: true, tickFormat: tickLabel },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 5 : 8),
        label: t("‖Wⁿ‖₂ (log scale)"),
        grid: true,
        tickFormat: logTickLabel,
      },
      color: { legend: true, domain: regimes, tickFormat: t },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.3 }),
        // The identity, the reflection and the rotation all have norm 1: the
        // last two are dashed, with shifted dashes, so all three colours show.
        Plot.line(rows, {
          filter: (row: Row) => !ONE_NORM_DASHED.includes(String(row.id)),
          x: "n",
          y: "norm",
          stroke: "regime",
          strokeWidth: 2,
        }),
        ...ONE_NORM_DASHED.map((id, i) =>
          Plot.line(rows, {
            filter: (row: Row) => row.id === id,
            x: "n",
            y: "norm",
            stroke: "regime",
            strokeWidth: 2,
            strokeDasharray: "6 12",
            strokeDashoffset: -6 * i,
          })
        ),
      ],
    });
  },
};
