/**
 * The glossary of a translation (`content/_data/glossary.yml`): each entry
 * an English term, its translation (`zh`) and the variants not to use
 * (`avoid`). On a page in that language, the first use of each term in the
 * prose (not in a heading, a formula, code or a figure, which are not
 * Markdown text) is followed by its English in full-width parentheses,
 * "随时间反向传播（backpropagation through time）", once per page (in a block
 * of HTML written in the Markdown too, see {@link glossHtml}), the English
 * marked as English (`<span lang="en">`), so that a screen reader reads it
 * with an English voice; a use the
 * author already glossed (a parenthesis opening on a Latin letter right
 * after it: "（BPTT）") counts as the first. A term inside a longer one (反向传播 in
 * 随时间反向传播) is not a use of the shorter one.
 *
 * @module
 */
import { join } from "@std/path";
import { parse } from "@std/yaml";
import { BuildError, type Page, type Site } from "../core/site.ts";
import type { MarkdownIt, StateCore, Token } from "./_markdown_it.ts";

/** One term of the glossary. */
export interface GlossaryEntry {
  /** The English term. */
  en: string;
  /** The translation, by language (`zh: 随时间反向传播`). */
  [lang: string]: string | string[] | undefined;
  /** Translations not to use. */
  avoid?: string[];
}

/** Options of the glossary plugin. */
export interface GlossaryOptions {
  /** The YAML file of the terms, relative to the pages' folder. */
  file?: string;
}

/**
 * Read a glossary: a list of entries with `en`, a translation and maybe
 * `avoid`; anything else is an error naming the file and the entry's line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseGlossary } from "./glossary.ts";
 * assertEquals(
 *   parseGlossary("- en: chain rule\n  zh: 链式法则\n", "g.yml"),
 *   [{ en: "chain rule", zh: "链式法则" }],
 * );
 * ```
 */
export function parseGlossary(text: string, file: string): GlossaryEntry[] {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError(`malformed YAML: ${message.split("\n")[0]}`, file);
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new BuildError("expected a list of terms (`- en: …`)", file, 1);
  }
  const lines = text.split("\n");
  const lineOf = (n: number) => {
    let seen = -1;
    const at = lines.findIndex((l) => /^- /.test(l) && ++seen === n);
    return at >= 0 ? at + 1 : undefined;
  };
  value.forEach((entry, n) => {
    const ok = entry !== null && typeof entry === "object" &&
      typeof entry.en === "string" &&
      Object.entries(entry).every(([key, v]) =>
        key === "avoid"
          ? Array.isArray(v) && v.every((x) => typeof x === "string")
          : typeof v === "string"
      );
    if (!ok) {
      throw new BuildError(
        "a term needs `en:` and its translations as text, and `avoid:` as a list of text",
        file,
        lineOf(n),
      );
    }
  });
  return value as GlossaryEntry[];
}

/**
 * `text` with the first use of each term of `terms` (translation → English)
 * followed by "（English）", skipping the terms in `done` and adding to it
 * those it glosses: the rule for one run of prose text.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { glossText } from "./glossary.ts";
 * const terms = new Map([["随时间反向传播", "backpropagation through time"], ["反向传播", "backpropagation"]]);
 * const done = new Set<string>();
 * assertEquals(
 *   glossText("随时间反向传播不同于反向传播；反向传播。", terms, done),
 *   "随时间反向传播（backpropagation through time）不同于反向传播（backpropagation）；反向传播。",
 * );
 * assertEquals(glossText("随时间反向传播", terms, done), "随时间反向传播");
 * const source = new Map([["原始解答", "source solution"]]);
 * assertEquals(glossText("原始解答 000 与原始解答 003", source, new Set()), "原始解答（source solution）000 与原始解答 003");
 * ```
 */
