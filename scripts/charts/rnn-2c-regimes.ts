/**
 * `‖Wⁿ‖₂` against `n` for one 2×2 matrix of each eigenvalue regime
 * (exercise rnn-2c), on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Rnn2cResults } from "../exercises/rnn-2c.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { logTickLabel, tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/** The regimes drawn dashed because they coincide with the identity's line. */
const ONE_NORM_DASHED = ["reflection", "rotation"];

/** The chart of exercise rnn-2c. */
export const chart: ChartSpec = {
  name: "rnn-2c-regimes",
  exercise: "rnn-2c",
  title: "‖Wⁿ‖ for each eigenvalue regime",
  caption:
    "The spectral norm of Wⁿ (the largest factor by which Wⁿ stretches a vector) " +
    "for n = 0 to 60, log scale, for one 2×2 matrix of each kind. With all " +
    "|λ| < 1 (the W of the exercise) the norm decays like 0.9ⁿ; with one " +
    "|λ| > 1 it grows like 1.1ⁿ, although the other eigenvalue is 0.4. The " +
    "identity, the reflection (λ = 1 and −1) and the rotation (λ = 0.6 ± 0.8i) " +
    "all have |λ| = 1 and are orthogonal, so ‖Wⁿ‖ = 1 for every n: their three " +
    "lines lie on top of each other at 1 (drawn with interleaved dashes so " +
    "that all three colours show), although only the identity keeps Wⁿ " +
    "constant (the reflection alternates between W and I, the rotation turns " +
    "further at every step). The Jordan block [[1, 1], [0, 1]] has both " +
    "eigenvalues 1 but is not diagonalizable, and its norm grows like n.",
  alt: (rows) => {
    const last = (id: string) => lineOf(rows, "id", id, "n").at(-1)!;
    const n = Number(last("contracting").n);
    return "Line chart on a logarithmic vertical axis. The norm of W to the " +
      `n falls in a straight line from 1 to about ${
        about(Number(last("contracting").norm))
      } at n = ${n} when all eigenvalues are below 1 in absolute value, and ` +
      `rises in a straight line to about ${
        about(Number(last("expanding").norm))
      } when one eigenvalue is 1.1. Three matrices whose eigenvalues all ` +
      "have absolute value 1 (identity, reflection, rotation) stay at " +
      "exactly 1. The Jordan block with both eigenvalues 1 rises slowly, " +
      `reaching about ${about(Number(last("jordan").norm))} at n = ${n}.`;
  },
  // The matrices of the exercise and their eigenvalues.
  fixed: [
    "n = 0 to 60",
    "2×2",
    "|λ| < 1",
    "0.9ⁿ",
    "|λ| > 1",
    "1.1ⁿ",
    "eigenvalue is 0.4",
    "λ = 1 and −1",
    "λ = 0.6 ± 0.8i",
    "|λ| = 1",
    "‖Wⁿ‖ = 1",
    "at 1",
    "[[1, 1], [0, 1]]",
    "eigenvalues 1",
    "from 1",
    "below 1",
    "eigenvalue is 1.1",
    "absolute value 1",
    "exactly 1",
  ],
  data(results: unknown): Row[] {
    return (results as Rnn2cResults).regimeRows.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const regimes = [...new Set(rows.map((row) => String(row.regime)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "‖Wⁿ‖ against n for six eigenvalue regimes",
      ariaDescription: chartText(chart.alt, rows),
      marginRight: 20,
      x: { label: "power n", grid: true, tickFormat: tickLabel },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 5 : 8),
        label: "‖Wⁿ‖₂ (log scale)",
        grid: true,
        tickFormat: logTickLabel,
      },
      color: { legend: true, domain: regimes },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.3 }),
        // The identity, the reflection and the rotation all have norm 1: the
        // last two are dashed, with shifted dashes, so all three colours show.
        Plot.line(rows, {
          filter: (row: Row) => !ONE_NORM_DASHED.includes(String(row.id)),
          x: "n",
          y: "norm",
          stroke: "regime",
          strokeWidth: 2,
        }),
        ...ONE_NORM_DASHED.map((id, i) =>
          Plot.line(rows, {
            filter: (row: Row) => row.id === id,
            x: "n",
            y: "norm",
            stroke: "regime",
            strokeWidth: 2,
            strokeDasharray: "6 12",
            strokeDashoffset: -6 * i,
          })
        ),
      ],
    });
  },
};
