/**
 * What Pagefind reads of a page, as a smaller page that it indexes byte for
 * byte as it would the whole one, and parses in a fraction of the time.
 *
 * A page of the notes is mostly what the index never sees: the header,
 * navigation and footer around the `data-pagefind-body` element, charts
 * (`svg`), the table of contents (`data-pagefind-ignore`), and inside every
 * formula a MathML tree of a few elements per symbol plus its TeX source
 * (`annotation`, excluded). Pagefind's parser pays for every element, so the
 * build hands it only
 *
 * - the `<html lang>` and the `<title>` (its language, and the fallback title),
 * - the body element, without the elements whose text Pagefind drops anyway
 *   (ignored, excluded, or always removed: `svg`, `nav`, `script`, …),
 * - each `<math>` as one element holding its text, the annotation left out:
 *   Pagefind joins a formula's text the same way (no MathML element is a
 *   sentence or an inline element for it), so the words are the same,
 * - and none at all of an element excluded as a child, or the second element
 *   child, of an element of a class (`.math-display > math`,
 *   `.math-inline > math:nth-child(2)`: the notes' formula after its search
 *   twin), where the text before it shows that plainly: the parent's start
 *   tag, then text, or that and one element of text only (the twin).
 *
 * Anything that could make the two differ (a `data-pagefind-*` attribute
 * outside the body or in a part left out, an `<h1>` or `<img>` outside it,
 * several bodies, an element whose end cannot be found) keeps the page or the
 * element whole: the index stays exact, and only the saving is lost. A test
 * indexes the real site both ways and compares every byte.
 *
 * @module
 */

/** Options of {@link searchableHtml}. */
export interface SearchableHtmlOptions {
  /**
   * Pagefind's `exclude_selectors`; those of the form `tag` or `.class` are
   * cut out here too (others are left for Pagefind).
   */
  excludeSelectors?: string[];
}

