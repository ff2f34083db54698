/**
 * Figure 1 of the BPTT pages: the recurrent network of exercises rnn-1 and
 * rnn-2, `h_t = σ(W h_{t−1} + U x_t)`, folded (one cell whose state feeds
 * back through `W`) and unrolled for the `T` of exercise rnn-2a, one copy of
 * the cell per step, each with its input `x_t` and its loss `L_t`. The steps,
 * the losses and the sizes of `h` and `x` are read from rnn-2a's results.
 *
 * @module
 */
import type { Rnn2aResults } from "../exercises/rnn-2a.ts";
import { type DiagramSpec, diagramTranslator } from "./types.ts";
import { graphvizWideText } from "./_wide_text.ts";
import { INK } from "./_palette.ts";
import { graphHead, stepName, sym } from "./_dot.ts";

/** What the figure is drawn from: `T` and the sizes of rnn-2a. */
function shape(results: unknown): { T: number; n: number; d: number } {
  const r = results as Rnn2aResults;
  return { T: r.T, n: r.W.length, d: r.U[0].length };
}

const h = (k: number | string) =>
  sym("h", typeof k === "number" ? stepName(k) : k);
const x = (k: number | string) => sym("x", k);
const L = (k: number | string) => sym("L", k);

/** Circles of one size for every state and input. */
const CIRCLE = "shape=circle fixedsize=true width=0.6";

/** The folded cell: the state feeding back into itself through `W`. */
function folded(
  n: number,
  d: number,
  vertical: boolean,
  t: (english: string, ...values: unknown[]) => string,
): string[] {
  const power = (k: number) => `<SUP><FONT POINT-SIZE="12">${k}</FONT></SUP>`;
  return [
    `subgraph cluster_folded {`,
    `label=<${
      graphvizWideText(t(
        "folded: {0}",
        `${h("t")} ∈ ℝ${power(n)}, ${x("t")} ∈ ℝ${power(d)}`,
      ))
    }> labeljust=l labelloc=b color="${INK.rule}" fontcolor="${INK.soft}" margin=10`,
    `fx [${CIRCLE} label=<${x("t")}>]`,
    `fh [${CIRCLE} label=<${h("t")}>]`,
    `fL [shape=box label=<${L("t")}>]`,
    // On a phone the cell lies across, as each step of the chain below it.
    ...(vertical ? ["{ rank=same; fx; fh; fL }"] : []),
    `fx -> fh [label=<${sym("U")}>]`,
    `fh -> fL`,
    // The loop: beside the state when the cell stands up; above it when the
    // cell lies across, with an invisible node above making room for it in
    // the box (Graphviz leaves a loop between ports out of its cluster).
    ...(vertical
      ? [
        `froom [style=invis shape=point width=0.45]`,
        `froom -> fh [style=invis]`,
        `fh:ne -> fh:nw [label=<${sym("W")}>]`,
      ]
      : [`fh -> fh [label=<${sym("W")}>]`]),
    `}`,
  ];
}

/**
 * The unrolled chain, `h_{−1}` to `h_T`, with inputs and losses. Wide: the
 * states in one row, inputs below, losses above. Narrow: one row per step,
 * input, state and loss across, time going down.
 */
function unrolled(
  T: number,
  vertical: boolean,
  t: (english: string, ...values: unknown[]) => string,
): string[] {
  const lines = [
    `subgraph cluster_unrolled {`,
    `label=<${
      graphvizWideText(t("unrolled for {0} = {1}", sym("T"), T))
    }> labeljust=l labelloc=b color="${INK.rule}" fontcolor="${INK.soft}" margin=10`,
    `h_init [${CIRCLE} style=dashed label=<${h(-1)}>]`,
  ];
  const chain = ["h_init"];
  for (let t = 0; t <= T; t++) {
    lines.push(
      `x${t} [${CIRCLE} label=<${x(t)}>]`,
      `h${t} [${CIRCLE} label=<${h(t)}>]`,
      `L${t} [shape=box label=<${L(t)}>]`,
      `x${t} -> h${t} [label=<${sym("U")}>]`,
      `h${t} -> L${t}`,
    );
    if (vertical) lines.push(`{ rank=same; x${t}; h${t}; L${t} }`);
    chain.push(`h${t}`);
  }
  if (!vertical) lines.push(`{ rank=same; ${chain.join("; ")} }`);
  for (let t = 0; t <= T; t++) {
    lines.push(`${chain[t]} -> h${t} [label=<${sym("W")}>]`);
  }
  lines.push("}");
  return lines;
}

