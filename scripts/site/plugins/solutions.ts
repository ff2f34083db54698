/**
 * Try first: the "Solution" section of an exercise page is folded into a
 * native `<details>` (closed; readable without JavaScript, opened by the
 * browser's find-in-page and by a link to a heading inside it, and printed
 * open), and so is the section after it that says what the source solutions
 * get wrong (it gives parts of the answer away; its heading stays in view).
 * Above the solution the page may ask for the key numbers of the answer:
 * a field per number where the student types a value and the page says
 * whether it matches the computed one, within a stated tolerance, and by how
 * much it is off.
 *
 * The numbers to ask for are listed in the page's front matter, by where
 * they are in the exercise's results (`r`), so the page text needs no edit:
 *
 * ```yaml
 * checks:
 *   - label: "entry $(1, 1)$ of $W^{30}$"
 *     value: W30[0][0]
 *   - label: the number of parameters $P$
 *     value: example.parameters
 *     tolerance: 0
 * ```
 *
 * A label may take numbers from the results with the page's filters
 * (`"$P$ for $d = {{ r.example.d |> tex }}$"`).
 * `tolerance` is the largest relative error ε = |typed − expected| /
 * |expected| that counts as a match (absolute when the expected value is
 * 0); it defaults to 10⁻³, enough for an answer rounded to four significant
 * digits; 0 asks for the exact value (counts). The expected values go into
 * the page in full precision as data attributes; `/assets/self-check.js`
 * (loaded only where there is a check) compares, with no network. Without
 * JavaScript the fields stay disabled and a note says so.
 *
 * The words are the page's language's (`lang`, `en` by default): on a page
 * with `lang: zh` the section folded is `## 解答` and the form speaks
 * Chinese ({@link SOLUTION_WORDS}, one table a language; the script picks
 * its messages by `<html lang>`).
 *
 * @module
 */
import { BuildError, lineOf, type Page, type Site } from "../core/site.ts";
import { frontMatterLine } from "../core/page.ts";
import { escapeHtml } from "./_format.ts";
import { pageLang } from "./_figure_words.ts";
import type { StateCore, Token } from "./_markdown_it.ts";

/** The words of the folded solution and the self-check, in one language. */
export interface SolutionWords {
  /** The text of the `##` heading whose section is folded. */
  heading: string;
  /** What the closed solution says to open it. */
  summary: string;
  /**
   * The `##` section that says what the source solutions get wrong, and what
   * it says closed: it gives parts of the answer away, so it is folded as
   * the solution is.
   */
  critique: { heading: string; summary: string };
  /** The self-check's introduction (HTML). */
  intro: string;
  /** The button of a check. */
  button: string;
  /** What the page says where the script does not run. */
  noScript: string;
  /** The tolerance of an exact check. */
  exact: string;
  /** The tolerance of a check within `percent` (`"0.1%"`). */
  within(percent: string): string;
}

/** The words, by language code; a language left out gets the English. */
export const SOLUTION_WORDS: Readonly<Record<string, SolutionWords>> = {
  en: {
    heading: "Solution",
    summary: "Show the solution",
    critique: {
      heading: "What the source solutions get wrong",
      summary: "Show what they get wrong",
    },
    intro:
      "<strong>Check your answer first.</strong> Type your value and press Check: the page says whether it matches the computed value, and by how much it is off. It matches when the relative error |yours − computed| / |computed| is within the tolerance beside the field (four significant digits are enough for 0.1%).",
    button: "Check",
    noScript:
      "Checking runs in your browser and needs JavaScript; the computed values are in the solution below.",
    exact: "exact value",
    within: (percent) => `within ${percent}`,
  },
  zh: {
    heading: "解答",
    summary: "显示解答",
    critique: {
      heading: "原始解答的错误",
      summary: "显示原始解答的错误",
    },
    intro:
      "<strong>先核对自己的答案。</strong>输入你算得的值并点击“核对”：页面会告诉你它与计算值是否相符，以及相差多少。相对误差 |你的值 − 计算值| / |计算值| 不超过输入框旁所示的容差即为相符（保留四位有效数字即可满足 0.1%）。",
    button: "核对",
    noScript: "核对在浏览器中进行，需要 JavaScript；计算值见下方解答。",
    exact: "须为精确值",
    within: (percent) => `容差 ${percent}`,
  },
};

