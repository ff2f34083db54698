/**
 * The command line of the site, like Lume's:
 *
 * - `build [--src content] [--dest _site] [--cache _cache] [--no-cache]
 *   [--quiet] [--json]` builds the site (`--cache`: the folder of the build
 *   cache, `--no-cache`: none; `--json`: print the build's report, with the
 *   time of each stage and what came from the cache, as one line of JSON);
 * - `serve [--port 3000] [--src …] [--dest …] [--config …]` builds, serves
 *   the output on localhost, rebuilds on every change and reloads the open
 *   page;
 * - `builder` is what `serve` runs in a child process: it builds each time
 *   it reads a line on standard input and answers with one JSON line. The
 *   line is `{"changed": [paths]}` (then only what those files reach is built
 *   again: {@link Site.update}) or anything else (everything is built again).
 *
 * It imports `_config.ts` from the working directory. An error prints as
 * `file:line: message` and exits with status 1.
 *
 * @module
 */
import { resolve, toFileUrl } from "@std/path";
import { BuildError, type Site, type SiteOptions } from "./site.ts";
import { textLines } from "./serve.ts";

/** Parse `--key value` and `--key=value` options and the command. */
export function parseArgs(
  args: string[],
): { command: string; options: Record<string, string | boolean> } {
  const options: Record<string, string | boolean> = {};
  let command = "build";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith("--")) {
      const [key, value] = arg.slice(2).split("=", 2);
      if (value !== undefined) options[key] = value;
      else if (args[i + 1] !== undefined && !args[i + 1].startsWith("--")) {
        options[key] = args[++i];
      } else options[key] = true;
    } else command = arg;
  }
  return { command, options };
}

/**
 * Site options from the command line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseArgs, siteOptions } from "./cli.ts";
 * const { options } = parseArgs(["build", "--dest", "out", "--no-cache"]);
 * assertEquals(siteOptions(options), { dest: "out", cache: "" });
 * assertEquals(siteOptions(parseArgs(["--cache=/tmp/c"]).options), { cache: "/tmp/c" });
 * ```
 */
export function siteOptions(
  options: Record<string, string | boolean>,
): Partial<SiteOptions> {
  const picked: Partial<SiteOptions> = {};
  if (typeof options.src === "string") picked.src = options.src;
  if (typeof options.dest === "string") picked.dest = options.dest;
  if (typeof options.cache === "string") picked.cache = options.cache;
  if (options["no-cache"]) picked.cache = "";
  if (options.quiet) picked.quiet = true;
  return picked;
}

/**
 * The files a line of the builder's input names as changed: the `changed` of
 * `{"changed": ["content/a.md"]}`, or `undefined` (anything may have changed)
 * for any other line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { changedFiles } from "./cli.ts";
 * assertEquals(changedFiles('{"changed":["content/a.md"]}'), ["content/a.md"]);
 * assertEquals(changedFiles("build"), undefined);
 * ```
 */
export function changedFiles(line: string): string[] | undefined {
  try {
    const { changed } = JSON.parse(line);
    if (
      Array.isArray(changed) &&
      changed.every((path) => typeof path === "string")
    ) return changed;
  } catch {
    // Not JSON: build everything.
  }
  return undefined;
}

/**
 * What the build cache gave, for the line a build prints: an author who
 * changed a script sees why the build took longer.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cacheNote } from "./cli.ts";
 * assertEquals(cacheNote({ results: "hit", charts: "hit" }), " (from the build cache: results, charts)");
 * assertEquals(cacheNote({ results: "miss", charts: "hit" }), " (from the build cache: charts; computed: results)");
 * assertEquals(cacheNote({}), "");
 * ```
 */
export function cacheNote(log: Record<string, "hit" | "miss">): string {
  const names = (what: string) =>
    Object.keys(log).filter((name) => log[name] === what).join(", ");
  const parts = [
    names("hit") && `from the build cache: ${names("hit")}`,
    names("miss") && `computed: ${names("miss")}`,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/** Describe a build error for the terminal. */
export function describeError(error: unknown): string {
  if (error instanceof BuildError) return `error: ${error}`;
  return `error: ${
    error instanceof Error ? error.stack ?? error.message : error
  }`;
}

async function loadSite(config = "_config.ts"): Promise<Site> {
  const module = await import(toFileUrl(resolve(config)).href);
  return module.default as Site;
}

async function main(args: string[]): Promise<number> {
  const { command, options } = parseArgs(args);
  const overrides = siteOptions(options);
  if (command === "build") {
    const site = await loadSite(options.config as string | undefined);
    try {
      const report = await site.build(overrides);
      if (options.json) console.log(JSON.stringify(report));
      else if (!overrides.quiet) {
        console.log(
          `built ${report.pages} pages (${report.files} files) into ${
            overrides.dest ?? site.options.dest
          }/ in ${report.milliseconds} ms${cacheNote(report.cache)}`,
        );
      }
      return 0;
    } catch (error) {
      console.error(describeError(error));
      return 1;
    }
  }
  if (command === "builder") {
    const site = await loadSite(options.config as string | undefined);
    for await (const line of textLines(Deno.stdin.readable)) {
      try {
        const report = await site.update(changedFiles(line), {
          ...overrides,
          serve: true,
          quiet: true,
        });
        console.log(JSON.stringify({ ok: true, ...report }));
      } catch (error) {
        console.log(JSON.stringify({ ok: false, error: describeError(error) }));
      }
    }
    return 0;
  }
  if (command === "serve") {
    const { serve } = await import("./serve.ts");
    await serve({
      port: Number(options.port ?? 3000),
      dest: overrides.dest ?? "_site",
      src: overrides.src ?? "content",
      config: options.config as string | undefined,
    });
    return 0;
  }
  console.error(`unknown command "${command}": use build or serve`);
  return 2;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
