/**
 * Math typeset at build time into MathML by Temml: `$…$` inline, `$$…$$`
 * display. The pages carry MathML Core, which Chromium, Firefox and Safari
 * lay out natively: no JavaScript, nothing from another host, readable by
 * screen readers as it is, and a fraction of the bytes of an HTML rendering.
 * Temml's small stylesheet (and its script font, for `\mathscr`) is copied
 * into the site, with the rules of the classes below appended; the glyphs come from the reader's math font (Cambria Math,
 * STIX Two Math, Latin Modern Math, …, see `notes.css`).
 *
 * `\label{name}` inside display math numbers that equation (the number is
 * written beside the formula, and the equation gets the id `eq-name`);
 * `\eqref{name}`
 * in the prose (or inside math) becomes a link "(n)" to it, and
 * `\eqref{rnn-1b:name}` one to an equation of another page, "(rnn-1b.3)":
 * the page's exercise id (or the last part of its URL), a colon, the label.
 * A reference to a label that does not exist, a label used twice on a page,
 * and TeX that Temml cannot parse are build errors naming the page and the
 * line. Every page's labels are read from the sources before any page is
 * rendered ({@link equationLabels}) and kept in the site's data, so a page
 * that cites another is rendered again (by `serve` too) when that page's
 * numbering changes. Numbers marked
 * by the `num` and `tex` filters keep their full value in a `data-num`
 * attribute of their MathML element.
 *
 * The MathML is slimmed without changing how it is laid out (see
 * {@link slimMathml}): the inline styles Temml repeats on every table cell
 * become classes defined once in the stylesheet, and the formulas carry no
 * TeX annotation (browsers neither show nor copy it, and it was a sixth of a
 * page's bytes).
 *
 * @module
 */
import temml from "temml";
import {
  BuildError,
  lineOf,
  markdownLine,
  type Page,
  type Site,
} from "../core/site.ts";
import { CachedMap, type Dependency } from "../core/cache.ts";
import { escapeHtml, exactToTex, formatNumberTex } from "./_format.ts";
import { breakAtRelations, breakInline } from "./math_split.ts";
import type {
  MarkdownIt,
  StateBlock,
  StateCore,
  StateInline,
  Token,
} from "./_markdown_it.ts";
import { pagePart } from "./exercise_parts.ts";

/** The markdown-it environment of a render, as the math rules use it. */
interface MathEnv {
  page?: Page;
  /** The Markdown rendered (see `MarkdownEnv`). */
  source?: string;
  labels?: Map<string, number>;
  equations?: EquationIndex;
}

/** Options of the math plugin. */
export interface MathOptions {
  /** TeX macros available on every page. */
  macros?: Record<string, string>;
  /** Where Temml's stylesheet and font are copied from. */
  dist?: string;
  /** The URL folder they are copied to. */
  assets?: string;
  /**
   * The files typesetting depends on (the plugins, the macros in
   * `_config.ts`, Temml's version in `deno.lock`): when given, typeset
   * formulas are kept in the build cache under a fingerprint of them, and a
   * build typesets only formulas no build of the same code has seen.
   */
  dependsOn?: Dependency[];
}

/** Macros every page may use. */
export const DEFAULT_MACROS: Record<string, string> = {
  "\\R": "\\mathbb{R}",
  "\\diag": "\\operatorname{diag}",
  "\\norm": "\\left\\lVert #1 \\right\\rVert",
  "\\abs": "\\left\\lvert #1 \\right\\rvert",
};

/** Typeset math with Temml, number labelled equations, link `\eqref`s. */
export function math(options: MathOptions = {}) {
  const { macros, dist, assets, dependsOn } = {
    macros: DEFAULT_MACROS,
    dist: "node_modules/temml/dist",
    assets: "/assets/temml",
    ...options,
  };
  return (site: Site) => {
    // Typesetting is a pure function of the TeX: a process that builds again
    // (`serve`) typesets only the formulas it has not seen, and with
    // `dependsOn` neither does a new process while the code is unchanged.
    const typeset = new CachedMap(site, "math", dependsOn);
    site.markdownItPlugins.push((md) =>
      mathPlugin(
        md,
        macros,
        typeset,
        (page) => {
          const byLang = site.globalData.equations as
            | Record<string, EquationIndex>
            | undefined;
          return byLang?.[page?.data.lang ?? site.defaultLang];
        },
      )
    );
    // Every page's labels, before any page renders: a page may cite another.
    site.preprocess((pages) => {
      site.globalData.equations = equationLabelsByLanguage(
        pages,
        site.defaultLang,
      );
    });
    site.data("mathCss", `${assets}/temml.css`);
    let files: Promise<[string, Uint8Array][]> | undefined;
    site.addEventListener("beforeBuild", async () => {
      await typeset.load();
      // The files cannot change while the process runs: read them once.
      files ??= Promise.all(
        [["temml.css", "Temml-Local.css"], ["Temml.woff2", "Temml.woff2"]].map(
          async ([to, from]) =>
            [to, await Deno.readFile(`${dist}/${from}`)] as [
              string,
              Uint8Array,
            ],
        ),
      );
      for (const [name, bytes] of await files) {
        site.write(
          `${assets}/${name}`,
          name === "temml.css"
            ? new TextDecoder().decode(bytes) + SLIM_MATHML_CSS
            : bytes,
        );
      }
    });
    site.process(() => typeset.store());
  };
}

/**
 * The labelled equations of one page, for references from other pages; of
 * one exercise when its solution spans pages (`part: 2` in the front
 * matter of the second), numbered on from one page to the next.
 */
export interface PageEquations {
  /** The page's URL (the first page's, for an exercise in parts). */
  url: string;
  /** Its source file, for messages. */
  src: string;
  /** Each label's number, in the order of the page (then of the parts). */
  labels: Record<string, number>;
  /** For an exercise in parts: the URL of the page of each label. */
  pages?: Record<string, string>;
}

/** Every page's equations, by the page's key (`rnn-1b`). */
export type EquationIndex = Record<string, PageEquations>;

/**
 * The key other pages cite a page's equations by: its exercise (or
 * explorer) id, else the last part of its URL (`/notation/` → `notation`).
 */
