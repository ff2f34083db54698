/**
 * Multiplications for the full gradient of a deep network against its depth
 * `L`, by backpropagation and by enumerating paths (exercise a3-3), on a log
 * scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { A3_3Results } from "../exercises/a3-3.ts";
import type { ChartSpec, Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
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
  alt: "Line chart with depth L from 1 to 10 on the horizontal axis and the " +
    "number of multiplications on a logarithmic vertical axis. The " +
    "backpropagation count grows slowly, from tens to a few hundred. The " +
    "path-enumeration count starts close to it at L = 1 and rises in a " +
    "straight line, reaching millions at L = 10, thousands of times more " +
    "than backpropagation.",
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
      ariaDescription: chart.alt,
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
