/**
 * All results as one JSON object keyed by id: every exercise of the catalogue
 * (`scripts/exercises/mod.ts`), then the audit of the seeds (`"errata"`,
 * `scripts/audit/errata.ts`). `deno task results` prints it.
 *
 * @module
 */
import { compute as computeErrata } from "./audit/errata.ts";
import { type Exercise, EXERCISES } from "./exercises/mod.ts";

/** Every script whose results the site shows: the exercises, then the errata. */
export const RESULT_SOURCES: Exercise[] = [
  ...EXERCISES,
  { id: "errata", compute: computeErrata },
];

/**
 * Compute every result, in catalogue order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { RESULT_SOURCES } from "./results.ts";
 * assertEquals(RESULT_SOURCES.at(-1)?.id, "errata");
 * ```
 */
export function computeAll(): Record<string, unknown> {
  return Object.fromEntries(RESULT_SOURCES.map((e) => [e.id, e.compute()]));
}

if (import.meta.main) console.log(JSON.stringify(computeAll(), null, 2));
