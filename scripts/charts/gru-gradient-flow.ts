/**
 * The gradient-flow experiment of rnn-3c with GRUs (exercise gru): the
 * spectral norm of the Jacobian that carries the gradient back `t − k`
 * steps, for rnn-3c's plain RNN and LSTM and for three GRUs, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { GruResults } from "../exercises/gru.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { lineOf, ordersBetween } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/** The chart of exercise gru. */
export const chart: ChartSpec = {
  name: "gru-gradient-flow",
  exercise: "gru",
  title: "Gradient norm against distance: plain RNN, LSTM and GRU",
  caption:
    "The spectral norm of ∂h_t/∂h_k for the GRUs and the plain RNN, and of " +
    "∂C_t/∂C_k for the LSTM, against the distance t − k, on a log scale; " +
    "two units, standard normal weights, rnn-3c's seeded inputs. With z = 1 " +
    "held fixed the GRU's Jacobian is the identity, norm exactly 1. With an " +
    "update-gate bias of +3 it decays slowly, like the LSTM with a forget " +
    "bias of +3; with random gates it decays geometrically, though far more " +
    "slowly than the plain RNN. The GRUs' lines are dashed.",
  alt: (rows) => {
    const end = (model: string) => {
      const line = lineOf(rows, "model", model, "distance");
      return {
        last: Number(line.at(-1)!.distance),
        orders: ordersBetween(
          Number(line[0].norm),
          Number(line.at(-1)!.norm),
        ),
      };
    };
    const gru = end("GRU, random");
    const rnn = end("plain RNN");
    return "Line chart with a logarithmic vertical axis and the distance " +
      `from 0 to ${gru.last}. The GRU with z fixed at 1 is flat at 1. The ` +
      "GRU with update bias +3 and the LSTM with forget bias +3 stay near " +
      "1 for a few steps and then decline gently, ending about " +
      `${end("GRU, update").orders} (GRU) and ${end("LSTM").orders} (LSTM) ` +
      "orders of magnitude lower. The GRU with random gates falls by about " +
      `${gru.orders} orders of magnitude; the plain RNN falls fastest, by ` +
      `about ${rnn.orders}.`;
  },
  fixed: [
    "With z = 1",
    "norm exactly 1",
    "bias of +3",
    "from 0 to",
    "z fixed at 1 is flat at 1",
    "bias +3",
    "near 1",
  ],
  data(results: unknown): Row[] {
    return (results as GruResults).flow.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const models = [...new Set(rows.map((row) => String(row.model)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Jacobian norm against the distance t − k, log scale",
      ariaDescription: chartText(chart.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 420,
      x: {
        label: "distance t − k (steps back)",
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 5 : 8),
        label: "spectral norm of the Jacobian (log scale)",
        grid: true,
      },
      color: { legend: true, domain: models, label: "network" },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.5 }),
        // The GRUs dashed, so that they stand apart from the RNN and LSTM.
        Plot.line(rows.filter((row) => !String(row.model).startsWith("GRU")), {
          x: "distance",
          y: "norm",
          stroke: "model",
          strokeWidth: 2,
        }),
        Plot.line(rows.filter((row) => String(row.model).startsWith("GRU")), {
          x: "distance",
          y: "norm",
          stroke: "model",
          strokeWidth: 2,
          strokeDasharray: "6,3",
        }),
      ],
    });
  },
};
