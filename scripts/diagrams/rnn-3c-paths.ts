/**
 * The paths of exercise rnn-3c: from `C_0` to `C_1` the gradient can go
 * straight along the cell state (the carousel, `diag(f_1)`) or through
 * `h_0 = o_0 ⊙ tanh(C_0)` into the forget gate, the input gate or the
 * candidate of step 1: the paths the problem statement neglects. Each path is
 * annotated with the spectral norm of its term of `∂C_1/∂C_0`, as rnn-3c
 * computes it (`stepPaths`), for free gates and for the carousel.
 *
 * @module
 */
import type { Rnn3cResults, StepPath } from "../exercises/rnn-3c.ts";
import type { CellPath } from "../lib/lstm.ts";
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
  numberLabel,
  numberWords,
  type Point,
  SMALL,
  svgRoot,
  text,
} from "./_hand.ts";

/** How each path is named in the drawing: its block and its term (without the shared `∂h_0/∂C_0`). */
export const PATH_LABELS: Record<CellPath, { block: string; term: string }> = {
  direct: { block: "", term: "diag(f_1)" },
  f: { block: "f_1", term: "diag(C_0 ⊙ f_1′) W_f" },
  i: { block: "i_1", term: "diag(C̃_1 ⊙ i_1′) W_i" },
  c: { block: "C̃_1", term: "diag(i_1 ⊙ C̃_1′) W_c" },
};

/** The words of a row of the table, for the narrow drawing and the tests. */
export const ROW_NAMES: Record<CellPath | "all", string> = {
  direct: "direct, diag(f_1)",
  f: "through f_1",
  i: "through i_1",
  c: "through C̃_1",
  all: "all four, ∂C_1/∂C_0",
};

interface PathsLayout {
  width: number;
  height: number;
  C0: Point;
  C1: Point;
  h0: Point;
  /** The x of the blocks of step 1 and the y of each row. */
  blockX: number;
  rowY: Record<CellPath, number>;
  /** Where each row of h turns up into C_1. */
  riseX: Record<Exclude<CellPath, "direct">, number>;
  /** Where the terms are written (the middle of their row's line). */
  termX: number;
  /** The table of norms: its two columns, its header lines, its rows. */
  table: {
    columns: [number, number];
    header: number[];
    rowY: Record<CellPath | "all", number>;
    /** Where the row names go. */
    nameX: number;
    ruleFrom: number;
  };
}

// One rendering for every screen: the table under the paths keeps it
// narrow enough for a phone, and light enough for the page beside the cell.
const LAYOUT: PathsLayout = {
  width: 360,
  height: 510,
  C0: { x: 30, y: 40 },
  C1: { x: 330, y: 40 },
  h0: { x: 30, y: 180 },
  blockX: 120,
  rowY: { direct: 40, f: 120, i: 180, c: 240 },
  riseX: { f: 316, i: 330, c: 344 },
  termX: 228,
  table: {
    columns: [238, 318],
    header: [300, 322],
    rowY: { direct: 356, f: 386, i: 416, c: 446, all: 482 },
    nameX: 6,
    ruleFrom: 6,
  },
};

const BLOCK = { w: 44, h: 28 };
const TERMINAL = { w: 48, h: 26 };

/** The norms the drawing shows, checked: the paths in order, the whole as the table's last row. */
export function pathNorms(results: Rnn3cResults): {
  rows: { path: CellPath; free: number; carousel: number }[];
  all: { free: number; carousel: number };
} {
  const { random, carousel } = results.stepPaths;
  const byPath = (list: StepPath[], path: CellPath) => {
    const found = list.find((p) => p.path === path);
    if (!found) throw new Error(`rnn-3c-paths: no path "${path}" in stepPaths`);
    return found.norm;
  };
  const paths = random.map((p) => p.path);
  // The distance-1 row of each table is ∂C_1/∂C_0 through every path.
  const one = results.randomGates.rows.find((row) => row.distance === 1);
  if (!one) throw new Error("rnn-3c-paths: no distance-1 row in randomGates");
  const carouselOne = results.flow.find((row) =>
    row.distance === 1 && row.model.includes("f = 1")
  );
  if (!carouselOne) {
    throw new Error("rnn-3c-paths: no carousel row at distance 1 in flow");
  }
  return {
    rows: paths.map((path) => ({
      path,
      free: byPath(random, path),
      carousel: byPath(carousel, path),
    })),
    all: { free: one.full, carousel: carouselOne.norm },
  };
}

