/**
 * # A tiny static-site builder in Lume's shape
 *
 * Lume itself cannot be reached from here (it lives on deno.land and JSR), so
 * the site is built by this small `Site` object that keeps Lume's conventions:
 * plugins are `(options) => (site) => void`, `_config.ts` only wires them,
 * pages live in `content/`, layouts in `_includes/`, and the output goes to
 * `_site/`. A build loads the pages, lets the preprocessors add data and
 * pages, renders each page (Vento, then markdown-it, then its layout), lets the
 * processors look at the HTML, writes everything into a staging folder, and
 * only when all of that succeeded swaps the staging folder into place: a
 * failed build leaves the previous `_site/` exactly as it was.
 *
 * `serve` rebuilds with {@link Site.update}, told which files changed, as
 * Lume's `site.update()` is: it still loads and preprocesses every page (a
 * few milliseconds), but re-renders only the pages whose inputs changed (the
 * page itself, or anything site-wide: the navigation, the results, …), and
 * into the staging folder it writes only the files whose content changed; the
 * others are hard links to the files already in place. The result is the same
 * site, byte for byte, as a full build of the same files.
 *
 * This file holds the `Site` class (options, the plugin API, the build's
 * order); the parts it runs live beside it, one a file: `loader.ts`,
 * `renderer.ts`, `writer.ts`, `update.ts`, `events.ts`, `processors.ts`,
 * with the types in `page.ts`.
 *
 * @module
 */
import { join, resolve, SEPARATOR } from "@std/path";
import { BuildCache, type CacheLog, codeFiles } from "./cache.ts";
import { localImports, runtimeImportsIn } from "./module_graph.ts";
import {
  checkDest,
  checkForeignFiles,
  checkSrc,
  lockStaging,
  MARKER,
  markerText,
  restoreSwap,
  STAGING_ENTRIES,
  type StagingLock,
} from "./dest.ts";
import { BuildError, type Page, urlPageId } from "./page.ts";
import { checkUniqueUrls, loadPages } from "./loader.ts";
import { type Engines, renderPage } from "./renderer.ts";
import {
  checkFolders,
  clearStaging,
  collectOutputs,
  CONTENT_SECURITY_POLICY,
  type Copy,
  foldersOf,
  keepAsSpare,
  startFromSpare,
  swap,
  writeInPlace,
  writeOutputs,
  type Written,
} from "./writer.ts";
import { type Captured, Renders } from "./update.ts";
import { TextMemo } from "./memo.ts";
import {
  Events,
  type SiteEvent,
  type SiteEventListener,
  type SiteEventType,
} from "./events.ts";
import { type Extensions, type Processor, Processors } from "./processors.ts";

// The engine's public names, for plugins and tests: one import.
export {
  BuildError,
  defaultPageId,
  lineOf,
  markdownLine,
  type Page,
  type PageData,
  urlPageId,
} from "./page.ts";
export { walk } from "./fs.ts";
export { decodeText, MAX_FRONT_MATTER_VALUES, parsePage } from "./loader.ts";
export type { Engines } from "./renderer.ts";
export type {
  SiteEvent,
  SiteEventListener,
  SiteEventMap,
  SiteEventType,
} from "./events.ts";
export type { Extensions, Processor } from "./processors.ts";
export {
  CONTENT_SECURITY_POLICY,
  outputPath,
  swap,
  withCsp,
} from "./writer.ts";

/** Where to read and write, and how. Lume's names: `src`, `dest`, `includes`. */
export interface SiteOptions {
  /** Folder of the pages, relative to the working directory. */
  src: string;
  /** Folder the site is written to. A failed build leaves it untouched. */
  dest: string;
  /** Folder of the layouts and partials. */
  includes: string;
  /**
   * Folder of the build cache (values that depend only on the code, such as
   * the results of the scripts), or `""` for none.
   */
  cache: string;
  /** Print nothing but errors. */
  quiet: boolean;
  /** True in `deno task serve`: plugins may add development helpers. */
  serve: boolean;
  /**
   * Make the search index (`--no-search`: none, for a quicker build whose
   * search page finds nothing).
   */
  search: boolean;
  /**
   * Fail on what is otherwise a warning of a plugin that knows the two
   * (`--strict`: a page without its translation, …).
   */
  strict: boolean;
  /**
   * The Content-Security-Policy the writer puts into every HTML file (in
   * its `<head>`, whatever its layout): nothing from another host, no
   * inline script.
   */
  csp: string;
  /**
   * The most seconds one page's render may take in `deno task build` and
   * `serve`, which render in a worker they terminate past it (a template
   * loop that never ends).
   */
  renderTimeout: number;
  /**
   * The most seconds one exercise script may take, when the scripts run in
   * workers (`results({ module })`).
   */
  scriptTimeout: number;
}

