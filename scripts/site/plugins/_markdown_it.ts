/**
 * markdown-it's types (from `@types/markdown-it`: the package ships none),
 * in one place for the plugins that extend the Markdown pipeline. The
 * states and the token are named through the instance's own API, as the
 * typings export only the instance.
 *
 * @module
 */
// @ts-types="@types/markdown-it"
import type MarkdownIt from "markdown-it";

export type { MarkdownIt };

/** The state of a core rule (`md.core.ruler`): every token of a render. */
export type StateCore = Parameters<
  Parameters<MarkdownIt["core"]["ruler"]["push"]>[1]
>[0];

/** The state of an inline rule (`md.inline.ruler`). */
export type StateInline = Parameters<
  Parameters<MarkdownIt["inline"]["ruler"]["push"]>[1]
>[0];

/** One token of a render. */
export type Token = StateCore["tokens"][number];

/** A renderer rule (`md.renderer.rules.x`). */
export type RenderRule = NonNullable<
  MarkdownIt["renderer"]["rules"][string]
>;

/** The state of a block rule (`md.block.ruler`). */
export type StateBlock = Parameters<
  Parameters<MarkdownIt["block"]["ruler"]["push"]>[1]
>[0];
