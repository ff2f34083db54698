/**
 * Loading the pages: every `.md` file under the source folder read (as UTF-8,
 * or an error naming the byte), its front matter parsed and checked, its URL
 * made from its path. Lume calls this part the source.
 *
 * @module
 */
import { extract } from "@std/front-matter/yaml";
import { relative, SEPARATOR } from "@std/path";
import {
  BuildError,
  defaultPageId,
  frontMatterLine,
  lineOf,
  type Page,
  type PageData,
} from "./page.ts";
import { walkSync } from "./fs.ts";
import type { TextMemo } from "./memo.ts";

/**
 * Read every `.md` file under `src` into a page, each with its language
 * (its front matter's `lang`, else `defaultLang`) and its id
 * ({@link defaultPageId}, unless its front matter has one). Synchronous:
 * small files one at a time, without a trip through the thread pool for
 * each of a thousand pages.
 */
export function loadPages(
  src: string,
  defaultLang = "en",
  memo?: TextMemo<Page>,
  warn?: (message: string, file: string, line?: number) => void,
): Page[] {
  const pages: Page[] = [];
  memo?.sweep();
  for (const file of walkSync(src)) {
    if (!file.endsWith(".md")) {
      // A page named as other tools name Markdown would be left out
      // without a word.
      const extension = /\.(markdown|mdown|mkdn?|mdwn|md\.txt|md)$/i.exec(file);
      if (extension && warn && !isPrivate(relative(src, file))) {
        warn(
          `a page must be named *.md to be built: this .${
            extension[1]
          } file is left out (rename it)`,
          file,
        );
      }
      continue;
    }
    const path: string = relative(src, file).split(SEPARATOR).join("/");
    if (isPrivate(path)) continue;
    // deno-lint-ignore no-control-regex
    if (/[?#%\\\u0000-\u001f]/.test(path)) {
      throw new BuildError(
        'a page\'s file name may not contain "?", "#", "%", "\\" or control characters (they end or change a URL): rename it',
        file,
      );
    }
    const text = decodeText(Deno.readFileSync(file), file);
    // With `memo` (`serve` keeps one), a file whose text is the same as at
    // the last build is not parsed again: a copy of that page, as parsed
    // (the build adds to a page's data).
    const page = memo
      ? structuredClone(
        memo.get(file, [text, path], () => parsePage(text, file, path)),
      )
      : parsePage(text, file, path);
    if (warn) {
      for (const [key, known] of misspeltKeys(page.data)) {
        warn(
          `front matter: \`${key}\` is no key the site reads: did you mean \`${known}\`?`,
          file,
          keyLine(text.replace(/^\uFEFF/, ""), key),
        );
      }
    }
    const lang = page.data.lang ??= defaultLang;
    page.data.id ??= defaultPageId(path, lang, defaultLang);
    pages.push(page);
  }
  return pages;
}

/** Whether a path in the pages' folder is no page: a part starts with `_`. */
function isPrivate(path: string): boolean {
  return path.split(/[\\/]/).some((part) => part.startsWith("_"));
}

/**
 * Parse a Markdown file with YAML front matter into a page. `path` is the
 * file's path inside the source folder: `bptt/rnn-2a.md` becomes the URL
 * `/bptt/rnn-2a/`, `index.md` the URL `/`, `404.md` the file `/404.html`
 * (and `zh/404.md` the file `/zh/404.html`).
 */
export function parsePage(text: string, file: string, path: string): Page {
  // A byte order mark is not text (an editor may add one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let attrs: PageData = {};
  let body = text;
  let line = 1;
  if (/^---\r?\n/.test(text)) {
    if (!/\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.test(text.slice(3))) {
      throw new BuildError(
        "the front matter opened by `---` is never closed: end it with a line `---` before the page's text",
        file,
        1,
      );
    }
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
        keyLine(text, key),
      );
    }
  }
  checkFrontMatter(attrs, text, file);
  // The layout shows the title as the page's heading: a level-1 heading
  // taken for it, or saying it again, leaves the body (its line stays,
  // empty, for the line numbers of messages).
  const found = firstHeading(body);
  const same = (a: string, b: string) =>
    a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
  const markup = attrs.title === undefined
    ? found && titleMarkup(found.title)
    : titleMarkup(String(attrs.title));
  if (markup) {
    const fromHeading = attrs.title === undefined;
    throw new BuildError(
      `the title${
        fromHeading ? ", taken from this heading," : ""
      } holds ${markup.what}: a title is plain text, shown as written in the browser's tab, the sidebar and the search (${markup.advice}${
        fromHeading ? ", or give the page a `title:` of plain text" : ""
      })`,
      file,
      fromHeading ? line + found!.line : keyLine(text, "title"),
    );
  }
  if (attrs.title === undefined) attrs.title = found?.title ?? fileTitle(path);
  if (found?.level === 1 && same(found.title, String(attrs.title))) {
    const lines = body.split("\n");
    lines[found.line] = "";
    body = lines.join("\n");
  }
  const stem = path.replace(/\.md$/, "");
  // A host answers an unknown address with the `404.html` of the folder
  // (a language's, `zh/404.html`, under `/zh/`), never with `404/index.html`.
  const url = stem === "index"
    ? "/"
    : stem === "404" || stem.endsWith("/404")
    ? `/${stem}.html`
    : `/${stem.replace(/\/index$/, "")}/`;
  return { src: file, line, url, data: attrs, content: body, engine: "md" };
}

