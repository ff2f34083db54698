/**
 * How the gradient carried back through time shrinks with the distance
 * `t − k` (exercise rnn-3c): the spectral norm of `∂h_t/∂h_k` for a plain
 * sigmoid RNN and of `∂C_t/∂C_k` for LSTMs with the carousel gates
 * (`f = 1`, `i = 0`), a forget bias of +3, and random gates, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn3cResults } from "../exercises/rnn-3c.ts";
import type { ChartSpec, Row } from "./types.ts";
import { logTickLabel, tickLabel } from "../lib/format.ts";

/** The chart of exercise rnn-3c. */
export const chart: ChartSpec = {
  name: "rnn-3c-gradient-flow",
  exercise: "rnn-3c",
  title: "Gradient norm against distance: plain RNN and LSTM",
  caption:
    "The spectral norm of the Jacobian that carries the gradient from step t " +
    "back to step k, against the distance t − k, on a log scale, for one " +
    "seeded input sequence and networks of two units with standard normal " +
    "weights. A plain sigmoid RNN (∂h_t/∂h_k) loses orders of magnitude " +
    "within a few steps. The LSTM with f = 1 and i = 0 held fixed keeps " +
    "∂C_t/∂C_k = I, norm exactly 1, at every distance. With a forget-gate " +
    "bias of +3 the norm first rises above 1, then decays slowly; with " +
    "random gates it decays geometrically, though more slowly than the " +
    "direct path ∏ f (dashed), because the paths through h that the " +
    "problem statement neglects carry most of the long-range gradient.",
  alt:
    "Line chart with a logarithmic vertical axis and the distance from 0 to " +
    "100 on the horizontal axis. The LSTM line with fixed gates is flat at " +
    "1. The LSTM with forget bias +3 stays near 1 for a few steps, rising " +
    "slightly above it, and then declines gently, ending a few orders of " +
    "magnitude lower. The LSTM with random gates falls steadily by dozens " +
    "of orders of magnitude, its dashed direct-path line falling faster " +
    "still. The plain RNN falls fastest of all.",
  data(results: unknown): Row[] {
    return (results as Rnn3cResults).flow.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document): Element {
    // The networks in the order the exercise lists them (its `MODELS`; a type
    // import only, so that drawing does not load the exercise and mathjs).
    // The last is the direct path of the LSTM with random gates, dashed.
    const models = [...new Set(rows.map((row) => String(row.model)))];
    const directPath = models.at(-1);
    return Plot.plot({
      document,
      ariaLabel: "Jacobian norm against the distance t − k, log scale",
      ariaDescription: chart.alt,
      marginLeft: 60,
      marginRight: 20,
      height: 420,
      x: {
        label: "distance t − k (steps back)",
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        type: "log",
        label: "spectral norm of the Jacobian (log scale)",
        grid: true,
        tickFormat: logTickLabel,
        ticks: 8,
      },
      color: { legend: true, domain: models, label: "network" },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.5 }),
        Plot.line(
          rows.filter((row) => row.model !== directPath),
          { x: "distance", y: "norm", stroke: "model", strokeWidth: 2 },
        ),
        Plot.line(
          rows.filter((row) => row.model === directPath),
          {
            x: "distance",
            y: "norm",
            stroke: "model",
            strokeWidth: 2,
            strokeDasharray: "5,4",
          },
        ),
      ],
    });
  },
};
