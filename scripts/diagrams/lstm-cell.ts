/**
 * The LSTM cell (exercises rnn-3a, rnn-3b, rnn-3c), gate by gate, with the
 * constant error carousel highlighted. The cell is written down once, as a
 * graph of the operations of `scripts/lib/lstm.ts` ({@link LSTM_CELL}); the
 * drawing places that graph by hand, and a test evaluates the same graph and
 * compares it with `lstmForward`, so the picture cannot wire the cell
 * differently from the code. The carousel is not chosen by hand either: it
 * is the path of the graph from `C_{t−1}` to `C_t`, its Jacobian read off the
 * operations along it, and the claim that it is the identity when
 * `f = 1, i = 0` is taken from rnn-3c's results.
 *
 * @module
 */
import type { Rnn3cResults } from "../exercises/rnn-3c.ts";
import type { LstmBlock, LstmParams } from "../lib/lstm.ts";
import {
  type DiagramDrawing,
  type DiagramSpec,
  diagramTranslator,
} from "./types.ts";
import {
  Arrows,
  COLOR,
  el,
  exitPoint,
  finishDrawing,
  type Point,
  SMALL,
  svgRoot,
  text,
} from "./_hand.ts";

/** What a node of the cell computes from its inputs. */
export type CellOp =
  | { kind: "input" }
  | { kind: "output" }
  | { kind: "block"; block: LstmBlock; activation: "σ" | "tanh" }
  | { kind: "times" }
  | { kind: "plus" }
  | { kind: "tanh" };

/** One node of the cell: a value, named as the equations name it. */
export interface CellNode {
  id: string;
  /** Its name in the label markup of `_hand.ts` (`"C_{t−1}"`). */
  label: string;
  /** What a block is called (`"forget"`). */
  role?: string;
  op: CellOp;
  /** The ids of the nodes it is computed from, in order. */
  inputs: string[];
}

/**
 * The cell of `scripts/lib/lstm.ts`, one step, as a graph:
 * `f, i, o = σ(W h_{t−1} + U x_t + b)`, `C̃ = tanh(…)`,
 * `C_t = f ⊙ C_{t−1} + i ⊙ C̃`, `h_t = o ⊙ tanh(C_t)`.
 */
export const LSTM_CELL: readonly CellNode[] = [
  { id: "CPrev", label: "C_{t−1}", op: { kind: "input" }, inputs: [] },
  { id: "hPrev", label: "h_{t−1}", op: { kind: "input" }, inputs: [] },
  { id: "x", label: "x_t", op: { kind: "input" }, inputs: [] },
  {
    id: "f",
    label: "f_t",
    role: "forget",
    op: { kind: "block", block: "f", activation: "σ" },
    inputs: ["hPrev", "x"],
  },
  {
    id: "i",
    label: "i_t",
    role: "input",
    op: { kind: "block", block: "i", activation: "σ" },
    inputs: ["hPrev", "x"],
  },
  {
    id: "g",
    label: "C̃_t",
    role: "candidate",
    op: { kind: "block", block: "c", activation: "tanh" },
    inputs: ["hPrev", "x"],
  },
  {
    id: "o",
    label: "o_t",
    role: "output",
    op: { kind: "block", block: "o", activation: "σ" },
    inputs: ["hPrev", "x"],
  },
  {
    id: "kept",
    label: "f_t ⊙ C_{t−1}",
    op: { kind: "times" },
    inputs: ["f", "CPrev"],
  },
  {
    id: "written",
    label: "i_t ⊙ C̃_t",
    op: { kind: "times" },
    inputs: ["i", "g"],
  },
  {
    id: "C",
    label: "C_t",
    op: { kind: "plus" },
    inputs: ["kept", "written"],
  },
  { id: "tanhC", label: "tanh(C_t)", op: { kind: "tanh" }, inputs: ["C"] },
  { id: "h", label: "h_t", op: { kind: "times" }, inputs: ["o", "tanhC"] },
  { id: "COut", label: "C_t", op: { kind: "output" }, inputs: ["C"] },
  { id: "hOut", label: "h_t", op: { kind: "output" }, inputs: ["h"] },
];

function node(id: string): CellNode {
  const found = LSTM_CELL.find((n) => n.id === id);
  if (!found) throw new Error(`the LSTM cell has no node "${id}"`);
  return found;
}