export function pageKey(page: Page): string {
  return page.data.exercise ?? page.data.explorer ??
    (page.url.split("/").filter(Boolean).pop() ?? "index");
}

/**
 * Read the labels of every Markdown page from its source, in order (fenced
 * code left out): what numbering the render will give. A label used twice
 * on a page, and two pages with labels under one key, are build errors.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { equationLabels } from "./math.ts";
 * const page = {
 *   src: "content/bptt/rnn-1b.md", line: 5, url: "/bptt/rnn-1b/",
 *   data: { exercise: "rnn-1b" }, engine: "md" as const,
 *   content: "$$\nx \\label{a}\n$$\n\n$$\ny \\label{b}\n$$\n",
 * };
 * assertEquals(equationLabels([page]), {
 *   "rnn-1b": { url: "/bptt/rnn-1b/", src: page.src, labels: { a: 1, b: 2 } },
 * });
 * // A second page of the exercise numbers on; each label keeps its page.
 * const part2 = {
 *   ...page, src: "content/bptt/rnn-1b/more.md", url: "/bptt/rnn-1b/more/",
 *   data: { exercise: "rnn-1b", part: 2 }, content: "$$\nz \\label{c}\n$$\n",
 * };
 * assertEquals(equationLabels([part2, page])["rnn-1b"], {
 *   url: "/bptt/rnn-1b/", src: page.src, labels: { a: 1, b: 2, c: 3 },
 *   pages: { a: "/bptt/rnn-1b/", b: "/bptt/rnn-1b/", c: "/bptt/rnn-1b/more/" },
 * });
 * ```
 */
export function equationLabels(pages: Page[]): EquationIndex {
  const index: EquationIndex = {};
  // The parts of an exercise in order, so that the numbers run on.
  const ordered = pages.filter((page) => page.engine === "md")
    .sort((a, b) => pagePart(a) - pagePart(b));
  for (const page of ordered) {
    // Most pages label nothing: no need to blank their code.
    if (!page.content.includes("\\label")) continue;
    const source = withoutCode(page.content);
    const labels: Record<string, number> = {};
    let count = 0;
    for (const match of source.matchAll(/\\label\{([^}]*)\}/g)) {
      const name = match[1];
      if (Object.hasOwn(labels, name)) {
        throw new BuildError(
          `\\label{${name}} is used twice on this page`,
          page.src,
          page.line + lineOf(source, match.index!) - 1,
        );
      }
      labels[name] = ++count;
    }
    if (count === 0) continue;
    const key = pageKey(page);
    const other = index[key];
    const otherPage = other &&
      ordered.find((p) => p.src === other.src && pageKey(p) === key);
    if (
      other && otherPage &&
      (page.data.exercise === undefined ||
        pagePart(otherPage) === pagePart(page))
    ) {
      throw new BuildError(
        `two pages cite their equations as "${key}:…": ${other.src} and this one (give one an exercise id, or a part)`,
        page.src,
      );
    }
    if (!other) {
      index[key] = { url: page.url, src: page.src, labels };
      continue;
    }
    // A later part of the exercise: its numbers follow the earlier parts'.
    const before = Object.keys(other.labels).length;
    other.pages ??= Object.fromEntries(
      Object.keys(other.labels).map((label) => [label, other.url]),
    );
    for (const [label, number] of Object.entries(labels)) {
      if (Object.hasOwn(other.labels, label)) {
        throw new BuildError(
          `\\label{${label}} is used on two pages of ${key}: ${
            other.pages[label]
          } and this one`,
          page.src,
        );
      }
      other.labels[label] = before + number;
      other.pages[label] = page.url;
    }
  }
  return index;
}

/**
 * The {@link equationLabels} of each language's pages: a page cites the
 * equations of the pages of its language, and those of the site's language
 * (`defaultLang`) where a page has no twin in its language (twins share an
 * `id`). Twins number their equations alike (their labels are the same).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { equationLabelsByLanguage } from "./math.ts";
 * const page = (url: string, lang: string, id: string, exercise: string) => ({
 *   src: `content${url}x.md`, line: 1, url, engine: "md" as const,
 *   data: { exercise, lang, id }, content: "$$\nx \\label{a}\n$$\n",
 * });
 * const index = equationLabelsByLanguage([
 *   page("/a/", "en", "a", "ex-a"), page("/zh/a/", "zh", "a", "ex-a"),
 *   page("/b/", "en", "b", "ex-b"),
 * ], "en");
 * assertEquals(index.en["ex-a"].url, "/a/");
 * assertEquals(index.zh["ex-a"].url, "/zh/a/");
 * assertEquals(index.zh["ex-b"].url, "/b/");
 * ```
 */
export function equationLabelsByLanguage(
  pages: Page[],
  defaultLang: string,
): Record<string, EquationIndex> {
  const langOf = (page: Page) => page.data.lang ?? defaultLang;
  const own = pages.filter((page) => langOf(page) === defaultLang);
  const index: Record<string, EquationIndex> = {
    [defaultLang]: equationLabels(own),
  };
  const others = new Set(pages.map(langOf).filter((l) => l !== defaultLang));
  for (const lang of others) {
    const translated = pages.filter((page) => langOf(page) === lang);
    const ids = new Set(translated.map((page) => page.data.id));
    index[lang] = equationLabels([
      ...translated,
      ...own.filter((page) => !ids.has(page.data.id)),
    ]);
  }
  return index;
}

/**
 * `text` with fenced code blanked and inline code spaced out, so that lines
 * keep their numbers (a `\label` or a citation shown as code is none).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { withoutCode } from "./math.ts";
 * assertEquals(withoutCode("a `[@x]` b\n\\label{y}"), "a        b\n\\label{y}");
 * ```
 */
export function withoutCode(text: string): string {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced
      ? ""
      : line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
  }).join("\n");
}

/**
 * Where `\eqref{name}` on a page points: an equation of the page, one of
 * another page of its exercise (`own`: the page's key, for an exercise in
 * parts; the number as on that page), or another page's equation
 * (`key:label`).
 */