/** The words of a page in `lang`, `options` overriding the English. */
function wordsOf(
  lang: string,
  options: SolutionsOptions,
): SolutionWords {
  const words = SOLUTION_WORDS[lang] ?? SOLUTION_WORDS.en;
  if (words !== SOLUTION_WORDS.en) return words;
  return {
    ...words,
    ...(options.heading === undefined ? {} : { heading: options.heading }),
    ...(options.summary === undefined ? {} : { summary: options.summary }),
  };
}

/** Options of the solutions plugin. */
export interface SolutionsOptions {
  /** The text of the English `##` heading whose section is folded. */
  heading?: string;
  /** What the closed English solution says to open it. */
  summary?: string;
  /** Relative tolerance of a check that states none. */
  tolerance?: number;
  /** The self-check script's URL. */
  script?: string;
}

/** One number a page asks the student for (front matter `checks`). */
export interface Check {
  /** What to type, as inline Markdown (math allowed). */
  label: string;
  /** Where the number is in the page's results: `W30[0][1]`, `loss`. */
  value: string;
  /** Largest relative error that matches (absolute when expected is 0). */
  tolerance?: number;
}

const DEFAULTS = {
  tolerance: 1e-3,
  script: "/assets/self-check.js",
};

/** Fold the solution section of every page and add its self-checks. */
export function solutions(options: SolutionsOptions = {}) {
  const settings = { ...DEFAULTS, ...options };
  return (site: Site) => {
    site.markdownItPlugins.push((md) =>
      md.core.ruler.push("solutions", foldSolutions(options))
    );
    // Resolve each page's checks once its results are there: the value at
    // its path, and its label's `{{ … }}` tags (numbers from the results).
    // The checking script is loaded only on the pages that have a check.
    site.preprocess(async (pages) => {
      for (const page of pages) {
        if (page.data.checks === undefined) continue;
        const checks = parseChecks(page.data.checks, page);
        const data = { ...site.globalData, ...page.data, page };
        const resolved: ResolvedCheck[] = [];
        for (const check of checks) {
          const expected = valueAt(page.data.r, check.value);
          if (expected === undefined) {
            throw new BuildError(
              `front matter "checks": "${check.value}" is not a number of the results of ${
                page.data.exercise ?? "this page"
              } (\`deno task results\` lists them)`,
              page.src,
              await lineOfValue(page.src, check.value),
            );
          }
          const label = check.label.includes("{{")
            ? await site.engines.template!.render(check.label, data, page)
            : check.label;
          resolved.push({
            label,
            expected,
            tolerance: check.tolerance ?? settings.tolerance,
          });
        }
        page.data.selfChecks = resolved;
        const scripts = (page.data.scripts ?? []) as string[];
        if (!scripts.includes(settings.script)) {
          page.data.scripts = [...scripts, settings.script];
        }
      }
    });
  };
}

