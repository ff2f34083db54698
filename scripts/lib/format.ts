/**
 * # How a number is written: the notes' one rule
 *
 * Every number the notes show, in the prose, in tables, in formulas, on chart
 * axes, in captions, alt text and the explorers' read-outs, is written by this
 * module, so that one value always looks the same. The rule (stated for
 * readers on the notation page, `content/notation.md`):
 *
 * 1. **Integers** from −999 999 to 999 999 are written in full, their digits
 *    grouped by three with a narrow space from five digits on (`12 345`).
 * 2. **Every other number** is rounded to 4 significant digits (more where a
 *    page's point is a difference in later digits: `num(6)`). A value that
 *    needs no rounding is written as it is (`0.25`); a rounded one keeps all
 *    its digits, trailing zeros included (`0.1000` is 0.100004 rounded, `0.1`
 *    is exactly 0.1), so the digits shown say how precise it is.
 * 3. **Fixed notation** from 0.001 to 9999.x (after rounding); **scientific
 *    notation** `1.235 × 10⁻⁵` outside. An exact power of ten may be written
 *    `10ⁿ`, and a logarithmic axis labels its ticks that way.
 * 4. A **minus sign** is a true minus, `−`, not a hyphen.
 * 5. **Exact rationals** are written `p/q` in lowest terms (`\frac{p}{q}` in a
 *    formula); exact integers beyond rule 1 are given by the scripts as exact
 *    strings and written in full, grouped.
 *
 * This module is pure (no site, no DOM): the build, the charts and the
 * explorers' browser bundle all import it.
 *
 * @module
 */

/** The parts of a number as it will be written. */
export interface NumberParts {
  /** True for a negative number (never for zero). */
  negative: boolean;
  /** Digits with a decimal point where needed, without sign: `"1.235"`. */
  mantissa: string;
  /** The power of ten in scientific notation; `undefined` in fixed notation. */
  exponent?: number;
  /** Digit groups of an integer of five digits or more: `["12", "345"]`. */
  groups?: string[];
  /** True when the digits shown are the value rounded (not the value). */
  rounded?: boolean;
}

/** Largest integer written in full (rule 1). */
export const LARGEST_FULL_INTEGER = 999_999;
/** Fixed notation from here (rule 3)… */
export const FIXED_FROM = 1e-3;
/** …up to, but not including, here. */
export const FIXED_BELOW = 1e4;
/** Significant digits when none are asked for (rule 2). */
export const DEFAULT_DIGITS = 4;

/**
 * Split `x` into what is written: sign, digits and power of ten.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numberParts } from "./format.ts";
 * assertEquals(numberParts(0.000123456), {
 *   negative: false,
 *   mantissa: "1.235",
 *   exponent: -4,
 *   rounded: true,
 * });
 * assertEquals(numberParts(0.100004).mantissa, "0.1000");
 * assertEquals(numberParts(0.1).mantissa, "0.1");
 * ```
 */
export function numberParts(x: number, digits = DEFAULT_DIGITS): NumberParts {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`not a finite number: ${String(x)}`);
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new Error(`digits must be an integer from 1 to 17, got ${digits}`);
  }
  const negative = x < 0;
  const size = Math.abs(x);
  if (Number.isInteger(size) && size <= LARGEST_FULL_INTEGER) {
    return { negative, ...integerParts(String(size)) };
  }
  // Exact when the shortest decimal that reads back as `size` has no more
  // significant digits than asked for.
  const exact = significantDigits(size) <= digits;
  const [digitsText, exponentText] = size.toExponential(digits - 1).split("e");
  const exponent = Number(exponentText);
  const keep = (text: string) => exact ? stripZeros(text) : text;
  const rounding = exact ? {} : { rounded: true };
  // By the rounded value's exponent: 9999.7 rounds to 1.000 × 10⁴.
  if (10 ** exponent < FIXED_FROM || 10 ** exponent >= FIXED_BELOW) {
    return { negative, mantissa: keep(digitsText), exponent, ...rounding };
  }
  const rounded = Number(`${digitsText}e${exponentText}`);
  return {
    negative,
    mantissa: keep(rounded.toFixed(Math.max(0, digits - 1 - exponent))),
    ...rounding,
  };
}

/** Digits and groups of a non-negative integer written in full. */
function integerParts(text: string): { mantissa: string; groups?: string[] } {
  if (text.length < 5) return { mantissa: text };
  const groups: string[] = [];
  for (let end = text.length; end > 0; end -= 3) {
    groups.unshift(text.slice(Math.max(0, end - 3), end));
  }
  return { mantissa: text, groups };
}

