/**
 * The linear autoencoder of exercise a3-4: the input `x` of size `d`, the
 * code `z = U₁x` of size `k`, the reconstruction `x̃ = U₂z` of size `d`, at
 * the sizes of the exercise (`d` from its results, `k` the one its results
 * show in detail), with one line per weight of the encoder and the decoder,
 * and what training found for that `k`: the error, equal to the eigenvalues
 * of `R` left out, and how close the decoder's columns came to the top
 * eigenvectors.
 *
 * @module
 */
import type { A3_4Results } from "../exercises/a3-4.ts";
import {
  type DiagramDrawing,
  type DiagramSpec,
  diagramTranslator,
} from "./types.ts";
import { numberLabel, numberWords } from "./_hand.ts";
import { drawLayers, type LayeredNetwork } from "./_layers.ts";

/** The autoencoder at the exercise's sizes, its labels and notes. */
export function autoencoder(
  results: A3_4Results,
  t: (english: string, ...values: unknown[]) => string = diagramTranslator(
    undefined,
  ),
): LayeredNetwork {
  const { d } = results;
  const { k } = results.mixing;
  const row = results.byHiddenUnits.find((r) => r.k === k);
  if (!row) throw new Error(`a3-4-autoencoder: no results for k = ${k}`);
  // The note says the error is the sum of the eigenvalues left out; the
  // figure is drawn only if training got there.
  const leftOut = results.eigenvaluesR.slice(k).reduce((a, b) => a + b, 0);
  if (Math.abs(row.trainedError - leftOut) > 1e-6 * leftOut) {
    throw new Error(
      `a3-4-autoencoder: the trained error ${row.trainedError} is not the sum of the eigenvalues left out, ${leftOut}`,
    );
  }
  const num = (x: number) => numberLabel(x);
  const units = (name: string, count: number) =>
    Array.from({ length: count }, (_, u) => `${name}_${u + 1}`);
  const dropped = Array.from({ length: d - k }, (_, j) => `μ_${k + j + 1}`);
  const kept = Array.from({ length: k }, (_, j) => `v_${j + 1}`).join(", ");
  return {
    layers: [
      { name: "x", size: `d = ${num(d)}`, units: d, unitLabels: units("x", d) },
      {
        name: "z",
        size: `k = ${num(k)}`,
        units: k,
        unitLabels: units("z", k),
        emphasis: true,
      },
      {
        name: "x̃",
        size: `d = ${num(d)}`,
        units: d,
        unitLabels: units("x̃", d),
      },
    ],
    gaps: [
      [t("encoder"), "z = U_1 x", `U_1: ${num(k)} × ${num(d)}`],
      [t("decoder"), "x̃ = U_2 z", `U_2: ${num(d)} × ${num(k)}`],
    ],
    notes: {
      wide: [
        t("linear, no bias: x̃ = U_2 U_1 x, of rank at most k = {0}", num(k)),
        t(
          "trained: J = {0} = {1}, the eigenvalues of R left out",
          num(row.trainedError),
          dropped.join(" + "),
        ),
        t(
          "col(U_2) = span({0}) to within {1} rad",
          kept,
          num(row.distanceToR.largestAngle),
        ),
      ],
      narrow: [
        t("linear, no bias: x̃ = U_2 U_1 x,"),
        t("of rank at most k = {0}", num(k)),
        t("trained: J = {0} = {1}", num(row.trainedError), dropped.join(" + ")),
        t("col(U_2) = span({0})", kept),
        t("to within {0} rad", num(row.distanceToR.largestAngle)),
      ],
    },
  };
}

