/**
 * Ties: the spaces a line must not break at, as TeX's `~` ties "Figure~1".
 * A number stays with the word that says what it counts, so that a phone's
 * narrow line never ends with "第" and starts the next with "1 题", nor ends
 * with "Exercise" and starts with "2(c)"; and an exercise's name is never
 * broken at its hyphen ("rnn-" | "2a").
 *
 * @module
 */
import { TAG_BODY } from "./_html.ts";

/** A no-break space: as wide as a space, never a line break. */
export const NO_BREAK = "\u00a0";

/**
 * A space between a Chinese character and a number, either way round: in
 * Chinese any two characters may part at a line's end, so a tie here costs
 * no break a reader needs, and keeps 第 1 题, 图 2, 3 个页面 whole.
 */
const HAN_THEN_NUMBER = /(\p{Script=Han}) (?=\d)/gu;
/** A number a word may count: 3, 4.2, 2(c); not one inside a name (rnn-2a). */
const NUMBER = String.raw`(?<![\w.(-])\d[\d.]*(?:\([a-z]\))?`;
const NUMBER_THEN_HAN = new RegExp(`(${NUMBER}) (?=\\p{Script=Han})`, "gu");
/** English labels a number belongs to, as TeX ties them. */
const LABELS =
  "(?:exercise|part|figure|fig\\.|table|equation|eq\\.|section|chapter|question|problem|step|seed)s?";
const LABEL_THEN_NUMBER = new RegExp(`\\b(${LABELS}) (?=\\d)`, "giu");

/**
 * `text` with its breakable spaces tied where a number belongs to the word
 * beside it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tieNumbers } from "./_ties.ts";
 *
 * assertEquals(tieNumbers("见第 1 题。"), "见第\u00a01\u00a0题。");
 * assertEquals(tieNumbers("习题 2(c) 的"), "习题\u00a02(c)\u00a0的");
 * assertEquals(tieNumbers("Exercise 2(c), part 1"), "Exercise\u00a02(c), part\u00a01");
 * // Other spaces stay breakable.
 * assertEquals(tieNumbers("in 3 steps, 图 a"), "in 3 steps, 图 a");
 * ```
 */
export function tieNumbers(text: string): string {
  if (!text.includes(" ")) return text;
  return text
    .replace(HAN_THEN_NUMBER, `$1${NO_BREAK}`)
    .replace(NUMBER_THEN_HAN, `$1${NO_BREAK}`)
    .replace(LABEL_THEN_NUMBER, `$1${NO_BREAK}`);
}

/**
 * Elements whose text is not prose (code, formulas, drawings), or cannot
 * hold an element (a page's title).
 */
const NOT_PROSE = /^<(pre|code|script|style|math|svg|textarea|title|option)\b/i;
/** A number, a Chinese character or an English label, at a text's end. */
const NUMBER_AT_END = new RegExp(`${NUMBER}$`, "u");
const HAN_AT_END = /\p{Script=Han}$/u;
const LABEL_AT_END = new RegExp(`\\b${LABELS}$`, "iu");

/**
 * A short name with a hyphen, which a line must not break at: an exercise
 * (`rnn-2a`, `a3-1`, `b3-b`) or a seed (`seed-001`), also in a file's name
 * (`rnn-2a.ts`, `rnn-2a_test.ts`).
 */
const NAME = /(?<![\w-])(?:(?:rnn|a3|b3)-\d?[a-z\d]|seed-\d{3})(?![a-z\d-])/g;
/** The element that keeps a name on one line (`white-space: nowrap`). */
const NAME_OPEN = '<span class="nobr">';

/** The tags of HTML, kept by a split (a `>` in an attribute's value too). */
const TAGS = new RegExp(`(<(?:${TAG_BODY})>)`);