function drawPaths(
  document: Document,
  layout: PathsLayout,
  norms: ReturnType<typeof pathNorms>,
  t: (english: string) => string = (english) => english,
): Element {
  const svg = svgRoot(document, layout.width, layout.height);
  const { C0, C1, h0, rowY, riseX, blockX } = layout;
  const neglected = { color: COLOR.soft, dash: "6 4", width: 1.5 };
  const arrows = new Arrows();
  // The blocks of step 1, drawn over the arrows that end at them.
  const blocks = el(document, "g");
  // C_0 → h_0, shared by the three paths through h.
  arrows.add([
    exitPoint(C0, h0, TERMINAL),
    exitPoint(h0, C0, TERMINAL),
  ], neglected);
  svg.appendChild(
    text(document, { x: C0.x + 10, y: (C0.y + rowY.f) / 2 }, "∂h_0/∂C_0", {
      anchor: "start",
      color: COLOR.soft,
    }),
  );
  for (const { path } of norms.rows) {
    if (path === "direct") continue;
    const y = rowY[path];
    const block = { x: blockX, y };
    const fork = { x: blockX - 36, y: h0.y };
    // h_0 → block of step 1: across, then up or down, then across.
    const into = y === h0.y
      ? [exitPoint(h0, block, TERMINAL), exitPoint(block, h0, BLOCK)]
      : [
        exitPoint(h0, fork, TERMINAL),
        fork,
        { x: fork.x, y },
        exitPoint(block, { x: fork.x, y }, BLOCK),
      ];
    arrows.add(into, neglected);
    // block → C_1: along its row, then up into C_1.
    const rise = { x: riseX[path], y };
    arrows.add([
      exitPoint(block, rise, BLOCK),
      rise,
      { x: rise.x, y: C1.y + TERMINAL.h / 2 },
    ], neglected);
    blocks.appendChild(el(document, "rect", {
      x: block.x - BLOCK.w / 2,
      y: block.y - BLOCK.h / 2,
      width: BLOCK.w,
      height: BLOCK.h,
      rx: 4,
      fill: COLOR.bgSoft,
      "stroke-width": 1.2,
    }));
    svg.appendChild(text(document, block, PATH_LABELS[path].block));
    svg.appendChild(
      text(document, { x: layout.termX, y: y - 13 }, PATH_LABELS[path].term, {
        size: SMALL + 1,
      }),
    );
  }
  svg.appendChild(
    text(
      document,
      { x: layout.termX, y: rowY.c + 27 },
      t("dashed: the paths the statement neglects"),
      { size: SMALL, color: COLOR.soft },
    ),
  );
  // The carousel, over everything.
  arrows.add([
    exitPoint(C0, C1, TERMINAL),
    exitPoint(C1, C0, TERMINAL),
  ], { color: COLOR.accent, width: 4, className: "carousel" });
  arrows.drawInto(document, svg);
  svg.appendChild(blocks);
  svg.appendChild(
    text(
      document,
      { x: layout.termX, y: rowY.direct - 15 },
      PATH_LABELS.direct.term,
      { color: COLOR.accent, size: SMALL + 1 },
    ),
  );
  svg.appendChild(text(document, C0, "C_0"));
  svg.appendChild(text(document, C1, "C_1"));
  svg.appendChild(text(document, h0, "h_0"));
  // The table of norms.
  const { columns, header, nameX, ruleFrom } = layout.table;
  const [free, held] = columns;
  svg.appendChild(
    text(
      document,
      { x: (free + held) / 2, y: header[0] },
      t("‖term‖_2"),
      { size: SMALL + 1 },
    ),
  );
  svg.appendChild(
    text(document, { x: free, y: header[1] }, t("free gates"), { size: SMALL }),
  );
  svg.appendChild(
    text(document, { x: held, y: header[1] }, "f = 1, i = 0", {
      size: SMALL,
    }),
  );
  const row = (
    name: CellPath | "all",
    values: { free: number; carousel: number },
  ) => {
    const y = layout.table.rowY[name];
    const accent = name === "direct" ? COLOR.accent : COLOR.text;
    svg.appendChild(
      text(document, { x: nameX, y }, t(ROW_NAMES[name]), {
        anchor: "start",
        size: SMALL + 1,
        color: accent,
      }),
    );
    svg.appendChild(
      text(document, { x: free, y }, numberLabel(values.free), {
        color: accent,
      }),
    );
    svg.appendChild(
      text(document, { x: held, y }, numberLabel(values.carousel), {
        color: accent,
      }),
    );
  };
  for (const r of norms.rows) row(r.path, r);
  const ruleY = (layout.table.rowY.all + layout.table.rowY.c) / 2;
  svg.appendChild(el(document, "path", {
    d: `M${ruleFrom},${ruleY}H${layout.width - 4}`,
    stroke: COLOR.rule,
    "stroke-width": 1,
  }));
  row("all", norms.all);
  return finishDrawing(document, svg);
}