function resolveEqref(
  name: string,
  labels: Map<string, number>,
  index: EquationIndex | undefined,
  own?: string,
): { href: string; text: string } | undefined {
  const local = labels.get(name);
  if (local !== undefined) return { href: `#eq-${name}`, text: `${local}` };
  const sibling = own === undefined ? undefined : index?.[own];
  if (sibling && Object.hasOwn(sibling.labels, name)) {
    return {
      href: `${sibling.pages?.[name] ?? sibling.url}#eq-${name}`,
      text: `${sibling.labels[name]}`,
    };
  }
  const colon = name.indexOf(":");
  if (colon < 0) return undefined;
  const key = name.slice(0, colon);
  const label = name.slice(colon + 1);
  const target = index?.[key];
  const number = target?.labels[label];
  if (!target || number === undefined) return undefined;
  return {
    href: `${target.pages?.[label] ?? target.url}#eq-${label}`,
    text: `${key}.${number}`,
  };
}

/**
 * Numbers written by the `num` filter inside math become the TeX the `tex`
 * filter writes (same digits, same `\htmlData` mark).
 */
export function numbersToTex(tex: string): string {
  return tex
    .replace(
      /<span data-num="([^"]+)"(?: data-digits="(\d+)")?>.*?<\/span>/g,
      (_, value: string, digits = "4") =>
        `\\htmlData{num=${value},digits=${digits}}{${
          formatNumberTex(Number(value), Number(digits))
        }}`,
    )
    .replace(
      /<span data-exact>(.*?)<\/span>/g,
      (_, value: string) =>
        exactToTex(unescapeHtml(value).replace(/\u202f/g, "")),
    );
}

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(
    /&quot;/g,
    '"',
  )
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** What the math rules store on a token. */
interface MathMeta {
  line: number;
  label?: string;
  number?: number;
}

/**
 * Typeset one formula into MathML; errors name the page and line.
 */
export function renderMath(
  source: string,
  display: boolean,
  macros: Record<string, string> = DEFAULT_MACROS,
  where: { page?: Page; line?: number; source?: string } = {},
): string {
  const tex = numbersToTex(source);
  const html = /<\/?(span|a|sup|sub|div|figure|strong|em|code)\b/.exec(tex);
  if (html) {
    throw new BuildError(
      `HTML (<${html[1]}>) inside math ${
        JSON.stringify(tex.trim().slice(0, 80))
      }: inside $…$ use TeX, and the tex filter for numbers`,
      where.page?.src,
      where.line === undefined
        ? undefined
        : markdownLine(where.page, where.source, where.line),
    );
  }
  try {
    return slimMathml(temml.renderToString(toTemml(tex), {
      displayMode: display,
      throwOnError: true,
      macros: { ...macros },
      // No <annotation> with the TeX: no browser shows it or copies it
      // (Chromium copies the rendered characters), screen readers read the
      // MathML itself, and it weighed a sixth of a page. The TeX of every
      // formula is in the page's Markdown.
      annotate: false,
      trust: (context: { command: string }) => context.command === "\\data",
    }));
  } catch (error) {
    const message = error instanceof TypeError
      // Temml's parser crashes, rather than reports, on some mistakes.
      ? tellCrash(tex)
      : (error instanceof Error ? error.message : String(error))
        .replace(/^Temml parse error:\s*/, "")
        // Temml underlines the culprit with combining low lines: drop them.
        .replace(/\u0332/g, "").replace(/\s+/g, " ").trim();
    throw new BuildError(
      `TeX error in ${display ? "display" : "inline"} math ${
        JSON.stringify(tex.trim().slice(0, 80))
      }: ${message}`,
      where.page?.src,
      where.line === undefined
        ? undefined
        : markdownLine(where.page, where.source, where.line),
    );
  }
}

/**
 * What to say when Temml's parser crashes instead of naming the mistake: it
 * does so on a `^` or `_` with nothing to raise or lower after it.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { tellCrash } from "./math.ts";
 * assertStringIncludes(tellCrash("x^^2"), "`^` at position 2");
 * assertStringIncludes(tellCrash("h_{t-1} + x_"), "`_` at position 12");
 * ```
 */
export function tellCrash(tex: string): string {
  const dangling = /[\^_](?=\s*(?:[\^_}&]|\\\\|$))/.exec(tex);
  if (dangling) {
    const [mark] = dangling;
    const [verb, literal] = mark === "^"
      ? ["raise", "\\^{}"]
      : ["lower", "\\_"];
    return `a \`${mark}\` at position ${
      dangling.index + 1
    } has nothing after it to ${verb} (write x${mark}{2}, or ${literal} for the character)`;
  }
  return "Temml could not read it (its parser stopped without saying where)";
}

/**
 * The inline declarations Temml repeats on table cells (and on some
 * operators), each with the class that replaces it. The classes' rules are
 * appended to Temml's stylesheet ({@link SLIM_MATHML_CSS}); nothing else in
 * the stylesheets sets these properties on MathML but the browser's defaults,
 * which any class overrides, so a class lays the cell out exactly as its
 * inline style did. `0em` and `0pt` are the same length. Declarations not
 * listed stay inline: the vertical paddings of `\\[4pt]` must keep beating
 * Temml's `mtable.tml-jot > mtr > mtd` rule, which a class would not.
 */
export const MATHML_STYLE_CLASSES: Readonly<Record<string, string>> = {
  "padding-left:0em": "pl0",
  "padding-left:0pt": "pl0",
  "padding-left:5.9776pt": "pl6",
  "padding-left:1em": "pl1",
  "padding-right:0em": "pr0",
  "padding-right:0pt": "pr0",
  "padding-right:5.9776pt": "pr6",
  "border-right:0.06em solid": "br",
  "border-bottom:0.06em solid": "bb",
  "math-depth:0": "md0",
};

/**
 * CSS appended to Temml's stylesheet: one rule per class of
 * {@link MATHML_STYLE_CLASSES}, and the two rules that stand for what
 * {@link slimMathml} takes out of every formula.
 */
