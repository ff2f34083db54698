/**
 * The code examples of the JSDoc comments, as `deno test --doc` finds them,
 * turned into test modules that can all run in ONE test process.
 *
 * `deno test --doc` runs each example in a worker of its own, and a worker
 * costs about a third of a CPU second before the example's first line; with
 * some 220 examples that was most of the doc tests' time. `deno task test`
 * instead writes each example as a small module (its imports on top, its
 * code inside `Deno.test`, as Deno wraps it) and one test module that
 * imports them all, so they are type-checked with the tests, in the same
 * pass, and run in one worker.
 *
 * What counts as an example is what Deno extracts: a fenced block in a
 * `/** … *\/` comment whose first attribute is `ts`, `js` (or `typescript`,
 * `tsx`, `mts`, …) and which is not marked `ignore`; a leading `* ` and a
 * hidden-line `# ` are stripped from each line. A test is named as Deno
 * names it (`file:///…/matrix.ts#22-27.ts`), so `--filter` picks the same
 * examples. An example must import what it uses (Deno would also import
 * every export of the file it documents) and may not `export` or call
 * `Deno.test` itself: such an example is refused with its file and line.
 *
 * @module
 */

/** One example, with where it is. */
export interface DocExample {
  /** The documented file, as given. */
  file: string;
  /** The line of its opening fence (1-based). */
  line: number;
  /** The test's name, as `deno test --doc` names it. */
  name: string;
  /** The example's lines, comment markers stripped. */
  lines: string[];
}

/** An example that cannot run as Deno would run it. */
export class DocExampleError extends Error {}

const LANGUAGES = new Set([
  "js",
  "javascript",
  "mjs",
  "cjs",
  "jsx",
  "ts",
  "typescript",
  "mts",
  "cts",
  "tsx",
]);

/**
 * The examples of the JSDoc comments of `source`, the text of `file`
 * (whose URL, `url`, names the tests).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { docExamples } from "./doc_examples.ts";
 * const fence = "`".repeat(3);
 * const source = [
 *   "/**",
 *   " * Twice.",
 *   " *",
 *   ` * ${fence}ts`,
 *   ' * import { twice } from "./twice.ts";',
 *   " * twice(2);",
 *   ` * ${fence}`,
 *   ` * ${fence}ts ignore`,
 *   " * not run",
 *   ` * ${fence}`,
 *   " *\/",
 *   "export const twice = (x: number) => 2 * x;",
 * ].join("\n");
 * const [example, ...rest] = docExamples("twice.ts", "file:///p/twice.ts", source);
 * assertEquals(rest, []);
 * assertEquals(example.line, 4);
 * assertEquals(example.name, "file:///p/twice.ts#4-8.ts");
 * assertEquals(example.lines, ['import { twice } from "./twice.ts";', "twice(2);"]);
 * ```
 */
export function docExamples(
  file: string,
  url: string,
  source: string,
): DocExample[] {
  const examples: DocExample[] = [];
  for (const comment of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    // Deno reads the comment's text from after the `/*`.
    const text = comment[0].slice(2, -2);
    const commentLine = lineAt(source, comment.index!);
    for (const block of text.matchAll(/```([^\r\n]*)\r?\n([\s\S]*?)```/g)) {
      const attributes = block[1].split(" ");
      if (attributes.includes("ignore") || !LANGUAGES.has(attributes[0])) {
        continue;
      }
      const start = commentLine + lineAt(text, block.index!) - 1;
      const count = block[0].split("\n").length;
      const lines: string[] = [];
      for (const line of block[2].split(/\r?\n/).slice(0, -1)) {
        const kept = /\* ?(?:# ?)?(.*)/.exec(line);
        if (kept) lines.push(kept[1]);
      }
      examples.push({
        file,
        line: start,
        name: `${url}#${start}-${start + count}.ts`,
        lines,
      });
    }
  }
  return examples;
}

/** The 1-based line of the character at `index`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The test module of one example: its imports first (relative ones made
 * absolute against `url`, the documented file's URL), then its code in a
 * `Deno.test` named as Deno names it. The code keeps its line numbers
 * where it can, so that an error points at the documented file's line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { exampleModule } from "./doc_examples.ts";
 * const module = exampleModule({
 *   file: "twice.ts",
 *   line: 2,
 *   name: "file:///p/twice.ts#2-6.ts",
 *   lines: ['import { twice } from "./twice.ts";', "twice(2);"],
 * }, "file:///p/twice.ts");
 * assertEquals(module.split("\n"), [
 *   'import { twice } from "file:///p/twice.ts";',
 *   "",
 *   "",
 *   'Deno.test("file:///p/twice.ts#2-6.ts", async () => {',
 *   "twice(2);",
 *   "});",
 *   "",
 * ]);
 * ```
 */
export function exampleModule(example: DocExample, url: string): string {
  const imports: string[] = [];
  const body: string[] = [];
  let statement: string[] | undefined;
  example.lines.forEach((line, i) => {
    const where = `${example.file}:${example.line + 1 + i}`;
    if (/^\s*export\s/.test(line)) {
      throw new DocExampleError(
        `${where}: an example may not export (declare it without export)`,
      );
    }
    if (/^\s*Deno\.test\(/.test(line)) {
      throw new DocExampleError(
        `${where}: an example is a test already; leave out Deno.test`,
      );
    }
    if (statement || /^import[\s{*"']/.test(line)) {
      // An import statement, possibly over several lines.
      (statement ??= []).push(line);
      body.push("");
      if (/["'];?\s*$/.test(line)) {
        imports.push(absolute(statement.join(" "), url));
        statement = undefined;
      }
      return;
    }
    body.push(line);
  });
  if (statement) {
    throw new DocExampleError(
      `${example.file}:${example.line}: unfinished import`,
    );
  }
  // The code's first line goes where it is in the documented file (when
  // the imports leave room), after the opening of the test.
  const first = body.findIndex((line) => line.trim() !== "");
  const code = first < 0 ? [] : body.slice(first);
  const target = example.line + 1 + Math.max(first, 0);
  const padding = Math.max(0, target - imports.length - 1);
  return [
    ...imports,
    ...new Array(padding).fill(""),
    `Deno.test(${JSON.stringify(example.name)}, async () => {`,
    ...code,
    "});",
    "",
  ].join("\n");
}

/** The import statement with a relative specifier resolved against `url`. */
function absolute(statement: string, url: string): string {
  return statement.replace(
    /(\bfrom\s*|^import\s*)(["'])(\.\.?\/[^"']*)\2/,
    (_, before, quote, specifier) =>
      `${before}${quote}${new URL(specifier, url).href}${quote}`,
  );
}
