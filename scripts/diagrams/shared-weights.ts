/**
 * Figure 4 of a3-2: unrolling and parameter sharing. The folded network is
 * one function `F_θ` whose output state comes back as its next input; the
 * unrolled network is a chain of `T` copies of that function, every copy
 * reading one input and the same parameters `θ`, drawn once and joined to
 * every copy. `T` and the number of parameters in `θ` come from a3-2's
 * results. Placed by hand on a grid (Graphviz would not keep `θ` and the
 * inputs on opposite sides of the chain): wide, time runs to the right; on a
 * phone, down, the same drawing turned.
 *
 * @module
 */
import type { A32Results } from "../exercises/a3-2.ts";
import { type DiagramSpec, diagramTranslator } from "./types.ts";
import { type PlacedText, placeTexts, svgRoot } from "./_hand.ts";

const SVG = "http://www.w3.org/2000/svg";
/** Radius of a state or input; half sizes of a copy of `F_θ`. */
const R = 17;
const BOX = { w: 22, h: 16 };
/** Between the centres of neighbours along the chain. */
const STEP = 52;

/**
 * Draw the figure: `vertical` for phones. Positions are given as `along`
 * (the chain's direction) and `across`; the wide drawing maps them to x and
 * y, the vertical one to y and x.
 */
