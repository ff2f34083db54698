/**
 * How far truncated BPTT's gradient is from the full one (exercise tbptt):
 * the relative error against the truncation length `τ`, for a vanishing and
 * an exploding network, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { TbpttResults } from "../exercises/tbptt.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

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
    const line = (network: string) =>
      lineOf(rows, "network", network, "tau").map((row) => ({
        tau: Number(row.tau),
        error: Number(row.error),
      }));
    const sigmoid = line("sigmoid");
    const relu = line("ReLU");
    const last = Math.max(...rows.map((row) => Number(row.tau)));
    const tiny = sigmoid.find((p) => p.error < 1e-8);
    const smallest = tiny
      ? `below 10⁻⁸ by τ = ${tiny.tau}`
      : `down to ${about(sigmoid.at(-1)!.error)}`;
    const steps = Math.min(10, sigmoid.length - 1);
    const factor = (sigmoid[0].error / sigmoid[steps].error) ** (1 / steps);
    const later = relu.find((p) => p.tau >= 20) ?? relu.at(-1)!;
    return "Line chart, error on a logarithmic vertical axis against τ " +
      `from 0 to ${last}. The sigmoid network's error starts at ${
        about(sigmoid[0].error)
      } and falls by about a factor of ${
        about(factor)
      } per step, ${smallest}, and then to exactly ` +
      `zero after τ = ${sigmoid.at(-1)!.tau}. The exploding network's ` +
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
  data(results: unknown): Row[] {
    return (results as TbpttResults).error
      .filter((row) => row.error > 0)
      .map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const networks = [...new Set(rows.map((row) => String(row.network)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Relative error of the truncated gradient against τ",
      ariaDescription: chartText(chart.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 360,
      x: {
        label: "τ, steps the gradient is carried back",
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.error)), layout.narrow ? 5 : 8),
        label: "relative error (log scale)",
        grid: true,
      },
      color: { legend: true, domain: networks, label: "network" },
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
