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
 * @module
 */
import { extract } from "@std/front-matter/yaml";
import { join, relative, resolve, SEPARATOR } from "@std/path";
import { BuildCache, type CacheLog } from "./cache.ts";
import {
  checkDest,
  lockStaging,
  MARKER,
  MARKER_TEXT,
  restoreSwap,
  STAGING_ENTRIES,
  type StagingLock,
} from "./dest.ts";

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

/** The policy of every page: this site only, no inline script. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/**
 * `html` with the policy `csp` as a `<meta>` at the start of its head (after
 * `<meta charset>`, or `<head>`, or the doctype: a parser puts a `<meta>`
 * before any content into the head, where the browser obeys it).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { withCsp } from "./site.ts";
 * assertEquals(
 *   withCsp("<!doctype html><p>Hi", "default-src 'self'"),
 *   `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><p>Hi`,
 * );
 * ```
 */
export function withCsp(html: string, csp: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${
    csp.replaceAll("&", "&amp;").replaceAll('"', "&quot;")
  }">`;
  const after = /<meta charset="utf-8">\n?/i.exec(html) ??
    /<head(\s[^>]*)?>\n?/i.exec(html) ?? /^\s*<!doctype[^>]*>\n?/i.exec(html);
  const at = after ? after.index + after[0].length : 0;
  const newline = after?.[0].endsWith("\n") ? "\n" : "";
  return `${html.slice(0, at)}${meta}${newline}${html.slice(at)}`;
}

/** The front matter of a page, plus what plugins add to it. */
export interface PageData {
  /** Shown as the page's heading and in the navigation. */
  title?: string;
  /** The exercise id whose results are `r` in the page. */
  exercise?: string;
  /** One of the topics of the navigation (`bptt`, `vanishing`, …). */
  topic?: string;
  /** Position within the topic or the group. */
  order?: number;
  /** Which page of its exercise, for one in parts (`exercise_parts.ts`). */
  part?: number;
  /** Layout file under `_includes/`. */
  layout?: string;
  /** Set to `false` to leave the page out of the navigation. */
  nav?: boolean;
  // deno-lint-ignore no-explicit-any
  [key: string]: any;
}

/** One page of the site. */
export interface Page {
  /** Its source, relative to the working directory (used in every message). */
  src: string;
  /** The line of `src` on which `content` starts (1-based). */
  line: number;
  /** Its URL, ending in `/` (written as `index.html`) or in a file name. */
  url: string;
  /** Front matter and plugin data. */
  data: PageData;
  /** The body: Markdown with Vento tags (`md`) or ready HTML (`html`). */
  content: string;
  /** How `content` is turned into HTML before the layout. */
  engine: "md" | "html";
  /** The rendered page, layout included, once rendered. */
  output?: string;
}

/** A build error: names the file and, where known, the line. */
export class BuildError extends Error {
  /** The file at fault, relative to the working directory. */
  file?: string;
  /** The line in `file`, 1-based. */
  line?: number;

  /**
   * @param message what is wrong, in words a page author understands
   * @param file the file at fault
   * @param line the line in that file
   */
  constructor(message: string, file?: string, line?: number) {
    super(message);
    this.name = "BuildError";
    this.file = file;
    this.line = line;
  }

  /** `file:line: message`, the form editors and terminals link. */
  override toString(): string {
    const where = this.file
      ? `${this.file}${this.line ? `:${this.line}` : ""}: `
      : "";
    return `${where}${this.message}`;
  }
}

/** Turn a character offset of `text` into a 1-based line number. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) line++;
  }
  return line;
}

/**
 * A Vento filter: `this.data` is the data of the page being rendered (with
 * `page` in it).
 */
// deno-lint-ignore no-explicit-any
export type Filter = (this: { data: any }, value: any, ...args: any[]) => any;

/** A plugin: receives the site and registers what it does. */
export type Plugin = (site: Site) => void;

/** Something a plugin runs at a stage of the build. */
export type Hook = (site: Site) => void | Promise<void>;

/** A hook that receives one page, as soon as it is rendered. */
export type PageHook = (page: Page, site: Site) => void;

/** A hook that receives the staging folder, before it becomes `dest`. */
export type DirHook = (dir: string, site: Site) => void | Promise<void>;

