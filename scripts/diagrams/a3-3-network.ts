/**
 * The deep network of exercise a3-3, at the size of its worked example
 * (`d` inputs, `L` hidden layers of `n` units, `c` outputs, all taken from
 * the results): one line per weight, each weight matrix labelled with its
 * shape and count, the totals the script counted (parameters,
 * multiplications by backpropagation and by paths), and one of the
 * `n^L` paths from an input to an output highlighted.
 *
 * @module
 */
import type { A3_3Results } from "../exercises/a3-3.ts";
import {
  type DiagramDrawing,
  type DiagramSpec,
  diagramTranslator,
} from "./types.ts";
import { numberLabel, numberWords } from "./_hand.ts";
import { drawLayers, type LayeredNetwork } from "./_layers.ts";

/** The network of the example, its labels and notes, from a3-3's results. */
export function exampleNetwork(
  results: A3_3Results,
  t: (english: string, ...values: unknown[]) => string = diagramTranslator(
    undefined,
  ),
): LayeredNetwork {
  const { d, n, c, L, parameters, parametersWithBias, backprop, paths } =
    results.example;
  const pathsPerPair = results.example.pathsPerInputOutputPair;
  const widths = [d, ...new Array<number>(L).fill(n), c];
  // Each weight matrix is (units of its layer) × (units of the layer before).
  const counts = widths.slice(1).map((m, l) => ({ m, k: widths[l] }));
  const weights = counts.reduce((sum, { m, k }) => sum + m * k, 0);
  const biases = widths.slice(1).reduce((sum, m) => sum + m, 0);
  // The drawing's counts are the script's, or the figure is not drawn.
  if (weights !== parameters || weights + biases !== parametersWithBias) {
    throw new Error(
      `a3-3-network: the layers give ${weights} weights and ${biases} biases, ` +
        `the results ${parameters} and ${parametersWithBias - parameters}`,
    );
  }
  if (n ** L !== pathsPerPair) {
    throw new Error(
      `a3-3-network: n^L = ${
        n ** L
      } paths from an input to an output, the results ${pathsPerPair}`,
    );
  }
  const num = (x: number) => numberLabel(x);
  const sizes = ["d", ...new Array<string>(L).fill("n"), "c"];
  return {
    layers: widths.map((units, l) => ({
      name: l === 0 ? "x" : l === L + 1 ? "y" : `h^{(${l})}`,
      size: `${sizes[l]} = ${num(units)}`,
      units,
      unitLabels: l === 0
        ? Array.from({ length: units }, (_, u) => `x_${u + 1}`)
        : l === L + 1
        ? Array.from({ length: units }, (_, u) => `y_${u + 1}`)
        : undefined,
    })),
    gaps: counts.map(({ m, k }, l) => [
      `W^{(${l + 1})}`,
      `${num(m)} × ${num(k)} = ${num(m * k)}`,
    ]),
    bracket: { from: 1, to: L, label: t("L = {0} hidden layers", num(L)) },
    path: widths.map(() => 0),
    notes: {
      wide: [
        t(
          "P = {0} = {1} weights ({2} with biases)",
          counts.map(({ m, k }) => num(m * k)).join(" + "),
          num(parameters),
          num(parametersWithBias),
        ),
        t(
          "the gradient: {0} multiplications by backpropagation, {1} by paths",
          num(backprop),
          num(paths),
        ),
        t(
          "highlighted: one of the n^L = {0} paths from x_1 to y_1",
          num(pathsPerPair),
        ),
      ],
      narrow: [
        t(
          "P = {0} weights ({1} with biases)",
          num(parameters),
          num(parametersWithBias),
        ),
        t("the gradient: {0} multiplications", num(backprop)),
        t("by backpropagation, {0} by paths", num(paths)),
        t("highlighted: one of the n^L = {0}", num(pathsPerPair)),
        t("paths from x_1 to y_1"),
      ],
    },
  };
}

