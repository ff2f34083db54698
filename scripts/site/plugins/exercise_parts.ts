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
import { BuildError, type Page, type Site } from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";

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

/**
 * Check the parts of every exercise: `part` is a whole number from 1 on,
 * only on a page of an exercise, and the pages of an exercise in parts are
 * its parts 1, 2, … each once (a page without `part` is part 1), in each
 * language (the pages of one `lang`) on its own. A mistake is a {@link BuildError} naming the page and
 * the line of its `part:`.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkParts } from "./exercise_parts.ts";
 * const page = (src: string, part?: number) =>
 *   ({ src, engine: "md" as const, data: { exercise: "rnn-3c", part } });
 * checkParts([page("a.md"), page("b.md", 2)]);
 * checkParts([page("a.md"), page("b.md")]); // one page, and one using its results
 * assertThrows(() => checkParts([page("a.md"), page("b.md", 3)]), Error, "no part 2");
 * assertThrows(() => checkParts([page("a.md"), page("b.md", 1)]), Error, "part 1 of rnn-3c twice");
 * ```
 */
export function checkParts(
  pages: Pick<Page, "src" | "engine" | "data">[],
): void {
  const fail = (page: Pick<Page, "src">, message: string): never => {
    throw new BuildError(
      message,
      page.src,
      fileFrontMatterLine(page.src, "part"),
    );
  };
  const byExercise = new Map<string, Pick<Page, "src" | "engine" | "data">[]>();
  for (const page of pages) {
    if (page.engine !== "md") continue;
    const { part, exercise } = page.data;
    if (part !== undefined) {
      if (!Number.isInteger(part) || part < 1) {
        fail(
          page,
          `\`part\` must be a whole number from 1 on, got ${
            JSON.stringify(part)
          }`,
        );
      }
      if (typeof exercise !== "string") {
        fail(
          page,
          "`part` is for a page of an exercise: this page has no `exercise`",
        );
      }
    }
    if (typeof exercise !== "string") continue;
    // Each language has its own pages of the exercise (its twins).
    const key = `${page.data.lang ?? ""}\0${exercise}`;
    byExercise.set(key, [...byExercise.get(key) ?? [], page]);
  }
  for (const [key, parts] of byExercise) {
    const exercise = key.slice(key.indexOf("\0") + 1);
    // An exercise of one page may lend its results to other pages; once a
    // page says `part:`, every page of the exercise is one of its parts.
    if (parts.every((page) => page.data.part === undefined)) continue;
    const sorted = [...parts].sort((a, b) => pagePart(a) - pagePart(b));
    sorted.forEach((page, i) => {
      const part = pagePart(page);
      if (i > 0 && part === pagePart(sorted[i - 1])) {
        // Name the page that says `part:` (the other may take 1 by default).
        const [blamed, other] = page.data.part === undefined
          ? [sorted[i - 1], page]
          : [page, sorted[i - 1]];
        fail(
          blamed,
          `part ${part} of ${exercise} twice: ${other.src} and this page (give each page its own \`part\`)`,
        );
      }
      if (part !== i + 1) {
        fail(
          page,
          `part ${part} of ${exercise}, but no part ${
            i + 1
          }: the parts are numbered 1, 2, … without a gap`,
        );
      }
    });
  }
}

/**
 * The plugin: check the parts of every exercise ({@link checkParts}) before
 * the plugins that use them (math numbers equations across parts, nav
 * orders them). Wire it before those.
 */
export function exerciseParts() {
  return (site: Site) => {
    site.preprocess((pages) => checkParts(pages));
  };
}

export default exerciseParts;
