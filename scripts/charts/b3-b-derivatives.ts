/**
 * The derivatives of the sigmoid, tanh and ReLU on `z ∈ [−6, 6]`
 * (exercise b3-b).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { B3bResults } from "../exercises/b3-b.ts";
import { type ChartSpec, chartText, type Row } from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";

/** The chart of exercise b3-b. */
export const chart: ChartSpec = {
  name: "b3-b-derivatives",
  exercise: "b3-b",
  title: "The derivatives of sigmoid, tanh and ReLU",
  caption:
    "σ'(z), tanh'(z) and ReLU'(z) for z from −6 to 6. The sigmoid's slope is " +
    "at most 1/4 and tanh's at most 1, both at z = 0, and both fall towards 0 " +
    "(without reaching it) as |z| grows: a saturated unit passes almost no " +
    "gradient. ReLU's slope is 0 for z < 0 and 1 for z > 0; at z = 0 it is " +
    "not defined, and the chart uses the convention 0.",
  alt: (rows) => {
    const sigmoid = lineOf(rows, "derivative", "σ", "z");
    const top = sigmoid.reduce((a, b) =>
      Number(a.value) > Number(b.value) ? a : b
    );
    const edge = sigmoid.at(-1)!;
    return "Three curves. The derivative of tanh is a bell reaching 1 at " +
      "z = 0 and almost 0 beyond |z| = 3. The derivative of the sigmoid is " +
      `a wider, lower bell reaching ${about(Number(top.value))} at z = ${
        about(Number(top.z))
      } and about ${about(Number(edge.value))} at |z| = ${
        about(Number(edge.z))
      }. The derivative of ReLU is a step: 0 for negative z and 1 for ` +
      "positive z.";
  },
  fixed: [
    // The chart's domain and the derivatives' known values.
    "z from −6 to 6",
    "at most 1/4",
    "at most 1,",
    "both at z = 0",
    "towards 0",
    "slope is 0 for z < 0 and 1 for z > 0; at z = 0",
    "convention 0",
    "reaching 1 at z = 0",
    "almost 0 beyond |z| = 3",
    "0 for negative z and 1 for positive z",
  ],
  data(results: unknown): Row[] {
    return (results as B3bResults).rows.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document, layout = WIDE): Element {
    const smooth = rows.filter((row) => row.derivative !== "ReLU'(z)");
    const relu = rows.filter((row) => row.derivative === "ReLU'(z)");
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "The derivatives of sigmoid, tanh and ReLU against z",
      ariaDescription: chartText(chart.alt, rows),
      x: { label: "pre-activation z", grid: true, tickFormat: tickLabel },
      y: {
        label: "derivative",
        grid: true,
        domain: [0, 1.05],
        tickFormat: tickLabel,
      },
      color: {
        legend: true,
        domain: ["σ'(z)", "tanh'(z)", "ReLU'(z)"],
      },
      marks: [
        Plot.ruleY([0], { stroke: "currentColor", strokeOpacity: 0.4 }),
        Plot.ruleY([0.25], {
          stroke: "currentColor",
          strokeOpacity: 0.3,
          strokeDasharray: "3 3",
        }),
        Plot.text([{ z: -6, value: 0.25 }], {
          x: "z",
          y: "value",
          text: () => "1/4",
          dy: -6,
          textAnchor: "start",
          fill: "currentColor",
        }),
        Plot.line(smooth, {
          x: "z",
          y: "value",
          stroke: "derivative",
          strokeWidth: 2,
        }),
        // ReLU' jumps at 0: drawn as a step, with its conventional value 0
        // at z = 0 marked by a dot.
        Plot.line(relu, {
          x: "z",
          y: "value",
          stroke: "derivative",
          strokeWidth: 2,
          curve: "step-before",
        }),
        Plot.dot(relu.filter((row) => row.z === 0), {
          x: "z",
          y: "value",
          stroke: "derivative",
          fill: "derivative",
          r: 3,
        }),
      ],
    });
  },
};