/**
 * A Vento filter: `this.globalData` is the data of the page being rendered (with
 * `page` in it).
 */
// deno-lint-ignore no-explicit-any
export type Filter = (this: { data: any }, value: any, ...args: any[]) => any;

/** A plugin: receives the site and registers what it does. */
export type Plugin = (site: Site) => void;

/** What a build reports. */
export interface BuildReport {
  /** Pages of the site. */
  pages: number;
  /** Files of the site (pages included). */
  files: number;
  /** Pages rendered by this build (the others reused an unchanged render). */
  rendered: number;
  /** Files written by this build (the others are links to unchanged files). */
  written: number;
  milliseconds: number;
  /**
   * Milliseconds spent in each stage: `setup` (the before-build hooks: the
   * results, assets), `load`, `preprocess`, `render`, `process`, `write`,
   * `afterWrite` (search index, link check) and `swap`.
   */
  stages: Record<string, number>;
  /** What the plugins found in the build cache, and what they computed. */
  cache: CacheLog;
  /** The warnings of the build, each once, in the order they were raised. */
  warnings: string[];
  /**
   * How many of the scripts' threads the command line had started before
   * the build asked for them (`deno task build` after an edit to a script).
   */
  prestarted?: number;
}

const DEFAULTS: SiteOptions = {
  src: "content",
  dest: "_site",
  includes: "_includes",
  cache: "_cache",
  quiet: false,
  serve: false,
  search: true,
  strict: false,
  csp: CONTENT_SECURITY_POLICY,
  renderTimeout: 30,
  scriptTimeout: 120,
};

/**
 * The time limit `name` of the options (`renderTimeout`, `scriptTimeout`),
 * in seconds, checked as the command line checks its own: a number from 0.1
 * to 86400 (a day). Anything else is a {@link BuildError} naming the option.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { timeLimit } from "./site.ts";
 * assertEquals(timeLimit({ renderTimeout: 2.5 }, "renderTimeout"), 2.5);
 * assertThrows(() => timeLimit({ renderTimeout: "soon" }, "renderTimeout"));
 * ```
 */
export function timeLimit(
  options: { renderTimeout?: unknown; scriptTimeout?: unknown },
  name: "renderTimeout" | "scriptTimeout",
): number {
  const value = options[name];
  if (typeof value !== "number" || !(value >= 0.1 && value <= 86400)) {
    throw new BuildError(
      `${name} in the configuration: expected seconds, a number from 0.1 to 86400, found ${
        typeof value === "number" ? value : JSON.stringify(value) ?? "undefined"
      }`,
    );
  }
  return value;
}

/**
 * The site: configuration (options, plugins, filters, hooks) that outlives a
 * build, and the state of the current build (pages, extra files), which every
 * build starts afresh.
 *
 * @example
 * ```ts
 * import { Site } from "./site.ts";
 * const site = new Site({ src: "content" });
 * site.filter("shout", (text: string) => text.toUpperCase());
 * if (site.filters.shout.call({ data: {} }, "hi") !== "HI") throw new Error();
 * ```
 */
export class Site {
  /** Options, defaults merged with what was given. */
  options: SiteOptions;
  /** Vento filters, by name. */
  filters: Record<string, Filter> = {};
  /**
   * The data every template sees in this build: what {@link Site.data} set,
   * and what plugins add while building (the results, the navigation).
   */
  globalData: Record<string, unknown> = {};
  /** The renderers, set by the `vento` and `markdown` plugins. */
  engines: Engines = {};
  /** markdown-it plugins other plugins ask for (math, …). */
  // deno-lint-ignore no-explicit-any
  markdownItPlugins: ((md: any) => void)[] = [];

