/**
 * Subscripts in a chart's plain text. Captions, legends and text
 * alternatives are plain text, not MathML, so `h_t` would be read and seen
 * as "h underscore t". Unicode has subscript forms of the digits, of signs
 * and of most lower-case letters: `h_t` becomes `hₜ`, `W_hh` `Wₕₕ`,
 * `h_{t-1}` `hₜ₋₁`. A subscript with a character Unicode has no subscript
 * form of (`W_hz`, `x_T`) is left as written rather than half converted.
 *
 * @module
 */

const SUBSCRIPT: Readonly<Record<string, string>> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "−": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
};

// A one-letter symbol (Latin or Greek, not the end of a longer word), `_`,
// then a braced group or a run of letters and digits.
const PATTERN =
  /(?<![A-Za-z\u0370-\u03ff])([A-Za-z\u0370-\u03ff])_(?:\{([^{}]+)\}|([0-9a-z]+))/g;

/**
 * `text` with its TeX-style subscripts (`h_t`, `L_0`, `h_{t-1}`) written
 * as Unicode subscripts, where Unicode has every character of one.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { plainSubscripts } from "./_subscripts.ts";
 * assertEquals(plainSubscripts("‖∂h_t/∂h_k‖"), "‖∂hₜ/∂hₖ‖");
 * assertEquals(plainSubscripts("losses L_0 to L_3"), "losses L₀ to L₃");
 * assertEquals(plainSubscripts("h_{t-1}, W_hh"), "hₜ₋₁, Wₕₕ");
 * // No subscript form of z or T: left as written.
 * assertEquals(plainSubscripts("W_hz and x_T"), "W_hz and x_T");
 * // A name with an underscore is no subscript.
 * assertEquals(plainSubscripts("rnn_2a.csv"), "rnn_2a.csv");
 * ```
 */
export function plainSubscripts(text: string): string {
  return text.replace(
    PATTERN,
    (whole, symbol: string, braced?: string, bare?: string) => {
      const chars = [...(braced ?? bare ?? "")];
      if (!chars.every((char) => char in SUBSCRIPT)) return whole;
      return symbol + chars.map((char) => SUBSCRIPT[char]).join("");
    },
  );
}

/**
 * Write the subscripts of every text of `node` and its descendants (the
 * SVG's `<text>`, a legend's swatch labels) with {@link plainSubscripts}.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { subscriptTexts } from "./_subscripts.ts";
 * const { document } = parseHTML("<div><span>L_0</span><svg><text>L_1</text></svg></div>");
 * subscriptTexts(document.querySelector("div")!);
 * assertEquals(document.querySelector("div")!.textContent, "L₀L₁");
 * ```
 */
export function subscriptTexts(node: Node): void {
  if (node.nodeType === 3) {
    const text = node.textContent ?? "";
    const written = plainSubscripts(text);
    if (written !== text) node.textContent = written;
    return;
  }
  for (const child of node.childNodes) subscriptTexts(child);
}
