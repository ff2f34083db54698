/**
 * Drawing a diagram by hand: plain SVG elements placed at given coordinates
 * on any document (linkedom at build time, a browser's in tests). Labels are
 * written in a small TeX-like markup (`C_{t−1}`, `∂C_t/∂C_{t−1}`) and drawn
 * with real subscripts and italic variables; arrows end in drawn triangles
 * rather than markers, so that two diagrams on one page share no ids.
 * Colours are the site's custom properties or `currentColor`.
 *
 * @module
 */

import { numberParts } from "../site/plugins/_format.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** A point of the drawing, in its units (CSS pixels at natural width). */
export interface Point {
  x: number;
  y: number;
}

/** The font size of labels, in units; subscripts are {@link SMALL}. */
export const TEXT = 15;
/** The font size of subscripts, superscripts and secondary words. */
export const SMALL = 12;

/** The colours a hand-drawn diagram uses, as the site's custom properties. */
export const COLOR = {
  text: "currentColor",
  soft: "var(--text-soft)",
  rule: "var(--rule)",
  bg: "var(--bg)",
  bgSoft: "var(--bg-soft)",
  accent: "var(--accent)",
} as const;

/** One run of a label: its text, whether it is italic, and its level (−1 sub, 1 super). */
export interface LabelRun {
  text: string;
  italic: boolean;
  level: -1 | 0 | 1;
}

/**
 * Split a label written as in TeX into runs: `_x` or `_{…}` is a subscript,
 * `^x` or `^{…}` a superscript; a single Latin letter (with any combining
 * mark after it, as in `C̃`) is a variable, set in italic, and so is every
 * letter of a subscript or superscript (`W_{hh}`); words on the line
 * (`tanh`, `diag`), digits, Greek letters and symbols are upright.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { labelRuns } from "./_hand.ts";
 * assertEquals(labelRuns("diag(f_t)"), [
 *   { text: "diag(", italic: false, level: 0 },
 *   { text: "f", italic: true, level: 0 },
 *   { text: "t", italic: true, level: -1 },
 *   { text: ")", italic: false, level: 0 },
 * ]);
 * assertEquals(labelRuns("h_{t−1}").map((r) => r.text), ["h", "t", "−1"]);
 * assertEquals(labelRuns("W_{hh}")[1], { text: "hh", italic: true, level: -1 });
 * ```
 */
export function labelRuns(label: string): LabelRun[] {
  const runs: LabelRun[] = [];
  const push = (text: string, italic: boolean, level: -1 | 0 | 1) => {
    const last = runs.at(-1);
    if (last && last.italic === italic && last.level === level) {
      last.text += text;
    } else runs.push({ text, italic, level });
  };
  const plain = (text: string, level: -1 | 0 | 1) => {
    for (
      const [word] of text.matchAll(
        /[A-Za-z]\p{M}*(?:[A-Za-z]\p{M}*)*|[^A-Za-z]+/gu,
      )
    ) {
      const letters = word.replace(/\p{M}/gu, "");
      // In a subscript or superscript every letter is a variable, as in
      // the pages' math (`W_{hh}`); on the line a word is a name (`tanh`).
      push(
        word,
        level === 0 ? /^[A-Za-z]$/.test(letters) : /^[A-Za-z]+$/.test(letters),
        level,
      );
    }
  };
  let i = 0;
  while (i < label.length) {
    const char = label[i];
    if (char === "_" || char === "^") {
      const level = char === "_" ? -1 : 1;
      let body: string;
      if (label[i + 1] === "{") {
        const end = label.indexOf("}", i + 2);
        if (end < 0) throw new Error(`label "${label}": unclosed {`);
        body = label.slice(i + 2, end);
        i = end + 1;
      } else {
        const [next] = label.slice(i + 1).match(/^.\p{M}*/u) ?? [""];
        if (!next) throw new Error(`label "${label}": nothing after ${char}`);
        body = next;
        i += 1 + next.length;
      }
      plain(body, level);
      continue;
    }
    let end = i;
    while (end < label.length && label[end] !== "_" && label[end] !== "^") {
      end++;
    }
    plain(label.slice(i, end), 0);
    i = end;
  }
  return runs;
}

