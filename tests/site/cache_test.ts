/**
 * The build cache: the fingerprint changes with every byte of the code it
 * covers and with nothing else, entries are found only under their whole
 * key, a damaged or unwritable cache never fails a build, and a plugin that
 * finds its value in the cache does not compute it.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import { join, toFileUrl } from "@std/path";
import {
  BuildCache,
  CachedMap,
  fingerprint,
} from "../../scripts/site/core/cache.ts";
import { results } from "../../scripts/site/plugins/results.ts";
import { Site } from "../../scripts/site/core/site.ts";
import { BASE, fixtureSite, GOOD, writePages } from "./_fixture.ts";

/** A folder of code: two scripts and a lock file. */
async function codeFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  await Deno.mkdir(join(dir, "scripts", "lib"), { recursive: true });
  await Deno.writeTextFile(join(dir, "scripts", "a.ts"), "export const a = 1;");
  await Deno.writeTextFile(join(dir, "scripts", "lib", "b.ts"), "export {};");
  await Deno.writeTextFile(join(dir, "deno.lock"), '{"version": "5"}');
  return dir;
}

Deno.test("the fingerprint changes when any byte of the code changes, and only then", async () => {
  const dir = await codeFolder();
  const paths = [join(dir, "scripts"), join(dir, "deno.lock")];
  const before = await fingerprint(paths);
  assertEquals(await fingerprint(paths), before, "not deterministic");
  assert(/^[0-9a-f]{64}$/.test(before));

  const changes: [string, () => Promise<void>, () => Promise<void>][] = [
    [
      "a script edited",
      () =>
        Deno.writeTextFile(join(dir, "scripts", "a.ts"), "export const a = 2;"),
      () =>
        Deno.writeTextFile(join(dir, "scripts", "a.ts"), "export const a = 1;"),
    ],
    [
      "a script added in a subfolder",
      () => Deno.writeTextFile(join(dir, "scripts", "lib", "c.ts"), ""),
      () => Deno.remove(join(dir, "scripts", "lib", "c.ts")),
    ],
    [
      "the lock file changed",
      () => Deno.writeTextFile(join(dir, "deno.lock"), '{"version": "4"}'),
      () => Deno.writeTextFile(join(dir, "deno.lock"), '{"version": "5"}'),
    ],
    [
      "a script renamed",
      () =>
        Deno.rename(join(dir, "scripts", "a.ts"), join(dir, "scripts", "z.ts")),
      () =>
        Deno.rename(join(dir, "scripts", "z.ts"), join(dir, "scripts", "a.ts")),
    ],
  ];
  for (const [what, change, undo] of changes) {
    await change();
    assertNotEquals(await fingerprint(paths), before, what);
    await undo();
    assertEquals(await fingerprint(paths), before, `after undoing: ${what}`);
  }
  // Bytes moved from the end of one file to the start of the next.
  await Deno.writeTextFile(join(dir, "scripts", "a.ts"), "export const a = 1");
  await Deno.writeTextFile(join(dir, "scripts", "lib", "b.ts"), ";export {};");
  assertNotEquals(
    await fingerprint(paths),
    before,
    "bytes moved between files",
  );
  // Something outside the paths (the pages) does not count.
  await Deno.writeTextFile(join(dir, "scripts", "a.ts"), "export const a = 1;");
  await Deno.writeTextFile(join(dir, "scripts", "lib", "b.ts"), "export {};");
  await Deno.writeTextFile(join(dir, "page.md"), "# New page");
  assertEquals(await fingerprint(paths), before, "a page is not code");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a module's fingerprint covers what it imports, however, and nothing else", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const write = (path: string, text: string) =>
    Deno.writeTextFile(join(dir, path), text);
  await Deno.mkdir(join(dir, "lib"));
  await write(
    "main.ts",
    'import { b } from "./lib/b.ts";\nexport const a = b;',
  );
  // b imports c by a dynamic import and d as a worker; c imports b back.
  await write(
    "lib/b.ts",
    'export const b = 1;\nawait import("./c.ts");\n' +
      'new Worker(new URL("../d.ts", import.meta.url), { type: "module" });',
  );
  await write("lib/c.ts", '// see "./gone.ts"\nimport "./b.ts";');
  await write("d.ts", "export {};");
  await write("other.ts", "export const other = 1;");
  const main = [{ module: join(dir, "main.ts") }];
  const before = await fingerprint(main);
  for (const file of ["main.ts", "lib/b.ts", "lib/c.ts", "d.ts"]) {
    const text = await Deno.readTextFile(join(dir, file));
    await write(file, text + "\n");
    assertNotEquals(await fingerprint(main), before, `${file} edited`);
    await write(file, text);
  }
  assertEquals(await fingerprint(main), before);
  await write("other.ts", "export const other = 2;");
  assertEquals(await fingerprint(main), before, "a module it does not import");
  // Named twice, a file counts once.
  assertEquals(await fingerprint([...main, join(dir, "main.ts")]), before);
  await Deno.remove(join(dir, "main.ts"));
  await assertRejects(() => fingerprint(main), Deno.errors.NotFound);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an entry is found under its whole key only, and replaces the older one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const cache = new BuildCache(dir);
  const key = "a".repeat(64);
  const sameStart = "a".repeat(32) + "b".repeat(32);
  await cache.write("results", key, '{"x": 1}');
  assertEquals(await cache.read("results", key), '{"x": 1}');
  assertEquals(await cache.read("results", sameStart), undefined);
  assertEquals(await cache.read("bundle", key), undefined, "another name");
  await cache.write("results", "c".repeat(64), '{"x": 2}');
  assertEquals(await cache.read("results", key), undefined, "not replaced");
  assertEquals(
    [...Deno.readDirSync(dir)].map((entry) => entry.name),
    [`results-${"c".repeat(32)}`],
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a cached map asked to load while it loads waits for that load (the charts and diagrams load theirs when a page first asks, maybe twice at once)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const code = join(dir, "code.ts");
    await Deno.writeTextFile(code, "export {};\n");
    const site = { cache: new BuildCache(join(dir, "_cache")) };
    const first = new CachedMap(site, "charts", [code]);
    await first.load();
    first.set("rows", "<svg/>");
    await first.store();
    const again = new CachedMap({ cache: site.cache }, "charts", [code]);
    const loading = again.load();
    await again.load(); // not done before the first
    assertEquals(again.get("rows"), "<svg/>");
    await loading;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an entry given in pieces is their text, whole, however many megabytes (and the entry before it is replaced)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new BuildCache(dir);
    await cache.write("bundle", "k1", "old");
    // Three megabytes in pieces, with text that is not ASCII across them.
    const pieces = Array.from(
      { length: 3000 },
      (_, i) => `${i}:${"é".repeat(500)}${i % 2 ? "梯度" : ""},`,
    );
    await cache.write("bundle", "k2", pieces.values());
    assertEquals(await cache.read("bundle", "k2"), pieces.join(""));
    assertEquals(await cache.read("bundle", "k1"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two builds sharing a cache: an entry another build is writing is left to it, one a stopped build left over an hour ago is removed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const cache = new BuildCache(dir);
  // What two other processes left beside their entries of "results".
  const writing = `results-${"b".repeat(32)}.1.partial`;
  const stopped = `results-${"d".repeat(32)}.2.partial`;
  await Deno.writeTextFile(join(dir, writing), "half");
  await Deno.writeTextFile(join(dir, stopped), "half");
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  await Deno.utime(join(dir, stopped), twoHoursAgo, twoHoursAgo);
  await cache.write("results", "a".repeat(64), '{"x": 1}');
  assertEquals(
    [...Deno.readDirSync(dir)].map((entry) => entry.name).sort(),
    [`results-${"a".repeat(32)}`, writing],
  );
  assertEquals(await cache.read("results", "a".repeat(64)), '{"x": 1}');
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a cache that cannot be written warns and the build goes on; no folder means no cache", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const file = join(dir, "not-a-folder");
  await Deno.writeTextFile(file, "");
  const warnings: string[] = [];
  const cache = new BuildCache(file, (message) => warnings.push(message));
  await cache.write("results", "k", "{}");
  assertEquals(warnings.length, 1);
  assert(warnings[0].includes(file), warnings[0]);
  assertEquals(await cache.read("results", "k"), undefined);

  const none = new BuildCache(undefined);
  await none.write("results", "k", "{}");
  assertEquals(await none.read("results", "k"), undefined);
  assertEquals(none.log, {});
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a note outlives a change of code, is not logged, and a note that cannot be written only warns", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const cache = new BuildCache(join(dir, "cache"));
  assertEquals(await cache.readNote("script-times"), undefined);
  await cache.writeNote("script-times", '{"a":3}');
  // Entries of any name and key leave it alone.
  await cache.write("script-times", "k", "entry");
  assertEquals(await cache.readNote("script-times"), '{"a":3}');
  assertEquals(await cache.read("script-times", "k"), "entry");
  assertEquals(cache.log, { "script-times": "hit" });

  const file = join(dir, "not-a-folder");
  await Deno.writeTextFile(file, "");
  const warnings: string[] = [];
  const broken = new BuildCache(file, (message) => warnings.push(message));
  await broken.writeNote("script-times", "{}");
  assertEquals(warnings.length, 1);
  assert(warnings[0].includes("goes without script-times"), warnings[0]);
  assertEquals(await broken.readNote("script-times"), undefined);
  await Deno.remove(dir, { recursive: true });
});

/** A site of one page whose results plugin counts its computations. */
async function countingSite(code: string[]) {
  const computed = { count: 0 };
  const src = await Deno.makeTempDir({ prefix: "notes-cache-src-" });
  // The page of the exercise: a site with no page that shows results
  // computes none.
  await Deno.writeTextFile(
    join(src, "index.md"),
    "---\nexercise: ex-1\n---\n# Home\n",
  );
  const site = new Site({ src, cache: join(src, "..", "_cache"), quiet: true });
  site.use(results({
    exercises: [{
      id: "ex-1",
      compute: () => ({ gain: ++computed.count }),
    }],
    dependsOn: code,
  }));
  // Only the results are under test: no rendering.
  site.engines.template = {
    render: (source) => Promise.resolve(source),
    renderLayout: () => Promise.resolve(""),
  };
  site.engines.markdown = { render: (source) => source };
  return { site, computed, src };
}

Deno.test("results found in the cache are not computed, and are what was computed", async () => {
  const code = await codeFolder();
  const cacheDir = join(code, "_cache");
  const out = join(code, "_site");
  const dependsOn = [join(code, "scripts")];

  const first = await countingSite(dependsOn);
  const report = await first.site.build({ dest: out, cache: cacheDir });
  assertEquals(report.cache, { results: "miss" });
  assertEquals(first.computed.count, 1);
  const json = await Deno.readTextFile(join(out, "results.json"));

  // A new process (a new site): the results come from the cache.
  const second = await countingSite(dependsOn);
  const again = await second.site.build({ dest: out, cache: cacheDir });
  assertEquals(again.cache, { results: "hit" });
  assertEquals(second.computed.count, 0, "computed although cached");
  assertEquals(await Deno.readTextFile(join(out, "results.json")), json);

  // The code changes: computed again.
  await Deno.writeTextFile(
    join(code, "scripts", "a.ts"),
    "export const a = 3;",
  );
  const third = await countingSite(dependsOn);
  assertEquals(
    (await third.site.build({ dest: out, cache: cacheDir })).cache,
    { results: "miss" },
  );
  assertEquals(third.computed.count, 1);

  // A damaged entry counts as missing, and is written again.
  for (const entry of Deno.readDirSync(cacheDir)) {
    const path = join(cacheDir, entry.name);
    const text = await Deno.readTextFile(path);
    await Deno.writeTextFile(path, text.slice(0, text.indexOf("\n") + 5));
  }
  const fourth = await countingSite(dependsOn);
  await fourth.site.build({ dest: out, cache: cacheDir });
  assertEquals(fourth.computed.count, 1);
  const fifth = await countingSite(dependsOn);
  assertEquals(
    (await fifth.site.build({ dest: out, cache: cacheDir })).cache,
    { results: "hit" },
  );

  // No cache (`--no-cache`): always computed, nothing written.
  const off = await countingSite(dependsOn);
  assertEquals((await off.site.build({ dest: out, cache: "" })).cache, {});
  assertEquals(off.computed.count, 1);

  for (const dir of [code, first.src, second.src, third.src, fourth.src]) {
    await Deno.remove(dir, { recursive: true });
  }
  for (const dir of [fifth.src, off.src]) {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("after an edit to one script, only the scripts that import what changed are computed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-cache-" });
  const write = (path: string, text: string) =>
    Deno.writeTextFile(join(dir, path), text);
  // Each script counts its computations in a file of its own.
  const counted = (name: string, extra = "") =>
    `import { shared } from "./shared.ts";${extra}
export function compute() {
  const file = new URL("./${name}.count", import.meta.url);
  let count = 0;
  try { count = Number(Deno.readTextFileSync(file)); } catch { /* first */ }
  Deno.writeTextFileSync(file, String(count + 1));
  return { name: "${name}", shared };
}`;
  await write("shared.ts", "export const shared = 1;");
  await write("a.ts", counted("a"));
  await write("b.ts", counted("b"));
  await write("c.ts", counted("c", '\nimport "./only-c.ts";'));
  await write("only-c.ts", "export {};");
  await write(
    "list.ts",
    'import * as a from "./a.ts";\nimport * as b from "./b.ts";\n' +
      'import * as c from "./c.ts";\nexport const RESULT_SOURCES = [' +
      ["a", "b", "c"].map((id) =>
        `{ id: "${id}", compute: ${id}.compute, source: "${
          join(dir, `${id}.ts`)
        }" }`
      ).join(", ") + "];",
  );
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        ["a", "b", "c"].map(async (id) => [
          id,
          Number(
            await Deno.readTextFile(join(dir, `${id}.count`)).catch(() => "0"),
          ),
        ]),
      ),
    );
  const build = async () => {
    const src = join(dir, "content");
    await Deno.mkdir(src, { recursive: true });
    // The page of an exercise: a site with no page that shows results
    // computes none.
    await Deno.writeTextFile(
      join(src, "index.md"),
      "---\nexercise: a\n---\n# Home\n",
    );
    const site = new Site({
      src,
      cache: join(src, "..", "_cache"),
      quiet: true,
    });
    site.use(results({
      module: toFileUrl(join(dir, "list.ts")).href,
      workers: 2,
      dependsOn: [join(dir, "deno.lock")],
    }));
    // Only the results are under test: no rendering.
    site.engines.template = {
      render: (source) => Promise.resolve(source),
      renderLayout: () => Promise.resolve(""),
    };
    site.engines.markdown = { render: (source) => source };
    const report = await site.build({
      dest: join(dir, "_site"),
      cache: join(dir, "_cache"),
    });
    return {
      cache: report.cache,
      results: JSON.parse(
        await Deno.readTextFile(join(dir, "_site", "results.json")),
      ),
    };
  };
  await write("deno.lock", "{}");
  const first = await build();
  assertEquals(await counts(), { a: 1, b: 1, c: 1 });
  assertEquals(first.cache, { results: "miss", "script-results": "miss" });

  assertEquals((await build()).cache, { results: "hit" });
  assertEquals(await counts(), { a: 1, b: 1, c: 1 });

  // Only c imports only-c.ts; only c runs, and the others' results are kept.
  await write("only-c.ts", "export const edited = true;");
  const edited = await build();
  assertEquals(edited.cache, { results: "miss", "script-results": "hit" });
  assertEquals(await counts(), { a: 1, b: 1, c: 2 });
  assertEquals(edited.results, first.results);

  // Everything imports shared.ts: everything runs, with the new value.
  await write("shared.ts", "export const shared = 2;");
  const shared = await build();
  assertEquals(await counts(), { a: 2, b: 2, c: 3 });
  assertEquals(shared.results.a, { name: "a", shared: 2 });

  // So does a change to what every result depends on (the packages).
  await write("deno.lock", '{"version": "5"}');
  assertEquals((await build()).cache, {
    results: "miss",
    "script-results": "miss",
  });
  assertEquals(await counts(), { a: 3, b: 3, c: 4 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("typeset formulas, drawn charts and diagrams come from the cache, new formulas are added to it and unused ones dropped, and the pages are the same", async () => {
  const code = await codeFolder();
  const home = "---\ntitle: Home\n---\n\n$a^2 + b^2$\n";
  await writePages(code, { ...BASE, "index.md": home, "bptt/good.md": GOOD });
  const src = join(code, "content");
  const cache = join(code, "_cache");
  const dependsOn = [join(code, "scripts")];
  const build = async (dest: string) => {
    const site = fixtureSite(src, { dependsOn });
    const report = await site.build({ dest: join(code, dest), cache });
    return report.cache;
  };
  const read = (dest: string, file: string) =>
    Deno.readTextFile(join(code, dest, file));

  assertEquals(await build("one"), {
    math: "miss",
    charts: "miss",
    diagrams: "miss",
  });
  assertEquals(await build("two"), {
    math: "hit",
    charts: "hit",
    diagrams: "hit",
  });
  for (const file of ["index.html", "bptt/good/index.html"]) {
    assertEquals(await read("two", file), await read("one", file), file);
  }

  // A new formula: typeset, shown, and stored beside the others.
  await writePages(code, {
    "index.md": home.replace("$\n", "$ and $\\zeta_3$\n"),
  });
  assertEquals(await build("three"), {
    math: "hit",
    charts: "hit",
    diagrams: "hit",
  });
  assert((await read("three", "index.html")).includes("<mi>ζ</mi>"));
  const [entry] = [...Deno.readDirSync(cache)].filter((e) =>
    e.name.startsWith("math-")
  );
  assert(
    (await Deno.readTextFile(join(cache, entry.name))).includes("\\\\zeta_3"),
    "the new formula is not in the cache",
  );
  assertEquals(await build("four"), {
    math: "hit",
    charts: "hit",
    diagrams: "hit",
  });
  assertEquals(
    await read("four", "index.html"),
    await read("three", "index.html"),
  );

  // A formula edited: the new one is stored, the old one is dropped.
  await writePages(code, {
    "index.md": home.replace("$\n", "$ and $\\zeta_4$\n"),
  });
  assertEquals(await build("five"), {
    math: "hit",
    charts: "hit",
    diagrams: "hit",
  });
  const stored = await Deno.readTextFile(join(cache, entry.name));
  assert(stored.includes("\\\\zeta_4"), "the new formula is not stored");
  assert(!stored.includes("\\\\zeta_3"), "the old formula is still stored");
  assert(stored.includes("a^2 + b^2"), "a formula still used was dropped");
  await Deno.remove(code, { recursive: true });
});
