/**
 * The notes in several languages, in the shape of Lume's multilanguage
 * plugin. The first language is the site's (`site.data("lang", …)`); the
 * pages of another, `zh`, live under `content/zh/` and say `lang: zh` in
 * their front matter, so that their URLs start with `/zh/`. A page and its
 * translations (its twins) share an `id` (by default the source path
 * without the language's folder): each page gets
 * `alternates`, the twins in every language that has one, itself included.
 *
 * On a page of another language, a link to a page of the site goes to that
 * page's twin when it has one, else to the page itself: `/notation/#x` on a
 * Chinese page becomes `/zh/notation/#x` once the Chinese notation page
 * exists, and `../rnn-1b/` (which resolves to `/zh/bptt/rnn-1b/`) goes to
 * `/bptt/rnn-1b/` while that page has no Chinese twin.
 *
 * @module
 */
import { parse } from "@std/yaml";
import { join } from "@std/path";
import { BuildError, type Page, type Site } from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";
import { TextMemo } from "../core/memo.ts";
import { TAG_BODY } from "./_html.ts";
import type { OutlineEntry } from "./markdown.ts";

/** A heading's placeholder id (see `headingPlaceholder` in markdown.ts). */
const PLACEHOLDER = /\uE001h(\d+)\uE001/g;

/** Options of the multilanguage plugin. */
export interface MultilanguageOptions {
  /** The languages, the site's own first (`["en", "zh"]`). */
  languages?: string[];
  /**
   * The folder, under the includes, of the words of the page chrome: one
   * file a language (`i18n/zh.yml`), each a map of keys to text.
   */
  strings?: string;
  /**
   * The tag (BCP 47) a language's pages declare in `<html lang>` and
   * `hreflang`, where it says more than the code of their URLs and files:
   * `{ zh: "zh-Hans" }`, Simplified Chinese, so that a browser draws the
   * characters in their simplified forms and a screen reader picks a
   * voice for them. The layouts read them as `langTags`.
   */
  tags?: Record<string, string>;
}

/** The words of the page chrome in one language, by key. */
export type Strings = Record<string, string>;

/**
 * Fill the `{name}` slots of `text` with `values` (HTML: escape what is
 * text); a slot without a value is an error.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fill } from "./multilanguage.ts";
 * assertEquals(fill("By {script}.", { script: "<code>a.ts</code>" }), "By <code>a.ts</code>.");
 * ```
 */
export function fill(
  text: string,
  values: Record<string, unknown> = {},
): string {
  if (typeof text !== "string") {
    throw new Error(
      `fill: no text to fill, got ${
        String(text)
      } (a key missing from _includes/i18n/?)`,
    );
  }
  return text.replace(/\{([a-z][a-zA-Z0-9-]*)\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new Error(`fill: no value for {${name}} in "${text}"`);
    }
    return String(values[name]);
  });
}

/**
 * The words of the chrome in `lang` (the site's language's where `lang`'s
 * file has none), as the multilanguage plugin loaded them for this build;
 * `{}` without the plugin.
 */
export function stringsOf(
  site: Pick<Site, "globalData">,
  lang: string | undefined,
): Strings {
  const all = site.globalData.i18n as Record<string, Strings> | undefined;
  return all?.[lang ?? ""] ?? Object.values(all ?? {})[0] ?? {};
}

/** A page in one language, as `alternates` lists it. */
export interface Alternate {
  lang: string;
  url: string;
  title: string;
}

/**
 * The URL prefix of a language's pages: `""` for the site's language,
 * `/zh` for `zh`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { languagePrefix } from "./multilanguage.ts";
 * assertEquals(languagePrefix("zh", "en"), "/zh");
 * assertEquals(languagePrefix("en", "en"), "");
 * ```
 */
export function languagePrefix(lang: string, defaultLang: string): string {
  return lang === defaultLang ? "" : `/${lang}`;
}

