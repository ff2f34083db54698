/**
 * The `num` and `tex` filters: the only way a number gets onto a page.
 *
 * `{{ r.path |> num }}` writes a number in the prose by the notes' one rule
 * (`scripts/lib/format.ts`: 4 significant digits, `num(6)` for more);
 * `{{ r.path |> tex }}` writes a number, vector or matrix inside math. A
 * `num` that ends up inside math (`$L = {{ r.L |> num }}$`) is turned into
 * the same TeX as `tex` by the math plugin, so both work there. Both mark
 * every number with its full value (`data-num`) and its digits
 * (`data-digits`), so that the tests can check each one against the results
 * and the rule, and a reader who wants the unrounded value finds it in the
 * page's HTML (the notation page says so). Exact values,
 * given as strings (`"29/50"`), are marked `data-exact`.
 *
 * @module
 */
import type { Site } from "../core/site.ts";
import {
  escapeHtml,
  exactText,
  exactToTex,
  formatNumberHtml,
  formatNumberTex,
} from "./_format.ts";

/** Options of the numbers plugin. */
export interface NumbersOptions {
  /** Significant digits when a page gives none. */
  digits?: number;
}

/** Register the `num` and `tex` filters. */
export function numbers(options: NumbersOptions = {}) {
  const defaults = { digits: 4, ...options };
  return (site: Site) => {
    site.filter("num", (value: unknown, digits = defaults.digits) => {
      return numHtml(value, digits);
    });
    site.filter("tex", (value: unknown, digits = defaults.digits) => {
      return toTex(value, digits);
    });
  };
}

function describe(value: unknown): string {
  if (value === undefined) {
    return "undefined (is the path right? `deno task results` lists every result)";
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}

/**
 * A number for the prose, as HTML: `<span data-num="0.9">0.9</span>`, with
 * `data-digits` when they are not the default 4 (its full value is also what
 * the stylesheet knows it by: no class, 12 bytes less a number).
 * Exact values given as strings (`"29/50"`) are written as they are.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numHtml } from "./numbers.ts";
 * assertEquals(
 *   numHtml(0.123456),
 *   '<span data-num="0.123456">0.1235</span>',
 * );
 * assertEquals(
 *   numHtml(0.123456, 6),
 *   '<span data-num="0.123456" data-digits="6">0.123456</span>',
 * );
 * ```
 */
export function numHtml(value: unknown, digits = 4): string {
  if (typeof value === "string") {
    // As the rule writes every number: minus signs, long integers grouped.
    return `<span data-exact>${escapeHtml(exactText(value))}</span>`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`num expects a number, got ${describe(value)}`);
  }
  const digitsAttribute = digits === 4 ? "" : ` data-digits="${digits}"`;
  return `<span data-num="${value}"${digitsAttribute}>${
    formatNumberHtml(value, digits)
  }</span>`;
}

/**
 * A number, vector (a column) or matrix (rows) as TeX, each number wrapped
 * in `\htmlData{num=…}` so that its full value stays in the HTML.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { toTex } from "./numbers.ts";
 * assertEquals(toTex([[1, 0.5]]), "\\begin{bmatrix} \\htmlData{num=1,digits=4}{1} & \\htmlData{num=0.5,digits=4}{0.5} \\end{bmatrix}");
 * ```
 */
export function toTex(value: unknown, digits = 4): string {
  const scalar = (x: unknown): string => {
    if (typeof x === "string") return exactToTex(x);
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new Error(`tex expects numbers, got ${describe(x)}`);
    }
    return `\\htmlData{num=${x},digits=${digits}}{${
      formatNumberTex(x, digits)
    }}`;
  };
  if (!Array.isArray(value)) return scalar(value);
  if (value.length === 0) throw new Error("tex got an empty array");
  const rows = value.every(Array.isArray)
    ? (value as unknown[][]).map((row) => {
      if (row.some(Array.isArray)) {
        throw new Error("tex handles numbers, vectors and matrices only");
      }
      return row.map(scalar).join(" & ");
    })
    : value.map((x) => {
      if (Array.isArray(x)) {
        throw new Error("tex got a mix of numbers and arrays");
      }
      return scalar(x);
    });
  return `\\begin{bmatrix} ${rows.join(" \\\\ ")} \\end{bmatrix}`;
}

export default numbers;
