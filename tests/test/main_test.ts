/**
 * `deno task test` (`scripts/test/main.ts`): it passes flags to `deno test`,
 * runs the JSDoc examples of the files it is given, and fails when one
 * fails; `docExamples()` refuses what it could not run as Deno would.
 *
 * @module
 */
import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { splitArgs } from "../../scripts/test/main.ts";
import {
  DocExampleError,
  docExamples,
  exampleModule,
} from "../../scripts/test/doc_examples.ts";

const FENCE = "`".repeat(3);

/** A module whose two examples are `first` and `second`. */
function moduleWith(first: string, second: string): string {
  return [
    "/**",
    " * One.",
    " *",
    ` * ${FENCE}ts`,
    ' * import { assertEquals } from "@std/assert";',
    ' * import { one } from "./mod.ts";',
    ` * ${first}`,
    ` * ${FENCE}`,
    " */",
    "export const one = 1;",
    "",
    "/**",
    ` * ${FENCE}ts`,
    ' * import { assertEquals } from "@std/assert";',
    ' * import { one } from "./mod.ts";',
    ` * ${second}`,
    ` * ${FENCE}`,
    " */",
    "export const two = 2;",
    "",
  ].join("\n");
}

Deno.test("splitArgs() keeps paths apart from flags, and a flag's value with its flag", () => {
  assertEquals(
    splitArgs([
      "tests/a_test.ts",
      "--filter",
      "two words",
      "--fail-fast",
      "b/",
    ]),
    {
      paths: ["tests/a_test.ts", "b/"],
      flags: ["--filter", "two words", "--fail-fast"],
    },
  );
  assertEquals(splitArgs(["--reporter=dot"]), {
    paths: [],
    flags: ["--reporter=dot"],
  });
});

Deno.test("an example that exports or calls Deno.test is refused, naming its file and line", () => {
  const source = moduleWith("export const x = one;", "assertEquals(one, 1);");
  const [first] = docExamples("mod.ts", "file:///p/mod.ts", source);
  assertThrows(
    () => exampleModule(first, "file:///p/mod.ts"),
    DocExampleError,
    "mod.ts:7: an example may not export",
  );
  const [, second] = docExamples(
    "mod.ts",
    "file:///p/mod.ts",
    moduleWith("assertEquals(one, 1);", 'Deno.test("x", () => {});'),
  );
  assertThrows(
    () => exampleModule(second, "file:///p/mod.ts"),
    DocExampleError,
    "mod.ts:16: an example is a test already",
  );
});

Deno.test("deno task test runs the examples of a file and exits non-zero when one fails, naming it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-test-main-" });
  try {
    const file = join(dir, "mod.ts");
    await Deno.writeTextFile(
      file,
      moduleWith("assertEquals(one, 1);", "assertEquals(one, 2);"),
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env=DENO_JOBS",
        "scripts/test/main.ts",
        // What is tested is which examples run and the exit status; type
        // checking a fresh module graph would only add seconds.
        "--no-check",
        file,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) +
      new TextDecoder().decode(output.stderr);
    assert(output.code !== 0, `exit 0:\n${text}`);
    const url = toFileUrl(file).href;
    assertMatch(text, new RegExp(`${url}#4-9\\.ts \\.\\.\\. ok`));
    assertMatch(text, new RegExp(`${url}#13-18\\.ts \\.\\.\\. FAILED`));
    assertMatch(text, /1 passed \| 1 failed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task test fails, naming the files, when a test writes into the project's own _site/ or _cache/", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-test-main-" });
  try {
    // A project whose _cache/ holds one entry, and a test that adds one
    // and leaves _site/ alone, then one that also edits _site/.
    await Deno.mkdir(join(dir, "_cache"));
    await Deno.writeTextFile(join(dir, "_cache", "kept"), "the author's");
    const run = async (body: string) => {
      await Deno.writeTextFile(
        join(dir, "writes_test.ts"),
        `Deno.test("writes", () => {\n${body}\n});\n`,
      );
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--config",
          join(Deno.cwd(), "deno.json"),
          "--allow-read",
          "--allow-write",
          "--allow-run",
          "--allow-env=DENO_JOBS",
          join(Deno.cwd(), "scripts/test/main.ts"),
          "--no-check",
          "writes_test.ts",
        ],
        cwd: dir,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      return {
        code: output.code,
        stderr: new TextDecoder().decode(output.stderr),
      };
    };
    const quiet = await run(`Deno.writeTextFileSync("elsewhere.txt", "x");`);
    assertEquals(quiet.code, 0, quiet.stderr);
    const writes = await run(
      `Deno.writeTextFileSync("_cache/renders.note", "x");\n` +
        `Deno.mkdirSync("_site");\n` +
        `Deno.writeTextFileSync("_site/index.html", "x");`,
    );
    assertEquals(writes.code, 1, writes.stderr);
    assertMatch(
      writes.stderr,
      /test: the project's own build output or cache changed during the run \(_cache\/renders\.note, _site\/index\.html\): a test must build into folders of its own/,
    );
    assertEquals(
      await Deno.readTextFile(join(dir, "_cache", "kept")),
      "the author's",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
