/**
 * The site's stylesheets as readers get them: without comments, indentation
 * or blank lines. The sources keep their comments (they explain the design);
 * a reader's browser needs none of it, and every page loads the stylesheets,
 * so this takes a fifth off the CSS of each page. Nothing else changes: no
 * rule, selector or value is rewritten.
 *
 * @module
 */
import { type Site } from "../core/site.ts";
import { walkCopy } from "../core/fs.ts";
import { TextMemo } from "../core/memo.ts";

/** Options of the CSS minifier. */
export interface MinifyCssOptions {
  /** The folder of the site whose `.css` files are minified. */
  dir?: string;
  /**
   * Stylesheets (paths under `dir`) whose rules for classes no page uses
   * are left out: a vendor's stylesheet (Temml's) styles every construct it
   * can write, the notes use a few. A class counts as used when it is in a
   * `class` attribute of any page or a word of any script of the site.
   */
  prune?: string[];
}

/**
 * Minify every stylesheet copied under `dir`, once the pages are rendered:
 * the minified text is an output of the build in place of the copy (the
 * writer leaves a stylesheet that has not changed as it is).
 */
export function minifyCss(options: MinifyCssOptions = {}) {
  const { dir, prune } = { dir: "/assets", prune: [], ...options };
  const folder = `/${dir.split("/").filter(Boolean).join("/")}`;
  const pruned = new Set(prune.map((path) => `${folder}/${path}`));
  return (site: Site) => {
    // What was found in each page and script, and each stylesheet as
    // minified, kept while their text is the same: in `serve`, a rebuild
    // after an edit to one page scans that page, not all of them.
    const classes = new TextMemo<Set<string>>();
    const words = new TextMemo<Set<string>>();
    let minified = new TextMemo<string>();
    let lastUsed: Set<string> | undefined;
    site.process(async () => {
      const sheets: [string, string][] = [];
      const scripts: [string, string][] = [];
      for (const { from, to } of site.copies) {
        for await (const [file, url] of walkCopy(from, to)) {
          if (url.endsWith(".js")) {
            scripts.push([url, await Deno.readTextFile(file)]);
          }
          if (!url.endsWith(".css") || !url.startsWith(`${folder}/`)) continue;
          // A stylesheet a plugin made is minified as it made it.
          if (site.files.has(url)) continue;
          sheets.push([url, await Deno.readTextFile(file)]);
        }
      }
      for (const [url, content] of site.files) {
        if (typeof content !== "string") continue;
        if (url.endsWith(".js")) scripts.push([url, content]);
        else if (url.endsWith(".css") && url.startsWith(`${folder}/`)) {
          sheets.push([url, content]);
        }
      }
      let used = new Set<string>();
      if (pruned.size) {
        const classesOf = (url: string, html: string) =>
          classes.get(url, [html], () => usedClasses([html], []));
        classes.sweep();
        words.sweep();
        for (const page of site.pages) {
          for (const name of classesOf(page.url, page.output ?? "")) {
            used.add(name);
          }
        }
        for (const [url, content] of site.files) {
          if (typeof content !== "string" || !url.endsWith(".html")) continue;
          for (const name of classesOf(url, content)) used.add(name);
        }
        for (const [url, script] of scripts) {
          const found = words.get(
            url,
            [script],
            () => usedClasses([], [script]),
          );
          for (const word of found) used.add(word);
        }
        // The same classes as the last build's: its pruned sheets hold.
        if (lastUsed && sameSet(used, lastUsed)) used = lastUsed;
        else minified = new TextMemo();
        lastUsed = used;
      }
      minified.sweep();
      for (const [url, css] of sheets) {
        site.files.set(
          url,
          minified.get(
            url,
            [css],
            () =>
              minifyCssText(pruned.has(url) ? pruneCssText(css, used) : css),
          ),
        );
      }
    });
  };
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

/**
 * The classes of the pages' `class` attributes and the words of the
 * scripts.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { usedClasses } from "./minify_css.ts";
 * assertEquals(
 *   [...usedClasses(['<p class="a b">x</p>'], ["el.classList.add('c-d')"])].sort(),
 *   ["a", "add", "b", "c-d", "classList", "el"],
 * );
 * ```
 */
export function usedClasses(pages: string[], scripts: string[]): Set<string> {
  const used = new Set<string>();
  for (const html of pages) {
    for (const match of html.matchAll(/\sclass="([^"]*)"/g)) {
      for (const name of match[1].split(/\s+/)) used.add(name);
    }
  }
  for (const script of scripts) {
    for (const word of script.match(/[\w-]+/g) ?? []) used.add(word);
  }
  return used;
}

