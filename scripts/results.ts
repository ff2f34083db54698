/**
 * All results as one JSON object keyed by id: every exercise of the catalogue
 * (`scripts/exercises/mod.ts`), then the audit of the seeds (`"errata"`,
 * `scripts/audit/errata.ts`), then the explorers at their default settings
 * (`scripts/explorers/mod.ts`). `deno task results` prints it.
 *
 * @module
 */
import { compute as computeErrata } from "./audit/errata.ts";
import { type Exercise, EXERCISES } from "./exercises/mod.ts";
import { EXPLORERS } from "./explorers/mod.ts";
import { defaultSettings, sanitizeSettings } from "./explorers/_controls.ts";

/** A script whose results the site shows, and where it lives. */
export interface ResultSource extends Exercise {
  /** The script, when it is not `scripts/exercises/<id>.ts`. */
  source?: string;
}

/**
 * Every script whose results the site shows: the exercises, then the errata,
 * then the explorers (the results of their default settings).
 */
export const RESULT_SOURCES: ResultSource[] = [
  ...EXERCISES,
  { id: "errata", compute: computeErrata, source: "scripts/audit/errata.ts" },
  ...EXPLORERS.map((explorer) => ({
    id: explorer.id,
    compute: () => {
      const defaults = defaultSettings(explorer);
      const examples = Object.entries(explorer.examples ?? {}).map((
        [name, values],
      ) => [
        name,
        explorer.compute(
          sanitizeSettings(
            explorer,
            values as Record<string, unknown>,
            defaults,
          ),
        ),
      ]);
      const results = explorer.compute(defaults) as Record<string, unknown>;
      return examples.length
        ? { ...results, examples: Object.fromEntries(examples) }
        : results;
    },
    source: `scripts/explorers/${explorer.id}.ts`,
  })),
];

/**
 * Compute every result, in catalogue order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { RESULT_SOURCES } from "./results.ts";
 * const errata = RESULT_SOURCES.find((source) => source.id === "errata");
 * assertEquals(errata?.source, "scripts/audit/errata.ts");
 * ```
 */
export function computeAll(): Record<string, unknown> {
  return Object.fromEntries(RESULT_SOURCES.map((e) => [e.id, e.compute()]));
}

if (import.meta.main) console.log(JSON.stringify(computeAll(), null, 2));
