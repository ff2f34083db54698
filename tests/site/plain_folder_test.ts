/**
 * `deno task build --src DIR --dest OUT` on a folder of plain Markdown pages
 * outside the project (issue 16): run as a user runs it, through the task of
 * `deno.json`, whose flags grant the project only (the command line starts
 * the build again with leave for the two folders). The pages get their
 * titles from the front matter, else the first heading, else the file name;
 * the layout links no results and no search page the folder does not have;
 * and bad `--src`/`--dest` pairs end with one line and a non-zero status,
 * touching nothing.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "@std/path";
import { parsePage } from "../../scripts/site/core/loader.ts";
import { runDeno } from "./_fixture.ts";

/** Run `deno task build` with `args`, as a user would. */
async function task(...args: string[]) {
  const { code, stderr } = await runDeno(["task", "--quiet", "build", ...args]);
  return { code, stderr: stderr.trim() };
}

/** Every file under `dir` with its bytes, by path. */
async function files(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const visit = async (folder: string, prefix: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) await visit(join(folder, entry.name), `${path}/`);
      else {
        const bytes = await Deno.readFile(join(folder, entry.name));
        found.set(path, new TextDecoder().decode(bytes));
      }
    }
  };
  await visit(dir, "");
  return found;
}

/** The pages of the plain folder, by path. */
const PAGES: Record<string, string> = {
  "index.md": "Welcome: [a page](/a/).\n",
  "a.md": "---\ntitle: From the front matter\n---\n\n## Not the title\n\n" +
    "A formula, $h_t = \\tanh(W h_{t-1})$, and [the next](/sub/b/).\n",
  "sub/b.md": "Some words first.\n\n```\n# a comment, not a heading\n```\n\n" +
    "# From the *first* heading\n\nBack [home](/).\n",
  "sub/deeper.md": "## A section heading\n\nText.\n",
  "c_d.md": "No heading at all.\n",
  "both.md": "---\ntitle: Said twice\n---\n\n# Said  twice\n\nText.\n",
  "elsewhere.md": "---\ntopic: not-one-of-the-notes\n---\n\nText.\n",
  "tried.md": "# Tried\n\n## Question\n\n### Given\n\nText.\n\n" +
    "## Solution\n\n### The step\n\nText.\n\n## Notes\n\n### Later\n\nText.\n",
};