/**
 * Evaluate the graph {@link LSTM_CELL} for one step: every node's value
 * (a vector of `n` entries), computed from the graph alone.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { evaluateCell } from "./lstm-cell.ts";
 * const zero = [[0]];
 * const p = { Wf: zero, Uf: zero, Wi: zero, Ui: zero, Wo: zero, Uo: zero, Wc: zero, Uc: zero };
 * const v = evaluateCell(p, { CPrev: [1], hPrev: [0], x: [0] });
 * assertEquals([v.f[0], v.kept[0], v.C[0]], [0.5, 0.5, 0.5]); // f = σ(0), C̃ = 0
 * ```
 */
export function evaluateCell(
  params: LstmParams,
  inputs: { CPrev: number[]; hPrev: number[]; x: number[] },
): Record<string, number[]> {
  const values: Record<string, number[]> = { ...inputs };
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  for (const n of LSTM_CELL) {
    const [a, b] = n.inputs.map((id) => values[id]);
    switch (n.op.kind) {
      case "input":
        continue;
      case "output":
        values[n.id] = a;
        continue;
      case "block": {
        const { block, activation } = n.op;
        const W = params[`W${block}`];
        const U = params[`U${block}`];
        const bias = params[`b${block}`];
        values[n.id] = W.map((row, u) => {
          const z = row.reduce((s, w, j) => s + w * a[j], 0) +
            U[u].reduce((s, w, j) => s + w * b[j], 0) + (bias?.[u] ?? 0);
          return activation === "σ" ? logistic(z) : Math.tanh(z);
        });
        continue;
      }
      case "times":
        values[n.id] = a.map((v, u) => v * b[u]);
        continue;
      case "plus":
        values[n.id] = a.map((v, u) => v + b[u]);
        continue;
      case "tanh":
        values[n.id] = a.map(Math.tanh);
    }
  }
  return values;
}

/**
 * The path of the graph from `C_{t−1}` to the output `C_t` that does not
 * pass through a block (a gate or the candidate): the constant error
 * carousel. Returns its node ids, in order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { carouselPath } from "./lstm-cell.ts";
 * assertEquals(carouselPath(), ["CPrev", "kept", "C", "COut"]);
 * ```
 */
export function carouselPath(): string[] {
  const search = (path: string[]): string[] | undefined => {
    const last = path[path.length - 1];
    if (last === "COut") return path;
    for (const next of LSTM_CELL.filter((n) => n.inputs.includes(last))) {
      if (next.op.kind === "block" || path.includes(next.id)) continue;
      const found = search([...path, next.id]);
      if (found) return found;
    }
    return undefined;
  };
  const path = search(["CPrev"]);
  if (!path) throw new Error("the LSTM cell has no path from C_{t−1} to C_t");
  return path;
}

/**
 * The Jacobian along the carousel, read off the operations on it: a sum
 * passes its input on (`I`), a product by a gate multiplies by `diag` of
 * that gate. Returns the factor labels (`["diag(f_t)"]`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { carouselFactors } from "./lstm-cell.ts";
 * assertEquals(carouselFactors(), [{ gate: "f", label: "diag(f_t)" }]);
 * ```
 */
export function carouselFactors(): { gate: string; label: string }[] {
  const path = carouselPath();
  const factors: { gate: string; label: string }[] = [];
  path.forEach((id, k) => {
    const n = node(id);
    if (n.op.kind !== "times") return;
    const other = n.inputs.find((input) => input !== path[k - 1])!;
    factors.push({ gate: other, label: `diag(${node(other).label})` });
  });
  return factors;
}

// Where things go: the centre of every node, the bends of the edges
// (`"from>to"`), where the edge labels of the blocks and the note on the
// carousel stand. The narrow drawing is the wide one turned on its diagonal
// (x and y swapped), so the cell runs down the phone, with its own places
// for the words.

interface LabelPlace {
  at: Point;
  anchor: "start" | "middle" | "end";
}

interface CellLayout {
  width: number;
  height: number;
  at: Record<string, Point>;
  bends: Record<string, Point[]>;
  edgeLabels: Record<string, LabelPlace>;
  /** The note on the carousel, one line each. */
  note: LabelPlace[];
  /** Where the bus of h_{t−1} and x_t joins. */
  junctions: Point[];
}

