/**
 * Multiplications for the full gradient of a deep network against its depth
 * `L`, by backpropagation and by enumerating paths (exercise a3-3), on a log
 * scale.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { A3_3Results } from "../exercises/a3-3.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { formatNumberText } from "../lib/format.ts";
import { about, lineOf } from "./_words.ts";
import { logAxis } from "./_log_domain.ts";

/**
 * The two methods' counts against L, and the first and last L: what the
 * text alternative reads in either language.
 */
function linesOf(rows: Row[]) {
  const line = (method: string) =>
    lineOf(rows, "method", method, "L").map((row) => ({
      L: Number(row.L),
      count: Number(row.multiplications),
    }));
  const bp = line("backpropagation");
  const paths = line("path enumeration");
  return { bp, paths, first: bp[0].L, last: bp.at(-1)!.L };
}

/** The chart of exercise a3-3. */
export const chart: ChartSpec = {
  name: "a3-3-cost-vs-depth",
  exercise: "a3-3",
  title: "Backpropagation is linear in depth, path enumeration exponential",
  caption:
    "Multiplications needed for the gradient of the loss with respect to " +
    "every weight of a network with d = 4 inputs, L hidden layers of n = 3 " +
    "tanh units and c = 2 outputs, counted by running each algorithm with a " +
    "multiplication counter, for L = 1 to 10 (log scale). Backpropagation " +
    "adds the same number of multiplications for every layer, so on a log " +
    "scale its curve flattens; summing products over every path multiplies " +
    "the cost by a little more than n = 3 per layer, a straight line on a " +
    "log scale.",
  alt: (rows) => {
    const { bp, paths, first, last } = linesOf(rows);
    return `Line chart with depth L from ${first} to ${last} on the ` +
      "horizontal axis and the number of multiplications on a logarithmic " +
      `vertical axis. The backpropagation count grows slowly, from ${
        formatNumberText(bp[0].count)
      } to ${formatNumberText(bp.at(-1)!.count)}. The path-enumeration ` +
      `count starts close to it, at ${formatNumberText(paths[0].count)} ` +
      `for L = ${first}, and rises in a straight line, reaching ${
        formatNumberText(paths.at(-1)!.count)
      } at L = ${last}, ${
        about(paths.at(-1)!.count / bp.at(-1)!.count)
      } times as many as backpropagation.`;
  },
  fixed: [
    // The network of the exercise.
    "d = 4 inputs",
    "n = 3 tanh units",
    "c = 2 outputs",
    "L = 1 to 10",
    "n = 3 per layer",
  ],
  words: {
    zh: {
      title: "反向传播的代价随深度线性增长，路径枚举则指数增长",
      caption:
        "对一个有 d = 4 个输入、L 个隐藏层（每层 n = 3 个 tanh 单元）和 c = 2 个输出的网络，" +
        "求损失对每个权重的梯度所需的乘法次数；用乘法计数器实际运行两种算法计得，" +
        "L = 1 到 10（对数坐标）。反向传播每多一层就增加同样多的乘法，所以在对数坐标下曲线趋平；" +
        "对所有路径求乘积之和，则每多一层代价就乘以略大于 n = 3 的因子，在对数坐标下是一条直线。",
      alt: (rows) => {
        const { bp, paths, first, last } = linesOf(rows);
        return `折线图，横轴为深度 L，从 ${first} 到 ${last}，` +
          "纵轴为乘法次数（对数坐标）。反向传播的次数增长缓慢，从 " +
          `${formatNumberText(bp[0].count)} 增至 ${
            formatNumberText(bp.at(-1)!.count)
          }。路径枚举的次数起初与之接近，L = ${first} 时为 ${
            formatNumberText(paths[0].count)
          }，随后沿直线上升，L = ${last} 时达到 ${
            formatNumberText(paths.at(-1)!.count)
          }，是反向传播的 ${
            about(paths.at(-1)!.count / bp.at(-1)!.count)
          } 倍。`;
      },
      fixed: [
        "d = 4 个输入",
        "n = 3 个 tanh 单元",
        "c = 2 个输出",
        "L = 1 到 10",
        "n = 3 的因子",
      ],
      labels: {
        "hidden layers L": "隐藏层数 L",
        "multiplications (log scale)": "乘法次数（对数坐标）",
        "backpropagation": "反向传播",
        "path enumeration": "路径枚举",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as A3_3Results).costVsDepth.map((row) => ({ ...row }));
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
      ariaLabel:
        "Multiplications against depth L for backpropagation and path enumeration",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      x: {
        label: t("hidden layers L"),
        ticks: 10,
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        ...logAxis(
          rows.map((row) => Number(row.multiplications)),
          layout.narrow ? 5 : 8,
        ),
        label: t("multiplications (log scale)"),
        grid: true,
      },
      color: { legend: true, domain: methods, tickFormat: t },
      symbol: { domain: methods },
      marks: [
        Plot.line(rows, {
          x: "L",
          y: "multiplications",
          stroke: "method",
          strokeWidth: 1.75,
        }),
        Plot.dot(rows, {
          x: "L",
          y: "multiplications",
          stroke: "method",
          symbol: "method",
        }),
      ],
    });
  },
};
