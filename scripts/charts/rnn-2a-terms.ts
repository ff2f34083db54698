/**
 * The Frobenius norm of each of the ten terms of `∂L/∂W` for `T = 3`
 * (exercise rnn-2a) against the distance `t − k` the gradient travels back,
 * on a log scale, one line per loss `L_t`.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn2aResults } from "../exercises/rnn-2a.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { logTickLabel, tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

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
    "multiplies by one more factor diag(σ'(z_j)) W with σ' ≤ 1/4, so the " +
    "terms shrink roughly geometrically with the distance: the gradient is " +
    "dominated by the short-range terms.",
  alt: (rows) => {
    // The factor between the terms of one loss a step apart.
    const factors = [...new Set(rows.map((row) => String(row.loss)))]
      .flatMap((loss) => {
        const line = lineOf(rows, "loss", loss, "distance");
        return line.slice(1).map((row, i) =>
          Number(line[i].norm) / Number(row.norm)
        );
      });
    const T = Math.max(...rows.map((row) => Number(row.t)));
    return "Dot chart with a logarithmic vertical axis. For each of the " +
      `losses L_0 to L_${T}, the term with distance 0 is the largest, and ` +
      `the norms fall steadily as the distance grows to ${T}, by a factor ` +
      `between ${about(Math.min(...factors))} and ${
        about(Math.max(...factors))
      } per step, so the terms that reach furthest back contribute least.`;
  },
  // The exercise's T and the bound on σ′.
  fixed: ["for T = 3", "σ' ≤ 1/4", "distance 0"],
  data(results: unknown): Row[] {
    return (results as Rnn2aResults).termChart.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const losses = [...new Set(rows.map((row) => String(row.loss)))].sort();
    const distances = [...new Set(rows.map((row) => Number(row.distance)))]
      .sort((a, b) => a - b);
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Norm of each BPTT term against the distance t − k",
      ariaDescription: chartText(chart.alt, rows),
      marginLeft: 55,
      marginRight: 20,
      inset: 10,
      x: {
        label: "distance t − k (steps back)",
        ticks: distances,
        tickFormat: tickLabel,
        grid: true,
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 4 : 8),
        label: "Frobenius norm of the term (log scale)",
        grid: true,
        tickFormat: logTickLabel,
      },
      color: { legend: true, domain: losses, label: "loss" },
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
