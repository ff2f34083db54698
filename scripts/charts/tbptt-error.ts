/**
 * How far truncated BPTT's gradient is from the full one (exercise tbptt):
 * the relative error against the truncation length `τ`, for a vanishing and
 * an exploding network, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { TbpttResults } from "../exercises/tbptt.ts";
import type { ChartSpec, Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
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
  alt: "Line chart, error on a logarithmic vertical axis against τ from 0 to " +
    "29. The sigmoid network's error starts at 0.2 and falls by about a " +
    "factor of five per step, below one in a hundred million by τ = 10, and " +
    "then to exactly zero. The exploding network's error starts near 1 and " +
    "falls slowly, still about 0.08 at τ = 20, reaching zero only at τ = 29.",
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
      ariaDescription: chart.alt,
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
