/**
 * The permissions of a build, read from the `build` task of `deno.json` so
 * that `deno task build`, the builder of `deno task serve`, the benchmark and
 * the tests that run the command line all run with the same, narrow ones:
 *
 * - `--allow-read=.`: the pages, layouts, scripts, examples and the npm
 *   packages (Temml's stylesheet, the search indexer) in the
 *   project;
 * - `--allow-write=_site,_site.tmp,_cache`: the output, its staging folder
 *   and the build cache (`cache.ts`) only;
 * - `--allow-run=<the Pagefind binary of each platform>,deno`: the search
 *   indexer, and Deno itself, which the command line (`cli.ts`) runs only to
 *   start the build again with leave to read and write the folders named by
 *   `--src`, `--dest`, `--config` and `--cache` when the task's flags do not
 *   grant them; that build runs the indexer and nothing else (no `deno`);
 * - no `--allow-net`, no `--allow-env`, no `--allow-sys`, no `--allow-ffi`;
 * - `--v8-flags=--max-semi-space-size=2`, which is no permission: V8's young
 *   generation kept at 2 MiB a half, where it grows to 16 MiB by default in
 *   each of the build's two threads. A build of a thousand pages then peaks
 *   at about 125 MiB instead of 190, in no more time.
 *
 * A build into another folder (`--dest`), from other pages (`--src`) or with
 * another configuration (`--config`) gets the same flags, with leave to read
 * those and to write the output folder in place of `_site`; one with another
 * cache folder (`--cache`) may write that one in place of `_cache`.
 *
 * @module
 */

/** Where a build reads its pages and writes its output. */
export interface BuildPlaces {
  /** The pages' folder, when not `content/` (read as well as `.`). */
  src?: string;
  /** The output folder, when not `_site/`. */
  dest?: string;
  /** The configuration, when not `_config.ts` (read as well as `.`). */
  config?: string;
  /** The build cache, when not `_cache/` (read and written). */
  cache?: string;
}

/**
 * The `--allow-*` flags of the `build` task of `deno.json`, adapted to
 * `places`, and its `--v8-flags`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { buildFlags } from "./permissions.ts";
 * const task = "deno run --allow-read=. --allow-write=_site,_site.tmp,_cache " +
 *   "--allow-run=bin/pagefind,deno --v8-flags=--max-semi-space-size=2 " +
 *   "scripts/site/cli.ts build";
 * assertEquals(buildFlags(task, { dest: "/tmp/x/out" }), [
 *   "--allow-read=.,/tmp/x/out,/tmp/x/out.tmp",
 *   "--allow-write=/tmp/x/out,/tmp/x/out.tmp,_cache",
 *   "--allow-run=bin/pagefind",
 *   "--v8-flags=--max-semi-space-size=2",
 * ]);
 * assertEquals(buildFlags(task, { cache: "/tmp/c" })[1], "--allow-write=_site,_site.tmp,/tmp/c");
 * ```
 */
export function buildFlags(task: string, places: BuildPlaces = {}): string[] {
  const flags = task.split(/\s+/).filter((word) =>
    word.startsWith("--allow-") || word.startsWith("--v8-flags=")
  );
  const { src, dest, config, cache } = places;
  return flags.map((flag) => {
    if (flag.startsWith("--allow-read=")) {
      const extra = [src, dest, dest && `${dest}.tmp`, config, cache].filter(
        Boolean,
      );
      return [flag, ...extra].join(",");
    }
    if (flag.startsWith("--allow-write=")) {
      const places = flag.slice("--allow-write=".length).split(",").map(
        (place) =>
          place === "_site" && dest
            ? dest
            : place === "_site.tmp" && dest
            ? `${dest}.tmp`
            : place === "_cache" && cache
            ? cache
            : place,
      );
      return `--allow-write=${places.join(",")}`;
    }
    if (flag.startsWith("--allow-run=")) {
      // The build itself starts no Deno: only the command line may, to
      // start the build with these flags.
      const programs = flag.slice("--allow-run=".length).split(",")
        .filter((program) => program !== "deno");
      return `--allow-run=${programs.join(",")}`;
    }
    return flag;
  });
}

/**
 * Whether this process may read `places` (the pages, the configuration, the
 * cache) and write the output, its staging folder and the cache: if not,
 * the command line starts the build again with {@link buildFlags}.
 */
export function grantsPlaces(places: BuildPlaces): boolean {
  const { src, dest, config, cache } = places;
  const granted = (descriptor: Deno.PermissionDescriptor) =>
    Deno.permissions.querySync(descriptor).state === "granted";
  const reads = [src, config, cache, dest, dest && `${dest}.tmp`];
  const writes = [dest, dest && `${dest}.tmp`, cache];
  return reads.every((path) => !path || granted({ name: "read", path })) &&
    writes.every((path) => !path || granted({ name: "write", path }));
}

/** The `build` task of a `deno.json`. */
export function buildTask(config = "deno.json"): string {
  const task = JSON.parse(Deno.readTextFileSync(config)).tasks?.build;
  if (typeof task !== "string") {
    throw new Error(`${config} has no build task`);
  }
  return task;
}

/**
 * The arguments of `deno run` that build the site like `deno task build`,
 * with `places` and any more arguments of the command line (`--quiet`, …).
 */
export function buildCommand(
  places: BuildPlaces = {},
  more: string[] = [],
  config = "deno.json",
): string[] {
  const task = buildTask(config);
  const script = task.split(/\s+/).find((word) => word.endsWith("cli.ts")) ??
    "scripts/site/cli.ts";
  return [
    "run",
    // A permission not granted is an error, never a question in a terminal.
    "--no-prompt",
    ...buildFlags(task, places),
    script,
    "build",
    ...(places.src ? ["--src", places.src] : []),
    ...(places.dest ? ["--dest", places.dest] : []),
    ...(places.config ? ["--config", places.config] : []),
    ...(places.cache ? ["--cache", places.cache] : []),
    ...more,
  ];
}