/** The network of a3-3's example. */
export const diagram: DiagramSpec = {
  name: "a3-3-network",
  exercise: "a3-3",
  title: "The network of the example, one line per weight",
  caption:
    "The fully connected network of the worked example, drawn to size: " +
    "$d$ inputs, $L$ hidden layers of $n$ units and $c$ outputs, with one " +
    "line for every weight, so that the lines between two layers are the " +
    "entries of that layer's weight matrix. Under each gap, the shape of " +
    "the matrix and its number of weights; below, the totals the script " +
    "counts. The highlighted path is one of the $n^L$ paths from an input " +
    "to an output that the chain rule by paths visits one by one.",
  // The numbers are drawn from the results and stated in the page's text;
  // the description says what is where, without typing them again.
  alt:
    "Diagram of a fully connected network drawn as columns of circles: the " +
    "inputs x, the hidden layers h 1 to h L, and the outputs y, every unit " +
    "joined by a line to every unit of the next column. A bracket spans the " +
    "hidden layers and gives their number L. Under each column, its size " +
    "(d, n or c); under each gap between columns, the weight matrix, its " +
    "shape and its number of weights. Notes below give the total number of " +
    "weights, with and without biases, and the multiplications the gradient " +
    "takes by backpropagation and by summing over paths. One path from the " +
    "first input through the first unit of every hidden layer to the first " +
    "output is highlighted, with the number of such paths from an input to " +
    "an output.",
  describe(results: unknown): string {
    const r = (results as A3_3Results).example;
    const w = (x: number) => numberWords(x);
    return `Diagram of the fully connected network of the example drawn as ` +
      `columns of circles: ${w(r.d)} inputs x, ${w(r.L)} hidden layers of ` +
      `${w(r.n)} units each, and ${w(r.c)} outputs y, every unit joined by a ` +
      `line to every unit of the next column, one line per weight. Under the ` +
      `gaps, each weight matrix with its shape and number of weights. Notes: ` +
      `${w(r.parameters)} weights, ${w(r.parametersWithBias)} with biases; ` +
      `the gradient takes ${w(r.backprop)} multiplications by ` +
      `backpropagation and ${w(r.paths)} by summing over paths. One path ` +
      `from the first input through the first unit of every hidden layer to ` +
      `the first output is highlighted, one of ${
        w(r.pathsPerInputOutputPair)
      } such paths from an input to an output.`;
  },
  words: {
    zh: {
      title: "例题中的网络，每个权重一条线",
      caption:
        "按实际规模画出的例题全连接网络：$d$ 个输入，$L$ 个隐藏层（每层 $n$ 个单元），" +
        "$c$ 个输出；每个权重画一条线，所以两层之间的线就是该层权重矩阵的元素。" +
        "每个间隔下方是该矩阵的形状和权重个数；再下方是脚本计得的总数。" +
        "高亮的路径是按路径应用链式法则时逐条访问的、从一个输入到一个输出的 $n^L$ 条路径之一。",
      alt:
        "全连接网络示意图，画成若干列圆圈：输入 x，隐藏层 h 1 到 h L，以及输出 y，" +
        "每个单元与下一列的每个单元都有一条线相连。一个括号跨过各隐藏层，标出其层数 L。" +
        "每列下方是它的大小（d、n 或 c）；每两列之间的下方是权重矩阵、它的形状和权重个数。" +
        "下方注记给出权重总数（含偏置与不含偏置），以及梯度用反向传播和对路径求和各需多少次乘法。" +
        "一条从第一个输入经过每个隐藏层的第一个单元到第一个输出的路径被高亮，" +
        "并注明从一个输入到一个输出的此类路径条数。",
      describe(results: unknown): string {
        const r = (results as A3_3Results).example;
        const w = (x: number) => numberWords(x, 4, "zh");
        return "例题全连接网络示意图，画成若干列圆圈：" +
          `${w(r.d)} 个输入 x，${w(r.L)} 个隐藏层（每层 ${w(r.n)} 个单元），` +
          `以及 ${
            w(r.c)
          } 个输出 y；每个单元与下一列的每个单元都有一条线相连，每个权重一条线。` +
          "各间隔下方是每个权重矩阵的形状和权重个数。注记：" +
          `${w(r.parameters)} 个权重，含偏置为 ${
            w(r.parametersWithBias)
          } 个；` +
          `梯度用反向传播需 ${w(r.backprop)} 次乘法，对路径求和需 ${
            w(r.paths)
          } 次。` +
          "一条从第一个输入经过每个隐藏层的第一个单元到第一个输出的路径被高亮，" +
          `它是从一个输入到一个输出的 ${
            w(r.pathsPerInputOutputPair)
          } 条此类路径之一。`;
      },
      labels: {
        "L = {0} hidden layers": "L = {0} 个隐藏层",
        "P = {0} = {1} weights ({2} with biases)":
          "P = {0} = {1} 个权重（含偏置 {2} 个）",
        "the gradient: {0} multiplications by backpropagation, {1} by paths":
          "梯度：反向传播 {0} 次乘法，按路径 {1} 次",
        "highlighted: one of the n^L = {0} paths from x_1 to y_1":
          "高亮：从 x_1 到 y_1 的 n^L = {0} 条路径之一",
        "P = {0} weights ({1} with biases)": "P = {0} 个权重（含偏置 {1} 个）",
        "the gradient: {0} multiplications": "梯度：反向传播 {0} 次乘法，",
        "by backpropagation, {0} by paths": "按路径 {0} 次",
        "highlighted: one of the n^L = {0}": "高亮：n^L = {0} 条路径之一",
        "paths from x_1 to y_1": "（从 x_1 到 y_1）",
      },
    },
  },
  draw(
    results: unknown,
    words,
  ): { wide: DiagramDrawing; narrow: DiagramDrawing } {
    const net = exampleNetwork(
      results as A3_3Results,
      diagramTranslator(words),
    );
    return {
      wide: { plot: (document) => drawLayers(document, net, true) },
      narrow: { plot: (document) => drawLayers(document, net, false) },
    };
  },
};