/** What renders templates (Vento) and Markdown (markdown-it). */
export interface Engines {
  /** Renders the Vento tags of a page body and the page's layout. */
  template?: {
    render(source: string, data: PageData, page: Page): Promise<string>;
    renderLayout(layout: string, data: PageData, page: Page): Promise<string>;
  };
  /** Renders Markdown to HTML; sets `page.data.toc`. */
  markdown?: { render(source: string, page: Page): string };
}

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
}

/** A page's render, kept to be reused while the page's inputs stay the same. */
interface RenderRecord {
  /** The fingerprint of the page's inputs but its content. */
  inputs: string;
  /** The page's content. */
  content: string;
  /** The rendered page. */
  output: string;
  /** What the render added to the page's data. */
  data: PageData;
  /** The files the render wrote (a chart's CSV, …). */
  files: [string, string | Uint8Array][];
  /** The warnings the render raised. */
  warnings: string[];
}

/**
 * One output file: its content, or the file it copies (with the transform of
 * the copy, and the size and time of the source when it was copied).
 */
type Written =
  | { content: string | Uint8Array }
  | { file: string; transform?: (text: string) => string; stamp?: string };

const DEFAULTS: SiteOptions = {
  src: "content",
  dest: "_site",
  includes: "_includes",
  cache: "_cache",
  quiet: false,
  serve: false,
  csp: CONTENT_SECURITY_POLICY,
  renderTimeout: 30,
  scriptTimeout: 120,
};

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
  /** Data every template sees (plugins fill it before rendering). */
  data: Record<string, unknown> = {};
  /** The renderers, set by the `vento` and `markdown` plugins. */
  engines: Engines = {};
  /** markdown-it plugins other plugins ask for (math, …). */
  // deno-lint-ignore no-explicit-any
  markdownItPlugins: ((md: any) => void)[] = [];

  /** The pages of the current build. */
  pages: Page[] = [];
  /** Extra output files of the current build, by URL. */
  files: Map<string, string | Uint8Array> = new Map();
  /** The build cache of the current build (`options.cache`). */
  cache: BuildCache = new BuildCache(undefined);

  #beforeBuild: Hook[] = [];
  #preprocessors: Hook[] = [];
  #processors: Hook[] = [];
  #rendered: PageHook[] = [];
  #afterWrite: DirHook[] = [];
  #afterBuild: DirHook[] = [];
  #copies: {
    from: string;
    to: string;
    transform?: (text: string) => string;
  }[] = [];
  #warnings = new Set<string>();
  #configData: Record<string, unknown> = {};
  /** Renders of the last builds, by URL, for {@link Site.update}. */
  #renders = new Map<string, RenderRecord>();
  /** The fingerprint of the site-wide inputs of the renders kept. */
  #renderedWith?: string;
  /** What `dest` holds, as the last update wrote it (and its inode then). */
  #written?: { dest: string; ino: number | null; files: Map<string, Written> };
  /** What the render under way wrote and warned, to replay on reuse. */
  #capture?: { files: [string, string | Uint8Array][]; warnings: string[] };
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

  /** Set data every template sees, like Lume's `site.data(key, value)`. */
  setData(key: string, value: unknown): this {
    this.#configData[key] = value;
    return this;
  }

  /** Register a Vento filter. */
  filter(name: string, filter: Filter): this {
    this.filters[name] = filter;
    return this;
  }

  /** Run `hook` at the start of every build (fresh per-build state). */
  beforeBuild(hook: Hook): this {
    this.#beforeBuild.push(hook);
    return this;
  }

  /** Run `hook` after the pages are loaded, before they are rendered. */
  preprocess(hook: Hook): this {
    this.#preprocessors.push(hook);
    return this;
  }

  /**
   * Run `hook` on each page as soon as it is rendered (`page.output` is set),
   * before the next page is: for work that can go on beside the build (the
   * search indexer reads each page while the others render).
   */
  pageRendered(hook: PageHook): this {
    this.#rendered.push(hook);
    return this;
  }

  /** Run `hook` after every page is rendered (`page.output` is set). */
  process(hook: Hook): this {
    this.#processors.push(hook);
    return this;
  }

  /** Run `hook` on the staging folder once everything is written to it. */
  afterWrite(hook: DirHook): this {
    this.#afterWrite.push(hook);
    return this;
  }

  /**
   * Run `hook` on the output folder once the new site is in place (a build
   * that fails never gets here).
   */
  afterBuild(hook: DirHook): this {
    this.#afterBuild.push(hook);
    return this;
  }

  /**
   * Copy a file or a folder (relative to the working directory) to the URL
   * `to`, optionally transforming text files.
   */
  copy(from: string, to: string, transform?: (text: string) => string): this {
    this.#copies.push({ from, to, transform });
    return this;
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

  /** Add a page made by a plugin (literate scripts, …). */
  addPage(page: Page): void {
    this.pages.push(page);
  }

  /**
   * Build the site into `options.dest` (or `overrides.dest`), from scratch:
   * every page is rendered and every file written (what `deno task build`
   * does). It forgets what earlier builds kept for {@link Site.update}.
   */
  build(overrides: Partial<SiteOptions> = {}): Promise<BuildReport> {
    this.#renders.clear();
    this.#renderedWith = undefined;
    this.#written = undefined;
    return this.#build(overrides, false);
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
  ): Promise<BuildReport> {
    const started = performance.now();
    const options = { ...this.options, ...overrides };
    const saved = this.options;
    this.options = options;
    this.pages = [];
    this.files = new Map();
    this.data = { ...this.#configData };
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
      for (const hook of this.#beforeBuild) await hook(this);
      lap("setup");
      this.pages.push(...await loadPages(options.src));
      lap("load");
      for (const hook of this.#preprocessors) await hook(this);
      this.pages.sort((a, b) => a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
      checkUniqueUrls(this.pages);
      lap("preprocess");
      const rendered = await this.#renderAll(incremental);
      lap("render");
      for (const hook of this.#processors) await hook(this);
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
        await Deno.mkdir(next, { recursive: true });
      }
      const outputs = await this.#outputs();
      const folders = foldersOf(outputs.keys());
      this.#checkFolders(outputs, folders);
      // Files are linked only from the folder the last update put in place
      // (not from one another build, `deno task build`, put there since).
      const ino = await Deno.stat(options.dest).then(
        (info) => info.ino,
        () => 0,
      );
      const made = new Set(prepared);
      for (const folder of folders) {
        if (!made.has(folder)) Deno.mkdirSync(join(next, folder));
      }
      // Folders made for pages that are gone, children first.
      const needed = new Set(folders);
      for (const folder of (prepared ?? []).toReversed()) {
        if (!needed.has(folder)) Deno.removeSync(join(next, folder));
      }
      const written = await writeOutputs(
        next,
        outputs,
        incremental && this.#written?.ino === ino ? this.#written : undefined,
      );
      Deno.writeTextFileSync(join(next, MARKER), MARKER_TEXT);
      lap("write");
      for (const hook of this.#afterWrite) await hook(next, this);
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
      } else await this.#leaveStaging(staging, false);
      lap("swap");
      for (const hook of this.#afterBuild) await hook(options.dest, this);
      return {
        pages: this.pages.length,
        files: outputs.size,
        rendered,
        written,
        milliseconds: Math.round(performance.now() - started),
        stages,
        cache: this.cache.log,
      };
    } catch (error) {
      await this.#cleanup;
      this.#prepared = undefined;
      if (this.#lock?.staging === resolve(staging)) {
        await this.#leaveStaging(staging, incremental).catch(() => {});
      }
      throw error;
    } finally {
      this.options = saved;
    }
  }

  /**
   * Fail, naming the page, when an output needs a folder where another
   * output is a file (`content/results.json.md` is the page
   * `/results.json/`, a folder where the results plugin writes the file
   * `/results.json`).
   */
  #checkFolders(outputs: Map<string, Written>, folders: string[]): void {
    for (const folder of folders) {
      if (!outputs.has(`/${folder}`)) continue;
      const page = this.pages.find((page) =>
        normalUrl(outputPath(page.url)).startsWith(`/${folder}/`)
      ) ?? this.pages.find((page) =>
        normalUrl(outputPath(page.url)) === `/${folder}`
      );
      throw new BuildError(
        `its URL ${
          page?.url ?? `/${folder}/`
        } needs a folder /${folder}/ where the site has the file /${folder}: rename the page`,
        page?.src,
      );
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
  async #renderAll(incremental: boolean): Promise<number> {
    let rendered = 0;
    const done = (page: Page) => {
      for (const hook of this.#rendered) hook(page, this);
    };
    if (!incremental) {
      for (const page of this.pages) {
        await this.#render(page);
        done(page);
      }
      return this.pages.length;
    }
    // Every page shows site-wide data (the navigation, at least): when it
    // changes, no render can be reused.
    const siteInputs = fingerprint({
      options: {
        src: this.options.src,
        includes: this.options.includes,
        serve: this.options.serve,
      },
      data: this.data,
    });
    if (siteInputs === undefined || siteInputs !== this.#renderedWith) {
      this.#renders.clear();
    }
    this.#renderedWith = siteInputs;
    // The inputs of every page, before any is rendered. A value of the page's
    // data that is a value of the site's (its exercise's results, say) is
    // written as where it is in the site's data, which was just compared.
    const shared = sharedValues(this.data);
    const inputs = this.pages.map((page) =>
      fingerprint({
        src: page.src,
        line: page.line,
        url: page.url,
        engine: page.engine,
        data: page.data,
      }, shared)
    );
    const urls = new Set<string>();
    for (const [i, page] of this.pages.entries()) {
      urls.add(page.url);
      const kept = this.#renders.get(page.url);
      if (
        kept && inputs[i] !== undefined && kept.inputs === inputs[i] &&
        kept.content === page.content
      ) {
        Object.assign(page.data, kept.data);
        page.output = kept.output;
        for (const [url, content] of kept.files) this.files.set(url, content);
        for (const message of kept.warnings) this.warn(message);
        done(page);
        continue;
      }
      this.#renders.delete(page.url);
      const before = { ...page.data };
      this.#capture = { files: [], warnings: [] };
      try {
        await this.#render(page);
      } finally {
        const { files, warnings } = this.#capture;
        this.#capture = undefined;
        // What the render added to the page's data (its table of contents,
        // figures, scripts), to give the page again when the render is reused.
        const data: PageData = {};
        for (const [key, value] of Object.entries(page.data)) {
          if (!(key in before) || before[key] !== value) data[key] = value;
        }
        if (inputs[i] !== undefined && page.output !== undefined) {
          this.#renders.set(page.url, {
            inputs: inputs[i]!,
            content: page.content,
            output: page.output,
            data,
            files,
            warnings,
          });
        }
      }
      rendered++;
      done(page);
    }
    for (const url of this.#renders.keys()) {
      if (!urls.has(url)) this.#renders.delete(url);
    }
    return rendered;
  }

  /**
   * Every output file of the build, by path (`/a/index.html`): the pages,
   * then the files plugins wrote, then the copies (a later one wins, as when
   * each is written in turn).
   */
  async #outputs(): Promise<Map<string, Written>> {
    const outputs = new Map<string, Written>();
    // The policy goes into every HTML file here, not in a layout: a page
    // whose layout forgets it still gets it.
    const { csp } = this.options;
    for (const page of this.pages) {
      const path = outputPath(page.url);
      outputs.set(normalUrl(path), {
        content: path.endsWith(".html")
          ? withCsp(page.output ?? "", csp)
          : page.output ?? "",
      });
    }
    for (const [url, content] of this.files) {
      outputs.set(normalUrl(url), {
        content: typeof content === "string" && url.endsWith(".html")
          ? withCsp(content, csp)
          : content,
      });
    }
    for (const { from, to, transform } of this.#copies) {
      for await (const [file, url] of walkCopy(from, to)) {
        outputs.set(normalUrl(url), {
          file,
          transform: transform && /\.(css|js|svg|html)$/.test(file)
            ? transform
            : undefined,
        });
      }
    }
    return outputs;
  }

  async #render(page: Page): Promise<void> {
    const { template, markdown } = this.engines;
    if (!template || !markdown) {
      throw new BuildError("the vento and markdown plugins are not installed");
    }
    this.#watch?.(page.src);
    try {
      await this.#renderPage(page, template, markdown);
    } finally {
      this.#watch?.(undefined);
    }
  }

  async #renderPage(
    page: Page,
    template: NonNullable<Engines["template"]>,
    markdown: NonNullable<Engines["markdown"]>,
  ): Promise<void> {
    const data: PageData = { ...this.data, ...page.data, page };
    let body = page.content;
    if (page.engine === "md") {
      body = await template.render(body, data, page);
      body = markdown.render(body, page);
    }
    const layout = page.data.layout ?? "layouts/page.vto";
    page.output = await template.renderLayout(
      layout,
      { ...this.data, ...page.data, page, content: body },
      page,
    );
  }
}

