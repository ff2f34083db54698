/**
 * Where a long display formula may break on a narrow screen. MathML Core
 * has no line breaking, so a formula wider than a phone would only scroll.
 * TeX's convention for a long display is to break before a relation sign
 * (the continuation line starts with `=` and is indented), else before a
 * `+` or `−`, and between equations set side by side (`a = b, \qquad c = d`).
 *
 * {@link breakAtRelations} finds those places in the formula's MathML, as
 * Temml wrote it, among the children of its top-level row only: whatever
 * braces, `\left…\right`, an environment, a fraction, a sub- or superscript
 * or `\text` holds is one child, never cut into. The row becomes one row per
 * piece inside the same `<math>`, which the stylesheet lays out as a row that
 * wraps: on one line where there is room, broken between pieces where there
 * is not. One formula (a screen reader reads it as one), no second copy of
 * it, no script.
 *
 * A long formula in a line of text breaks as TeX breaks one in a paragraph,
 * after its relation signs and binary operators: {@link breakInline} cuts it
 * there, and the stylesheet sets the pieces in the line like words.
 *
 * @module
 */

/** Relation signs, as Temml writes them in an `<mo>`. */
const RELATIONS = new Set([
  "=",
  "&lt;",
  "&gt;",
  "≤",
  "≥",
  "≠",
  "≈",
  "≡",
  "∝",
  "→",
  "←",
  "↦",
  "∼",
  "≃",
  "≅",
  "≪",
  "≫",
  "⇒",
  "⟹",
  "⇔",
  "⟺",
  "≔",
  "⩽",
  "⩾",
]);

/** Binary operators a long side may break before. */
const BINARY = new Set(["+", "−"]);

/** Brackets written as operators of the row (`(`, `\bigl[`, …). */
const OPENING = new Set(["(", "[", "{", "⟨", "⌈", "⌊"]);
const CLOSING = new Set([")", "]", "}", "⟩", "⌉", "⌋"]);

/** The spaces set between equations (`\quad`, `\qquad`). */
const GAPS = new Set(["1em", "2em"]);

/** The most characters a piece may show and still be left on its own line. */
export const SHORT_PIECE = 3;

/** One child of the top-level row, as written. */
interface Child {
  html: string;
  /** What an `<mo>` holds; undefined for any other element. */
  operator?: string;
  /**
   * The bracket it is or ends with: an `<mo>`'s, or that of a script's base
   * (`\Bigr)^{t-k}` is an `<msup>` whose base is the `)`).
   */
  bracket?: string;
  /** Whether it is the space between two equations. */
  gap?: boolean;
}

/**
 * A display formula's MathML with its top-level row cut into rows (pieces)
 * where a narrow screen may break it: before every relation sign of an
 * equation but its first (`a = b` stays together, `= c` may go to the next
 * line), before a `+` or `−` right of that first relation, and at each
 * `\quad` or `\qquad` (the space goes first in the piece after it). A
 * piece that starts with `+` or `−` marks it infix, so that it is spaced as
 * in the whole formula. A piece of
 * {@link SHORT_PIECE} characters or fewer (`< 1,`, `+ 1 .`) stays with the
 * one before it: a line holding only that reads badly. The `<math>` gets the
 * class `breaks`. A formula with nothing to break, or whose top-level
 * brackets do not pair up, comes back as it was.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { breakAtRelations } from "./math_split.ts";
 * assertEquals(
 *   breakAtRelations(
 *     '<math display="block"><mrow><mi>a</mi><mo>=</mo><mi>b</mi><mo>≤</mo><mi>cde</mi></mrow></math>',
 *   ),
 *   '<math display="block" class="breaks"><mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow>' +
 *     '<mrow><mo>≤</mo><mi>cde</mi></mrow></math>',
 * );
 * // One relation: nothing to break.
 * const one = '<math display="block"><mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow></math>';
 * assertEquals(breakAtRelations(one), one);
 * ```
 */
