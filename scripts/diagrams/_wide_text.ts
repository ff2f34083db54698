/**
 * Chinese (and other full-width) text in a Graphviz label. Graphviz sizes a
 * label by its own estimate of each character's width, which for a CJK
 * character is three quarters of an em, while the browser draws it a full
 * em wide: a cluster's box comes out too narrow for its label, and a run of
 * text after a Chinese one (an italic symbol) is drawn over it.
 *
 * @module
 */

/** Full-width characters: CJK ideographs, kana, hangul, full-width forms. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+/g;

/**
 * `text` with room made for its full-width runs in Graphviz's estimate:
 * after each run, one word joiner (U+2060, drawn zero-wide, estimated three
 * quarters of an em) for every three characters, which together Graphviz
 * estimates a quarter of an em too narrow each. Text without full-width
 * characters is returned as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { graphvizWideText } from "./_wide_text.ts";
 * assertEquals(graphvizWideText("to step t + 1"), "to step t + 1");
 * assertEquals(graphvizWideText("到时间步 t"), "到时间步\u2060\u2060 t");
 * assertEquals(graphvizWideText("折叠（a）"), "折叠（\u2060a）\u2060");
 * ```
 */
export function graphvizWideText(text: string): string {
  return text.replace(
    WIDE,
    (run) => run + "\u2060".repeat(Math.ceil([...run].length / 3)),
  );
}
