/**
 * JSON for people: `JSON.stringify` with one number per line makes a 3×3
 * matrix eleven lines long. Here a vector stays on one line, a matrix takes
 * one line a row, and anything short enough fits on one line. The numbers are
 * printed exactly as `JSON.stringify` prints them (the shortest decimal that
 * reads back as the same double), so nothing is rounded.
 *
 * @module
 */

/** Lines longer than this are broken (vectors never are). */
export const WIDTH = 80;

/**
 * Format a JSON value (numbers, strings, booleans, null, arrays, objects).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatJson } from "./format.ts";
 * const W = [[0.125, -1, 3], [1e-20, 2, 0.5]];
 * assertEquals(JSON.parse(formatJson({ W })), { W });
 * assertEquals(formatJson([1, 2]), "[1, 2]");
 * ```
 */
export function formatJson(value: unknown, indent = ""): string {
  const flat = inline(value);
  if (
    !isContainer(value) || isNumberArray(value) ||
    indent.length + flat.length <= WIDTH
  ) {
    return flat;
  }
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => inner + formatJson(item, inner))
    : Object.entries(value as Record<string, unknown>).map(([key, item]) =>
      `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`
    );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${items.join(",\n")}\n${indent}${close}`;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (isContainer(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? "{}"
      : `{ ${
        entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`)
          .join(", ")
      } }`;
  }
  return JSON.stringify(value);
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isNumberArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((x) => typeof x === "number");
}
