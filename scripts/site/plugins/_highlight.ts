/**
 * The highlighted code of the notes, as the highlighting stylesheet
 * (`_includes/assets/highlight.css`) colours it: highlight.js marks some
 * twenty scopes, the stylesheet gives six colours. Each span of a scope that
 * has a colour gets that colour's one-letter class (`k` for a keyword); a
 * span of a scope without one (a property, a function's signature, its
 * parameters) is left out, its text and inner spans kept. A long script's
 * page carried 1,300 spans: their class names were a sixth of its weight.
 *
 * @module
 */

/**
 * The class of each coloured scope of highlight.js (its first class: the
 * `hljs-title` of `hljs-title function_`), by colour: comments, keywords,
 * strings, numbers and other literals, titles (the names of functions and
 * classes), built-in names and types.
 */
export const SCOPE_CLASSES: Readonly<Record<string, string>> = {
  "hljs-comment": "c",
  "hljs-quote": "c",
  "hljs-keyword": "k",
  "hljs-selector-tag": "k",
  "hljs-doctag": "k",
  "hljs-string": "s",
  "hljs-regexp": "s",
  "hljs-template-string": "s",
  "hljs-number": "n",
  "hljs-literal": "n",
  "hljs-attr": "n",
  "hljs-symbol": "n",
  "hljs-title": "t",
  "hljs-section": "t",
  "hljs-built_in": "b",
  "hljs-type": "b",
};

/** The class of a span's classes, or none (the span is left out). */
function classOf(classes: string): string | undefined {
  const [scope, ...kinds] = classes.split(" ");
  // `this`, `super`: a variable of the language, coloured as a literal.
  if (scope === "hljs-variable" && kinds.includes("language_")) return "n";
  return SCOPE_CLASSES[scope];
}

/**
 * highlight.js's HTML with each span of a coloured scope given its colour's
 * class, and the other spans left out (their content stays).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tidyHighlight } from "./_highlight.ts";
 * assertEquals(
 *   tidyHighlight(
 *     '<span class="hljs-function"><span class="hljs-keyword">function</span> ' +
 *       '<span class="hljs-title function_">f</span>(<span class="hljs-params">x</span>)</span>',
 *   ),
 *   '<span class="k">function</span> <span class="t">f</span>(x)',
 * );
 * ```
 */
export function tidyHighlight(html: string): string {
  // Whether each open span was kept, innermost last.
  const open: boolean[] = [];
  return html.replace(/<span class="([^"]*)">|<\/span>/g, (tag, classes) => {
    if (classes === undefined) return open.pop() ? tag : "";
    const name = classOf(classes);
    open.push(name !== undefined);
    return name === undefined ? "" : `<span class="${name}">`;
  });
}
