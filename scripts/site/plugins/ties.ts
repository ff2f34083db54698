/**
 * Ties numbers to their words in every page's prose (`_ties.ts`): "第 1 题",
 * "误差为 4.2", "Exercise 2(c)" never part at a line's end, wherever the
 * text comes from (Markdown, a template, a page title in the menu, a number
 * filled in from the results); and an exercise's name is never broken at its
 * hyphen ("rnn-" | "2a"), in inline code too.
 *
 * @module
 */
import { type Site } from "../core/site.ts";
import { tieHtml } from "./_ties.ts";

/** Tie the numbers of each HTML page as part of its render. */
export function ties() {
  return (site: Site) => {
    (site.engines.finish ??= []).push((html) =>
      /^\s*<!doctype html/i.test(html) ? tieHtml(html) : html
    );
  };
}

export default ties;