const WIDE: CellLayout = {
  width: 580,
  height: 360,
  at: {
    CPrev: { x: 30, y: 62 },
    hPrev: { x: 30, y: 307 },
    x: { x: 110, y: 345 },
    f: { x: 170, y: 232 },
    i: { x: 250, y: 232 },
    g: { x: 340, y: 232 },
    o: { x: 430, y: 232 },
    kept: { x: 170, y: 62 },
    written: { x: 295, y: 142 },
    C: { x: 295, y: 62 },
    tanhC: { x: 490, y: 117 },
    h: { x: 490, y: 182 },
    COut: { x: 552, y: 62 },
    hOut: { x: 552, y: 182 },
  },
  bends: {
    "i>written": [{ x: 250, y: 142 }],
    "g>written": [{ x: 340, y: 142 }],
    "C>tanhC": [{ x: 490, y: 62 }],
    "o>h": [{ x: 430, y: 182 }],
    "hPrev>f": [{ x: 170, y: 307 }],
    "hPrev>i": [{ x: 250, y: 307 }],
    "hPrev>g": [{ x: 340, y: 307 }],
    "hPrev>o": [{ x: 430, y: 307 }],
    "x>f": [{ x: 110, y: 307 }, { x: 170, y: 307 }],
    "x>i": [{ x: 110, y: 307 }, { x: 250, y: 307 }],
    "x>g": [{ x: 110, y: 307 }, { x: 340, y: 307 }],
    "x>o": [{ x: 110, y: 307 }, { x: 430, y: 307 }],
  },
  edgeLabels: {
    f: { at: { x: 178, y: 150 }, anchor: "start" },
    i: { at: { x: 258, y: 180 }, anchor: "start" },
    g: { at: { x: 348, y: 180 }, anchor: "start" },
    o: { at: { x: 455, y: 170 }, anchor: "middle" },
  },
  note: [
    { at: { x: 300, y: 14 }, anchor: "middle" },
    { at: { x: 300, y: 34 }, anchor: "middle" },
  ],
  junctions: [{ x: 110, y: 307 }, { x: 490, y: 62 }],
};

const swap = (p: Point): Point => ({ x: p.y, y: p.x });

const NARROW: CellLayout = {
  width: 360,
  height: 650,
  at: Object.fromEntries(
    Object.entries(WIDE.at).map(([id, p]) => [id, swap(p)]),
  ),
  bends: Object.fromEntries(
    Object.entries(WIDE.bends).map(([id, ps]) => [id, ps.map(swap)]),
  ),
  edgeLabels: {
    f: { at: { x: 135, y: 158 }, anchor: "middle" },
    i: { at: { x: 171, y: 240 }, anchor: "middle" },
    g: { at: { x: 166, y: 330 }, anchor: "middle" },
    o: { at: { x: 192, y: 458 }, anchor: "start" },
  },
  note: [
    { at: { x: 16, y: 604 }, anchor: "start" },
    { at: { x: 16, y: 628 }, anchor: "start" },
  ],
  junctions: WIDE.junctions.map(swap),
};

/** The size of a node's shape, for where its edges start and end. */
function shapeOf(n: CellNode): { r: number } | { w: number; h: number } {
  switch (n.op.kind) {
    case "input":
    case "output":
      return n.id === "x" ? { w: 30, h: 26 } : { w: 60, h: 26 };
    case "block":
      return { w: n.id === "g" ? 84 : 64, h: 44 };
    case "tanh":
      return { w: 52, h: 28 };
    default:
      return { r: 11 };
  }
}

/** The two lines of the note on the carousel, from the graph and rnn-3c's results. */
export function carouselNote(
  results: Rnn3cResults,
  t: (english: string, ...values: unknown[]) => string = diagramTranslator(
    undefined,
  ),
): [string, string] {
  const factors = carouselFactors();
  const from = node("CPrev").label;
  const to = node("COut").label;
  const { gates, full, highway, exactlyIdentity } = results.carousel;
  const identity = (m: number[][]) =>
    m.every((row, i) => row.every((v, j) => v === (i === j ? 1 : 0)));
  // The note says what rnn-3c computed; if it computed anything else, the
  // figure would be wrong, so it is not drawn.
  if (!exactlyIdentity || !identity(full) || !identity(highway)) {
    throw new Error(
      "lstm-cell: rnn-3c's carousel is not the identity, the note would be wrong",
    );
  }
  const held = Object.entries(gates).map(([g, v]) => `${g}_t = ${v}`).join(
    ", ",
  );
  const factor = factors.map((f) => f.label).join(" ");
  return [
    `∂${to}/∂${from} = ${factor}`,
    t("{0}:  ∂C_t/∂C_k = I  for every k ≤ t", held),
  ];
}

