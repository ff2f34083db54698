/**
 * Words that a script's results print into a page (the label of a training
 * run, the name of a network) are English, since the results are one file
 * for every language. The `words` filter gives them in the page's language:
 * `{{ row.network |> words }}` is the label itself on an English page, and
 * its entry in the words file of the page's language
 * (`content/_data/words_zh.yml`: English label → translation) on a Chinese
 * one. Both twins write the same expression, so the Vento of a translation
 * stays the English page's.
 *
 * A label the file lacks is a build error naming the page and the label, so
 * a new label cannot reach a Chinese page in English unnoticed.
 *
 * @module
 */
import { parse } from "@std/yaml";
import { join } from "@std/path";
import { BuildError, type Page, type Site } from "../core/site.ts";

/** Options of the words plugin. */
export interface WordsOptions {
  /** The words file of a language, relative to the pages' folder. */
  file?: (lang: string) => string;
  /** The language the results are written in: its pages keep the words. */
  source?: string;
}

/** A words file: English label → the label in another language. */
export type Words = Record<string, string>;

/**
 * Read a words file, or say what is wrong with it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseWords } from "./words.ts";
 * assertEquals(parseWords("no clipping: 不裁剪\n", "w.yml"), {
 *   "no clipping": "不裁剪",
 * });
 * ```
 */
export function parseWords(text: string, file: string): Words {
  const data = text.trim() ? parse(text) : {};
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new BuildError("expected a map of English label: translation", file);
  }
  for (const [label, word] of Object.entries(data)) {
    if (typeof word !== "string" || !word.trim()) {
      throw new BuildError(`"${label}": expected its translation`, file);
    }
  }
  return data as Words;
}

/**
 * `label` in the language `lang`: itself in the source language, else its
 * entry in `words`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { wordFor } from "./words.ts";
 * const words = { "no clipping": "不裁剪" };
 * assertEquals(wordFor("no clipping", "en", "en", words), "no clipping");
 * assertEquals(wordFor("no clipping", "zh", "en", words), "不裁剪");
 * assertEquals(wordFor("other", "zh", "en", words), undefined);
 * ```
 */
export function wordFor(
  label: string,
  lang: string,
  source: string,
  words: Words | undefined,
): string | undefined {
  return lang === source ? label : words?.[label];
}

/** Register the `words` filter. */
export function words(options: WordsOptions = {}) {
  const { file, source } = {
    file: (lang: string) => `_data/words_${lang}.yml`,
    source: "en",
    ...options,
  };
  return (site: Site) => {
    const byLang = new Map<string, Words>();
    site.addEventListener("beforeBuild", () => {
      byLang.clear(); // read again each build, so `serve` sees an edit
    });
    async function load(lang: string): Promise<Words | undefined> {
      if (!byLang.has(lang)) {
        const path = join(site.options.src, file(lang));
        const text = await Deno.readTextFile(path).catch((error) => {
          if (error instanceof Deno.errors.NotFound) return "";
          throw error;
        });
        byLang.set(lang, parseWords(text, path));
      }
      return byLang.get(lang);
    }
    site.filter(
      "words",
      async function (this: { data: { page?: Page } }, label: unknown) {
        const page = this.data.page;
        const lang = String(page?.data.lang ?? source);
        const text = String(label);
        const word = wordFor(
          text,
          lang,
          source,
          lang === source ? undefined : await load(lang),
        );
        if (word === undefined) {
          throw new BuildError(
            `no ${lang} word for "${text}": add it to ${
              join(site.options.src, file(lang))
            }`,
            page?.src,
          );
        }
        return word;
      },
    );
  };
}

export default words;
