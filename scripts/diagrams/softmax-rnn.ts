/**
 * The tanh RNN with a softmax output of exercises a3-1 and b3-a, as a
 * computational graph in the names each derivation uses: every quantity it
 * names is a node (`v_t, h_t, u_t, z_t, L_t` in a3-1; `a, h, o, ŷ, L` in
 * b3-a, which writes the step as a superscript), every weight matrix labels
 * the arrows it multiplies. The network is unrolled over the steps of the
 * exercise (its `T`); a3-1's four steps are too wide for a phone, where it
 * shows one step `t`, its state coming from `t − 1` and going on to `t + 1`
 * (b3-a's three fit). The sizes come from the exercise's results.
 *
 * @module
 */
import type { A31Results } from "../exercises/a3-1.ts";
import type { B3aResults } from "../exercises/b3-a.ts";
import { type DiagramSpec, diagramTranslator } from "./types.ts";
import { graphvizWideText } from "./_wide_text.ts";
import { INK } from "./_palette.ts";
import { esc, graphHead, script } from "./_dot.ts";

/** How one exercise writes the quantities and the weights. */
interface Notation {
  /** A quantity at a step (`v` at `t` → v_t, or a⁽ᵗ⁾). */
  at(name: string, step: string): string;
  /** The pre-activation, state, output, probabilities, loss, target. */
  names: {
    pre: string;
    state: string;
    out: string;
    prob: string;
    loss: string;
    label: string;
  };
  /** The input, recurrent and output weights. */
  weights: { input: string; recurrent: string; output: string };
  /** The first step. */
  first: number;
}

const SUB = (text: string) => `<SUB>${script(text)}</SUB>`;
const SUP = (text: string) => `<SUP>${script(text)}</SUP>`;
const italic = (name: string) =>
  /^[A-Za-z]$/.test(name) ? `<I>${esc(name)}</I>` : esc(name);

/** a3-1: subscripts, `W_sh`, `W_hh`, `W_hz`. */
const A31: Notation = {
  at: (name, step) => `${italic(name)}${SUB(step)}`,
  names: {
    pre: "v",
    state: "h",
    out: "u",
    prob: "z",
    loss: "L",
    label: "y",
  },
  weights: {
    input: `<I>W</I>${SUB("sh")}`,
    recurrent: `<I>W</I>${SUB("hh")}`,
    output: `<I>W</I>${SUB("hz")}`,
  },
  first: 1,
};

/** b3-a: the book's superscripts in parentheses, `U`, `W`, `V`. */
const B3A: Notation = {
  at: (name, step) =>
    `${name === "ŷ" ? "<I>ŷ</I>" : italic(name)}${SUP(`(${step})`)}`,
  names: {
    pre: "a",
    state: "h",
    out: "o",
    prob: "ŷ",
    loss: "L",
    label: "y",
  },
  weights: { input: "<I>U</I>", recurrent: "<I>W</I>", output: "<I>V</I>" },
  first: 1,
};

/** The nodes and arrows of step `t` (named by `id`), its state from `prev`. */
function step(n: Notation, id: string, t: string, prev: string): string[] {
  const q = n.names;
  const soft = `fontcolor="${INK.soft}" fontsize=14`;
  return [
    `x${id} [shape=circle label=<${n.at("x", t)}>]`,
    `v${id} [shape=box label=<${n.at(q.pre, t)}>]`,
    `h${id} [shape=circle label=<${n.at(q.state, t)}>]`,
    `u${id} [shape=box label=<${n.at(q.out, t)}>]`,
    `z${id} [shape=box label=<${n.at(q.prob, t)}>]`,
    `L${id} [shape=box style=bold label=<${n.at(q.loss, t)}>]`,
    `x${id} -> v${id} [label=<${n.weights.input}>]`,
    // The recurrence runs down a rank: it must not decide the ranks.
    prev === "h0" || prev === "hp"
      ? `${prev} -> v${id} [label=<${n.weights.recurrent}>]`
      : `${prev} -> v${id} [taillabel=<${n.weights.recurrent}> labelangle=-50 labeldistance=2.2 constraint=false]`,
    `v${id} -> h${id} [label="tanh" ${soft}]`,
    `h${id} -> u${id} [label=<${n.weights.output}>]`,
    `u${id} -> z${id} [label="softmax" ${soft}]`,
    `z${id} -> L${id}`,
  ];
}

