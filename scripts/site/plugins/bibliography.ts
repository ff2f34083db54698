/**
 * Citations: `[@hochreiter1997]` (or `[@bengio1994; @pascanu2013]`) in a
 * page's prose cites works of the bibliography, a YAML file
 * (`content/_data/references.yml`), by key. A citation is written
 * "(Hochreiter & Schmidhuber 1997)", each name a link to the work's entry on
 * the references page; the entry lists, with links back, every page that
 * cites it. The `referenceList` filter writes the bibliography on that page.
 *
 * Every page's citations are read from the sources before any page is
 * rendered, so an unknown key is a build error naming the page and the line,
 * and the back-links are in the site's data (a new citation renders the
 * references page again, in `serve` too).
 *
 * @module
 */
import { parse } from "@std/yaml";
import { join } from "@std/path";
import { BuildError, lineOf, type Page, type Site } from "../core/site.ts";
import { escapeHtml } from "./_format.ts";
import { fill, stringsOf } from "./multilanguage.ts";
import { withoutCode } from "./math.ts";
import type { MarkdownIt, StateInline, Token } from "./_markdown_it.ts";

/** One work of the bibliography, as the YAML file gives it. */
export interface Work {
  /** Every author, "Given Family" (the last word is the family name). */
  authors: string[];
  year: number;
  title: string;
  /** Where it appeared: journal, volume(issue), pages; or "Blog post". */
  in: string;
  /** The DOI, without `https://doi.org/`. */
  doi?: string;
  /** A link, for a work without a DOI. */
  url?: string;
  /** What the notes take from it, one sentence. */
  note?: string;
}

/** A page that cites a work, and the id of each citation on it. */
export interface CitingPage {
  url: string;
  title: string;
  /** The page's language (`lang`), when it has one. */
  lang?: string;
  /** The ids of the citations on the page (`cite-hochreiter1997-1`, …). */
  ids: string[];
}

/** A work with its key and the pages citing it, as the references page shows it. */
export interface Reference extends Work {
  key: string;
  /** "Hochreiter & Schmidhuber 1997". */
  short: string;
  citedBy: CitingPage[];
}

/** Options of the bibliography plugin. */
export interface BibliographyOptions {
  /** The YAML file of the works, relative to the pages' folder. */
  file?: string;
  /** The URL of the references page. */
  page?: string;
  /**
   * For a language, the key of the site's data that holds its words for the
   * works (`referencesZh`: `{ key: { note } }`); a work without them keeps
   * the file's.
   */
  translations?: Record<string, string>;
}

/** Read the bibliography, cite by key, list the works with back-links. */
export function bibliography(options: BibliographyOptions = {}) {
  const { file, page, translations = {} } = {
    file: "_data/references.yml",
    page: "/references/",
    ...options,
  };
  return (site: Site) => {
    let works: Map<string, Work> = new Map();
    let path = "";
    site.addEventListener("beforeBuild", async () => {
      path = join(site.options.src, file);
      const text = await Deno.readTextFile(path).catch((error) => {
        if (error instanceof Deno.errors.NotFound) return "";
        throw error;
      });
      works = parseWorks(text, path);
    });
    site.preprocess((pages) => {
      // A translation of a work that is not there is a typo, said once.
      for (const key of Object.values(translations)) {
        const words = site.globalData[key];
        if (words === undefined) continue;
        if (!words || typeof words !== "object" || Array.isArray(words)) {
          site.warn(`${key}: expected a map from works' keys to { note }`);
          continue;
        }
        for (const [work, value] of Object.entries(words)) {
          if (!works.has(work)) {
            site.warn(
              `${key}: "${work}" is no work of ${path} (keys: ${
                [...works.keys()].join(", ")
              })`,
            );
          } else if (typeof (value as { note?: unknown })?.note !== "string") {
            site.warn(`${key}: "${work}" has no note (expected note: text)`);
          }
        }
      }
      const citations = citationsOf(pages, works, path);
      site.globalData.bibliography = [...works.entries()]
        .map(([key, work]): Reference => ({
          ...work,
          key,
          short: shortName(work),
          citedBy: citations.get(key) ?? [],
        }))
        .sort((a, b) =>
          a.short.localeCompare(b.short) || a.key.localeCompare(b.key)
        );
    });
    site.markdownItPlugins.push((md) =>
      citePlugin(md, (key) => works.get(key), page, (lang) => {
        const t = stringsOf(site, lang);
        return {
          open: t["citation-open"] ?? ENGLISH_MARKS.open,
          close: t["citation-close"] ?? ENGLISH_MARKS.close,
          separator: t["citation-separator"] ?? ENGLISH_MARKS.separator,
          etAl: t["citation-et-al"] ?? ENGLISH_MARKS.etAl,
        };
      })
    );
    // On a page in a language, the pages citing each work in that language,
    // in its words.
    site.filter(
      "referenceList",
      function (this: { data: { lang?: string } }, list: Reference[]) {
        const lang = this.data.lang;
        const t = stringsOf(site, lang);
        const words = lang && translations[lang]
          ? site.globalData[translations[lang]] as
            | Record<string, { note?: string }>
            | undefined
          : undefined;
        return referenceList(list, {
          lang,
          // The works are described as the file has them, in the site's
          // language.
          worksLang: site.defaultLang,
          citedIn: t["references-cited-in"],
          separator: t["references-cited-separator"],
          notes: Object.fromEntries(
            Object.entries(words ?? {}).flatMap(([key, value]) =>
              typeof value?.note === "string" ? [[key, value.note]] : []
            ),
          ),
        });
      },
    );
  };
}

