/**
 * A chart's rows as CSV, the data a reader can download beside every chart:
 * written at build time for the pages and in the browser by the explorers,
 * which is why it lives here and not in the build's chart plugin.
 *
 * @module
 */
import type { Row } from "./types.ts";

/**
 * Rows as CSV (RFC 4180): a header of every field in order of appearance,
 * numbers written in full.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { toCsv } from "./_csv.ts";
 * assertEquals(toCsv([{ n: 1, regime: "a, b" }]), 'n,regime\n1,"a, b"\n');
 * ```
 */
export function toCsv(rows: Row[]): string {
  const fields: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!fields.includes(key)) fields.push(key);
    }
  }
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return "";
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [
    fields.map(cell).join(","),
    ...rows.map((row) => fields.map((f) => cell(row[f])).join(",")),
  ]
    .join("\n") + "\n";
}
