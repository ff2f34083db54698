/**
 * Figure numbers and references. Charts (`chart`) and diagrams (`diagram`)
 * share one numbering per page, in the order they appear: each takes its
 * number from {@link numberFigure}. The `figref` filter cites a figure by
 * name, before or after it: `{{ "rnn-unrolled" |> figref }}` becomes a link
 * "Figure 2" to it ("图 2" on a page with `lang: zh`), like `\eqref` for
 * equations. A reference is written as a
 * placeholder and given its number once the page is rendered, when every
 * figure of the page has one; a name no figure of the page has stops the
 * build at the line of the reference.
 *
 * @module
 */
import { BuildError, lineOf, type Site } from "../core/site.ts";
import { escapeHtml } from "./_format.ts";
import { type FigureWords, figureWords, pageLang } from "./_figure_words.ts";

/** Private-use characters around a reference until its number is known. */
const MARK = "\uE000";

/**
 * Give the figure `name` the next number of the page, and return it; a name
 * shown twice on a page is an error.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { numberFigure } from "./figures.ts";
 * const page = { data: {} };
 * assertEquals(numberFigure(page, "a"), 1);
 * assertEquals(numberFigure(page, "b"), 2);
 * ```
 */
export function numberFigure(
  page: { data: Record<string, unknown> },
  name: string,
): number {
  const figures = (page.data.figures as string[] | undefined) ?? [];
  if (figures.includes(name)) {
    throw new Error(`figure "${name}" is shown twice on this page`);
  }
  // A new array, not the old one grown: a reused render compares its data.
  page.data.figures = [...figures, name];
  return figures.length + 1;
}

/**
 * Fill in the figure references of a rendered page, as links "Figure n"
 * (in the language of `words`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { figureReference, resolveFigureReferences } from "./figures.ts";
 * assertEquals(
 *   resolveFigureReferences(`See ${figureReference("b")}.`, ["a", "b"]),
 *   'See <a class="figref" href="#fig-b">Figure\u00a02</a>.',
 * );
 * import { figureWords } from "./_figure_words.ts";
 * assertEquals(
 *   resolveFigureReferences(`见${figureReference("a")}。`, ["a"], undefined, figureWords("zh")),
 *   '见<a class="figref" href="#fig-a">图\u00a01</a>。',
 * );
 * ```
 */
export function resolveFigureReferences(
  html: string,
  figures: string[],
  onUnknown: (name: string) => never = (name) => {
    throw new Error(`figref "${name}": no figure of this page has that name`);
  },
  words: FigureWords = figureWords("en"),
): string {
  return html.replace(
    new RegExp(`${MARK}figref:([^${MARK}]*)${MARK}`, "g"),
    (_, escaped: string) => {
      const name = unescapeHtml(escaped);
      const number = figures.indexOf(name) + 1;
      if (number === 0) onUnknown(name);
      return `<a class="figref" href="#fig-${escaped}">${
        words.figure(number)
      }</a>`;
    },
  );
}

/** The placeholder the `figref` filter writes for `name`. */
export function figureReference(name: string): string {
  return `${MARK}figref:${escapeHtml(name)}${MARK}`;
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Register the `figref` filter and fill in references once a page renders. */
export function figures() {
  return (site: Site) => {
    site.filter("figref", (name: unknown) => {
      if (typeof name !== "string" || !name) {
        throw new Error(`figref needs a figure's name, got ${String(name)}`);
      }
      return figureReference(name);
    });
    site.addEventListener("pageRendered", ({ page }) => {
      if (page.output === undefined || !page.output.includes(MARK)) return;
      const figures = (page.data.figures as string[] | undefined) ?? [];
      page.output = resolveFigureReferences(page.output, figures, (name) => {
        const at = page.content.search(
          new RegExp(
            `["']${name.replace(/[^\w-]/g, ".")}["']\\s*\\|>\\s*figref`,
          ),
        );
        throw new BuildError(
          `figref "${name}": no figure of this page has that name (figures here: ${
            figures.join(", ") || "none"
          })`,
          page.src,
          at >= 0 ? page.line + lineOf(page.content, at) - 1 : undefined,
        );
      }, figureWords(pageLang(page)));
    });
  };
}

export default figures;