/**
 * Parse and check the bibliography: each key's work needs authors, a year,
 * a title and where it appeared. Errors name the file and the key's line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseWorks } from "./bibliography.ts";
 * const works = parseWorks(
 *   "olah2015:\n  authors: [Christopher Olah]\n  year: 2015\n" +
 *     "  title: Understanding LSTM Networks\n  in: Blog post\n",
 *   "refs.yml",
 * );
 * assertEquals(works.get("olah2015")?.year, 2015);
 * ```
 */
export function parseWorks(text: string, file: string): Map<string, Work> {
  const works = new Map<string, Work>();
  if (!text.trim()) return works;
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new BuildError(
      `not valid YAML: ${(error as Error).message.split("\n")[0]}`,
      file,
    );
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new BuildError("expected a map from keys to works", file, 1);
  }
  for (const [key, value] of Object.entries(data)) {
    const line = lineOf(text, text.search(new RegExp(`^${key}:`, "m")));
    const fail = (what: string) => {
      throw new BuildError(`${key}: ${what}`, file, line);
    };
    if (!/^[a-z][a-z0-9-]*$/.test(key)) {
      fail("a key is lower-case letters, digits and -, like hochreiter1997");
    }
    const work = value as Record<string, unknown>;
    if (!work || typeof work !== "object") fail("expected a map of fields");
    const known = ["authors", "year", "title", "in", "doi", "url", "note"];
    for (const field of Object.keys(work)) {
      if (!known.includes(field)) {
        fail(`unknown field "${field}" (fields: ${known.join(", ")})`);
      }
    }
    if (
      !Array.isArray(work.authors) || work.authors.length === 0 ||
      !work.authors.every((a) => typeof a === "string" && a.trim())
    ) fail("authors: expected a list of names");
    if (!Number.isInteger(work.year)) fail("year: expected a year, like 1997");
    for (const field of ["title", "in"]) {
      if (typeof work[field] !== "string" || !work[field]) {
        fail(`${field}: expected text`);
      }
    }
    for (const field of ["doi", "url", "note"]) {
      if (work[field] !== undefined && typeof work[field] !== "string") {
        fail(`${field}: expected text`);
      }
    }
    works.set(key, work as unknown as Work);
  }
  return works;
}

/**
 * How a work is cited: family names (all of them up to three, else the
 * first and "et al.", or the words `etAl` of the page's language) and the
 * year.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { shortName } from "./bibliography.ts";
 * assertEquals(
 *   shortName({ authors: ["Felix A. Gers", "Jürgen Schmidhuber", "Fred Cummins"], year: 2000, title: "", in: "" }),
 *   "Gers, Schmidhuber & Cummins 2000",
 * );
 * const four = { authors: ["K. Cho", "B. van Merriënboer", "D. Bahdanau", "Y. Bengio"], year: 2014, title: "", in: "" };
 * assertEquals(shortName(four), "Cho et al. 2014");
 * assertEquals(shortName(four, "等"), "Cho 等 2014");
 * ```
 */