function drawCell(
  document: Document,
  layout: CellLayout,
  note: [string, string],
  t: (english: string) => string = (english) => english,
): Element {
  const svg = svgRoot(document, layout.width, layout.height);
  const carousel = carouselPath();
  const onCarousel = (from: string, to: string) => {
    const k = carousel.indexOf(from);
    return k >= 0 && carousel[k + 1] === to;
  };
  const edges = LSTM_CELL.flatMap((n) =>
    n.inputs.map((from) => ({ from, to: n.id }))
  );
  // Ordinary edges first, the carousel over them.
  const ordered = [
    ...edges.filter((e) => !onCarousel(e.from, e.to)),
    ...edges.filter((e) => onCarousel(e.from, e.to)),
  ];
  const arrows = new Arrows();
  for (const { from, to } of ordered) {
    const a = layout.at[from];
    const b = layout.at[to];
    const bends = layout.bends[`${from}>${to}`] ?? [];
    const start = exitPoint(a, bends[0] ?? b, shapeOf(node(from)));
    const end = exitPoint(b, bends.at(-1) ?? a, shapeOf(node(to)));
    // A branch that leaves the carousel starts on it, not at the + node.
    const points = from === "C" && to === "tanhC"
      ? [bends[0], end]
      : [start, ...bends, end];
    const highlighted = onCarousel(from, to);
    arrows.add(points, {
      color: highlighted ? COLOR.accent : COLOR.text,
      width: highlighted ? 4 : 1.5,
      className: highlighted ? "carousel" : undefined,
    });
  }
  arrows.drawInto(document, svg);
  for (const p of layout.junctions) {
    svg.appendChild(el(document, "circle", {
      cx: p.x,
      cy: p.y,
      r: 3.5,
      fill: p === layout.junctions.at(-1) ? COLOR.accent : COLOR.text,
      stroke: "none",
    }));
  }
  // The four blocks share their look.
  const boxes = el(document, "g", {
    fill: COLOR.bgSoft,
    "stroke-width": 1.2,
  });
  svg.appendChild(boxes);
  for (const n of LSTM_CELL) {
    const at = layout.at[n.id];
    const stroke = carousel.includes(n.id) && n.op.kind !== "input" &&
        n.op.kind !== "output"
      ? COLOR.accent
      : COLOR.text;
    switch (n.op.kind) {
      case "input":
      case "output":
        svg.appendChild(text(document, at, n.label));
        break;
      case "block": {
        const { w, h } = shapeOf(n) as { w: number; h: number };
        boxes.appendChild(el(document, "rect", {
          x: at.x - w / 2,
          y: at.y - h / 2,
          width: w,
          height: h,
          rx: 4,
        }));
        svg.appendChild(
          text(document, { x: at.x, y: at.y - 8 }, n.op.activation),
        );
        svg.appendChild(
          text(document, { x: at.x, y: at.y + 10 }, t(n.role!), {
            size: SMALL,
            color: COLOR.soft,
          }),
        );
        const place = layout.edgeLabels[n.id];
        svg.appendChild(
          text(document, place.at, n.label, { anchor: place.anchor }),
        );
        break;
      }
      case "tanh": {
        const { w, h } = shapeOf(n) as { w: number; h: number };
        svg.appendChild(el(document, "rect", {
          x: at.x - w / 2,
          y: at.y - h / 2,
          width: w,
          height: h,
          rx: h / 2,
          fill: COLOR.bg,
          "stroke-width": 1.2,
        }));
        svg.appendChild(text(document, at, "tanh"));
        break;
      }
      case "times":
      case "plus": {
        svg.appendChild(el(document, "circle", {
          cx: at.x,
          cy: at.y,
          r: 11,
          fill: COLOR.bg,
          stroke: stroke === COLOR.text ? undefined : stroke,
          "stroke-width": stroke === COLOR.accent ? 2.5 : undefined,
        }));
        // ⊙ and + drawn, not typed: the same in every font.
        if (n.op.kind === "times") {
          svg.appendChild(el(document, "circle", {
            cx: at.x,
            cy: at.y,
            r: 2.5,
            fill: stroke,
            stroke: "none",
          }));
        } else {
          svg.appendChild(el(document, "path", {
            d: `M${at.x - 6},${at.y}h12M${at.x},${at.y - 6}v12`,
            stroke: stroke === COLOR.text ? undefined : stroke,
            "stroke-width": 2,
          }));
        }
      }
    }
  }
  note.forEach((line, k) => {
    const place = layout.note[k];
    svg.appendChild(text(document, place.at, line, {
      anchor: place.anchor,
      color: COLOR.accent,
      className: "carousel-note",
    }));
  });
  return finishDrawing(document, svg);
}