/** Options of {@link text}. */
export interface TextOptions {
  /** `start`, `middle` (the default) or `end`. */
  anchor?: "start" | "middle" | "end";
  /** Font size in units ({@link TEXT} by default). */
  size?: number;
  /** Fill colour (`currentColor` by default). */
  color?: string;
  /** A class, for the tests and the stylesheet. */
  className?: string;
}

/**
 * A `<text>` of a label in the markup of {@link labelRuns}, its baseline
 * centred vertically on `y` (the middle of a lower-case letter), with
 * subscripts lowered and superscripts raised by their own `dy`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { text } from "./_hand.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const label = text(document as unknown as Document, { x: 10, y: 20 }, "h_t");
 * assertEquals(label.getAttribute("y"), "25"); // the baseline, a third of the size below
 * assertEquals(label.textContent, "ht");
 * const sub = label.querySelectorAll("tspan")[1];
 * assertEquals([sub.getAttribute("class"), sub.getAttribute("dy")], ["i s", "4"]); // italic, small
 * ```
 */
export function text(
  document: Document,
  at: Point,
  label: string,
  options: TextOptions = {},
): Element {
  const { anchor = "middle", size = TEXT, color = COLOR.text, className } =
    options;
  // What the drawing's root and its group of labels give every text
  // (`svgRoot`, `finishDrawing`) is not repeated on each.
  const element = el(document, "text", {
    x: at.x,
    y: Math.round(at.y + size / 3),
    "text-anchor": anchor === "middle" ? undefined : anchor,
    "font-size": size === TEXT ? undefined : size,
    fill: color === COLOR.text ? undefined : color,
    class: className,
  });
  const shift = (level: number) =>
    level === 0
      ? 0
      : level < 0
      ? Math.round(size * 0.27)
      : -Math.round(size * 0.4);
  let current = 0;
  for (const run of labelRuns(label)) {
    const dy = shift(run.level) - current;
    current = shift(run.level);
    if (!run.italic && run.level === 0 && dy === 0) {
      element.appendChild(document.createTextNode(run.text));
      continue;
    }
    // Italic and small by class (the site's stylesheet, `.diagram .i` and
    // `.diagram .s`): a label has many runs, and the page many labels.
    const classes = [run.italic ? "i" : "", run.level === 0 ? "" : "s"];
    const span = el(document, "tspan", {
      class: classes.filter(Boolean).join(" ") || undefined,
      dy: dy === 0 ? undefined : dy,
    });
    span.textContent = run.text;
    element.appendChild(span);
  }
  return element;
}

/** An SVG element with the given attributes (`undefined` ones left out). */
export function el(
  document: Document,
  tag: string,
  attributes: Record<string, string | number | undefined> = {},
): Element {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  return element;
}

/**
 * What the root of a drawing of lines gives every element (lines in
 * `currentColor`, 1.5 wide, text of {@link TEXT} units, centred), so that
 * each says only how it differs.
 */
export const LINE_DRAWING = {
  fill: "none",
  stroke: COLOR.text,
  "stroke-width": 1.5,
  "stroke-linejoin": "round",
  "font-size": TEXT,
  "text-anchor": "middle",
} as const;

/** A piece of text placed at a point: a label of a drawing. */
export interface PlacedText {
  x: number;
  y: number;
  text: string;
}

/**
 * Append labels to `parent`: those of one character all in one `<text>`
 * that places each character (`x="10 50" y="5">hh`), drawn as one `<text>`
 * each would be; the others one `<text>` each.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { placeTexts } from "./_hand.ts";
 * const { document } = parseHTML("<svg><g></g></svg>");
 * const g = document.querySelector("g")!;
 * placeTexts(document as unknown as Document, g as unknown as Element, [
 *   { x: 10, y: 5, text: "h" }, { x: 50, y: 5, text: "h" }, { x: 90, y: 9, text: "−1" },
 * ]);
 * assertEquals(
 *   [...g.querySelectorAll("text")].map((t) => [t.getAttribute("x"), t.getAttribute("y"), t.textContent]),
 *   [["10 50", "5", "hh"], ["90", "9", "−1"]],
 * );
 * ```
 */
