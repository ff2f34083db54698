/**
 * The notes' one rule for writing numbers (`scripts/lib/format.ts`, stated on
 * the notation page), checked on a built page: every number a reader sees, in
 * the prose, in tables, in formulas (MathML `<mn>`) and in the charts' SVG
 * text, is read back and checked against the rule, written here a second
 * time, independently of the formatter:
 *
 * - a number marked with its value (`data-num`, `data-nums`) is shown exactly
 *   as the rule writes that value with its digits (`data-digits`, else 4);
 * - any other number is in a form the rule allows: an integer up to
 *   999 999, grouped by three from five digits; a decimal from 0.001 to
 *   9999.x with at most 4 significant digits; `a × 10ⁿ` with 1 ≤ a < 10 only
 *   below 0.001 or from 10 000 on; `10ⁿ` anywhere; never `1e+60`.
 *
 * Code (`pre`, `code`), identifiers marked `data-literal` (a DOI, a version),
 * zero-padded ids (`seed 002`) and exact strings (`data-exact`, fractions in
 * lowest terms) are not numbers in this sense.
 *
 * @module
 */

/** One number that breaks the rule, on one page. */
export interface NumberProblem {
  /** The page's URL. */
  url: string;
  /** Where on the page: `prose`, `math`, `chart`. */
  where: string;
  /** The number as shown. */
  shown: string;
  /** What is wrong with it. */
  why: string;
}

// A formula's hidden plain-text twin, for the search (search_text.ts), is
// written from the formula's own numbers by the rule's formatter; the
// formula itself is checked.
const SKIP =
  "script, style, pre, code, kbd, samp, [data-literal], .eq-number, [hidden]";

const SUPERSCRIPTS = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹";
const PLAIN = "-0123456789";

/**
 * Text as a line in which a power is written `^(n)`: `10<sup>−5</sup>`,
 * `10⁻⁵` and MathML `<msup><mn>10</mn><mn>−5</mn></msup>` all become
 * `10^(-5)`; minus signs become `-`, and the thin spaces of MathML become
 * U+202F.
 */
export function linearText(node: Node): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.nodeType === 3) {
      parts.push(n.textContent ?? "");
      return;
    }
    if (n.nodeType !== 1) return;
    const element = n as Element;
    const tag = element.tagName.toLowerCase();
    if (tag === "sup" || tag === "msup") {
      const children = [...element.children];
      if (tag === "msup") {
        if (children[0]) visit(children[0]);
        parts.push(
          "^(",
          children[1] ? linearText(children[1]).trim() : "",
          ")",
        );
      } else {
        const inner = [...element.childNodes].map(linearText).join("");
        parts.push("^(", inner.trim(), ")");
      }
      return;
    }
    if (tag === "mspace") {
      parts.push("\u202f");
      return;
    }
    // Separate MathML tokens (identifiers, operators) from numbers.
    const token = /^m(i|o|text)$/.test(tag);
    if (token) parts.push(" ");
    for (const child of element.childNodes) visit(child);
    if (token) parts.push(" ");
  };
  visit(node);
  return parts.join("")
    .replace(
      /[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/g,
      (s) => `^(${[...s].map((c) => PLAIN[SUPERSCRIPTS.indexOf(c)]).join("")})`,
    )
    .replace(/\u2212/g, "-");
}

/** A number in a line of {@link linearText}. */
const NUMBER = new RegExp(
  [
    // Not part of an identifier or a longer token: rnn-1b, W30, h_0, v1.5.2.
    String.raw`(?<![\p{L}\p{N}_.\-–/#@:'])`,
    String.raw`(-\s?)?`,
    String.raw`(?:`,
    // JavaScript's e-notation.
    String.raw`(?<e>\d+(?:\.\d+)?e[+-]?\d+)`,
    // a × 10^(n), or 10^(n) alone.
    String.raw`|(?:(?<a>\d+(?:\.\d+)?)\s*[×·]\s*)?10\^\((?<n>-?\d+)\)`,
    // An SI prefix, as d3 writes ticks: 2k, 1M.
    String.raw`|(?<si>\d+(?:\.\d+)?[kMG])(?!\p{L})`,
    // A number in full, maybe grouped.
    String
      .raw`|(?<full>\d{1,3}(?:[\u202f\u2009 ]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)`,
    String.raw`)`,
    String.raw`(?![\p{L}_]|\.\d|\d)`,
  ].join(""),
  "gu",
);

