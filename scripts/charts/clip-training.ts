/**
 * The loss of plain gradient descent on the exploding RNN of exercise clip,
 * without clipping, clipped by norm and clipped by value, against the
 * iteration, on a log scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ClipResults } from "../exercises/clip.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about, lineOf, ordersBetween } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/**
 * What the caption and the text alternative say of the rows, in either
 * language: computed once, from the rows.
 */
function factsOf(rows: Row[]) {
  const line = (method: string) =>
    lineOf(rows, "method", method, "iteration").map((row) => ({
      iteration: Number(row.iteration),
      loss: Number(row.loss),
    }));
  const none = line("no clipping");
  const norm = line("clipped by norm");
  const value = line("clipped by value");
  // Where the run clipped by value starts to bounce: its loss rises for
  // the first time.
  const bounce = value.findIndex((p, i) => i > 0 && p.loss > value[i - 1].loss);
  const tail = value.slice(Math.max(bounce, 1));
  const losses = tail.map((p) => p.loss);
  return {
    orders: ordersBetween(norm[0].loss, norm.at(-1)!.loss),
    last: none.at(-1)!.iteration,
    start: about(Math.max(...[none, norm, value].map((l) => l[0].loss))),
    dead: about(none[1].loss),
    normEnd: about(norm.at(-1)!.loss),
    bounce: tail[0].iteration,
    low: about(Math.min(...losses)),
    high: about(Math.max(...losses)),
  };
}

/** The chart of exercise clip. */
export const chart: ChartSpec = {
  name: "clip-training",
  exercise: "clip",
  title: "Training an exploding RNN with and without clipping",
  caption: (rows) => {
    const { orders } = factsOf(rows);
    return "The loss of plain gradient descent (step size 0.01) on the " +
      "seeded task, from the same start, a ReLU RNN whose W has the " +
      "eigenvalues 1.1 and 0.4 (rnn-2c's expanding regime), on a log " +
      "scale. Without clipping the first step is far longer than W itself: " +
      "every unit dies and the loss freezes. Clipped by norm, each step is " +
      "at most 0.01 long and points along the gradient: the loss falls by " +
      `${orders} orders of magnitude. Clipped by value, the steps follow the signs ` +
      "of the gradient's entries and soon bounce between two losses.";
  },
  alt: (rows) => {
    const f = factsOf(rows);
    return "Line chart, loss on a logarithmic vertical axis against the " +
      `iteration from 0 to ${f.last}. All three runs start ` +
      `near ${f.start}. The unclipped run drops at once to about ${f.dead} ` +
      `and stays flat there. The run clipped by norm falls steadily to ${f.normEnd}. ` +
      "The run clipped by value falls faster at first, then zigzags " +
      `between about ${f.low} and ${f.high} from iteration ${f.bounce} on.`;
  },
  fixed: [
    // The task's setup: the step size and the eigenvalues of W.
    "step size 0.01",
    "eigenvalues 1.1 and 0.4",
    "at most 0.01 long",
    "from 0 to",
  ],
  words: {
    zh: {
      title: "训练一个梯度爆炸的 RNN：裁剪与不裁剪",
      caption: (rows) => {
        const { orders } = factsOf(rows);
        return "普通梯度下降（步长 0.01）在给定种子的任务上、从同一起点训练的损失，" +
          "网络为 ReLU RNN，其 W 的特征值为 1.1 和 0.4（rnn-2c 的增长情形），对数坐标。" +
          "不裁剪时，第一步比 W 本身还长得多：所有单元都失活，损失不再变化。" +
          "按范数裁剪时，每一步长度至多为 0.01，且沿梯度方向：损失下降 " +
          `${orders} 个数量级。按值裁剪时，步子跟随梯度各分量的符号，很快就在两个损失值之间来回跳动。`;
      },
      alt: (rows) => {
        const f = factsOf(rows);
        return "折线图，纵轴为损失（对数坐标），横轴为迭代次数，" +
          `从 0 到 ${f.last}。三次训练的起点都在 ${f.start} 附近。` +
          `不裁剪的训练立即降到约 ${f.dead}，此后保持不变。` +
          `按范数裁剪的训练稳步下降到 ${f.normEnd}。` +
          `按值裁剪的训练起初下降得更快，从第 ${f.bounce} 次迭代起` +
          `在约 ${f.low} 与 ${f.high} 之间来回跳动。`;
      },
      fixed: [
        "步长 0.01",
        "特征值为 1.1 和 0.4",
        "至多为 0.01",
        "从 0 到",
      ],
      labels: {
        "iteration": "迭代次数",
        "loss L (log scale)": "损失 L（对数坐标）",
        "gradient": "梯度",
        "no clipping": "不裁剪",
        "clipped by norm, c = 1": "按范数裁剪，c = 1",
        "clipped by value, c = 1": "按值裁剪，c = 1",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as ClipResults).training.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const methods = [...new Set(rows.map((row) => String(row.method)))];
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Loss against iteration, log scale, three runs",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 380,
      x: { label: t("iteration"), grid: true, tickFormat: tickLabel },
      y: {
        ...logAxis(rows.map((row) => Number(row.loss)), layout.narrow ? 5 : 8),
        label: t("loss L (log scale)"),
        grid: true,
      },
      color: {
        legend: true,
        domain: methods,
        label: t("gradient"),
        tickFormat: t,
      },
      marks: [
        Plot.line(rows, {
          x: "iteration",
          y: "loss",
          stroke: "method",
          strokeWidth: 2,
        }),
      ],
    });
  },
};
