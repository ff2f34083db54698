/**
 * The Frobenius norm of each of the ten terms of `∂L/∂W` for `T = 3`
 * (exercise rnn-2a) against the distance `t − k` the gradient travels back,
 * on a log scale, one line per loss `L_t`.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn2aResults } from "../exercises/rnn-2a.ts";
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

/**
 * The factor between the terms of one loss a step apart, and T: what the
 * text alternative reads off the rows, in either language.
 */
function factsOf(rows: Row[]) {
  const factors = [...new Set(rows.map((row) => String(row.loss)))]
    .flatMap((loss) => {
      const line = lineOf(rows, "loss", loss, "distance");
      return line.slice(1).map((row, i) =>
        Number(line[i].norm) / Number(row.norm)
      );
    });
  return { factors, T: Math.max(...rows.map((row) => Number(row.t))) };
}

/** The chart of exercise rnn-2a. */
export const chart: ChartSpec = {
  name: "rnn-2a-terms",
  exercise: "rnn-2a",
  title: "Contribution of each term by distance t − k",
  caption:
    "Each dot is one of the ten terms ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W of " +
    "∂L/∂W for T = 3, placed at the number of steps t − k the gradient " +
    "travels back; its height is the Frobenius norm of the term, on a log " +
    "scale. Lines join the terms of the same loss L_t. Every step back " +
    "multiplies by one more factor diag(σ′(z_j)) W with σ′ ≤ 1/4, so the " +
    "terms shrink roughly geometrically with the distance: the gradient is " +
    "dominated by the short-range terms.",
  alt: (rows) => {
    const { factors, T } = factsOf(rows);
    return "Dot chart with a logarithmic vertical axis. For each of the " +
      `losses L_0 to L_${T}, the term with distance 0 is the largest, and ` +
      `the norms fall steadily as the distance grows to ${T}, by a factor ` +
      `between ${about(Math.min(...factors))} and ${
        about(Math.max(...factors))
      } per step, so the terms that reach furthest back contribute least.`;
  },
  // The exercise's T and the bound on σ′.
  fixed: ["for T = 3", "σ′ ≤ 1/4", "distance 0"],
  words: {
    zh: {
      title: "各项的贡献随距离 t − k 的变化",
      caption:
        "每个点是 T = 3 时 ∂L/∂W 的十项之一 ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W，" +
        "横坐标为梯度回传的步数 t − k，纵坐标为该项的弗罗贝尼乌斯范数（对数坐标）。" +
        "同一损失 L_t 的各项以线相连。每多回溯一步，就多乘一个因子 diag(σ′(z_j)) W，" +
        "而 σ′ ≤ 1/4，所以各项随距离大致按几何级数减小：梯度主要由短程项决定。",
      alt: (rows) => {
        const { factors, T } = factsOf(rows);
        return "点图，纵轴为对数坐标。对损失 L_0 到 " +
          `L_${T} 中的每一个，距离为 0 的项最大；距离增大到 ${T} 的过程中，` +
          "范数稳步下降，每多回溯一步减小为前一项的 " +
          `${about(Math.min(...factors))} 至 ${
            about(Math.max(...factors))
          } 分之一，所以回溯得最远的项贡献最小。`;
      },
      fixed: ["T = 3 时", "σ′ ≤ 1/4", "距离为 0"],
      labels: {
        "distance t − k (steps back)": "距离 t − k（回溯步数）",
        "Frobenius norm of the term (log scale)":
          "该项的弗罗贝尼乌斯范数（对数坐标）",
        "loss": "损失",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as Rnn2aResults).termChart.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const losses = [...new Set(rows.map((row) => String(row.loss)))].sort();
    const distances = [...new Set(rows.map((row) => Number(row.distance)))]
      .sort((a, b) => a - b);
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Norm of each BPTT term against the distance t − k",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 55,
      marginRight: 20,
      inset: 10,
      x: {
        label: t("distance t − k (steps back)"),
        ticks: distances,
        tickFormat: tickLabel,
        grid: true,
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 4 : 8),
        label: t("Frobenius norm of the term (log scale)"),
        grid: true,
        tickFormat: logTickLabel,
      },
      color: { legend: true, domain: losses, label: t("loss") },
      marks: [
        Plot.line(rows, {
          x: "distance",
          y: "norm",
          z: "loss",
          stroke: "loss",
          strokeOpacity: 0.6,
          sort: "distance",
        }),
        Plot.dot(rows, {
          x: "distance",
          y: "norm",
          fill: "loss",
          r: 4,
        }),
      ],
    });
  },
};