/** The autoencoder of a3-4. */
export const diagram: DiagramSpec = {
  name: "a3-4-autoencoder",
  exercise: "a3-4",
  title: "The linear autoencoder: encoder, code, decoder",
  caption: "The autoencoder of the exercise at its sizes: the input $x$ of " +
    "dimension $d$, the code $z = U_1 x$ of $k$ linear units (highlighted), " +
    "and the reconstruction $\\tilde x = U_2 z$, with one line per weight of " +
    "the encoder $U_1$ and the decoder $U_2$. Below, what gradient descent " +
    "found for this $k$: the error $J$ equals the sum of the eigenvalues of " +
    "$R$ that the code leaves out, and the decoder’s columns span the top " +
    "$k$ eigenvectors of $R$, to within the angle given.",
  // The numbers are drawn from the results and stated in the page's text;
  // the description says what is where, without typing them again.
  alt: "Diagram of an autoencoder drawn as three columns of circles: the " +
    "inputs x, a narrower middle column, the code z, highlighted, and the " +
    "outputs x tilde, as many as the inputs. Every input is joined to every " +
    "code unit (the encoder U 1) and every code unit to every output (the " +
    "decoder U 2); the shapes of U 1 and U 2 are written under the gaps. " +
    "Notes below: the network is linear with no bias, so x tilde is U 2 U 1 " +
    "x, of rank at most k; the trained error equals the sum of the " +
    "eigenvalues of R that are left out; and the decoder’s columns span the " +
    "top k eigenvectors of R to within a tiny angle.",
  describe(results: unknown): string {
    const r = results as A3_4Results;
    const { k } = r.mixing;
    const row = r.byHiddenUnits.find((x) => x.k === k)!;
    const w = (x: number) => numberWords(x);
    return `Diagram of the linear autoencoder drawn as three columns of ` +
      `circles: ${w(r.d)} inputs x, a code z of ${w(k)} units, ` +
      `highlighted, and ${w(r.d)} outputs x tilde. Every input is joined to ` +
      `every code unit by a weight of the encoder U 1, a ${w(k)} by ${
        w(r.d)
      } matrix, and every code unit to every output by a weight of the ` +
      `decoder U 2, ${w(r.d)} by ${w(k)}. Notes: the network is linear ` +
      `with no bias, so x tilde is U 2 U 1 x, of rank at most ${w(k)}; ` +
      `trained, its error J is ${w(row.trainedError)}, the sum of the ` +
      `eigenvalues of R left out; the decoder’s columns span the top ${
        w(k)
      } eigenvectors of R to within ${
        w(row.distanceToR.largestAngle)
      } radians.`;
  },
  words: {
    zh: {
      title: "线性自编码器：编码器、编码、解码器",
      caption:
        "按本题规模画出的自编码器：维数为 $d$ 的输入 $x$，由 $k$ 个线性单元组成的编码 " +
        "$z = U_1 x$（高亮），以及重构 $\\tilde x = U_2 z$；编码器 $U_1$ 与解码器 $U_2$ " +
        "的每个权重画一条线。下方是梯度下降对这个 $k$ 求得的结果：误差 $J$ 等于编码舍去的 " +
        "$R$ 的特征值之和，解码器的列在所给角度之内张成 $R$ 的前 $k$ 个特征向量。",
      alt:
        "自编码器示意图，画成三列圆圈：输入 x；较窄的中间一列，即高亮的编码 z；" +
        "以及与输入同样多的输出 x tilde。每个输入与每个编码单元相连（编码器 U 1），" +
        "每个编码单元与每个输出相连（解码器 U 2）；U 1 与 U 2 的形状写在两列之间的下方。" +
        "下方注记：网络是无偏置的线性网络，所以 x tilde 等于 U 2 U 1 x，秩至多为 k；" +
        "训练所得的误差等于被舍去的 R 的特征值之和；解码器的列在极小的角度之内张成 R 的前 k 个特征向量。",
      describe(results: unknown): string {
        const r = results as A3_4Results;
        const { k } = r.mixing;
        const row = r.byHiddenUnits.find((x) => x.k === k)!;
        const w = (x: number) => numberWords(x, 4, "zh");
        return "线性自编码器示意图，画成三列圆圈：" +
          `${w(r.d)} 个输入 x，由 ${w(k)} 个单元组成的编码 z（高亮），` +
          `以及 ${w(r.d)} 个输出 x tilde。每个输入经编码器 U 1（${w(k)} 乘 ${
            w(r.d)
          } 的矩阵）的一个权重与每个编码单元相连，每个编码单元经解码器 U 2` +
          `（${w(r.d)} 乘 ${
            w(k)
          }）的一个权重与每个输出相连。注记：网络是无偏置的线性网络，` +
          `所以 x tilde 等于 U 2 U 1 x，秩至多为 ${w(k)}；训练后误差 J 为 ${
            w(row.trainedError)
          }，等于被舍去的 R 的特征值之和；解码器的列在 ${
            w(row.distanceToR.largestAngle)
          } 弧度之内张成 R 的前 ${w(k)} 个特征向量。`;
      },
      labels: {
        "encoder": "编码器",
        "decoder": "解码器",
        "linear, no bias: x̃ = U_2 U_1 x, of rank at most k = {0}":
          "线性，无偏置：x̃ = U_2 U_1 x，秩至多为 k = {0}",
        "trained: J = {0} = {1}, the eigenvalues of R left out":
          "训练后：J = {0} = {1}，即舍去的 R 的特征值",
        "col(U_2) = span({0}) to within {1} rad":
          "col(U_2) = span({0})，误差在 {1} rad 之内",
        "linear, no bias: x̃ = U_2 U_1 x,": "线性，无偏置：x̃ = U_2 U_1 x，",
        "of rank at most k = {0}": "秩至多为 k = {0}",
        "trained: J = {0} = {1}": "训练后：J = {0} = {1}",
        "col(U_2) = span({0})": "col(U_2) = span({0})",
        "to within {0} rad": "误差在 {0} rad 之内",
      },
    },
  },
  draw(
    results: unknown,
    words,
  ): { wide: DiagramDrawing; narrow: DiagramDrawing } {
    const net = autoencoder(results as A3_4Results, diagramTranslator(words));
    return {
      wide: { plot: (document) => drawLayers(document, net, true) },
      narrow: { plot: (document) => drawLayers(document, net, false) },
    };
  },
};
