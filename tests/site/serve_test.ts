/**
 * `deno task serve` rebuilds incrementally (`Site.update`): these tests check
 * that what it writes is what a full build writes, file for file, after every
 * kind of change (a page's text, a title shown in every page's navigation, a
 * chart, a page added or removed, a layout, a copied file), that it renders
 * and writes only what a change reaches, that a failed update leaves the site
 * as it was, and, through the processes `serve` runs, that an edit reaches
 * the open page (a `reload` event, then the new page), a bad edit the error
 * (a `failed` event, the page unchanged), and a file saved unchanged nothing. The full builds compared
 * against are made by a fresh `Site` (no memory of earlier builds) or a fresh
 * process.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { join, resolve, toFileUrl } from "@std/path";
import { Changes } from "../../scripts/site/serve.ts";
import { buildFlags, buildTask } from "../../scripts/site/core/permissions.ts";
import { textLines } from "../../scripts/site/serve.ts";
import { pagefind } from "../../scripts/site/plugins/pagefind.ts";
import { BuildError, type Site } from "../../scripts/site/core/site.ts";
import {
  BASE,
  changedFiles,
  fixture,
  fixtureSite,
  GOOD,
  snapshot,
  writePages,
} from "./_fixture.ts";
import { builtSite } from "./_build.ts";

const OTHER = `---
title: Another page
topic: bptt
order: 2
---

## A section

Text that links to [the good page's equation](/bptt/good/#eq-power).
`;

/**
 * The fixture site of `dir`, as serve builds it: with its own copy of the
 * layouts (so a test may edit one) and a copied folder of its own.
 */
function siteOf(dir: string): Site {
  const site = fixtureSite(join(dir, "content"));
  site.options.includes = join(dir, "_includes");
  site.options.serve = true;
  return site.copy(join(dir, "static"), "/static");
}

async function copyFolder(from: string, to: string) {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) {
      await copyFolder(join(from, entry.name), join(to, entry.name));
    } else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/** A fixture with two pages that link each other, layouts and a copied file. */
async function servedFixture(): Promise<string> {
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "bptt/other.md": OTHER,
  });
  await copyFolder("_includes/layouts", join(dir, "_includes", "layouts"));
  await copyFolder("_includes/partials", join(dir, "_includes", "partials"));
  await copyFolder("_includes/i18n", join(dir, "_includes", "i18n"));
  await Deno.mkdir(join(dir, "static"));
  await Deno.writeTextFile(join(dir, "static", "note.txt"), "first\n");
  return dir;
}

/** Every folder under `dir` (empty ones too), sorted. */
async function foldersIn(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory) continue;
    found.push(`${prefix}${entry.name}`);
    found.push(
      ...await foldersIn(join(dir, entry.name), `${prefix}${entry.name}/`),
    );
  }
  return found.sort();
}

/** What a fresh site (no earlier build in memory) builds from `dir`. */
async function fullBuild(dir: string) {
  const dest = join(dir, "_full");
  await siteOf(dir).build({ dest });
  const files = await snapshot(dest);
  const folders = await foldersIn(dest);
  await Deno.remove(dest, { recursive: true });
  return { files, folders };
}

async function assertSameAsFullBuild(dir: string, dest: string) {
  const updated = await snapshot(dest);
  const full = await fullBuild(dir);
  assert(full.files.size > 10, `the full build wrote ${full.files.size} files`);
  assertEquals(
    changedFiles(full.files, updated),
    [],
    "differs from a full build",
  );
  assertEquals(await foldersIn(dest), full.folders);
}

