/**
 * How the build's checks read a start tag in HTML that an author wrote.
 *
 * @module
 */

/**
 * What follows a tag's name up to its `>`, as a regular expression's
 * source: the attributes, whose quoted values may hold a `>` (`alt="x > y"`,
 * after which the tag goes on, as a browser reads it); else, for a quote
 * never closed, up to the first `>`. The checks read `[^>]*` once, and took
 * what follows such a value for text: a link, an event handler or an alt
 * text there went unseen.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { TAG_BODY } from "./_html.ts";
 * const tag = new RegExp(`<img\\b(${TAG_BODY})>`);
 * assertEquals(tag.exec('<img alt="x > y" src="/a.png">')?.[1], ' alt="x > y" src="/a.png"');
 * assertEquals(tag.exec('<img alt="oops src="/a.png">')?.[1], ' alt="oops src="/a.png"');
 * assertEquals(tag.exec('<img alt="never closed>text')?.[1], ' alt="never closed');
 * ```
 */
export const TAG_BODY = String
  .raw`[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*|[^>]*`;