/** Read every `.md` file under `src` into a page. */
async function loadPages(src: string): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const file of walk(src)) {
    if (!file.endsWith(".md")) continue;
    const path: string = relative(src, file).split(SEPARATOR).join("/");
    if (path.split("/").some((part) => part.startsWith("_"))) continue;
    // deno-lint-ignore no-control-regex
    if (/[?#%\\\u0000-\u001f]/.test(path)) {
      throw new BuildError(
        'a page\'s file name may not contain "?", "#", "%", "\\" or control characters (they end or change a URL): rename it',
        file,
      );
    }
    pages.push(
      parsePage(decodeText(await Deno.readFile(file), file), file, path),
    );
  }
  return pages;
}

/**
 * Parse a Markdown file with YAML front matter into a page. `path` is the
 * file's path inside the source folder: `bptt/rnn-2a.md` becomes the URL
 * `/bptt/rnn-2a/`, `index.md` the URL `/`, `404.md` the file `/404.html`.
 */
export function parsePage(text: string, file: string, path: string): Page {
  // A byte order mark is not text (an editor may add one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let attrs: PageData = {};
  let body = text;
  let line = 1;
  if (/^---\r?\n/.test(text)) {
    try {
      const parsed = extract(text);
      attrs = (parsed.attrs ?? {}) as PageData;
      body = parsed.body;
      line = lineOf(text, text.length - body.length);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /at line (\d+)/.exec(message);
      throw new BuildError(
        // The YAML parser counts lines from the first line after `---`.
        `malformed front matter: ${
          message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")
        }`,
        file,
        at ? Number(at[1]) + 1 : 1,
      );
    }
    if (typeof attrs !== "object" || attrs === null || Array.isArray(attrs)) {
      throw new BuildError(
        "malformed front matter: expected `key: value` lines",
        file,
        1,
      );
    }
  }
  for (const [key, type] of Object.entries(FIELD_TYPES)) {
    if (attrs[key] !== undefined && typeof attrs[key] !== type) {
      throw new BuildError(
        `front matter: \`${key}\` must be a ${type}, got ${
          JSON.stringify(attrs[key])
        }`,
        file,
        Math.max(
          1,
          text.split("\n").findIndex((l) => l.startsWith(`${key}:`)) + 1,
        ),
      );
    }
  }
  checkFrontMatter(attrs, text, file);
  const stem = path.replace(/\.md$/, "");
  const url = stem === "index"
    ? "/"
    : stem === "404"
    ? "/404.html"
    : `/${stem.replace(/\/index$/, "")}/`;
  return { src: file, line, url, data: attrs, content: body, engine: "md" };
}