  /**
   * Top-level output folders a plugin fills itself once the pages are
   * written (the search index): a build leaves their files to it.
   */
  pluginFolders: Set<string> = new Set();

  /** The pages of the current build. */
  pages: Page[] = [];
  /** Extra output files of the current build, by URL. */
  files: Map<string, string | Uint8Array> = new Map();
  /** The build cache of the current build (`options.cache`). */
  cache: BuildCache = new BuildCache(undefined);

  #events = new Events();
  #preprocessors = new Processors();
  #processors = new Processors();
  #copies: Copy[] = [];
  #warnings = new Set<string>();
  #configData: Record<string, unknown> = {};
  /** Renders of the last builds, for {@link Site.update}. */
  #renders = new Renders();
  /** Each page with the security policy, kept between `serve`'s updates. */
  #secured = new TextMemo<string>();
  /** Each page as parsed from its file, kept between `serve`'s updates. */
  #parsed = new TextMemo<Page>();
  /** What `dest` holds, as the last update wrote it (and its inode then). */
  #written?: { dest: string; ino: number | null; files: Map<string, Written> };
  /** What the render under way wrote and warned, to replay on reuse. */
  #capture?: Captured;
  /**
   * What an update leaves running once the new site is in place: removing
   * the previous one, and making the folders of the next update's staging
   * folder (making a folder costs more than linking a file).
   */
  #cleanup?: Promise<void>;
  /** The empty folders made for the next update, parents first, and where. */
  #prepared?: { next: string; folders: string[] };
  /** The lock of the staging folder, held across the updates of `serve`. */
  #lock?: StagingLock;
  /** Told the page a render starts (its source) and that it ended. */
  #watch?: (file: string | undefined) => void;

