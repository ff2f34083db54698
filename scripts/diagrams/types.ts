/**
 * The shape of a diagram module: one diagram of a network a file in
 * `scripts/diagrams/`, built at build time from an exercise's results (its
 * sizes, its `T`, its computed magnitudes), laid out by Graphviz or placed by
 * hand, and inserted into a page as inline SVG with `{{ "name" |> diagram }}`.
 *
 * @module
 */

/**
 * One rendering of a diagram: a graph in the DOT language, laid out and drawn
 * by Graphviz (`@viz-js/viz`); or a function that draws the SVG itself on the
 * given document (Observable Plot's marks or plain SVG elements), for a
 * layout that reads better placed by hand.
 *
 * Colours: DOT uses the colours of {@link "./_palette.ts"} (`INK.accent`, …),
 * which the build turns into the site's CSS custom properties; a drawing
 * uses `currentColor` or `var(--…)` directly. Text is drawn at 14 units
 * (one unit is one CSS pixel at the drawing's natural width).
 */
export type DiagramDrawing =
  | { dot: string }
  | { plot: (document: Document) => Element };

/**
 * A diagram's words in one language: its title, caption and alt text, and
 * the words drawn in it.
 */
export interface DiagramWords {
  /** Short title: the figure's title and the SVG's `<title>`. */
  title: string;
  /** The caption (Markdown, inline math allowed): what it shows, what to notice. */
  caption: string;
  /** What a screen reader gets (the SVG's `<desc>`): the picture in words. */
  alt: string;
  /**
   * Optional: the `<desc>` computed from the results, in place of `alt`,
   * for a diagram whose picture shows numbers (the words then say them).
   */
  describe?(results: unknown): string;
  /**
   * The phrases of the title, caption and alt text that hold a number: the
   * exercise's setup (`T = 3`) or the drawing's own constants (`1 px`).
   * Numbers of the results go in {@link describe}, which reads them
   * (tests/charts/caption_numbers_test.ts).
   */
  fixed?: string[];
  /**
   * The words drawn in the diagram, keyed by their English: the drawing
   * writes `labels[english] ?? english` ({@link diagramTranslator}).
   */
  labels?: Record<string, string>;
}

/** A diagram drawn from one exercise's results; its own words are English. */
export interface DiagramSpec extends DiagramWords {
  /** Unique name, used in pages (`{{ "name" |> diagram }}`), anchors and `figref`. */
  name: string;
  /** The results id (exercise or explorer) whose results feed it. */
  exercise: string;
  /**
   * The diagram's words in other languages, by language code (`zh`): one
   * table a language. A page in a language left out gets the English.
   */
  words?: Record<string, DiagramWords>;
  /**
   * Optional: keep the drawing at its natural size on narrow screens, the
   * figure scrolling sideways, instead of shrinking it (for a drawing whose
   * size depends on the reader's settings, too large for a phone).
   */
  scroll?: boolean;
  /**
   * The drawing, in the language of `words` (the diagram's own, English,
   * when left out): `wide` for screens wider than 40rem and print, and,
   * when `wide` would shrink its text below 11 CSS px on a 375 px phone, a
   * `narrow` (usually vertical) one for phones.
   */
  draw(
    results: unknown,
    words?: DiagramWords,
  ): { wide: DiagramDrawing; narrow?: DiagramDrawing };
}

/**
 * The words of `diagram` in `lang`: its table for that language, or its
 * English when it has none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { diagramWords, type DiagramSpec } from "./types.ts";
 * const diagram = {
 *   title: "Cell", caption: "", alt: "",
 *   words: { zh: { title: "细胞", caption: "", alt: "" } },
 * } as unknown as DiagramSpec;
 * assertEquals(diagramWords(diagram, "zh").title, "细胞");
 * assertEquals(diagramWords(diagram, "fr").title, "Cell");
 * ```
 */
export function diagramWords(diagram: DiagramSpec, lang = "en"): DiagramWords {
  return diagram.words?.[lang] ?? diagram;
}

/**
 * The `<desc>` of a diagram in the language of `words`: its `describe`
 * from the results, else its `alt`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { diagramDescription } from "./types.ts";
 * assertEquals(diagramDescription({ title: "", caption: "", alt: "A cell." }, {}), "A cell.");
 * ```
 */
export function diagramDescription(
  words: DiagramWords,
  results: unknown,
): string {
  return words.describe ? words.describe(results) : words.alt;
}

/**
 * The function a diagram draws its words with: the text in the language of
 * `words`, the English itself where the table has no entry; `{0}`, `{1}`, …
 * in it are filled with `values` (numbers are written by the drawing, not
 * by the table).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { diagramTranslator } from "./types.ts";
 * const t = diagramTranslator({ title: "", caption: "", alt: "", labels: { folded: "折叠" } });
 * assertEquals(t("folded"), "折叠");
 * assertEquals(t("unrolled"), "unrolled");
 * const u = diagramTranslator({ title: "", caption: "", alt: "", labels: { "{0} numbers": "{0} 个数" } });
 * assertEquals(u("{0} numbers", 12), "12 个数");
 * ```
 */
export function diagramTranslator(
  words: DiagramWords | undefined,
): (english: string, ...values: unknown[]) => string {
  return (english, ...values) =>
    (words?.labels?.[english] ?? english).replace(
      /\{(\d+)\}/g,
      (whole, i: string) => i in values ? String(values[Number(i)]) : whole,
    );
}
