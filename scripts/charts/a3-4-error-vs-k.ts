/**
 * Reconstruction error of a linear autoencoder against the number of hidden
 * units `k` (exercise a3-4): trained by gradient descent, with and without a
 * bias, beside the sums of trailing eigenvalues that theory predicts.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { A3_4Results } from "../exercises/a3-4.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";

/** The chart of exercise a3-4. */
export const chart: ChartSpec = {
  name: "a3-4-error-vs-k",
  exercise: "a3-4",
  title: "Reconstruction error against the number of hidden units",
  caption:
    "Mean squared reconstruction error of the linear autoencoder x̃ = U₂U₁x " +
    "(+ b) on 500 generated points in 5 dimensions, for k = 0 to 5 hidden " +
    "units, one colour per model. Dots: the error after training by " +
    "gradient descent. Lines: the " +
    "sum of the eigenvalues left out, of the uncentred second moment R " +
    "for the model without bias, and of the covariance S (PCA) for the model " +
    "with a bias. Each trained dot sits on its line. The gap between the two " +
    "lines is the price of having no bias on data whose mean is not zero; " +
    "it closes at k = 5, where both reconstruct the data exactly.",
  alt: "Two falling curves from k = 0 to k = 5, both reaching zero at k = 5. " +
    "The upper curve, for the autoencoder without bias, starts at the mean " +
    "squared norm of the data and drops most between k = 0 and k = 1, where " +
    "the single hidden unit learns the direction of the mean. The lower " +
    "curve, for the autoencoder with a bias, starts at the total variance " +
    "and falls like the trailing eigenvalues of the covariance. The trained " +
    "errors lie exactly on the predicted curves.",
  // The data set's size and the numbers of hidden units.
  fixed: [
    "500 generated points in 5 dimensions",
    "k = 0 to k = 5",
    "k = 0 to 5",
    "k = 0 and k = 1",
    "k = 5",
  ],
  words: {
    zh: {
      title: "重构误差随隐藏单元数的变化",
      caption:
        "线性自编码器 x̃ = U₂U₁x（+ b）在 500 个 5 维生成数据点上的均方重构误差，" +
        "隐藏单元数 k = 0 到 5，每个模型一种颜色。点：用梯度下降训练后的误差。" +
        "线：被舍去的特征值之和——无偏置模型用未中心化的二阶矩 R，有偏置模型用协方差 S（PCA）。" +
        "每个训练所得的点都落在对应的线上。两条线之间的差距，是在均值不为零的数据上不用偏置的代价；" +
        "到 k = 5 时差距消失，此时两者都能精确重构数据。",
      alt: "两条下降曲线，从 k = 0 到 k = 5，在 k = 5 处都降到零。" +
        "上方曲线对应无偏置的自编码器，起点是数据的均方范数，在 k = 0 和 k = 1 之间下降最多，" +
        "此时唯一的隐藏单元学到了均值的方向。下方曲线对应有偏置的自编码器，起点是总方差，" +
        "按协方差的尾部特征值下降。训练所得的误差恰好落在预测曲线上。",
      fixed: [
        "500 个 5 维",
        "k = 0 到 k = 5",
        "k = 0 到 5",
        "k = 0 和 k = 1",
        "k = 5",
      ],
      labels: {
        "hidden units k": "隐藏单元数 k",
        "mean squared reconstruction error": "均方重构误差",
        "no bias: x̃ = U₂U₁x": "无偏置：x̃ = U₂U₁x",
        "with bias: x̃ = U₂U₁x + b": "有偏置：x̃ = U₂U₁x + b",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as A3_4Results).errorVsK.map((row) => {
      const series = String(row.series);
      return {
        ...row,
        model: series.includes("no bias") || series.includes("of R")
          ? "no bias: x̃ = U₂U₁x"
          : "with bias: x̃ = U₂U₁x + b",
        kind: series.startsWith("trained")
          ? "trained"
          : "sum of trailing eigenvalues",
      };
    });
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const models = [...new Set(rows.map((row) => String(row.model)))];
    const lines = rows.filter((row) => row.kind !== "trained");
    const dots = rows.filter((row) => row.kind === "trained");
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel:
        "Reconstruction error against hidden units k, trained and predicted",
      ariaDescription: chartText(words.alt, rows),
      marginRight: 20,
      x: {
        label: t("hidden units k"),
        ticks: 6,
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        label: t("mean squared reconstruction error"),
        grid: true,
        zero: true,
        tickFormat: tickLabel,
      },
      color: { legend: true, domain: models, tickFormat: t },
      marks: [
        Plot.ruleY([0], { stroke: "currentColor", strokeOpacity: 0.3 }),
        Plot.line(lines, {
          x: "k",
          y: "error",
          stroke: "model",
          strokeWidth: 1.75,
        }),
        Plot.dot(dots, {
          x: "k",
          y: "error",
          stroke: "model",
          r: 5,
          strokeWidth: 1.75,
        }),
      ],
    });
  },
};
