/**
 * The local modules a module runs: itself and every file it imports, directly
 * or not, by a relative path. The build cache keys what a plugin makes by the
 * modules that make it (`cache.ts`), so that editing one part of the code
 * does not throw away what the other parts made.
 *
 * The imports are found by reading, not by loading: every quoted relative
 * path in a module (`"./x.ts"`, `"../lib/y.ts"`) that names an existing file
 * counts, whether it is imported statically, dynamically, as a worker, or
 * only named in a comment. Counting too much only makes the cache more
 * careful; packages (`"mathjs"`) are pinned by `deno.json` and `deno.lock`,
 * which the cache keys list themselves.
 *
 * @module
 */
import { dirname, join, resolve } from "@std/path";

/** A relative path in quotes, ending in an extension. */
const RELATIVE_PATH = /["'](\.\.?\/[^"'\s]+\.(?:ts|js|mjs|json|css))["']/g;

/**
 * The local files `file` names by a relative path (see the module's notes),
 * given its text: absolute paths, in the order they are named.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { importsIn } from "./module_graph.ts";
 * assertEquals(importsIn("/p/a.ts", 'import "./b.ts"; import "mathjs";'), ["/p/b.ts"]);
 * ```
 */
export function importsIn(file: string, text: string): string[] {
  return [...text.matchAll(RELATIVE_PATH)].map(([, path]) =>
    join(dirname(file), path)
  );
}

/** An `import type … from "…"` or `export type … from "…"`: erased when run. */
const TYPE_ONLY = /\b(?:import|export)\s+type\s[^;]*?\bfrom\s*["'][^"']*["']/g;

/**
 * The local files `file` names by a relative path, like {@link importsIn},
 * but for the imports of types only, which are erased before the module runs:
 * the files that can change what running `file` does.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runtimeImportsIn } from "./module_graph.ts";
 * const text = 'import type { R } from "./r.ts";\nimport { f } from "./f.ts";';
 * assertEquals(runtimeImportsIn("/p/a.ts", text), ["/p/f.ts"]);
 * ```
 */
export function runtimeImportsIn(file: string, text: string): string[] {
  return importsIn(file, text.replace(TYPE_ONLY, ""));
}

/**
 * `entries` and every local file they import, as absolute paths, sorted.
 * `importsOf` gives the files one file names (by default read from disk:
 * {@link importsIn} of its text; {@link ./cache.ts} passes one that reads
 * and scans each file once), and rejects when the file cannot be read.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { join } from "@std/path";
 * import { localImports } from "./module_graph.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(join(dir, "a.ts"), 'import { b } from "./lib/b.ts";');
 * await Deno.mkdir(join(dir, "lib"));
 * await Deno.writeTextFile(join(dir, "lib", "b.ts"), 'export const b = 1;');
 * await Deno.writeTextFile(join(dir, "c.ts"), 'import "mathjs";');
 * assertEquals(await localImports([join(dir, "a.ts")]), [
 *   join(dir, "a.ts"),
 *   join(dir, "lib", "b.ts"),
 * ]);
 * ```
 */
export async function localImports(
  entries: string[],
  importsOf: (file: string) => Promise<string[]> = async (file) =>
    importsIn(file, await Deno.readTextFile(file)),
): Promise<string[]> {
  const found = new Set<string>();
  const queue = entries.map((entry) => resolve(entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (found.has(file)) continue;
    let named: string[];
    try {
      named = await importsOf(file);
    } catch (error) {
      // A path named in a comment may not exist; an entry must.
      if (entries.some((entry) => resolve(entry) === file)) throw error;
      continue;
    }
    found.add(file);
    queue.push(...named);
  }
  return [...found].sort();
}
