/**
 * The gradient-flow experiment of rnn-3c with GRUs (exercise gru): the
 * spectral norm of the Jacobian that carries the gradient back `t − k`
 * steps, for rnn-3c's plain RNN and LSTM and for three GRUs, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { GruResults } from "../exercises/gru.ts";
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

/**
 * Where a model's line ends, and by how many orders of magnitude it fell:
 * what the text alternative says in either language.
 */
function endOf(rows: Row[], model: string) {
  const line = lineOf(rows, "model", model, "distance");
  return {
    last: Number(line.at(-1)!.distance),
    orders: ordersBetween(Number(line[0].norm), Number(line.at(-1)!.norm)),
  };
}

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
    const end = (model: string) => endOf(rows, model);
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
  words: {
    zh: {
      title: "梯度范数随距离的变化：普通 RNN、LSTM 与 GRU",
      caption:
        "GRU 与普通 RNN 的 ∂h_t/∂h_k、LSTM 的 ∂C_t/∂C_k 的谱范数随距离 t − k 的变化（对数坐标）；" +
        "两个单元，权重服从标准正态分布，输入为 rnn-3c 中给定种子的序列。" +
        "固定 z = 1 时 GRU 的雅可比矩阵是单位矩阵，范数恰为 1。更新门偏置为 +3 时缓慢衰减，" +
        "与遗忘门偏置为 +3 的 LSTM 相似；门随机时按几何级数衰减，但比普通 RNN 慢得多。" +
        "GRU 的线为虚线。",
      alt: (rows) => {
        const end = (model: string) => endOf(rows, model);
        const gru = end("GRU, random");
        const rnn = end("plain RNN");
        return "折线图，纵轴为对数坐标，横轴为距离，" +
          `从 0 到 ${gru.last}。z 固定为 1 的 GRU 是 1 处的水平线。` +
          "更新门偏置 +3 的 GRU 与遗忘门偏置 +3 的 LSTM 在最初几步保持在 1 附近，随后缓慢下降，" +
          `最终分别约低 ${end("GRU, update").orders}（GRU）和 ${
            end("LSTM").orders
          }（LSTM）个数量级。门随机的 GRU 下降约 ` +
          `${gru.orders} 个数量级；普通 RNN 下降最快，约 ${rnn.orders} 个数量级。`;
      },
      fixed: [
        "固定 z = 1",
        "范数恰为 1",
        "偏置为 +3",
        "从 0 到",
        "z 固定为 1 的 GRU 是 1 处",
        "偏置 +3",
        "1 附近",
      ],
      labels: {
        "distance t − k (steps back)": "距离 t − k（回溯步数）",
        "spectral norm of the Jacobian (log scale)":
          "雅可比矩阵的谱范数（对数坐标）",
        "network": "网络",
        "plain RNN (sigmoid): ‖∂h_t/∂h_k‖": "普通 RNN（sigmoid）：‖∂h_t/∂h_k‖",
        "LSTM, forget bias +3: ‖∂C_t/∂C_k‖": "LSTM，遗忘门偏置 +3：‖∂C_t/∂C_k‖",
        "GRU, z = 1 fixed: ‖∂h_t/∂h_k‖": "GRU，固定 z = 1：‖∂h_t/∂h_k‖",
        "GRU, update bias +3: ‖∂h_t/∂h_k‖": "GRU，更新门偏置 +3：‖∂h_t/∂h_k‖",
        "GRU, random gates: ‖∂h_t/∂h_k‖": "GRU，随机门：‖∂h_t/∂h_k‖",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as GruResults).flow.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const models = [...new Set(rows.map((row) => String(row.model)))];
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Jacobian norm against the distance t − k, log scale",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 420,
      x: {
        label: t("distance t − k (steps back)"),
        grid: true,
        tickFormat: tickLabel,
      },
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