function significant(digits: string): number {
  return digits.replace(".", "").replace(/^0+/, "").length;
}

/**
 * What is wrong with one number token of {@link NUMBER}, or `undefined`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numbersIn } from "./_number_rule.ts";
 * assertEquals(numbersIn("the norm 191800 and 1e+60").map((n) => n.why.split(":")[0]), [
 *   "an integer of five or more digits not grouped by three",
 *   "JavaScript e-notation",
 * ]);
 * ```
 */
export function numbersIn(line: string): { shown: string; why: string }[] {
  const found: { shown: string; why: string }[] = [];
  for (const match of line.matchAll(NUMBER)) {
    const why = problemOf(match.groups ?? {});
    if (why) found.push({ shown: match[0].trim(), why });
  }
  return found;
}

function problemOf(groups: Record<string, string | undefined>): string | void {
  const { e, si, a, n, full } = groups;
  if (e) return "JavaScript e-notation: write a × 10ⁿ";
  if (si) return "an SI prefix (k, M, G): write the number by the rule";
  if (n !== undefined) {
    if (a === undefined) return; // 10ⁿ is allowed anywhere.
    const mantissa = Number(a);
    if (!(mantissa >= 1 && mantissa < 10)) {
      return `the factor before × 10ⁿ must be from 1 to 9.99…, found ${a}`;
    }
    const exponent = Number(n);
    if (exponent >= -3 && exponent <= 3) {
      return "scientific notation between 0.001 and 10 000: write it in full";
    }
    return;
  }
  if (full === undefined) return;
  const plain = full.replace(/[\u202f\u2009 ]/g, "");
  const [whole, decimals] = plain.split(".");
  if (/^0\d/.test(whole) && decimals === undefined) return; // an id: seed 002
  if (decimals === undefined) {
    if (whole.length >= 5 && plain === full) {
      return "an integer of five or more digits not grouped by three";
    }
    if (whole.length < 5 && plain !== full) {
      return "an integer of four digits or fewer is not grouped";
    }
    if (Number(whole) > 999_999) {
      return "an integer beyond 999 999 in full: write a × 10ⁿ (or mark it exact)";
    }
    return;
  }
  const value = Number(plain);
  if (value !== 0 && value < 1e-3) {
    return "a decimal below 0.001: write a × 10ⁿ";
  }
  if (whole.length >= 5) return "a decimal from 10 000 on: write a × 10ⁿ";
  if (significant(plain) > 4) {
    return "more than 4 significant digits not given by num(n) or tex(n)";
  }
}

/**
 * What the rule writes for `value` with `digits` significant digits, as a
 * line of {@link linearText} without spaces: the rule again, independently
 * of `scripts/lib/format.ts`, from `toPrecision`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { ruleText } from "./_number_rule.ts";
 * assertEquals(ruleText(0.100004, 4), "0.1000");
 * assertEquals(ruleText(0.1, 4), "0.1");
 * assertEquals(ruleText(191751.06, 4), "1.918×10^(5)");
 * assertEquals(ruleText(1073741824, 4), "1.074×10^(9)");
 * assertEquals(ruleText(-123456, 4), "-123456");
 * assertEquals(ruleText(1e-5, 4), "10^(-5)");
 * ```
 */
export function ruleText(value: number, digits: number): string {
  const sign = value < 0 ? "-" : "";
  const size = Math.abs(value);
  if (Number.isInteger(size) && size < 1e6) return sign + String(size);
  // Read the rounded value in scientific form; exact when no digit is lost.
  const rounded = size.toPrecision(digits);
  const exact = Number(rounded) === size;
  const [m, e] = Number(rounded).toExponential(digits - 1).split("e");
  const exponent = Number(e);
  const trim = (s: string) =>
    exact && s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  if (exponent < -3 || exponent >= 4) {
    const mantissa = trim(m);
    return sign + (mantissa === "1" && exact ? "" : `${mantissa}×`) +
      `10^(${exponent})`;
  }
  return sign +
    trim(Number(rounded).toFixed(Math.max(0, digits - 1 - exponent)));
}