/** The four paths of rnn-3c, with their computed norms. */
export const diagram: DiagramSpec = {
  name: "rnn-3c-paths",
  exercise: "rnn-3c",
  title: "The four paths from one cell state to the next",
  caption:
    "The paths of the gradient from $C_1$ back to $C_0$, the four terms " +
    "of the one-step Jacobian: the direct path along the cell state " +
    "(highlighted), and three dashed paths through $h_0$ into the forget " +
    "gate, the input gate and the candidate, which the problem statement " +
    "neglects. Below, the spectral norm of each term for the exercise's " +
    "network, with free gates and with f = 1, i = 0 held fixed (the dashed " +
    "paths then vanish), and of the whole Jacobian: norms do not add, the " +
    "terms do.",
  alt: "Diagram of the four paths from C 0 to C 1. A thick highlighted arrow " +
    "goes straight from C 0 to C 1, labelled diag of f 1. A dashed arrow " +
    "goes down from C 0 to h 0, and from h 0 three dashed paths lead through " +
    "the forget gate f 1, the input gate i 1 and the candidate C̃ 1 up into " +
    "C 1, each labelled with its term. A table gives the spectral norm of " +
    "each path's term with free gates and with f = 1, i = 0 fixed: with " +
    "free gates every path contributes, the direct one most; with the gates " +
    "fixed the direct path is the identity, of norm 1, and the three " +
    "others are 0.",
  // The carousel's fixed gates and what they make of the paths.
  fixed: ["f = 1, i = 0", "of norm 1", "others are 0"],
  describe(results: unknown): string {
    const { rows, all } = pathNorms(results as Rnn3cResults);
    const names: Record<CellPath, string> = {
      direct: "direct",
      f: "through f 1",
      i: "through i 1",
      c: "through C tilde 1",
    };
    const w = (x: number) => numberWords(x);
    return "The four paths from C 0 to C 1: a thick highlighted arrow " +
      "straight from C 0 to C 1, diag of f 1; and three dashed paths, " +
      "neglected by the problem statement, from C 0 down to h 0 and through " +
      "the forget gate, the input gate or the candidate of step 1 into C 1. " +
      "The spectral norms of their terms, with free gates and with f = 1, " +
      "i = 0 held fixed: " +
      rows.map((r) => `${names[r.path]}, ${w(r.free)} and ${w(r.carousel)}`)
        .join("; ") +
      `; the whole Jacobian, ${w(all.free)} and ${w(all.carousel)}.`;
  },
  words: {
    zh: {
      title: "从一个细胞状态到下一个的四条路径",
      caption: "梯度从 $C_1$ 回到 $C_0$ 的路径，即单步雅可比矩阵的四项：" +
        "沿细胞状态的直接路径（高亮），以及经过 $h_0$ 进入遗忘门、输入门和候选值的三条虚线路径，" +
        "题目忽略了后三条。下方给出本题网络中每一项的谱范数，分别对应门自由和固定 f = 1, i = 0" +
        "（此时虚线路径消失）两种情形，以及整个雅可比矩阵的谱范数：范数不能相加，各项才能相加。",
      alt:
        "从 C 0 到 C 1 的四条路径示意图。一条粗的高亮箭头从 C 0 直达 C 1，标为 f 1 的对角矩阵。" +
        "一条虚线箭头从 C 0 向下到 h 0，再从 h 0 出发，三条虚线路径分别经过遗忘门 f 1、" +
        "输入门 i 1 和候选值 C̃ 1 向上进入 C 1，每条路径标有它的项。" +
        "一张表给出门自由和固定 f = 1, i = 0 两种情形下每条路径的项的谱范数：" +
        "门自由时每条路径都有贡献，直接路径最大；门固定时直接路径是单位矩阵，范数为 1，其余三条为 0。",
      fixed: ["f = 1, i = 0", "范数为 1", "其余三条为 0"],
      describe(results: unknown): string {
        const { rows, all } = pathNorms(results as Rnn3cResults);
        const names: Record<CellPath, string> = {
          direct: "直接路径",
          f: "经过 f 1",
          i: "经过 i 1",
          c: "经过 C tilde 1",
        };
        const w = (x: number) => numberWords(x);
        return "从 C 0 到 C 1 的四条路径：一条粗的高亮箭头从 C 0 直达 C 1，即 f 1 的对角矩阵；" +
          "另有三条被题目忽略的虚线路径，从 C 0 向下到 h 0，再分别经过时间步 1 的遗忘门、" +
          "输入门或候选值进入 C 1。各项的谱范数（门自由时与固定 f = 1, i = 0 时）：" +
          rows.map((r) => `${names[r.path]}，${w(r.free)} 与 ${w(r.carousel)}`)
            .join("；") +
          `；整个雅可比矩阵，${w(all.free)} 与 ${w(all.carousel)}。`;
      },
      labels: {
        "dashed: the paths the statement neglects": "虚线：题目忽略的路径",
        "free gates": "门自由",
        "‖term‖_2": "‖项‖_2",
        "direct, diag(f_1)": "直接，diag(f_1)",
        "through f_1": "经过 f_1",
        "through i_1": "经过 i_1",
        "through C̃_1": "经过 C̃_1",
        "all four, ∂C_1/∂C_0": "四项之和，∂C_1/∂C_0",
      },
    },
  },
  draw(results: unknown, words): { wide: DiagramDrawing } {
    const norms = pathNorms(results as Rnn3cResults);
    const t = diagramTranslator(words);
    return {
      wide: { plot: (document) => drawPaths(document, LAYOUT, norms, t) },
    };
  },
};
