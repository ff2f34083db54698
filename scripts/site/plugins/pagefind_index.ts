/**
 * One build's search index, made by Pagefind a language at a time.
 *
 * Pagefind keeps the index of each language apart (its own metadata, word
 * chunks and fragments; `pagefind-entry.json` lists them), so the build gives
 * each language its own Pagefind service: the languages are indexed side by
 * side, on both cores, and a language whose pages are the same as at the last
 * build is not indexed again: its bundle comes from the build cache. After an
 * edit to an English page, the Chinese index (whose word segmenter alone
 * takes Pagefind a third of a second to load) is not made again.
 *
 * Whether a language's pages are the same is known page by page as they are
 * rendered: the build notes, for each language, the path and a digest of
 * what was indexed of every page, in order (`search-pages.note`). A language
 * stays unsent while its pages match that list; at the first page that does
 * not, its service starts and is sent the pages so far, then each page as it
 * comes. The bundle of a language is cached under the digest of its whole
 * list, so an entry is only ever used for the very pages it was made of.
 *
 * Pagefind indexes only the pages with a `data-pagefind-body` element once
 * any page has one; the others are not sent at all (the index is the same,
 * byte for byte, and the site's results and script pages are a quarter of
 * what it would parse).
 *
 * @module
 */
import { BuildError, outputPath, type Page, type Site } from "../core/site.ts";
import { type BuildCache, digestText } from "../core/cache.ts";
import { type PagefindFile, PagefindService } from "./pagefind_service.ts";
import { searchableHtml } from "./searchable_html.ts";
import type { TextMemo } from "../core/memo.ts";

/** How many pages may wait to be written to a language's indexer. */
const UNWRITTEN_PAGES = 4;

/** The index of the pages in languages not foreseen. */
const OTHER = "other-languages";

/** The note of what each language's index was made of. */
const NOTE = "search-pages";

/**
 * Languages whose word segmenter Pagefind loads at their first page (about
 * 0.4 s of one core for Chinese): a language of these with no index in the
 * cache has its service started and the segmenter loaded before the pages
 * render.
 */
const SEGMENTED = new Set(["zh", "ja", "ko"]);

/** A page as the indexer gets it. */
interface Entry {
  /** The page, or the URL of another HTML file of the build. */
  source: Page | string;
  /** Its path in the site (`a/index.html`). */
  path: string;
  /** The page's output this entry was made from. */
  output: string;
  /** What Pagefind is sent of it ({@link searchableHtml}). */
  html: string;
  /**
   * `html`, and its digest once asked for ({@link digestOf}): needed only to
   * compare a page with the last build's, or to note it for the next.
   */
  searchable: { html: string; digest?: Promise<string> };
  /** Whether it has a `data-pagefind-body` element. */
  body: boolean;
}

/** The digest of what Pagefind is sent of a page, computed once. */
function digestOf(entry: Entry): Promise<string> {
  return entry.searchable.digest ??= digestText(entry.html);
}

/** What {@link NOTE} holds: each language's pages as `[path, digest]`. */
interface IndexNote {
  options: string;
  languages: Record<string, [string, string][]>;
}

const HTML_LANG =
  /<html(?=[\s>])[^>]*?\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const BODY = /<[a-zA-Z][^<>]*?\sdata-pagefind-body(?=[\s=/>])/;

/**
 * The language a page is indexed under, as the build groups them: the first
 * part of its `<html lang>`, lower-cased, or `unknown`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pageLanguage } from "./pagefind_index.ts";
 * assertEquals(pageLanguage('<html lang="zh-Hans"><body>'), "zh");
 * assertEquals(pageLanguage("<html class=x lang=EN>"), "en");
 * assertEquals(pageLanguage("<html><body>"), "unknown");
 * ```
 */
export function pageLanguage(html: string): string {
  const match = HTML_LANG.exec(html);
  const lang = (match?.[1] ?? match?.[2] ?? match?.[3] ?? "").trim()
    .split(/[-_]/)[0].toLowerCase();
  return /^[a-z0-9]+$/.test(lang) ? lang : "unknown";
}

