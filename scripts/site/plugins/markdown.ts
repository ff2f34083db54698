/**
 * markdown-it, set up for course notes: headings get stable ids and make the
 * page's table of contents, tables scroll inside their own box on a phone,
 * and other plugins (math) add their markdown-it plugins through
 * `site.markdownItPlugins`.
 *
 * @module
 */
// @ts-types="@types/markdown-it"
import markdownIt from "markdown-it";
import { tidyHighlight } from "./_highlight.ts";
import { TAG_BODY } from "./_html.ts";
import { plainPrimes } from "../../charts/_subscripts.ts";
import type { HLJSApi } from "highlight.js";
import {
  BuildError,
  markdownLine,
  type Page,
  type Site,
} from "../core/site.ts";
import type { MarkdownIt, StateCore, Token } from "./_markdown_it.ts";

/**
 * highlight.js with the languages of the notes, once Markdown with a code
 * block asked for it ({@link loadHighlighter}): loading it costs a build
 * about 0.07 s, and most pages have no code.
 */
let hljs: HLJSApi | undefined;

/** What may open a fenced code block, anywhere in the Markdown. */
const FENCE = /```|~~~/;

/**
 * Load highlight.js if `markdown` may hold a fenced code block: call it
 * before `md.render(markdown)` (a code block rendered without it is an
 * error).
 */
export async function loadHighlighter(markdown: string): Promise<void> {
  if (hljs || !FENCE.test(markdown)) return;
  const [core, typescript, javascript, json] = await Promise.all([
    import("highlight.js/lib/core"),
    import("highlight.js/lib/languages/typescript"),
    import("highlight.js/lib/languages/javascript"),
    import("highlight.js/lib/languages/json"),
  ]);
  const loaded = core.default;
  loaded.registerLanguage("typescript", typescript.default);
  loaded.registerLanguage("javascript", javascript.default);
  loaded.registerLanguage("json", json.default);
  hljs = loaded;
}

/** One entry of a page's table of contents. */
export interface TocEntry {
  /** The heading's id. */
  id: string;
  /** The heading as HTML (math included). */
  html: string;
  /** 2 for `##`, 3 for `###`. */
  level: number;
  /**
   * The class of the `<details>` the heading is folded in (`solution`), if
   * it is: the layout marks the entry, which the stylesheet may hide while
   * the section is closed.
   */
  folded?: string;
}

/** Options of the markdown plugin. */
export interface MarkdownOptions {
  /** Heading levels listed in the table of contents. */
  tocLevels?: number[];
}

/** The markdown-it environment of one render. */
export interface MarkdownEnv {
  page?: Page;
  /** The Markdown rendered, which the page's template wrote. */
  source?: string;
  toc: TocEntry[];
  [key: string]: unknown;
}

/** Render Markdown with markdown-it. */
export function markdown(options: MarkdownOptions = {}) {
  const { tocLevels } = { tocLevels: [2, 3], ...options };
  return (site: Site) => {
    let md: MarkdownIt;
    site.addEventListener("beforeBuild", () => {
      md = createMarkdown(site.markdownItPlugins, tocLevels);
      site.globalData.markdownIt = md;
    });
    site.engines.markdown = {
      async render(source: string, page: Page): Promise<string> {
        await loadHighlighter(source);
        const env: MarkdownEnv = { page, source, toc: [] };
        const html = md.render(source, env);
        page.data.toc = env.toc;
        return html;
      },
    };
  };
}

