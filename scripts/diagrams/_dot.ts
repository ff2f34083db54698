/**
 * Small helpers for writing DOT with Graphviz's HTML-like labels: symbols in
 * italic with real subscripts, and the graph settings every diagram shares
 * (the font Graphviz measures text with, sizes, the palette's ink).
 *
 * @module
 */
import { INK } from "./_palette.ts";

/** Text escaped for an HTML-like label. */
export function esc(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * A subscript or superscript as the pages' math sets it: Latin letters
 * italic (`t−1`, `hh`, `(t)`), digits, signs and brackets upright, the whole
 * smaller.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { script } from "./_dot.ts";
 * assertEquals(script("t−1"), '<FONT POINT-SIZE="12"><I>t</I>−1</FONT>');
 * assertEquals(script("(3)"), '<FONT POINT-SIZE="12">(3)</FONT>');
 * ```
 */
export function script(text: string | number): string {
  return `<FONT POINT-SIZE="12">${
    esc(text).replace(/[A-Za-z]+/g, (letters) => `<I>${letters}</I>`)
  }</FONT>`;
}

/**
 * A math symbol for an HTML-like label: the letter in italic (Greek and
 * upright names as given), with a subscript and a superscript, smaller.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sym } from "./_dot.ts";
 * assertEquals(
 *   sym("h", "t−1"),
 *   '<I>h</I><SUB><FONT POINT-SIZE="12"><I>t</I>−1</FONT></SUB>',
 * );
 * assertEquals(sym("W", 3, { upright: true }), 'W<SUB><FONT POINT-SIZE="12">3</FONT></SUB>');
 * ```
 */
export function sym(
  name: string,
  sub?: string | number,
  options: { sup?: string; upright?: boolean } = {},
): string {
  // Latin letters are italic in math; Greek and operators are not slanted here.
  const italic = !options.upright && /^[A-Za-z]+$/.test(name);
  let label = italic ? `<I>${esc(name)}</I>` : esc(name);
  if (sub !== undefined && sub !== "") {
    label += `<SUB>${script(sub)}</SUB>`;
  }
  if (options.sup) {
    label += `<SUP>${script(options.sup)}</SUP>`;
  }
  return label;
}

/** A step index as written in a subscript: `t − 1`, `−1`, `3`. */
export function stepName(k: number): string {
  return k < 0 ? `−${-k}` : String(k);
}

/**
 * The head of a DOT graph with the settings every diagram shares: text in
 * Times (the metrics Graphviz knows; the page draws it in a Times-compatible
 * serif), 16 points (subscripts 12), lines and text in the text colour, no background.
 */
export function graphHead(attributes: string[] = []): string {
  return [
    "digraph {",
    `graph [bgcolor="transparent" fontname="Times-Roman" fontsize=16 ${
      attributes.join(" ")
    }]`,
    `node [fontname="Times-Roman" fontsize=16 color="${INK.text}" fontcolor="${INK.text}"]`,
    `edge [fontname="Times-Roman" fontsize=16 color="${INK.text}" fontcolor="${INK.text}" arrowsize=0.7]`,
  ].join("\n");
}