Deno.test("an update writes what a full build writes, rendering and writing only what a change reaches", async (t) => {
  const dir = await servedFixture();
  const dest = join(dir, "_site");
  const site = siteOf(dir);
  const page = (path: string) => join(dir, "content", ...path.split("/"));
  const first = await site.update(undefined, { dest });
  assertEquals(first.rendered, first.pages);
  assertEquals(first.written, first.files);
  await assertSameAsFullBuild(dir, dest);

  await t.step(
    "nothing changed: nothing rendered, nothing written",
    async () => {
      const report = await site.update([], { dest });
      assertEquals([report.rendered, report.written], [0, 0]);
      await assertSameAsFullBuild(dir, dest);
    },
  );

  await t.step("a page's text: that page alone", async () => {
    await writePages(dir, {
      "bptt/other.md": OTHER + "\nOne more sentence.\n",
    });
    const report = await site.update([page("bptt/other.md")], { dest });
    assertEquals([report.rendered, report.written], [1, 1]);
    const html = await Deno.readTextFile(
      join(dest, "bptt", "other", "index.html"),
    );
    assertStringIncludes(html, "One more sentence.");
    await assertSameAsFullBuild(dir, dest);
  });

  await t.step("a page with a chart: the page and its CSV", async () => {
    await writePages(dir, {
      "bptt/good.md": GOOD.replace("## Question", "## The question"),
    });
    const report = await site.update([page("bptt/good.md")], { dest });
    assertEquals(report.rendered, 1);
    await assertSameAsFullBuild(dir, dest);
  });

  await t.step(
    "a title, shown in every page's navigation: every page",
    async () => {
      await writePages(dir, {
        "bptt/other.md": OTHER.replace("Another page", "A renamed page"),
      });
      const report = await site.update([page("bptt/other.md")], { dest });
      assertEquals(report.rendered, report.pages);
      const home = await Deno.readTextFile(join(dest, "index.html"));
      assertStringIncludes(home, "A renamed page");
      await assertSameAsFullBuild(dir, dest);
    },
  );

  await t.step("a page added, then removed", async () => {
    await writePages(dir, { "bptt/new.md": "---\ntitle: New\n---\nNew.\n" });
    const added = await site.update([page("bptt/new.md")], { dest });
    assertEquals(added.rendered, added.pages);
    assertEquals(added.pages, first.pages + 1);
    await assertSameAsFullBuild(dir, dest);
    await Deno.remove(page("bptt/new.md"));
    const removed = await site.update([page("bptt/new.md")], { dest });
    assertEquals(removed.pages, first.pages);
    await assertSameAsFullBuild(dir, dest);
  });

  await t.step("a partial of the layout: every page", async () => {
    const footer = join(dir, "_includes", "partials", "footer.vto");
    await Deno.writeTextFile(
      footer,
      (await Deno.readTextFile(footer)) + "<!-- edited -->\n",
    );
    const report = await site.update([footer], { dest });
    assertEquals(report.rendered, report.pages);
    assertStringIncludes(
      await Deno.readTextFile(join(dest, "index.html")),
      "<!-- edited -->",
    );
    await assertSameAsFullBuild(dir, dest);
  });

  await t.step("a copied file: copied again, no page rendered", async () => {
    const note = join(dir, "static", "note.txt");
    await Deno.writeTextFile(note, "second\n");
    const report = await site.update([note], { dest });
    assertEquals([report.rendered, report.written], [0, 1]);
    assertEquals(
      await Deno.readTextFile(join(dest, "static", "note.txt")),
      "second\n",
    );
    await assertSameAsFullBuild(dir, dest);
  });

  await t.step(
    "an equation numbered anew: the pages citing it show the new number",
    async () => {
      await writePages(dir, {
        "bptt/other.md": OTHER + "\nBy \\eqref{ex-1:power}.\n",
      });
      await site.update([page("bptt/other.md")], { dest });
      const other = () =>
        Deno.readTextFile(join(dest, "bptt", "other", "index.html"));
      assertStringIncludes(await other(), ">(ex-1.1)</a>");
      // A new labelled equation before the cited one, on the cited page.
      await writePages(dir, {
        "bptt/good.md": GOOD.replace(
          "## Question",
          () => "## Question\n\n$$\ny = 1 \\label{first}\n$$",
        ),
      });
      const report = await site.update([page("bptt/good.md")], { dest });
      assertEquals(report.rendered, report.pages);
      assertStringIncludes(await other(), ">(ex-1.2)</a>");
      await assertSameAsFullBuild(dir, dest);
    },
  );

  await t.step("a copied file nobody said changed: copied again", async () => {
    await Deno.writeTextFile(join(dir, "static", "note.txt"), "the third\n");
    const report = await site.update([], { dest });
    assertEquals(report.written, 1);
    await assertSameAsFullBuild(dir, dest);
  });

  await Deno.remove(dir, { recursive: true });
});

