/**
 * The terms of the BPTT double sum drawn on the unrolled network:
 *
 * `∂L/∂W = Σ_{t=0}^{T} Σ_{k=0}^{t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W`.
 *
 * The term `(t, k)` is a path: `W` acts directly on the state `h_k` (a dot
 * above `h_k`), the gradient travels along the chain from `h_k` to `h_t`
 * (the product `∂h_t/∂h_k` of `t − k` one-step Jacobians), and rises into
 * the loss `L_t`. Every term gets a lane of its own, grouped by its loss, so
 * the double sum reads as the lanes: one group per `t`, one lane per `k`.
 * A lane's stroke width grows with the logarithm of its term's computed
 * Frobenius norm.
 *
 * The layout is a regular grid placed by hand, in plain SVG elements, so that
 * the same function draws the figure at build time (on a linkedom document)
 * and in the browser (the BPTT-terms explorer redraws it when its controls
 * change): no layout engine, no Plot.
 *
 * @module
 */
import type { DiagramSpec } from "./types.ts";
import { numberWords, type PlacedText, placeTexts, svgRoot } from "./_hand.ts";

/** One term of the double sum: the loss `t`, the step `k`, its norm. */
export interface PathTerm {
  t: number;
  k: number;
  norm: number;
}

/** The thinnest and the thickest lane, in px. */
export const STROKE = { min: 1, max: 6 } as const;

/**
 * The stroke width of a term: from {@link STROKE}.min for the smallest norm
 * to {@link STROKE}.max for the largest, linear in the logarithm of the norm
 * (the norms span orders of magnitude); every lane at the largest width when
 * the norms are all equal. With many terms the lanes are closer, and the
 * widest is `widest` (less than 6 px) so that lanes do not overlap.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { strokeWidth } from "./bptt-paths.ts";
 * assertEquals(strokeWidth(1e-3, 1e-3, 1e-1), 1);
 * assertEquals(strokeWidth(1e-2, 1e-3, 1e-1), 3.5); // halfway, in decades
 * assertEquals(strokeWidth(1e-1, 1e-3, 1e-1), 6);
 * ```
 */
export function strokeWidth(
  norm: number,
  min: number,
  max: number,
  widest: number = STROKE.max,
): number {
  if (!(max > min) || !(norm > 0) || !(min > 0)) return widest;
  const share = Math.log(norm / min) / Math.log(max / min);
  const width = STROKE.min + (widest - STROKE.min) * share;
  return Math.round(width * 100) / 100;
}

/** Where a term's lane runs, in the drawing's pixels. */
export interface Lane extends PathTerm {
  /** Its stroke width. */
  width: number;
  /** The height of the lane. */
  y: number;
  /** Where it starts, above `h_k`. */
  x0: number;
  /** Where it rises into `L_t`. */
  x1: number;
}

/** The geometry of the whole drawing. */
export interface PathsLayout {
  width: number;
  height: number;
  /** The column of `h_j`, for `j = −1 … T` (index `j + 1`). */
  columns: number[];
  /** The height of the chain of states and of the row of losses. */
  chainY: number;
  lossY: number;
  lanes: Lane[];
  /** Whether each lane is labelled `(t, k)` (when there is room). */
  labelled: boolean;
  /** The distance between the rising parts of the lanes of one loss. */
  spread: number;
}

/** Circle radius of a state, half height of a loss box. */
const NODE = 17;

/**
 * Place the chain, the losses and one lane per term. Lanes run in groups,
 * the loss `t = 0` at the top and `t = T` next to the chain; within a group
 * the longest path (`k = 0`) first. Each lane rises a little further right
 * than the one above it, so that no rising lane crosses a running one.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { layoutPaths } from "./bptt-paths.ts";
 * const layout = layoutPaths(1, [
 *   { t: 0, k: 0, norm: 1 },
 *   { t: 1, k: 0, norm: 0.1 },
 *   { t: 1, k: 1, norm: 1 },
 * ]);
 * assertEquals(layout.lanes.map((l) => [l.t, l.k, l.width]), [
 *   [0, 0, 6], [1, 0, 1], [1, 1, 6],
 * ]);
 * ```
 */
