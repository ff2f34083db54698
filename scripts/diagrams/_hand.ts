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

import { numberParts } from "../site/_format.ts";

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
 * mark after it, as in `C̃`) is a variable, set in italic; words (`tanh`,
 * `diag`), digits, Greek letters and symbols are upright.
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
      push(word, /^[A-Za-z]$/.test(letters), level);
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
 * assertEquals(sub.getAttribute("font-style"), "italic");
 * assertEquals([sub.getAttribute("font-size"), sub.getAttribute("dy")], ["12", "4"]);
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
  const element = el(document, "text", {
    x: at.x,
    y: round(at.y + size / 3),
    "text-anchor": anchor,
    "font-size": size,
    fill: color,
    class: className,
  });
  const small = Math.max(SMALL, Math.round(size * 0.8));
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
    const span = el(document, "tspan", {
      "font-style": run.italic ? "italic" : undefined,
      "font-size": run.level === 0 ? undefined : small,
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

/** The root `<svg>` of a drawing `width × height` units, drawn at that size in CSS pixels. */
export function svgRoot(
  document: Document,
  width: number,
  height: number,
): Element {
  return el(document, "svg", {
    xmlns: SVG_NS,
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    fill: "none",
  });
}

/** Options of {@link arrow}. */
export interface ArrowOptions {
  color?: string;
  width?: number;
  /** Draw a head at the end (the default) or not. */
  head?: boolean;
  /** Dash pattern, e.g. `"5 4"`. */
  dash?: string;
  className?: string;
}

/**
 * A polyline through `points` with a triangular head at its last point,
 * pointing along its last segment; the line stops where the head begins.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { arrow } from "./_hand.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const a = arrow(document as unknown as Document, [{ x: 0, y: 0 }, { x: 20, y: 0 }]);
 * assertEquals(a.querySelector("path")!.getAttribute("d"), "M0,0L9.5,0");
 * assertEquals(a.querySelector("polygon")!.getAttribute("points"), "20,0 8.5,4.5 8.5,-4.5");
 * ```
 */
export function arrow(
  document: Document,
  points: Point[],
  options: ArrowOptions = {},
): Element {
  const { color = COLOR.text, width = 1.5, head = true, dash, className } =
    options;
  const group = el(document, "g", { class: className });
  const line = points.map((p) => ({ ...p }));
  const length = 10 + width;
  if (head && line.length >= 2) {
    const end = line[line.length - 1];
    const before = line[line.length - 2];
    const dx = end.x - before.x;
    const dy = end.y - before.y;
    const d = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / d, dy / d];
    const half = 3 + width;
    const back = { x: end.x - ux * length, y: end.y - uy * length };
    group.appendChild(el(document, "polygon", {
      points: [
        [end.x, end.y],
        [back.x - uy * half, back.y + ux * half],
        [back.x + uy * half, back.y - ux * half],
      ].map(([x, y]) => `${round(x)},${round(y)}`).join(" "),
      fill: color,
    }));
    // The line ends inside the head, so that its square end does not show.
    line[line.length - 1] = {
      x: end.x - ux * (length - 1),
      y: end.y - uy * (length - 1),
    };
  }
  group.insertBefore(
    el(document, "path", {
      d: "M" + line.map((p) => `${round(p.x)},${round(p.y)}`).join("L"),
      stroke: color,
      "stroke-width": width,
      "stroke-dasharray": dash,
      "stroke-linejoin": "round",
    }),
    group.firstChild,
  );
  return group;
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
 * assertEquals(numberLabel(0.046800984), "0.0468");
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
 * assertEquals(numberWords(2.38049e-11), "2.38 times 10 to the power −11");
 * assertEquals(numberWords(0.6602737), "0.6603");
 * ```
 */
export function numberWords(x: number, digits = 4): string {
  return numberLabel(x, digits)
    .replace(/ × 10\^\{([^}]*)\}/, " times 10 to the power $1")
    .replace(/^(−?)10\^\{([^}]*)\}$/, "$110 to the power $2");
}