Deno.test("a failed update leaves the site as it was, and the next one writes what a full build writes", async (t) => {
  const dir = await servedFixture();
  const dest = join(dir, "_site");
  const site = siteOf(dir);
  const other = join(dir, "content", "bptt", "other.md");
  await site.update(undefined, { dest });
  const before = await snapshot(dest);

  const failures = [
    { name: "TeX that does not parse", text: "\nBroken $\\frac{1}{$.\n" },
    { name: "a broken link", text: "\nSee [nowhere](/nowhere/).\n" },
  ];
  for (const { name, text } of failures) {
    await t.step(name, async () => {
      await Deno.writeTextFile(other, OTHER + text);
      await assertRejects(() => site.update([other], { dest }));
      assertEquals(changedFiles(before, await snapshot(dest)), []);
    });
  }

  await t.step(
    "an edit that removes the id a link of another page, not rendered again, points to",
    async () => {
      const good = join(dir, "content", "bptt", "good.md");
      await Deno.writeTextFile(
        other,
        OTHER + "\nSee [the question](/bptt/good/#question).\n",
      );
      await site.update([other], { dest });
      const linked = await snapshot(dest);
      await Deno.writeTextFile(
        good,
        GOOD.replace("## Question", "## The question"),
      );
      const error = await assertRejects(
        () => site.update([good], { dest }),
        BuildError,
      );
      assertStringIncludes(
        error.message,
        'broken anchor "/bptt/good/#question": /bptt/good/ has no id "question"',
      );
      assertEquals(error.file, other);
      assertEquals(changedFiles(linked, await snapshot(dest)), []);
      await Deno.writeTextFile(good, GOOD);
      await Deno.writeTextFile(other, OTHER);
      await site.update([good, other], { dest });
      assertEquals(changedFiles(before, await snapshot(dest)), []);
    },
  );

  await t.step(
    "a layout changed in an update that failed before rendering is still a changed layout",
    async () => {
      const footer = join(dir, "_includes", "partials", "footer.vto");
      await Deno.writeTextFile(
        footer,
        (await Deno.readTextFile(footer)) + "<!-- edited -->\n",
      );
      await Deno.writeTextFile(other, "---\ntitle: [unclosed\n---\n");
      await assertRejects(() => site.update([footer, other], { dest }));
      assertEquals(changedFiles(before, await snapshot(dest)), []);
      // Only the page is said to change now; the layout changed all the same.
      await Deno.writeTextFile(other, OTHER);
      const report = await site.update([other], { dest });
      assertEquals(report.rendered, report.pages);
      await assertSameAsFullBuild(dir, dest);
    },
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an update does not link files of a site another build put in place", async () => {
  const dir = await servedFixture();
  const dest = join(dir, "_site");
  const site = siteOf(dir);
  await site.update(undefined, { dest });
  // Another build of another site (another title) replaces the folder (a
  // build into the same folder while serve runs is refused: the staging
  // folder is locked; this one was built elsewhere and moved in).
  const other = siteOf(dir);
  other.data("site", { title: "Another site", description: "Else." });
  await other.build({ dest: join(dir, "_other") });
  await Deno.remove(dest, { recursive: true });
  await Deno.rename(join(dir, "_other"), dest);
  assertStringIncludes(
    await Deno.readTextFile(join(dest, "index.html")),
    "Another site",
  );
  const report = await site.update([], { dest });
  assertEquals(report.written, report.files);
  await assertSameAsFullBuild(dir, dest);
  await site.settled();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("serve's watcher: a rebuild waits for the files written to be closed, and says what changed", () => {
  const cwd = "/notes";
  const delays = { quiet: 1, open: 50 };
  const changes = new Changes({ dest: "_site", cwd, delays });
  const event = (kind: Deno.FsEvent["kind"], ...paths: string[]) =>
    changes.add({ kind, paths: paths.map((path) => `${cwd}/${path}`) });

  // A save in place: truncated, written, closed.
  assertEquals(event("modify", "content/a.md"), 50);
  assertEquals(event("modify", "content/a.md"), 50);
  assertEquals(event("access", "content/a.md"), 1);
  assertEquals(changes.take(), { changed: ["content/a.md"], restart: false });

  // A save by rename (vim, VS Code's atomic save): the temporary files do not
  // count, the rename is done at once.
  assertEquals(event("create", "content/.a.md.swp"), undefined);
  assertEquals(event("modify", "content/a.md~"), undefined);
  assertEquals(event("rename", "content/.a.md.tmp", "content/a.md"), 1);
  assertEquals(changes.take(), { changed: ["content/a.md"], restart: false });

  // Two files, one still open: wait for it.
  event("create", "content/b.md");
  assertEquals(event("access", "_includes/layouts/page.vto"), 50);
  assertEquals(event("access", "content/b.md"), 1);
  assertEquals(changes.take(), {
    changed: ["content/b.md", "_includes/layouts/page.vto"],
    restart: false,
  });

  // Code: the builder restarts and builds everything.
  event("access", "scripts/site/plugins/nav.ts");
  assertEquals(changes.take(), { changed: undefined, restart: true });
  event("access", "_config.ts");
  assertEquals(changes.take(), { changed: undefined, restart: true });

  // The staging folder is not watched for; lost events mean anything changed.
  assertEquals(event("create", "_site.tmp/next/index.html"), undefined);
  assertEquals(changes.add({ kind: "other", paths: [], flag: "rescan" }), 1);
  assertEquals(changes.take(), { changed: undefined, restart: false });
});

/** A `_config.ts` for the fixture in `dir`, as serve's builder imports it. */
async function writeConfig(dir: string): Promise<string> {
  const url = (path: string) => JSON.stringify(toFileUrl(resolve(path)).href);
  const config = join(dir, "_config.ts");
  await Deno.writeTextFile(
    config,
    `import { fixtureSite } from ${url("tests/site/_fixture.ts")};\n` +
      `import { liveReload } from ${
        url("scripts/site/plugins/live_reload.ts")
      };\n` +
      `const site = fixtureSite(${
        JSON.stringify(join(dir, "content"))
      }).use(liveReload());\n` +
      // A template loop is stopped soon (serve's test writes one).
      `site.options.renderTimeout = 2;\nexport default site;\n`,
  );
  return config;
}

/** The next value of `lines` that `match` accepts, or an error after `ms`. */
async function next(
  lines: AsyncIterator<string>,
  match: (line: string) => boolean,
  what: string,
  ms = 60_000,
): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} in ${ms} ms`)), ms);
  });
  try {
    for (;;) {
      const { value, done } = await Promise.race([lines.next(), timeout]);
      if (done) throw new Error(`the stream ended before ${what}`);
      if (match(value)) return value;
    }
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("deno task serve: an edit reloads the open page with the new text, a bad edit shows the error and leaves the page as it was, a file saved unchanged reloads nothing, a template loop is stopped and the next build serves the page again", async () => {
  const dir = await servedFixture();
  const config = await writeConfig(dir);
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  const cache = join(dir, "_cache");
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const task = JSON.parse(await Deno.readTextFile("deno.json")).tasks.serve;
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...buildFlags(task, { src, dest, config, cache }),
      "scripts/site/cli.ts",
      "serve",
      ...["--port", String(port), "--src", src, "--dest", dest],
      ...["--config", config, "--cache", cache],
    ],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const log = textLines(server.stdout)[Symbol.asyncIterator]();
  const errors = textLines(server.stderr)[Symbol.asyncIterator]();
  const origin = `http://127.0.0.1:${port}`;
  try {
    await next(log, (line) => line.startsWith("serving "), "server");
    const events = await fetch(`${origin}/_serve/events`);
    const stream = textLines(events.body!)[Symbol.asyncIterator]();
    const event = async () => {
      const name = await next(stream, (l) => l.startsWith("event: "), "event");
      const data = await next(stream, (l) => l.startsWith("data: "), "data");
      return { name: name.slice(7), data: JSON.parse(data.slice(6)) };
    };
    const other = join(src, "bptt", "other.md");
    const page = async () =>
      await (await fetch(`${origin}/bptt/other/`)).text();

    await Deno.writeTextFile(other, OTHER + "\nAn edit made while served.\n");
    const reloaded = await event();
    assertEquals(reloaded.name, "reload", reloaded.data);
    const isBuilt = (line: string) => line.startsWith("built ");
    const built = await next(log, isBuilt, "report");
    assertStringIncludes(built, "1 rendered");
    const edited = await page();
    assertStringIncludes(edited, "An edit made while served.");
    assertStringIncludes(edited, "/_serve/reload.js");

    await Deno.writeTextFile(other, OTHER + "\nBroken $\\frac{1}{$.\n");
    const failed = await event();
    assertEquals(failed.name, "failed");
    assertStringIncludes(failed.data, `${other}:`);
    assertStringIncludes(failed.data, "TeX error");
    await next(errors, (line) => line.includes("TeX error"), "error line");
    assertEquals(await page(), edited);

    // Back to the text in place: nothing to write, but the open page shows
    // the error, so it reloads.
    await Deno.writeTextFile(other, OTHER + "\nAn edit made while served.\n");
    assertEquals(await event(), { name: "reload", data: "0" });
    assertStringIncludes(await next(log, isBuilt, "report"), " 0 of ");
    assertEquals(await page(), edited);
    // Saved again unchanged: no reload. The next event is the next edit's.
    await Deno.writeTextFile(other, OTHER + "\nAn edit made while served.\n");
    assertStringIncludes(
      await next(log, isBuilt, "report"),
      ": 0 rendered, 0 of ",
    );
    await Deno.writeTextFile(other, OTHER + "\nA second edit.\n");
    const second = await event();
    assertEquals(second.name, "reload");
    assert(Number(second.data) > 0, `${second.data} files written`);
    assertStringIncludes(await page(), "A second edit.");

    // A template loop: stopped at the time limit, its builder ended (its
    // thread cannot be stopped otherwise), and the next build, in another
    // builder, serves the page again.
    const loop = join(src, "bptt", "loop.md");
    await Deno.writeTextFile(
      loop,
      "---\ntitle: Loop\n---\n\n{{> while (true) {} }}\n",
    );
    const stopped = await event();
    assertEquals(stopped.name, "failed");
    assertStringIncludes(stopped.data, "took longer than 2 s");
    await Deno.remove(loop);
    const recovered = await event();
    assertEquals(recovered.name, "reload", recovered.data);
    assertStringIncludes(await page(), "A second edit.");
    await stream.return?.();
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await log.return?.();
    await errors.return?.();
    await Deno.remove(dir, { recursive: true });
  }
});

