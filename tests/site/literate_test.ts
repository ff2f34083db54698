/**
 * The literate pages' highlighting: each coloured span has one of the
 * stylesheet's colour classes, and the stylesheet colours those alone.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { EXERCISES } from "../../scripts/exercises/mod.ts";
import { builtSite } from "./_build.ts";
import { SCOPE_CLASSES } from "../../scripts/site/plugins/_highlight.ts";

Deno.test("highlighted code: each colour class the build gives has its rule in highlight.css, light and dark, and the stylesheet colours no other", async () => {
  const css = (await Deno.readTextFile("_includes/assets/highlight.css"))
    .replace(/\/\*[\s\S]*?\*\//g, "");
  const dark = css.slice(css.indexOf("@media"));
  const light = css.slice(0, css.indexOf("@media"));
  const classes = (text: string) =>
    new Set([...text.matchAll(/code \.([\w-]+)/g)].map((m) => m[1]));
  const given = new Set(Object.values(SCOPE_CLASSES));
  assertEquals([...classes(light)].sort(), [...given].sort());
  assertEquals([...classes(dark)].sort(), [...given].sort());
  // Nothing else in it but those rules.
  assertEquals(
    [...css.matchAll(/([^{}]+)\{/g)].map((m) => m[1].trim())
      .filter((selector) =>
        !selector.startsWith("@media") && !/^code \.[a-z]$/.test(selector)
      ),
    [],
  );
});

Deno.test("highlighted code on the built pages: every span has a colour class, none of highlight.js's own is left", async () => {
  const dir = await builtSite();
  const given = new Set(Object.values(SCOPE_CLASSES));
  let spans = 0;
  for (const { id } of EXERCISES) {
    for (const path of [["scripts", id], ["scripts", id, "tests"]]) {
      const html = await Deno.readTextFile(join(dir, ...path, "index.html"));
      for (
        const code of html.matchAll(
          /<code class="[^"]*hljs[^"]*">([\s\S]*?)<\/code>/g,
        )
      ) {
        for (const span of code[1].matchAll(/<span([^>]*)>/g)) {
          spans++;
          const name = /^ class="([^"]*)"$/.exec(span[1])?.[1];
          assert(
            name !== undefined && given.has(name),
            `${path.join("/")}: <span${span[1]}> in its code`,
          );
        }
      }
      assert(!html.includes("hljs-"), `${path.join("/")}: a class hljs-…`);
    }
  }
  assert(spans > 1000, `only ${spans} highlighted spans`);
});

Deno.test("each script's literate page links to its test file's page, with every test in it", async () => {
  const dir = await builtSite();
  for (const { id } of EXERCISES) {
    const file = `tests/exercises/${id}_test.ts`;
    const test = await Deno.readTextFile(file);
    // The script's page links to the tests' page where the tests were.
    // (A name kept on one line by the ties plugin reads as its text.)
    const unwrap = (html: string) =>
      html.replace(/<span class="nobr">([^<]*)<\/span>/g, "$1");
    const script = unwrap(
      await Deno.readTextFile(join(dir, "scripts", id, "index.html")),
    );
    assert(
      script.includes(`<h2 id="tests" class="lit-tests-heading">`) &&
        script.includes(
          `<a href="/scripts/${id}/tests/"><code>${file}</code></a>`,
        ),
      `${id}: no link to its tests' page`,
    );
    const html = unwrap(
      await Deno.readTextFile(join(dir, "scripts", id, "tests", "index.html")),
    );
    assert(html.includes(`<code>${file}</code>`), `${id}: no tests page`);
    // Every Deno.test of the file is on the page, by its name.
    const names = [...test.matchAll(/Deno\.test\(\s*["'`]([^"'`]+)["'`]/g)]
      .map((m) => m[1]);
    assert(names.length > 0, `${file} has no Deno.test`);
    const text = html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    for (const name of names) {
      assert(text.includes(name), `${id}: test "${name}" is not shown`);
    }
  }
});

Deno.test("an exercise's pages, its script's and its tests', and the errata's each say in their description what they are, in their language", async () => {
  const dir = await builtSite();
  const description = async (path: string) => {
    const html = await Deno.readTextFile(join(dir, path, "index.html"));
    const found = /<meta name="description" content="([^"]*)">/.exec(html)?.[1];
    if (found === undefined) throw new Error(`${path}: no description`);
    return found.replaceAll("&amp;", "&").replaceAll("&quot;", '"');
  };
  const seen = new Map<string, string>();
  const once = (path: string, text: string) => {
    assertEquals(seen.get(text), undefined, `${path}: ${text}`);
    seen.set(text, path);
  };
  for (const { id } of EXERCISES) {
    for (const prefix of ["", "zh/"]) {
      const script = await description(`${prefix}scripts/${id}`);
      assert(script.includes(`scripts/exercises/${id}.ts`), script);
      once(`${prefix}scripts/${id}`, script);
      const tests = await description(`${prefix}scripts/${id}/tests`);
      assert(tests.includes(`tests/exercises/${id}_test.ts`), tests);
      once(`${prefix}scripts/${id}/tests`, tests);
      // In the language of the page: Chinese words on a Chinese page.
      assertEquals(/[\u4e00-\u9fff]/.test(script), prefix === "zh/", script);
    }
  }
  // Each exercise page: its id and its title (as its <h1> shows it).
  for await (const entry of Deno.readDir(join(dir, "bptt"))) {
    for (const prefix of ["", "zh/"]) {
      const path = `${prefix}bptt/${entry.name}`;
      const html = await Deno.readTextFile(join(dir, path, "index.html"));
      const title = /<title>(.*?) · /.exec(html)?.[1];
      const text = await description(path);
      assert(text.includes(entry.name) && title && text.includes(title), text);
      once(path, text);
    }
  }
  // The errata: their overview and each source's page, by its number.
  for (const prefix of ["", "zh/"]) {
    once(`${prefix}errata`, await description(`${prefix}errata`));
    for await (const entry of Deno.readDir(join(dir, prefix, "errata"))) {
      if (!entry.isDirectory) continue;
      const path = `${prefix}errata/${entry.name}`;
      const text = await description(path);
      assert(text.includes(entry.name.replace("seed-", "")), text);
      once(path, text);
    }
  }
});