function drawSharing(
  document: Document,
  T: number,
  parameters: number,
  vertical: boolean,
  t: (english: string) => string = (english) => english,
): SVGSVGElement {
  const r1 = (n: number) => Math.round(n * 10) / 10;
  // The folded network: F_θ reading x_t, its state h_t looping back.
  // On a phone the word "folded" sits above the loop, inside the picture.
  const fold = vertical ? { x: 60, y: 74 } : { x: 40, y: 110 };
  // The unrolled chain: h_0, then F_θ and h_t for t = 1 … T.
  const start = vertical ? { along: 214, across: 110 } : {
    along: 150,
    across: 110,
  };
  const at = (along: number, across: number): [number, number] =>
    vertical ? [across, along] : [along, across];
  const across = start.across;
  // Inputs on one side of the chain, θ on the other.
  const inputSide = vertical ? -78 : 70;
  const thetaSide = vertical ? 100 : -70;
  const middle = start.along + T * STEP;
  const [thetaX, thetaY] = at(middle, across + thetaSide);
  // Half the width of θ's box.
  const half = 56;
  const [endX, endY] = at(start.along + 2 * T * STEP, across);
  const width = vertical
    ? Math.max(thetaX + half, across + R) + 10
    : endX + R + 10;
  const height = vertical ? endY + R + 10 : across + inputSide + R + 10;
  // Its marks are grouped by what they share: the root gives only the
  // text's colour and size.
  const svg = svgRoot(document, r1(width), r1(height), {
    fill: "currentColor",
    "font-size": 16,
  }) as SVGSVGElement;
  const el = (
    parent: Element,
    name: string,
    attributes: Record<string, string | number>,
    text?: string,
  ) => {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, String(value));
    }
    if (text !== undefined) element.textContent = text;
    parent.appendChild(element);
    return element;
  };
  const shapes = el(svg, "g", { fill: "none", stroke: "currentColor" });
  const shared = el(svg, "g", {
    fill: "none",
    stroke: "var(--text-soft)",
    "stroke-dasharray": "4 3",
  });
  const letters = el(svg, "g", {
    "text-anchor": "middle",
    "font-style": "italic",
  });
  const indices = el(svg, "g", { "font-size": 12 });
  const soft = el(svg, "g", {
    fill: "var(--text-soft)",
    "font-size": 14,
  });
  let heads = "";
  let softHeads = "";
  // Placed once all are known: letters of one style in one <text>.
  const placed = { letters: [] as PlacedText[], indices: [] as PlacedText[] };
  const symbol = (x: number, y: number, letter: string, index: string) => {
    const shift = 3.5 * (index.length - 1);
    placed.letters.push({ x: r1(x - 3 - shift), y: r1(y + 5), text: letter });
    const at = { x: r1(x + 2 - shift), y: r1(y + 9) };
    // A letter index (`t`) is a variable, italic as in the text's math.
    if (/^[A-Za-z]+$/.test(index)) {
      el(indices, "text", { ...at, "font-style": "italic" }, index);
    } else placed.indices.push({ ...at, text: index });
  };
  /**
   * An arrow from (x1, y1) to (x2, y2), leaving `from` after the start and
   * stopping `to` before the end (the shapes' edges).
   */
  const arrow = (
    [x1, y1]: [number, number],
    [x2, y2]: [number, number],
    from: number,
    to: number,
    dashed = false,
  ) => {
    const length = Math.hypot(x2 - x1, y2 - y1);
    const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
    const [ex, ey] = [x2 - ux * to, y2 - uy * to];
    el(dashed ? shared : shapes, "path", {
      d: `M${r1(x1 + ux * from)},${r1(y1 + uy * from)}L${r1(ex - ux * 6)},${
        r1(ey - uy * 6)
      }`,
    });
    const head = `M${r1(ex)},${r1(ey)}l${r1(-ux * 7 - uy * 3.5)},${
      r1(-uy * 7 + ux * 3.5)
    }l${r1(uy * 7)},${r1(-ux * 7)}z`;
    if (dashed) softHeads += head;
    else heads += head;
  };
  const state = (
    x: number,
    y: number,
    letter: string,
    index: string,
    dashed = false,
  ) => {
    el(shapes, "circle", {
      cx: r1(x),
      cy: r1(y),
      r: R,
      ...(dashed ? { "stroke-dasharray": "4 3" } : {}),
    });
    symbol(x, y, letter, index);
  };
  const cell = (x: number, y: number) => {
    el(shapes, "rect", {
      x: r1(x - BOX.w),
      y: r1(y - BOX.h),
      width: BOX.w * 2,
      height: BOX.h * 2,
      rx: 6,
      "stroke-width": 1.5,
    });
    symbol(x, y, "F", "θ");
  };

  cell(fold.x, fold.y);
  state(fold.x, fold.y + 70, "x", "t");
  arrow([fold.x, fold.y + 70], [fold.x, fold.y], R, BOX.h + 1);
  // The state leaves on the right and comes back in at the top.
  const top = fold.y - BOX.h - 1;
  el(shapes, "path", {
    d: `M${fold.x + BOX.w},${fold.y - 6}C${fold.x + BOX.w + 30},${fold.y - 6} ${
      fold.x + 8
    },${top - 36} ${fold.x + 8},${top - 7}`,
  });
  heads += `M${fold.x + 8},${top}l-3.5,-7h7z`;
  symbol(fold.x + BOX.w + 20, top - 20, "h", "t");
  el(soft, "text", { x: fold.x - 30, y: fold.y - 52 }, t("folded"));

  const unrolledLabel = el(soft, "text", {
    x: vertical ? 10 : start.along - 20,
    y: vertical ? start.along - 40 : 40,
  }, t("unrolled, "));
  // T, a variable, in italic; its value upright.
  el(unrolledLabel, "tspan", { "font-style": "italic" }, "T");
  unrolledLabel.appendChild(document.createTextNode(` = ${T}`));
  state(...at(start.along, across), "h", "0", true);
  for (let t = 1; t <= T; t++) {
    const f = start.along + (2 * t - 1) * STEP;
    const h = start.along + 2 * t * STEP;
    cell(...at(f, across));
    state(...at(h, across), "h", String(t));
    state(...at(f, across + inputSide), "x", String(t));
    const along = vertical ? BOX.h : BOX.w;
    const side = vertical ? BOX.w : BOX.h;
    arrow(at(f - STEP, across), at(f, across), R, along + 1);
    arrow(at(f, across), at(h, across), along, R + 1);
    arrow(at(f, across + inputSide), at(f, across), R, side + 1);
    // The one θ reaches every copy: shared, not copied.
    arrow([thetaX, thetaY], at(f, across), 14, side + 2, true);
  }
  // θ, once, with the number of its entries.
  const label = t("θ: {0} numbers").replace("{0}", String(parameters));
  el(svg, "rect", {
    x: r1(thetaX - half),
    y: r1(thetaY - 14),
    width: half * 2,
    height: 28,
    fill: "var(--bg)",
    stroke: "var(--text-soft)",
    "stroke-dasharray": "4 3",
  });
  el(soft, "text", {
    x: r1(thetaX),
    y: r1(thetaY + 5),
    "text-anchor": "middle",
  }, label);
  el(svg, "path", { d: heads });
  el(svg, "path", { d: softHeads, fill: "var(--text-soft)" });
  // θ's box drawn over the dashed lines' starts, its text over the box.
  svg.appendChild(soft);
  placeTexts(document, letters, placed.letters);
  placeTexts(document, indices, placed.indices);
  return svg;
}