/** The most values front matter may hold, YAML aliases expanded. */
export const MAX_FRONT_MATTER_VALUES = 10_000;

/** A path on this site: `/assets/x.js`, not `//host/x.js` or `x.js`. */
const SITE_PATH = /^\/(?![\/\\])[A-Za-z0-9._~\/-]*$/;

/** The line of `key:` in a page's text (1 if not found). */
function keyLine(text: string, key: string): number {
  return Math.max(
    1,
    text.split("\n").findIndex((l) => l.startsWith(`${key}:`)) + 1,
  );
}

/**
 * What front matter may say beyond its types: a layout under
 * `layouts/`, scripts and stylesheets of this site, and not so many values
 * (YAML aliases of aliases expand) that comparing them takes seconds.
 */
function checkFrontMatter(attrs: PageData, text: string, file: string): void {
  let budget = MAX_FRONT_MATTER_VALUES;
  const count = (value: unknown): void => {
    if (--budget < 0) {
      throw new BuildError(
        `front matter holds more than ${MAX_FRONT_MATTER_VALUES} values once its YAML aliases (*name) are expanded: write the values out`,
        file,
        Math.max(
          1,
          text.split("\n").findIndex((l) => /(^|[\s,[{:-])\*\w/.test(l)) + 1,
        ),
      );
    }
    if (value !== null && typeof value === "object") {
      for (const inner of Object.values(value)) count(inner);
    }
  };
  count(attrs);
  const layout = attrs.layout;
  if (
    layout !== undefined &&
    !/^layouts\/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.vto$/.test(layout)
  ) {
    throw new BuildError(
      `front matter: \`layout\` must name a layout in _includes/layouts/, such as "layouts/page.vto"; got ${
        JSON.stringify(layout)
      }`,
      file,
      keyLine(text, "layout"),
    );
  }
  for (const key of ["scripts", "styles"]) {
    const value = attrs[key];
    if (value === undefined) continue;
    const bad = !Array.isArray(value)
      ? value
      : value.find((item) =>
        typeof item !== "string" || !SITE_PATH.test(item) ||
        item.split("/").includes("..")
      );
    if (!Array.isArray(value) || bad !== undefined) {
      throw new BuildError(
        `front matter: \`${key}\` must be a list of paths on this site, such as "/assets/x.${
          key === "scripts" ? "js" : "css"
        }"; got ${JSON.stringify(bad)}`,
        file,
        keyLine(text, key),
      );
    }
  }
}

/**
 * A file's bytes as text, or an error naming the byte that is not UTF-8
 * (a decoder that replaced it would change the page silently).
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { decodeText } from "./site.ts";
 * assertThrows(() => decodeText(new Uint8Array([104, 105, 10, 0xff]), "a.md"), Error, "byte offset 3");
 * ```
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes,
    );
  } catch {
    const offset = invalidUtf8Offset(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
    throw new BuildError(
      `not UTF-8: byte 0x${
        bytes[offset]?.toString(16).padStart(2, "0") ?? "??"
      } at byte offset ${offset} does not start or continue a character (save the file as UTF-8)`,
      file,
      line,
    );
  }
}

/** The offset of the first byte that is not valid UTF-8. */
function invalidUtf8Offset(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    try {
      decoder.decode(bytes.subarray(i, i + length));
      if (byte >= 0x80 && byte < 0xc2) return i;
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

const FIELD_TYPES: Record<string, string> = {
  title: "string",
  exercise: "string",
  topic: "string",
  order: "number",
  part: "number",
  layout: "string",
  nav: "boolean",
};

function checkUniqueUrls(pages: Page[]): void {
  const seen = new Map<string, Page>();
  for (const page of pages) {
    const other = seen.get(page.url);
    if (other) {
      throw new BuildError(
        `two pages have the URL ${page.url}: this one and ${other.src}`,
        page.src,
      );
    }
    seen.set(page.url, page);
  }
}

/** The file a URL is written to: `/a/` → `a/index.html`. */
export function outputPath(url: string): string {
  return url.endsWith("/") ? `${url}index.html` : url;
}

/** `/a//b` → `/a/b`: the one spelling of an output path, to key it by. */
function normalUrl(url: string): string {
  return `/${url.split("/").filter(Boolean).join("/")}`;
}

/**
 * The folders of the output paths, parents first: `/a/b/c.html` → `a`,
 * `a/b`.
 */
function foldersOf(urls: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const url of urls) {
    const parts = url.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      folders.add(parts.slice(0, i).join("/"));
    }
  }
  return [...folders];
}

/**
 * Write the outputs into `dir` (its folders made); an output whose content (or, for a copy, the
 * source's size and time) is that of the `previous` build becomes a hard link
 * to the file already in `previous.dest`. Returns how many were written.
 */
async function writeOutputs(
  dir: string,
  outputs: Map<string, Written>,
  previous?: { dest: string; files: ReadonlyMap<string, Written> },
): Promise<number> {
  // Small calls (stat, mkdir, link) are synchronous: a build does one thing
  // at a time, and each costs a fraction of a trip through the thread pool.
  let written = 0;
  for (const [url, output] of outputs) {
    const parts = url.split("/").filter(Boolean);
    const path = join(dir, ...parts);
    const before = previous?.files.get(url);
    let same: boolean;
    if ("file" in output) {
      const info = Deno.statSync(output.file);
      output.stamp = `${info.size}:${info.mtime?.getTime()}:${info.ino}`;
      same = before !== undefined && "file" in before &&
        before.file === output.file && before.stamp === output.stamp &&
        before.transform === output.transform;
    } else {
      same = before !== undefined && "content" in before &&
        sameContent(before.content, output.content);
    }
    if (same) {
      try {
        Deno.linkSync(join(previous!.dest, ...parts), path);
        continue;
      } catch {
        // Gone from the site (or never there): write it.
      }
    }
    let content = "file" in output ? undefined : output.content;
    if ("file" in output) {
      content = output.transform
        ? output.transform(await Deno.readTextFile(output.file))
        : await Deno.readFile(output.file);
    }
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content!);
    written++;
  }
  return written;
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (a === b) return true;
  if (typeof a === "string" || typeof b === "string") return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The inputs of a render as one string, to compare with those of an earlier
 * render: JSON (a date as its `toJSON()`), with sets and maps listed. Values
 * that are not data
 * (functions, the markdown-it instance, …) come from the code, which cannot
 * change while a process runs (`serve` restarts its builder when it does):
 * only their kind is written. A value found in `shared` is written as the
 * name it has there. `undefined` if the value cannot be written (a cycle):
 * then nothing is reused.
 */
function fingerprint(
  value: unknown,
  shared?: Map<object, string>,
): string | undefined {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (inner === null || typeof inner !== "object") {
        return typeof inner === "function" ? `[function]` : inner;
      }
      const at = shared?.get(inner);
      if (at !== undefined) return `[site data ${at}]`;
      if (Array.isArray(inner)) return inner;
      const prototype = Object.getPrototypeOf(inner);
      if (prototype === Object.prototype || prototype === null) return inner;
      if (inner instanceof Set) return { "[Set]": [...inner] };
      if (inner instanceof Map) return { "[Map]": [...inner] };
      return `[${inner.constructor?.name ?? "object"}]`;
    });
  } catch {
    return undefined;
  }
}