/** The markdown-it core rule that folds the section and adds the checks. */
function foldSolutions(options: SolutionsOptions) {
  return (state: StateCore) => {
    if (state.inlineMode) return; // a label, rendered by this very rule
    const tokens: Token[] = state.tokens;
    const page: Page | undefined = state.env?.page;
    const settings = wordsOf(pageLang(page), options);
    const start = tokens.findIndex((token, i) =>
      token.type === "heading_open" && token.tag === "h2" &&
      tokens[i + 1]?.content.trim() === settings.heading
    );
    if (start < 0) {
      if (page?.data.selfChecks) {
        throw new BuildError(
          `front matter "checks" needs a "## ${settings.heading}" section to put them in`,
          page.src,
          checksLine(page.src),
        );
      }
      return;
    }
    const html = (content: string) => {
      const token = new state.Token("html_block", "", 0);
      token.content = content;
      return token;
    };
    // The section from the heading `at` to the next of level 1 or 2 (or the
    // end), its content wrapped in a closed <details> after `before`.
    const fold = (
      at: number,
      className: string,
      summary: string,
      before = "",
    ) => {
      const headingEnd = at + 2; // heading_open, inline, heading_close
      let end = tokens.findIndex((token, i) =>
        i > headingEnd && token.type === "heading_open" && token.level === 0 &&
        Number(token.tag.slice(1)) <= 2
      );
      if (end < 0) end = tokens.length;
      // Its headings are named in the table of contents only once it is
      // open (their names give the answer away): the markdown plugin marks
      // their entries, the stylesheet hides them meanwhile.
      for (const token of tokens.slice(headingEnd + 1, end)) {
        if (token.type === "heading_open") {
          token.meta = { ...token.meta, folded: className };
        }
      }
      tokens.splice(end, 0, html("</details>\n"));
      tokens.splice(
        headingEnd + 1,
        0,
        html(
          `${before}<details class="${className}">\n<summary>${
            escapeHtml(summary)
          }</summary>\n`,
        ),
      );
    };
    // The critique first: folding the solution moves the tokens after it.
    const critique = tokens.findIndex((token, i) =>
      i > start && token.type === "heading_open" && token.tag === "h2" &&
      tokens[i + 1]?.content.trim() === settings.critique.heading
    );
    if (critique >= 0) {
      fold(critique, "critique", settings.critique.summary);
    }
    const checks = page?.data.selfChecks as ResolvedCheck[] | undefined;
    fold(
      start,
      "solution",
      settings.summary,
      checks?.length
        ? selfCheckHtml(
          checks,
          (label) => state.md.renderInline(label, state.env),
          settings,
        )
        : "",
    );
  };
}

/** The line of a check's `value: path` in its page, for the message. */
async function lineOfValue(
  file: string,
  path: string,
): Promise<number | undefined> {
  const text = await Deno.readTextFile(file).catch(() => "");
  const at = text.search(
    new RegExp(`value:\\s*["']?${path.replace(/[.[\]]/g, "\\$&")}`),
  );
  return at < 0 ? undefined : lineOf(text, at);
}

/**
 * The line of front matter `checks:` in `file`, or of its item `item`
 * (0-based), or of that item's `key:`; the line of `checks:` when the item
 * or key is not found. Read only for a message.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { checksLine } from "./solutions.ts";
 * const file = await Deno.makeTempFile();
 * await Deno.writeTextFile(file, "---\ntitle: T\nchecks:\n  - label: A\n    value: x\n  - label: B\n    value: y\n    tolerance: -1\n---\n");
 * assertEquals(checksLine(file), 3);
 * assertEquals(checksLine(file, 1), 6);
 * assertEquals(checksLine(file, 1, "tolerance"), 8);
 * assertEquals(checksLine(file, 5), 3);
 * await Deno.remove(file);
 * ```
 */
export function checksLine(
  file: string,
  item?: number,
  key?: string,
): number | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(file);
  } catch {
    return undefined;
  }
  const start = frontMatterLine(text, "checks");
  if (start === undefined || item === undefined) return start;
  const lines = text.split("\n");
  let seen = -1;
  // `start` is 1-based: lines[start] is the line after `checks:`.
  for (let i = start; i < lines.length && !/^(---|\S)/.test(lines[i]); i++) {
    if (/^\s*-(\s|$)/.test(lines[i])) seen++;
    if (seen > item) break;
    if (
      seen === item &&
      (key === undefined ||
        new RegExp(`^\\s*(?:-\\s+)?${key}\\s*:`).test(lines[i]))
    ) return i + 1;
  }
  return start;
}

/** Read front matter `checks`, or say what is wrong with it, and where. */
function parseChecks(value: unknown, page: Page): Check[] {
  const fail = (what: string, item?: number, key?: string): never => {
    throw new BuildError(
      `front matter "checks": ${what}`,
      page.src,
      checksLine(page.src, item, key),
    );
  };
  if (!Array.isArray(value)) fail("expected a list of { label, value }");
  return (value as unknown[]).map((item, i) => {
    const check = item as Partial<Check>;
    if (
      !check || typeof check !== "object" || typeof check.label !== "string" ||
      typeof check.value !== "string"
    ) {
      return fail(`item ${i + 1} needs a "label" and a "value" (a path)`, i);
    }
    if (
      check.tolerance !== undefined &&
      !(typeof check.tolerance === "number" && check.tolerance >= 0)
    ) {
      fail(`item ${i + 1}: "tolerance" must be a number ≥ 0`, i, "tolerance");
    }
    return check as Check;
  });
}

