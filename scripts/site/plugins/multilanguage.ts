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
import { BuildError, type Page, type Site } from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";

/** Options of the multilanguage plugin. */
export interface MultilanguageOptions {
  /** The languages, the site's own first (`["en", "zh"]`). */
  languages?: string[];
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
  let resolved: URL;
  try {
    resolved = new URL(href, `http://site${base}`);
  } catch {
    return undefined;
  }
  if (resolved.host !== "site") return undefined;
  const path = resolved.pathname;
  const rest = resolved.search + resolved.hash;
  const inLanguage = path === `${prefix}/` || path.startsWith(`${prefix}/`);
  if (inLanguage) {
    if (urls.has(path)) return undefined;
    const original = path.slice(prefix.length);
    return urls.has(original) ? original + rest : undefined;
  }
  if (urls.has(prefix + path)) return prefix + path + rest;
  return undefined;
}

/** The `href` of links and the `action` of forms, in a page's HTML. */
const LINK = /(<(?:a|form)\s[^>]*?\b(?:href|action)=")([^"]*)(")/g;

/**
 * Pair every page with its twins, check each page's language, and send the
 * links of the pages of other languages to the pages of their language.
 * Wire it after the plugins that add pages (generate, literate) and before
 * those that group pages by language (nav).
 */
export function multilanguage(options: MultilanguageOptions = {}) {
  const languages = options.languages ?? ["en"];
  const defaultLang = languages[0];
  return (site: Site) => {
    site.data("lang", defaultLang);
    site.data("languages", languages);
    let urls: Set<string> | undefined;
    site.preprocess((pages) => {
      urls = undefined;
      const byId = new Map<string, Map<string, Page>>();
      for (const page of pages) {
        const lang = page.data.lang ?? defaultLang;
        page.data.langPrefix = languagePrefix(lang, defaultLang);
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
      for (const twins of byId.values()) {
        const alternates: Alternate[] = languages.flatMap((lang) => {
          const page = twins.get(lang);
          return page
            ? [{ lang, url: page.url, title: String(page.data.title ?? "") }]
            : [];
        });
        for (const page of twins.values()) page.data.alternates = alternates;
      }
    });
    site.addEventListener("pageRendered", ({ page }) => {
      const lang = page.data.lang ?? defaultLang;
      if (lang === defaultLang || page.output === undefined) return;
      urls ??= new Set(site.pages.map((p) => p.url));
      const prefix = languagePrefix(lang, defaultLang);
      page.output = page.output.replace(
        LINK,
        (whole, before: string, href: string, after: string) => {
          const to = translatedLink(
            href.replaceAll("&amp;", "&"),
            page.url,
            prefix,
            urls!,
          );
          return to === undefined
            ? whole
            : before + to.replaceAll("&", "&amp;") + after;
        },
      );
    });
  };
}

export default multilanguage;
