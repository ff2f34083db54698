/**
 * A site whose configuration does not use the multilanguage plugin (a plain
 * site in one language): the layouts, which read the words of the page
 * chrome (`t`) and the language's twins (`alternates`), still render. The
 * words come from the site language's file, `_includes/i18n/en.yml`; there
 * is no language switch and no `hreflang` alternate. Without that file the
 * build stops with one line naming it.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { dirname, join, relative, SEPARATOR } from "@std/path";
import { parse } from "@std/yaml";
import { BuildError, walk } from "../../scripts/site/core/site.ts";
import {
  BASE,
  changedFiles,
  fixture,
  fixtureSite,
  GOOD,
  snapshot,
} from "./_fixture.ts";

/** The pages: the good page with a folded solution and a self-check. */
const PAGES = {
  ...BASE,
  "bptt/good.md": GOOD.replace(
    "---\n\n",
    "checks:\n  - label: The gain\n    value: gain\n---\n\n",
  ) + "\n## Solution\n\nThe gain is {{ r.gain |> num }}.\n",
};

/** The English words of the chrome, read here as YAML on their own. */
const EN = parse(
  await Deno.readTextFile("_includes/i18n/en.yml"),
) as Record<string, string>;

Deno.test("a site without the multilanguage plugin builds, in the site language's words, with no language switch", async (t) => {
  const dir = await fixture(PAGES);
  const plain = join(dir, "plain");
  await fixtureSite(join(dir, "content"), { multilanguage: false })
    .build({ dest: plain });
  const page = await Deno.readTextFile(join(plain, "bptt/good/index.html"));
  const home = await Deno.readTextFile(join(plain, "index.html"));

  await t.step("the chrome's words are en.yml's", () => {
    for (const html of [page, home]) {
      assertStringIncludes(html, '<html lang="en">');
      assertStringIncludes(
        html,
        `<a class="skip-link" href="#main">${EN["skip-link"]}</a>`,
      );
      assertStringIncludes(
        html,
        `<nav id="site-nav" class="sidebar" aria-label="${EN["nav-label"]}">`,
      );
    }
    assertStringIncludes(page, `<h2 id="toc-title">${EN["toc-title"]}</h2>`);
    // A sentence of the chrome with its `{slots}` filled.
    assertStringIncludes(
      page,
      EN["footer-computed-unknown"].replace("{exercise}", "<code>ex-1</code>"),
    );
    assert(!/\{[a-z][a-zA-Z-]*\}/.test(page), "a {slot} left unfilled");
    assert(!page.includes("undefined"), "a word missing");
  });

  await t.step("no language switch, no hreflang alternate", () => {
    for (const html of [page, home]) {
      assert(!html.includes("hreflang"), "an alternate or a switch link");
      assert(!html.includes('class="lang-switch"'), "a language switch");
    }
  });

  await t.step(
    "the pages are those of the plugin given the one language",
    async () => {
      const withPlugin = join(dir, "with-plugin");
      await fixtureSite(join(dir, "content"), { languages: ["en"] })
        .build({ dest: withPlugin });
      const a = await snapshot(plain);
      const b = await snapshot(withPlugin);
      assertEquals(changedFiles(a, b), []);
      assert(a.size > 5, `only ${a.size} files`);
    },
  );
});

Deno.test("a site without the multilanguage plugin and without _includes/i18n/en.yml stops with one line naming the file", async () => {
  const dir = await fixture(PAGES);
  // The project's layouts and assets, without their words (i18n/).
  const includes = join(dir, "_includes");
  for await (const file of walk("_includes")) {
    const path = relative("_includes", file);
    if (path.split(SEPARATOR)[0] === "i18n") continue;
    await Deno.mkdir(dirname(join(includes, path)), { recursive: true });
    await Deno.copyFile(file, join(includes, path));
  }
  const error = await assertRejects(
    () =>
      fixtureSite(join(dir, "content"), { multilanguage: false, includes })
        .build({ dest: join(dir, "_site") }),
    BuildError,
  );
  const file = join(includes, "i18n", "en.yml");
  assertEquals(error.file, file);
  assertEquals(
    error.message,
    `the words of the page chrome are missing: the layouts need ${file} (a copy of the project's _includes/i18n/en.yml)`,
  );
  assert(!error.message.includes("\n"));
});

Deno.test("a page in another language on a site without the multilanguage plugin stops the build with one line saying how to add it", async () => {
  const dir = await fixture({
    ...PAGES,
    // The front matter of its original, but for its title.
    "zh/bptt/good.md":
      "---\ntitle: 好\nlang: zh\nexercise: ex-1\ntopic: bptt\norder: 1\nchecks:\n  - label: 增益\n    value: gain\n---\n\n## 解答\n\n正文。\n",
  });
  const error = await assertRejects(
    () =>
      fixtureSite(join(dir, "content"), { multilanguage: false })
        .build({ dest: join(dir, "_site") }),
    BuildError,
  );
  assertEquals(error.file, join(dir, "content", "zh", "bptt", "good.md"));
  assertEquals(error.line, 3);
  assertEquals(
    error.message,
    '`lang: zh`, but the site is in en only: a page in another language needs the multilanguage plugin (`.use(multilanguage({ languages: ["en", "zh"] }))` in _config.ts)',
  );
  // With the plugin, the same pages build.
  await fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
    .build({ dest: join(dir, "_site") });
});