/** A markdown-it instance with heading ids, scrolling tables and `plugins`. */
export function createMarkdown(
  plugins: ((md: MarkdownIt) => void)[] = [],
  tocLevels = [2, 3],
): MarkdownIt {
  const md = markdownIt({ html: true, typographer: true, highlight });
  // Keep the curly quotes and dashes, but not the symbol replacements: the
  // exercises are numbered "2(c)", which would become "2©".
  md.disable("replacements");
  for (const plugin of plugins) md.use(plugin);
  // A formula's prime in the prose (`σ'(z)`) is a prime, not a quote.
  md.core.ruler.before("smartquotes", "primes", (state) => {
    for (const token of state.tokens) {
      for (const child of token.type === "inline" ? token.children ?? [] : []) {
        if (child.type === "text") child.content = plainPrimes(child.content);
      }
    }
  });
  md.core.ruler.after("block", "table_rows", checkTableRows);
  md.core.ruler.after("inline", "image_alt", checkImageAlt);
  md.core.ruler.after("image_alt", "html_balance", checkHtmlBalance);
  md.core.ruler.after("html_balance", "references", checkReferences);
  md.core.ruler.push("heading_ids", headingIds(tocLevels));
  const rules = md.renderer.rules;
  rules.table_open = (_tokens, _i, _options, env: { tables?: number }) => {
    // A scrolling box is focusable (keyboard users can scroll it) and named.
    const n = env ? (env.tables = (env.tables ?? 0) + 1) : 1;
    return `<div class="table-wrap" tabindex="0" role="region" aria-label="Table ${n}"><table>\n`;
  };
  rules.table_close = () => "</table></div>\n";
  // Code scrolls sideways on a narrow screen: make it reachable by keyboard.
  for (const rule of ["fence", "code_block"]) {
    const render = rules[rule]!;
    rules[rule] = (...args) =>
      render(...args).replace(/^<pre>/, '<pre tabindex="0">');
  }
  return md;
}

/**
 * The cells of a table row as markdown-it splits it (GFM): at every `|` not
 * escaped by a backslash, the row's outer pipes aside; inside a formula too.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tableCells } from "./markdown.ts";
 * assertEquals(tableCells("| a | b |"), ["a", "b"]);
 * assertEquals(tableCells("| $|x|$ | 2 |"), ["$", "x", "$", "2"]);
 * assertEquals(tableCells("a | b \\| c"), ["a", "b \\| c"]);
 * ```
 */
export function tableCells(row: string): string[] {
  const cells = row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/);
  return cells.map((cell) => cell.trim());
}

/**
 * Refuse what a table would silently change: a row with more cells than its
 * header (markdown-it drops the rest, as GFM does; a `|` in a formula ends a
 * cell), and `\|` in a formula in a table (markdown-it reads it as an
 * escaped `|`, so TeX's ‖ becomes |).
 */
function checkTableRows(state: StateCore): void {
  const page = (state.env as MarkdownEnv | undefined)?.page;
  let lines: string[] | undefined;
  for (const token of state.tokens) {
    if (token.type !== "table_open" || !token.map) continue;
    lines ??= state.src.split("\n");
    const [start, end] = token.map;
    const header = tableCells(lines[start]).length;
    for (let i = start; i < end; i++) {
      if (i === start + 1) continue; // the row of dashes
      const row = lines[i];
      const fail = (message: string): never => {
        throw new BuildError(
          message,
          page?.src,
          markdownLine(page, state.src, i),
        );
      };
      // The formulas of the row, paired from the left as they are read.
      const formulas = [...row.matchAll(/\$([^$]+)\$/g)].map((m) => m[1]);
      const cells = tableCells(row).length;
      if (cells > header) {
        fail(
          `a table row of ${cells} cells under a header of ${header}: the last ${
            cells - header
          } would be dropped${
            formulas.some((formula) => formula.includes("|"))
              ? " (a | inside $…$ ends a cell: write \\vert, or \\lvert … \\rvert)"
              : ""
          }`,
        );
      }
      if (formulas.some((formula) => formula.includes("\\|"))) {
        fail(
          "\\| inside $…$ in a table is an escaped | there, so the formula would show |, not ‖: write \\lVert … \\rVert (or \\vert for |)",
        );
      }
    }
  }
}