export const SLIM_MATHML_CSS = [
  "",
  "/* The notes' MathML (scripts/site/plugins/math.ts): classes for the styles Temml",
  "   writes inline, and what the dropped <semantics> wrapper and inline",
  "   display style did. */",
  ...[
    ...new Map(
      Object.entries(MATHML_STYLE_CLASSES).map(([declaration, name]) => [
        name,
        declaration,
      ]),
    ),
  ].map(([name, declaration]) => `math .${name} { ${declaration}; }`),
  // The tables whose cells follow one of Temml's patterns (tablePaddings).
  "math mtable.c6 > mtr > mtd { padding-left: 5.9776pt; padding-right: 5.9776pt; }",
  "math mtable.c6 > mtr > mtd:first-child { padding-left: 0pt; }",
  "math mtable.c6 > mtr > mtd:last-child { padding-right: 0pt; }",
  "math mtable.c0 > mtr > mtd { padding-left: 0pt; padding-right: 0pt; }",
  // Temml writes `style="display:block math"` on every display formula,
  // after its own `display: block` for browsers that do not know it.
  "math.tml-display { display: block; display: block math; }",
  // Temml pads `math > mrow` for its line breaking, which the notes do not
  // use; with the TeX annotation, a <semantics> element stood between the
  // two, so the padding never applied.
  "math > mrow { padding: 0; }",
  "",
].join("\n");

/**
 * Slim Temml's MathML without changing its layout: the declarations of
 * {@link MATHML_STYLE_CLASSES} become classes, the inline
 * `display:block math` of display formulas is left to the stylesheet, and
 * lengths lose their floating-point noise (`1.0199999999999998ex` is
 * `1.02ex`), the `fence` and `separator` marks, which no layout reads,
 * are dropped, and what the operator dictionary says anyway is left to it
 * ({@link leanOperators}).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { slimMathml } from "./math.ts";
 * assertEquals(
 *   slimMathml(
 *     '<mtd class="tml-right" style="padding-left:0em;padding-right:5.9776pt;">',
 *   ),
 *   '<mtd class="tml-right pl0 pr6">',
 * );
 * assertEquals(
 *   slimMathml('<mo fence="true" form="prefix" stretchy="false">(</mo>'),
 *   '<mo stretchy="false">(</mo>',
 * );
 * ```
 */
export function slimMathml(mathml: string): string {
  return leanOperators(tablePaddings(slimStyles(mathml)));
}

/**
 * What Temml spells out on operators that the browser's operator
 * dictionary already says, left to the dictionary; a page's formulas
 * weighed a third less. Parentheses, brackets and braces have one form each
 * in the dictionary (`(` prefix, `)` postfix, both with no space on either
 * side and stretchy), so their `form`, zero `lspace`/`rspace` and
 * `stretchy="true"` say nothing (`stretchy="false"`, which keeps `(` at its
 * size beside a tall fraction, stays). A number's unary minus, set with no
 * space, goes into the number's `<mn>` (`−0.2093` is one token, read
 * "minus 0.2093"), and its digits are dropped when they are the default 4.
 * A prime has no space in the dictionary either, and a plus or minus never
 * stretches; first in its row, its form is prefix by itself.
 * `tests/site/browser_test.ts` checks in Chromium that formulas of each of
 * these kinds are laid out to the same size both ways (and every formula of
 * the site was, within 0.06 px, when this was written).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { leanOperators } from "./math.ts";
 * assertEquals(
 *   leanOperators(
 *     '<mo form="prefix" stretchy="false" lspace="0em" rspace="0em">(</mo>' +
 *       '<mo form="postfix" stretchy="true">]</mo>',
 *   ),
 *   '<mo stretchy="false">(</mo><mo>]</mo>',
 * );
 * assertEquals(
 *   leanOperators(
 *     '<mrow data-num="-0.20930307901632006" data-digits="4"><mo form="prefix" stretchy="false" lspace="0em" rspace="0em">−</mo><mn>0.2093</mn></mrow>',
 *   ),
 *   '<mn data-num="-0.20930307901632006">−0.2093</mn>',
 * );
 * assertEquals(
 *   leanOperators(
 *     '<msup><mn>10</mn><mrow><mo form="prefix" stretchy="false" lspace="0em" rspace="0em">−</mo><mn>4</mn></mrow></msup>',
 *   ),
 *   "<msup><mn>10</mn><mn>−4</mn></msup>",
 * );
 * assertEquals(
 *   leanOperators(
 *     '<mrow><mo form="prefix" stretchy="false">+</mo><msup><mi>∂</mi><mo form="prefix" stretchy="false">+</mo></msup>' +
 *       '<msup><mi>σ</mi><mo lspace="0em" rspace="0em" class="tml-prime">′</mo></msup></mrow>',
 *   ),
 *   '<mrow><mo>+</mo><msup><mi>∂</mi><mo form="prefix">+</mo></msup>' +
 *     '<msup><mi>σ</mi><mo class="tml-prime">′</mo></msup></mrow>',
 * );
 * ```
 */