export function shortName(work: Work, etAl = "et al."): string {
  const names = work.authors.map((name) => name.trim().split(/\s+/).pop()!);
  const who = names.length > 3
    ? `${names[0]} ${etAl}`
    : names.length === 1
    ? names[0]
    : `${names.slice(0, -1).join(", ")} & ${names[names.length - 1]}`;
  return `${who} ${work.year}`;
}

/** The keys of one citation's text `@a; @b`, or `undefined` if it is not one. */
function keysOf(inside: string): string[] | undefined {
  const parts = inside.split(";").map((part) => part.trim());
  if (!parts.every((part) => /^@[a-z][a-z0-9-]*$/.test(part))) return;
  return parts.map((part) => part.slice(1));
}

const CITATION = /\[(@[^\]\n]*)\]/g;

/**
 * Every citation of every Markdown page, by key: the pages citing each work
 * and the ids of the citations on them, in order. An unknown key is a build
 * error naming the page and the line.
 */
export function citationsOf(
  pages: Page[],
  works: Map<string, Work>,
  file: string,
): Map<string, CitingPage[]> {
  const citations = new Map<string, CitingPage[]>();
  for (const page of pages) {
    if (page.engine !== "md") continue;
    const source = withoutCode(page.content);
    const count = new Map<string, number>();
    for (const match of source.matchAll(CITATION)) {
      const keys = keysOf(match[1]);
      if (!keys) continue;
      for (const key of keys) {
        if (!works.has(key)) {
          throw new BuildError(
            `[@${key}]: no work has the key "${key}" in ${file}${
              works.size ? ` (keys: ${[...works.keys()].join(", ")})` : ""
            }`,
            page.src,
            page.line + lineOf(source, match.index!) - 1,
          );
        }
        const n = (count.get(key) ?? 0) + 1;
        count.set(key, n);
        const list = citations.get(key) ?? [];
        let entry = list.find((p) => p.url === page.url);
        if (!entry) {
          entry = {
            url: page.url,
            title: page.data.title ?? page.url,
            ...(typeof page.data.lang === "string"
              ? { lang: page.data.lang }
              : {}),
            ids: [],
          };
          list.push(entry);
          citations.set(key, list);
        }
        entry.ids.push(citationId(key, n));
      }
    }
  }
  return citations;
}

/** The id of the `n`th citation of `key` on a page. */
export function citationId(key: string, n: number): string {
  return `cite-${key}-${n}`;
}

/**
 * How a citation is set in a language: its brackets and separator, and
 * what stands for the authors after the first of a long list.
 */
export interface CitationMarks {
  open: string;
  close: string;
  separator: string;
  etAl: string;
}

/** "(Name Year; Name et al. Year)", as English sets it. */
const ENGLISH_MARKS: CitationMarks = {
  open: "(",
  close: ")",
  separator: "; ",
  etAl: "et al.",
};

/**
 * The markdown-it rule: `[@key]` and `[@a; @b]` become "(Name Year; …)",
 * each work a link to its entry on the references page, each citation with
 * the id the references page links back to. `marks` gives, for a page's
 * language, its brackets, separator and "et al." (Chinese sets full-width
 * ones, and 等: "（Name Year；Name 等 Year）").
 */
export function citePlugin(
  md: MarkdownIt,
  work: (key: string) => Work | undefined,
  page = "/references/",
  marks: (lang?: string) => CitationMarks = () => ENGLISH_MARKS,
): void {
  md.inline.ruler.before(
    "link",
    "cite",
    (state: StateInline, silent: boolean) => {
      if (state.src.charCodeAt(state.pos) !== 0x5b) return false;
      const match = /^\[(@[^\]\n]*)\]/.exec(state.src.slice(state.pos));
      const keys = match && keysOf(match[1]);
      if (!keys) return false;
      if (!silent) {
        const token = state.push("cite", "", 0);
        token.meta = { keys };
      }
      state.pos += match![0].length;
      return true;
    },
  );
  md.renderer.rules.cite = (
    tokens: Token[],
    idx: number,
    _options: unknown,
    env: { citations?: Map<string, number>; page?: Page },
  ) => {
    const counts = env.citations ??= new Map<string, number>();
    const lang = env.page?.data.lang;
    const { open, close, separator, etAl } = marks(
      typeof lang === "string" ? lang : undefined,
    );
    const parts = (tokens[idx].meta.keys as string[]).map((key) => {
      const found = work(key);
      if (!found) {
        throw new BuildError(`[@${key}]: no work has this key`, env.page?.src);
      }
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return `<a class="cite" id="${
        citationId(key, n)
      }" href="${page}#ref-${key}">${
        // The year stays with the last name; a long list of names may
        // break, so that a line never starts with the bracket or the
        // punctuation after it.
        escapeHtml(shortName(found, etAl)).replace(
          / (?=\d{4}$)/,
          "\u00a0",
        )}</a>`;
    });
    return `<span class="citation">${open}${
      parts.join(separator)
    }${close}</span>`;
  };
}