export function breakAtRelations(mathml: string): string {
  const match = /^(<math[^>]*)><mrow>([\s\S]*)<\/mrow><\/math>$/.exec(mathml);
  if (!match) return mathml;
  const children = topLevelChildren(match[2]);
  if (!children) return mathml;
  const pieces: { children: Child[]; gap?: boolean }[] = [{ children: [] }];
  let depth = 0;
  let related = false;
  const cut = (at: number, gap = false) => {
    const last = pieces[pieces.length - 1];
    // Nothing before the cut: nothing to cut.
    if (at === 0) return;
    pieces.push({ children: last.children.splice(at), gap });
  };
  for (const child of children) {
    const current = pieces[pieces.length - 1].children;
    const operator = child.operator;
    if (child.bracket !== undefined && OPENING.has(child.bracket)) depth++;
    if (child.bracket !== undefined && CLOSING.has(child.bracket)) depth--;
    if (depth < 0) return mathml;
    if (depth === 0 && child.gap) {
      // The space stays, first in the piece after it.
      cut(current.length, true);
      related = false;
    }
    if (depth === 0 && operator !== undefined && RELATIONS.has(operator)) {
      if (related) {
        // `:=` is two operators, `:` and `=`: cut before the colon.
        const colon = current[current.length - 1]?.operator === ":";
        cut(current.length - (colon ? 1 : 0));
      }
      related = true;
    } else if (
      depth === 0 && related && operator !== undefined &&
      BINARY.has(operator)
    ) {
      // Binary, not a sign: something other than an operator (or a closing
      // bracket) comes right before it.
      const before = current[current.length - 1];
      if (
        before &&
        (before.operator === undefined || CLOSING.has(before.bracket ?? ""))
      ) cut(current.length);
    }
    pieces[pieces.length - 1].children.push(child);
  }
  const kept = pieces.filter((piece, i) => {
    const shown = piece.children.map((child) => child.html).join("")
      .replace(/<[^>]*>/g, "").replace(/&[a-z]+;/g, "x");
    if (i === 0 || piece.gap || [...shown].length > SHORT_PIECE) return true;
    pieces[i - 1].children.push(...piece.children);
    // What follows joins the piece it joined.
    pieces[i] = pieces[i - 1];
    return false;
  });
  if (depth !== 0 || kept.length < 2) return mathml;
  const rows = kept.map(({ children }, i) => {
    const [first, ...rest] = children;
    // A leading `+` would be spaced as a sign (a relation is spaced alike
    // in either form).
    const lead = i > 0 && BINARY.has(first.operator ?? "") &&
        !/ form="/.test(first.html)
      ? first.html.replace(/^<mo/, '<mo form="infix"')
      : first.html;
    return `<mrow>${lead}${rest.map((child) => child.html).join("")}</mrow>`;
  });
  const open = /\sclass="/.test(match[1])
    ? match[1].replace(/\sclass="/, ' class="breaks ')
    : `${match[1]} class="breaks"`;
  return `${open}>${rows.join("")}</math>`;
}

/** Binary operators an inline formula may break after, as TeX does. */
const INLINE_BINARY = new Set([
  "+",
  "−",
  "±",
  "∓",
  "×",
  "⋅",
  "·",
  "⊙",
  "⊗",
  "∘",
  "∗",
]);

/** Punctuation between the items of a list (`k = 1, …, t`). */
const SEPARATORS = new Set([",", ";"]);

/**
 * An inline formula's MathML with its top-level row cut where a line of text
 * may break, as TeX breaks a formula in a paragraph (The TeXbook, p. 173):
 * after a relation sign, after a binary operator (not after a sign), after
 * the comma or semicolon between the items of a list, and where the author
 * wrote `\allowbreak` (Temml's empty `<mo></mo>`, which goes). Each piece
 * ends with its operator, as TeX leaves it at the end of the line, marked
 * infix so that it is spaced as in the whole formula. The `<math>` gets the
 * class `wraps`: the stylesheet sets its pieces in the line like words, so
 * that a formula too long for a phone's line goes on in the next one rather
 * than scrolling out of sight (one `<math>` still: a screen reader reads
 * one formula). It may break inside brackets of fixed size, as TeX does;
 * what braces, `\left…\right`, a fraction, a script or `\text` hold is
 * one child, never cut into. A formula with nothing to break comes back as
 * it was.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { breakInline } from "./math_split.ts";
 * assertEquals(
 *   breakInline(
 *     "<math><mrow><mi>a</mi><mo>=</mo><mi>b</mi><mo>+</mo><mi>c</mi></mrow></math>",
 *   ),
 *   '<math class="wraps"><mrow><mi>a</mi><mo form="infix">=</mo></mrow>' +
 *     '<mrow><mi>b</mi><mo form="infix">+</mo></mrow><mrow><mi>c</mi></mrow></math>',
 * );
 * // A sign is no place to break: `= −1` stays together.
 * assertEquals(
 *   breakInline(
 *     '<math><mrow><mi>x</mi><mo>=</mo><mo form="prefix">−</mo><mn>1</mn></mrow></math>',
 *   ),
 *   '<math class="wraps"><mrow><mi>x</mi><mo form="infix">=</mo></mrow>' +
 *     '<mrow><mo form="prefix">−</mo><mn>1</mn></mrow></math>',
 * );
 * ```
 */
export function breakInline(mathml: string): string {
  const match = /^(<math[^>]*)><mrow>([\s\S]*)<\/mrow><\/math>$/.exec(mathml);
  if (!match) return mathml;
  const row = topLevelChildren(match[2]);
  if (!row) return mathml;
  // A formula that is one `\left(…\right)` has its brackets in its row,
  // stretched to all it holds: not cut, as TeX cuts no such group.
  const stretched = row.some((child) =>
    (OPENING.has(child.operator ?? "") || CLOSING.has(child.operator ?? "")) &&
    !/ stretchy="false"| minsize=/.test(child.html)
  );
  if (stretched) return mathml;
  const children = openBrackets(row);
  const pieces: string[][] = [[]];
  children.forEach((child, i) => {
    const current = pieces[pieces.length - 1];
    const operator = child.operator;
    // `\allowbreak`: a place to break, nothing to show.
    if (operator === "") {
      if (current.length > 0) pieces.push([]);
      return;
    }
    const before = children[i - 1];
    const sign = / form="prefix"/.test(child.html);
    const breaksAfter = operator !== undefined && !sign &&
      i < children.length - 1 && current.length > 0 &&
      (RELATIONS.has(operator) || SEPARATORS.has(operator) ||
        (INLINE_BINARY.has(operator) && before !== undefined &&
          (before.operator === undefined ||
            CLOSING.has(before.bracket ?? ""))));
    if (!breaksAfter) {
      current.push(child.html);
      return;
    }
    // Last in its row, an operator would be spaced as a postfix one.
    current.push(
      / form="/.test(child.html)
        ? child.html
        : child.html.replace(/^<mo/, '<mo form="infix"'),
    );
    pieces.push([]);
  });
  // A space after the place of a break stays on its line, as TeX drops
  // the glue at a break: the next line starts with what it shows.
  for (let i = 1; i < pieces.length; i++) {
    while (pieces[i][0]?.startsWith("<mspace")) {
      pieces[i - 1].push(pieces[i].shift()!);
    }
  }
  const kept = pieces.filter((piece) => piece.length > 0);
  if (kept.length < 2) return mathml;
  const open = /\sclass="/.test(match[1])
    ? match[1].replace(/\sclass="/, ' class="wraps ')
    : `${match[1]} class="wraps"`;
  return `${open}>${
    kept.map((piece) => `<mrow>${piece.join("")}</mrow>`).join("")
  }</math>`;
}

/**
 * A row with the brackets Temml grouped opened up: `(…)` of fixed size is an
 * `<mrow>` of its own, which TeX does not make (it may break a line after a
 * `+` inside plain brackets). Brackets that stretch to what they hold
 * (`\left(…\right)`) stay grouped: apart, they would stretch to the piece.
 */
function openBrackets(children: Child[]): Child[] {
  return children.flatMap((child) => {
    const pair =
      /^<mrow>(<mo stretchy="false">([^<]*)<\/mo>[\s\S]*<mo stretchy="false">([^<]*)<\/mo>)<\/mrow>$/
        .exec(child.html);
    if (!pair || !OPENING.has(pair[2]) || !CLOSING.has(pair[3])) return [child];
    const inner = topLevelChildren(pair[1]);
    return inner ? openBrackets(inner) : [child];
  });
}

/**
 * The elements of a row, in order, each as written; undefined when the
 * markup is not a sequence of whole elements.
 */
function topLevelChildren(body: string): Child[] | undefined {
  const children: Child[] = [];
  let depth = 0;
  let start = 0;
  let last = 0;
  for (const tag of body.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
    const [text, closing, , selfClosing] = tag;
    const at = tag.index!;
    if (depth === 0) {
      if (closing || body.slice(last, at).trim() !== "") return undefined;
      start = at;
    }
    if (closing) depth--;
    else if (!selfClosing) depth++;
    if (depth < 0) return undefined;
    last = at + text.length;
    if (depth === 0) children.push(describe(body.slice(start, last)));
  }
  if (depth !== 0 || body.slice(last).trim() !== "") return undefined;
  return children;
}

/** A child with what breaking needs to know of it. */
function describe(html: string): Child {
  const operator = /^<mo\b[^>]*>([^<]*)<\/mo>$/.exec(html)?.[1];
  const width =
    /^<mspace width="([^"]*)"><\/mspace>$|^<mspace width="([^"]*)"\/>$/
      .exec(html);
  const gap = width ? GAPS.has(width[1] ?? width[2]) : undefined;
  // A script's base that is a lone bracket: `<mo>)</mo>`, or Temml's
  // `<mrow><mo>)</mo><mrow></mrow></mrow>` for a sized one.
  const bracket = operator ??
    /^<(?:msub|msup|msubsup)>(?:<mo\b[^>]*>([^<]*)<\/mo>|<mrow><mo\b[^>]*>([^<]*)<\/mo><mrow><\/mrow><\/mrow>)/
      .exec(html)?.slice(1).find((x) => x !== undefined);
  return { html, operator, bracket, gap };
}
