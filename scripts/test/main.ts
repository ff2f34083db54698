/**
 * # `deno task test`: every test, or the files named
 *
 * ```sh
 * deno task test                               # scripts/ and tests/
 * deno task test tests/site/build_test.ts      # one file (and its examples)
 * deno task test scripts/lib/ --filter matmul  # flags go to deno test
 * ```
 *
 * Runs `deno test` with the permissions below on the paths given (or
 * `scripts/` and `tests/`), test files in parallel (`--parallel`), and with
 * the JSDoc examples of those paths gathered into one test module
 * (`doc_examples.ts`): `deno test --doc` would start a worker
 * for each. Flags (anything starting with `-`) are passed to `deno test`.
 * Exits with `deno test`'s status. The site the tests read is built once per
 * run (`tests/site/_build.ts`); its folder is removed at the end.
 *
 * @module
 */
import { join, relative, resolve, SEPARATOR, toFileUrl } from "@std/path";
import { walk } from "../site/core/fs.ts";
import { DocExampleError, docExamples, exampleModule } from "./doc_examples.ts";

/** What the tests may do: explicit, never `-A`. */
export const TEST_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-sys=homedir,osRelease",
  "--allow-net=127.0.0.1",
];

/** The paths tested when none is given. */
export const DEFAULT_PATHS = ["scripts/", "tests/"];

/** Flags of `deno test` that take their value as the next argument. */
const WITH_VALUE = new Set([
  "--filter",
  "--reporter",
  "--junit-path",
  "--coverage",
  "--seed",
  "--config",
  "-c",
  "--import-map",
  "--lock",
  "--location",
]);

/** The paths and the flags of a command line, in their order. */
export function splitArgs(
  args: string[],
): { paths: string[]; flags: string[] } {
  const paths: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith("-")) {
      flags.push(arg);
      if (WITH_VALUE.has(arg) && i + 1 < args.length) flags.push(args[++i]);
    } else paths.push(arg);
  }
  return { paths, flags };
}

const SOURCE = /\.(ts|tsx|mts|js|jsx|mjs)$/;

/**
 * The files under `paths` (files or folders) whose names match `pattern`,
 * outside node_modules/ and _site/; a file named is taken as it is.
 */
async function filesUnder(paths: string[], pattern: RegExp): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await statOf(path);
    if (info.isFile) files.push(path);
    else {
      for await (const file of walk(path)) {
        const name = relative(".", file).split(SEPARATOR).join("/");
        if (pattern.test(name) && !/(^|\/)(node_modules|_site)\//.test(name)) {
          files.push(name);
        }
      }
    }
  }
  return files;
}

/** The module files under `paths` (files or folders), sorted. */
async function sourceFiles(paths: string[]): Promise<string[]> {
  return (await filesUnder(paths, SOURCE)).filter((f) => SOURCE.test(f))
    .sort();
}

/** A path given that is not there. */
class PathError extends Error {}

/** The file or folder at `path`, or an error naming it. */
async function statOf(path: string): Promise<Deno.FileInfo> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new PathError(`${path}: no such file or folder`);
    }
    throw error;
  }
}

/** A test module's name, as `deno test` finds them in a folder. */
const TEST_FILE = /(^|\/)([^/]*[._])?test\.(ts|tsx|mts|js|jsx|mjs)$/;

/**
 * The test files under `paths` (a file given by name is one, whatever its
 * name), the slow kinds first: `deno test --parallel` starts them in this
 * order, and a long file started last would run alone at the end. Browser
 * tests come first, then the tests that read the built site or start
 * processes, then the rest, each group by path.
 */