/**
 * A reference link whose reference is defined nowhere (`[the rule][chain]`
 * or `[the rule][]` with no `[chain]: /url` line), or a link markdown-it did
 * not read as one (`[the page](/a b/)`: a space in its address), which it
 * shows as written, or a footnote (`[^1]`), which these pages do not make:
 * where the prose has one, and what is wrong. A bracket written
 * after a word or a bracket (`a[i][j]`) is an index, and escaped brackets
 * (`\[x\]`) are text.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { unresolvedReference } from "./markdown.ts";
 * assertEquals(unresolvedReference("See [the rule][chain-rule].")?.found, "[the rule][chain-rule]");
 * assertEquals(unresolvedReference("See [the rule][].")?.found, "[the rule][]");
 * assertEquals(unresolvedReference("A note.[^1]")?.found, "[^1]");
 * assertEquals(unresolvedReference("W[0][1] and a[i][j], in [0, 1]."), undefined);
 * assertEquals(unresolvedReference("See [the page](/a b/).")?.found, "[the page](/a b/)");
 * assertEquals(unresolvedReference("![A plot](my plot.png)")?.message.slice(0, 40), "![A plot](my plot.png) is not read as an");
 * ```
 */
export function unresolvedReference(
  text: string,
): { found: string; message: string } | undefined {
  const footnote = /\[\^[^\]\s]+\]/.exec(text);
  const reference =
    /(?<![\p{L}\p{N}_\])])\[([^\[\]]*\p{L}[^\[\]]*)\]\[([^\[\]]*)\]/u
      .exec(text);
  // `[text](address)` left as text: Markdown did not read it as a link.
  const unread =
    /(?<![\p{L}\p{N}_\])])!?\[([^\[\]]*\p{L}[^\[\]]*)\]\([^()\n]*\)/u
      .exec(text);
  const first = [footnote, reference, unread].filter((m) => m !== null)
    .sort((a, b) => a!.index - b!.index)[0];
  if (!first) return undefined;
  if (first === unread) {
    return {
      found: first[0],
      message: `${first[0]} is not read as ${
        first[0].startsWith("!") ? "an image" : "a link"
      }, and would show as written: an address with a space is written with %20 or between <…>, and a title needs its closing quote`,
    };
  }
  if (first === footnote) {
    return {
      found: first[0],
      message: `a footnote ${
        first[0]
      }: these pages have no footnotes (say it in the text, in parentheses, or link to a page; code, such as a pattern, goes between backticks)`,
    };
  }
  const label = first[2] || first[1];
  return {
    found: first[0],
    message: `the reference link ${
      first[0]
    } has no definition: add a line \`[${label}]: /url/\` to the page (the brackets would show as they are)`,
  };
}

/** Refuse an unresolved reference link or a footnote in the prose. */
function checkReferences(state: StateCore): void {
  const page = (state.env as MarkdownEnv | undefined)?.page;
  for (const token of state.tokens) {
    if (token.type !== "inline") continue;
    for (const child of token.children ?? []) {
      if (child.type !== "text" || !child.content.includes("[")) continue;
      const found = unresolvedReference(child.content);
      if (!found) continue;
      // The line of the paragraph, and of the text in it; a table's cell
      // has no line of its own: the first line that holds the text.
      const at = token.content.indexOf(found.found);
      const within = at < 0
        ? 0
        : token.content.slice(0, at).split("\n").length - 1;
      const written = state.src.split("\n").findIndex((line) =>
        line.includes(found.found)
      );
      const index = token.map
        ? token.map[0] + within
        : written < 0
        ? undefined
        : written;
      throw new BuildError(
        found.message,
        page?.src,
        index === undefined ? undefined : markdownLine(page, state.src, index),
      );
    }
  }
}

/**
 * Elements whose end tag HTML requires: one an author opens in a page's
 * HTML and does not close takes the rest of the page (its layout too)
 * inside it; a stray end tag closes one of the layout's.
 */
const CONTAINERS = new Set([
  "a",
  "article",
  "aside",
  "blockquote",
  "details",
  "div",
  "dl",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "header",
  "main",
  "nav",
  "ol",
  "section",
  "span",
  "summary",
  "table",
  "ul",
]);

/** A start or end tag of a container, in HTML an author wrote. */
const CONTAINER_TAG = new RegExp(
  String.raw`<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])(?:${TAG_BODY})>`,
  "g",
);