Deno.test("deno task build --src DIR --dest OUT builds a plain folder outside the project", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "plain-pages-" });
  const src = join(dir, "pages");
  const dest = join(dir, "out");
  // The tests keep out of the project's own build cache.
  const cache = join(dir, "cache");
  for (const [path, text] of Object.entries(PAGES)) {
    await Deno.mkdir(join(src, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(src, path), text);
  }
  const pages = await files(src);
  const build = () => task("--src", src, "--dest", dest, "--cache", cache);

  await t.step("it builds, with no other file and no warning", async () => {
    const { code, stderr } = await build();
    assertEquals(code, 0, stderr);
    // English pages ask for no Chinese twins.
    assertEquals(stderr, "");
  });
  const built = await files(dest);

  await t.step("titles: front matter, first heading, file name", () => {
    const h1 = (path: string) =>
      [...built.get(path)!.matchAll(/<h1[^>]*>(.*?)<\/h1>/g)].map((m) => m[1]);
    assertEquals(h1("a/index.html"), ["From the front matter"]);
    // A level-1 heading taken for the title is not repeated.
    assertEquals(h1("sub/b/index.html"), ["From the first heading"]);
    assertEquals(h1("sub/deeper/index.html"), ["A section heading"]);
    assertEquals(h1("c_d/index.html"), ["c_d"]);
    // The front matter's title, said again as the first heading: once.
    assertEquals(h1("both/index.html"), ["Said twice"]);
    assertEquals(h1("index.html"), ["index"]);
    assertMatch(built.get("a/index.html")!, /<math/);
  });

  await t.step("no results, scripts or search page it does not have", () => {
    for (const [path, text] of built) {
      if (!path.endsWith(".html")) continue;
      assert(!text.includes('href="/results/'), `${path} links the results`);
      assert(!text.includes('action="/search/"'), `${path} has a search form`);
      assert(!text.includes("notes-source"), `${path} links the source`);
    }
    const urls = [...built.keys()];
    assert(!urls.some((path) => /^(results|scripts|errata)\b/.test(path)));
    // A page of its own with a solution: folded, and only the solution's
    // parts are marked in the contents (hidden while it is closed).
    const tried = built.get("tried/index.html")!;
    assertMatch(tried, /<details class="solution">/);
    assertEquals(
      [...tried.matchAll(/<li class="(toc-3[^"]*)"><a href="#([^"]+)"/g)]
        .map(([, classes, id]) => `${id}: ${classes}`),
      ["given: toc-3", "the-step: toc-3 toc-in-solution", "later: toc-3"],
    );
    // Nor the notes' example inputs of the gradient checker.
    assert(!urls.some((path) => path.startsWith("examples/")), `${urls}`);
    assert(built.has(".site-build"));
    // A page of a topic the notes do not have is left out of the sidebar.
    assert(!built.get("a/index.html")!.includes('href="/elsewhere/"'));
    assert(built.get("a/index.html")!.includes('href="/sub/b/"'));
    // Pages of no topic, and no topics: a list without the heading
    // "Reference" that names them beside the topics of the notes.
    assert(!/class="sidebar-group"/.test(built.get("a/index.html")!));
  });

  await t.step(
    "a second build is byte-identical, the pages untouched",
    async () => {
      const { code, stderr } = await build();
      assertEquals(code, 0, stderr);
      assertEquals(await files(dest), built);
      assertEquals(await files(src), pages);
    },
  );

  await t.step(
    "a folder without a home page: the site's title links nowhere",
    async () => {
      const bare = join(dir, "bare");
      const out = join(dir, "bare-out");
      await Deno.mkdir(bare);
      // A link to the same folder (`other/`) holds the slash of a link to
      // `/`: a broken link of the layout was once blamed on its line.
      await Deno.writeTextFile(
        join(bare, "a.md"),
        "# A page\n\nSee [the other](../b/).\n",
      );
      await Deno.writeTextFile(join(bare, "b.md"), "# Another\n\nText.\n");
      const { code, stderr } = await task(
        "--src",
        bare,
        "--dest",
        out,
        "--cache",
        cache,
      );
      assertEquals([code, stderr], [0, ""]);
      const html = await Deno.readTextFile(join(out, "a/index.html"));
      assertMatch(html, /<span class="site-title">/);
      assert(!/href="\/"/.test(html), "a link to the missing home page");
    },
  );

  await t.step("bad --src and --dest: one line, status non-zero", async () => {
    const file = join(dir, "a-file.md");
    await Deno.writeTextFile(file, "# A file\n");
    const other = join(dir, "someone-elses");
    await Deno.mkdir(other);
    await Deno.writeTextFile(join(other, "thesis.tex"), "keep me");
    const cases: [string[], RegExp][] = [
      [["--src", join(dir, "missing"), "--dest", dest], /no such folder/],
      [["--src", file, "--dest", dest], /it is a file, not a folder/],
      [["--src", src, "--dest", src], /it is the folder of the pages/],
      [["--src", src, "--dest", join(src, "out")], /lies inside the pages/],
      [["--src", src, "--dest", dir], /it holds the pages/],
      [["--src", src, "--dest", "."], /holds the project folder/],
      [["--src", src, "--dest", other], /no \.site-build of an earlier build/],
      [["--src", src, "--dest", file], /it is a file, not a folder/],
      [["--src", src, "--dest", join(dir, "a,b")], /comma/],
    ];
    for (const [args, says] of cases) {
      const { code, stderr } = await task(...args);
      assert(code !== 0, `${args.join(" ")} succeeded`);
      assertEquals(stderr.split("\n").length, 1, stderr);
      assertMatch(stderr, /^error: /);
      assertMatch(stderr, says);
    }
    assertEquals(await files(src), pages);
    assertEquals(await files(dest), built);
    assertEquals(await Deno.readTextFile(join(other, "thesis.tex")), "keep me");
    assertEquals(await Deno.readTextFile(file), "# A file\n");
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("parsePage() titles a page by its front matter, else its first heading, else its file name", () => {
  const title = (text: string, path = "x/page-name.md") =>
    parsePage(text, `content/${path}`, path).data.title;
  assertEquals(title("---\ntitle: Given\n---\n# Heading\n"), "Given");
  assertEquals(title("Intro.\n\n## The `h_t` [state](/s/)\n"), "The h_t state");
  assertEquals(title("~~~\n# code\n~~~\nText.\n"), "page-name");
  assertEquals(title("Text.\n", "x/index.md"), "x");
  // The heading taken for the title leaves the body; its line stays.
  const page = parsePage("# Title\n\nText.\n", "content/t.md", "t.md");
  assertEquals(page.content, "\n\nText.\n");
});