/**
 * Where a link of a page of another language (`prefix`: `/zh`) should go:
 * `href` resolved against `base` (the page's URL), then, if it names a page
 * of the site (one of `urls`), its twin under `prefix` when that exists, or
 * the page without `prefix` when only that exists. Returns `undefined` when
 * the link stays as written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { translatedLink } from "./multilanguage.ts";
 * const urls = new Set(["/", "/notation/", "/zh/notation/", "/bptt/rnn-1b/", "/zh/"]);
 * assertEquals(translatedLink("/notation/#sigma", "/zh/bptt/rnn-2a/", "/zh", urls), "/zh/notation/#sigma");
 * assertEquals(translatedLink("../rnn-1b/#eq-a", "/zh/bptt/rnn-2a/", "/zh", urls), "/bptt/rnn-1b/#eq-a");
 * assertEquals(translatedLink("/", "/zh/bptt/rnn-2a/", "/zh", urls), "/zh/");
 * assertEquals(translatedLink("#eq-a", "/zh/bptt/rnn-2a/", "/zh", urls), undefined);
 * assertEquals(translatedLink("/results.json", "/zh/bptt/rnn-2a/", "/zh", urls), undefined);
 * assertEquals(translatedLink("https://example.org/", "/zh/", "/zh", urls), undefined);
 * ```
 */