export function placeTexts(
  document: Document,
  parent: Element,
  texts: PlacedText[],
): void {
  const letters = texts.filter(({ text }) => /^[^\s]$/u.test(text));
  const others = texts.filter((text) => !letters.includes(text));
  const runs = letters.length > 1 ? [letters] : letters.map((one) => [one]);
  for (const run of [...runs, ...others.map((one) => [one])]) {
    const ys = run.map(({ y }) => y);
    const element = el(document, "text", {
      x: run.map(({ x }) => x).join(" "),
      y: ys.every((y) => y === ys[0]) ? ys[0] : ys.join(" "),
    });
    element.textContent = run.map(({ text }) => text).join("");
    parent.appendChild(element);
  }
}

/**
 * The root `<svg>` of a drawing `width × height` units, drawn at that size
 * in CSS pixels, carrying what its elements share: by default
 * {@link LINE_DRAWING}; a drawing that groups its marks itself gives its
 * own (a page with a wide and a narrow rendering of two diagrams stays
 * within its weight only if no element repeats what its root says).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { svgRoot } from "./_hand.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const doc = document as unknown as Document;
 * const svg = svgRoot(doc, 120, 40.5, { fill: "currentColor", "font-size": 16 });
 * assertEquals(
 *   ["viewBox", "width", "fill", "stroke"].map((name) => svg.getAttribute(name)),
 *   ["0 0 120 40.5", "120", "currentColor", null],
 * );
 * assertEquals(svgRoot(doc, 10, 10).getAttribute("fill"), "none");
 * ```
 */
export function svgRoot(
  document: Document,
  width: number,
  height: number,
  presentation: Record<string, string | number> = LINE_DRAWING,
): Element {
  return el(document, "svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    ...presentation,
  });
}

/**
 * Move every text of a drawing, in order, into one group at its end that
 * fills text and strokes none: labels stand over the lines, and no text
 * repeats the colour it shares; labels of one letter that share a group go
 * into one `<text>` ({@link placeTexts}).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { finishDrawing, svgRoot, text } from "./_hand.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const doc = document as unknown as Document;
 * const svg = svgRoot(doc, 10, 10);
 * svg.appendChild(text(doc, { x: 5, y: 5 }, "x"));
 * finishDrawing(doc, svg);
 * assertEquals(svg.lastElementChild!.getAttribute("fill"), "currentColor");
 * assertEquals(svg.lastElementChild!.querySelectorAll("text").length, 1);
 * ```
 */
export function finishDrawing(document: Document, svg: Element): Element {
  const labels = el(document, "g", { stroke: "none", fill: COLOR.text });
  // Texts that share a colour, size or anchor share a group that says it
  // once (texts do not overlap, so their order among themselves is free).
  const shared = ["fill", "font-size", "text-anchor"];
  const groups = new Map<string, Element>();
  for (const label of [...svg.querySelectorAll("text")]) {
    const values = shared.map((name) => label.getAttribute(name));
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (!group) {
      group = values.every((v) => v === null) ? labels : el(
        document,
        "g",
        Object.fromEntries(
          shared.map((name, k) => [name, values[k] ?? undefined]),
        ),
      );
      if (group !== labels) labels.appendChild(group);
      groups.set(key, group);
    }
    for (const name of shared) label.removeAttribute(name);
    group.appendChild(label);
  }
  // In each group, the labels of one letter in one <text> (placeTexts);
  // not a digit, which here is a value (0 and 1 of rnn-3c's paths).
  for (const group of new Set([labels, ...groups.values()])) {
    const letters = [...group.children].filter((label) =>
      label.tagName.toLowerCase() === "text" && label.children.length === 0 &&
      label.getAttributeNames().every((name) => name === "x" || name === "y") &&
      /^[^\s\d]$/u.test(label.textContent ?? "")
    );
    if (letters.length < 2) continue;
    for (const label of letters) label.remove();
    placeTexts(
      document,
      group,
      letters.map((label) => ({
        x: Number(label.getAttribute("x")),
        y: Number(label.getAttribute("y")),
        text: label.textContent!,
      })),
    );
  }
  svg.appendChild(labels);
  return svg;
}

/** How an arrow of {@link Arrows} is drawn. */
export interface ArrowOptions {
  color?: string;
  width?: number;
  /** Draw a head at the end (the default) or not. */
  head?: boolean;
  /** Dash pattern, e.g. `"5 4"`. */
  dash?: string;
  className?: string;
}