export function leanOperators(mathml: string): string {
  return mathml
    .replace(
      /<mo form="(?:prefix|postfix)"( stretchy="false")?(?: stretchy="true")?(?: lspace="0em" rspace="0em")?>([()[\]{}])<\/mo>/g,
      "<mo$1>$2</mo>",
    )
    .replace(
      /<mrow( data-num="[^"]*")( data-digits="\d+")?><mo form="prefix" stretchy="false" lspace="0em" rspace="0em">−<\/mo><mn>([^<]*)<\/mn><\/mrow>/g,
      "<mn$1$2>−$3</mn>",
    )
    // The minus of a mantissa (`−3.055 × 10⁻⁴`) or of an exponent.
    .replace(
      /<mo form="prefix" stretchy="false" lspace="0em" rspace="0em">−<\/mo><mn>([^<]*)<\/mn>/g,
      "<mn>−$1</mn>",
    )
    .replace(/<mrow><mn>([^<]*)<\/mn><\/mrow>/g, "<mn>$1</mn>")
    .replace(/( data-num="[^"]*") data-digits="4"/g, "$1")
    // A prime (σ′) has no space on either side in the dictionary.
    .replace(
      /<mo lspace="0em" rspace="0em" class="tml-prime">/g,
      '<mo class="tml-prime">',
    )
    // A plus or minus never stretches, and first in its row it is a prefix
    // by itself (`&+` in an aligned block; `∂^+` keeps its form).
    .replace(
      /<mrow><mo form="prefix" stretchy="false">([+−])<\/mo>/g,
      "<mrow><mo>$1</mo>",
    )
    .replace(
      /<mo form="prefix" stretchy="false">([+−])<\/mo>/g,
      '<mo form="prefix">$1</mo>',
    );
}

/**
 * The paddings Temml writes on every cell, as one class on the table when
 * they follow one of its two patterns (every cell of every row): the
 * columns of an array or matrix (`c6`: none outside the first and last
 * column, 5.9776pt between columns) or of an alignment (`c0`: none). The
 * tables' rules ({@link SLIM_MATHML_CSS}) give each cell the same padding
 * its classes did. Only tables with no table inside are rewritten.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tablePaddings } from "./math.ts";
 * assertEquals(
 *   tablePaddings(
 *     '<mtable><mtr><mtd class="pl0 pr6"><mn>1</mn></mtd><mtd class="pl6 pr0"><mn>2</mn></mtd></mtr></mtable>',
 *   ),
 *   '<mtable class="c6"><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr></mtable>',
 * );
 * ```
 */
export function tablePaddings(mathml: string): string {
  return mathml.replace(
    /<mtable((?: [a-z-]+="[^"]*")*)>((?:(?!<mtable[ >])[\s\S])*?)<\/mtable>/g,
    (whole, attributes: string, body: string) => {
      const rows = body.split(/(?=<mtr>)/);
      // Rows only, and cells with no attribute but their classes.
      if (
        !rows.every((row) => row.startsWith("<mtr>")) ||
        /<mtd(?! class="[^"]*">)[ >]/.test(body.replace(/<mtd>/g, ""))
      ) return whole;
      const pattern = (["c6", "c0"] as const).find((name) =>
        rows.every((row) => {
          const cells = [...row.matchAll(/<mtd( class="[^"]*")?>/g)].map((
            m,
          ) => (m[1] ?? "").slice(8, -1).split(" "));
          return cells.length > 0 && cells.every((classes, i) => {
            const left = i === 0 || name === "c0" ? "pl0" : "pl6";
            const right = i === cells.length - 1 || name === "c0"
              ? "pr0"
              : "pr6";
            return classes.includes(left) && classes.includes(right) &&
              !classes.some((c) =>
                /^p[lr]\d$/.test(c) && c !== left && c !== right
              );
          });
        })
      );
      if (!pattern) return whole;
      const classAttribute = /^(.*?) class="([^"]*)"(.*)$/.exec(attributes);
      const tableAttributes = classAttribute
        ? `${classAttribute[1]} class="${classAttribute[2]} ${pattern}"${
          classAttribute[3]
        }`
        : `${attributes} class="${pattern}"`;
      return `<mtable${tableAttributes}>${
        body.replace(/<mtd class="([^"]*)">/g, (_, classes: string) => {
          const kept = classes.split(" ").filter((c) => !/^p[lr]\d$/.test(c));
          return kept.length ? `<mtd class="${kept.join(" ")}">` : "<mtd>";
        })
      }</mtable>`;
    },
  );
}

/** Temml's style object (not CSS) where an inline style should be. */
const TEMML_STYLE_OBJECT = /^level:\d+;/;

/**
 * Temml's inline styles as classes, its noise and unread marks left out.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { slimMathml } from "./math.ts";
 * // The empty cell Temml pads a short row with carries no style.
 * assertEquals(
 *   slimMathml(
 *     '<mtd style="level:0;color:undefined;font:;font-family:;font-size:1;"></mtd>',
 *   ),
 *   "<mtd></mtd>",
 * );
 * ```
 */