export function translatedLink(
  href: string,
  base: string,
  prefix: string,
  urls: Set<string>,
): string | undefined {
  if (
    href === "" || href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)
  ) {
    return undefined;
  }
  if (href.startsWith("//")) return undefined;
  let path: string;
  let rest: string;
  const end = href.search(/[?#]/);
  if (href.startsWith("/") && !/\/\.\.?(\/|$)|%|\\/.test(href)) {
    // Most links are absolute and plain: no URL to parse (a page has a
    // hundred links, the sidebar's).
    path = end < 0 ? href : href.slice(0, end);
    rest = end < 0 ? "" : href.slice(end);
  } else {
    let resolved: URL;
    try {
      resolved = new URL(href, `http://site${base}`);
    } catch {
      return undefined;
    }
    if (resolved.host !== "site") return undefined;
    path = resolved.pathname;
    rest = resolved.search + resolved.hash;
  }
  const inLanguage = path === `${prefix}/` || path.startsWith(`${prefix}/`);
  if (inLanguage) {
    if (urls.has(path)) return undefined;
    const original = path.slice(prefix.length);
    return urls.has(original) ? original + rest : undefined;
  }
  if (urls.has(prefix + path)) return prefix + path + rest;
  return undefined;
}

/** A link or a form, in a page's HTML. */
const LINK_TAG = new RegExp(String.raw`<(?:a|form)\s(?:${TAG_BODY})>`, "g");
/** Its `href` or `action`. */
const TARGET = /(\s(?:href|action)=")([^"]*)(")/;

/**
 * `html` with the links and forms sent where {@link translatedLink} says;
 * a link with `hreflang` (the language switch) is left as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { translateLinks } from "./multilanguage.ts";
 * const urls = new Set(["/a/", "/zh/a/"]);
 * assertEquals(
 *   translateLinks('<a href="/a/">x</a> <a href="/a/" hreflang="en">English</a>', "/zh/", "/zh", urls),
 *   '<a href="/zh/a/">x</a> <a href="/a/" hreflang="en">English</a>',
 * );
 * // A `>` in an attribute's value does not end the tag.
 * assertEquals(
 *   translateLinks('<a title="1 > 0" href="/a/">x</a>', "/zh/", "/zh", urls),
 *   '<a title="1 > 0" href="/zh/a/">x</a>',
 * );
 * ```
 */
export function translateLinks(
  html: string,
  base: string,
  prefix: string,
  urls: Set<string>,
): string {
  return html.replace(LINK_TAG, (tag) => {
    if (tag.includes(" hreflang=")) return tag;
    return tag.replace(TARGET, (whole, before: string, href: string, after) => {
      const to = translatedLink(
        href.replaceAll("&amp;", "&"),
        base,
        prefix,
        urls,
      );
      return to === undefined
        ? whole
        : before + to.replaceAll("&", "&amp;") + after;
    });
  });
}

/**
 * The ids of a page's headings given by position from its twin's outline
 * (`twin`): the `n`th heading takes the id of the twin's `n`th where the
 * two have the same level; a heading beyond the twin's, or of another
 * level, keeps its own id. Returns the ids and whether the outlines match.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { idsByPosition } from "./multilanguage.ts";
 * const twin = [{ level: 2, id: "question" }, { level: 2, id: "solution" }];
 * assertEquals(
 *   idsByPosition([{ level: 2, id: "section" }, { level: 2, id: "section-2" }], twin),
 *   { ids: ["question", "solution"], same: true },
 * );
 * assertEquals(
 *   idsByPosition([{ level: 2, id: "section" }, { level: 3, id: "section-2" }], twin),
 *   { ids: ["question", "section-2"], same: false },
 * );
 * ```
 */
export function idsByPosition(
  own: OutlineEntry[],
  twin: OutlineEntry[],
): { ids: string[]; same: boolean } {
  const taken = new Set(twin.map((entry) => entry.id));
  const ids = own.map((entry, i) => {
    if (twin[i]?.level === entry.level) return twin[i].id;
    let id = entry.id;
    for (let n = 2; taken.has(id); n++) id = `${entry.id}-${n}`;
    taken.add(id);
    return id;
  });
  const same = own.length === twin.length &&
    own.every((entry, i) => entry.level === twin[i].level);
  return { ids, same };
}

/**
 * Pair every page with its twins, check each page's language, and send the
 * links of the pages of other languages to the pages of their language.
 * Wire it after the plugins that add pages (generate, literate) and before
 * those that group pages by language (nav).
 */
export function multilanguage(options: MultilanguageOptions = {}) {
  const languages = options.languages ?? ["en"];
  const defaultLang = languages[0];
  const folder = options.strings ?? "i18n";
  for (const [lang, tag] of Object.entries(options.tags ?? {})) {
    if (!languages.includes(lang)) {
      throw new BuildError(
        `multilanguage tags: ${lang} is not one of the languages (${
          languages.join(", ")
        })`,
      );
    }
    // A language subtag, then subtags of 1-8 letters or digits (BCP 47).
    if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag)) {
      throw new BuildError(
        `multilanguage tags: ${
          JSON.stringify(tag)
        } for ${lang} is not a language tag (like zh-Hans)`,
      );
    }
    // It says more about the same language, never another one: a page in
    // zh/ declared Japanese would be read with a Japanese voice and font.
    const primary = (code: string) => code.split("-")[0].toLowerCase();
    if (primary(tag) !== primary(lang)) {
      throw new BuildError(
        `multilanguage tags: ${
          JSON.stringify(tag)
        } for ${lang} names another language (${
          primary(tag)
        }): a tag refines the language, like ${primary(lang)}-Hans`,
      );
    }
  }
  const tags = Object.fromEntries(
    languages.map((lang) => [lang, options.tags?.[lang] ?? lang]),
  );
  return (site: Site) => {
    site.data("lang", defaultLang);
    site.data("languages", languages);
    site.data("langTags", tags);
    site.filter("fill", fill);
    // `{{ english |> translated(translation) }}`: the translation, else the
    // English marked as such (its language, and a note in the page's).
    site.filter(
      "translated",
      function (this: { data: { lang?: string } }, english, translation) {
        if (typeof translation === "string" && translation.trim()) {
          return translation;
        }
        const note = stringsOf(site, this.data.lang)["untranslated"];
        return `<span lang="${defaultLang}" class="untranslated">${english}</span>${
          note ? `<span class="untranslated-note">${note}</span>` : ""
        }`;
      },
    );
    // The words of the chrome, read at every build (`serve` sees an edit).
    site.addEventListener("beforeBuild", async () => {
      const i18n: Record<string, Strings> = {};
      for (const lang of languages) {
        i18n[lang] = lang === defaultLang
          ? await chromeWords(site.options.includes, lang, folder)
          : {
            ...i18n[defaultLang],
            ...await readStrings(
              join(site.options.includes, folder, `${lang}.yml`),
            ),
          };
      }
      site.globalData.i18n = i18n;
      // The words of a page that has none of its own (one added after this
      // plugin's turn): the site's language's.
      site.globalData.t = i18n[defaultLang];
    });
    // A translation keeps its original's front matter: checked on the pages
    // as loaded, before any plugin reads them (a twin with another
    // `exercise:` failed later, as two pages citing the same equations).
    site.addEventListener("beforeBuild", () => {
      checkTwinFrontMatter(site.pages, defaultLang);
    });
    let urls: Set<string> | undefined;
    let urlList = "";
    // Each page's output with its twin's ids and its links translated, kept
    // while its render, the ids and the site's pages are the same (in
    // `serve`, the renders of pages not edited are reused, and these ran
    // again on each of them).
    const withIds = new TextMemo<string>();
    const linksTranslated = new TextMemo<string>();
    // Each page whose headings take its twin's ids, by that twin, and the
    // pages rendered before their twin.
    let twinOf = new Map<Page, Page>();
    let waiting = new Map<Page, Page[]>();
    site.preprocess((pages) => {
      urls = undefined;
      withIds.sweep();
      linksTranslated.sweep();
      twinOf = new Map();
      waiting = new Map();
      const byId = new Map<string, Map<string, Page>>();
      for (const page of pages) {
        const lang = page.data.lang ?? defaultLang;
        page.data.langPrefix = languagePrefix(lang, defaultLang);
        if (lang !== defaultLang) page.data.t = stringsOf(site, lang);
        const fail = (message: string): never => {
          throw new BuildError(
            message,
            page.src,
            fileFrontMatterLine(page.src, "lang"),
          );
        };
        if (!languages.includes(lang)) {
          fail(
            `\`lang: ${lang}\` is not a language of the site (${
              languages.join(", ")
            })`,
          );
        }
        const folder = languages.find((l) =>
          l !== defaultLang && page.url.startsWith(`/${l}/`)
        );
        if (folder !== undefined && lang !== folder) {
          fail(
            `a page under ${folder}/ is in that language: add \`lang: ${folder}\` to its front matter`,
          );
        }
        if (lang !== defaultLang && folder !== lang) {
          fail(
            `a page with \`lang: ${lang}\` lives under ${lang}/ (content/${lang}/…), so that its URL starts with /${lang}/`,
          );
        }
        const id = page.data.id ?? page.url;
        const twins = byId.get(id) ?? new Map<string, Page>();
        const other = twins.get(lang);
        if (other) {
          throw new BuildError(
            `two pages in ${lang} have the id "${id}": ${other.src} and this one (give one its own \`id\`)`,
            page.src,
            fileFrontMatterLine(page.src, "id"),
          );
        }
        twins.set(lang, page);
        byId.set(id, twins);
      }
      // Every page has its twin in every language: a warning listing
      // those without, an error with `--strict`. A language no page is
      // written in is not one of these pages' (a folder of English notes
      // built with this configuration).
      const written = new Set(pages.map((page) => page.data.lang));
      for (const lang of languages.slice(1).filter((l) => written.has(l))) {
        const lacking = [...byId.values()].filter((twins) => !twins.has(lang))
          .map((twins) => twins.get(defaultLang) ?? [...twins.values()][0]);
        const orphans = [...byId.values()].filter((twins) =>
          twins.has(lang) && !twins.has(defaultLang)
        ).map((twins) => twins.get(lang)!);
        for (
          const [missing, other] of [[lacking, lang], [
            orphans,
            defaultLang,
          ]] as const
        ) {
          if (missing.length === 0) continue;
          const list = missing.map((page) =>
            page.src.endsWith(".md") &&
              !page.src.split("/").pop()!.startsWith("_")
              ? page.src
              : `${page.url} (made from ${page.src})`
          );
          const head = `${missing.length} page${
            missing.length === 1 ? " has" : "s have"
          } no twin in ${other}`;
          // An error is one line; a warning lists a page a line.
          if (site.options.strict) {
            throw new BuildError(`${head}: ${list.join(", ")}`, missing[0].src);
          }
          const message = `${head} (an error with --strict):\n  ${
            list.join("\n  ")
          }`;
          site.warn(message);
        }
      }
      for (const twins of byId.values()) {
        const alternates: Alternate[] = languages.flatMap((lang) => {
          const page = twins.get(lang);
          return page
            ? [{ lang, url: page.url, title: String(page.data.title ?? "") }]
            : [];
        });
        const original = twins.get(defaultLang);
        for (const page of twins.values()) {
          page.data.alternates = alternates;
          if (original && page !== original && page.engine === "md") {
            page.data.twinHeadings = true;
            twinOf.set(page, original);
          }
        }
      }
    });
    // A page's heading ids, once its twin is rendered.
    const giveIds = (page: Page, twin: Page) => {
      if (page.output === undefined) return;
      const own = (page.data.outline ?? []) as OutlineEntry[];
      const { ids, same } = idsByPosition(
        own,
        (twin.data.outline ?? []) as OutlineEntry[],
      );
      if (!same) {
        site.warn(
          `${page.src}: its headings differ from those of ${twin.src} (${
            outlineText(own)
          } against ${
            outlineText(twin.data.outline ?? [])
          }): a translation has the same headings, in the same order`,
        );
      }
      const html = page.output;
      page.output = withIds.get(
        page.url,
        [html, ids.join("\n")],
        () => html.replace(PLACEHOLDER, (_, n: string) => ids[Number(n)]),
      );
    };
    site.addEventListener("pageRendered", ({ page }) => {
      if (page.output === undefined) return;
      const lang = page.data.lang ?? defaultLang;
      if (lang === defaultLang) {
        for (const other of waiting.get(page) ?? []) giveIds(other, page);
        waiting.delete(page);
        return;
      }
      const twin = twinOf.get(page);
      if (twin?.output !== undefined) giveIds(page, twin);
      else if (twin) waiting.set(twin, [...waiting.get(twin) ?? [], page]);
      if (!urls) {
        urls = new Set(site.pages.map((p) => p.url));
        urlList = [...urls].join("\n");
      }
      const html = page.output;
      page.output = linksTranslated.get(
        page.url,
        [html, urlList],
        () =>
          translateLinks(
            html,
            page.url,
            languagePrefix(lang, defaultLang),
            urls!,
          ),
      );
    });
    // Twins are rendered in any order: by now every one is.
    site.process(() => {
      for (const [twin, pages] of waiting) {
        for (const page of pages) giveIds(page, twin);
      }
      waiting.clear();
    });
  };
}

