/**
 * The generate plugin on a fixture site: one page per item of a list, made
 * from a Markdown template that is not a page itself, with the item's data,
 * linked in order when asked; an error in the template names the template
 * and the line.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { BuildError } from "../../scripts/site/core/site.ts";
import { generate } from "../../scripts/site/plugins/generate.ts";
import { listFiles } from "./_build.ts";
import { BASE, fixture, fixtureSite } from "./_fixture.ts";

const TEMPLATE = `---
nav: false
---

Item {{ name }}, gain {{ results["ex-1"].gain |> num }}.
`;

function siteWithItems(src: string, items: string[]) {
  return fixtureSite(src).use(generate({
    template: "items/_item.md",
    items: () => items,
    url: (name) => `/items/${name}/`,
    data: (name) => ({ name, title: `Item ${name}` }),
    pager: true,
  }));
}

Deno.test("generate makes one page per item from the template, linked in order", async () => {
  const dir = await fixture({ ...BASE, "items/_item.md": TEMPLATE });
  const dest = join(dir, "_site");
  await siteWithItems(join(dir, "content"), ["a", "b", "c"]).build({ dest });
  const files = await listFiles(dest);
  assertEquals(files.filter((f) => f.startsWith("items/")), [
    "items/a/index.html",
    "items/b/index.html",
    "items/c/index.html",
  ]);
  const read = async (name: string) =>
    parseHTML(
      await Deno.readTextFile(join(dest, "items", name, "index.html")),
    ).document;
  const pager = (document: Document) =>
    [...document.querySelectorAll(".pager a")].map((a) =>
      `${a.getAttribute("rel")} ${a.getAttribute("href")}`
    );
  const b = await read("b");
  assertEquals(b.querySelector("h1")?.textContent, "Item b");
  assertStringIncludes(b.querySelector(".prose")!.textContent!, "Item b, gain");
  assert(b.querySelector('.prose [data-num="0.123456789"]'), "no number");
  assertEquals(pager(b), ["prev /items/a/", "next /items/c/"]);
  assertEquals(pager(await read("a")), ["next /items/b/"]);
  assertEquals(pager(await read("c")), ["prev /items/b/"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an error in a template names the template and its line", async () => {
  const dir = await fixture({
    ...BASE,
    "items/_item.md": "---\nnav: false\n---\n\nLine five.\n{{ nope }}\n",
  });
  const error = await assertRejects(
    () =>
      siteWithItems(join(dir, "content"), ["a"]).build({
        dest: join(dir, "_site"),
      }),
    BuildError,
  );
  assertEquals(error.file, join(dir, "content", "items", "_item.md"));
  assertEquals(error.line, 6);
  assertStringIncludes(error.message, "nope is not defined");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a template that does not exist is an error naming it", async () => {
  const dir = await fixture(BASE);
  const error = await assertRejects(
    () =>
      siteWithItems(join(dir, "content"), ["a"]).build({
        dest: join(dir, "_site"),
      }),
    BuildError,
  );
  assertStringIncludes(error.message, "items/_item.md does not exist");
  await Deno.remove(dir, { recursive: true });
});