/** Every file of a built site but its search index, with its bytes. */
async function withoutIndex(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name === "pagefind") continue;
    const path = join(dir, entry.name);
    if (entry.isFile) files.set(entry.name, await Deno.readFile(path));
    else {
      for (const [file, bytes] of await snapshot(path)) {
        files.set(`${entry.name}/${file}`, bytes);
      }
    }
  }
  return files;
}

/**
 * `cli.ts builder`, as serve runs it, for the pages `src` into `dest`, with
 * the build cache `cache` (and the configuration `config` and other `flags`
 * when given). `build` sends a line and expects a build that worked;
 * `answer` returns whatever the builder answers.
 */
function builder(
  src: string,
  dest: string,
  cache: string,
  { config, flags = [] }: { config?: string; flags?: string[] } = {},
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...buildFlags(buildTask(), { src, dest, cache, config }),
      "scripts/site/cli.ts",
      "builder",
      ...["--src", src, "--dest", dest, "--cache", cache],
      ...(config ? ["--config", config] : []),
      ...flags,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const answers = textLines(child.stdout)[Symbol.asyncIterator]();
  const answer = async (line: string) => {
    await writer.write(new TextEncoder().encode(`${line}\n`));
    return JSON.parse(
      await next(answers, (l) => l.startsWith("{"), "answer", 180_000),
    );
  };
  return {
    answer,
    async build(line: string) {
      const answered = await answer(line);
      assert(answered.ok, answered.error);
      return answered;
    },
    /** The exit code, or "still running" after `ms`. */
    async ended(ms: number): Promise<number | string> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const code = await Promise.race([
        child.status.then(({ code }) => code),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve("still running"), ms);
        }),
      ]);
      clearTimeout(timer);
      return code;
    },
    /** Close its input (it ends then, if it has not), and wait for it. */
    async close() {
      await writer.close().catch(() => {});
      await child.status;
      await answers.return?.();
    },
  };
}

