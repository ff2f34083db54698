/**
 * The types everything else uses: a page, its data, the error that names a
 * file and a line. At the bottom of the engine: it imports nothing.
 *
 * @module
 */

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
  /** Which page of its exercise, for one in parts (`plugins/exercise_parts.ts`). */
  part?: number;
  /** Layout file under `_includes/`. */
  layout?: string;
  /** Set to `false` to leave the page out of the navigation. */
  nav?: boolean;
  /**
   * The page's language (`en`, `zh`): its front matter's, else the site's
   * (`site.data("lang", …)`, else `en`). Set on every page by the engine.
   */
  lang?: string;
  /**
   * What pairs the page with its translations (its twins): its front
   * matter's, else its source path without `.md` and without the folder of
   * its language (`zh/bptt/rnn-2a.md` → `bptt/rnn-2a`); for a page a plugin
   * adds, its URL without the language's prefix. Set on every page.
   */
  id?: string;
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

/**
 * The id a page of language `lang` at `path` (inside the pages folder) has
 * by default: the path without `.md` and without a leading folder named
 * after a language other than `defaultLang` (that folder is the language's).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { defaultPageId } from "./page.ts";
 * assertEquals(defaultPageId("zh/bptt/rnn-2a.md", "zh", "en"), "bptt/rnn-2a");
 * assertEquals(defaultPageId("bptt/rnn-2a.md", "en", "en"), "bptt/rnn-2a");
 * assertEquals(defaultPageId("zh/index.md", "zh", "en"), "index");
 * ```
 */
export function defaultPageId(
  path: string,
  lang: string,
  defaultLang: string,
): string {
  const stem = path.replace(/\.md$/, "");
  return lang !== defaultLang && stem.startsWith(`${lang}/`)
    ? stem.slice(lang.length + 1)
    : stem;
}

/**
 * The id a page a plugin adds has by default: its URL without the prefix
 * of its language (`/zh/results/rnn-1a/` → `/results/rnn-1a/`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { urlPageId } from "./page.ts";
 * assertEquals(urlPageId("/zh/results/rnn-1a/", "zh", "en"), "/results/rnn-1a/");
 * assertEquals(urlPageId("/zh/", "zh", "en"), "/");
 * assertEquals(urlPageId("/results/", "en", "en"), "/results/");
 * ```
 */
export function urlPageId(
  url: string,
  lang: string,
  defaultLang: string,
): string {
  return lang !== defaultLang && url.startsWith(`/${lang}/`)
    ? url.slice(lang.length + 1)
    : url;
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
 * The line (1-based) of `key:` in the front matter that opens `text`, or
 * `undefined` when the front matter has no such line (or there is none): the
 * one way messages about a front-matter field find their line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { frontMatterLine } from "./page.ts";
 * const text = "---\ntitle: A\nlayout: x\n---\nlayout: not front matter\n";
 * assertEquals(frontMatterLine(text, "layout"), 3);
 * assertEquals(frontMatterLine(text, "order"), undefined);
 * assertEquals(frontMatterLine("layout: x\n", "layout"), undefined);
 * ```
 */
export function frontMatterLine(
  text: string,
  key: string,
): number | undefined {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const fence = /^---\r?$/;
  if (!fence.test(lines[0])) return undefined;
  for (let i = 1; i < lines.length && !fence.test(lines[i]); i++) {
    if (lines[i].startsWith(`${key}:`)) return i + 1;
  }
  return undefined;
}

/** {@link frontMatterLine} of the file `file`; `undefined` if unreadable. */
export function fileFrontMatterLine(
  file: string,
  key: string,
): number | undefined {
  try {
    return frontMatterLine(Deno.readTextFileSync(file), key);
  } catch {
    return undefined;
  }
}
