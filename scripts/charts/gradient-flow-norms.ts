/**
 * The gradient flow explorer's chart: `‖∂h_t/∂h_0‖₂` of a plain RNN against
 * `‖∂C_t/∂C_0‖₂` of an LSTM (and its direct path `∏ f`) as the distance `t`
 * grows, on a log scale. Drawn at build time for the default setting and in
 * the browser for the reader's.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type GradientFlowResults,
  NETWORKS,
} from "../explorers/gradient-flow.ts";
import type { ChartSpec, Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { logAxis, logTick } from "./_log_domain.ts";

/** The chart of the gradient flow explorer. */
export const chart: ChartSpec = {
  name: "gradient-flow-norms",
  exercise: "gradient-flow",
  title: "Gradient norm against distance: plain RNN, LSTM and GRU",
  caption:
    "The spectral norm of the Jacobian that carries the gradient from step " +
    "t back to step 0, against the distance t, on a log scale, for the " +
    "networks set above (two units, weights and inputs drawn from the " +
    "seed): ∂hₜ/∂h₀ for the plain RNN, ∂Cₜ/∂C₀ for the LSTM, every " +
    "path, and its direct path ∏ f alone (dashed), and ∂hₜ/∂h₀ for the " +
    "GRU. Before any change the RNN is a sigmoid one with ‖W‖₂ = 2, the " +
    "LSTM has a forget-gate bias of +3 and the GRU an update-gate bias of " +
    "+3. Norms that underflow to zero are left out of the log scale. The " +
    "lower panel shows the gated networks' lines alone, on an axis of their " +
    "own.",
  alt: "Line chart with a logarithmic vertical axis and the distance on the " +
    "horizontal axis. For the default setting the plain RNN's line falls " +
    "steeply, by dozens of orders of magnitude, while the LSTM's stays " +
    "within a few orders of magnitude of 1; the numbers above the chart " +
    "give the values for the current setting. A second panel shows the " +
    "LSTM's lines alone on their own logarithmic axis, where their decay " +
    "and the gap between every path and the direct path are visible.",
  // The explorer's default settings.
  fixed: ["step 0", "‖W‖₂ = 2", "bias of +3", "magnitude of 1"],
  data(results: unknown): Row[] {
    return (results as GradientFlowResults).rows.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const shown = rows.filter((row) => Number(row.norm) > 0);
    const line = (network: string, dashed: boolean) =>
      Plot.line(shown.filter((row) => row.network === network), {
        x: "distance",
        y: "norm",
        stroke: "network",
        strokeWidth: 2,
        ...(dashed ? { strokeDasharray: "6,4" } : {}),
      });
    const frame = {
      document,
      width: layout.width,
      marginLeft: 60,
      marginRight: 20,
      x: { label: "distance t − k (k = 0)", grid: true, tickFormat: tickLabel },
    };
    const all = Plot.plot({
      ...frame,
      ariaLabel: "Jacobian norm against the distance t, log scale",
      height: layout.narrow ? 320 : 380,
      y: {
        ...logAxis(
          shown.map((row) => Number(row.norm)),
          layout.narrow ? 5 : 7,
        ),
        label: "spectral norm of the Jacobian (log scale)",
        grid: true,
        tickFormat: logTick,
      },
      color: {
        legend: true,
        domain: Object.values(NETWORKS),
        label: "network",
      },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        line(NETWORKS.direct, true),
        line(NETWORKS.rnn, false),
        line(NETWORKS.lstm, false),
        line(NETWORKS.gru, false),
      ],
    });
    // When the RNN falls by dozens of decades, the LSTM's lines are squeezed
    // against 1 on the first axis: the second panel gives the LSTM (every
    // path and the direct one) an axis of its own.
    const lstm = shown.filter((row) => row.network !== NETWORKS.rnn);
    if (lstm.length === 0) return all;
    const zoom = Plot.plot({
      ...frame,
      height: layout.narrow ? 220 : 240,
      marginTop: 30,
      y: {
        ...logAxis(lstm.map((row) => Number(row.norm)), layout.narrow ? 4 : 6),
        label: "the LSTM alone, on its own scale (log)",
        grid: true,
        tickFormat: logTick,
      },
      color: { domain: Object.values(NETWORKS) },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        line(NETWORKS.direct, true),
        line(NETWORKS.lstm, false),
      ],
    });
    all.append(zoom);
    return all;
  },
};
