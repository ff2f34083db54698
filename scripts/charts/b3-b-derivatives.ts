/**
 * The derivatives of the sigmoid, tanh and ReLU on `z ∈ [−6, 6]`
 * (exercise b3-b).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { B3bResults } from "../exercises/b3-b.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";

/**
 * What the text alternatives read off the rows, once for every language:
 * where the sigmoid's derivative peaks and what it is at the edge.
 */
function factsOf(rows: Row[]) {
  const sigmoid = lineOf(rows, "derivative", "σ", "z");
  const top = sigmoid.reduce((a, b) =>
    Number(a.value) > Number(b.value) ? a : b
  );
  const edge = sigmoid.at(-1)!;
  return {
    peak: about(Number(top.value)),
    peakAt: about(Number(top.z)),
    edge: about(Number(edge.value)),
    edgeAt: about(Number(edge.z)),
  };
}

/** The chart of exercise b3-b. */
export const chart: ChartSpec = {
  name: "b3-b-derivatives",
  exercise: "b3-b",
  title: "The derivatives of sigmoid, tanh and ReLU",
  caption:
    "σ′(z), tanh′(z) and ReLU′(z) for z from −6 to 6. The sigmoid's slope is " +
    "at most 1/4 and tanh's at most 1, both at z = 0, and both fall towards 0 " +
    "(without reaching it) as |z| grows: a saturated unit passes almost no " +
    "gradient. ReLU's slope is 0 for z < 0 and 1 for z > 0; at z = 0 it is " +
    "not defined, and the chart uses the convention 0.",
  alt: (rows) => {
    const { peak, peakAt, edge, edgeAt } = factsOf(rows);
    return "Three curves. The derivative of tanh is a bell reaching 1 at " +
      "z = 0 and almost 0 beyond |z| = 3. The derivative of the sigmoid is " +
      `a wider, lower bell reaching ${peak} at z = ${peakAt} and about ` +
      `${edge} at |z| = ${edgeAt}. The derivative of ReLU is a step: 0 ` +
      "for negative z and 1 for " +
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
  words: {
    zh: {
      title: "sigmoid、tanh 与 ReLU 的导数",
      caption:
        "σ′(z)、tanh′(z) 和 ReLU′(z)，z 从 −6 到 6。sigmoid 的斜率至多为 1/4，tanh 的至多为 1，" +
        "两者都在 z = 0 处取到；随着 |z| 增大，两者都趋于 0（但达不到）：饱和的单元几乎不传递梯度。" +
        "ReLU 的斜率在 z < 0 时为 0，在 z > 0 时为 1；在 z = 0 处无定义，图中按惯例取 0。",
      alt: (rows) => {
        const { peak, peakAt, edge, edgeAt } = factsOf(rows);
        return "三条曲线。tanh 的导数是一条钟形曲线，在 z = 0 处达到 1，" +
          "在 |z| = 3 之外几乎为 0。sigmoid 的导数是一条更宽、更低的钟形曲线，在 z = " +
          `${peakAt} 处达到 ${peak}，在 |z| = ${edgeAt} 处约为 ${edge}。` +
          "ReLU 的导数是阶跃函数：" +
          "z 为负时为 0，z 为正时为 1。";
      },
      fixed: [
        "z 从 −6 到 6",
        "至多为 1/4",
        "至多为 1，",
        "在 z = 0 处取到",
        "趋于 0",
        "在 z < 0 时为 0，在 z > 0 时为 1；在 z = 0 处",
        "按惯例取 0",
        "在 z = 0 处达到 1",
        "在 |z| = 3 之外几乎为 0",
        "z 为负时为 0，z 为正时为 1",
      ],
      labels: {
        "pre-activation z": "预激活 z",
        "derivative": "导数",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as B3bResults).rows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const smooth = rows.filter((row) => row.derivative !== "ReLU′(z)");
    const relu = rows.filter((row) => row.derivative === "ReLU′(z)");
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "The derivatives of sigmoid, tanh and ReLU against z",
      ariaDescription: chartText(words.alt, rows),
      x: { label: t("pre-activation z"), grid: true, tickFormat: tickLabel },
      y: {
        label: t("derivative"),
        grid: true,
        domain: [0, 1.05],
        tickFormat: tickLabel,
      },
      color: {
        legend: true,
        domain: ["σ′(z)", "tanh′(z)", "ReLU′(z)"],
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
