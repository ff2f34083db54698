/**
 * Multiplications for the full gradient of a deep network against its depth
 * `L`, by backpropagation and by enumerating paths (exercise a3-3), on a log
 * scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { A3_3Results } from "../exercises/a3-3.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { formatNumberText } from "../lib/format.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/** The chart of exercise a3-3. */
export const chart: ChartSpec = {
  name: "a3-3-cost-vs-depth",
  exercise: "a3-3",
  title: "Backpropagation is linear in depth, path enumeration exponential",
  caption:
    "Multiplications needed for the gradient of the loss with respect to " +
    "every weight of a network with d = 4 inputs, L hidden layers of n = 3 " +
    "tanh units and c = 2 outputs, counted by running each algorithm with a " +
    "multiplication counter, for L = 1 to 10 (log scale). Backpropagation " +
    "adds the same number of multiplications for every layer, so on a log " +
    "scale its curve flattens; summing products over every path multiplies " +
    "the cost by a little more than n = 3 per layer, a straight line on a " +
    "log scale.",
  alt: (rows) => {
    const line = (method: string) =>
      lineOf(rows, "method", method, "L").map((row) => ({
        L: Number(row.L),
        count: Number(row.multiplications),
      }));
    const bp = line("backpropagation");
    const paths = line("path enumeration");
    const first = bp[0].L;
    const last = bp.at(-1)!.L;
    return `Line chart with depth L from ${first} to ${last} on the ` +
      "horizontal axis and the number of multiplications on a logarithmic " +
      `vertical axis. The backpropagation count grows slowly, from ${
        formatNumberText(bp[0].count)
      } to ${formatNumberText(bp.at(-1)!.count)}. The path-enumeration ` +
      `count starts close to it, at ${formatNumberText(paths[0].count)} ` +
      `for L = ${first}, and rises in a straight line, reaching ${
        formatNumberText(paths.at(-1)!.count)
      } at L = ${last}, ${
        about(paths.at(-1)!.count / bp.at(-1)!.count)
      } times as many as backpropagation.`;
  },
  fixed: [
    // The network of the exercise.
    "d = 4 inputs",
    "n = 3 tanh units",
    "c = 2 outputs",
    "L = 1 to 10",
    "n = 3 per layer",
  ],
  data(results: unknown): Row[] {
    return (results as A3_3Results).costVsDepth.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const methods = [...new Set(rows.map((row) => String(row.method)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel:
        "Multiplications against depth L for backpropagation and path enumeration",
      ariaDescription: chartText(chart.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      x: {
        label: "hidden layers L",
        ticks: 10,
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        ...logAxis(
          rows.map((row) => Number(row.multiplications)),
          layout.narrow ? 5 : 8,
        ),
        label: "multiplications (log scale)",
        grid: true,
      },
      color: { legend: true, domain: methods },
      symbol: { domain: methods },
      marks: [
        Plot.line(rows, {
          x: "L",
          y: "multiplications",
          stroke: "method",
          strokeWidth: 1.75,
        }),
        Plot.dot(rows, {
          x: "L",
          y: "multiplications",
          stroke: "method",
          symbol: "method",
        }),
      ],
    });
  },
};