/**
 * What in a page's title is markup that no title shows as such: a formula
 * (`$W$`), code (`` `x` ``), emphasis (`*why*`) or an HTML tag; nothing
 * for plain text (`W^T`, `h_t`, `a < b`, `2 * 3`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { titleMarkup } from "./loader.ts";
 * const what = (title: string) => titleMarkup(title)?.what;
 * assertEquals(what("The eigenvalues of $W$"), "the formula $W$");
 * assertEquals(what("Why *tanh* saturates"), "the emphasis *tanh*");
 * assertEquals(what("The `compute()` of a script"), "the code `compute()`");
 * assertEquals(what("A <b>bold</b> claim"), "the HTML tag <b>");
 * assertEquals(what("h_t and W^T, where a < b and 2 * 3 = 6"), undefined);
 * ```
 */
export function titleMarkup(
  title: string,
): { what: string; advice: string } | undefined {
  const marks = "leave out the marks";
  const found = /\$[^$\s][^$]*\$|\$\$/.exec(title)?.[0];
  if (found) {
    return {
      what: `the formula ${found}`,
      advice: "write it in Unicode: W, λ₁, ∂L/∂W",
    };
  }
  const code = /`[^`]+`/.exec(title)?.[0];
  if (code) return { what: `the code ${code}`, advice: marks };
  const emphasis = /(?<![\w*_])(\*\*?|__?)(?![\s*_])[^*_]*?[^\s*_]\1(?![\w*_])/
    .exec(title)?.[0];
  if (emphasis) return { what: `the emphasis ${emphasis}`, advice: marks };
  const tag = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>/.exec(title)?.[0];
  if (tag) return { what: `the HTML tag ${tag}`, advice: marks };
  return undefined;
}

/**
 * The first ATX heading (`# Title`, `## Title`) of a Markdown body outside
 * fenced code: its text without emphasis, code or link marks, its level
 * and its line (0-based).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { firstHeading } from "./loader.ts";
 * assertEquals(firstHeading("~~~\n# not\n~~~\n\n## The *LSTM* [cell](/c/) ##\n"), {
 *   title: "The LSTM cell",
 *   level: 2,
 *   line: 4,
 * });
 * assertEquals(firstHeading("No heading.\n"), undefined);
 * ```
 */
export function firstHeading(
  body: string,
): { title: string; level: number; line: number } | undefined {
  const lines = body.split("\n");
  let fence: string | undefined;
  for (const [i, line] of lines.entries()) {
    const marks = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marks) {
      if (fence === undefined) fence = marks;
      else if (marks[0] === fence[0] && marks.length >= fence.length) {
        fence = undefined;
      }
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\r?$/.exec(
      line,
    );
    if (!heading) continue;
    const title = heading[2]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[*`]/g, "")
      .trim();
    if (title) return { title, level: heading[1].length, line: i };
  }
  return undefined;
}

/**
 * The title of a page with neither a title in its front matter nor a
 * heading: its file name without `.md` (a folder's `index.md`: the folder's
 * name).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fileTitle } from "./loader.ts";
 * assertEquals(fileTitle("notes/rnn-intro.md"), "rnn-intro");
 * assertEquals(fileTitle("notes/index.md"), "notes");
 * assertEquals(fileTitle("index.md"), "index");
 * ```
 */
export function fileTitle(path: string): string {
  const parts = path.replace(/\.md$/, "").split("/");
  if (parts.length > 1 && parts.at(-1) === "index") parts.pop();
  return parts.at(-1)!;
}

/** The most values front matter may hold, YAML aliases expanded. */
export const MAX_FRONT_MATTER_VALUES = 10_000;

/** A path on this site: `/assets/x.js`, not `//host/x.js` or `x.js`. */
const SITE_PATH = /^\/(?![\/\\])[A-Za-z0-9._~\/-]*$/;

/** The line of `key:` in a page's front matter (1 if not found). */
function keyLine(text: string, key: string): number {
  return frontMatterLine(text, key) ?? 1;
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
  lang: "string",
  id: "string",
};

/**
 * The keys of front matter that the layouts and plugins read. A key that is
 * none of them is the author's own (a folder of pages from another
 * generator has its `date:` and `tags:`), unless it is one letter away.
 */
export const FRONT_MATTER_KEYS: readonly string[] = [
  ...Object.keys(FIELD_TYPES),
  "description",
  "checks",
  "search",
  "explorer",
  "scripts",
  "styles",
  "bodyClass",
  "twinHeadings",
];

/**
 * Each key of `data` that is not one the site reads but is one edit (two,
 * for a long key) from one, or the same but for case, with that key: a
 * `topik:` would leave its page out of the sidebar without a word.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { misspeltKeys } from "./loader.ts";
 * assertEquals(misspeltKeys({ exercize: "rnn-1a", titel: "T", date: "2026" }), [
 *   ["exercize", "exercise"],
 *   ["titel", "title"],
 * ]);
 * assertEquals(misspeltKeys({ bodyclass: "x", tags: [], draft: true }), [["bodyclass", "bodyClass"]]);
 * ```
 */
export function misspeltKeys(data: object): [string, string][] {
  const found: [string, string][] = [];
  for (const key of Object.keys(data)) {
    if (FRONT_MATTER_KEYS.includes(key) || key.length < 4) continue;
    const known = FRONT_MATTER_KEYS.find((name) =>
      name.toLowerCase() === key.toLowerCase() ||
      editDistance(name, key) <= (name.length >= 7 ? 2 : 1)
    );
    if (known) found.push([key, known]);
  }
  return found;
}

/** Edits (a letter added, dropped, changed, or two swapped) from a to b. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from(
    { length: rows },
    (_, i) =>
      Array.from({ length: cols }, (_, j) => i === 0 ? j : j === 0 ? i : 0),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + change,
      );
      if (
        i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
      ) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Fail, naming both pages, when two pages have one URL. */
export function checkUniqueUrls(pages: Page[]): void {
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