/** How many significant digits the shortest decimal of `size` (> 0) has. */
function significantDigits(size: number): number {
  const [mantissa] = size.toExponential().split("e");
  return mantissa.replace(".", "").length;
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "\u207b",
  "0": "\u2070",
  "1": "\u00b9",
  "2": "\u00b2",
  "3": "\u00b3",
  "4": "\u2074",
  "5": "\u2075",
  "6": "\u2076",
  "7": "\u2077",
  "8": "\u2078",
  "9": "\u2079",
};

/** `-12` as superscript characters: `⁻¹²`. */
export function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPT[c]).join("");
}

/**
 * A number as HTML text: `−1.235 × 10<sup>−5</sup>`, with a true minus sign
 * and narrow no-break spaces between groups of digits.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatNumberHtml } from "./format.ts";
 * assertEquals(formatNumberHtml(-0.9), "−0.9");
 * assertEquals(formatNumberHtml(104857), "104\u202f857");
 * assertEquals(formatNumberHtml(1048576), "1.049\u202f×\u202f10<sup>6</sup>");
 * ```
 */
export function formatNumberHtml(x: number, digits = DEFAULT_DIGITS): string {
  const { negative, mantissa, exponent, groups, rounded } = numberParts(
    x,
    digits,
  );
  const sign = negative ? "\u2212" : "";
  if (groups) return sign + groups.join("\u202f");
  if (exponent === undefined) return sign + mantissa;
  const power = `10<sup>${exponent < 0 ? "\u2212" : ""}${
    Math.abs(exponent)
  }</sup>`;
  // Only an exact power of ten is written 10ⁿ alone (rule 3).
  return mantissa === "1" && !rounded
    ? `${sign}${power}`
    : `${sign}${mantissa}\u202f×\u202f${power}`;
}

/**
 * A number as plain text, for SVG text, alt text and `aria-label`s: the HTML
 * form with the power of ten in superscript characters (`1.5 × 10⁻⁴`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatNumberText } from "./format.ts";
 * assertEquals(formatNumberText(-0.00015), "−1.5\u202f×\u202f10⁻⁴");
 * assertEquals(formatNumberText(1e60), "10⁶⁰");
 * ```
 */
export function formatNumberText(x: number, digits = DEFAULT_DIGITS): string {
  const { negative, mantissa, exponent, groups, rounded } = numberParts(
    x,
    digits,
  );
  const sign = negative ? "\u2212" : "";
  if (groups) return sign + groups.join("\u202f");
  if (exponent === undefined) return sign + mantissa;
  const power = `10${superscript(exponent)}`;
  // Only an exact power of ten is written 10ⁿ alone (rule 3).
  return mantissa === "1" && !rounded
    ? `${sign}${power}`
    : `${sign}${mantissa}\u202f×\u202f${power}`;
}

/**
 * A number as TeX: `-1.235 \times 10^{-5}`, groups of digits separated by
 * thin spaces.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatNumberTex } from "./format.ts";
 * assertEquals(formatNumberTex(-1.23456e-7), "-1.235 \\times 10^{-7}");
 * ```
 */
export function formatNumberTex(x: number, digits = DEFAULT_DIGITS): string {
  const { negative, mantissa, exponent, groups, rounded } = numberParts(
    x,
    digits,
  );
  const sign = negative ? "-" : "";
  if (groups) return sign + groups.join("\\,");
  if (exponent === undefined) return sign + mantissa;
  const power = `10^{${exponent}}`;
  // Only an exact power of ten is written 10ⁿ alone (rule 3).
  return mantissa === "1" && !rounded
    ? `${sign}${power}`
    : `${sign}${mantissa} \\times ${power}`;
}

/**
 * The label of a tick of a linear axis: the rule's plain text, after the
 * floating-point noise of the tick's computation (`0.30000000000000004`) is
 * dropped.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tickLabel } from "./format.ts";
 * assertEquals([0.1 + 0.2, 20000, -0.5, 2e-5].map((x) => tickLabel(x)), [
 *   "0.3",
 *   "20\u202f000",
 *   "−0.5",
 *   "2\u202f×\u202f10⁻⁵",
 * ]);
 * ```
 */
export function tickLabel(x: number): string {
  return formatNumberText(Number(x.toPrecision(12)));
}

/**
 * The label of a tick of a logarithmic axis: a power of ten as `10ⁿ`
 * (`10⁰` for 1), so that the whole axis reads in one form; the ticks between
 * (2, 3, … times a power) get no label, as on printed log paper.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { logTickLabel } from "./format.ts";
 * assertEquals([1e-60, 0.01, 1, 1e40, 5e-7].map(logTickLabel), [
 *   "10⁻⁶⁰",
 *   "10⁻²",
 *   "10⁰",
 *   "10⁴⁰",
 *   "",
 * ]);
 * ```
 */
export function logTickLabel(x: number): string {
  const exponent = Math.round(Math.log10(Math.abs(x)));
  return x > 0 && Number(`1e${exponent}`) === Number(x.toPrecision(12))
    ? `10${superscript(exponent)}`
    : "";
}