function dot(
  results: unknown,
  vertical: boolean,
  t: (english: string, ...values: unknown[]) => string,
): string {
  const { T, n, d } = shape(results);
  return [
    graphHead([
      `rankdir=${vertical ? "TB" : "BT"}`,
      "nodesep=0.25 ranksep=0.4 newrank=true",
    ]),
    ...folded(n, d, vertical, t),
    ...unrolled(T, vertical, t),
    // On a phone the folded cell stands above the chain.
    ...(vertical ? ["fx -> h_init [style=invis]"] : []),
    "}",
  ].join("\n");
}

/** The figure. */
export const diagram: DiagramSpec = {
  name: "rnn-unrolled",
  exercise: "rnn-2a",
  title: "The recurrent network, folded and unrolled",
  caption:
    "Left (on a phone, above), the network as it is defined: one cell whose state $h_t$ is fed " +
    "back through $W$ at the next step. Right (below), the same network unrolled for " +
    "$T = 3$: one copy of the cell per step, every copy with the same $W$ " +
    "and $U$, the initial state $h_{-1}$ (dashed) given. Each state " +
    "$h_t = \\sigma(W h_{t-1} + U x_t)$ feeds its loss $L_t$ and the next " +
    "state, so $W$ reaches $L_t$ along every path through the chain.",
  alt: "Left, the folded network: input x t enters the state h t through U; " +
    "h t has an arrow back to itself labelled W and an arrow up to its loss " +
    "L t. Right, the network unrolled over the steps 0 to 3: a row of states " +
    "h minus 1, h 0, h 1, h 2, h 3 joined left to right by arrows labelled W; " +
    "below each state h t its input x t with an arrow labelled U, above it " +
    "its loss L t.",
  // The exercise's T.
  fixed: ["$T = 3$", "steps 0 to 3", "h minus 1"],
  words: {
    zh: {
      title: "循环神经网络：折叠与展开",
      caption:
        "左（手机上为上）：网络的定义形式，一个单元，其状态 $h_t$ 经 $W$ 反馈到下一时间步。" +
        "右（手机上为下）：同一网络按 $T = 3$ 展开，每个时间步一个单元的副本，" +
        "所有副本使用同一个 $W$ 和 $U$，初始状态 $h_{-1}$（虚线）给定。" +
        "每个状态 $h_t = \\sigma(W h_{t-1} + U x_t)$ 既进入它的损失 $L_t$，也进入下一个状态，" +
        "所以 $W$ 沿链上的每条路径影响 $L_t$。",
      alt:
        "左：折叠的网络，输入 x t 经 U 进入状态 h t；h t 有一条标为 W 的箭头回到自身，" +
        "并有一条箭头向上到它的损失 L t。右：网络在时间步 0 到 3 上展开，" +
        "一行状态 h minus 1、h 0、h 1、h 2、h 3 由标为 W 的箭头从左到右相连；" +
        "每个状态 h t 的下方是它的输入 x t（箭头标为 U），上方是它的损失 L t。",
      fixed: ["$T = 3$", "时间步 0 到 3", "h minus 1"],
      labels: {
        "folded: {0}": "折叠：{0}",
        "unrolled for {0} = {1}": "展开，{0} = {1}",
      },
    },
  },
  draw(results, words) {
    const t = diagramTranslator(words);
    return {
      wide: { dot: dot(results, false, t) },
      narrow: { dot: dot(results, true, t) },
    };
  },
};