export function layoutPaths(T: number, terms: PathTerm[]): PathsLayout {
  const count = (T + 1) * (T + 2) / 2;
  if (terms.length !== count) {
    throw new Error(
      `expected the ${count} terms of T = ${T}, got ${terms.length}`,
    );
  }
  const norms = terms.map((term) => term.norm);
  const min = Math.min(...norms);
  const max = Math.max(...norms);
  // Few terms: roomy lanes with labels. Many (the explorer's T = 10): tight.
  const pitch = count <= 15 ? 16 : Math.max(8, Math.min(16, 360 / count));
  const labelled = pitch >= 14;
  // Columns narrow with T, so that T = 10 fits the 42rem measure.
  const column = T <= 4 ? 68 : Math.min(60, 572 / (T + 1));
  // The T + 1 lanes rising into L_T share a column with a gap on each side.
  const spread = Math.min(STROKE.max + 1, (column - 14) / (T + 1));
  const widest = Math.min(STROKE.max, pitch - 2, spread - 1);
  const left = labelled ? 24 : 22;
  const columns = Array.from({ length: T + 2 }, (_, j) => left + j * column);
  const lossY = 16;
  let y = lossY + NODE * 2 + 14;
  const lanes: Lane[] = [];
  for (let t = 0; t <= T; t++) {
    for (let k = 0; k <= t; k++) {
      const term = terms.find((term) => term.t === t && term.k === k);
      if (!term) throw new Error(`no term (t, k) = (${t}, ${k})`);
      lanes.push({
        t,
        k,
        norm: term.norm,
        width: strokeWidth(term.norm, min, max, widest),
        y,
        x0: columns[k + 1],
        x1: columns[t + 1] + (k - t / 2) * spread,
      });
      y += pitch;
    }
    y += pitch / 2;
  }
  const chainY = y + NODE + 4;
  return {
    width: columns[T + 1] + (T / 2) * spread + NODE + 8,
    height: chainY + NODE + 4,
    columns,
    chainY,
    lossY,
    lanes,
    labelled,
    spread,
  };
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * Draw the terms on the unrolled chain as an `<svg>` of `document` (a
 * browser's or linkedom's). Colours are the page's: lines and text in
 * `currentColor`, the lanes in `var(--accent)`.
 */
export function drawPaths(
  document: Document,
  T: number,
  terms: PathTerm[],
): SVGSVGElement {
  const layout = layoutPaths(T, terms);
  const el = (
    parent: Element,
    name: string,
    attributes: Record<string, string | number>,
    text?: string,
  ): Element => {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, String(value));
    }
    if (text !== undefined) element.textContent = text;
    parent.appendChild(element);
    return element;
  };
  const { width, height, columns, chainY, lossY, spread } = layout;
  // Its marks are grouped by what they share: the root gives only the
  // text's colour and size.
  const svg = svgRoot(document, round(width), round(height), {
    fill: "currentColor",
    "font-size": 16,
  }) as SVGSVGElement;
  // Faint guides up from each state: a lane starting on one starts at h_k.
  const top = layout.lanes[0].y;
  el(svg, "path", {
    d: columns.slice(1).map((x) =>
      `M${x},${round(chainY - NODE)}V${round(top)}`
    ).join(""),
    stroke: "var(--rule)",
    "stroke-dasharray": "2 3",
  });
  // The states h_{−1} … h_T, the arrows between them, the losses L_0 … L_T.
  const lines = el(svg, "g", { fill: "none", stroke: "currentColor" });
  // Symbols with subscripts: the letters in italic, the indices smaller
  // and lower, each set in one group.
  const letters = el(svg, "g", {
    "text-anchor": "middle",
    "font-style": "italic",
  });
  const indices = el(svg, "g", { "font-size": 12 });
  // Placed once all are known: letters of one size in one <text>.
  const placed = { letters: [] as PlacedText[], indices: [] as PlacedText[] };
  const symbol = (x: number, y: number, letter: string, index: string) => {
    // Centred together: a longer index moves the letter left.
    const shift = 3.5 * (index.length - 1);
    placed.letters.push({ x: round(x - 2 - shift), y: round(y), text: letter });
    placed.indices.push({
      x: round(x + 3 - shift),
      y: round(y + 4),
      text: index,
    });
  };
  let arrows = "";
  let heads = "";
  const weights = el(svg, "g", {
    "text-anchor": "middle",
    "font-style": "italic",
    "font-size": 14,
  });
  const placedWeights: PlacedText[] = [];
  for (let j = -1; j <= T; j++) {
    const x = columns[j + 1];
    el(lines, "circle", {
      cx: x,
      cy: round(chainY),
      r: NODE,
      ...(j < 0 ? { "stroke-dasharray": "4 3" } : {}),
    });
    symbol(x - 1, chainY + 4, "h", j < 0 ? "−1" : String(j));
    if (j < 0) continue;
    const from = columns[j] + NODE;
    const to = x - NODE;
    arrows += `M${round(from)},${round(chainY)}H${round(to - 5)}`;
    heads += `M${round(to)},${round(chainY)}l-6-3.5v7z`;
    placedWeights.push({
      x: round((from + to) / 2),
      y: round(chainY - 6),
      text: "W",
    });
  }
  placeTexts(document, weights, placedWeights);
  el(lines, "path", { d: arrows });
  el(svg, "path", { d: heads });
  for (let t = 0; t <= T; t++) {
    const x = columns[t + 1];
    const half = Math.min(
      Math.max(NODE, (t / 2) * spread + 8),
      (columns[1] - columns[0]) / 2 - 2,
    );
    el(lines, "rect", {
      x: round(x - half),
      y: round(lossY - 1),
      width: round(2 * half),
      height: NODE * 2 - 4,
    });
    symbol(x - 1, lossY + 19, "L", String(t));
  }
  // One lane per term: the dot where W acts (a ring of radius 1 drawn with
  // the lane's width, so the dot grows with it), along the chain, up to L_t.
  const lanes = el(svg, "g", {
    fill: "none",
    stroke: "var(--accent)",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
  });
  const labels = layout.labelled
    ? el(svg, "g", {
      "text-anchor": "end",
      "font-size": 12,
      fill: "var(--text-soft)",
    })
    : undefined;
  for (const lane of layout.lanes) {
    const x0 = round(lane.x0);
    const y = round(lane.y);
    el(lanes, "path", {
      d: `M${round(x0 - 1)},${y}a1,1 0 1 0 2,0a1,1 0 1 0-2,0M${x0},${y}H${
        round(lane.x1)
      }V${round(lossY + NODE * 2 - 5)}`,
      "stroke-width": lane.width,
    });
    if (labels) {
      el(labels, "text", {
        x: round(x0 - 7),
        y: round(y + 4),
      }, `${lane.t},${lane.k}`);
    }
  }
  placeTexts(document, letters, placed.letters);
  placeTexts(document, indices, placed.indices);
  return svg;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * The figure in words, from the numbers it is drawn from: the terms from the
 * largest to the smallest.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { describePaths } from "./bptt-paths.ts";
 * assertEquals(
 *   describePaths(0, [{ t: 0, k: 0, norm: 0.5 }]),
 *   "The unrolled network, h minus 1 to h 0, with one term as paths from " +
 *     "the state h k, where W acts, along the chain to h t and up to the " +
 *     "loss L t, wider for a larger term. The widest " +
 *     "is (t, k) = (0, 0), norm 0.5; the thinnest (0, 0), norm 0.5.",
 * );
 * ```
 */
export function describePaths(T: number, terms: PathTerm[]): string {
  const sorted = [...terms].sort((a, b) => b.norm - a.norm);
  const count = terms.length === 1 ? "one term" : `the ${terms.length} terms`;
  return `The unrolled network, h minus 1 to h ${T}, with ${count} as ` +
    "paths from the state h k, where W acts, along the chain to h t and up " +
    "to the loss L t, wider for a larger term. " +
    `The widest is (t, k) = (${sorted[0].t}, ${sorted[0].k}), norm ${
      short(sorted[0].norm)
    }; the thinnest (${sorted.at(-1)!.t}, ${sorted.at(-1)!.k}), norm ${
      short(sorted.at(-1)!.norm)
    }.`;
}

/**
 * {@link describePaths} in Chinese.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { describePathsZh } from "./bptt-paths.ts";
 * assertEquals(
 *   describePathsZh(0, [{ t: 0, k: 0, norm: 0.5 }]),
 *   "展开的网络，从 h minus 1 到 h 0，其中 1 项画成路径：从 W 起作用的状态 h k 出发，" +
 *     "沿链到 h t，再向上到损失 L t，项越大线越宽。最宽的是 (t, k) = (0, 0)，" +
 *     "范数 0.5；最细的是 (0, 0)，范数 0.5。",
 * );
 * ```
 */