/** Whether the axis-parallel step `[p, q]` contains the step from `a` to `b`. */
function covers([p, q]: [Point, Point], a: Point, b: Point): boolean {
  const within = (v: number, s: number, t: number) =>
    Math.min(s, t) <= v && v <= Math.max(s, t);
  if (p.y === q.y && a.y === p.y && b.y === p.y) {
    return within(a.x, p.x, q.x) && within(b.x, p.x, q.x);
  }
  if (p.x === q.x && a.x === p.x && b.x === p.x) {
    return within(a.y, p.y, q.y) && within(b.y, p.y, q.y);
  }
  return false;
}

/**
 * Arrows, collected and then drawn with as few elements as they allow: one
 * path for all the lines of a style (colour, width, dash, class) and one for
 * all their heads. A head is a triangle at the last point, pointing along
 * the last segment; the line stops inside it. Axis-parallel steps are
 * written as `H`/`V`, so a diagram of many arrows stays light.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { Arrows } from "./_hand.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const doc = document as unknown as Document;
 * const arrows = new Arrows();
 * arrows.add([{ x: 0, y: 0 }, { x: 20, y: 0 }]);
 * arrows.add([{ x: 0, y: 10 }, { x: 20, y: 10 }]);
 * const svg = document.querySelector("svg")!;
 * arrows.drawInto(doc, svg as unknown as Element);
 * const [lines, heads] = [...svg.querySelectorAll("path")];
 * assertEquals(lines.getAttribute("d"), "M0,0H10.5M0,10H10.5");
 * assertEquals(heads.getAttribute("d"), "M20,0L9.5,4L9.5,-4ZM20,10L9.5,14L9.5,6Z");
 * ```
 */
export class Arrows {
  #styles = new Map<
    string,
    {
      options: ArrowOptions;
      lines: string[];
      heads: string[];
      steps: [Point, Point][];
    }
  >();

  /** Add an arrow through `points`. */
  add(points: Point[], options: ArrowOptions = {}): void {
    const { color = COLOR.text, width = 1.5, head = true, dash, className } =
      options;
    const key = JSON.stringify([color, width, dash, className]);
    let style = this.#styles.get(key);
    if (!style) {
      style = {
        options: { color, width, dash, className },
        lines: [],
        heads: [],
        steps: [],
      };
      this.#styles.set(key, style);
    }
    const line = points.map((p) => ({ ...p }));
    if (head && line.length >= 2) {
      const length = 9 + width;
      const end = line[line.length - 1];
      const before = line[line.length - 2];
      const d = Math.hypot(end.x - before.x, end.y - before.y) || 1;
      const [ux, uy] = [(end.x - before.x) / d, (end.y - before.y) / d];
      const half = 2.5 + width;
      const back = { x: end.x - ux * length, y: end.y - uy * length };
      const drawn = "M" + [
        [end.x, end.y],
        [back.x - uy * half, back.y + ux * half],
        [back.x + uy * half, back.y - ux * half],
      ].map(([x, y]) => `${round(x)},${round(y)}`).join("L") + "Z";
      // Two arrows into one point (inputs sharing a bus) share a head.
      if (!style.heads.includes(drawn)) style.heads.push(drawn);
      // The line ends inside the head, so that its square end does not show.
      line[line.length - 1] = {
        x: end.x - ux * (length - 1),
        y: end.y - uy * (length - 1),
      };
    }
    // A step that lies on one already drawn in this style (two inputs
    // sharing a bus) is left out; the rest is written as runs of steps.
    let d = "";
    let at: Point | undefined;
    for (let k = 1; k < line.length; k++) {
      const a = { x: round(line[k - 1].x), y: round(line[k - 1].y) };
      const b = { x: round(line[k].x), y: round(line[k].y) };
      if (style.steps.some((step) => covers(step, a, b))) continue;
      style.steps.push([a, b]);
      if (!at || at.x !== a.x || at.y !== a.y) d += `M${a.x},${a.y}`;
      if (a.y === b.y) d += `H${b.x}`;
      else if (a.x === b.x) d += `V${b.y}`;
      else d += `L${b.x},${b.y}`;
      at = b;
    }
    style.lines.push(d);
  }