/**
 * Refuse HTML in a page that opens a container it does not close, or closes
 * one it did not open (`<div class="note">` and no `</div>`): the page would
 * show the rest of itself inside it, or lose the layout's. The HTML of the
 * page's Markdown is read in order, across blocks; what the Markdown makes
 * is balanced.
 */
function checkHtmlBalance(state: StateCore): void {
  const page = (state.env as MarkdownEnv | undefined)?.page;
  const open: { tag: string; line?: number }[] = [];
  const fail = (message: string, line?: number): never => {
    throw new BuildError(message, page?.src, line);
  };
  const read = (html: string, line: () => number | undefined) => {
    const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
    for (const [, end, name] of text.matchAll(CONTAINER_TAG)) {
      const tag = name.toLowerCase();
      if (!CONTAINERS.has(tag)) continue;
      if (!end) {
        open.push({ tag, line: line() });
        continue;
      }
      const last = open.pop();
      if (!last) {
        fail(
          `</${tag}> closes nothing the page opened: remove it, or open <${tag}> before it`,
          line(),
        );
      } else if (last.tag !== tag) {
        fail(
          `</${tag}> comes while the <${last.tag}> opened${
            last.line ? ` at line ${last.line}` : ""
          } is still open: close it first (</${last.tag}>)`,
          line(),
        );
      }
    }
  };
  for (const token of state.tokens) {
    const line = () =>
      token.map ? markdownLine(page, state.src, token.map[0]) : undefined;
    if (token.type === "html_block") read(token.content, line);
    for (const child of token.type === "inline" ? token.children ?? [] : []) {
      if (child.type === "html_inline") read(child.content, line);
    }
  }
  const unclosed = open[0];
  if (unclosed) {
    fail(
      `<${unclosed.tag}> is never closed: the rest of the page would be inside it (close it with </${unclosed.tag}>)`,
      unclosed.line,
    );
  }
}

/** An `<img>` tag, whole. */
const IMG_TAG = new RegExp(String.raw`<img\b(?:${TAG_BODY})>`, "gi");

/**
 * Refuse an image with no text for those who cannot see it: `![](a.png)`,
 * or an `<img>` without `alt`. The notes have no decoration to hide.
 */