/** The figure. */
export const diagram: DiagramSpec = {
  name: "a3-2-sharing",
  exercise: "a3-2",
  title: "Unrolling shares the parameters",
  caption:
    "Left (on a phone, above): the network as it is written, one function " +
    "$F_\\theta$ whose new state $h_t$ is fed back to it. Right: the same " +
    "network unrolled, one copy of $F_\\theta$ per step, each reading one " +
    "input and the state before it. There is one $\\theta$ (dashed), and " +
    "every copy reads it: the unrolled network is deep, but it has the " +
    "parameters of one step.",
  alt: "The folded and the unrolled network, with one shared θ.",
  describe(results) {
    const r = results as A32Results;
    return "Left, the folded network: a box F theta with input x t and an " +
      "arrow h t from its output back into itself. Right, the network " +
      `unrolled over ${r.sizes.T} steps: h 0 (dashed), then ` +
      `${r.sizes.T} boxes F theta in a chain, each reading an input x t ` +
      "and writing h t, the next box’s input. One box theta, holding " +
      `${r.perStep.recurrent} numbers, has a dashed arrow to every copy.`;
  },
  words: {
    zh: {
      title: "展开使参数共享",
      caption:
        "左（手机上为上）：网络的书写形式，一个函数 $F_\\theta$，其新状态 $h_t$ 反馈给它自己。" +
        "右：同一网络展开后的样子，每个时间步一个 $F_\\theta$ 的副本，每个副本读入一个输入和前一个状态。" +
        "$\\theta$ 只有一份（虚线），每个副本都读取它：展开后的网络很深，参数却只有一个时间步的量。",
      alt: "折叠的网络与展开的网络，共享同一个 θ。",
      describe(results) {
        const r = results as A32Results;
        return "左：折叠的网络，一个方框 F theta，输入为 x t，" +
          "一条标为 h t 的箭头从其输出回到自身。右：网络按 " +
          `${r.sizes.T} 个时间步展开：h 0（虚线），然后是 ` +
          `${r.sizes.T} 个方框 F theta 连成一条链，每个读入一个输入 x t，` +
          "写出 h t，作为下一个方框的输入。一个方框 theta 存放 " +
          `${r.perStep.recurrent} 个数，有虚线箭头连到每个副本。`;
      },
      labels: {
        "folded": "折叠",
        "unrolled, ": "展开，",
        "θ: {0} numbers": "θ：{0} 个数",
      },
    },
  },
  draw(results, words) {
    const r = results as A32Results;
    const { T } = r.sizes;
    const n = r.perStep.recurrent;
    const t = diagramTranslator(words);
    return {
      wide: { plot: (document) => drawSharing(document, T, n, false, t) },
      narrow: { plot: (document) => drawSharing(document, T, n, true, t) },
    };
  },
};