  /** @param options any of {@link SiteOptions}; the rest are defaults. */
  constructor(options: Partial<SiteOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Tell `watch` the source of each page as its render starts, and
   * `undefined` when it ends: a watchdog in another thread can stop a render
   * that never ends (`cli.ts`).
   */
  watchRenders(watch: (file: string | undefined) => void): this {
    this.#watch = watch;
    return this;
  }

  /**
   * Wait for what the last update left running (removing the previous site,
   * making the next update's folders), e.g. before removing its folders.
   */
  async settled(): Promise<void> {
    await this.#cleanup;
  }

  /** Register a plugin. */
  use(plugin: Plugin): this {
    plugin(this);
    return this;
  }

  /** Set data every template sees, as Lume's `site.data(key, value)`. */
  data(key: string, value: unknown): this {
    this.#configData[key] = value;
    return this;
  }

  /** Register a Vento filter. */
  filter(name: string, filter: Filter): this {
    this.filters[name] = filter;
    return this;
  }

  /** Run `listener` at an event of every build (see {@link SiteEventMap}). */
  addEventListener<T extends SiteEventType>(
    type: T,
    listener: SiteEventListener<T>,
  ): this {
    this.#events.addEventListener(type, listener);
    return this;
  }

  /** Run the listeners of `event`, in the order they were added. */
  dispatchEvent(event: SiteEvent): Promise<void> {
    return this.#events.dispatchEvent(event);
  }

  /**
   * Run `preprocessor` once the pages are loaded, before any is rendered,
   * on the pages of `extensions` (all when not given) and all the pages; it
   * may add pages ({@link Site.addPage}) and data.
   */
  preprocess(preprocessor: Processor): this;
  preprocess(extensions: Extensions, preprocessor: Processor): this;
  preprocess(
    extensions: Extensions | Processor,
    preprocessor?: Processor,
  ): this {
    if (typeof extensions === "function") {
      return this.preprocess("*", extensions);
    }
    this.#preprocessors.set(extensions, preprocessor!);
    return this;
  }

  /**
   * Run `processor` once every page is rendered (`page.output` is set), on
   * the pages of `extensions` (all when not given) and all the pages.
   */
  process(processor: Processor): this;
  process(extensions: Extensions, processor: Processor): this;
  process(extensions: Extensions | Processor, processor?: Processor): this {
    if (typeof extensions === "function") return this.process("*", extensions);
    this.#processors.set(extensions, processor!);
    return this;
  }

  /**
   * Copy a file or a folder (relative to the working directory) to the URL
   * `to`, optionally transforming text files; with `when`, only in a build
   * whose pages it says need it (an extension of Lume's `copy`: this
   * engine builds any folder of pages with the project's plugins).
   */
  copy(
    from: string,
    to: string,
    transform?: (text: string) => string,
    when?: (pages: readonly Page[]) => boolean,
  ): this {
    this.#copies.push({ from, to, transform, when });
    return this;
  }

  /** What is copied to the site ({@link Site.copy}), in order. */
  get copies(): readonly Readonly<Copy>[] {
    return this.#copies;
  }

  /** Add an output file of this build at `url` (e.g. a CSV beside a page). */
  write(url: string, content: string | Uint8Array): void {
    this.#capture?.files.push([url, content]);
    this.files.set(url, content);
  }

  /** Print a warning once per build, however often it is raised. */
  warn(message: string): void {
    this.#capture?.warnings.push(message);
    if (this.#warnings.has(message)) return;
    this.#warnings.add(message);
    if (!this.options.quiet) console.warn(`warning: ${message}`);
  }

  /**
   * The folders and files a build reads besides the code (the pages, the
   * layouts, what is copied), with `overrides` of the options: the command
   * line's check that nothing changed since the last build stamps them.
   */
  inputFolders(
    overrides: Partial<SiteOptions> = {},
  ): { pages: string; layouts: string; copied: string[] } {
    const { src, includes } = { ...this.options, ...overrides };
    return {
      pages: src,
      layouts: includes,
      copied: this.#copies.map(({ from }) => from),
    };
  }

  /**
   * Keys of the site's data that pages read entry by entry (`results`, each
   * exercise's results under its id; plugins add them): a render kept for
   * reuse notes which entries it read, and is reused while those are the
   * same, whatever the other entries became.
   */
  readonly keyedData: Set<string> = new Set();

  /**
   * Modules the site runs apart, in worker threads, to compute its data (the
   * exercise scripts of the results plugin, which adds them): the pages see
   * only the data, which a render's fingerprint holds.
   */
  readonly dataModules: Set<string> = new Set();

  /**
   * The local modules that reach the pages only through the data they
   * compute: those {@link Site.dataModules} import that the configuration
   * `config` does not run itself (imports of types aside), absolute. After
   * an edit to these alone, a build may reuse the last build's renders: a
   * page whose data is the same (the results of the scripts among them) is
   * not rendered again.
   */
  async dataOnlyCode(config: string): Promise<string[]> {
    if (this.dataModules.size === 0) return [];
    const files = codeFiles(this);
    const apart = new Set([...this.dataModules].map((path) => resolve(path)));
    const run = new Set(
      await localImports([config], async (file) =>
        // What runs apart is not run here: its imports are not followed.
        apart.has(file) ? [] : runtimeImportsIn(
          file,
          new TextDecoder().decode(await files.bytes(file)),
        )),
    );
    const data = await localImports([...apart], (file) => files.imports(file));
    return data.filter((file) => !run.has(file));
  }

  /**
   * The renders kept for the next build, as text for another process that
   * runs the same code ({@link Site.restoreRenders}); a build keeps them
   * when called with `{ reuseRenders: true }`.
   */
  saveRenders(): string {
    return this.#renders.save();
  }

  /**
   * Write {@link Site.saveRenders}'s text into `file`, after `header`, piece
   * by piece (never the whole text at once).
   */
  async writeRenders(file: string, header: string): Promise<void> {
    const encoder = new TextEncoder();
    const handle = await Deno.open(file, {
      write: true,
      create: true,
      truncate: true,
    });
    // The stream closes the file when it is closed or aborted.
    const writer = handle.writable.getWriter();
    // Encoded into one buffer, written whenever it is full: the renders of
    // a thousand pages are megabytes, and a string joined and a copy
    // encoded for each megabyte stood at the top of the build's memory.
    const buffer = new Uint8Array(1 << 20);
    let used = 0;
    const flush = async () => {
      // The write is done when its promise is: the buffer is free again.
      if (used) await writer.write(buffer.subarray(0, used));
      used = 0;
    };
    const add = async (text: string) => {
      let rest = text;
      while (rest) {
        const { read, written } = encoder.encodeInto(
          rest,
          buffer.subarray(used),
        );
        used += written;
        rest = rest.slice(read);
        if (rest) await flush();
      }
    };
    try {
      await add(header);
      for (const chunk of this.#renders.chunks()) await add(chunk);
      await flush();
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => {});
      throw error;
    }
  }

  /**
   * Take back the renders {@link Site.saveRenders} gave, for the next build
   * with `{ reuseRenders: true }`: only if nothing but the pages and the
   * copied files changed since (the code, the layouts, the options are
   * those of the build that kept them: the caller makes sure of it). Returns
   * how many there are.
   */
  restoreRenders(text: string): number {
    return this.#renders.restore(text);
  }

  /**
   * The language of a page that does not say its own: the site's data
   * `lang` (`site.data("lang", "en")`), else `en`.
   */
  get defaultLang(): string {
    const lang = this.#configData.lang;
    return typeof lang === "string" ? lang : "en";
  }

  /**
   * Add a page made by a plugin (literate scripts, …); without a `lang` it
   * has the site's, without an `id` its URL without its language's prefix.
   */
  addPage(page: Page): void {
    const lang = page.data.lang ??= this.defaultLang;
    page.data.id ??= urlPageId(page.url, lang, this.defaultLang);
    this.pages.push(page);
  }

  /**
   * Build the site into `options.dest` (or `overrides.dest`), from scratch:
   * every page is rendered and every file written (what `deno task build`
   * does). It forgets what earlier builds kept for {@link Site.update}.
   */
  build(
    overrides: Partial<SiteOptions> = {},
    { reuseRenders = false }: {
      /**
       * Reuse the render of each page whose inputs are those of a render
       * kept ({@link Site.restoreRenders}), as {@link Site.update} does, and
       * keep this build's renders ({@link Site.saveRenders}).
       */
      reuseRenders?: boolean;
    } = {},
  ): Promise<BuildReport> {
    if (!reuseRenders) this.#renders.clear();
    this.#written = undefined;
    return this.#build(overrides, false, reuseRenders);
  }

  /**
   * Build the site again after `changed` files changed (paths, relative to
   * the working directory or absolute), reusing what the previous update did:
   * a page is rendered again only if its inputs changed (its file, its data,
   * or anything site-wide: the navigation, the results, …), and a file is
   * written only if its content changed; the others are hard links to the
   * files of the site in place. When a change may touch every page (a layout,
   * a partial, a script), or `changed` is not given (nothing known), every
   * page is rendered, as by {@link Site.build}. The site written is the same,
   * byte for byte, as a full build's; a failed update, like a failed build,
   * leaves `dest` as it was.
   *
   * @example
   * ```ts ignore
   * await site.update(); // the first build of `serve`
   * await site.update(["content/bptt/rnn-1a.md"]); // renders that one page
   * ```
   */
  update(
    changed?: Iterable<string>,
    overrides: Partial<SiteOptions> = {},
  ): Promise<BuildReport> {
    const options = { ...this.options, ...overrides };
    const paths = changed && [...changed].map((path) => resolve(path));
    // Every page is loaded again and compared with its last render, and
    // copied files are copied again when they changed: what is under `src`
    // or copied cannot make a kept render wrong. Anything else (a layout, a
    // partial, an unknown file) may reach every page.
    const within = [options.src, ...this.#copies.map(({ from }) => from)]
      .map((folder) => resolve(folder));
    const local = (file: string) =>
      within.some((folder) =>
        file === folder || file.startsWith(folder + SEPARATOR)
      );
    if (paths === undefined || !paths.every(local)) this.#renders.clear();
    if (this.#written && this.#written.dest !== resolve(options.dest)) {
      this.#written = undefined;
    }
    // A copied file that changed is copied again, whatever its time says.
    const files = new Set(paths);
    for (const [url, output] of this.#written?.files ?? []) {
      if ("file" in output && files.has(resolve(output.file))) {
        this.#written!.files.delete(url);
      }
    }
    return this.#build(overrides, true);
  }

  async #build(
    overrides: Partial<SiteOptions>,
    incremental: boolean,
    reuseRenders = incremental,
  ): Promise<BuildReport> {
    const started = performance.now();
    const options = { ...this.options, ...overrides };
    const saved = this.options;
    this.options = options;
    this.pages = [];
    this.files = new Map();
    this.globalData = { ...this.#configData };
    this.#warnings = new Set();
    this.cache = new BuildCache(options.cache, (message) => this.warn(message));
    const staging = `${options.dest}.tmp`;
    const next = join(staging, "next");
    const stages: Record<string, number> = {};
    let mark = started;
    const lap = (stage: string) => {
      const now = performance.now();
      stages[stage] = Math.round(now - mark);
      mark = now;
    };
    try {
      await this.#cleanup;
      this.#cleanup = undefined;
      // Nothing is written before the output folder is known to be ours.
      checkSrc(options.src);
      checkDest(options.dest, {
        src: options.src,
        includes: options.includes,
        scripts: "scripts",
      });
      if (this.#lock?.staging !== resolve(staging)) {
        this.#lock?.release();
        this.#lock = undefined;
        const lock = await lockStaging(
          staging,
          options.serve ? "deno task serve" : "deno task build",
        );
        this.#lock = { ...lock, staging: resolve(staging) };
      }
      // A build stopped between the two renames of its swap left no dest.
      restoreSwap(options.dest);
      // A file put into the output by hand: the swap would lose it.
      checkForeignFiles(options.dest);
      // The pages first: a plugin's setup can see whether the pages need
      // it (a folder of plain pages needs no results, no explorers).
      this.pages.push(
        ...loadPages(
          options.src,
          this.defaultLang,
          incremental ? this.#parsed : undefined,
          (message, file, line) => {
            if (options.strict) throw new BuildError(message, file, line);
            this.warn(
              `${file}${
                line ? `:${line}` : ""
              }: ${message} (an error with --strict)`,
            );
          },
        ),
      );
      lap("load");
      await this.dispatchEvent({ type: "beforeBuild" });
      lap("setup");
      await this.#preprocessors.run(this.pages);
      this.pages.sort((a, b) => a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
      checkUniqueUrls(this.pages);
      lap("preprocess");
      const rendered = await this.#renderAll(reuseRenders);
      lap("render");
      await this.#processors.run(this.pages);
      lap("process");

      let prepared = incremental && this.#prepared?.next === next
        ? this.#prepared?.folders
        : undefined;
      this.#prepared = undefined;
      try {
        // The staging folder holds the empty folders made for this update,
        // and maybe what a stopped refresh of the search index left.
        for (const entry of prepared ? Deno.readDirSync(staging) : []) {
          if (entry.name === "next" || entry.name === "lock") continue;
          if (!STAGING_ENTRIES.includes(entry.name)) continue;
          Deno.removeSync(join(staging, entry.name), { recursive: true });
        }
      } catch {
        prepared = undefined;
      }
      if (!prepared) {
        await clearStaging(staging);
        // A build writes in place into the copy of the site before last.
        if (incremental || !startFromSpare(staging)) {
          await Deno.mkdir(next, { recursive: true });
        }
      }
      const outputs = await collectOutputs(
        this.pages,
        this.files,
        this.#copies.filter((copy) => copy.when?.(this.pages) ?? true),
        options.csp,
        incremental ? this.#secured : undefined,
      );
      const folders = foldersOf(outputs.keys());
      checkFolders(outputs, folders, this.pages);
      // Files are linked only from the folder the last update put in place
      // (not from one another build, `deno task build`, put there since).
      const ino = await Deno.stat(options.dest).then(
        (info) => info.ino,
        () => 0,
      );
      await this.dispatchEvent({ type: "beforeSave", dir: next });
      let written: number;
      if (incremental) {
        const made = new Set(prepared);
        for (const folder of folders) {
          if (!made.has(folder)) Deno.mkdirSync(join(next, folder));
        }
        // Folders made for pages that are gone, children first.
        const needed = new Set(folders);
        for (const folder of (prepared ?? []).toReversed()) {
          if (!needed.has(folder)) Deno.removeSync(join(next, folder));
        }
        written = await writeOutputs(
          next,
          outputs,
          this.#written?.ino === ino ? this.#written : undefined,
        );
      } else {
        written = await writeInPlace(
          next,
          outputs,
          (path) => path === MARKER || this.pluginFolders.has(path),
        );
      }
      Deno.writeTextFileSync(
        join(next, MARKER),
        markerText(
          [...outputs.keys()].map((url) =>
            url.split("/").filter(Boolean).join("/")
          ),
          [...this.pluginFolders],
        ),
      );
      lap("write");
      await this.dispatchEvent({ type: "afterWrite", dir: next });
      lap("afterWrite");
      const old = await swap(next, options.dest, staging);
      if (incremental) {
        this.#written = {
          dest: resolve(options.dest),
          ino: (await Deno.stat(options.dest)).ino,
          files: outputs,
        };
        // This can wait (the next build waits for it): removing the previous
        // site, and making the folders of the next update.
        this.#cleanup = Deno.remove(old, { recursive: true }).then(() => {
          Deno.mkdirSync(next);
          for (const folder of folders) Deno.mkdirSync(join(next, folder));
          this.#prepared = { next, folders };
        }).catch(() => {});
      } else {
        keepAsSpare(old, staging);
        await this.#leaveStaging(staging, false);
      }
      lap("swap");
      await this.dispatchEvent({
        type: "afterBuild",
        dest: options.dest,
        pages: this.pages,
      });
      return {
        pages: this.pages.length,
        files: outputs.size,
        rendered,
        written,
        milliseconds: Math.round(performance.now() - started),
        stages,
        cache: this.cache.log,
        warnings: [...this.#warnings],
      };
    } catch (error) {
      await this.#cleanup;
      this.#prepared = undefined;
      if (this.#lock?.staging === resolve(staging)) {
        // What was written so far is a copy as good as any to write into.
        if (!incremental) keepAsSpare(next, staging);
        await this.#leaveStaging(staging, incremental).catch(() => {});
      }
      throw error;
    } finally {
      this.options = saved;
    }
  }

  /**
   * Empty the staging folder of what this build made in it and, after a
   * build (updates, `serve`'s, keep it between them), let go of its lock
   * and remove it.
   */
  async #leaveStaging(staging: string, incremental: boolean): Promise<void> {
    await clearStaging(staging);
    if (incremental) return;
    this.#lock?.release();
    this.#lock = undefined;
    await Deno.remove(staging).catch(() => {});
  }

  /**
   * Render every page, or, in an update, reuse the render of a page whose
   * inputs are those of its last render; returns how many were rendered.
   */
  async #renderAll(reuse: boolean): Promise<number> {
    const done = (page: Page) =>
      this.dispatchEvent({ type: "pageRendered", page });
    if (!reuse) {
      for (const page of this.pages) {
        await renderPage(page, this.engines, this.globalData, this.#watch);
        await done(page);
      }
      return this.pages.length;
    }
    const site = {
      inputs: {
        options: {
          src: this.options.src,
          includes: this.options.includes,
          serve: this.options.serve,
        },
        data: this.globalData,
      },
      data: this.globalData,
      keyed: this.keyedData,
    };
    const rendered = await this.#renders.renderAll(
      this.pages,
      site,
      async (page) => {
        // What the render writes and warns, kept to replay on reuse.
        const captured: Captured = { files: [], warnings: [] };
        this.#capture = captured;
        try {
          await renderPage(page, this.engines, this.globalData, this.#watch);
        } finally {
          this.#capture = undefined;
        }
        return captured;
      },
      ({ files, warnings }) => {
        for (const [url, content] of files) this.files.set(url, content);
        for (const message of warnings) this.warn(message);
      },
      done,
    );
    // A page not rendered used no typeset formula, chart or diagram: the
    // cache keeps what it did not use this time.
    if (rendered < this.pages.length) this.cache.keepUnused = true;
    return rendered;
  }
}
