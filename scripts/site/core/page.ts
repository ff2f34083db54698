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
   * @param options the error it comes from (`cause`), if any
   */
  constructor(
    message: string,
    file?: string,
    line?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
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
 * The line of a template (0-based) that line `index` of its render came from.
 * A page's Markdown is checked after its template tags ran, and a loop, an
 * include or a multi-line tag adds or removes lines, so the render's line
 * number alone would send an author elsewhere. The lines the template left as
 * they were are matched to themselves (a longest common subsequence, the
 * unchanged first and last lines aside); a line it wrote maps to the
 * template's unmatched lines between its matched neighbours (the tag that
 * wrote it), in order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { templateLine } from "./page.ts";
 * const template = "# A\n{{ for x of [1, 2, 3] }}\n- {{ x }}\n{{ /for }}\n| bad |";
 * const rendered = "# A\n\n- 1\n\n- 2\n\n- 3\n\n| bad |";
 * assertEquals(templateLine(template, rendered, 8), 4); // | bad |
 * assertEquals(templateLine(template, rendered, 4), 2); // - 2: the loop's body
 * assertEquals(templateLine("a\nb", "a\nb", 1), 1);
 * ```
 */
export function templateLine(
  template: string,
  rendered: string,
  index: number,
): number {
  if (template === rendered) return index;
  const from = template.split("\n");
  const to = rendered.split("\n");
  let head = 0;
  while (head < from.length && head < to.length && from[head] === to[head]) {
    head++;
  }
  if (index < head) return index;
  let tail = 0;
  while (
    tail < from.length - head && tail < to.length - head &&
    from[from.length - 1 - tail] === to[to.length - 1 - tail]
  ) tail++;
  if (index >= to.length - tail) return index - to.length + from.length;
  // The longest common subsequence of the lines in between, by dynamic
  // programming: only an error pays for it, and pages are short.
  const a = from.slice(head, from.length - tail);
  const b = to.slice(head, to.length - tail);
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j]
        ? common[(i + 1) * width + j + 1] + 1
        : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  // Walk the matches around the line wanted: the template's lines
  // lastA+1 … nextA-1 wrote the render's lines lastB+1 … nextB-1.
  const target = index - head;
  let [lastA, lastB, nextA, nextB] = [-1, -1, a.length, b.length];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      if (j === target) return head + i;
      if (j > target) {
        [nextA, nextB] = [i, j];
        break;
      }
      [lastA, lastB] = [i, j];
      i++;
      j++;
    } else if (common[(i + 1) * width + j] >= common[i * width + j + 1]) i++;
    else j++;
  }
  const writers = a.slice(lastA + 1, nextA);
  // No line of the template in between: the matched line before.
  if (writers.length === 0) return Math.max(head + lastA, 0);
  // The line whose text matches, its tags standing for anything (a line of
  // tags alone matches anything, so not that); else the one at the same
  // place in the gap.
  const line = b[target];
  const like = writers.findIndex((writer) => {
    const parts = writer.split(/\{\{[\s\S]*?\}\}/);
    return parts.length > 1 && parts.join("").trim() !== "" &&
      matchesParts(line, parts);
  });
  const at = like >= 0 ? like : Math.floor(
    (target - lastB - 1) * writers.length / (nextB - lastB - 1),
  );
  return head + lastA + 1 + at;
}

/**
 * Whether `text` is `parts` with anything between each two: the first part
 * starts it, the last ends it, the others come in order. Each part is taken
 * at its first place, which finds a match when there is one, in one pass (a
 * regular expression of `.*` would backtrack without end on a long line of
 * many tags).
 */
function matchesParts(text: string, parts: string[]): boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (
    !text.startsWith(first) || !text.endsWith(last) ||
    first.length + last.length > text.length
  ) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * The line of `page`'s file (1-based) of line `index` (from 0) of its
 * Markdown as its template rendered it (`rendered`; without it, the page's
 * own text), or `undefined` for a page not written in Markdown: what a
 * check of the Markdown names in its message (see `templateLine`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { markdownLine, type Page } from "./page.ts";
 * const page: Page = {
 *   src: "content/a.md", line: 4, url: "/a/", data: {}, engine: "md",
 *   content: "{{ for x of [1, 2] }}\n{{ x }}\n{{ /for }}\n| bad |",
 * };
 * assertEquals(markdownLine(page, "\n1\n\n2\n\n| bad |", 5), 7);
 * assertEquals(markdownLine(page, undefined, 3), 7);
 * ```
 */
export function markdownLine(
  page: Page | undefined,
  rendered: string | undefined,
  index: number,
): number | undefined {
  if (page?.engine !== "md") return undefined;
  return page.line +
    (rendered === undefined
      ? index
      : templateLine(page.content, rendered, index));
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