function checkImageAlt(state: StateCore): void {
  const page = (state.env as MarkdownEnv | undefined)?.page;
  for (const token of state.tokens) {
    // Found only for an error: mapping a line back costs a page's diff.
    const line = () =>
      token.map ? markdownLine(page, state.src, token.map[0]) : undefined;
    const inHtml = (html: string) => {
      for (const [tag] of html.matchAll(IMG_TAG)) {
        if (!/\salt\s*=\s*("[^"\s][^"]*"|'[^'\s][^']*'|[^\s"'>]+)/i.test(tag)) {
          throw new BuildError(
            `${tag} has no alt text: say in alt="…" what it shows`,
            page?.src,
            line(),
          );
        }
      }
    };
    if (token.type === "html_block") inHtml(token.content);
    for (const child of token.type === "inline" ? token.children ?? [] : []) {
      if (child.type === "html_inline") inHtml(child.content);
      if (child.type === "image" && !child.content.trim()) {
        throw new BuildError(
          `the image ${
            child.attrGet("src")
          } has no alt text: say in ![…](…) what it shows`,
          page?.src,
          line(),
        );
      }
    }
  }
}

/** Highlight TypeScript and JavaScript code blocks at build time. */
function highlight(code: string, language: string): string {
  const known = ["ts", "typescript", "js", "javascript", "json"];
  if (!known.includes(language)) return "";
  if (!hljs) {
    throw new Error(
      "highlight.js is not loaded: await loadHighlighter(markdown) before md.render(markdown)",
    );
  }
  const name = language === "ts"
    ? "typescript"
    : language === "js"
    ? "javascript"
    : language;
  return tidyHighlight(hljs.highlight(code, { language: name }).value);
}

/** One heading of a rendered page: its level and its id. */
export interface OutlineEntry {
  level: number;
  id: string;
}

/**
 * The placeholder id of the `n`th heading (from 0) of a page whose heading
 * ids are those of its twin (`twinHeadings` in its data): the multilanguage
 * plugin puts the twin's ids in their place once the twin is rendered.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { headingPlaceholder } from "./markdown.ts";
 * assertEquals(headingPlaceholder(2), "\uE001h2\uE001");
 * ```
 */
export function headingPlaceholder(n: number): string {
  return `\uE001h${n}\uE001`;
}

/**
 * Give every heading a slug id (unique on the page), collect the TOC, and
 * keep the page's outline (every heading's level and id) in its data. A
 * page with `twinHeadings` gets {@link headingPlaceholder}s for ids (its
 * outline keeps the slugs, for a heading its twin does not have).
 */
function headingIds(tocLevels: number[]) {
  return (state: StateCore) => {
    const env = state.env as MarkdownEnv;
    const used = new Set<string>();
    const tokens = state.tokens;
    const outline: OutlineEntry[] = [];
    const byPosition = env?.page?.data.twinHeadings === true;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type !== "heading_open") continue;
      const inline = tokens[i + 1];
      const chosen = chosenId(inline, env?.page, state.src, token.map);
      const text = (inline.children ?? [])
        .filter((child) =>
          child.type === "text" || child.type === "code_inline"
        )
        .map((child) => child.content)
        .join(" ");
      let id = chosen ?? token.attrGet("id") ?? slugify(text);
      if (!id) id = "section";
      if (chosen && used.has(chosen)) {
        throw new BuildError(
          `the id {#${chosen}} is given to two headings of the page: a link to it could reach only the first`,
          env?.page?.src,
          token.map
            ? markdownLine(env?.page, state.src, token.map[0])
            : undefined,
        );
      }
      let unique = id;
      for (let n = 2; used.has(unique); n++) unique = `${id}-${n}`;
      used.add(unique);
      const level = Number(token.tag.slice(1));
      outline.push({ level, id: unique });
      if (byPosition) unique = headingPlaceholder(outline.length - 1);
      token.attrSet("id", unique);
      if (env?.toc && tocLevels.includes(level)) {
        env.toc.push({
          id: unique,
          level,
          ...(token.meta?.folded ? { folded: String(token.meta.folded) } : {}),
          html: state.md.renderer.renderInline(
            inline.children ?? [],
            state.md.options,
            env,
          ),
        });
      }
    }
    // A fragment rendered inline (a summary) has no outline of its own.
    if (env?.page && !state.inlineMode) env.page.data.outline = outline;
  };
}

/**
 * The id an author gives a heading, `## The carousel {#carousel}` (the
 * convention of Pandoc and most generators: a link to it survives a change
 * of the heading's words), taken out of the heading's text. Other
 * attributes (`{.class}`) are refused, not shown as text.
 */
function chosenId(
  inline: Token,
  page: Page | undefined,
  src: string,
  map: [number, number] | null,
): string | undefined {
  const children = inline.children ?? [];
  const last = children.at(-1);
  if (last?.type !== "text") return undefined;
  const braces = /\s*\{([^{}]*)\}\s*$/.exec(last.content);
  if (!braces || !/^\s*[#.]/.test(braces[1])) return undefined;
  const fail = (message: string): never => {
    throw new BuildError(
      message,
      page?.src,
      map ? markdownLine(page, src, map[0]) : undefined,
    );
  };
  const id = /^\s*#([A-Za-z][A-Za-z0-9_-]*)\s*$/.exec(braces[1])?.[1];
  if (!id) {
    fail(
      `{${
        braces[1]
      }} after a heading: only an id is read there, as {#an-id} (a letter, then letters, digits, - or _)`,
    );
  }
  last.content = last.content.slice(0, braces.index);
  inline.content = inline.content.replace(/\s*\{[^{}]*\}\s*$/, "");
  return id;
}

/**
 * A URL-safe id from heading text: `"The eigenvalues of W"` →
 * `"the-eigenvalues-of-w"`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { slugify } from "./markdown.ts";
 * assertEquals(slugify("What the seeds get wrong!"), "what-the-seeds-get-wrong");
 * ```
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export default markdown;
