/**
 * The pages' Markdown: what an author writes beyond CommonMark (a heading's
 * `{#id}`), and what only looks like a reference link.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { createMarkdown } from "../../scripts/site/plugins/markdown.ts";

Deno.test("a heading's {#id} is its id, taken out of its text and its table of contents; a bracket that is an index or a set is text", () => {
  const md = createMarkdown();
  const env = { toc: [] as { id: string; html: string }[] };
  const html: string = md.render(
    "## The carousel {#carousel}\n\nBack [to it](#carousel), W[0][1], {1, 2}.\n\n## Sets {1, 2}\n",
    env,
  );
  assert(html.includes('<h2 id="carousel">The carousel</h2>'), html);
  assert(html.includes('<h2 id="sets-1-2">Sets {1, 2}</h2>'), html);
  assert(html.includes("W[0][1], {1, 2}."), html);
  assertEquals(env.toc.map((entry) => [entry.id, entry.html]), [
    ["carousel", "The carousel"],
    ["sets-1-2", "Sets {1, 2}"],
  ]);
});

Deno.test("a reference link with its definition, and escaped brackets, are no error", () => {
  const md = createMarkdown();
  const html: string = md.render(
    "See [the rule][chain] and \\[a\\]\\[b\\].\n\n[chain]: /bptt/\n",
    {},
  );
  assert(html.includes('<a href="/bptt/">the rule</a>'), html);
  assert(html.includes("[a][b]"), html);
});
