/**
 * What a plugin made of some texts (a page's HTML, a stylesheet), kept from
 * one build to the next while the texts are the same. In `serve`, a rebuild
 * after an edit to one page renders that page, but the plugins that work on
 * every page's output (the link check, the CSS minifier, the translated
 * links) would otherwise redo their work on all of them.
 *
 * @module
 */

/**
 * Values kept by key, each with the texts it was made of.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { TextMemo } from "./memo.ts";
 * let made = 0;
 * const memo = new TextMemo<number>();
 * const length = (html: string) => memo.get("/a/", [html], () => (made++, html.length));
 * assertEquals([length("<p>x</p>"), length("<p>x</p>"), made], [8, 8, 1]);
 * assertEquals([length("<p>xy</p>"), made], [9, 2]);
 * memo.sweep(); // a build that asked for "/a/"
 * memo.sweep(); // one that did not: "/a/" is forgotten
 * assertEquals([length("<p>xy</p>"), made], [9, 3]);
 * ```
 */
export class TextMemo<T> {
  #kept = new Map<string, { texts: readonly string[]; value: T }>();
  #asked = new Set<string>();

  /**
   * The value kept under `key` if it was made of the same `texts`, else
   * what `make` returns, kept in its place.
   */
  get(key: string, texts: readonly string[], make: () => T): T {
    this.#asked.add(key);
    const kept = this.#kept.get(key);
    if (
      kept && kept.texts.length === texts.length &&
      kept.texts.every((text, i) => text === texts[i])
    ) return kept.value;
    const value = make();
    this.#kept.set(key, { texts, value });
    return value;
  }

  /**
   * Forget the values not asked for since the last sweep (the pages that
   * are gone): called once a build.
   */
  sweep(): void {
    for (const key of this.#kept.keys()) {
      if (!this.#asked.has(key)) this.#kept.delete(key);
    }
    this.#asked.clear();
  }
}
