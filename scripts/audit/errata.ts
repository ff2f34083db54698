/**
 * # Errata of the source solutions
 *
 * Every formula and claim of the five seeds (the homework solutions and notes
 * the course grew from) was evaluated on a concrete case, the source's version
 * beside the correct one. This module gathers what the audit modules found:
 * the discrepancies, what each seed gets right, and the claims we did not
 * check. Each entry names the test that demonstrates it.
 *
 * The results are the page `content/errata.md`, id `"errata"`.
 *
 * @module
 */
import * as statement from "./rnn-statement.ts";
import * as seed000 from "./seed-000.ts";
import * as seed001 from "./seed-001.ts";
import * as seed002 from "./seed-002.ts";
import * as seed003 from "./seed-003.ts";
import * as seed004 from "./seed-004.ts";
import type { CorrectClaims, Erratum, UncheckedClaim } from "./types.ts";

export type { CorrectClaims, Erratum, UncheckedClaim } from "./types.ts";

/** One seed: what it gets right, and how many errata concern it. */
export interface SeedGroup extends CorrectClaims {
  /** Errata filed under this seed. */
  errata: number;
  /** Of those, the ones marked `"wrong"`. */
  wrong: number;
  /** Of those, the ones marked `"imprecise"`. */
  imprecise: number;
  /** Errata filed under another seed that this seed shares (`alsoIn`). */
  shared: number;
}

/** What {@link compute} returns. */
export interface ErrataResults {
  /** Number of errata. */
  total: number;
  /**
   * Every erratum: first those of the problem statement "RNN" as source solutions 000
   * and 003 restate it (filed under source solution 000, `alsoIn` source solution 003), then each
   * source's own, in seed order.
   */
  entries: Erratum[];
  /** What each seed gets right, in seed order (one group per seed), with counts. */
  correct: SeedGroup[];
  /** Claims we did not check, and why. */
  unchecked: UncheckedClaim[];
  /**
   * The exercises of the catalogue that errata concern, in catalogue order,
   * each with its errata (id and title), for the links from the exercise
   * pages to the errata.
   */
  exercises: { id: string; errata: { id: string; title: string }[] }[];
}

/** The exercise ids of the catalogue, in its order. */
export const CATALOGUE = [
  "rnn-1a",
  "rnn-1b",
  "rnn-2a",
  "rnn-2b",
  "rnn-2c",
  "rnn-3a",
  "rnn-3b",
  "rnn-3c",
  "a3-1",
  "a3-2",
  "a3-3",
  "a3-4",
  "b3-a",
  "b3-b",
  "n4",
  "clip",
  "tbptt",
  "gru",
] as const;

/**
 * Compute every erratum and claim. Deterministic: each case is seeded.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { compute } from "./errata.ts";
 * const r = compute();
 * assertEquals(r.correct.length, 5);
 * assertEquals(new Set(r.entries.map((e) => e.id)).size, r.entries.length);
 * ```
 */
export function compute(): ErrataResults {
  const entries = [
    ...statement.errata(),
    ...seed000.errata(),
    ...seed001.errata(),
    ...seed002.errata(),
    ...seed003.errata(),
    ...seed004.errata(),
  ];
  for (const e of entries) assertPlain(e, e.id);
  const groups = [
    seed000.correct(),
    seed001.correct(),
    seed002.correct(),
    seed003.correct(),
    seed004.correct(),
  ];
  const correct = groups.map((group) => {
    const own = entries.filter((e) => e.seed === group.seed);
    return {
      ...group,
      errata: own.length,
      wrong: own.filter((e) => e.severity === "wrong").length,
      imprecise: own.filter((e) => e.severity === "imprecise").length,
      shared: entries.filter((e) => e.alsoIn.includes(group.seed)).length,
    };
  });
  const exercises = CATALOGUE.map((id) => ({
    id,
    errata: entries.filter((e) => e.exercises.includes(id)).map((e) => ({
      id: e.id,
      title: e.title,
    })),
  })).filter((x) => x.errata.length > 0);
  return {
    total: entries.length,
    entries,
    correct,
    unchecked: seed003.unchecked(),
    exercises,
  };
}

/** Every number finite, every erratum's difference positive. */
function assertPlain(value: unknown, where: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${value} is not plain JSON`);
  }
  if (Array.isArray(value)) value.forEach((v) => assertPlain(v, where));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      assertPlain(v, `${where}.${key}`);
    }
    const e = value as Partial<Erratum>;
    if (typeof e.difference === "number" && !(e.difference > 0)) {
      throw new RangeError(`${where}: the difference must be positive`);
    }
  }
}

if (import.meta.main) console.log(JSON.stringify(compute(), null, 2));