/**
 * The bundles of several languages as one: every file of each (the files
 * they share, Pagefind's scripts and styles, are the same in each), and one
 * `pagefind-entry.json` listing every language, in order. Throws when two
 * bundles hold a file under one name with different bytes, or the same
 * language.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { mergeBundles } from "./pagefind_index.ts";
 * const bytes = (text: string) => new TextEncoder().encode(text);
 * const entry = (lang: string) =>
 *   bytes(`{"version":"1","languages":{"${lang}":{"page_count":1}}}`);
 * const merged = mergeBundles([
 *   [{ path: "pagefind-entry.json", content: entry("zh") }, { path: "pagefind.js", content: bytes("js") }],
 *   [{ path: "pagefind-entry.json", content: entry("en") }, { path: "pagefind.js", content: bytes("js") }],
 * ]);
 * assertEquals(merged.map((file) => file.path), ["pagefind-entry.json", "pagefind.js"]);
 * assertEquals(
 *   new TextDecoder().decode(merged[0].content),
 *   '{"version":"1","languages":{"en":{"page_count":1},"zh":{"page_count":1}}}',
 * );
 * ```
 */
export function mergeBundles(bundles: PagefindFile[][]): PagefindFile[] {
  const files = new Map<string, Uint8Array>();
  let entry: { languages: Record<string, unknown> } | undefined;
  for (const bundle of bundles) {
    for (const file of bundle) {
      if (file.path === "pagefind-entry.json") {
        const own = JSON.parse(new TextDecoder().decode(file.content));
        if (!entry) {
          entry = own;
          continue;
        }
        for (const [lang, value] of Object.entries(own.languages ?? {})) {
          if (lang in entry.languages) {
            throw new BuildError(
              `Pagefind indexed the language ${lang} twice: pages whose <html lang> differ only after "-" are one language to the build, give them one lang`,
            );
          }
          entry.languages[lang] = value;
        }
        continue;
      }
      const known = files.get(file.path);
      if (known && !sameBytes(known, file.content)) {
        throw new BuildError(
          `Pagefind made two different ${file.path} for two languages of the site`,
        );
      }
      files.set(file.path, file.content);
    }
  }
  const merged = [...files].map(([path, content]) => ({ path, content }));
  if (entry) {
    entry.languages = Object.fromEntries(
      Object.entries(entry.languages).sort(([a], [b]) => a < b ? -1 : 1),
    );
    merged.push({
      path: "pagefind-entry.json",
      content: new TextEncoder().encode(JSON.stringify(entry)),
    });
  }
  return merged.sort((a, b) => a.path < b.path ? -1 : 1);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The index of one language: its pages, its service when it needs one. */
class LanguageIndex {
  readonly lang: string;
  /** The pages of this language so far, in order. */
  pages: Entry[] = [];
  /** Whether its pages differ from the last build's (or it had none). */
  changed: boolean;
  #previous?: [string, string][];
  #command: string;
  #excludeSelectors: string[];
  #service?: PagefindService;
  #index?: Promise<number>;
  /** How many of {@link LanguageIndex.pages} were sent to the index. */
  #sent = 0;
  #adding: Promise<void>[] = [];
  #failed?: BuildError;

  constructor(
    lang: string,
    previous: [string, string][] | undefined,
    command: string,
    excludeSelectors: string[],
  ) {
    this.lang = lang;
    this.#previous = previous;
    this.changed = previous === undefined;
    this.#command = command;
    this.#excludeSelectors = excludeSelectors;
  }

  /** Add the next page; sent at once if the language has changed. */
  async add(entry: Entry): Promise<void> {
    this.pages.push(entry);
    if (!this.changed) {
      const known = this.#previous![this.pages.length - 1];
      this.changed = known?.[0] !== entry.path ||
        known[1] !== await digestOf(entry);
    }
    if (this.changed) this.#sendPending();
  }

  /**
   * The language's final pages (some outputs change after they render): if
   * they differ from those added, an index already started is made again.
   */
  async settle(pages: Entry[]): Promise<void> {
    const same = pages.length === this.pages.length &&
      pages.every((entry, i) => entry === this.pages[i]);
    if (same) return;
    this.pages = pages;
    if (this.#index && this.#sent > 0) {
      this.#index = this.#service!.newIndex({
        excludeSelectors: this.#excludeSelectors,
      });
      this.#index.catch(() => {});
      this.#sent = 0;
      this.#adding = [];
    }
    if (!this.changed) {
      const digests = await Promise.all(pages.map(digestOf));
      this.changed = pages.length !== this.#previous!.length ||
        pages.some((entry, i) =>
          this.#previous![i][0] !== entry.path ||
          this.#previous![i][1] !== digests[i]
        );
    }
    if (this.changed) this.#sendPending();
  }

  /** Whether the pages are exactly those of the last build. */
  get unchanged(): boolean {
    return !this.changed && this.pages.length === this.#previous!.length;
  }

  /**
   * Start the service now (before the pages render: a build may take away
   * the leave to start programs then).
   */
  spawn(): PagefindService {
    this.#service ??= startService(this.#command);
    return this.#service;
  }

  /** Start the service now and load the language's word segmenter. */
  warmUp(): void {
    const service = this.spawn();
    const scratch = service.newIndex({});
    scratch.catch(() => {});
    service.addHtml(
      scratch,
      "warm-up/index.html",
      `<html lang="${this.lang}"><body><main data-pagefind-body><p>梯度 勾配 기울기</p></main></body></html>`,
    ).catch(() => {}); // a service that failed fails the real requests too
  }

  /** Wait until few of the pages sent are still to be written. */
  async drain(): Promise<void> {
    await this.#service?.drain(UNWRITTEN_PAGES);
  }

  /** Send every page (the cached bundle was not there). */
  sendAll(): void {
    this.changed = true;
    this.#sendPending();
  }

  /** Have Pagefind build this language's index; its files. */
  async files(): Promise<PagefindFile[]> {
    this.#sendPending();
    const { service, index } = this.#start();
    await Promise.all(this.#adding);
    if (this.#failed) throw this.#failed;
    try {
      return await service.getFiles(index);
    } catch (error) {
      throw new BuildError(
        `Pagefind could not build the index: ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
  }

  #sendPending(): void {
    while (this.#sent < this.pages.length) {
      const entry = this.pages[this.#sent++];
      const { service, index } = this.#start();
      this.#adding.push(
        service.addHtml(index, entry.path, entry.html).then(() => {}, (
          error,
        ) => {
          const src = typeof entry.source === "string"
            ? undefined
            : entry.source.src;
          const url = typeof entry.source === "string"
            ? entry.source
            : entry.source.url;
          this.#failed ??= new BuildError(
            `Pagefind could not index ${url}: ${
              error instanceof Error ? error.message : error
            }`,
            src,
          );
        }),
      );
    }
  }

  #start(): { service: PagefindService; index: Promise<number> } {
    const service = this.spawn();
    if (!this.#index) {
      this.#index = service.newIndex({
        excludeSelectors: this.#excludeSelectors,
      });
      this.#index.catch(() => {}); // reported by the requests that need it
    }
    return { service, index: this.#index };
  }

  /** Stop the service, if it was started. */
  async close(): Promise<void> {
    await this.#service?.close();
  }

  /** Stop the service at once. */
  async kill(): Promise<void> {
    await this.#service?.kill();
  }
}

/**
 * One build's indexing: the pages, as they render, go to the index of their
 * language; {@link IndexRun.files} gives the bundle of them all.
 */
export class IndexRun {
  #command: string;
  #excludeSelectors: string[];
  #cache?: BuildCache;
  /** The key of the options the index depends on (the indexer, its settings). */
  #options: string;
  #note?: Promise<IndexNote | undefined>;
  #previous?: IndexNote;
  #languages = new Map<string, LanguageIndex>();
  /**
   * What Pagefind is sent of each page (and its digest), by URL, kept from
   * one run to the next by `serve` (whose refreshes of the index otherwise
   * made it again for every page).
   */
  #searchable?: TextMemo<{ html: string; digest?: Promise<string> }>;
  /** Every page or file seen, by page (or URL), with what was made of it. */
  #entries = new Map<Page | string, Entry>();
  /** Pages without a body, kept until a page with one shows up. */
  #held: Entry[] = [];
  #anyBody = false;
  /**
   * The languages whose services were started before the render, if they
   * were: a page in another goes to the index of {@link OTHER}.
   */
  #expected?: Set<string>;
  /** How many of the site's pages, in order, have been seen. */
  #cursor = 0;
  #finished = false;
  /** The pages are taken one call after the other, in order. */
  #queue: Promise<void> = Promise.resolve();
  #files?: Promise<PagefindFile[]>;

  /**
   * @param command the Pagefind binary
   * @param excludeSelectors Pagefind's `exclude_selectors`
   * @param cache where bundles are kept between builds (none: every build
   * indexes every language)
   */
  constructor(
    command: string,
    excludeSelectors: string[],
    cache?: BuildCache,
    searchable?: TextMemo<{ html: string; digest?: Promise<string> }>,
  ) {
    this.#command = command;
    this.#excludeSelectors = excludeSelectors;
    this.#cache = cache?.dir ? cache : undefined;
    this.#searchable = searchable;
    this.#options = JSON.stringify({ command, excludeSelectors });
  }

  /**
   * Read what the last build indexed; start, for a language of `pages` that
   * Pagefind segments and whose index is not noted, its service and its
   * segmenter (before the pages render, on the other core).
   */
  async prepare(pages: Page[] = []): Promise<void> {
    const note = await this.#readNote();
    // The languages the pages say they are in (as the layouts default,
    // English); pages in any other go to one index together.
    const langs = new Set(
      pages.map((page) =>
        pageLanguage(`<html lang="${String(page.data.lang ?? "en")}">`)
      ),
    );
    this.#expected = new Set([...langs, OTHER]);
    for (const lang of this.#expected) {
      const language = this.#language(lang);
      if (SEGMENTED.has(lang) && !note?.languages[lang]) language.warmUp();
      else language.spawn();
    }
  }

  /**
   * The last build's note, with only the languages whose bundle is still in
   * the cache (a language whose entry is gone is indexed from its first
   * page, as if it had changed).
   */
  #readNote(): Promise<IndexNote | undefined> {
    this.#note ??= (async () => {
      const text = await this.#cache?.readNote(NOTE);
      let note: unknown;
      try {
        note = text === undefined ? undefined : JSON.parse(text);
      } catch {
        return undefined; // a note cut short: index everything
      }
      if (!isNote(note) || note.options !== this.#options) return undefined;
      const languages: IndexNote["languages"] = {};
      for (const [lang, pages] of Object.entries(note.languages)) {
        const key = await this.#bundleKey(pages);
        if (await this.#cache!.has(`search-${lang}`, key)) {
          languages[lang] = pages;
        }
      }
      this.#previous = { options: note.options, languages };
      return this.#previous;
    })();
    return this.#note;
  }

  /** The key of a language's bundle in the cache: its options and pages. */
  #bundleKey(pages: [string, string][]): Promise<string> {
    return digestText(`${this.#options}\n${JSON.stringify(pages)}`);
  }

  /** The index a page in `lang` goes to. */
  #group(lang: string): string {
    return !this.#expected || this.#expected.has(lang) ? lang : OTHER;
  }

  #language(language: string): LanguageIndex {
    const lang = this.#group(language);
    let index = this.#languages.get(lang);
    if (!index) {
      index = new LanguageIndex(
        lang,
        this.#previous?.languages[lang],
        this.#command,
        this.#excludeSelectors,
      );
      this.#languages.set(lang, index);
    }
    return index;
  }

  /** The entry of a page or file as it is now (made again if it changed). */
  #entry(source: Page | string, output: string): Entry {
    const known = this.#entries.get(source);
    if (known?.output === output) return known;
    const url = typeof source === "string" ? source : source.url;
    const made = () => ({
      html: searchableHtml(output, {
        excludeSelectors: this.#excludeSelectors,
      }),
    });
    const searchable = this.#searchable?.get(url, [output], made) ?? made();
    const { html } = searchable;
    const entry: Entry = {
      source,
      path: outputPath(url).replace(/^\//, ""),
      output,
      html,
      body: BODY.test(html),
      searchable,
    };
    this.#entries.set(source, entry);
    return entry;
  }

  /** Route a page to its language, by Pagefind's rule for bodies. */
  async #route(entry: Entry): Promise<void> {
    if (!entry.body) {
      if (!this.#anyBody) this.#held.push(entry);
      return;
    }
    // A page with a body: Pagefind leaves out every page without one.
    this.#anyBody = true;
    this.#held = [];
    await this.#language(pageLanguage(entry.html)).add(entry);
  }

  /**
   * Take the pages rendered so far, in the site's order (the index numbers
   * pages in the order they arrive: the same order makes the same bytes).
   */
  sendRendered(pages: Page[]): Promise<void> {
    const taken = this.#queue.then(() => this.#take(pages));
    this.#queue = taken.catch(() => {});
    return taken;
  }

  async #take(pages: Page[]): Promise<void> {
    await this.#readNote();
    while (
      this.#cursor < pages.length && pages[this.#cursor].output !== undefined
    ) {
      const page = pages[this.#cursor++];
      const path = outputPath(page.url);
      if (!path.endsWith(".html")) continue;
      await this.#route(this.#entry(page, page.output!));
    }
    // The pages reach a service only while the build awaits: a few may
    // wait, not all of them until the render ends.
    await Promise.all([...this.#languages.values()].map((l) => l.drain()));
  }

  /**
   * Every page is rendered: take the pages as they are now (and the other
   * HTML files of the build), and start indexing the languages that changed.
   */
  async finish(site: Pick<Site, "pages" | "files">): Promise<void> {
    this.#searchable?.sweep();
    await this.#queue;
    await this.#readNote();
    const all: Entry[] = [];
    for (const page of site.pages) {
      if (page.output === undefined) continue;
      if (!outputPath(page.url).endsWith(".html")) continue;
      all.push(this.#entry(page, page.output));
    }
    for (const [url, content] of site.files) {
      if (typeof content === "string" && url.endsWith(".html")) {
        all.push(this.#entry(url, content));
      }
    }
    const anyBody = all.some((entry) => entry.body);
    const byLanguage = new Map<string, Entry[]>();
    for (const entry of all) {
      if (anyBody && !entry.body) continue;
      const lang = this.#group(pageLanguage(entry.html));
      if (!byLanguage.has(lang)) byLanguage.set(lang, []);
      byLanguage.get(lang)!.push(entry);
    }
    for (const lang of this.#languages.keys()) {
      if (!byLanguage.has(lang)) byLanguage.set(lang, []);
    }
    for (const [lang, pages] of byLanguage) {
      await this.#language(lang).settle(pages);
    }
    this.#finished = true;
  }

  /**
   * The bundle of every language (once {@link IndexRun.finish} is done):
   * those unchanged from the cache, the others from Pagefind, stored in the
   * cache for the next build. The first call starts it.
   */
  files(): Promise<PagefindFile[]> {
    if (!this.#files) {
      this.#files = this.#bundle();
      this.#files.catch(() => {}); // awaited by the build's last call
    }
    return this.#files;
  }

  async #bundle(): Promise<PagefindFile[]> {
    if (!this.#finished) throw new BuildError("Pagefind was given no page");
    const languages = [...this.#languages.values()]
      .filter((language) => language.pages.length > 0);
    if (languages.length === 0) {
      // No page: Pagefind's own answer (an index of nothing).
      languages.push(this.#language("unknown"));
    }
    // The languages that changed go to their services at once, together.
    for (const language of languages) {
      if (!language.unchanged) language.sendAll();
    }
    // Meanwhile, what each language's index is made of, for the cache: a
    // few pages at a time (each digest holds a copy of its page meanwhile).
    const lists: [string, string][][] = [];
    for (const language of languages) {
      const list: [string, string][] = [];
      for (let i = 0; i < language.pages.length; i += 32) {
        const some = language.pages.slice(i, i + 32);
        const digests = await Promise.all(some.map(digestOf));
        some.forEach((e, j) => list.push([e.path, digests[j]]));
      }
      lists.push(list);
    }
    const keys = await Promise.all(lists.map((list) => this.#bundleKey(list)));
    const cached = await Promise.all(languages.map(async (language, i) => {
      if (!language.unchanged) return undefined;
      const text = await this.#cache?.read(`search-${language.lang}`, keys[i]);
      try {
        return text === undefined ? undefined : fromCacheText(text);
      } catch {
        return undefined; // unreadable: index it again
      }
    }));
    languages.forEach((language, i) => {
      if (!cached[i]) language.sendAll();
    });
    const bundles = await Promise.all(languages.map(async (language, i) => {
      if (cached[i]) {
        // A service started early for a language that turned out the same.
        language.kill();
        return cached[i];
      }
      const files = await language.files();
      await this.#cache?.write(
        `search-${language.lang}`,
        keys[i],
        cacheText(files),
      );
      return files;
    }));
    const merged = mergeBundles(bundles);
    if (!merged.some((file) => file.path === "pagefind-entry.json")) {
      throw new BuildError("Pagefind wrote no index");
    }
    const note: IndexNote = {
      options: this.#options,
      languages: Object.fromEntries(
        languages.map((language, i) => [language.lang, lists[i]]),
      ),
    };
    const text = JSON.stringify(note);
    if (text !== JSON.stringify(this.#previous)) {
      await this.#cache?.writeNote(NOTE, text);
    }
    return merged;
  }

  /** Stop every service. */
  async close(): Promise<void> {
    await Promise.all([...this.#languages.values()].map((l) => l.close()));
  }

  /** Stop every service at once, whatever it is doing. */
  async kill(): Promise<void> {
    await Promise.all([...this.#languages.values()].map((l) => l.kill()));
  }
}

/** Start a Pagefind service; a clear error if it cannot. */
function startService(command: string): PagefindService {
  try {
    return PagefindService.start(command);
  } catch (error) {
    throw new BuildError(
      `Pagefind could not start (${command}): ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
}

/** Whether a value is a note as {@link IndexRun} writes them. */
function isNote(value: unknown): value is IndexNote {
  if (typeof value !== "object" || value === null) return false;
  const { options, languages } = value as Partial<IndexNote>;
  return typeof options === "string" && typeof languages === "object" &&
    languages !== null && !Array.isArray(languages) &&
    Object.values(languages).every((pages) =>
      Array.isArray(pages) &&
      pages.every((page) =>
        Array.isArray(page) && page.length === 2 &&
        page.every((part) => typeof part === "string")
      )
    );
}

/**
 * A bundle as cache text: one line of JSON, each file's bytes in base64 (as
 * the service sent them, when it did), in pieces: the text of a thousand
 * pages' bundle is 2 MB, which a build at its peak of memory need not hold
 * whole.
 */
function* cacheText(files: PagefindFile[]): Generator<string> {
  yield "[";
  for (const [i, file] of files.entries()) {
    yield (i ? "," : "") +
      JSON.stringify([file.path, file.base64 ?? file.content.toBase64()]);
  }
  yield "]";
}

function fromCacheText(text: string): PagefindFile[] {
  const files = JSON.parse(text) as [string, string][];
  return files.map(([path, content]) => ({
    path,
    content: Uint8Array.fromBase64(content),
  }));
}
