/**
 * The build's command line, as `deno task build` runs it: a separate `deno
 * run` process with exactly the permissions of the `build` task of
 * `deno.json` (pointed at a fixture's folders), building a fixture site
 * (`_fixture.ts`) through a generated `_config.ts`. Bad content must end the
 * process with a non-zero status and one line on standard error naming the
 * file, the line where there is one, and what is wrong, and leave the
 * previously built site byte for byte as it was; a warning raised by every
 * page is printed once. The other kinds of bad content go through the same
 * code in-process, in `errors_test.ts`.
 *
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join, resolve, toFileUrl } from "@std/path";
import { buildCommand } from "../../scripts/site/core/permissions.ts";
import {
  BAD_CASES,
  BASE,
  changedFiles,
  expectedFile,
  fixture,
  type FixtureVariant,
  GOOD,
  runDeno,
  snapshot,
  stagingLeft,
  writePages,
} from "./_fixture.ts";

/** Write a `_config.ts` for the fixture in `dir`; returns its path. */
async function writeConfig(
  dir: string,
  variant: FixtureVariant = {},
): Promise<string> {
  const module = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, `_config.${crypto.randomUUID()}.ts`);
  await Deno.writeTextFile(
    config,
    `import { fixtureSite } from ${JSON.stringify(module)};\n` +
      `const site = fixtureSite("content", ${JSON.stringify(variant)});\n` +
      `site.options.quiet = false;\n` +
      `export default site;\n`,
  );
  return config;
}

/** Run the build of the fixture in `dir` as `deno task build` would. */
async function build(dir: string, variant: FixtureVariant = {}) {
  const config = await writeConfig(dir, variant);
  const output = await runDeno(buildCommand({
    src: join(dir, "content"),
    dest: join(dir, "_site"),
    config,
    cache: join(dir, "_cache"),
  }));
  await Deno.remove(config);
  return output;
}

/** The cases run through the command line (the others run in-process). */
const THROUGH_CLI = [
  "malformed front matter",
  "TeX that does not parse",
  "a chart given an empty series",
  "an exercise script that throws",
  "a broken internal link",
  "two pages with the same URL",
];

Deno.test("deno task build: bad content exits non-zero with one line naming file and line, and leaves _site as it was", async (t) => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const good = await build(dir);
  assertEquals(good.code, 0, good.stderr);
  assertStringIncludes(good.stdout, "built 3 pages");
  const before = await snapshot(join(dir, "_site"));
  assert(before.has("bptt/good/index.html"));

  for (const name of THROUGH_CLI) {
    const bad = BAD_CASES.find((c) => c.name === name)!;
    await t.step(bad.name, async () => {
      await writePages(dir, bad.pages);
      const { code, stdout, stderr } = await build(dir, bad.variant);
      assertEquals(code, 1, stderr);
      assertEquals(stdout, "");
      const lines = stderr.trimEnd().split("\n");
      assertEquals(lines.length, 1, `more than one line:\n${stderr}`);
      const where = `${expectedFile(dir, bad)}${
        bad.line ? `:${bad.line}` : ""
      }`;
      assert(
        lines[0].startsWith(`error: ${where}: `),
        `expected "error: ${where}: …", got\n${lines[0]}`,
      );
      assertStringIncludes(lines[0], bad.says);
      assertEquals(
        changedFiles(before, await snapshot(join(dir, "_site"))),
        [],
        "the previous site changed",
      );
      assertEquals(
        await stagingLeft(join(dir, "_site")),
        [],
        "the staging folder is left behind",
      );
      for (const page of Object.keys(bad.pages)) {
        await Deno.remove(join(dir, "content", page));
      }
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task build: a warning raised by every page is printed once", async () => {
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "bptt/other.md": "---\ntitle: Other\n---\nText.\n",
  });
  const { code, stdout, stderr } = await build(dir, {
    warnEveryPage: "every page says this",
  });
  assertEquals(code, 0, stderr);
  assertStringIncludes(stdout, "built 4 pages");
  assertEquals(
    stderr.trimEnd().split("\n").filter((line) => line.includes("says this")),
    ["warning: every page says this"],
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task build: a _config.ts without the multilanguage plugin builds, and a page in another language ends it with one line", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const good = await build(dir, { multilanguage: false });
  assertEquals(good.code, 0, good.stderr);
  assertStringIncludes(good.stdout, "built 3 pages");
  const before = await snapshot(join(dir, "_site"));
  const page = await Deno.readTextFile(join(dir, "_site/bptt/good/index.html"));
  assertStringIncludes(page, '<html lang="en">');
  assert(!page.includes("hreflang"), "a language alternate or switch");

  await writePages(dir, {
    "zh/bptt/good.md": "---\ntitle: 好\nlang: zh\n---\n",
  });
  const { code, stdout, stderr } = await build(dir, { multilanguage: false });
  assertEquals(code, 1, stderr);
  assertEquals(stdout, "");
  assertEquals(stderr.trimEnd().split("\n"), [
    `error: ${
      join(dir, "content", "zh", "bptt", "good.md")
    }:3: \`lang: zh\`, but the site is in en only: a page in another language needs the multilanguage plugin (\`.use(multilanguage({ languages: ["en", "zh"] }))\` in _config.ts)`,
  ]);
  assertEquals(changedFiles(before, await snapshot(join(dir, "_site"))), []);
  await Deno.remove(dir, { recursive: true });
});
