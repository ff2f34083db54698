/**
 * How numbers are written on the pages, in HTML (`num`) and in TeX (`tex`):
 * the one rule of `scripts/lib/format.ts` (re-exported here), and the site's
 * escaping and exact values.
 *
 * @module
 */

export {
  formatNumberHtml,
  formatNumberTex,
  formatNumberText,
  type NumberParts,
  numberParts,
} from "../../lib/format.ts";

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

/**
 * An exact value given as a string, in TeX: `"-29/50"` → `-\frac{29}{50}`,
 * integers of five digits or more grouped by three with thin spaces (the
 * notes' rule for numbers); marked `data-exact` in the MathML.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { exactToTex } from "./_format.ts";
 * assertEquals(
 *   exactToTex("-29/12345"),
 *   "\\htmlData{exact=-29/12345}{-\\frac{29}{12\\,345}}",
 * );
 * ```
 */
export function exactToTex(value: string): string {
  const text = value.trim();
  const mark = (tex: string) => `\\htmlData{exact=${text}}{${tex}}`;
  const fraction = /^(-?)(\d+)\/(\d+)$/.exec(text);
  if (fraction) {
    return mark(
      `${fraction[1]}\\frac{${groupDigits(fraction[2], "\\,")}}{${
        groupDigits(fraction[3], "\\,")
      }}`,
    );
  }
  const decimal = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (decimal) {
    return mark(
      `${decimal[1]}${groupDigits(decimal[2], "\\,")}${decimal[3] ?? ""}`,
    );
  }
  return `\\text{${value.replace(/[\\{}$&#^_%~]/g, (c) => `\\${c}`)}}`;
}

/**
 * An exact value given as a string, as text: its minus signs as minus signs
 * (`−`, not a hyphen, as every number of the notes), integers of five
 * digits or more grouped by three with narrow spaces. Anything else is left
 * as written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { exactText } from "./_format.ts";
 * assertEquals(exactText("-7/25"), "−7/25");
 * assertEquals(exactText("1048576/-3"), "1\u202f048\u202f576/−3");
 * assertEquals(exactText("a-1"), "a-1");
 * ```
 */
export function exactText(value: string): string {
  return value
    .replace(/(?<![\w.])-(?=\d)/g, "−")
    .replace(/\d{5,}/g, (digits) => groupDigits(digits, "\u202f"));
}

/**
 * The digits of an integer grouped by three from five digits on:
 * `groupDigits("1048576", "\u202f")` is `1 048 576` with narrow spaces.
 */
export function groupDigits(digits: string, separator: string): string {
  if (digits.length < 5) return digits;
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) {
    groups.unshift(digits.slice(Math.max(0, end - 3), end));
  }
  return groups.join(separator);
}
