/**
 * The gradient flow explorer's chart: `‖∂h_t/∂h_0‖₂` of a plain RNN against
 * `‖∂C_t/∂C_0‖₂` of an LSTM (and its direct path `∏ f`) as the distance `t`
 * grows, on a log scale. Drawn at build time for the default setting and in
 * the browser for the reader's.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type GradientFlowResults,
  NETWORKS,
} from "../explorers/gradient-flow.ts";
import {
  type ChartSpec,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { logAxis, logTick } from "./_log_domain.ts";

/** The chart of the gradient flow explorer. */
export const chart: ChartSpec = {
  name: "gradient-flow-norms",
  exercise: "gradient-flow",
  title: "Gradient norm against distance: plain RNN, LSTM and GRU",
  caption:
    "The spectral norm of the Jacobian that carries the gradient from step " +
    "t back to step 0, against the distance t, on a log scale, for the " +
    "networks set above (two units, weights and inputs drawn from the " +
    "seed): ∂hₜ/∂h₀ for the plain RNN, ∂Cₜ/∂C₀ for the LSTM, every " +
    "path, and its direct path ∏ f alone (dashed), and ∂hₜ/∂h₀ for the " +
    "GRU. Before any change the RNN is a sigmoid one with ‖W‖₂ = 2, the " +
    "LSTM has a forget-gate bias of +3 and the GRU an update-gate bias of " +
    "+3. Norms that underflow to zero are left out of the log scale. The " +
    "lower panel shows the gated networks' lines alone, on an axis of their " +
    "own.",
  alt: "Line chart with a logarithmic vertical axis and the distance on the " +
    "horizontal axis. For the default setting the plain RNN’s line falls " +
    "steeply, by dozens of orders of magnitude, while the LSTM’s stays " +
    "within a few orders of magnitude of 1; the numbers above the chart " +
    "give the values for the current setting. A second panel shows the " +
    "LSTM’s lines alone on their own logarithmic axis, where their decay " +
    "and the gap between every path and the direct path are visible.",
  // The explorer's default settings.
  fixed: ["step 0", "‖W‖₂ = 2", "bias of +3", "magnitude of 1"],
  words: {
    zh: {
      title: "梯度范数随距离的变化：普通 RNN、LSTM 与 GRU",
      caption:
        "把梯度从时间步 t 传回时间步 0 的雅可比矩阵的谱范数，随距离 t 的变化（对数坐标），" +
        "网络按上面的设定（两个单元，权重与输入由种子生成）：普通 RNN 为 ∂hₜ/∂h₀，" +
        "LSTM 为 ∂Cₜ/∂C₀（全部路径，以及单独的直接路径 ∏ f，虚线），GRU 为 ∂hₜ/∂h₀。" +
        "未作任何改动时，RNN 为 sigmoid 网络且 ‖W‖₂ = 2，LSTM 的遗忘门偏置为 +3，" +
        "GRU 的更新门偏置为 +3。下溢为零的范数不画在对数坐标上。" +
        "下方面板单独画出门控网络的线，用它们自己的纵轴。",
      alt:
        "折线图，纵轴为对数坐标，横轴为距离。在默认设定下，普通 RNN 的线急剧下降，" +
        "降幅达几十个数量级，而 LSTM 的线始终在 1 的几个数量级之内；" +
        "图上方的数给出当前设定下的值。第二个面板在 LSTM 自己的对数坐标上单独画出它的线，" +
        "从中可以看到它们的衰减，以及全部路径与直接路径之间的差距。",
      fixed: ["时间步 0", "‖W‖₂ = 2", "偏置为 +3", "1 的几个数量级"],
      labels: {
        "distance t − k (k = 0)": "距离 t − k（k = 0）",
        "spectral norm of the Jacobian (log scale)":
          "雅可比矩阵的谱范数（对数坐标）",
        "the LSTM alone, on its own scale (log)":
          "单独的 LSTM，用自己的坐标（对数）",
        "network": "网络",
        "plain RNN: ‖∂hₜ/∂h₀‖₂": "普通 RNN：‖∂hₜ/∂h₀‖₂",
        "LSTM: ‖∂Cₜ/∂C₀‖₂": "LSTM：‖∂Cₜ/∂C₀‖₂",
        "LSTM, direct path ∏ f only": "LSTM，仅直接路径 ∏ f",
        "GRU: ‖∂hₜ/∂h₀‖₂": "GRU：‖∂hₜ/∂h₀‖₂",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as GradientFlowResults).rows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const shown = rows.filter((row) => Number(row.norm) > 0);
    const line = (network: string, dashed: boolean) =>
      Plot.line(shown.filter((row) => row.network === network), {
        x: "distance",
        y: "norm",
        stroke: "network",
        strokeWidth: 2,
        ...(dashed ? { strokeDasharray: "6,4" } : {}),
      });
    const frame = {
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      marginLeft: 60,
      marginRight: 20,
      x: {
        label: t("distance t − k (k = 0)"),
        grid: true,
        tickFormat: tickLabel,
      },
    };
    const all = Plot.plot({
      ...frame,
      ariaLabel: "Jacobian norm against the distance t, log scale",
      height: layout.narrow ? 320 : 380,
      y: {
        ...logAxis(
          shown.map((row) => Number(row.norm)),
          layout.narrow ? 5 : 7,
        ),
        label: t("spectral norm of the Jacobian (log scale)"),
        grid: true,
        tickFormat: logTick,
      },
      color: {
        legend: true,
        domain: Object.values(NETWORKS),
        label: t("network"),
        tickFormat: t,
      },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        line(NETWORKS.direct, true),
        line(NETWORKS.rnn, false),
        line(NETWORKS.lstm, false),
        line(NETWORKS.gru, false),
      ],
    });
    // When the RNN falls by dozens of decades, the LSTM's lines are squeezed
    // against 1 on the first axis: the second panel gives the LSTM (every
    // path and the direct one) an axis of its own.
    const lstm = shown.filter((row) => row.network !== NETWORKS.rnn);
    if (lstm.length === 0) return all;
    const zoom = Plot.plot({
      ...frame,
      height: layout.narrow ? 220 : 240,
      marginTop: 30,
      y: {
        ...logAxis(lstm.map((row) => Number(row.norm)), layout.narrow ? 4 : 6),
        label: t("the LSTM alone, on its own scale (log)"),
        grid: true,
        tickFormat: logTick,
      },
      color: { domain: Object.values(NETWORKS) },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        line(NETWORKS.direct, true),
        line(NETWORKS.lstm, false),
      ],
    });
    all.append(zoom);
    return all;
  },
};