function slimStyles(mathml: string): string {
  return mathml
    // `fence` and `separator` tell what an operator is; MathML Core lays
    // out neither (no browser's rendering depends on them).
    .replace(/<mo((?: [a-z-]+="[^"]*")*?) (?:fence|separator)="true"/g, "<mo$1")
    .replace(
      /<(m[a-z]*)((?: [a-z-]+="[^"]*")*?)( class="[^"]*")? style="([^"]*)">/g,
      (
        _,
        tag: string,
        attributes: string,
        classAttribute: string | undefined,
        style: string,
      ) => {
        const classes = classAttribute
          ? classAttribute.slice(' class="'.length, -1).split(" ")
          : [];
        const kept: string[] = [];
        // Temml fills a short row of an aligned environment with empty
        // cells that carry its own style object, written out as if it were
        // CSS ("level:0;color:undefined;…"): no browser reads it.
        if (TEMML_STYLE_OBJECT.test(style)) style = "";
        for (const declaration of style.split(";")) {
          if (!declaration) continue;
          const name = MATHML_STYLE_CLASSES[declaration];
          if (name) {
            if (!classes.includes(name)) classes.push(name);
          } else if (
            !(tag === "math" && declaration === "display:block math")
          ) {
            kept.push(
              declaration.replace(
                /\d+\.\d{5,}(?=[a-z%]*$)/,
                (length: string) => String(Number(Number(length).toFixed(4))),
              ),
            );
          }
        }
        return `<${tag}${attributes}${
          classes.length ? ` class="${classes.join(" ")}"` : ""
        }${kept.length ? ` style="${kept.join(";")};"` : ""}>`;
      },
    );
}

/**
 * Temml's names for what the filters write: `\htmlData{num=…}` (KaTeX's
 * name, kept in the pages' TeX) is Temml's `\data{num=…}`.
 */
function toTemml(tex: string): string {
  return tex.replace(/\\htmlData\{/g, "\\data{");
}

/**
 * The markdown-it plugin: rules for `$`, `$$`, `\eqref`, and numbering.
 * `typeset` keeps formulas already typeset (by TeX), to reuse.
 */
export function mathPlugin(
  md: MarkdownIt,
  macros: Record<string, string>,
  typeset?: {
    get(tex: string): string | undefined;
    set(tex: string, html: string): unknown;
  },
  equations: (page?: Page) => EquationIndex | undefined = () => undefined,
): void {
  const render = (
    tex: string,
    display: boolean,
    where: { page?: Page; line?: number; source?: string },
  ) => {
    const key = `${display ? "D" : "I"}${tex}`;
    let html = typeset?.get(key);
    if (html === undefined) {
      html = renderMath(tex, display, macros, where);
      typeset?.set(key, html);
    }
    return html;
  };
  md.block.ruler.before("fence", "math_block", mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
  md.inline.ruler.before("escape", "eqref", eqref);
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.core.ruler.after(
    "inline",
    "math_labels",
    (state: StateCore) =>
      numberEquations(state, equations(state.env?.page as Page | undefined)),
  );
  // After the typographer: the quotes it curls (`"$x$"`) are punctuation too.
  md.core.ruler.after("smartquotes", "math_punctuation", keepPunctuation);

  // Pure functions of a formula, which many pages repeat: each once.
  const splits = new Map<string, string>();
  const breakAt = (html: string, display: boolean) => {
    let split = splits.get(html);
    if (split === undefined) {
      split = display ? breakAtRelations(html) : breakInline(html);
      splits.set(html, split);
    }
    return split;
  };
  const mayBeWideMemo = new Map<string, boolean>();
  const rules = md.renderer.rules;
  const display = (token: Token, env: MathEnv) => {
    const meta: MathMeta = token.meta ?? { line: 0 };
    const tex = withEqrefs(token.content, env).replace(
      /\\label\{[^}]*\}/g,
      "",
    );
    const id = meta.label ? ` id="eq-${escapeHtml(meta.label)}"` : "";
    const html = render(tex, true, {
      page: env?.page,
      line: meta.line,
      source: env?.source,
    });
    // The number is text beside the formula (not a \tag inside it), laid out
    // by the stylesheet: centred formula, number at the right margin.
    const number = meta.number === undefined
      ? ""
      : `<span class="eq-number">(${meta.number})</span>`;
    // A formula wider than a phone scrolls inside its box, which the
    // keyboard can reach (the stylesheet shades the edge that hides more).
    // A short one fits any screen: it is no tab stop on the way through
    // the page.
    const box = (html: string, layout = "", id = "") =>
      `<div class="math-display${layout}"${
        mayScroll(html) ? ' tabindex="0"' : ""
      }${id}>${html}${number}</div>`;
    // Equations set side by side get a second layout, one a row, which the
    // stylesheet shows on phones (the convention of the figures).
    const stacked = stackedAligned(tex);
    // A long chain of relations, or equations side by side, may break into
    // lines where the box is narrow (math_split.ts).
    if (stacked === undefined) return box(breakAt(html, true), "", id);
    const narrow = render(stacked, true, {
      page: env?.page,
      line: meta.line,
      source: env?.source,
    });
    // Three equations a row need a wide column, two a tablet's.
    const pairs = Math.max(
      ...tex.split(/\\\\/).map((row) => row.split("&").length / 2),
    );
    const wide = pairs > 2 ? " math-layouts-wide" : "";
    return `<div class="math-layouts${wide}"${id}>` +
      box(html, " math-wide") + box(narrow, " math-narrow") + `</div>`;
  };
  rules.math_block = (
    tokens: Token[],
    idx: number,
    _o: unknown,
    env: MathEnv,
  ) => display(tokens[idx], env) + "\n";
  rules.math_inline_display = (
    tokens: Token[],
    idx: number,
    _o: unknown,
    env: MathEnv,
  ) => display(tokens[idx], env);
  rules.math_inline = (
    tokens: Token[],
    idx: number,
    _o: unknown,
    env: MathEnv,
  ) => {
    const token = tokens[idx];
    const html = render(withEqrefs(token.content, env), false, {
      page: env?.page,
      line: token.meta?.line,
      source: env?.source,
    });
    let wide = mayBeWideMemo.get(token.content);
    if (wide === undefined) {
      mayBeWideMemo.set(token.content, wide = mayBeWide(token.content));
    }
    // A long formula (by its source) breaks across lines where TeX would
    // break it (math_split.ts); one with nothing to break, or with a matrix
    // (one piece too wide for any line), scrolls inside its own box, which
    // the keyboard can reach.
    const broken = wide && !/\\begin\{/.test(token.content)
      ? breakAt(html, false)
      : html;
    const before = escapeHtml(token.meta?.before ?? "");
    const after = escapeHtml(token.meta?.after ?? "");
    // A plain-text twin for the search (search_text.ts) goes first in the
    // box, before the formula: the index leaves out the formula that is the
    // second element of its box (pagefind.ts), and reads the one that is
    // first, a lone symbol that keeps its punctuation ("W:"). The order of
    // the words stays the page's: the punctuation before, the twin, the
    // punctuation after.
    const twin = token.meta?.twin ?? "";
    if (broken === html) {
      // A short formula with nothing beside it needs no box: the page
      // carries a hundred of them ($W$, $t$).
      if (!wide && !before && !twin && !after) return html;
      const box = `<span class="math-inline"${wide ? ' tabindex="0"' : ""}>`;
      return `${box}${before}${twin}${html}${after}</span>`;
    }
    // The punctuation goes into the first and last pieces: a line may break
    // between pieces, and would end with "(" or start with ",".
    let pieces = broken;
    if (before) {
      pieces = pieces.replace(
        /^(<math[^>]*><mrow>)/,
        `$1<mtext class="punctuation">${before}</mtext>`,
      );
    }
    if (after) {
      pieces = pieces.replace(
        /<\/mrow><\/math>$/,
        `<mtext class="punctuation">${after}</mtext>$&`,
      );
    }
    return `<span class="math-inline math-wraps">${twin}${pieces}</span>`;
  };
  rules.eqref = (tokens: Token[], idx: number, _o: unknown, env: MathEnv) => {
    const name = tokens[idx].content;
    const target = resolveEqref(
      name,
      env?.labels ?? new Map(),
      env?.equations,
      env?.page ? pageKey(env.page) : undefined,
    );
    if (!target) {
      throw new BuildError(
        `\\eqref{${name}}: no such equation here`,
        env?.page?.src,
      );
    }
    const { href, text } = target;
    return `<a class="eqref" href="${escapeHtml(href)}">(${
      escapeHtml(text)
    })</a>`;
  };
}

/**
 * Whether inline TeX may be too wide for a phone's line: a matrix or array,
 * more than 40 characters of source once numbers' marks are left out, or a
 * formula in which the author wrote `\allowbreak` (one that is short in
 * source but wide on a 320 px screen: it breaks at its operators too).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mayBeWide } from "./math.ts";
 * assert(!mayBeWide("2nc + 2n + (2n^2 + 2n)(L - 1) + 2nd"));
 * assert(mayBeWide("2nc + 2n + (2n^2 + 2n)(L - 1) +\\allowbreak 2nd"));
 * ```
 */
export function mayBeWide(tex: string): boolean {
  if (/\\begin\{|\\allowbreak\b/.test(tex)) return true;
  const visible = tex
    .replace(/<span data-(?:num|exact)\b[^>]*>(.*?)<\/span>/g, "$1")
    .replace(/\\htmlData\{[^}]*\}/g, "")
    .replace(/\\(left|right|bigl|bigr|Bigl|Bigr|,|;|quad|qquad)/g, "")
    .replace(/\s+/g, "");
  return visible.length > 40;
}

/**
 * Whether a display formula, rendered, may be wider than its box on the
 * narrowest phone: one of fewer than {@link FITS_ANY_SCREEN} characters
 * cannot. (At 320 px in Chromium, with a reader's own text spacing, no
 * formula of the notes with fewer than 30 characters overflowed; 58 of
 * their 370 have fewer than 24. The every-page browser test checks that
 * each formula that overflows is a tab stop.)
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mayScroll } from "./math.ts";
 * assert(!mayScroll("<math><mi>h</mi><mo>=</mo><mi>W</mi><mi>x</mi></math>"));
 * assert(!mayScroll("<math><mi>a</mi><mo>&lt;</mo><mi>b</mi></math>"));
 * assert(mayScroll(`<math><mi>x</mi>${"<mo>+</mo><mi>x</mi>".repeat(14)}</math>`));
 * ```
 */
export function mayScroll(html: string): boolean {
  const text = html.replace(/<[^>]*>/g, "").replace(/&[#\w]+;/g, "&");
  return [...text].length >= FITS_ANY_SCREEN;
}

/** Characters of a display formula that always fit: see {@link mayScroll}. */
const FITS_ANY_SCREEN = 24;

/**
 * `\eqref{name}` inside math: the number "(n)". (Not a link: MathML Core has
 * no links inside a formula.)
 */
function withEqrefs(tex: string, env: MathEnv): string {
  return tex.replace(/\\eqref\{([^}]*)\}/g, (_, name: string) => {
    const target = resolveEqref(
      name,
      env?.labels ?? new Map(),
      env?.equations,
      env?.page ? pageKey(env.page) : undefined,
    );
    return `\\text{(${target?.text})}`;
  });
}

function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
) {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (state.src.slice(start, start + 2) !== "$$") return false;
  const first = state.src.slice(start + 2, max);
  const lines: string[] = [];
  let last = startLine;
  let closed = false;
  if (first.trimEnd().endsWith("$$") && first.trim() !== "") {
    lines.push(first.trimEnd().slice(0, -2));
    closed = true;
  } else {
    lines.push(first);
    for (last = startLine + 1; last < endLine; last++) {
      const begin = state.bMarks[last] + state.tShift[last];
      const end = state.eMarks[last];
      if (begin < end && state.sCount[last] < state.blkIndent) break;
      const line = state.src.slice(begin, end);
      if (line.trimEnd().endsWith("$$")) {
        lines.push(line.trimEnd().slice(0, -2));
        closed = true;
        break;
      }
      lines.push(line);
    }
  }
  if (!closed) {
    throw new BuildError(
      "display math opened with $$ is never closed",
      state.env?.page?.src,
      markdownLine(state.env?.page, state.src, startLine),
    );
  }
  if (silent) return true;
  state.line = last + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = lines.join("\n");
  token.markup = "$$";
  token.map = [startLine, state.line];
  return true;
}

function mathInline(state: StateInline, silent: boolean) {
  const src: string = state.src;
  const pos: number = state.pos;
  if (src.charCodeAt(pos) !== 0x24) return false;
  const display = src.charCodeAt(pos + 1) === 0x24;
  const open = display ? 2 : 1;
  const start = pos + open;
  if (!display && /\s/.test(src[start] ?? " ")) return false;
  let end = start;
  for (;;) {
    end = src.indexOf(display ? "$$" : "$", end);
    if (end === -1) return false;
    if (src[end - 1] === "\\") {
      end += 1;
      continue;
    }
    // A closing `$` comes before no digit, as Pandoc reads `$…$`: "$5 and
    // $10" stays prose. (One that follows a space closes: the notes write
    // `$C_0 = $ {{ … }}`, the number outside the formula.)
    if (!display && /\d/.test(src[end + 1] ?? "")) {
      end += 1;
      continue;
    }
    break;
  }
  if (end === start) return false;
  if (!silent) {
    const token = state.push(
      display ? "math_inline_display" : "math_inline",
      "math",
      0,
    );
    token.content = src.slice(start, end);
    token.markup = display ? "$$" : "$";
  }
  state.pos = end + open;
  return true;
}

function eqref(state: StateInline, silent: boolean) {
  const match = /^\\eqref\{([^}\s]+)\}/.exec(
    state.src.slice(state.pos, state.pos + 200),
  );
  if (!match) return false;
  if (!silent) {
    const token = state.push("eqref", "a", 0);
    token.content = match[1];
  }
  state.pos += match[0].length;
  return true;
}

/**
 * Number the labelled display equations in order and check every reference,
 * before anything is rendered (so a reference may come before its equation).
 */
function numberEquations(state: StateCore, index?: EquationIndex) {
  // A fragment rendered inline within a page (a heading, a summary) uses the
  // page's numbers: it must not replace them with its own.
  if (state.inlineMode && state.env?.labels) return;
  const page: Page | undefined = state.env?.page;
  const labels = new Map<string, number>();
  const key = page?.engine === "md" ? pageKey(page) : undefined;
  // A later page of an exercise numbers on from the pages before it.
  const entry = key === undefined ? undefined : index?.[key];
  const own = Object.entries(entry?.labels ?? {}).filter(([label]) =>
    (entry?.pages?.[label] ?? entry?.url) === page?.url
  );
  const offset = own.length ? Math.min(...own.map(([, n]) => n)) - 1 : 0;
  const references: { name: string; line: number }[] = [];
  const fail = (message: string, line: number) => {
    throw new BuildError(
      message,
      page?.src,
      markdownLine(page, state.src, line),
    );
  };
  const visit = (token: Token, line: number) => {
    const isMath = token.type.startsWith("math_");
    if (token.type === "eqref") references.push({ name: token.content, line });
    if (!isMath) return;
    const meta: MathMeta = { line };
    token.meta = meta;
    for (const match of token.content.matchAll(/\\eqref\{([^}]*)\}/g)) {
      references.push({ name: match[1], line });
    }
    const found = [...token.content.matchAll(/\\label\{([^}]*)\}/g)].map((m) =>
      m[1]
    );
    if (found.length === 0) return;
    if (token.type === "math_inline") {
      fail(
        `\\label{${
          found[0]
        }} in inline math: labels number display equations ($$…$$) only`,
        line,
      );
    }
    if (found.length > 1) {
      fail(
        `one \\label per display equation, found ${
          found.map((l) => `\\label{${l}}`).join(", ")
        }`,
        line,
      );
    }
    const name = found[0];
    if (!/^[A-Za-z0-9:_.-]+$/.test(name)) {
      fail(`\\label{${name}}: use letters, digits and - _ : . only`, line);
    }
    if (labels.has(name)) {
      fail(`\\label{${name}} is used twice on this page`, line);
    }
    labels.set(name, offset + labels.size + 1);
    meta.label = name;
    meta.number = offset + labels.size;
  };
  for (const token of state.tokens) {
    const line = token.map ? token.map[0] : 0;
    visit(token, line);
    if (token.type === "inline") {
      for (const child of token.children ?? []) visit(child, line);
    }
  }
  for (const { name, line } of references) {
    if (resolveEqref(name, labels, index, key)) continue;
    const colon = name.indexOf(":");
    if (colon >= 0 && index?.[name.slice(0, colon)]) {
      const key = name.slice(0, colon);
      fail(
        `\\eqref{${name}}: ${index[key].src} has no \\label{${
          name.slice(colon + 1)
        }} (its labels: ${Object.keys(index[key].labels).join(", ")})`,
        line,
      );
    }
    if (colon >= 0 && index) {
      fail(
        `\\eqref{${name}}: no page "${
          name.slice(0, colon)
        }" has numbered equations (pages with some: ${
          Object.keys(index).join(", ")
        })`,
        line,
      );
    }
    const known = [...labels.keys()];
    fail(
      `\\eqref{${name}}: no equation on this page has \\label{${name}}${
        known.length ? ` (labels here: ${known.join(", ")})` : ""
      }`,
      line,
    );
  }
  // The numbering read from the source before rendering must be this one:
  // other pages cite it.
  const expected = { labels: Object.fromEntries(own) };
  if (
    page?.engine === "md" && index && labels.size > 0 &&
    JSON.stringify(expected.labels) !==
      JSON.stringify(Object.fromEntries(labels))
  ) {
    fail(
      `the equations are numbered ${
        [...labels.keys()].join(", ")
      }, but the source's \\label{…}s read ${
        Object.keys(expected.labels).join(", ") || "none"
      } (is a \\label outside display math, or made by a template?)`,
      0,
    );
  }
  state.env.labels = labels;
  state.env.equations = index;
}