  /** Append the collected arrows to `parent`, styles in the order first used. */
  drawInto(document: Document, parent: Element): void {
    for (const { options, lines, heads } of this.#styles.values()) {
      const { color, width, dash, className } = options;
      parent.appendChild(el(document, "path", {
        class: className,
        d: lines.join(""),
        stroke: color === COLOR.text ? undefined : color,
        "stroke-width": width === 1.5 ? undefined : width,
        "stroke-dasharray": dash,
      }));
      if (heads.length === 0) continue;
      // Outlined in their own colour (the root's unless given), which
      // rounds their corners.
      parent.appendChild(el(document, "path", {
        class: className ? `${className} head` : undefined,
        d: heads.join(""),
        fill: color,
        stroke: color === COLOR.text ? undefined : color,
      }));
    }
  }
}

/**
 * Where a line from `inside` (the centre of a shape) towards `outside` leaves
 * the shape: a circle of radius `r`, or a box `w × h` centred on `inside`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { exitPoint } from "./_hand.ts";
 * assertEquals(exitPoint({ x: 0, y: 0 }, { x: 0, y: 50 }, { r: 10 }), { x: 0, y: 10 });
 * assertEquals(exitPoint({ x: 0, y: 0 }, { x: 50, y: 0 }, { w: 40, h: 20 }), { x: 20, y: 0 });
 * ```
 */
export function exitPoint(
  inside: Point,
  outside: Point,
  shape: { r: number } | { w: number; h: number },
): Point {
  const dx = outside.x - inside.x;
  const dy = outside.y - inside.y;
  const d = Math.hypot(dx, dy);
  if (d === 0) return inside;
  let t: number;
  if ("r" in shape) t = shape.r / d;
  else {
    const tx = dx === 0 ? Infinity : shape.w / 2 / Math.abs(dx);
    const ty = dy === 0 ? Infinity : shape.h / 2 / Math.abs(dy);
    t = Math.min(tx, ty);
  }
  return { x: round(inside.x + dx * t), y: round(inside.y + dy * t) };
}

/** A number rounded to hundredths. */
export function round(n: number): number {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * A number as a label, written as the pages write it (`num`: 4 significant
 * digits, a true minus sign, powers of ten as superscripts in the label
 * markup).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numberLabel } from "./_hand.ts";
 * assertEquals(numberLabel(0.046800984), "0.04680");
 * assertEquals(numberLabel(-1.23456e-7), "−1.235 × 10^{−7}");
 * assertEquals(numberLabel(1), "1");
 * ```
 */
export function numberLabel(x: number, digits = 4): string {
  const { negative, mantissa, exponent, groups } = numberParts(x, digits);
  const sign = negative ? "−" : "";
  if (groups) return sign + groups.join("\u202f");
  if (exponent === undefined) return sign + mantissa;
  const power = `10^{${exponent < 0 ? "−" : ""}${Math.abs(exponent)}}`;
  return mantissa === "1" ? sign + power : `${sign}${mantissa} × ${power}`;
}

/**
 * A number for a screen reader: as {@link numberLabel}, with a power of ten
 * said in words.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numberWords } from "./_hand.ts";
 * assertEquals(numberWords(2.38049e-11), "2.380 times 10 to the power −11");
 * assertEquals(numberWords(0.6602737), "0.6603");
 * assertEquals(numberWords(2.38049e-11, 4, "zh"), "2.380 乘以 10 的 −11 次方");
 * ```
 */
export function numberWords(x: number, digits = 4, lang = "en"): string {
  const say = POWER_WORDS[lang] ?? POWER_WORDS.en;
  return numberLabel(x, digits)
    .replace(/ × 10\^\{([^}]*)\}/, say.times)
    .replace(/^(−?)10\^\{([^}]*)\}$/, say.power);
}

/**
 * How {@link numberWords} says a power of ten, by language (`$1`, `$2`:
 * the sign and the exponent, as `String.replace` fills them).
 */
const POWER_WORDS: Record<string, { times: string; power: string }> = {
  en: { times: " times 10 to the power $1", power: "$110 to the power $2" },
  zh: { times: " 乘以 10 的 $1 次方", power: "$110 的 $2 次方" },
};