/**
 * `html` with {@link tieNumbers} applied to its prose, also where the number
 * is in an element of its own (`为 <span data-num="4.2">4.2</span>`), and
 * each exercise's or seed's name ({@link NAME}) in prose or inline code kept
 * on one line. The text of code blocks, formulas, drawings and attribute
 * values is left as it is, and so is a name in an element of its own
 * (`<span class="nav-id">rnn-1a</span>`, an equation's reference
 * `(rnn-2b.1)`: their stylesheet keeps them whole).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tieHtml } from "./_ties.ts";
 *
 * assertEquals(
 *   tieHtml('误差为 <span data-num="4.2">4.2</span> 倍，<a href="/x/">第 1 题</a>'),
 *   '误差为\u00a0<span data-num="4.2">4.2</span>\u00a0倍，<a href="/x/">第\u00a01\u00a0题</a>',
 * );
 * assertEquals(tieHtml("<code>第 1 题</code> 第 <b>2</b>"), "<code>第 1 题</code> 第\u00a0<b>2</b>");
 * assertEquals(
 *   tieHtml("<p>see rnn-2a, <code>scripts/rnn-2a.ts</code></p>"),
 *   '<p>see <span class="nobr">rnn-2a</span>, <code>scripts/<span class="nobr">rnn-2a</span>.ts</code></p>',
 * );
 * assertEquals(
 *   tieHtml("<code>rnn-3c_test.ts</code>"),
 *   '<code><span class="nobr">rnn-3c</span>_test.ts</code>',
 * );
 * assertEquals(tieHtml('<span class="nav-id">rnn-2a</span>'), '<span class="nav-id">rnn-2a</span>');
 * assertEquals(tieHtml('<a class="eqref" href="#e">(rnn-2b.1)</a>'), '<a class="eqref" href="#e">(rnn-2b.1)</a>');
 * assertEquals(tieHtml("<title>rnn-2a</title>"), "<title>rnn-2a</title>");
 * // A tag's attribute holding a ">" is still the tag's, left as it is.
 * assertEquals(
 *   tieHtml('<a title="see > rnn-2a" href="/x/">rnn-2a</a>'),
 *   '<a title="see > rnn-2a" href="/x/"><span class="nobr">rnn-2a</span></a>',
 * );
 * // A drawing within a drawing: all of it is left as it is.
 * assertEquals(
 *   tieHtml("<svg><svg></svg><text>rnn-2a 第 1</text></svg>"),
 *   "<svg><svg></svg><text>rnn-2a 第 1</text></svg>",
 * );
 * ```
 */
export function tieHtml(html: string): string {
  const parts = html.split(TAGS);
  /** The text parts since the last code, formula or drawing, latest last. */
  let recent: number[] = [];
  /** The text parts where a name is kept whole. */
  const named: number[] = [];
  let skip: string | undefined;
  /** How many elements named `skip` are open (a drawing may hold one). */
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 1) {
      // A tag: inside code, a formula or a drawing, wait for its end.
      if (skip) {
        const tag = part.toLowerCase();
        if (tag.startsWith(`</${skip}`)) {
          if (--depth === 0) skip = undefined;
        } else if (
          tag.startsWith(`<${skip}`) && /[\s>]/.test(tag[skip.length + 1]) &&
          !tag.endsWith("/>")
        ) depth++;
      } else {
        const opened = NOT_PROSE.exec(part)?.[1]?.toLowerCase();
        if (opened && !part.endsWith("/>")) {
          skip = opened;
          depth = 1;
          recent = [];
        }
      }
      continue;
    }
    if (part === "") continue;
    // A name in inline code, or in prose but not in an element of its own.
    if (
      (!skip || skip === "code") && part.includes("-") &&
      !/class="(?:[\w-]*-id|eqref|figref)"/.test(parts[i - 1] ?? "")
    ) named.push(i);
    if (skip) continue;
    let text = tieNumbers(part);
    // Across an element's edge: the space ends the text before, or starts
    // this one.
    const before = recent.map((at) => parts[at]).join("");
    if (before.endsWith(" ") && tiesAcross(before.slice(0, -1), text)) {
      const at = recent.findLast((at) => parts[at] !== "")!;
      parts[at] = parts[at].slice(0, -1) + NO_BREAK;
    } else if (text.startsWith(" ") && tiesAcross(before, text.slice(1))) {
      text = NO_BREAK + text.slice(1);
    }
    parts[i] = text;
    recent = [...recent.slice(-3), i];
  }
  for (const i of named) {
    parts[i] = parts[i].replace(NAME, (name) => `${NAME_OPEN}${name}</span>`);
  }
  return parts.join("");
}

/** Whether a space between `before` and `after` parts a number from its word. */
function tiesAcross(before: string, after: string): boolean {
  return ((HAN_AT_END.test(before) || LABEL_AT_END.test(before)) &&
    /^\d/.test(after)) ||
    (NUMBER_AT_END.test(before) && /^\p{Script=Han}/u.test(after));
}

/**
 * Where `text` breaks a number from its word (what {@link tieNumbers} would
 * tie), as the few characters around each place: for tests of pages.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { untiedNumbers } from "./_ties.ts";
 *
 * assertEquals(untiedNumbers("见第 1\u00a0题"), ["见第 1"]);
 * assertEquals(untiedNumbers("Figure\u00a01"), []);
 * ```
 */
export function untiedNumbers(text: string): string[] {
  const found: string[] = [];
  for (const pattern of [HAN_THEN_NUMBER, NUMBER_THEN_HAN, LABEL_THEN_NUMBER]) {
    for (const match of text.matchAll(pattern)) {
      const at = match.index + match[0].length;
      found.push(text.slice(Math.max(0, at - 8), at + 2).trim());
    }
  }
  return found;
}
