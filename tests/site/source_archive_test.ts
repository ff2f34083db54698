import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import {
  archiveOf,
  gzip,
  listSources,
  packSources,
  sourceArchive,
  tar,
} from "../../scripts/site/plugins/source_archive.ts";
import { BASE, fixture, fixtureSite, GOOD } from "./_fixture.ts";
import { builtSite } from "./_build.ts";

/** Run a command; its standard output, or a failure with its error output. */
async function run(
  command: string,
  args: string[],
  cwd?: string,
): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${text.decode(output.stderr)}`,
    );
  }
  return text.decode(output.stdout);
}

Deno.test("tar() and gzip() make an archive GNU tar unpacks: long paths, modes, contents", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-tar-" });
  try {
    const long = `notes/${"deep/".repeat(25)}file.txt`; // > 100 bytes
    const encoder = new TextEncoder();
    const entries = [
      { path: "notes/a.txt", content: encoder.encode("one\n") },
      { path: long, content: encoder.encode("x".repeat(1000)) },
      {
        path: "notes/run",
        content: encoder.encode("#!/bin/sh\n"),
        executable: true,
      },
      { path: "notes/empty", content: new Uint8Array() },
    ];
    const archive = join(dir, "a.tar.gz");
    await Deno.writeFile(archive, await gzip(tar(entries)));
    await run("tar", ["-xzf", archive, "-C", dir]);
    for (const entry of entries) {
      assertEquals(
        await Deno.readFile(join(dir, entry.path)),
        entry.content,
        entry.path,
      );
    }
    const mode = (path: string) => Deno.statSync(join(dir, path)).mode! & 0o777;
    assertEquals(mode("notes/run") & 0o111, 0o111);
    assertEquals(mode("notes/a.txt") & 0o111, 0);
    const listing = await run("tar", ["-tvzf", archive]);
    assert(listing.includes("0/0"), `owner not 0/0: ${listing}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an archive made of parts, each packed on its own, is one archive to GNU tar; a part is packed again only when its files changed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-tar-" });
  try {
    const settings = {
      // A listed path that is not there has no part; a file listed twice
      // is in the first part that lists it.
      include: [
        "deno.json",
        "no-such-folder",
        "_includes/layouts",
        "_includes/layouts/page.vto",
        "README.md",
      ],
      exclude: /-changed\.svg$/,
      folder: "notes",
    };
    const { parts, repacked } = await packSources(settings, {});
    // A part is named by its first file; a folder's files are one part.
    const layouts = listSources(["_includes/layouts"])[0];
    assertEquals(repacked, ["deno.json", layouts, "README.md"]);
    // The same files: nothing packed again, the same bytes.
    const again = await packSources(settings, parts);
    assertEquals(again.repacked, []);
    const archive = await archiveOf(again.parts);
    assertEquals(archive, await archiveOf(parts));
    // A part whose stamps differ (a file edited) is packed again, alone.
    const stale = {
      ...parts,
      [layouts]: { key: "edited", bytes: new Uint8Array() },
    };
    const repack = await packSources(settings, stale);
    assertEquals(repack.repacked, [layouts]);
    assertEquals(await archiveOf(repack.parts), archive);
    // GNU tar reads the members as one archive, every file whole.
    const file = join(dir, "a.tar.gz");
    await Deno.writeFile(file, archive);
    await run("tar", ["-xzf", file, "-C", dir]);
    const expected = [
      "deno.json",
      ...listSources(["_includes/layouts"]),
      "README.md",
    ];
    const listing = (await run("tar", ["-tzf", file])).trim().split("\n");
    assertEquals(listing, expected.map((path) => `notes/${path}`));
    for (const path of expected) {
      assertEquals(
        await Deno.readFile(join(dir, "notes", path)),
        await Deno.readFile(path),
        path,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an edit to one page repacks the folder it is in, not the other pages", async () => {
  const settings = { include: ["content"], exclude: /^$/, folder: "notes" };
  const { parts } = await packSources(settings, {});
  const names = Object.keys(parts);
  const page = "content/bptt/rnn-1a.md";
  const files = listSources(["content"]);
  // The part that holds the page: the last whose first file comes before it.
  const holder = names.filter((name) => name <= page).at(-1)!;
  assert(holder.startsWith("content/bptt/"), holder);
  assert(names.some((name) => name.startsWith("content/zh/bptt/")), "zh bptt");
  // Every part is one folder's files (cut at three levels).
  const folder = (file: string) => file.split("/").slice(0, -1).slice(0, 3);
  for (const [i, name] of names.entries()) {
    const end = i + 1 < names.length ? files.indexOf(names[i + 1]) : undefined;
    const run = files.slice(files.indexOf(name), end);
    for (const file of run) assertEquals(folder(file), folder(name), file);
  }
  const edited = {
    ...parts,
    [holder]: { key: "edited", bytes: parts[holder].bytes },
  };
  const repack = await packSources(settings, edited);
  assertEquals(repack.repacked, [holder]);
  assertEquals(await archiveOf(repack.parts), await archiveOf(parts));
});

Deno.test("the source archive holds the project's sources and nothing built or installed", async () => {
  const site = await builtSite();
  const names = (await run("tar", [
    "-tzf",
    join(site, "notes-source.tar.gz"),
  ])).trim().split("\n");
  for (
    const wanted of [
      "notes/README.md",
      "notes/deno.json",
      "notes/deno.lock",
      "notes/_config.ts",
      "notes/scripts/exercises/rnn-2c.ts",
      "notes/tests/exercises/rnn-2c_test.ts",
      "notes/content/vanishing/rnn-2c.md",
      "notes/_includes/layouts/page.vto",
    ]
  ) assert(names.includes(wanted), `${wanted} is missing`);
  const bad = names.filter((name) =>
    /\/(_site|_cache|node_modules|\.git|\.bench)\/|-changed\.svg$/.test(name) ||
    !name.startsWith("notes/")
  );
  assertEquals(bad, []);
  // Exactly the files of the listed folders, found independently by `find`.
  const found = (await run("find", [
    "scripts",
    "tests",
    "content",
    "_includes",
    "-type",
    "f",
    "-not",
    "-name",
    "*-changed.svg",
  ])).trim().split("\n").sort();
  assertEquals(
    names.filter((name) =>
      /^notes\/(scripts|tests|content|_includes)\//.test(name)
    ).sort(),
    found.map((file) => `notes/${file}`),
  );
  assertEquals(
    listSources(["scripts"]).length,
    found.filter((file) => file.startsWith("scripts/")).length,
  );
});

Deno.test("the source archive unpacks into a project whose deno task results prints the site's results", async () => {
  const site = await builtSite();
  const dir = await Deno.makeTempDir({ prefix: "notes-unpacked-" });
  try {
    await run("tar", ["-xzf", join(site, "notes-source.tar.gz"), "-C", dir]);
    const project = join(dir, "notes");
    // Packages come from the shared Deno cache; the unpacked project has its
    // own node_modules, as a fresh download would.
    const printed = await run(
      Deno.execPath(),
      ["task", "-q", "results"],
      project,
    );
    const published = JSON.parse(
      await Deno.readTextFile(join(site, "results.json")),
    );
    assertEquals(JSON.parse(printed), published);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every page links to the source archive, and to the repository when _config.ts names one", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  try {
    for (const repository of ["", "https://example.org/notes"]) {
      const site = fixtureSite(join(dir, "content"))
        .use(sourceArchive({ include: ["README.md"] }));
      site.data("site", { title: "Fixture", description: "A.", repository });
      const dest = join(dir, `_site${repository ? "-repo" : ""}`);
      await site.build({ dest });
      const html = await Deno.readTextFile(
        join(dest, "bptt/good/index.html"),
      );
      assert(html.includes('<a href="/notes-source.tar.gz" download>'));
      assertEquals(
        html.includes(`<a href="${repository}">the repository</a>`),
        repository !== "",
      );
      assert((await Deno.stat(join(dest, "notes-source.tar.gz"))).size > 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