/**
 * The words of the page chrome in the site's language `lang`, from
 * `includes/folder/lang.yml` (`_includes/i18n/en.yml`): the layouts take
 * every word from there, so a file that is missing or empty is an error
 * naming it. The vento plugin reads it too, for a site without this plugin.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { chromeWords } from "./multilanguage.ts";
 * assertEquals((await chromeWords("_includes", "en"))["lang-name"], "English");
 * ```
 */
export async function chromeWords(
  includes: string,
  lang: string,
  folder = "i18n",
): Promise<Strings> {
  const file = join(includes, folder, `${lang}.yml`);
  const words = await readStrings(file);
  if (Object.keys(words).length === 0) {
    throw new BuildError(
      `the words of the page chrome are missing: the layouts need ${file} (a copy of the project's _includes/i18n/${lang}.yml)`,
      file,
    );
  }
  return words;
}

/**
 * Read a file of words (`key: text` lines); none is `{}`. Anything but a
 * map of keys to text is an error naming the file.
 */
async function readStrings(file: string): Promise<Strings> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch {
    return {};
  }
  // Read at every build of `serve`: parsed again only when edited.
  return { ...stringsRead.get(file, [text], () => parseStrings(text, file)) };
}

/** The files of words as last parsed (a language's file, or two). */
const stringsRead = new TextMemo<Strings>();