export function describePathsZh(T: number, terms: PathTerm[]): string {
  const sorted = [...terms].sort((a, b) => b.norm - a.norm);
  return `展开的网络，从 h minus 1 到 h ${T}，其中 ${terms.length} 项画成路径：` +
    "从 W 起作用的状态 h k 出发，沿链到 h t，再向上到损失 L t，项越大线越宽。" +
    `最宽的是 (t, k) = (${sorted[0].t}, ${sorted[0].k})，范数 ${
      short(sorted[0].norm, "zh")
    }；最细的是 (${sorted.at(-1)!.t}, ${sorted.at(-1)!.k})，范数 ${
      short(sorted.at(-1)!.norm, "zh")
    }。`;
}

/**
 * A norm in three significant digits, as a screen reader reads it: a small
 * one with its power of ten in words, as the table beside the figure writes
 * it (1.98 × 10⁻⁴), not as 0.000198 read digit by digit.
 */
function short(norm: number, lang = "en"): string {
  return numberWords(norm, 3, lang);
}

/** Figure 2 of rnn-2a: the ten terms of `T = 3`. */
export const diagram: DiagramSpec = {
  name: "rnn-2a-paths",
  exercise: "rnn-2a",
  title: "The ten terms of ∂L/∂W as paths through the unrolled network",
  // Plain text with HTML subscripts: MathML would weigh more than the figure.
  caption: "Each line is the term <i>t</i>,<i>k</i> written at its start: " +
    "<i>W</i> acts on <i>h<sub>k</sub></i> (the dot), the gradient runs " +
    "along the chain to <i>h<sub>t</sub></i>, one Jacobian factor a step, " +
    "and rises into <i>L<sub>t</sub></i>. The width grows with the " +
    `logarithm of the term’s norm, from ${STROKE.min} px (smallest) to ${STROKE.max} px (largest).`,
  alt: "The terms of ∂L/∂W drawn as paths on the unrolled network.",
  // The drawing's own line widths.
  fixed: [`${STROKE.min} px`, `${STROKE.max} px`],
  describe(results) {
    const r = results as { T: number; terms: PathTerm[] };
    return describePaths(r.T, r.terms);
  },
  words: {
    zh: {
      title: "∂L/∂W 的十项：展开网络中的路径",
      caption: "每条线是起点处标出的第 <i>t</i>,<i>k</i> 项：" +
        "<i>W</i> 作用于 <i>h<sub>k</sub></i>（圆点），梯度沿链传到 <i>h<sub>t</sub></i>，" +
        "每步一个雅可比因子，再向上进入 <i>L<sub>t</sub></i>。线宽随该项范数的对数增大，" +
        `从 ${STROKE.min} px（最小）到 ${STROKE.max} px（最大）。`,
      alt: "∂L/∂W 的各项，画成展开网络上的路径。",
      fixed: [`${STROKE.min} px`, `${STROKE.max} px`],
      describe(results) {
        const r = results as { T: number; terms: PathTerm[] };
        return describePathsZh(r.T, r.terms);
      },
    },
  },
  draw(results) {
    const r = results as { T: number; terms: PathTerm[] };
    const terms = r.terms.map(({ t, k, norm }) => ({ t, k, norm }));
    return {
      wide: { plot: (document) => drawPaths(document, r.T, terms) },
    };
  },
};