/**
 * Keep the punctuation around inline math on the formula's line: the
 * `,` `.` `;` `:` `)` `?` `!` (and the Chinese `，` `。` `；` `：` `）` `？` `！`
 * `、`) right after a formula move into its box (an
 * inline flex box, which does not break), so that a line never starts with
 * ", from" (Chromium breaks a line after an inline box, before any
 * punctuation); and so does an opening bracket or quotation mark right
 * before it, so that no line ends with "(".
 */
function keepPunctuation(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const children = block.children;
    for (let i = 0; i < children.length; i++) {
      const math = children[i];
      const before = children[i - 1];
      if (math.type === "math_inline" && before?.type === "text") {
        const opening = /[(\[“‘（「『《]+$/.exec(before.content)?.[0];
        if (opening) {
          math.meta = { ...math.meta, before: opening };
          before.content = before.content.slice(0, -opening.length);
        }
      }
      if (math.type !== "math_inline") continue;
      // A formula that ends a link or an emphasis keeps the punctuation
      // after it too; in its box, which no underline reaches.
      let j = i + 1;
      while (/^(link|em|strong|s)_close$/.test(children[j]?.type ?? "")) j++;
      const next = children[j];
      if (next?.type !== "text") continue;
      // Chinese punctuation too: "$W$，" keeps its comma.
      const punctuation = /^[,.;:)?!’”，。；：）？！、」』》]+/.exec(
        next.content,
      )
        ?.[0];
      if (!punctuation) continue;
      math.meta = { ...math.meta, after: punctuation };
      next.content = next.content.slice(punctuation.length);
    }
  }
}