/** The LSTM cell, with the carousel drawn from rnn-3c's results. */
export const diagram: DiagramSpec = {
  name: "lstm-cell",
  exercise: "rnn-3c",
  title: "The LSTM cell and its constant error carousel",
  caption: "One step of the LSTM. The previous hidden state and " +
    "the input feed four blocks: the forget, input and output gates (σ) " +
    "and the candidate (tanh). The cell state flows along the highlighted " +
    "line, the constant error carousel, which passes through no gate's " +
    "computation: along it $\\partial C_t/\\partial C_{t-1} = " +
    "\\operatorname{diag}(f_t)$, the identity when $f_t = 1$, $i_t = 0$ are " +
    "held fixed (exercise rnn-3c).",
  alt: "Diagram of one LSTM step. A thick highlighted line, the cell " +
    "state, runs from C t−1 to C t through a product with the forget gate " +
    "f t and a sum that adds the product of the input gate i t and the " +
    "candidate C̃ t. Four boxes, the three gates (sigmoids) and the " +
    "candidate (tanh), all take h t−1 and x t. Through tanh and a product " +
    "with the output gate o t, the cell state gives h t. Noted on the " +
    "line: its derivative, C t with respect to C t−1, is diag of f t; " +
    "with f t = 1 and i t = 0 held fixed, C t with respect to any earlier " +
    "C k is the identity.",
  // The carousel's fixed gates.
  fixed: ["$f_t = 1$, $i_t = 0$", "f t = 1 and i t = 0", "t−1"],
  words: {
    zh: {
      title: "LSTM 单元及其恒定误差传送带",
      caption:
        "LSTM 的一个时间步。上一时间步的隐状态和输入进入四个模块：遗忘门、输入门和输出门（σ）" +
        "以及候选值（tanh）。细胞状态沿高亮的线流动，这就是恒定误差传送带，它不经过任何门的计算：" +
        "沿着它 $\\partial C_t/\\partial C_{t-1} = \\operatorname{diag}(f_t)$，" +
        "当 $f_t = 1$, $i_t = 0$ 固定时为单位矩阵（习题 rnn-3c）。",
      alt:
        "LSTM 一个时间步的示意图。一条粗的高亮线即细胞状态，从 C t−1 到 C t，" +
        "途中经过与遗忘门 f t 的乘积，以及一个加法，加上输入门 i t 与候选值 C̃ t 的乘积。" +
        "四个方框，即三个门（sigmoid）和候选值（tanh），都以 h t−1 和 x t 为输入。" +
        "细胞状态经 tanh 并与输出门 o t 相乘，得到 h t。线上注明：它的导数，即 C t 对 C t−1 的导数，" +
        "是 f t 的对角矩阵；当 f t = 1 且 i t = 0 固定时，C t 对任何更早的 C k 的导数都是单位矩阵。",
      fixed: ["$f_t = 1$, $i_t = 0$", "f t = 1 且 i t = 0", "t−1"],
      labels: {
        "forget": "遗忘门",
        "input": "输入门",
        "candidate": "候选值",
        "output": "输出门",
        "{0}:  ∂C_t/∂C_k = I  for every k ≤ t":
          "{0}：对所有 k ≤ t，∂C_t/∂C_k = I",
      },
    },
  },
  draw(
    results: unknown,
    words,
  ): { wide: DiagramDrawing; narrow: DiagramDrawing } {
    const t = diagramTranslator(words);
    const note = carouselNote(results as Rnn3cResults, t);
    return {
      wide: { plot: (document) => drawCell(document, WIDE, note, t) },
      narrow: { plot: (document) => drawCell(document, NARROW, note, t) },
    };
  },
};
