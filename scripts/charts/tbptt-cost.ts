/**
 * What truncated BPTT costs against the truncation length `τ` (exercise
 * tbptt): the share of the double sum's terms it evaluates and of the states
 * it keeps in memory.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { TbpttResults } from "../exercises/tbptt.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";

/** The second chart of exercise tbptt. */
export const chart: ChartSpec = {
  name: "tbptt-cost",
  exercise: "tbptt",
  title: "What truncation keeps",
  caption: (rows) => {
    const T = Math.max(...rows.map((row) => Number(row.tau)));
    return `Against τ (T = ${T}): the share of the ${
      (T + 1) * (T + 2) / 2
    } terms of the double sum that truncation after τ steps evaluates, ` +
      "and the share of the states a learner must keep in memory to " +
      "compute it (τ + 1 of T + 1). Full BPTT by the backward recursion " +
      "does not evaluate the terms one by one; what truncation saves in " +
      "practice is the memory, and the wait for the end of the sequence.";
  },
  alt: (rows) => {
    const T = Math.max(...rows.map((row) => Number(row.tau)));
    const first = (measure: string) =>
      Number(lineOf(rows, "measure", measure, "tau")[0].share);
    return `Line chart, share from 0 to 1 against τ from 0 to ${T}. The ` +
      "share of states kept rises in a straight line from about " +
      `${about(first("states"))} to 1. The share of terms evaluated ` +
      `starts at about ${about(first("terms"))} and rises in a curve, ` +
      "bending over, to 1.";
  },
  fixed: [
    "τ + 1 of T + 1",
    "share from 0 to 1",
    "from 0 to",
    "to 1",
  ],
  data(results: unknown): Row[] {
    return (results as TbpttResults).cost.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const measures = [...new Set(rows.map((row) => String(row.measure)))];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Share of terms and of states kept against τ",
      ariaDescription: chartText(chart.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 320,
      x: {
        label: "τ, steps the gradient is carried back",
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        label: "share of full BPTT's",
        grid: true,
        domain: [0, 1],
        tickFormat: tickLabel,
      },
      color: { legend: true, domain: measures, label: "what" },
      marks: [
        Plot.line(rows, {
          x: "tau",
          y: "share",
          stroke: "measure",
          strokeWidth: 2,
        }),
      ],
    });
  },
};
