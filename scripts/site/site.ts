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
 * @module
 */
import { extract } from "@std/front-matter/yaml";
import { dirname, join, relative, SEPARATOR } from "@std/path";

/** Where to read and write, and how. Lume's names: `src`, `dest`, `includes`. */
export interface SiteOptions {
  /** Folder of the pages, relative to the working directory. */
  src: string;
  /** Folder the site is written to. A failed build leaves it untouched. */
  dest: string;
  /** Folder of the layouts and partials. */
  includes: string;
  /** Print nothing but errors. */
  quiet: boolean;
  /** True in `deno task serve`: plugins may add development helpers. */
  serve: boolean;
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
  pages: number;
  files: number;
  milliseconds: number;
  /**
   * Milliseconds spent in each stage: `setup` (the before-build hooks: the
   * results, assets), `load`, `preprocess`, `render`, `process`, `write`,
   * `afterWrite` (search index, link check) and `swap`.
   */
  stages: Record<string, number>;
}

const DEFAULTS: SiteOptions = {
  src: "content",
  dest: "_site",
  includes: "_includes",
  quiet: false,
  serve: false,
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

  /** @param options any of {@link SiteOptions}; the rest are defaults. */
  constructor(options: Partial<SiteOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
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
    this.files.set(url, content);
  }

  /** Print a warning once per build, however often it is raised. */
  warn(message: string): void {
    if (this.#warnings.has(message)) return;
    this.#warnings.add(message);
    if (!this.options.quiet) console.warn(`warning: ${message}`);
  }

  /** Add a page made by a plugin (literate scripts, …). */
  addPage(page: Page): void {
    this.pages.push(page);
  }

  /** Build the site into `options.dest` (or `overrides.dest`). */
  async build(overrides: Partial<SiteOptions> = {}): Promise<BuildReport> {
    const started = performance.now();
    const options = { ...this.options, ...overrides };
    const saved = this.options;
    this.options = options;
    this.pages = [];
    this.files = new Map();
    this.data = { ...this.#configData };
    this.#warnings = new Set();
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
      for (const hook of this.#beforeBuild) await hook(this);
      lap("setup");
      this.pages.push(...await loadPages(options.src));
      lap("load");
      for (const hook of this.#preprocessors) await hook(this);
      this.pages.sort((a, b) => a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
      checkUniqueUrls(this.pages);
      lap("preprocess");
      for (const page of this.pages) {
        await this.#render(page);
        for (const hook of this.#rendered) hook(page, this);
      }
      lap("render");
      for (const hook of this.#processors) await hook(this);
      lap("process");

      await Deno.remove(staging, { recursive: true }).catch(() => {});
      await Deno.mkdir(next, { recursive: true });
      let files = 0;
      for (const page of this.pages) {
        await writeFile(next, outputPath(page.url), page.output ?? "");
        files++;
      }
      for (const [url, content] of this.files) {
        await writeFile(next, url, content);
        files++;
      }
      files += await this.#copyAll(next);
      lap("write");
      for (const hook of this.#afterWrite) await hook(next, this);
      lap("afterWrite");
      await swap(next, options.dest, staging);
      lap("swap");
      for (const hook of this.#afterBuild) await hook(options.dest, this);
      return {
        pages: this.pages.length,
        files,
        milliseconds: Math.round(performance.now() - started),
        stages,
      };
    } catch (error) {
      await Deno.remove(staging, { recursive: true }).catch(() => {});
      throw error;
    } finally {
      this.options = saved;
    }
  }

  async #copyAll(dir: string): Promise<number> {
    let count = 0;
    for (const { from, to, transform } of this.#copies) {
      for await (const [file, url] of walkCopy(from, to)) {
        const content = transform && /\.(css|js|svg|html)$/.test(file)
          ? transform(await Deno.readTextFile(file))
          : await Deno.readFile(file);
        await writeFile(dir, url, content);
        count++;
      }
    }
    return count;
  }

  async #render(page: Page): Promise<void> {
    const { template, markdown } = this.engines;
    if (!template || !markdown) {
      throw new BuildError("the vento and markdown plugins are not installed");
    }
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
    pages.push(parsePage(await Deno.readTextFile(file), file, path));
  }
  return pages;
}

/**
 * Parse a Markdown file with YAML front matter into a page. `path` is the
 * file's path inside the source folder: `bptt/rnn-2a.md` becomes the URL
 * `/bptt/rnn-2a/`, `index.md` the URL `/`, `404.md` the file `/404.html`.
 */
export function parsePage(text: string, file: string, path: string): Page {
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
  const stem = path.replace(/\.md$/, "");
  const url = stem === "index"
    ? "/"
    : stem === "404"
    ? "/404.html"
    : `/${stem.replace(/\/index$/, "")}/`;
  return { src: file, line, url, data: attrs, content: body, engine: "md" };
}

const FIELD_TYPES: Record<string, string> = {
  title: "string",
  exercise: "string",
  topic: "string",
  order: "number",
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

async function writeFile(
  dir: string,
  url: string,
  content: string | Uint8Array,
): Promise<void> {
  const path = join(dir, ...url.split("/").filter(Boolean));
  await Deno.mkdir(dirname(path), { recursive: true });
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
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

/**
 * Put the freshly built `next` in place of `dest`: the old site moves aside,
 * the new one is renamed in (same file system, so each step is one rename),
 * and the staging folder is removed.
 */
async function swap(next: string, dest: string, staging: string) {
  const old = join(staging, "old");
  let hadOld = false;
  try {
    await Deno.rename(dest, old);
    hadOld = true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  try {
    await Deno.rename(next, dest);
  } catch (error) {
    if (hadOld) await Deno.rename(old, dest);
    throw error;
  }
  await Deno.remove(staging, { recursive: true });
}