export async function testFiles(paths: string[]): Promise<string[]> {
  const files = await filesUnder(paths, TEST_FILE);
  const weight = new Map<string, number>();
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    weight.set(
      file,
      /withBrowser\(/.test(text)
        ? 0
        : /builtSite\(|new Deno\.Command\(/.test(text)
        ? 1
        : 2,
    );
  }
  return [...new Set(files)].sort((a, b) =>
    weight.get(a)! - weight.get(b)! || (a < b ? -1 : a > b ? 1 : 0)
  );
}

/**
 * Write the examples of `files` as modules into `dir`, and the test module
 * that imports them; returns its path, or undefined when there is none.
 */
export async function writeDocTests(
  files: string[],
  dir: string,
): Promise<string | undefined> {
  const imports: string[] = [];
  for (const file of files) {
    const url = toFileUrl(resolve(file)).href;
    const examples = docExamples(file, url, await Deno.readTextFile(file));
    for (const example of examples) {
      const name = `${file.replace(/[^\w.-]/g, "_")}_${example.line}.ts`;
      await Deno.writeTextFile(join(dir, name), exampleModule(example, url));
      imports.push(`import "./${name}";`);
    }
  }
  if (imports.length === 0) return undefined;
  const module = join(dir, "doc_examples_test.ts");
  await Deno.writeTextFile(
    module,
    "// The JSDoc examples, written by scripts/test/main.ts.\n" +
      imports.join("\n") + "\n",
  );
  return module;
}

/**
 * The project's own build output and cache: a test builds elsewhere (a
 * folder of its own), so that a run never changes what the author built.
 */
export const PROJECT_OUTPUTS = ["_site", "_site.tmp", "_cache"];

/**
 * Each file under `folders` with its size and time of last change, to tell
 * afterwards whether a file was written, added or removed.
 */
export async function filesState(
  folders: string[],
): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  for (const folder of folders) {
    try {
      for await (const file of walk(folder)) {
        const info = await Deno.lstat(file).catch(() => undefined);
        if (info) state.set(file, `${info.size} ${info.mtime?.getTime()}`);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return state;
}

/**
 * The files that differ between two {@link filesState}s.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { changedPaths } from "./main.ts";
 * const before = new Map([["a", "1 10"], ["b", "2 10"]]);
 * const after = new Map([["a", "1 10"], ["b", "3 11"], ["c", "1 12"]]);
 * assertEquals(changedPaths(before, after), ["b", "c"]);
 * assertEquals(changedPaths(after, before), ["b", "c"]);
 * ```
 */
export function changedPaths(
  before: Map<string, string>,
  after: Map<string, string>,
): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path))
    .sort();
}

/** The number of cores. */
function cores(): number {
  return navigator.hardwareConcurrency || 1;
}

/** Run the tests; returns the exit code of `deno test`. */
export async function main(args: string[]): Promise<number> {
  const { paths: given, flags } = splitArgs(args);
  const paths = given.length ? given : DEFAULT_PATHS;
  const dir = await Deno.makeTempDir({ prefix: "notes-doc-examples-" });
  try {
    let docTests: string | undefined;
    let tests: string[];
    try {
      tests = await testFiles(paths);
      docTests = await writeDocTests(await sourceFiles(paths), dir);
    } catch (error) {
      if (error instanceof DocExampleError || error instanceof PathError) {
        console.error(`test: ${error.message}`);
        return 2;
      }
      throw error;
    }
    if (tests.length === 0 && !docTests) {
      console.error(`test: no test file and no example in ${paths.join(" ")}`);
      return 2;
    }
    const outputs = await filesState(PROJECT_OUTPUTS);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        ...TEST_PERMISSIONS,
        "--parallel",
        ...flags,
        ...tests,
        ...(docTests ? [docTests] : []),
      ],
      // Test files wait for the site's build, for processes and for the
      // browser: two running per core keep both cores busy. DENO_JOBS, when
      // set, says otherwise.
      env: { DENO_JOBS: Deno.env.get("DENO_JOBS") ?? `${2 * cores()}` },
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const { code } = await child.status;
    // The site built for this run (tests/site/_build.ts names it by pid).
    const temp = join(dir, "..");
    for await (const entry of Deno.readDir(temp)) {
      if (entry.name.startsWith(`notes-test-site-${child.pid}-`)) {
        await Deno.remove(join(temp, entry.name), { recursive: true })
          .catch(() => {});
      }
    }
    const changed = changedPaths(outputs, await filesState(PROJECT_OUTPUTS));
    if (changed.length > 0) {
      const shown = changed.slice(0, 5).join(", ");
      const more = changed.length > 5 ? ` and ${changed.length - 5} more` : "";
      console.error(
        `test: the project's own build output or cache changed during the ` +
          `run (${shown}${more}): a test must build into folders of its own ` +
          `(--dest and --cache), and no other build should write there while ` +
          `the tests run`,
      );
      return code || 1;
    }
    return code;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