/**
 * The bibliography as an HTML list: each work with its id (`ref-key`), a
 * link to its DOI or URL, what the notes take from it, and links back to
 * the pages citing it. With a `lang`, only the citing pages in that
 * language (or with none); `citedIn` words the back-links (`{pages}` where
 * they go), `separator` parts them, `notes` replace the works' notes by key;
 * `worksLang` is the language the works are described in, marked on a page
 * in another.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { referenceList } from "./bibliography.ts";
 * const work = {
 *   key: "w", short: "W 1990", authors: ["A W"], year: 1990, title: "T",
 *   in: "J", note: "English note.",
 *   citedBy: [
 *     { url: "/a/", title: "A", lang: "en", ids: ["cite-w-1"] },
 *     { url: "/zh/a/", title: "甲", lang: "zh", ids: ["cite-w-1"] },
 *   ],
 * };
 * const zh = referenceList([work], {
 *   lang: "zh", worksLang: "en", citedIn: "引用于{pages}。", separator: "；",
 *   notes: { w: "中文注。" },
 * });
 * assertStringIncludes(zh, '<li id="ref-w"><p lang="en">');
 * assertStringIncludes(zh, '引用于<a href="/zh/a/#cite-w-1">甲</a>。');
 * assertStringIncludes(zh, "中文注。");
 * assertStringIncludes(referenceList([work], { lang: "en" }), 'Cited in <a href="/a/#cite-w-1">A</a>.</p>');
 * ```
 */
export function referenceList(
  list: Reference[],
  {
    lang,
    worksLang,
    citedIn = "Cited in {pages}.",
    separator = "; ",
    notes = {},
  }: {
    lang?: string;
    worksLang?: string;
    citedIn?: string;
    separator?: string;
    notes?: Record<string, string>;
  } = {},
): string {
  const items = list.map((work) => {
    const link = work.doi
      ? ` <a href="https://doi.org/${
        escapeHtml(work.doi)
      }">doi:<span data-literal>${escapeHtml(work.doi)}</span></a>.`
      : work.url
      ? ` <a href="${escapeHtml(work.url)}"><span data-literal>${
        escapeHtml(work.url.replace(/^https?:\/\//, ""))
      }</span></a>.`
      : "";
    const citing = work.citedBy.filter((p) =>
      lang === undefined || p.lang === undefined || p.lang === lang
    );
    const cited = citing.length
      ? `<p class="reference-cited">${
        fill(citedIn, {
          pages: citing.map((p) =>
            p.ids.map((id, i) =>
              `<a href="${escapeHtml(p.url)}#${id}">${
                i === 0 ? escapeHtml(p.title) : `(${i + 1})`
              }</a>`
            ).join(" ")
          ).join(escapeHtml(separator)),
        })
      }</p>`
      : "";
    const note = Object.hasOwn(notes, work.key) ? notes[work.key] : work.note;
    // On a page in another language, the work's description says which it
    // is in (a Chinese page sets <em> with dots under it, for Chinese only).
    const described = worksLang && lang && lang !== worksLang
      ? ` lang="${escapeHtml(worksLang)}"`
      : "";
    return `<li id="ref-${work.key}"><p${described}><strong>${
      escapeHtml(work.short)
    }.</strong> ${escapeHtml(work.authors.join(", "))}. ${
      escapeHtml(work.title)
    }. <em>${escapeHtml(work.in)}</em>.${link}</p>${
      note ? `<p class="reference-note">${escapeHtml(note)}</p>` : ""
    }${cited}</li>`;
  });
  return `<ol class="references">\n${items.join("\n")}\n</ol>`;
}

export default bibliography;
