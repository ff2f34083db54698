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
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { lineOf, ordersBetween } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/** By how many orders of magnitude a model's line falls, in any language. */
function fallOf(rows: Row[], model: string): number {
  const line = lineOf(rows, "model", model, "distance");
  return ordersBetween(Number(line[0].norm), Number(line.at(-1)!.norm));
}

/** The largest distance drawn. */
function lastDistance(rows: Row[]): number {
  return Math.max(...rows.map((row) => Number(row.distance)));
}

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
    "problem statement neglects carry most of the long-range gradient. " +
    "The lower panel shows the two LSTMs that stay near 1 on a linear " +
    "scale: the carousel's flat line at 1, and the forget bias +3 rising " +
    "above 1 before it decays.",
  alt: (rows) => {
    const fall = (model: string) => fallOf(rows, model);
    const last = lastDistance(rows);
    return "Line chart with a logarithmic vertical axis and the distance " +
      `from 0 to ${last} on the horizontal axis. The LSTM line with fixed ` +
      "gates is flat at 1. The LSTM with forget bias +3 stays near 1 for a " +
      "few steps, rising slightly above it, and then declines gently, " +
      `ending about ${fall("LSTM, forget bias")} orders of magnitude ` +
      "lower. The LSTM with random gates falls steadily, by about " +
      `${fall("LSTM, random gates:")} orders of magnitude, its dashed ` +
      `direct-path line faster still, by about ${
        fall("LSTM, random gates, direct")
      }. The plain RNN falls fastest of all, by about ${
        fall("plain RNN")
      }. A second panel, on a linear scale from 0, shows the fixed-gate ` +
      "LSTM flat at 1 and the LSTM with forget bias +3 rising clearly above " +
      "1 within a few steps and then falling towards 0.";
  },
  // The fixed gates, the forget bias and the distances of the experiment.
  fixed: [
    "f = 1 and i = 0",
    "norm exactly 1",
    "bias of +3",
    "above 1",
    "near 1",
    "line at 1",
    "bias +3",
    "from 0 to",
    "flat at 1",
    "from 0,",
    "towards 0",
  ],
  words: {
    zh: {
      title: "梯度范数随距离的变化：普通 RNN 与 LSTM",
      caption:
        "把梯度从时间步 t 传回时间步 k 的雅可比矩阵的谱范数，随距离 t − k 的变化（对数坐标）；" +
        "输入为一条给定种子的序列，网络有两个单元，权重服从标准正态分布。" +
        "普通 sigmoid RNN（∂h_t/∂h_k）在几步之内就损失若干个数量级。" +
        "固定 f = 1 和 i = 0 的 LSTM 在任何距离上都保持 ∂C_t/∂C_k = I，范数恰为 1。" +
        "遗忘门偏置为 +3 时，范数先升到 1 以上，再缓慢衰减；门随机时，范数按几何级数衰减，" +
        "但比直接路径 ∏ f（虚线）慢，因为题目所忽略的经过 h 的路径承载了大部分长程梯度。" +
        "下方面板用线性坐标画出保持在 1 附近的两个 LSTM：恒定误差传送带在 1 处的水平线，" +
        "以及偏置 +3 时先升到 1 以上再衰减的曲线。",
      alt: (rows) => {
        const fall = (model: string) => fallOf(rows, model);
        const last = lastDistance(rows);
        return "折线图，纵轴为对数坐标，横轴为距离，" +
          `范围从 0 到 ${last}。门固定的 LSTM 是一条在 1 处的水平线。` +
          "遗忘门偏置为 +3 的 LSTM 在最初几步保持在 1 附近，略有上升，随后缓慢下降，" +
          `最终约低 ${
            fall("LSTM, forget bias")
          } 个数量级。门随机的 LSTM 稳步下降，约 ` +
          `${
            fall("LSTM, random gates:")
          } 个数量级，其虚线所示的直接路径下降得更快，约 ${
            fall("LSTM, random gates, direct")
          } 个数量级。普通 RNN 下降最快，约 ${
            fall("plain RNN")
          } 个数量级。第二个面板为线性坐标（从 0 起），门固定的 LSTM 为 1 处的水平线，` +
          "偏置 +3 的 LSTM 在几步内明显升到 1 以上，随后向 0 下降。";
      },
      fixed: [
        "f = 1 和 i = 0",
        "范数恰为 1",
        "偏置为 +3",
        "1 以上",
        "1 附近",
        "在 1 处",
        "偏置 +3",
        "从 0 到",
        "1 处的水平线",
        "从 0 起",
        "向 0",
      ],
      labels: {
        "distance t − k (steps back)": "距离 t − k（回溯步数）",
        "spectral norm of the Jacobian (log scale)":
          "雅可比矩阵的谱范数（对数坐标）",
        "the two LSTMs near 1 (linear scale)": "1 附近的两个 LSTM（线性坐标）",
        "network": "网络",
        "plain RNN (sigmoid): ‖∂h_t/∂h_k‖": "普通 RNN（sigmoid）：‖∂h_t/∂h_k‖",
        "LSTM, f = 1, i = 0 fixed: ‖∂C_t/∂C_k‖":
          "LSTM，固定 f = 1, i = 0：‖∂C_t/∂C_k‖",
        "LSTM, forget bias +3: ‖∂C_t/∂C_k‖": "LSTM，遗忘门偏置 +3：‖∂C_t/∂C_k‖",
        "LSTM, random gates: ‖∂C_t/∂C_k‖": "LSTM，随机门：‖∂C_t/∂C_k‖",
        "LSTM, random gates, direct path ∏ f only":
          "LSTM，随机门，仅直接路径 ∏ f",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as Rnn3cResults).flow.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    // The networks in the order the exercise lists them (its `MODELS`; a type
    // import only, so that drawing does not load the exercise and mathjs).
    // The last is the direct path of the LSTM with random gates, dashed.
    const models = [...new Set(rows.map((row) => String(row.model)))];
    // A phone's panel is 280 pixels wide: every second distance is enough
    // (the CSV has them all), and keeps the page light.
    if (layout.narrow) {
      rows = rows.filter((row) => Number(row.distance) % 2 === 0);
    }
    // Inside a run of equal values (the carousel's norm, 1 at every
    // distance) a point adds nothing to a line: only the run's ends are drawn.
    rows = rows.filter((row, i) =>
      rows[i - 1]?.model !== row.model || rows[i + 1]?.model !== row.model ||
      rows[i - 1].norm !== row.norm || rows[i + 1].norm !== row.norm
    );
    const directPath = models.at(-1);
    // The second and third networks (the carousel and the forget bias +3)
    // stay near 1, where a log axis of seventy decades shows neither the
    // rise above 1 nor the two lines apart: a second panel shows them on a
    // linear scale.
    const nearOne = models.slice(1, 3);
    const line = (data: Row[], dashed: boolean) =>
      Plot.line(data, {
        x: "distance",
        y: "norm",
        stroke: "model",
        strokeWidth: 2,
        ...(dashed ? { strokeDasharray: "5,4" } : {}),
      });
    const x = {
      label: t("distance t − k (steps back)"),
      grid: true,
      tickFormat: tickLabel,
    };
    const frame = {
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      marginLeft: 60,
      marginRight: 20,
      x,
    };
    const all = Plot.plot({
      ...frame,
      ariaLabel: "Jacobian norm against the distance t − k, log scale",
      ariaDescription: chartText(words.alt, rows),
      height: layout.narrow ? 340 : 420,
      y: {
        ...logAxis(rows.map((row) => Number(row.norm)), layout.narrow ? 5 : 8),
        label: t("spectral norm of the Jacobian (log scale)"),
        grid: true,
      },
      color: {
        legend: true,
        domain: models,
        label: t("network"),
        tickFormat: t,
      },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.5 }),
        line(rows.filter((row) => row.model !== directPath), false),
        line(rows.filter((row) => row.model === directPath), true),
      ],
    });
    const near = rows.filter((row) => nearOne.includes(String(row.model)));
    const zoom = Plot.plot({
      ...frame,
      height: layout.narrow ? 220 : 240,
      marginTop: 30,
      y: {
        label: t("the two LSTMs near 1 (linear scale)"),
        grid: true,
        tickFormat: tickLabel,
        domain: [0, Math.max(...near.map((row) => Number(row.norm))) * 1.05],
      },
      color: { domain: models },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.5 }),
        line(near, false),
      ],
    });
    all.append(zoom);
    return all;
  },
};