// The attributes of a tag, `>` allowed inside quoted values.
const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*`;
const OPEN_TAG = new RegExp(`<([a-zA-Z][^\\s/>]*)(${ATTRS})>`, "y");
const ANY_TAG = new RegExp(`<${ATTRS}>`, "g");
const HTML_TAG = new RegExp(`<html(?=[\\s>])(${ATTRS})>`, "i");
const TITLE = /<title(?=[\s>])[^>]*>([\s\S]*?)<\/title\s*>/i;
// What Pagefind reads even where it indexes no text: its attributes, the
// first <h1> (the title), an image after it.
const READ_OUTSIDE = /data-pagefind-|<h1[\s>]|<img[\s>/]/i;
const READ_IN_DROPPED = /data-pagefind-(?!ignore[\s=/>])|<h1[\s>]|<img[\s>/]/i;
const HAS_ID = /\sid\s*=/i;
/** Elements without content or end tag: never a parent. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
// Before an element that is a child of the element it is in, read back from
// it: the parent's start tag then text, or (the second element child) an end
// tag then text, the start tag of that first child then text, and the
// parent's start tag.
const END_THEN_TEXT = /^<\/([a-zA-Z][^\s/>]*)\s*>[^<]*$/;
const START_THEN_TEXT = new RegExp(`^<([a-zA-Z][^\\s/>]*)(${ATTRS})>[^<]*$`);
const ANNOTATION = new RegExp(
  `<annotation(?=[\\s>])${ATTRS}>[\\s\\S]*?</annotation\\s*>`,
  "gi",
);

/** Elements Pagefind always leaves out of the index (its own list). */
const ALWAYS_REMOVED = [
  "head",
  "style",
  "script",
  "noscript",
  "label",
  "form",
  "svg",
  "footer",
  "nav",
  "iframe",
  "template",
];

/**
 * Body elements whose text Pagefind ends as a sentence, so that what
 * surrounds them in the page cannot add punctuation to it.
 */
const SENTENCE_BODIES = new Set(["article", "section", "div"]);

/**
 * Elements whose end tag an author may leave out, or that have none: their
 * end cannot be found by counting tags, so they are never cut out.
 */
const NOT_CUT = new Set([
  "p",
  "li",
  "dt",
  "dd",
  "option",
  "optgroup",
  "tr",
  "td",
  "th",
  "thead",
  "tbody",
  "tfoot",
  "colgroup",
  "caption",
  "rt",
  "rp",
  "html",
  "body",
  ...VOID,
]);

const endTags = new Map<string, RegExp>();

/**
 * The offset just after the tag that closes the element `name` whose start
 * tag ends at `from`; -1 when there is none. Counts the element's own start
 * and end tags (a self-closing `<svg/>` opens nothing).
 */
function elementEnd(html: string, name: string, from: number): number {
  let tags = endTags.get(name);
  if (!tags) {
    const literal = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    tags = new RegExp(`<(/?)${literal}(?=[\\s/>])${ATTRS}>`, "gi");
    endTags.set(name, tags);
  }
  tags.lastIndex = from;
  let depth = 1;
  let match: RegExpExecArray | null;
  while ((match = tags.exec(html))) {
    if (match[1]) {
      if (--depth === 0) return tags.lastIndex;
    } else if (!match[0].endsWith("/>")) depth++;
  }
  return -1;
}

const valueOf = new Map<string, RegExp>();
const presenceOf = new Map<string, RegExp>();

function attributeValue(attrs: string, name: string): string | undefined {
  let value = valueOf.get(name);
  if (!value) {
    value = new RegExp(
      `(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`,
      "i",
    );
    valueOf.set(name, value);
  }
  const match = value.exec(attrs);
  return match ? match[1] ?? match[2] ?? match[3] : undefined;
}

function hasAttribute(attrs: string, name: string): boolean {
  let presence = presenceOf.get(name);
  if (!presence) {
    presence = new RegExp(`(?:^|\\s)${name}(?=[\\s=/]|$)`, "i");
    presenceOf.set(name, presence);
  }
  return presence.test(attrs);
}

/** Finds the start tags that may open an element Pagefind drops. */
class Dropper {
  /** Start tags worth a look: by name, or by an attribute or a class. */
  candidates: RegExp;
  #tags: Set<string>;
  #classes: string[];
  /**
   * `.class > tag` and `.class > tag:nth-child(2)`: a tag that is a child,
   * or the second element child, of an element of the class.
   */
  #children: { className: string; tag: string; second: boolean }[];

  constructor(excludeSelectors: string[]) {
    const selectors = excludeSelectors.map((selector) => selector.trim());
    this.#children = selectors.flatMap((s) => {
      const parts = /^\.([\w-]+)\s*>\s*([a-z][a-z0-9-]*)(:nth-child\(2\))?$/i
        .exec(s);
      return parts
        ? [{
          className: parts[1],
          tag: parts[2].toLowerCase(),
          second: parts[3] !== undefined,
        }]
        : [];
    });
    this.#tags = new Set([
      ...ALWAYS_REMOVED,
      ...selectors.filter((s) => /^[a-z][a-z0-9-]*$/i.test(s)).map((s) =>
        s.toLowerCase()
      ),
    ]);
    this.#classes = selectors.filter((s) => /^\.[\w-]+$/.test(s)).map((s) =>
      s.slice(1)
    );
    const words = [
      ...new Set([
        ...this.#tags,
        "math",
        ...this.#children.map(({ tag }) => tag),
      ]),
    ].join("|");
    const classes = this.#classes.map((name) => name.replace(/[-]/g, "\\-"))
      .join("|");
    this.candidates = new RegExp(
      `<(?:(?:${words})(?=[\\s/>])|[a-zA-Z][^\\s/>]*\\s[^>]*?(?:data-pagefind-ignore${
        classes ? `|(?<![\\w-])(?:${classes})(?![\\w-])` : ""
      }))`,
      "gi",
    );
  }

  /**
   * Whether the element whose start tag is at `at` is left out as a child
   * (or the second element child) of an element of a class, as far as the
   * text just before it shows: its parent's start tag then text (the first
   * child), or that and one element holding only text, then text (the
   * second). Anything else is left to Pagefind.
   */
  dropsAsChild(html: string, at: number, name: string): boolean {
    const rules = this.#children.filter(({ tag }) => tag === name);
    if (!rules.length) return false;
    // The parent's start tag ends where the text before the element (or
    // before its one elder sibling of text only) begins.
    let parentEnd = at;
    let previous = html.lastIndexOf("<", at - 1);
    const closed = previous < 0
      ? null
      : END_THEN_TEXT.exec(html.slice(previous, at));
    if (closed) {
      const start = html.lastIndexOf("<", previous - 1);
      const first = start < 0
        ? null
        : START_THEN_TEXT.exec(html.slice(start, previous));
      if (!first || first[1] !== closed[1]) return false;
      parentEnd = start;
      previous = html.lastIndexOf("<", start - 1);
    }
    const parent = previous < 0
      ? null
      : START_THEN_TEXT.exec(html.slice(previous, parentEnd));
    if (
      !parent || VOID.has(parent[1].toLowerCase()) ||
      parent[2].trimEnd().endsWith("/")
    ) return false;
    const classes = (attributeValue(parent[2], "class") ?? "").split(/\s+/);
    return rules.some(({ className, second }) =>
      classes.includes(className) && (closed !== null || !second)
    );
  }

  /** Whether Pagefind leaves out the text of an element with this tag. */
  drops(name: string, attrs: string): boolean {
    if (this.#tags.has(name)) return true;
    if (hasAttribute(attrs, "data-pagefind-ignore")) return true;
    if (!this.#classes.length) return false;
    const classes = (attributeValue(attrs, "class") ?? "").split(/\s+/);
    return this.#classes.some((name) => classes.includes(name));
  }
}

const droppers = new Map<string, Dropper>();

/**
 * The part of `html` that Pagefind indexes, as a page that Pagefind indexes
 * exactly like `html`; `html` itself when that cannot be made sure of.
 *
 * @example
 * ```ts
 * import { searchableHtml } from "./searchable_html.ts";
 * const page = `<!doctype html><html lang="en"><head><title>T</title></head>
 * <body><nav>Home</nav><article data-pagefind-body><h1>T</h1>
 * <p>With <math><mi>x</mi><annotation>x</annotation></math>.</p></article>
 * </body></html>`;
 * const small = searchableHtml(page, { excludeSelectors: ["annotation"] });
 * if (small !== '<html lang="en"><head><title>T</title></head><body>' +
 *   '<article data-pagefind-body><h1>T</h1>\n<p>With <math>x</math>.</p>' +
 *   "</article></body></html>") throw new Error(small);
 * const boxed = page.replace(
 *   "<math>",
 *   '<span class="box">(<span hidden>x</span><math>',
 * ).replace("</math>", "</math>)</span>");
 * const cut = searchableHtml(boxed, {
 *   excludeSelectors: [".box > math:nth-child(2)"],
 * });
 * if (!cut.includes('<span class="box">(<span hidden>x</span>)</span>')) {
 *   throw new Error(cut);
 * }
 * ```
 */
export function searchableHtml(
  html: string,
  options: SearchableHtmlOptions = {},
): string {
  // Exactly one body element, whose end is found.
  const mark = html.indexOf("data-pagefind-body");
  if (mark < 0 || html.indexOf("data-pagefind-body", mark + 1) >= 0) {
    return html;
  }
  const start = html.lastIndexOf("<", mark);
  OPEN_TAG.lastIndex = start;
  const open = OPEN_TAG.exec(html);
  if (!open || OPEN_TAG.lastIndex <= mark) return html;
  const name = open[1].toLowerCase();
  if (
    !SENTENCE_BODIES.has(name) || !hasAttribute(open[2], "data-pagefind-body")
  ) return html;
  const bodyStart = OPEN_TAG.lastIndex;
  const end = elementEnd(html, name, bodyStart);
  if (end < 0) return html;

  // Nothing outside it that Pagefind would read.
  const before = html.slice(0, start);
  if (READ_OUTSIDE.test(before) || READ_OUTSIDE.test(html.slice(end))) {
    return html;
  }
  const htmlTag = HTML_TAG.exec(before);
  if (!htmlTag) return html;
  const lang = attributeValue(htmlTag[1], "lang");
  const title = TITLE.exec(before);

  const excludeSelectors = options.excludeSelectors ?? [];
  const key = excludeSelectors.join("\n");
  let dropper = droppers.get(key);
  if (!dropper) {
    dropper = new Dropper(excludeSelectors);
    droppers.set(key, dropper);
  }
  if (dropper.drops(name, open[2])) return html;
  const collapseMath = excludeSelectors.includes("annotation");

  const out: string[] = [
    lang === undefined ? "<html>" : `<html lang="${lang}">`,
    title ? `<head><title>${title[1]}</title></head>` : "",
    "<body>",
  ];
  const { candidates } = dropper;
  candidates.lastIndex = bodyStart;
  let copied = start; // the text from here on is not in `out` yet
  let match: RegExpExecArray | null;
  while ((match = candidates.exec(html)) && match.index < end) {
    OPEN_TAG.lastIndex = match.index;
    const tag = OPEN_TAG.exec(html);
    if (!tag) continue;
    const tagName = tag[1].toLowerCase();
    const tagEnd = OPEN_TAG.lastIndex;
    if (NOT_CUT.has(tagName) || tag[0].endsWith("/>")) continue;
    const elementStop = elementEnd(html, tagName, tagEnd);
    if (elementStop < 0 || elementStop > end) continue;
    const element = html.slice(match.index, elementStop);
    if (dropper.dropsAsChild(html, match.index, tagName)) {
      // (A formula after its search twin in its box, a displayed one.)
      if (HAS_ID.test(element) || READ_IN_DROPPED.test(element)) continue;
      out.push(html.slice(copied, match.index));
    } else if (tagName === "math" && !dropper.drops(tagName, tag[2])) {
      if (!collapseMath) continue;
      // One element with the formula's text: no attribute, no element inside
      // may count (an id is an anchor), nor anything else that is dropped.
      const inner = html.slice(tagEnd, html.lastIndexOf("<", elementStop - 1));
      const rest = inner.replace(ANNOTATION, "");
      if (
        HAS_ID.test(element) || READ_IN_DROPPED.test(element) ||
        /data-pagefind-ignore/i.test(element) || dropperFinds(dropper, rest)
      ) continue;
      out.push(
        html.slice(copied, match.index),
        "<math>",
        rest.replace(ANY_TAG, ""),
        "</math>",
      );
    } else if (dropper.drops(tagName, tag[2])) {
      // An element dropped by a selector still counts its own id (an anchor);
      // one ignored by its attribute does not.
      const ignored = hasAttribute(tag[2], "data-pagefind-ignore");
      if (
        (!ignored && HAS_ID.test(tag[2])) || READ_IN_DROPPED.test(element) ||
        (!title && /<title[\s>]/i.test(element))
      ) continue;
      out.push(html.slice(copied, match.index));
    } else continue;
    copied = elementStop;
    candidates.lastIndex = elementStop;
  }
  out.push(html.slice(copied, end), "</body></html>");
  return out.join("");
}

/** Whether `html` holds a start tag of an element that `dropper` drops. */
function dropperFinds(dropper: Dropper, html: string): boolean {
  const { candidates } = dropper;
  const saved = candidates.lastIndex;
  candidates.lastIndex = 0;
  let found = false;
  let match: RegExpExecArray | null;
  while ((match = candidates.exec(html))) {
    OPEN_TAG.lastIndex = match.index;
    const tag = OPEN_TAG.exec(html);
    if (tag && dropper.drops(tag[1].toLowerCase(), tag[2])) {
      found = true;
      break;
    }
  }
  candidates.lastIndex = saved;
  return found;
}