/**
 * The objects of the site's data and of its values (`results`, and each
 * exercise's results in it), by where they are: `results`, `results/rnn-1a`.
 */
function sharedValues(data: Record<string, unknown>): Map<object, string> {
  const shared = new Map<object, string>();
  for (const [key, value] of Object.entries(data)) {
    if (value === null || typeof value !== "object") continue;
    if (!shared.has(value)) shared.set(value, key);
    if (Object.getPrototypeOf(value) !== Object.prototype) continue;
    for (const [inner, child] of Object.entries(value)) {
      if (child !== null && typeof child === "object" && !shared.has(child)) {
        shared.set(child, `${key}/${inner}`);
      }
    }
  }
  return shared;
}

/** Every file under `dir`, in a stable (sorted) order. */
export async function* walk(dir: string): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}

async function* walkCopy(
  from: string,
  to: string,
): AsyncGenerator<[string, string]> {
  const info = await Deno.stat(from);
  if (info.isFile) {
    yield [from, to];
    return;
  }
  for await (const file of walk(from)) {
    const rest = relative(from, file).split(SEPARATOR).join("/");
    yield [file, `${to.replace(/\/$/, "")}/${rest}`];
  }
}

/** Remove what a build makes in its staging folder (not its lock). */
async function clearStaging(staging: string): Promise<void> {
  for (const name of STAGING_ENTRIES) {
    if (name === "lock") continue;
    await Deno.remove(join(staging, name), { recursive: true }).catch(() => {});
  }
}

/**
 * Put the freshly built `next` in place of `dest`: the old site moves aside
 * (into the staging folder, to be removed), the new one is renamed in (same
 * file system, so each step is one rename). Returns where the old site went.
 * A process stopped between the two renames leaves no `dest` and the old
 * site in `staging/old`: the next build puts it back first
 * (`restoreSwap` of `dest.ts`). `between` runs between the renames (tests
 * stop the swap there).
 */
export async function swap(
  next: string,
  dest: string,
  staging: string,
  between?: () => void,
): Promise<string> {
  const old = join(staging, "old");
  let hadOld = false;
  try {
    await Deno.rename(dest, old);
    hadOld = true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  between?.();
  try {
    await Deno.rename(next, dest);
  } catch (error) {
    if (hadOld) await Deno.rename(old, dest);
    throw error;
  }
  return old;
}