/**
 * CSS without the style rules that cannot match: those whose every selector
 * names a class not in `used`. Conditional groups (`@media`, `@supports`,
 * `@-moz-document`) are pruned inside and left out when emptied; other
 * at-rules (`@font-face`) stay. What is kept is kept as written, in order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pruneCssText } from "./minify_css.ts";
 * assertEquals(
 *   pruneCssText(
 *     ".a{color:red}.b,.c i{color:blue}@supports (x:y){.b{top:0}}math .a{top:0}",
 *     new Set(["a"]),
 *   ),
 *   ".a{color:red}math .a{top:0}",
 * );
 * ```
 */
export function pruneCssText(css: string, used: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const open = skipTo(css, i, "{");
    if (open < 0) {
      out += css.slice(i);
      break;
    }
    const close = matchingBrace(css, open);
    const prelude = css.slice(i, open);
    const body = css.slice(open + 1, close);
    const head = prelude.replace(/\/\*[\s\S]*?\*\//g, "").trim();
    if (/^@(media|supports|-moz-document)\b/.test(head)) {
      const inner = pruneCssText(body, used);
      if (inner.replace(/\/\*[\s\S]*?\*\//g, "").trim()) {
        out += `${prelude}{${inner}}`;
      }
    } else if (
      head.startsWith("@") ||
      head.split(",").some((selector) =>
        [...selector.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].every((m) =>
          used.has(m[1])
        )
      )
    ) {
      out += css.slice(i, close + 1);
    }
    i = close + 1;
  }
  return out;
}

/** The index of `char` at or after `from`, outside strings and comments. */
function skipTo(css: string, from: number, char: string): number {
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = endOfString(css, i);
    else if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 1;
    } else if (c === char) return i;
  }
  return -1;
}

/** The index of the `}` that closes the `{` at `open`. */
function matchingBrace(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = endOfString(css, i);
    else if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 1;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return css.length;
}

/** The index of the quote that closes the string at `start`. */
function endOfString(css: string, start: number): number {
  let j = start + 1;
  while (j < css.length && css[j] !== css[start]) {
    j += css[j] === "\\" ? 2 : 1;
  }
  return j;
}

/**
 * CSS without its comments, with every run of white space (outside strings)
 * made one space, and none next to `{`, `}`, `;`, `,` or `>`, nor after
 * `:`, where CSS never needs it (before a `:` it may: `a :hover` is not
 * `a:hover`). Selectors, values and strings stay as written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { minifyCssText } from "./minify_css.ts";
 * assertEquals(
 *   minifyCssText(
 *     '/* Links. *\/\na,\nb > i {\n  color: red; /* why *\/\n\n  content: "/* kept *\/  ";\n}\n',
 *   ),
 *   'a,b>i{color:red;content:"/* kept *\/  ";}\n',
 * );
 * ```
 */
export function minifyCssText(css: string): string {
  // No space is needed after these characters, nor before those.
  const after = "{};,>:";
  const before = "{};,>";
  let out = "";
  let space = false;
  let i = 0;
  const emit = (text: string) => {
    // A space is kept only between two characters that need it.
    if (
      space && out && !after.includes(out.at(-1)!) &&
      !before.includes(text[0])
    ) {
      out += " ";
    }
    space = false;
    out += text;
  };
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c) j += css[j] === "\\" ? 2 : 1;
      emit(css.slice(i, j + 1));
      i = j + 1;
    } else if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 2;
    } else if (/\s/.test(c)) {
      space = true;
      i++;
    } else {
      emit(c);
      i++;
    }
  }
  return out + "\n";
}

export default minifyCss;
