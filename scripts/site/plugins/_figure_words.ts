/**
 * The words the site writes around every figure (its number, the link to
 * its data, a reference to it), one table a language. A page's `lang`
 * (`en` when it has none) picks the table; a language without one gets the
 * English. Adding a language is adding its table here.
 *
 * @module
 */

/** The words around a figure in one language. */
export interface FigureWords {
  /**
   * A figure's name in a reference and a caption: "Figure 2", tied by a
   * no-break space so that a line never ends with "Figure".
   */
  figure(number: number): string;
  /** What ends the number before the title in a caption ("." in English). */
  numberEnd: string;
  /** What ends the title in a caption. */
  titleEnd: string;
  /** The link to a chart's rows. */
  data: string;
  /** How many rows, after the link: "(12 rows)". */
  rows(count: number): string;
}

/** The tables, by language code. */
export const FIGURE_WORDS: Readonly<Record<string, FigureWords>> = {
  en: {
    figure: (number) => `Figure\u00a0${number}`,
    numberEnd: ".",
    titleEnd: ".",
    data: "Data as CSV",
    rows: (count) => `(${count}\u00a0rows)`,
  },
  zh: {
    figure: (number) => `图\u00a0${number}`,
    numberEnd: "",
    titleEnd: "。",
    data: "下载数据（CSV）",
    rows: (count) => `（共\u00a0${count}\u00a0行）`,
  },
};

/**
 * The figure words of `lang`, or the English ones.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { figureWords } from "./_figure_words.ts";
 * assertEquals(figureWords("zh").figure(2), "图\u00a02");
 * assertEquals(figureWords(undefined).figure(2), "Figure\u00a02");
 * assertEquals(figureWords("fr").rows(3), "(3\u00a0rows)");
 * ```
 */
export function figureWords(lang: unknown): FigureWords {
  return FIGURE_WORDS[String(lang ?? "en")] ?? FIGURE_WORDS.en;
}

/**
 * A page's language: its `lang`, `en` when it has none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pageLang } from "./_figure_words.ts";
 * assertEquals(pageLang({ data: { lang: "zh" } }), "zh");
 * assertEquals(pageLang({ data: {} }), "en");
 * ```
 */
export function pageLang(page?: { data?: Record<string, unknown> }): string {
  const lang = page?.data?.lang;
  return typeof lang === "string" && lang ? lang : "en";
}
