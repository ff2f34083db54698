/**
 * All results of all exercises as one JSON object keyed by exercise id:
 * `deno task results`.
 *
 * @module
 */
import { EXERCISES } from "./exercises/mod.ts";

/**
 * Compute every exercise, in catalogue order.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { computeAll } from "./results.ts";
 * assert(typeof computeAll() === "object");
 * ```
 */
export function computeAll(): Record<string, unknown> {
  return Object.fromEntries(EXERCISES.map((e) => [e.id, e.compute()]));
}

if (import.meta.main) console.log(JSON.stringify(computeAll(), null, 2));
