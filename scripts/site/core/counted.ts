/**
 * A count and its noun, singular for one: what the command line prints.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { counted } from "./counted.ts";
 * assertEquals(counted(1, "page"), "1 page");
 * assertEquals(counted(184, "page"), "184 pages");
 * assertEquals(counted(0, "file"), "0 files");
 * ```
 *
 * @module
 */

/** `n` and `noun`, with an s unless `n` is 1. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
