/**
 * The loss of plain gradient descent on the exploding RNN of exercise clip,
 * without clipping, clipped by norm and clipped by value, against the
 * iteration, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ClipResults } from "../exercises/clip.ts";
import type { ChartSpec, Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { logAxis } from "./_log_domain.ts";

/** The chart of exercise clip. */
export const chart: ChartSpec = {
  name: "clip-training",
  exercise: "clip",
  title: "Training an exploding RNN with and without clipping",
  caption:
    "The loss of plain gradient descent (step size 0.01) on the seeded task, " +
    "from the same start, a ReLU RNN whose W has the eigenvalues 1.1 and 0.4 " +
    "(rnn-2c's expanding regime), on a log scale. Without clipping the " +
    "first step is hundreds of times longer than W itself: every unit dies " +
    "and the loss freezes. Clipped by norm, each step is at most 0.01 long " +
    "and points along the gradient: the loss falls by four orders of " +
    "magnitude. Clipped by value, the steps follow the signs of the " +
    "gradient's entries and soon bounce between two losses.",
  alt:
    "Line chart, loss on a logarithmic vertical axis against the iteration " +
    "from 0 to 300. All three runs start near 4,000. The unclipped run drops " +
    "at once to about 51 and stays flat there. The run clipped by norm falls " +
    "steadily to below 0.1. The run clipped by value falls faster at first, " +
    "then zigzags between about 1.5 and 5 from the sixth iteration on.",
  data(results: unknown): Row[] {
    return (results as ClipResults).training.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const methods = [...new Set(rows.map((row) => String(row.method)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Loss against iteration, log scale, three runs",
      ariaDescription: chart.alt,
      marginLeft: 60,
      marginRight: 20,
      height: 380,
      x: { label: "iteration", grid: true, tickFormat: tickLabel },
      y: {
        ...logAxis(rows.map((row) => Number(row.loss)), layout.narrow ? 5 : 8),
        label: "loss L (log scale)",
        grid: true,
      },
      color: { legend: true, domain: methods, label: "gradient" },
      marks: [
        Plot.line(rows, {
          x: "iteration",
          y: "loss",
          stroke: "method",
          strokeWidth: 2,
        }),
      ],
    });
  },
};
