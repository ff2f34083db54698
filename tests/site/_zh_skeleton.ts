/**
 * What a translation keeps verbatim from its English source: Vento
 * expressions, formulas (words inside `\text{…}` may be translated),
 * `\label`/`\eqref`, citations, link targets, heading levels, front matter.
 * Shared by the tests of the Chinese pages and of the errata's Chinese prose.
 *
 * @module
 */
import { extract } from "@std/front-matter/yaml";

/** Front matter keys whose values are words, translated on a Chinese page. */
const PROSE_KEYS = new Set(["title", "description", "label", "lang"]);

/** What a page must keep from its twin, in order. */
export interface Skeleton {
  frontMatter: unknown;
  headings: number[];
  vento: string[];
  displayMath: string[];
  /** Sorted: Chinese word order may move an inline formula in its paragraph. */
  inlineMath: string[];
  equationRefs: string[];
  citations: string[];
  links: string[];
  /** Code is copied as it is: fenced blocks in order, inline spans sorted. */
  codeBlocks: string[];
  codeSpans: string[];
}

/** Runs of white space as one space: a translation may rewrap lines. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `\text{…}` with its words dropped (braces balanced). */
export function withoutTextWords(tex: string): string {
  let out = "";
  let i = 0;
  while (i < tex.length) {
    const at = tex.indexOf("\\text{", i);
    if (at < 0) break;
    out += tex.slice(i, at) + "\\text{";
    let depth = 1;
    let j = at + 6;
    for (; j < tex.length && depth > 0; j++) {
      if (tex[j] === "{") depth++;
      else if (tex[j] === "}") depth--;
    }
    out += "…}";
    i = j;
  }
  return out + tex.slice(i);
}

/** Front matter without its prose: keys kept, prose values blanked. */
function frontMatterShape(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => frontMatterShape(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "lang")
        .map(([k, v]) => [k, frontMatterShape(v, k)]),
    );
  }
  if (PROSE_KEYS.has(key) && typeof value === "string") {
    // Prose may be translated; the Vento and math inside it may not (the
    // formulas sorted, as in the body: word order may move them).
    return {
      vento: [...value.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) => squash(m[0])),
      math: [...value.matchAll(/\$([^$]*)\$/g)]
        .map((m) => squash(withoutTextWords(m[1]))).sort(),
    };
  }
  return value;
}

/** The parts of a Markdown page that a translation keeps verbatim. */
export function skeleton(source: string): Skeleton {
  const { attrs, body } = source.startsWith("---")
    ? extract(source)
    : { attrs: {}, body: source };
  const codeBlocks = [...body.matchAll(/^```[\s\S]*?^```/gm)].map((m) => m[0]);
  const codeSpans = [
    ...body.replace(/^```[\s\S]*?^```/gm, "").matchAll(/`[^`\n]*`/g),
  ].map((m) => m[0]).sort();
  // Code may hold `$`: leave it out of the scan for the rest.
  const text = body
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/^[ \t]*>[ \t]?/gm, "");
  const headings = [...text.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1].length);
  const vento = [...text.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) =>
    squash(withoutWordStrings(m[0]))
  );
  const displayMath: string[] = [];
  const display = /\$\$([\s\S]*?)\$\$/g;
  const inlineOnly = text.replace(display, (_: string, tex: string) => {
    displayMath.push(squash(withoutTextWords(tex)));
    return " ";
  });
  const inlineMath = inlineFormulas(inlineOnly);
  const equationRefs = [...text.matchAll(/\\(?:label|eqref)\{[^}]*\}/g)]
    .map((m) => m[0]);
  const citations = [...text.matchAll(/\[(@[^\]]+)\]/g)].map((m) =>
    squash(m[1])
  );
  const links = linkTargets(text);
  return {
    frontMatter: frontMatterShape(attrs),
    headings,
    vento,
    displayMath,
    inlineMath,
    equationRefs,
    citations,
    links,
    codeBlocks,
    codeSpans,
  };
}

/**
 * A Vento expression with the words in its string literals blanked: a
 * string holding a space or a character beyond ASCII is prose (a blurb, a
 * caption), which a translation rewrites; names such as "rnn-unrolled" or
 * "clip" stay, and so does everything outside strings.
 */
export function withoutWordStrings(vento: string): string {
  return vento.replace(
    /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g,
    (literal) =>
      /[\s\u0080-\uffff]/.test(literal.slice(1, -1)) ? '"…"' : literal,
  );
}

/**
 * The inline formulas of a text, `\text{…}` words dropped, sorted; without
 * `\allowbreak`, a place a line may break, which a translation may need
 * where the English does not (full-width punctuation is wider).
 */
export function inlineFormulas(text: string): string[] {
  return [...text.matchAll(/(?<!\\)\$((?:\\\$|[^$])+?)\$/g)]
    .map((m) => squash(withoutTextWords(m[1]).replace(/\\allowbreak\b/g, " ")))
    .sort();
}

/** The targets of the Markdown links of a text, in order. */
export function linkTargets(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}