/** The graph unrolled over the steps `first … last`. */
function unrolledDot(n: Notation, last: number, sizes: string): string {
  const lines = [
    graphHead([
      "rankdir=BT nodesep=0.45 ranksep=0.3 newrank=true splines=line",
      `label=<${sizes}> labelloc=t fontcolor="${INK.soft}"`,
    ]),
    `node [width=0.5 height=0.4 margin="0.04,0.02"]`,
    `h0 [shape=circle style=dashed label=<${n.at(n.names.state, "0")}>]`,
  ];
  let prev = "h0";
  for (let t = n.first; t <= last; t++) {
    lines.push(...step(n, String(t), String(t), prev));
    prev = `h${t}`;
  }
  // Time to the right: the inputs in order, h0 left of the first state.
  const steps = Array.from(
    { length: last - n.first + 1 },
    (_, i) => n.first + i,
  );
  lines.push(
    `{ rank=same; h0; ${
      steps.map((t) => `v${t}`).join(" -> ")
    } [style=invis] }`,
    `{ rank=same; ${steps.map((t) => `x${t}`).join(" -> ")} [style=invis] }`,
    "}",
  );
  return lines.join("\n");
}

/** One step `t`: the state from `t − 1`, and on to `t + 1`. */
function stepDot(
  n: Notation,
  sizes: string,
  t: (english: string, ...values: unknown[]) => string,
): string {
  return [
    graphHead([
      "rankdir=BT nodesep=0.25 ranksep=0.3",
      `label=<${sizes}> labelloc=t fontcolor="${INK.soft}"`,
    ]),
    `node [width=0.5 height=0.4 margin="0.04,0.02"]`,
    `hp [shape=circle style=dashed label=<${n.at(n.names.state, "t−1")}>]`,
    ...step(n, "t", "t", "hp"),
    `hn [shape=plaintext label=<${
      graphvizWideText(t("to step {0} + 1", "<I>t</I>"))
    }>]`,
    `ht -> hn [label=<${n.weights.recurrent}>]`,
    `{ rank=same; hp; vt }`,
    `{ rank=same; ht; hn }`,
    "}",
  ].join("\n");
}

/** `x ∈ ℝ^d, h ∈ ℝ^n, z ∈ ℝ^c`, from the sizes of the results. */
function sizesLabel(n: Notation, d: number, h: number, c: number): string {
  const R = (k: number) => `ℝ${SUP(String(k))}`;
  return `${italic("x")} ∈ ${R(d)}, ${italic(n.names.state)} ∈ ${R(h)}, ${
    n.names.prob === "ŷ" ? "ŷ" : italic(n.names.prob)
  } ∈ ${R(c)}`;
}

