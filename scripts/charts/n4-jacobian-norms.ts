/**
 * `‖∂h_t/∂h_k‖₂` against `t − k` for several scales of `W_rec`, sigmoid and
 * tanh, random inputs and the fixed point (exercise n4), on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { N4Results } from "../exercises/n4.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { superscript } from "../lib/format.ts";
import { logAxis } from "./_log_domain.ts";

/**
 * What the text alternatives read off the rows, once for every language:
 * the last distance, the powers of ten the random-input lines end between,
 * and the largest norm's.
 */
function factsOf(rows: Row[]) {
  const last = Math.max(...rows.map((row) => Number(row.distance)));
  const decade = (x: number) => `10${superscript(Math.round(Math.log10(x)))}`;
  const ends = rows.filter((row) =>
    row.inputs === "random inputs" && Number(row.distance) === last
  ).map((row) => Number(row.norm));
  return {
    last,
    highestEnd: decade(Math.max(...ends)),
    lowestEnd: decade(Math.min(...ends)),
    largest: decade(Math.max(...rows.map((row) => Number(row.norm)))),
  };
}

/** The chart of exercise n4. */
export const chart: ChartSpec = {
  name: "n4-jacobian-norms",
  exercise: "n4",
  title: "‖∂hₜ/∂hₖ‖ as the distance t − k grows",
  caption:
    "The spectral norm of the product of Jacobians ∂hₜ/∂hₖ = ∏ diag(σ′(zⱼ)) W_rec " +
    "against the distance t − k (log scale), for W_rec = s R with R orthogonal, " +
    "so that ‖W_rec‖₂ = s. One panel for each activation (sigmoid, tanh) and each kind of input. With a random input " +
    "sequence every line falls, even for s = 16, because large weights " +
    "saturate the units and σ′ becomes tiny. At the fixed point, where " +
    "every pre-activation is 0 and σ′ is at its maximum γ (1/4 for the sigmoid, " +
    "1 for tanh), ‖∂hₜ/∂hₖ‖ = (γs) to the power t − k exactly, the bound is reached, " +
    "and the product explodes as soon as s > 1/γ: s > 4 for the sigmoid, s > 1 " +
    "for tanh.",
  alt: (rows) => {
    const { last, highestEnd, lowestEnd, largest } = factsOf(rows);
    return "Four panels of lines on a logarithmic vertical axis, one line " +
      "per scale s of the recurrent weights from 0.5 to 16. With random " +
      "inputs, for both the sigmoid and tanh, all lines decrease with the " +
      `distance, reaching values between about ${highestEnd} and ` +
      `${lowestEnd} at distance ${last}; the largest ` +
      "scales do not give the largest norms. At the fixed point with zero " +
      "pre-activations the lines are straight: for the sigmoid they fall " +
      "for s = 0.5, 1, 2, stay at 1 for s = 4 and rise for s = 8 and 16; " +
      "for tanh they fall for s = 0.5, stay at 1 for s = 1 and rise for " +
      `s = 2 to 16, up to about ${largest}.`;
  },
  fixed: [
    // The scales s of the exercise and the activations' γ.
    "s = 16",
    "is 0",
    "(1/4 for the sigmoid, 1 for tanh)",
    "s > 1/γ: s > 4 for the sigmoid, s > 1",
    "from 0.5 to 16",
    "for s = 0.5, 1, 2, stay at 1 for s = 4 and rise for s = 8 and 16",
    "for s = 0.5, stay at 1 for s = 1 and rise for s = 2 to 16",
  ],
  words: {
    zh: {
      title: "‖∂hₜ/∂hₖ‖ 随距离 t − k 的变化",
      caption:
        "雅可比矩阵之积 ∂hₜ/∂hₖ = ∏ diag(σ′(zⱼ)) W_rec 的谱范数随距离 t − k 的变化（对数坐标），" +
        "其中 W_rec = s R，R 为正交矩阵，故 ‖W_rec‖₂ = s。每种激活函数（sigmoid、tanh）" +
        "与每种输入各占一个面板。输入为随机序列时，每条线都下降，即使 s = 16 也如此，" +
        "因为大的权重使单元饱和，σ′ 变得极小。在不动点处，每个预激活都为 0，σ′ 取到最大值 γ" +
        "（sigmoid 为 1/4，tanh 为 1），‖∂hₜ/∂hₖ‖ 恰等于 (γs) 的 t − k 次幂，界被取到；" +
        "一旦 s > 1/γ（sigmoid 为 s > 4，tanh 为 s > 1），乘积就会爆炸。",
      alt: (rows) => {
        const { last, highestEnd, lowestEnd, largest } = factsOf(rows);
        return "四个面板，纵轴为对数坐标，循环权重的每个尺度 s 一条线，s 从 0.5 到 16。" +
          "输入随机时，无论 sigmoid 还是 tanh，所有的线都随距离下降，在距离 " +
          `${last} 处的值约在 ${highestEnd} 与 ${lowestEnd} 之间；最大的尺度并不给出最大的范数。在预激活为零的不动点处，各线都是直线：` +
          "sigmoid 的线在 s = 0.5, 1, 2 时下降，s = 4 时保持为 1，s = 8 和 16 时上升；" +
          "tanh 的线在 s = 0.5 时下降，s = 1 时保持为 1，s = 2 到 16 时上升，" +
          `最高约为 ${largest}。`;
      },
      fixed: [
        "s = 16",
        "都为 0",
        "（sigmoid 为 1/4，tanh 为 1）",
        "s > 1/γ（sigmoid 为 s > 4，tanh 为 s > 1）",
        "s 从 0.5 到 16",
        "在 s = 0.5, 1, 2 时下降，s = 4 时保持为 1，s = 8 和 16 时上升",
        "在 s = 0.5 时下降，s = 1 时保持为 1，s = 2 到 16 时上升",
      ],
      labels: {
        "distance t − k": "距离 t − k",
        "‖∂hₜ/∂hₖ‖₂ (log scale)": "‖∂hₜ/∂hₖ‖₂（对数坐标）",
        "random inputs": "随机输入",
        "fixed point z = 0": "不动点 z = 0",
        "sigmoid, random inputs": "sigmoid，随机输入",
        "sigmoid, fixed point z = 0": "sigmoid，不动点 z = 0",
        "tanh, random inputs": "tanh，随机输入",
        "tanh, fixed point z = 0": "tanh，不动点 z = 0",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as N4Results).rows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const scales = [...new Set(rows.map((row) => Number(row.scale)))];
    // At the fixed point the norm is (γs)^(t − k) exactly, a straight line on
    // the log axis: every tenth distance draws the same line. On a phone the
    // four panels are stacked, one row each, and every fifth distance of the
    // random inputs is drawn: 24 lines of 61 points twice over would make the
    // page heavy for a difference below a pixel of the phone's panel.
    const panel = (row: Row) => `${row.activation}, ${row.inputs}`;
    const drawn = rows.filter((row) => {
      const distance = Number(row.distance);
      if (row.inputs !== "random inputs") return distance % 10 === 0;
      return !layout.narrow || distance % 5 === 0;
    });
    const panels = ["sigmoid", "tanh"].flatMap((activation) =>
      ["random inputs", "fixed point z = 0"].map((inputs) =>
        `${activation}, ${inputs}`
      )
    );
    const facets = layout.narrow
      ? { fy: panel }
      : { fx: "activation", fy: "inputs" };
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Norm of the product of Jacobians against the distance",
      ariaDescription: chartText(words.alt, rows),
      height: layout.narrow ? 860 : 560,
      marginLeft: 60,
      marginRight: layout.narrow ? 10 : 110,
      // Room for the name of the first panel below the axis label.
      marginTop: layout.narrow ? 44 : 20,
      x: {
        label: t("distance t − k"),
        grid: true,
        tickFormat: tickLabel,
        ...(layout.narrow ? { ticks: 4 } : {}),
      },
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 6 : 8),
        label: t("‖∂hₜ/∂hₖ‖₂ (log scale)"),
        grid: true,
        // The grid marks the decades: no tick marks beside it.
        tickSize: 0,
      },
      fx: { label: null, tickFormat: t },
      fy: layout.narrow
        ? { label: null, axis: null, domain: panels, padding: 0.14 }
        : {
          label: null,
          domain: ["random inputs", "fixed point z = 0"],
          tickFormat: t,
        },
      color: {
        type: "categorical",
        domain: scales,
        legend: true,
        tickFormat: (s: number) => `s = ${tickLabel(s)}`,
      },
      marks: [
        Plot.frame({ stroke: "currentColor", strokeOpacity: 0.2 }),
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        // The stacked panels are named above each, in the gap between them.
        ...(layout.narrow
          ? [Plot.text(panels, {
            fy: (name: string) => name,
            text: (name: string) => t(name),
            frameAnchor: "top-left",
            dy: -10,
            fontWeight: "bold",
          })]
          : []),
        Plot.line(drawn, {
          x: "distance",
          y: "norm",
          z: "scale",
          stroke: "scale",
          ...facets,
          strokeWidth: 1.75,
        }),
      ],
    });
  },
};