function parseStrings(text: string, file: string): Strings {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at line (\d+)/.exec(message);
    throw new BuildError(
      `malformed YAML: ${message.split("\n")[0]}`,
      file,
      at ? Number(at[1]) : undefined,
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new BuildError("expected `key: text` lines", file, 1);
  }
  for (const [key, words] of Object.entries(value)) {
    if (typeof words !== "string") {
      const line = text.split("\n").findIndex((l) => l.startsWith(`${key}:`));
      throw new BuildError(
        `\`${key}\` must be text, got ${JSON.stringify(words)}`,
        file,
        line >= 0 ? line + 1 : undefined,
      );
    }
  }
  return value as Strings;
}

/** An outline in a few characters: `2 2 3 2` (the levels). */
function outlineText(outline: OutlineEntry[]): string {
  return outline.length
    ? `levels ${outline.map((entry) => entry.level).join(" ")}`
    : "no heading";
}

/** The keys of front matter a translation keeps as its original has them. */
export const TWIN_KEYS = [
  "exercise",
  "topic",
  "order",
  "part",
  "nav",
  "layout",
  "explorer",
] as const;

/**
 * Refuse a translation whose front matter says otherwise than its
 * original's on what is not words ({@link TWIN_KEYS}, and the value and
 * tolerance of each self-check): its sidebar, its results or its checks
 * would not be the original's. At the line of the key in the translation.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkTwinFrontMatter } from "./multilanguage.ts";
 * const page = (src: string, lang: string, data: object) =>
 *   ({ src, url: "/", line: 1, content: "", engine: "md" as const, data: { id: "a", lang, ...data } });
 * checkTwinFrontMatter([page("a.md", "en", { order: 1 }), page("zh/a.md", "zh", { order: 1, title: "甲" })], "en");
 * assertThrows(
 *   () => checkTwinFrontMatter([page("a.md", "en", { order: 1 }), page("zh/a.md", "zh", { order: 2 })], "en"),
 *   Error,
 *   "`order: 2`, but its original a.md has `order: 1`",
 * );
 * ```
 */
