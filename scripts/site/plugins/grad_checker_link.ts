/**
 * The pages of one topic (backpropagation through time) point students to
 * `deno task grad`, the gradient checker for their own RNN or LSTM, and to
 * its example inputs, published beside the pages.
 *
 * @module
 */
import type { Site } from "../core/site.ts";
import { fill, stringsOf } from "./multilanguage.ts";

/** The section's text, without the words of a language (`grad-text`). */
const ENGLISH =
  "Derived a gradient by hand? The notes come with a checker: describe " +
  "your RNN, LSTM or GRU and a sequence as JSON, and `deno task grad FILE` " +
  "prints the loss and the exact gradient of every parameter, computed " +
  "by the same BPTT code these pages use (`--check` adds a " +
  "finite-difference comparison, `--terms` the (t, k) terms of the " +
  "double sum). Start from an example: [an RNN]({rnn}), " +
  "[an LSTM]({lstm}), [a GRU]({gru}); " +
  "`deno task grad --help` and the README of " +
  "[the notes’ source]({source}) explain every field.";

/** Options of the gradient checker link plugin. */
export interface GradCheckerLinkOptions {
  /** The topic whose pages get the section. */
  topic?: string;
  /** The folder of example inputs, copied to the same URL. */
  examples?: string;
}

/** Append "Check your own gradients" to every page of the topic. */
export function gradCheckerLink(options: GradCheckerLinkOptions = {}) {
  const { topic, examples } = {
    topic: "bptt",
    examples: "examples",
    ...options,
  };
  return (site: Site) => {
    // Only a site with pages of the topic links to them (a folder of plain
    // pages built with this configuration has none).
    site.copy(
      examples,
      `/${examples}`,
      undefined,
      (pages) => pages.some((page) => page.data.topic === topic),
    );
    site.preprocess([".md"], (pages) => {
      for (const page of pages) {
        if (page.engine !== "md" || page.data.topic !== topic) continue;
        const t = stringsOf(site, page.data.lang);
        const text = t["grad-text"] ?? ENGLISH;
        page.content += [
          "",
          "",
          `## ${t["grad-heading"] ?? "Check your own gradients"}`,
          "",
          fill(text, {
            rnn: `/${examples}/grad-rnn.json`,
            lstm: `/${examples}/grad-lstm.json`,
            gru: `/${examples}/grad-gru.json`,
            source: "{{ sourceArchive }}",
          }),
          "",
        ].join("\n");
      }
    });
  };
}

export default gradCheckerLink;