Deno.test("the real site, rebuilt by serve's builder after edits, is file for file a fresh process's full build (search index aside)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-serve-" });
  const src = join(dir, "content");
  await copyFolder("content", src);
  // A copy of the cache the run's shared build filled: the results, charts
  // and formulas come from it (the build tests check that they are what is
  // computed), so that this test pays for rendering, not for the scripts;
  // a copy, because these builds add formulas and drop the unused ones.
  const cache = join(dir, "_cache");
  await copyFolder(join(await builtSite(), "..", "_cache"), cache);
  const served = builder(src, join(dir, "_site"), cache);
  try {
    const first = await served.build("build");
    assertEquals(first.rendered, first.pages);
    // A title shows in every page's navigation: every page is rendered.
    const titled = join(src, "vanishing", "n4.md");
    const text = await Deno.readTextFile(titled);
    await Deno.writeTextFile(
      titled,
      text.replace(/^title: .*$/m, "title: A title changed by a test"),
    );
    const retitled = await served.build(JSON.stringify({ changed: [titled] }));
    assertEquals(retitled.rendered, retitled.pages);
    // A sentence: that page alone.
    const edited = join(src, "bptt", "rnn-1a.md");
    await Deno.writeTextFile(
      edited,
      (await Deno.readTextFile(edited)) + "\nA sentence added by a test.\n",
    );
    const report = await served.build(JSON.stringify({ changed: [edited] }));
    assertEquals(report.rendered, 1);
    assert(report.written < 5, `${report.written} files written`);
    // A Chinese page, with a link to an English page that the language
    // layer sends to its Chinese twin: kept work of the other pages (their
    // links translated, their headings' ids) must not leak into it.
    const zh = join(src, "zh", "bptt", "rnn-1a.md");
    await Deno.writeTextFile(
      zh,
      (await Deno.readTextFile(zh)) +
        "\n测试加的一句，见[另一题](/bptt/rnn-1b/)。\n",
    );
    const zhReport = await served.build(JSON.stringify({ changed: [zh] }));
    assertEquals(zhReport.rendered, 1);
    // A data file that the references page reads (parsed again only when
    // its text changes).
    const notes = join(src, "_data", "references_zh.yml");
    await Deno.writeTextFile(
      notes,
      (await Deno.readTextFile(notes)).replace(
        /^(werbos1990:\n {2}note: )/m,
        "$1测试改过的说明。",
      ),
    );
    await served.build(JSON.stringify({ changed: [notes] }));
  } finally {
    await served.close();
  }
  const fresh = builder(src, join(dir, "_full"), cache);
  try {
    await fresh.build("build");
  } finally {
    await fresh.close();
  }
  const updated = await withoutIndex(join(dir, "_site"));
  const full = await withoutIndex(join(dir, "_full"));
  assert(full.size > 50, `${full.size} files`);
  assertEquals(changedFiles(full, updated), []);
  const page = new TextDecoder().decode(updated.get("bptt/rnn-1a/index.html"));
  assertStringIncludes(page, "A sentence added by a test.");
  assertStringIncludes(page, "A title changed by a test");
  const zhPage = new TextDecoder().decode(
    updated.get("zh/bptt/rnn-1a/index.html"),
  );
  assertStringIncludes(zhPage, '测试加的一句，见<a href="/zh/bptt/rnn-1b/">');
  assertStringIncludes(
    new TextDecoder().decode(updated.get("zh/references/index.html")),
    "测试改过的说明。",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("in serve, the search index is refreshed after an update, and an update never waits for it", async () => {
  const dir = await servedFixture();
  const dest = join(dir, "_site");
  const site = siteOf(dir).use(pagefind());
  const other = join(dir, "content", "bptt", "other.md");
  const entry = () =>
    Deno.readTextFile(join(dest, "pagefind", "pagefind-entry.json"));
  await site.update(undefined, { dest });
  const indexed = await entry();
  // Two updates in a row: the second stops the refresh the first scheduled.
  for (const word of ["aardvark", "zebra"]) {
    await Deno.writeTextFile(other, OTHER + `\nA word: ${word}.\n`);
    const report = await site.update([other], { dest });
    assertEquals(report.rendered, 1);
    // The update did not wait: the site has the index it had.
    if (word === "aardvark") assertEquals(await entry(), indexed);
  }
  // The refresh of the last one runs to its end: the index changes, and
  // the index it wrote into the staging folder moves into the site.
  const fresh = join(`${dest}.tmp`, "search");
  const gone = () => Deno.stat(fresh).then(() => false, () => true);
  for (
    let waited = 0;
    (await entry()) === indexed || !(await gone());
    waited++
  ) {
    assert(waited < 600, "the index was not refreshed in 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert((await snapshot(join(dest, "pagefind"))).size > 5);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("serve's builder ends after a render past the configuration's time limit or a script past --script-timeout (Deno cannot stop the thread, which would use a core until the process ends), having said so", async (t) => {
  const url = (path: string) => JSON.stringify(toFileUrl(resolve(path)).href);
  const cases: {
    name: string;
    pages: Record<string, string>;
    sources: string;
    options: string;
    flags: string[];
    says: string;
  }[] = [
    {
      name: "a template that loops forever",
      pages: {
        "bptt/a-loop.md": "---\ntitle: Loop\n---\n\n{{> while (true) {} }}\n",
      },
      sources: "",
      // The configuration's limit (the command line's is another test's).
      options: "site.options.renderTimeout = 2;",
      flags: [],
      says: "a-loop.md: rendering it took longer than 2 s",
    },
    {
      name: "an exercise script that loops forever",
      pages: {},
      sources:
        `{ id: "spin", source: "scripts/spin.ts", compute: () => { for (;;) {} } },`,
      options: "",
      flags: ["--script-timeout", "1"],
      says: "scripts/spin.ts: compute() did not finish within 1 s",
    },
  ];
  for (const { name, pages, sources, options, flags, says } of cases) {
    await t.step(name, async () => {
      const dir = await fixture({ ...BASE, "bptt/good.md": GOOD, ...pages });
      const config = join(dir, "_config.ts");
      await Deno.writeTextFile(
        config,
        `import { fixtureSite, RESULTS } from ${
          url("tests/site/_fixture.ts")
        };\n` +
          `export const RESULT_SOURCES = [\n` +
          `  { id: "ex-1", compute: () => RESULTS["ex-1"] }, ${sources}\n];\n` +
          `const site = fixtureSite(${
            JSON.stringify(join(dir, "content"))
          }, { scripts: import.meta.url });\n${options}\nexport default site;\n`,
      );
      const process = builder(
        join(dir, "content"),
        join(dir, "_site"),
        join(dir, "_cache"),
        { config, flags },
      );
      try {
        const answer = await process.answer("build");
        assertEquals(answer.ok, false);
        assertStringIncludes(answer.error, says);
        assertEquals(answer.restart, true);
        // It ends by itself, its input still open: the thread ends with it.
        assertEquals(await process.ended(60_000), 0);
      } finally {
        await process.close();
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});