/**
 * The value at `path` in `results` (`a.b[0][1]`), as a number: exact values
 * given as `"p/q"` strings count as their quotient. `undefined` when the
 * path leads nowhere or not to a number.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { valueAt } from "./solutions.ts";
 * const r = { W30: [[0.5, 1]], exact: ["9/10"] };
 * assertEquals(valueAt(r, "W30[0][1]"), 1);
 * assertEquals(valueAt(r, "exact[0]"), 0.9);
 * assertEquals(valueAt(r, "W30[3]"), undefined);
 * ```
 */
export function valueAt(results: unknown, path: string): number | undefined {
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let value: unknown = results;
  for (const key of keys) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const fraction = typeof value === "string" &&
    /^\s*(-?\d+)\s*(?:\/\s*(\d+))?\s*$/.exec(value);
  if (fraction) return Number(fraction[1]) / Number(fraction[2] ?? 1);
  return undefined;
}

/** A check ready for the page: its label (Markdown), value and tolerance. */
export interface ResolvedCheck {
  /** What to type, as inline Markdown. */
  label: string;
  /** The computed value, in full precision. */
  expected: number;
  /** Largest relative error that matches (absolute when expected is 0). */
  tolerance: number;
}

/**
 * The self-check block: one small form per number, disabled until the
 * script enables it. `renderLabel` turns a label's Markdown into HTML.
 *
 * @example
 * ```ts
 * import { assertMatch } from "@std/assert";
 * import { selfCheckHtml } from "./solutions.ts";
 * const html = selfCheckHtml(
 *   [{ label: "the loss", expected: 0.25, tolerance: 1e-3 }],
 *   (label) => label,
 * );
 * assertMatch(html, /data-expected="0.25" data-tolerance="0.001"/);
 * assertMatch(html, /<input id="check-1"[^>]* disabled/);
 * ```
 */
export function selfCheckHtml(
  checks: ResolvedCheck[],
  renderLabel: (label: string) => string,
  words: SolutionWords = SOLUTION_WORDS.en,
): string {
  const rows = checks.map((check, i) => {
    const id = `check-${i + 1}`;
    return `<form class="check" data-expected="${check.expected}" data-tolerance="${check.tolerance}">` +
      `<label for="${id}">${renderLabel(check.label)}</label> ` +
      // The phone's full keyboard: a decimal pad (inputmode="decimal") has
      // no minus sign on iOS, and answers are negative, fractions (9/10)
      // or powers of ten (1.5e-3) too.
      `<input id="${id}" type="text" autocomplete="off" spellcheck="false" disabled aria-describedby="${id}-tolerance ${id}-result"> ` +
      `<button type="submit" disabled>${words.button}</button> ` +
      `<span class="check-tolerance" id="${id}-tolerance">${
        toleranceText(check.tolerance, words)
      }</span> ` +
      `<output id="${id}-result" for="${id}" aria-live="polite"></output>` +
      `</form>\n`;
  });
  return `<section class="self-check" aria-labelledby="self-check-title" data-pagefind-ignore>\n` +
    `<p id="self-check-title" class="self-check-title">${words.intro}</p>\n` +
    rows.join("") +
    `<p class="self-check-nojs">${words.noScript}</p>\n` +
    `</section>\n`;
}

/**
 * A tolerance in words: a relative error as a percentage, 0 as "exact".
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { toleranceText } from "./solutions.ts";
 * assertEquals(toleranceText(1e-3), "within 0.1%");
 * assertEquals(toleranceText(0), "exact value");
 * import { SOLUTION_WORDS } from "./solutions.ts";
 * assertEquals(toleranceText(1e-3, SOLUTION_WORDS.zh), "容差 0.1%");
 * ```
 */
export function toleranceText(
  tolerance: number,
  words: SolutionWords = SOLUTION_WORDS.en,
): string {
  if (tolerance === 0) return words.exact;
  return words.within(`${Number((tolerance * 100).toPrecision(2))}%`);
}

export default solutions;
