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

/**
 * `text` with the primes of its formulas written as primes: an apostrophe
 * or a closing quote after a Greek letter (`σ'`), or after a letter and
 * before a bracket (`tanh'(z)`, `diag(f')`), is `′`; two of them are `″`.
 * The apostrophes of words (`the sigmoid's`) stay.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { plainPrimes } from "./_subscripts.ts";
 * assertEquals(plainPrimes("σ'(z) ≤ 1/4, tanh’(z), diag(f'), f''/2"), "σ′(z) ≤ 1/4, tanh′(z), diag(f′), f″/2");
 * assertEquals(plainPrimes("σ' becomes tiny"), "σ′ becomes tiny");
 * assertEquals(plainPrimes("the sigmoid's slope, rnn-2c’s W, 'quoted'"), "the sigmoid's slope, rnn-2c’s W, 'quoted'");
 * ```
 */
export function plainPrimes(text: string): string {
  return text
    .replace(/(?<=[A-Za-z\u0370-\u03ff])['’]['’]/g, "″")
    .replace(/(?<=[\u0370-\u03ff])['’](?![A-Za-z])/g, "′")
    .replace(/(?<=[A-Za-z])['’](?=[()])/g, "′");
}

/**
 * `html` (a caption or a script's prose, rendered) with its primes and
 * subscripts written as {@link plainPrimes} and {@link plainSubscripts}
 * write them, and those it leaves as
 * written (`W_rec`, `g_τ`: Unicode has no subscript c or τ) set as `<sub>`
 * elements, and a superscript (`^{d}`, `^2`) as `<sup>`; in its text only: never in a tag, nor in code, a formula or
 * hidden text (a formula's search twin).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { htmlSubscripts } from "./_subscripts.ts";
 * assertEquals(htmlSubscripts("‖W_rec‖₂ and max|g_τ − g|, h_t"), "‖W<sub>rec</sub>‖₂ and max|g<sub>τ</sub> − g|, hₜ");
 * assertEquals(htmlSubscripts('<a href="/a_b/">x_{T}</a>'), '<a href="/a_b/">x<sub>T</sub></a>');
 * assertEquals(htmlSubscripts("‖A‖_F, ∏_{j=1}^{d}"), "‖A‖<sub>F</sub>, ∏<sub>j=1</sub><sup>d</sup>");
 * assertEquals(htmlSubscripts("1 + f + … + f^t, 2n^2, x^ab"), "1 + f + … + f<sup>t</sup>, 2n<sup>2</sup>, x^ab");
 * assertEquals(htmlSubscripts("rnn_2a.csv, <code>W_hz</code>"), "rnn_2a.csv, <code>W_hz</code>");
 * assertEquals(
 *   htmlSubscripts("<span><math><mi>h</mi></math><span hidden>h_t <b>x_i</b></span></span> W_k"),
 *   "<span><math><mi>h</mi></math><span hidden>h_t <b>x_i</b></span></span> Wₖ",
 * );
 * ```
 */
export function htmlSubscripts(html: string): string {
  // The element whose text is left as it is, while inside it: its name and
  // how deep in elements of that name.
  let skipped: { name: string; depth: number } | undefined;
  return html.split(/(<[^>]*>)/).map((part) => {
    const tag = /^<(\/?)([A-Za-z][\w-]*)([^>]*)>$/.exec(part);
    if (tag) {
      const [, closing, name, rest] = tag;
      const lower = name.toLowerCase();
      const selfClosing = rest.endsWith("/");
      if (skipped) {
        if (lower === skipped.name && !selfClosing) {
          skipped.depth += closing ? -1 : 1;
          if (skipped.depth === 0) skipped = undefined;
        }
      } else if (
        !closing && !selfClosing &&
        (LEFT_AS_IS.has(lower) || /\shidden(?:[\s=]|$)/.test(rest))
      ) skipped = { name: lower, depth: 1 };
      return part;
    }
    if (skipped || part.startsWith("<")) return part;
    return plainSubscripts(plainPrimes(part)).replace(
      HTML_PATTERN,
      (_whole, symbol: string, braced?: string, bare?: string) =>
        `${symbol}<sub>${braced ?? bare}</sub>`,
    ).replace(NORM_INDEX, "‖<sub>$1</sub>")
      .replace(SUPERSCRIPT, "<sup>$1</sup>")
      .replace(BARE_SUPERSCRIPT, "<sup>$1</sup>");
  }).join("");
}

/** An exponent without braces, digits or one letter: `f^t`, `n^2`. */
const BARE_SUPERSCRIPT =
  /(?<=[0-9A-Za-z\u0370-\u03ff)])\^([0-9]+|[A-Za-z](?![A-Za-z0-9]))/g;

/** A braced superscript: `∏_{j=1}^{d}`. */
const SUPERSCRIPT = /\^\{([^{}<>]+)\}/g;

/** The index of a norm: `‖A‖_F`. */
const NORM_INDEX = /‖_([0-9A-Za-z]+)/g;

/** Elements whose text is not prose. */
const LEFT_AS_IS = new Set(["code", "pre", "math", "script", "style", "svg"]);

// As PATTERN, with capitals and Greek letters in the subscript too, and
// the signs of products and sums.
const HTML_PATTERN =
  /(?<![A-Za-z0-9_\u0370-\u03ff])([A-Za-z\u0370-\u03ff∏∑])_(?:\{([^{}<>]+)\}|([0-9A-Za-z\u0370-\u03ff]+))/g;
