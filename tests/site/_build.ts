/**
 * Build the real site once per test process into a temporary folder, and
 * read what was built. Shared by the build tests and the browser tests.
 *
 * @module
 */
import { join, relative, SEPARATOR } from "@std/path";
import site from "../../_config.ts";

let built: Promise<string> | undefined;

/** The pages folder the tests build: `content/`, or `$SITE_SRC` to try a copy. */
export function sourceFolder(): string | undefined {
  return Deno.env.get("SITE_SRC") || undefined;
}

/**
 * The folder of a fresh build of the site (built on first use), with an
 * empty build cache: everything is computed, and the cache is filled
 * (it is the folder `_cache` beside the output).
 */
export function builtSite(): Promise<string> {
  built ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "notes-site-" });
    const dest = join(dir, "_site");
    const src = sourceFolder();
    const report = await site.build({
      dest,
      cache: join(dir, "_cache"),
      quiet: true,
      ...(src ? { src } : {}),
    });
    const misses = Object.values(report.cache).filter((x) => x === "miss");
    if (misses.length !== Object.keys(report.cache).length) {
      throw new Error(`an empty cache had entries: ${JSON.stringify(report)}`);
    }
    return dest;
  })();
  return built;
}

/** Every file of a folder, as paths relative to it with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await visit(path);
      else {files.push(
          (relative(dir, path) as string).split(SEPARATOR).join("/"),
        );}
    }
  };
  await visit(dir);
  return files.sort();
}

/** The URL of a built HTML file: `a/index.html` → `/a/`. */
export function urlOf(file: string): string {
  return "/" + file.replace(/(^|\/)index\.html$/, "$1");
}
