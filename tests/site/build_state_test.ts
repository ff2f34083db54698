/**
 * A build skipped when nothing changed since the last (`build_state.ts`):
 * the command line, run as `deno task build` runs it on a fixture site,
 * says the site is up to date only when every input and every file of the
 * output is as the last build left it, and builds again after any change:
 * a page edited (even keeping its size and time) or added, the
 * configuration, other options, the output touched; a module of the project
 * or a layout, in-process. The renders kept between builds come back as they
 * were.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertFalse,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { join, resolve, toFileUrl } from "@std/path";
import { buildCommand } from "../../scripts/site/core/permissions.ts";
import {
  covered,
  inputPlaces,
  readState,
  stampFiles,
  unchanged,
} from "../../scripts/site/core/build_state.ts";
import { Renders } from "../../scripts/site/core/update.ts";
import { stubSite } from "./_stub_site.ts";
import type { Page } from "../../scripts/site/core/page.ts";
import { BASE, fixture, GOOD, runDeno, snapshot } from "./_fixture.ts";

Deno.test("stampFiles() and unchanged(): any file of a project added, gone, edited or touched is a change; the output folder too", async () => {
  const project = await Deno.makeTempDir({ prefix: "notes-state-" });
  const write = (path: string, text: string) =>
    Deno.mkdir(join(project, path, ".."), { recursive: true })
      .then(() => Deno.writeTextFile(join(project, path), text));
  await write("content/a.md", "A");
  await write("scripts/x.ts", "export const x = 1;");
  await write("_includes/layout.vto", "{{ content }}");
  await write("_site/index.html", "<p>A</p>");
  await write("_cache/results-1", "{}");
  await write("node_modules/p/index.js", "");
  const options = {
    src: "content",
    dest: "_site",
    cache: "_cache",
    config: "_config.ts",
  };
  const places = inputPlaces(project, options);
  const stamp = () => stampFiles(places.roots, places.skip);
  const inputs = await stamp();
  // What a build writes or never reads is not an input.
  assertEquals(Object.keys(inputs).sort(), [
    join(project, "_includes/layout.vto"),
    join(project, "content/a.md"),
    join(project, "scripts/x.ts"),
  ]);
  const dest = join(project, "_site");
  const state = {
    key: "k",
    places,
    dest,
    inputs,
    output: await stampFiles([dest], [], dest),
    pages: 1,
    files: 1,
    warnings: [],
    quiet: true,
  };
  assert(await unchanged(state, "k", await stamp(), dest));
  assertFalse(await unchanged(state, "other options", await stamp(), dest));

  // Each change is seen (after the ones before it).
  const changes: [string, () => Promise<void>][] = [
    ["a page added", () => write("content/b.md", "B")],
    ["a module edited", () => write("scripts/x.ts", "export const x = 2;")],
    [
      "a layout removed",
      () => Deno.remove(join(project, "_includes/layout.vto")),
    ],
    ["an output file removed", () => Deno.remove(join(dest, "index.html"))],
    ["an output file added", () => write("_site/extra.html", "")],
  ];
  for (const [what, change] of changes) {
    await change();
    assertFalse(
      await unchanged(state, "k", await stamp(), dest),
      `${what}: not seen`,
    );
  }
  // Pages in a folder not walked otherwise (the bench's copy) are walked.
  await write(".bench/pages/p.md", "P");
  const bench = inputPlaces(project, { ...options, src: ".bench/pages" });
  assert(covered(join(project, ".bench/pages/p.md"), bench));
  assertFalse(covered(join(project, ".bench/other.md"), bench));
  assert(
    join(project, ".bench/pages/p.md") in
      await stampFiles(bench.roots, bench.skip),
  );
  // The build cache and the packages are not inputs.
  const again = { ...state, inputs: await stamp() };
  again.output = await stampFiles([dest], [], dest);
  await write("_cache/results-2", "{}");
  await write("node_modules/p/other.js", "");
  assert(await unchanged(again, "k", await stamp(), dest));
  await Deno.remove(project, { recursive: true });
});

Deno.test("stampFiles(): a file edited within the clock's tick, keeping its size and time, is still a change (it was hashed)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-state-" });
  const file = join(dir, "a.md");
  await Deno.writeTextFile(file, "one");
  const before = await stampFiles([dir]);
  assert(before[file].sha, "a file just written is hashed");
  const { mtime } = await Deno.stat(file);
  await Deno.writeTextFile(file, "two");
  await Deno.utime(file, mtime!, mtime!);
  const after = await stampFiles([dir]);
  assertEquals(after[file].mtime, before[file].mtime);
  assertEquals(after[file].size, before[file].size);
  const state = {
    key: "k",
    places: { roots: [dir], skip: [] },
    dest: join(dir, "none"),
    inputs: before,
    output: {},
    pages: 0,
    files: 0,
    warnings: [],
    quiet: true,
  };
  assertFalse(await unchanged(state, "k", after, state.dest));
  await Deno.remove(dir, { recursive: true });
});

/** A build of the fixture in `dir`, with a configuration kept in place. */
async function setUp() {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const module = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, "_config.ts");
  const configure = (warning: string) =>
    Deno.writeTextFile(
      config,
      `import { fixtureSite } from ${JSON.stringify(module)};\n` +
        `const site = fixtureSite("content", { warnEveryPage: ${
          JSON.stringify(warning)
        } });\n` +
        `site.options.quiet = false;\n` +
        `export default site;\n`,
    );
  await configure("first");
  const places = {
    src: join(dir, "content"),
    dest: join(dir, "_site"),
    config,
    cache: join(dir, "_cache"),
  };
  const build = async (...args: string[]) => {
    const { code, stdout, stderr } = await runDeno(
      buildCommand(places, args),
    );
    assertEquals(code, 0, stderr);
    return { stdout, stderr, skipped: stdout.includes("is up to date") };
  };
  return { dir, build, configure, ...places };
}

