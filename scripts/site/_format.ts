/**
 * How numbers are written on the pages, in HTML (`num`) and in TeX (`tex`).
 *
 * One rule for both: integers below 10^15 are written exactly (grouped by
 * thousands from 10 000 on); every other number is rounded to `digits`
 * significant digits, trailing zeros dropped, in fixed notation between
 * 10^-3 and 10^6 and in scientific notation outside.
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
  /** Digit groups of an exact integer: `["1", "048", "576"]`. */
  groups?: string[];
}

/**
 * Split `x` into what is written: sign, digits and power of ten.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numberParts } from "./_format.ts";
 * assertEquals(numberParts(0.000123456), {
 *   negative: false,
 *   mantissa: "1.235",
 *   exponent: -4,
 * });
 * ```
 */
export function numberParts(x: number, digits = 4): NumberParts {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`not a finite number: ${String(x)}`);
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new Error(`digits must be an integer from 1 to 17, got ${digits}`);
  }
  const negative = x < 0;
  const size = Math.abs(x);
  if (Number.isInteger(size) && size < 1e15) {
    const text = String(size);
    if (size < 10000) return { negative, mantissa: text };
    const groups: string[] = [];
    for (let end = text.length; end > 0; end -= 3) {
      groups.unshift(text.slice(Math.max(0, end - 3), end));
    }
    return { negative, mantissa: text, groups };
  }
  const [digitsText, exponentText] = size.toExponential(digits - 1).split("e");
  const exponent = Number(exponentText);
  if (exponent < -3 || exponent >= 6) {
    return { negative, mantissa: stripZeros(digitsText), exponent };
  }
  const rounded = Number(`${digitsText}e${exponentText}`);
  const fixed = rounded.toFixed(Math.max(0, digits - 1 - exponent));
  return { negative, mantissa: stripZeros(fixed) };
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A number as HTML text: `−1.235 × 10<sup>−5</sup>`, with a true minus sign
 * and narrow no-break spaces between groups of digits.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatNumberHtml } from "./_format.ts";
 * assertEquals(formatNumberHtml(-0.9), "−0.9");
 * assertEquals(formatNumberHtml(1048576), "1\u202f048\u202f576");
 * ```
 */
export function formatNumberHtml(x: number, digits = 4): string {
  const { negative, mantissa, exponent, groups } = numberParts(x, digits);
  const sign = negative ? "\u2212" : "";
  if (groups) return sign + groups.join("\u202f");
  if (exponent === undefined) return sign + mantissa;
  const power = `10<sup>${exponent < 0 ? "\u2212" : ""}${
    Math.abs(exponent)
  }</sup>`;
  return mantissa === "1"
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
 * import { formatNumberTex } from "./_format.ts";
 * assertEquals(formatNumberTex(-1.23456e-7), "-1.235 \\times 10^{-7}");
 * ```
 */
export function formatNumberTex(x: number, digits = 4): string {
  const { negative, mantissa, exponent, groups } = numberParts(x, digits);
  const sign = negative ? "-" : "";
  if (groups) return sign + groups.join("\\,");
  if (exponent === undefined) return sign + mantissa;
  const power = `10^{${exponent}}`;
  return mantissa === "1"
    ? `${sign}${power}`
    : `${sign}${mantissa} \\times ${power}`;
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!,
  );
}

/** An exact value given as a string, in TeX: `"-29/50"` → `-\frac{29}{50}`. */
export function exactToTex(value: string): string {
  const fraction = /^(-?)(\d+)\/(\d+)$/.exec(value.trim());
  if (fraction) {
    return `${fraction[1]}\\frac{${fraction[2]}}{${fraction[3]}}`;
  }
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return `\\text{${value.replace(/[\\{}$&#^_%~]/g, (c) => `\\${c}`)}}`;
}