/** The results of the BPTT-terms explorer that the figure needs. */
interface ExplorerResults {
  T: number;
  rows: PathTerm[];
}

/**
 * The same figure in the BPTT-terms explorer, for the `T` chosen there: drawn
 * at build time for the default settings, and again in the browser by
 * `scripts/explorers/browser.ts` when the controls change.
 */
export const explorerDiagram: DiagramSpec = {
  name: "bptt-terms-paths",
  exercise: "bptt-terms",
  title: "Every term of ∂L/∂W as a path through the unrolled network",
  caption: "Each line is one term of the double sum: <i>W</i> acts on " +
    "<i>h<sub>k</sub></i> (the dot), the gradient runs along the chain to " +
    "<i>h<sub>t</sub></i> and rises into <i>L<sub>t</sub></i>; the lines " +
    "of one loss are grouped, <i>L</i><sub>0</sub> at the top. The width " +
    "grows with the logarithm of the term’s norm, from " +
    `${STROKE.min} px for the smallest (with few terms, up to ${STROKE.max} ` +
    "px for the largest). It is redrawn " +
    "with the heat map when the settings change; on a narrow screen, " +
    "scroll it sideways.",
  alt: "The terms of ∂L/∂W drawn as paths on the unrolled network.",
  // The first loss's index and the drawing's own line widths.
  fixed: ["<sub>0</sub>", `${STROKE.min} px`, `${STROKE.max} px`],
  scroll: true,
  describe(results) {
    const r = results as ExplorerResults;
    return describePaths(r.T, r.rows);
  },
  words: {
    zh: {
      title: "∂L/∂W 的每一项：展开网络中的路径",
      caption:
        "每条线是双重求和中的一项：<i>W</i> 作用于 <i>h<sub>k</sub></i>（圆点），" +
        "梯度沿链传到 <i>h<sub>t</sub></i>，再向上进入 <i>L<sub>t</sub></i>；" +
        "同一损失的线归为一组，<i>L</i><sub>0</sub> 在最上方。线宽随该项范数的对数增大，" +
        `最小的项为 ${STROKE.min} px（项数少时，最大的项可达 ${STROKE.max} px）。` +
        "设定改变时，它与热图一起重画；在窄屏上可横向滚动查看。",
      alt: "∂L/∂W 的各项，画成展开网络上的路径。",
      fixed: ["<sub>0</sub>", `${STROKE.min} px`, `${STROKE.max} px`],
      describe(results) {
        const r = results as ExplorerResults;
        return describePathsZh(r.T, r.rows);
      },
    },
  },
  draw(results) {
    const r = results as ExplorerResults;
    const terms = r.rows.map(({ t, k, norm }) => ({ t, k, norm }));
    return {
      wide: { plot: (document) => drawPaths(document, r.T, terms) },
    };
  },
};