Deno.test("deno task build: skipped when nothing changed since the last build, with its warnings; built again after any change", async (t) => {
  const { dir, build, configure, src, dest, cache, config } = await setUp();
  const first = await build();
  assertStringIncludes(first.stdout, "built 3 pages");
  const site = await snapshot(dest);
  const again = await build();
  assert(again.skipped, again.stdout);
  assertStringIncludes(again.stdout, "3 pages");
  assertEquals(again.stderr.trim(), "warning: first", "its warnings, again");
  assertEquals(await snapshot(dest), site);

  /**
   * `change`, then a build that builds (each change is made to a site the
   * last build left up to date: the next step's change is seen alone).
   */
  const rebuilds = async (change: () => Promise<void>, args: string[] = []) => {
    await change();
    const built = await build(...args);
    assertFalse(built.skipped, built.stdout);
    assertStringIncludes(built.stdout, "built");
  };
  const page = join(src, "bptt/good.md");
  await t.step(
    "a page edited: it alone is rendered, the others' renders are reused, and the site is the one a build from scratch makes",
    async () => {
      await Deno.writeTextFile(page, GOOD + "\nOne more line.\n");
      // Modified "now" for the build that stamps it, however long that build
      // takes to start on a loaded machine: the next step's edit keeps this
      // time, as an edit within the clock's tick would, and only a hash can
      // tell it (a page last written seconds before it was stamped is not
      // hashed, as in git, and such an edit is not seen).
      const soon = new Date(Date.now() + 60_000);
      await Deno.utime(page, soon, soon);
      const report = JSON.parse((await build("--json")).stdout);
      assertEquals([report.pages, report.rendered], [3, 1]);
      const next = JSON.parse((await build("--json")).stdout);
      assertEquals([next.unchanged, next.rendered], [true, 0]);
      const fresh = join(dir, "fresh");
      const scratch = await runDeno(
        buildCommand({ src, dest: fresh, config }, ["--no-cache"]),
      );
      assertEquals(scratch.code, 0, scratch.stderr);
      assertEquals(await snapshot(dest), await snapshot(fresh));
    },
  );
  assertStringIncludes(
    await Deno.readTextFile(join(dest, "bptt/good/index.html")),
    "One more line.",
  );
  await t.step(
    "a page edited keeping its size and time",
    () =>
      rebuilds(async () => {
        const { mtime } = await Deno.stat(page);
        await Deno.writeTextFile(page, GOOD + "\nOne more LINE.\n");
        await Deno.utime(page, mtime!, mtime!);
      }),
  );
  assertStringIncludes(
    await Deno.readTextFile(join(dest, "bptt/good/index.html")),
    "One more LINE.",
  );
  await t.step(
    "a page added",
    () =>
      rebuilds(() =>
        Deno.writeTextFile(
          join(src, "bptt/new.md"),
          "---\ntitle: New\n---\nN.\n",
        )
      ),
  );
  await t.step(
    "the configuration edited: every page is rendered again",
    async () => {
      await configure("second");
      const report = JSON.parse((await build("--json")).stdout);
      assertEquals(report.rendered, report.pages);
    },
  );
  assertStringIncludes((await build()).stderr, "warning: second");
  await t.step(
    "a file of the output removed",
    () => rebuilds(() => Deno.remove(join(dest, "bptt/new/index.html"))),
  );
  assert((await Deno.stat(join(dest, "bptt/new/index.html"))).isFile);
  await t.step(
    "a file of the output edited",
    () =>
      rebuilds(() => Deno.writeTextFile(join(dest, "index.html"), "changed")),
  );
  assert((await Deno.readTextFile(join(dest, "index.html"))).length > 100);

  await t.step(
    "a failed build, then the pages put back: nothing to do, the site as it was",
    async () => {
      const before = await snapshot(dest);
      const bad = join(src, "bptt/bad.md");
      await Deno.writeTextFile(bad, "---\ntitle: [\n---\n");
      const failed = await runDeno(
        buildCommand({ src, dest, config, cache }),
      );
      assertEquals(failed.code, 1);
      await Deno.remove(bad);
      const next = await build();
      assert(next.skipped, next.stdout);
      assertEquals(await snapshot(dest), before);
    },
  );

  await t.step(
    "other options",
    () => rebuilds(async () => {}, ["--no-search"]),
  );
  await t.step("--no-cache always builds", async () => {
    const { code, stdout } = await runDeno(
      buildCommand({ src, dest, config }, [
        "--no-cache",
      ]),
    );
    assertEquals(code, 0);
    assertStringIncludes(stdout, "built 4 pages");
  });
  assert(await readState(cache));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("Renders: what save() writes, restore() gives back in another Renders, which then renders only the page that changed; damaged text gives none", async () => {
  const pages = (): Page[] =>
    ["a", "b", "c"].map((name) => ({
      src: `content/${name}.md`,
      line: 1,
      url: `/${name}/`,
      data: { title: name.toUpperCase() } as Record<string, unknown>,
      content: `Text of "${name}", with quotes and a newline\n`,
      engine: "md" as const,
    }));
  const site = { inputs: { options: {} }, data: { title: "Site" } };
  const rendered: string[] = [];
  const render = (page: Page) => {
    rendered.push(page.url);
    page.output = `<p>${page.content}</p>`;
    page.data.toc = [{ id: page.url }];
    return Promise.resolve({
      files: [[`${page.url}x.csv`, "1,2\n"]] as [string, string][],
      warnings: [],
    });
  };
  const first = new Renders();
  await first.renderAll(pages(), site, render, () => {}, () => {});
  assertEquals(rendered, ["/a/", "/b/", "/c/"]);
  const text = first.save();

  const again = new Renders();
  assertEquals(again.restore(text), 3);
  const next = pages();
  next[1].content = "Edited.\n";
  rendered.length = 0;
  const replayed: string[] = [];
  await again.renderAll(next, site, render, (captured) => {
    replayed.push(...captured.files.map(([url]) => url));
  }, () => {});
  assertEquals(rendered, ["/b/"]);
  assertEquals(replayed, ["/a/x.csv", "/c/x.csv"]);
  assertEquals(next[0].output, `<p>${next[0].content}</p>`);
  assertEquals(next[2].data.toc, [{ id: "/c/" }]);

  for (const damaged of ["", "{}", text.slice(0, -1), text + "x", "[1]\n"]) {
    assertEquals(new Renders().restore(damaged), 0, JSON.stringify(damaged));
  }
});

Deno.test("Renders: a page is rendered again when an entry of the results it read changed, or, having listed them, when one came or went; the others are reused, across save() and restore()", async () => {
  type Results = Record<string, unknown>;
  const page = (name: string, data: Record<string, unknown> = {}): Page => ({
    src: `content/${name}.md`,
    url: `/${name}/`,
    data: { title: name, ...data },
    line: 1,
    content: name,
    engine: "md",
  });
  // What each page reads: an entry, whether one is there, the list, nothing.
  const reads: Record<string, (results: Results) => unknown> = {
    "/x/": (results) => results.x,
    "/y/": (results) => "y" in results && results.y,
    "/all/": (results) => Object.keys(results).join(","),
    "/none/": () => "",
    "/own/": () => "",
  };
  const rendered: string[] = [];
  const build = async (
    renders: Renders,
    results: Results,
    title = "Site",
  ) => {
    const data: Record<string, unknown> = { title, results };
    // The last page has its exercise's results in its data, as the plugin
    // gives them.
    const pages = ["x", "y", "all", "none"].map((name) => page(name));
    pages.push(page("own", { r: results.x }));
    rendered.length = 0;
    await renders.renderAll(
      pages,
      { inputs: { data }, data, keyed: ["results"] },
      (page) => {
        rendered.push(page.url);
        const value = reads[page.url](data.results as Results);
        page.output = `<p>${JSON.stringify(value ?? null)}</p>`;
        return Promise.resolve({ files: [], warnings: [] });
      },
      () => {},
      () => {},
    );
    return Object.fromEntries(pages.map((p) => [p.url, p.output]));
  };
  let renders = new Renders();
  await build(renders, { x: { v: 1 }, y: { v: 2 } });
  assertEquals(rendered.length, 5);
  /** The renders, as another process takes them from the last. */
  const restored = () => {
    const next = new Renders();
    assertEquals(next.restore(renders.save()), 5);
    return renders = next;
  };
  await build(restored(), { x: { v: 1 }, y: { v: 2 } });
  assertEquals(rendered, [], "the same results: nothing rendered");
  // The page that lists the results read every entry's descriptor: it is
  // rendered again when any changes.
  await build(renders, { x: { v: 1 }, y: { v: 3 } });
  assertEquals(rendered, ["/y/", "/all/"]);
  const outputs = await build(restored(), { x: { v: 4 }, y: { v: 3 } });
  assertEquals(rendered, ["/x/", "/all/", "/own/"]);
  assertEquals(outputs["/x/"], '<p>{"v":4}</p>');
  await build(renders, { x: { v: 4 }, y: { v: 3 }, z: {} });
  assertEquals(rendered, ["/all/"], "an entry added: the page that lists them");
  await build(renders, { x: { v: 4 }, z: {} });
  assertEquals(rendered, ["/y/", "/all/"], "an entry gone");
  await build(renders, { x: { v: 4 }, z: {} }, "Other");
  assertEquals(rendered.length, 5, "other site data changed: every page");
});

Deno.test("Site.writeRenders writes, piece by piece, the header and saveRenders()'s text, a render larger than a piece included", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-renders-" });
  try {
    await Deno.mkdir(join(dir, "content"));
    // Three pages, one of them over the 1 MiB a piece holds, of characters
    // of 2, 3 and 4 bytes in UTF-8 (𝜎 is two UTF-16 units): a piece may
    // end inside none of them.
    for (const [name, size] of [["a", 10], ["b", 500_000], ["c", 3]]) {
      await Deno.writeTextFile(
        join(dir, "content", `${name}.md`),
        `---\ntitle: ${name}\n---\n${"é梯𝜎".repeat(Number(size))}\n`,
      );
    }
    const site = stubSite(
      dir,
      (data) => `<html><body>${data.content}</body></html>`,
    );
    await site.build({}, { reuseRenders: true });
    const file = join(dir, "renders");
    await site.writeRenders(file, "id-1\n");
    const text = await Deno.readTextFile(file);
    assertEquals(text, `id-1\n${site.saveRenders()}`);
    assert(text.length > 1_500_000);
    // And what was written is what another build takes back.
    assertEquals(new Renders().restore(text.slice("id-1\n".length)), 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task build: after an edit to a script that only computes data, a page is rendered again only if its data changed; code that renders, edited, renders every page", async (t) => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const fixtureModule = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, "_config.ts");
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  const cache = join(dir, "_cache");
  const file = (name: string) => join(dir, name);
  // The scripts run in threads: the exercise's gain comes from `ex-1.ts`, its
  // label's type from `types.ts`, which the configuration imports as a type
  // only; `shared.ts` runs in both the scripts and the configuration.
  await Deno.writeTextFile(
    file("types.ts"),
    "/** A label. */\nexport type Label = string;\n",
  );
  await Deno.writeTextFile(
    file("shared.ts"),
    "/** Shared. */\nexport const SHARED = 1;\n",
  );
  const gain = (value: number, note = "The gain.") =>
    Deno.writeTextFile(
      file("ex-1.ts"),
      `/** ${note} */\nexport const GAIN = ${value};\n`,
    );
  await gain(0.123456789);
  await Deno.writeTextFile(
    file("scripts.ts"),
    `import { RESULTS } from ${JSON.stringify(fixtureModule)};\n` +
      `import type { Label } from "./types.ts";\n` +
      `import { GAIN } from "./ex-1.ts";\n` +
      `import { SHARED } from "./shared.ts";\n` +
      `const label: Label = "ex-1";\n` +
      `export const RESULT_SOURCES = [\n` +
      `  { id: label, compute: () => ({ ...RESULTS["ex-1"], gain: GAIN * SHARED }) },\n` +
      `];\n`,
  );
  await Deno.writeTextFile(
    config,
    `import { fixtureSite } from ${JSON.stringify(fixtureModule)};\n` +
      `import type { Label } from "./types.ts";\n` +
      `import { SHARED } from "./shared.ts";\n` +
      `const scripts: Label = import.meta.resolve("./scripts.ts");\n` +
      `export default fixtureSite("content", { scripts, warnEveryPage: SHARED ? "" : "x" });\n`,
  );
  const places = { src, dest, config, cache };
  // The modules beside the configuration are read by the build, granted.
  const granted = (args: string[]) =>
    args.map((arg) => arg.startsWith("--allow-read=") ? `${arg},${dir}` : arg);
  const build = async () => {
    const { code, stdout, stderr } = await runDeno(
      granted(buildCommand(places, ["--json"])),
    );
    assertEquals(code, 0, stderr);
    return JSON.parse(stdout) as {
      pages: number;
      rendered: number;
      unchanged?: boolean;
      prestarted?: number;
    };
  };
  /** The site a build from scratch makes of the same files. */
  const scratch = async () => {
    const fresh = join(dir, "fresh");
    await Deno.remove(fresh, { recursive: true }).catch(() => {});
    const { code, stderr } = await runDeno(
      granted(buildCommand({ src, dest: fresh, config }, ["--no-cache"])),
    );
    assertEquals(code, 0, stderr);
    return await snapshot(fresh);
  };
  const page = () => Deno.readTextFile(join(dest, "bptt/good/index.html"));
  try {
    const first = await build();
    assertEquals(first.rendered, first.pages);
    assertMatch(await page(), /0\.123/);
    await t.step(
      "its comment edited, its results the same: no page is rendered",
      async () => {
        await gain(0.123456789, "The gain, said otherwise.");
        const report = await build();
        assertFalse(report.unchanged);
        assertEquals(report.rendered, 0);
        // Its thread was started by the command line before the build asked.
        assertEquals(report.prestarted, 1);
        assertEquals(await snapshot(dest), await scratch());
      },
    );
    await t.step("a type it imports edited: no page is rendered", async () => {
      await Deno.writeTextFile(
        file("types.ts"),
        "/** A label, the exercise's id. */\nexport type Label = string;\n",
      );
      assertEquals((await build()).rendered, 0);
    });
    await t.step(
      "its results changed: the page showing them is rendered, with the new number, and no other",
      async () => {
        await gain(0.5);
        const report = await build();
        assertEquals(report.rendered, 1);
        assertMatch(await page(), /0\.5/);
        assertEquals(await snapshot(dest), await scratch());
      },
    );
    await t.step(
      "a module the configuration runs too, edited: every page is rendered",
      async () => {
        await Deno.writeTextFile(
          file("shared.ts"),
          "/** Shared, by both. */\nexport const SHARED = 1;\n",
        );
        const report = await build();
        assertEquals(report.rendered, report.pages);
        assertEquals(await snapshot(dest), await scratch());
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
