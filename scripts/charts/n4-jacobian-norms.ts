/**
 * `‖∂h_t/∂h_k‖₂` against `t − k` for several scales of `W_rec`, sigmoid and
 * tanh, random inputs and the fixed point (exercise n4), on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { N4Results } from "../exercises/n4.ts";
import type { ChartSpec, Row } from "./types.ts";
import { logTickLabel, tickLabel } from "../lib/format.ts";

/** The chart of exercise n4. */
export const chart: ChartSpec = {
  name: "n4-jacobian-norms",
  exercise: "n4",
  title: "‖∂hₜ/∂hₖ‖ as the distance t − k grows",
  caption:
    "The spectral norm of the product of Jacobians ∂hₜ/∂hₖ = ∏ diag(σ'(zⱼ)) W_rec " +
    "against the distance t − k (log scale), for W_rec = s R with R orthogonal, " +
    "so that ‖W_rec‖₂ = s. Columns: sigmoid and tanh. Top row: a random input " +
    "sequence; every line falls, even for s = 16, because large weights " +
    "saturate the units and σ' becomes tiny. Bottom row: the fixed point where " +
    "every pre-activation is 0 and σ' is at its maximum γ (1/4 for the sigmoid, " +
    "1 for tanh); there ‖∂hₜ/∂hₖ‖ = (γs) to the power t − k exactly, the bound is reached, " +
    "and the product explodes as soon as s > 1/γ: s > 4 for the sigmoid, s > 1 " +
    "for tanh.",
  alt:
    "Four panels of lines on a logarithmic vertical axis, one line per scale s " +
    "of the recurrent weights from 0.5 to 16. With random inputs, for both the " +
    "sigmoid and tanh, all lines decrease with the distance, reaching values " +
    "between about 10⁻⁹ and 10⁻¹⁵⁷ at distance 60; the largest scales do not " +
    "give the largest norms. At the fixed point with zero pre-activations the " +
    "lines are straight: for the sigmoid they fall for s = 0.5, 1, 2, stay at 1 " +
    "for s = 4 and rise for s = 8 and 16; for tanh they fall for s = 0.5, stay " +
    "at 1 for s = 1 and rise for s = 2 to 16, up to about 10⁷².",
  data(results: unknown): Row[] {
    return (results as N4Results).rows.map((row) => ({ ...row }));
  },
  plot(rows: Row[], document: Document): Element {
    const scales = [...new Set(rows.map((row) => Number(row.scale)))];
    return Plot.plot({
      document,
      ariaLabel: "Norm of the product of Jacobians against the distance",
      ariaDescription: chart.alt,
      width: 720,
      height: 560,
      marginLeft: 60,
      marginRight: 110,
      x: { label: "distance t − k", grid: true, tickFormat: tickLabel },
      y: {
        type: "log",
        label: "‖∂hₜ/∂hₖ‖₂ (log scale)",
        grid: true,
        ticks: 8,
        tickFormat: logTickLabel,
      },
      fx: { label: null },
      fy: { label: null, domain: ["random inputs", "fixed point z = 0"] },
      color: {
        type: "categorical",
        domain: scales,
        legend: true,
        tickFormat: (s: number) => `s = ${tickLabel(s)}`,
      },
      marks: [
        Plot.frame({ stroke: "currentColor", strokeOpacity: 0.2 }),
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        Plot.line(rows, {
          x: "distance",
          y: "norm",
          z: "scale",
          stroke: "scale",
          fx: "activation",
          fy: "inputs",
          strokeWidth: 1.75,
        }),
      ],
    });
  },
};