export function checkTwinFrontMatter(
  pages: readonly Page[],
  defaultLang: string,
): void {
  const originals = new Map<string, Page>();
  for (const page of pages) {
    if ((page.data.lang ?? defaultLang) === defaultLang && page.data.id) {
      originals.set(String(page.data.id), page);
    }
  }
  const shown = (key: string, value: unknown) =>
    value === undefined ? `no \`${key}\`` : `\`${key}: ${
      JSON.stringify(value)
        .replace(/^"(.*)"$/, "$1")
    }\``;
  for (const page of pages) {
    if ((page.data.lang ?? defaultLang) === defaultLang) continue;
    const original = originals.get(String(page.data.id));
    if (!original) continue;
    const checks = (data: Page["data"]) =>
      Array.isArray(data.checks)
        ? JSON.stringify(
          data.checks.map((check: { value?: unknown; tolerance?: unknown }) => [
            check?.value,
            check?.tolerance,
          ]),
        )
        : undefined;
    for (const key of [...TWIN_KEYS, "checks"] as const) {
      const mine = key === "checks" ? checks(page.data) : page.data[key];
      const theirs = key === "checks"
        ? checks(original.data)
        : original.data[key];
      if (mine === theirs) continue;
      throw new BuildError(
        key === "checks"
          ? `its self-checks ask for other values or tolerances than those of its original ${original.src}: a translation translates the labels only`
          : `${shown(key, mine)}, but its original ${original.src} has ${
            shown(key, theirs)
          }: a translation keeps the front matter of its original (its title and description are translated)`,
        page.src,
        fileFrontMatterLine(page.src, key) ??
          fileFrontMatterLine(page.src, "title"),
      );
    }
  }
}

export default multilanguage;