/** Figure 3 of a3-1. */
export const a31Diagram: DiagramSpec = {
  name: "a3-1-graph",
  exercise: "a3-1",
  title: "The tanh RNN with a softmax output, unrolled",
  caption: "Every quantity of the model is a node, every weight labels the " +
    "arrows it multiplies: $W_{sh}$ takes $x_t$ into $v_t$, $W_{hh}$ the " +
    "previous state, $W_{hz}$ the state into $u_t$. $W_{hz}$ reaches $L$ " +
    "only through the $u_t$; $W_{hh}$ through every $v_t$, and from each " +
    "$v_t$ along the chain of states to all later losses. On a phone, one " +
    "step $t$, whose state goes on to step $t + 1$.",
  alt: "A computational graph of the network, unrolled.",
  // The next step's index.
  fixed: ["$t + 1$"],
  describe: (results) =>
    `A computational graph unrolled over the steps 1 to ${
      (results as A31Results).sizes.T
    }. In each step t, from the bottom: the input x t, with an arrow ` +
    "labelled W s h into v t; v t to the state h t by tanh; h t to u t by " +
    "W h z; u t to z t by softmax; z t to the loss L t. From h 0 (dashed) " +
    "and from each state an arrow labelled W h h goes into the next step’s " +
    "v. On a phone, one step t alone.",
  words: {
    zh: {
      title: "带 softmax 输出的 tanh RNN，按时间展开",
      caption: "模型中的每个量都是一个结点，每个权重标在它所乘的箭头上：" +
        "$W_{sh}$ 把 $x_t$ 送入 $v_t$，$W_{hh}$ 送入上一时间步的状态，$W_{hz}$ 把状态送入 $u_t$。" +
        "$W_{hz}$ 只经由各个 $u_t$ 影响 $L$；$W_{hh}$ 则经由每个 $v_t$，" +
        "并从每个 $v_t$ 沿状态链影响此后所有的损失。在手机上只画一个时间步 $t$，" +
        "其状态传到时间步 $t + 1$。",
      alt: "该网络按时间展开的计算图。",
      fixed: ["$t + 1$"],
      describe: (results) =>
        `按时间步 1 到 ${
          (results as A31Results).sizes.T
        } 展开的计算图。每个时间步 t 自下而上：输入 x t 经标有 W s h 的箭头进入 v t；` +
        "v t 经 tanh 得到状态 h t；h t 经 W h z 得到 u t；u t 经 softmax 得到 z t；" +
        "z t 进入损失 L t。从 h 0（虚线）和每个状态出发，有一条标有 W h h 的箭头进入下一时间步的 v。" +
        "在手机上只画一个时间步 t。",
      labels: { "to step {0} + 1": "到时间步 {0} + 1" },
    },
  },
  draw(results, words) {
    const { d, n, c, T } = (results as A31Results).sizes;
    const sizes = sizesLabel(A31, d, n, c);
    return {
      wide: { dot: unrolledDot(A31, T, sizes) },
      narrow: { dot: stepDot(A31, sizes, diagramTranslator(words)) },
    };
  },
};

/** Figure 3 of b3-a. */
export const b3aDiagram: DiagramSpec = {
  name: "b3-a-graph",
  exercise: "b3-a",
  title: "The network of Goodfellow, Bengio and Courville, unrolled",
  caption: "Every quantity of the model is a node and every weight labels " +
    "the arrows it multiplies: $U$ takes $x^{(t)}$ into $a^{(t)}$, $W$ the " +
    "previous state, $V$ the state into $o^{(t)}$. The loss $L^{(3)}$ sees " +
    "$V$ once, but $U$ and $W$ at every step up to 3, through the chain of " +
    "states: one term for each.",
  alt: "A computational graph of the network, unrolled.",
  // The loss at step 3, of the exercise.
  fixed: ["$L^{(3)}$", "up to 3"],
  describe: (results) =>
    `A computational graph unrolled over the steps 1 to ${
      (results as B3aResults).sizes.tau
    }. In each step t, from the bottom: the input x t, with an arrow ` +
    "labelled U into a t; a t to the state h t by tanh; h t to o t by V; " +
    "o t to y hat t by softmax; y hat t to the loss L t. From h 0 (dashed) " +
    "and from each state an arrow labelled W goes into the next step’s a.",
  words: {
    zh: {
      title: "Goodfellow、Bengio 与 Courville 书中的网络，按时间展开",
      caption: "模型中的每个量都是一个结点，每个权重标在它所乘的箭头上：" +
        "$U$ 把 $x^{(t)}$ 送入 $a^{(t)}$，$W$ 送入上一时间步的状态，$V$ 把状态送入 $o^{(t)}$。" +
        "损失 $L^{(3)}$ 只经过一次 $V$，却经由状态链在时间步 3 及之前的每一步都经过 $U$ 和 $W$：" +
        "每经过一次，就有一项。",
      alt: "该网络按时间展开的计算图。",
      fixed: ["$L^{(3)}$", "时间步 3 及之前"],
      describe: (results) =>
        `按时间步 1 到 ${
          (results as B3aResults).sizes.tau
        } 展开的计算图。每个时间步 t 自下而上：输入 x t 经标有 U 的箭头进入 a t；` +
        "a t 经 tanh 得到状态 h t；h t 经 V 得到 o t；o t 经 softmax 得到 y hat t；" +
        "y hat t 进入损失 L t。从 h 0（虚线）和每个状态出发，有一条标有 W 的箭头进入下一时间步的 a。",
    },
  },
  draw(results) {
    const { d, n, classes, tau } = (results as B3aResults).sizes;
    const sizes = sizesLabel(B3A, d, n, classes);
    return {
      wide: { dot: unrolledDot(B3A, tau, sizes) },
    };
  },
};
