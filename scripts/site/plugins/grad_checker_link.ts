/**
 * The pages of one topic (backpropagation through time) point students to
 * `deno task grad`, the gradient checker for their own RNN or LSTM, and to
 * its example inputs, published beside the pages.
 *
 * @module
 */
import type { Site } from "../core/site.ts";

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
    site.copy(examples, `/${examples}`);
    site.preprocess([".md"], (pages) => {
      for (const page of pages) {
        if (page.engine !== "md" || page.data.topic !== topic) continue;
        page.content += [
          "",
          "",
          "## Check your own gradients",
          "",
          "Derived a gradient by hand? The notes come with a checker: describe " +
          "your RNN, LSTM or GRU and a sequence as JSON, and `deno task grad FILE` " +
          "prints the loss and the exact gradient of every parameter, computed " +
          "by the same BPTT code these pages use (`--check` adds a " +
          "finite-difference comparison, `--terms` the (t, k) terms of the " +
          `double sum). Start from an example: [an RNN](/${examples}/grad-rnn.json), ` +
          `[an LSTM](/${examples}/grad-lstm.json), [a GRU](/${examples}/grad-gru.json); ` +
          "`deno task grad --help` and the README of " +
          "[the notes' source]({{ sourceArchive }}) explain every field.",
          "",
        ].join("\n");
      }
    });
  };
}

export default gradCheckerLink;