/**
 * An `aligned` block with two or more equations a row (`a &= b, & c &= d`)
 * rewritten with one equation a row, for narrow screens; `undefined` for
 * any other TeX.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { stackedAligned } from "./math.ts";
 * assertEquals(
 *   stackedAligned("\\begin{aligned} a &= 1, & b &= 2 \\\\ c &= 3 \\end{aligned}"),
 *   "\\begin{aligned}a &= 1,\\\\b &= 2\\\\c &= 3\\end{aligned}",
 * );
 * assertEquals(stackedAligned("\\begin{aligned} a &= 1 \\end{aligned}"), undefined);
 * ```
 */
export function stackedAligned(tex: string): string | undefined {
  const match = /^\s*\\begin\{aligned\}([\s\S]*)\\end\{aligned\}\s*$/.exec(tex);
  // A nested environment (a matrix) has its own `&` and `\\`: left as it is.
  if (!match || match[1].includes("\\begin{")) return undefined;
  const rows = match[1].split(/\\\\/).map((row) => row.split("&"));
  // Cells come in pairs (left of the sign, from it on): more than one pair
  // in a row means equations side by side.
  if (!rows.some((cells) => cells.length > 2)) return undefined;
  const equations = rows.flatMap((cells) => {
    const pairs: string[] = [];
    for (let i = 0; i < cells.length; i += 2) {
      pairs.push(`${cells[i].trim()} &${(cells[i + 1] ?? "").trimEnd()}`);
    }
    return pairs;
  });
  return `\\begin{aligned}${equations.join("\\\\")}\\end{aligned}`;
}

export default math;
