/**
 * An exercise whose solution is too long for one page is written as
 * several, in parts: each page has the exercise's `exercise:` id, and every
 * page but the first a `part:` (2, 3, …) in its front matter. The parts
 * share the exercise's results, its script and its equation numbering (an
 * equation of part 2 numbers on from part 1, and `\eqref{rnn-3c:label}`
 * finds a label on any part); they follow each other in the sidebar and the
 * pager; links to "the exercise" (the results pages, the scripts' pages, the
 * errata) go to its first part.
 *
 * @module
 */
import type { Page } from "../core/site.ts";

/**
 * Which part of its exercise a page is: its front matter's `part`, else 1.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pagePart } from "./exercise_parts.ts";
 * assertEquals(pagePart({ data: { exercise: "rnn-3c" } }), 1);
 * assertEquals(pagePart({ data: { exercise: "rnn-3c", part: 2 } }), 2);
 * ```
 */
export function pagePart(page: Pick<Page, "data">): number {
  const part = page.data.part;
  return typeof part === "number" ? part : 1;
}