export function glossText(
  text: string,
  terms: Map<string, string>,
  done: Set<string>,
  pattern: RegExp = termPattern([...terms.keys()]),
  english: (term: string) => string = (term) => term,
): string {
  if (done.size === terms.size) return text;
  pattern.lastIndex = 0;
  return text.replace(
    pattern,
    (whole: string, term: string, _space: string, at: number) => {
      if (done.has(term)) return whole;
      done.add(term);
      // Already glossed by the author: "（BPTT）", "(backpropagation …)".
      if (/^[（(]\s*[A-Za-z]/.test(text.slice(at + term.length))) return whole;
      // The full-width parenthesis is its own space: "原始解答（source
      // solution）000", not "…） 000".
      return `${term}（${english(terms.get(term)!)}）`;
    },
  );
}

/**
 * {@link glossText} on the text of a block of HTML written in the Markdown
 * (a lead paragraph): between its tags, and not in a block that holds a
 * figure, a formula, code, a form, a heading or a `<summary>` (they are not
 * prose; a summary is a button's label).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { glossHtml } from "./glossary.ts";
 * const terms = new Map([["谱半径", "spectral radius"]]);
 * assertEquals(
 *   glossHtml('<p class="lead">谱半径<em>谱半径</em></p>', terms, new Set()),
 *   '<p class="lead">谱半径（<span lang="en">spectral radius</span>）<em>谱半径</em></p>',
 * );
 * assertEquals(glossHtml("<figure>谱半径</figure>", terms, new Set()), "<figure>谱半径</figure>");
 * assertEquals(glossHtml("<summary>谱半径</summary>", terms, new Set()), "<summary>谱半径</summary>");
 * ```
 */
export function glossHtml(
  html: string,
  terms: Map<string, string>,
  done: Set<string>,
  pattern: RegExp = termPattern([...terms.keys()]),
): string {
  if (
    /<(figure|svg|math|pre|code|form|h[1-6]|summary|script|style|table)\b/i
      .test(html)
  ) {
    return html;
  }
  return html.replace(
    />([^<]+)</g,
    (_, text: string) =>
      `>${glossText(text, terms, done, pattern, asEnglish)}<`,
  );
}

/** English in a page of another language, marked so (`<span lang="en">`). */
function asEnglish(text: string): string {
  return `<span lang="en">${text}</span>`;
}

// Where a gloss's English starts and ends in a text token, until the token
// is cut there (private-use characters, which no text of the notes holds).
const ENGLISH_START = "\uE020";
const ENGLISH_END = "\uE021";
const MARKED_ENGLISH = new RegExp(
  `${ENGLISH_START}([^${ENGLISH_END}]*)${ENGLISH_END}`,
);

/**
 * The children of an inline token with each text marked by {@link glossText}
 * cut into text, `<span lang="en">`, the English, and `</span>`.
 */
function markEnglish(children: Token[], state: StateCore): Token[] {
  return children.flatMap((child) => {
    if (child.type !== "text" || !child.content.includes(ENGLISH_START)) {
      return [child];
    }
    const parts: Token[] = [];
    const text = (content: string) => {
      if (!content) return;
      const token = new state.Token("text", "", 0);
      token.content = content;
      parts.push(token);
    };
    const html = (content: string) => {
      const token = new state.Token("html_inline", "", 0);
      token.content = content;
      parts.push(token);
    };
    const pieces = child.content.split(MARKED_ENGLISH);
    pieces.forEach((piece, i) => {
      if (i % 2 === 0) return text(piece);
      html('<span lang="en">');
      text(piece);
      html("</span>");
    });
    return parts;
  });
}

/**
 * One pattern of all the terms, the longest first (it wins at a place),
 * with the space that may follow (dropped after a gloss).
 */
export function termPattern(terms: string[]): RegExp {
  const sorted = [...terms].sort((a, b) => b.length - a.length);
  return new RegExp(
    `(${
      sorted.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")
    })( ?)`,
    "g",
  );
}

/**
 * The plugin: read the glossary at every build and gloss the first use of
 * each term on every page of a language it translates into.
 */
export function glossary(options: GlossaryOptions = {}) {
  const { file } = { file: "_data/glossary.yml", ...options };
  return (site: Site) => {
    /** The terms of each language (translation → English), and a pattern. */
    let byLang = new Map<
      string,
      { terms: Map<string, string>; pattern: RegExp }
    >();
    site.addEventListener("beforeBuild", async () => {
      const path = join(site.options.src, file);
      const text = await Deno.readTextFile(path).catch((error) => {
        if (error instanceof Deno.errors.NotFound) return "";
        throw error;
      });
      const entries = parseGlossary(text, path);
      site.globalData.glossary = entries;
      byLang = new Map();
      for (const entry of entries) {
        for (const [lang, term] of Object.entries(entry)) {
          if (lang === "en" || lang === "avoid" || typeof term !== "string") {
            continue;
          }
          const own = byLang.get(lang) ??
            { terms: new Map<string, string>(), pattern: /$^/ };
          own.terms.set(term, entry.en);
          byLang.set(lang, own);
        }
      }
      for (const own of byLang.values()) {
        own.pattern = termPattern([...own.terms.keys()]);
      }
    });
    site.markdownItPlugins.push((md: MarkdownIt) => {
      md.core.ruler.push("glossary", (state: StateCore) => {
        // A fragment rendered inline (a self-check's label) is not prose.
        if (state.inlineMode) return;
        const page = state.env?.page as Page | undefined;
        const own = byLang.get(page?.data.lang ?? "");
        if (!own) return;
        const done = new Set<string>();
        const tokens = state.tokens;
        for (let i = 0; i < tokens.length; i++) {
          const token = tokens[i];
          if (tokens[i - 1]?.type === "heading_open") continue;
          if (token.type === "html_block") {
            token.content = glossHtml(
              token.content,
              own.terms,
              done,
              own.pattern,
            );
            continue;
          }
          if (token.type !== "inline") continue;
          let glossed = false;
          for (const child of token.children ?? []) {
            if (child.type !== "text") continue;
            const before = child.content;
            child.content = glossText(
              child.content,
              own.terms,
              done,
              own.pattern,
              (english) => `${ENGLISH_START}${english}${ENGLISH_END}`,
            );
            glossed ||= child.content !== before;
          }
          if (glossed) token.children = markEnglish(token.children!, state);
          if (done.size === own.terms.size) return;
        }
      });
    });
  };
}

export default glossary;