function squeeze(text: string): string {
  return text.replace(/[\s\u202f\u2009]/g, "");
}

/** Every number of a parsed page that breaks the rule. */
export function checkPage(document: Document, url: string): NumberProblem[] {
  const problems: NumberProblem[] = [];
  const body = document.body;
  if (!body) return problems;
  // Numbers marked with their value: shown as the rule writes that value.
  for (const element of body.querySelectorAll("[data-num]")) {
    if (element.closest(SKIP)) continue;
    const value = Number(element.getAttribute("data-num"));
    const digits = Number(element.getAttribute("data-digits") ?? 4);
    const shown = squeeze(linearText(element));
    const expected = ruleText(value, digits);
    if (shown !== expected) {
      problems.push({
        url,
        where: element.closest("math") ? "math" : "prose",
        shown,
        why: `the value ${value} with ${digits} digits is written ${expected}`,
      });
    }
  }
  for (const element of body.querySelectorAll("[data-nums]")) {
    const values = element.getAttribute("data-nums")!.split(" ").map(Number);
    const digits = Number(element.getAttribute("data-digits") ?? 4);
    const cells = element.classList.contains("matrix")
      ? [...element.children].map((cell) => squeeze(linearText(cell)))
      : squeeze(linearText(element)).replace(/^\(|\)$/g, "").split(",");
    values.forEach((value, i) => {
      const expected = ruleText(value, digits);
      if (cells[i] !== expected) {
        problems.push({
          url,
          where: "prose",
          shown: cells[i] ?? "(missing)",
          why:
            `the value ${value} with ${digits} digits is written ${expected}`,
        });
      }
    });
  }
  // Every other number: in a form the rule allows.
  const unmarked = body.cloneNode(true) as Element;
  for (
    const node of [
      ...unmarked.querySelectorAll(`${SKIP}, [data-num], [data-nums]`),
    ]
  ) node.remove();
  // Exact strings: fractions in lowest terms.
  for (const element of [...unmarked.querySelectorAll("[data-exact]")]) {
    const shown = squeeze(element.textContent ?? "");
    if (/(?<![\w.])-(?=\d)/.test(shown)) {
      problems.push({
        url,
        where: "prose",
        shown,
        why: "a minus written as a hyphen",
      });
    }
    const text = shown.replace(/\u2212/g, "-");
    const fraction = /^-?(\d+)\/(\d+)$/.exec(text);
    if (fraction && gcd(Number(fraction[1]), Number(fraction[2])) !== 1) {
      problems.push({
        url,
        where: "prose",
        shown: text,
        why: "a fraction not in lowest terms",
      });
    }
    element.remove();
  }
  const blocks: [string, Element][] = [];
  for (const math of [...unmarked.querySelectorAll("math")]) {
    blocks.push(["math", math]);
    math.remove();
  }
  for (const svg of [...unmarked.querySelectorAll("svg")]) {
    for (const text of svg.querySelectorAll("text, title")) {
      blocks.push(["chart", text]);
    }
    svg.remove();
  }
  // The prose, block by block (a number never spans two).
  for (
    const element of unmarked.querySelectorAll(
      "p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, caption, summary, label, span.readout-note",
    )
  ) {
    if (element.querySelector("p, li, td, th, dd, dt, figcaption")) continue;
    blocks.push(["prose", element]);
  }
  for (const [where, element] of blocks) {
    for (const { shown, why } of numbersIn(linearText(element))) {
      problems.push({ url, where, shown, why });
    }
  }
  // Attributes a reader hears: the charts' alt text and labels.
  for (const element of body.querySelectorAll("[aria-label]")) {
    if (element.closest(SKIP)) continue;
    const label = element.getAttribute("aria-label") ?? "";
    for (
      const { shown, why } of numbersIn(linearText(textNode(document, label)))
    ) {
      problems.push({ url, where: "aria-label", shown, why });
    }
  }
  return problems;
}

function textNode(document: Document, text: string): Node {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
