/**
 * The command line of the site, like Lume's:
 *
 * - `build [--src content] [--dest _site] [--cache _cache] [--no-cache]
 *   [--no-search] [--strict] [--quiet] [--json]` builds the site (`--src`, `--dest`:
 *   any folders, inside the project or not: when the process may not read
 *   or write them, it starts the build again with leave for exactly those;
 *   `--cache`: the folder of the build cache, `--no-cache`: none;
 *   `--no-search`: no search index; `--strict`: what is otherwise a warning
 *   that a page lacks its translation is an error; `--json`: print the build's report, with
 *   the time of each stage and what came from the cache, as one line of
 *   JSON);
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
import { parseArgs as parseFlags } from "@std/cli/parse-args";
import { fromFileUrl, join, resolve, SEPARATOR } from "@std/path";
import {
  buildFlags,
  type BuildPlaces,
  buildTask,
  grantsPlaces,
} from "./core/permissions.ts";
import type { BuildReport, SiteOptions } from "./core/site.ts";
import { checkDest, STAGING_ENTRIES } from "./core/dest.ts";
import { describeError } from "./core/errors.ts";
import { counted } from "./core/counted.ts";
import {
  type BuildState,
  changedPaths,
  covered,
  forgetState,
  inputPlaces,
  readState,
  requestKey,
  stampFiles,
  type Stamps,
  unchanged as unchangedSince,
  writeState,
} from "./core/build_state.ts";
import type { BuildRequest } from "./_build_worker.ts";
import { ThreadHost, type ThreadStart } from "./core/threads.ts";

export { describeError };

/** A mistake on the command line: one line, exit status 2. */
export class UsageError extends Error {}

/** How to call it. */
export const USAGE =
  "usage: cli.ts build|serve|builder [--src DIR] [--dest DIR] [--config FILE] [--cache DIR] [--no-cache] [--no-search] [--strict] [--quiet] [--json] [--port N] [--render-timeout S] [--script-timeout S]";

const STRINGS = [
  "src",
  "dest",
  "config",
  "cache",
  "port",
  "render-timeout",
  "script-timeout",
];
const BOOLEANS = ["no-cache", "no-search", "strict", "quiet", "json"];
const COMMANDS = ["build", "serve", "builder"];

/**
 * Parse `--key value` and `--key=value` options and the command. An
 * unknown option, an option without its value and a second command are
 * {@link UsageError}s.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { parseArgs } from "./cli.ts";
 * assertEquals(parseArgs(["serve", "--port=8000"]), { command: "serve", options: { port: "8000" } });
 * assertThrows(() => parseArgs(["serve", "--port"]), Error, "--port needs a value");
 * assertThrows(() => parseArgs(["build", "--dset", "x"]), Error, "unknown option --dset");
 * ```
 */
export function parseArgs(
  args: string[],
): { command: string; options: Record<string, string | boolean> } {
  const commands: string[] = [];
  const parsed = parseFlags(args, {
    string: STRINGS,
    boolean: BOOLEANS,
    unknown: (arg: string) => {
      if (arg.startsWith("-")) {
        throw new UsageError(
          `unknown option ${arg.split("=")[0]} (${USAGE})`,
        );
      }
      return true;
    },
  });
  for (const word of parsed._) commands.push(String(word));
  if (commands.length > 1) {
    throw new UsageError(
      `expected one command, found ${commands.join(" ")} (${USAGE})`,
    );
  }
  const command = commands[0] ?? "build";
  if (!COMMANDS.includes(command)) {
    throw new UsageError(
      `unknown command "${command}": use build or serve (${USAGE})`,
    );
  }
  const options: Record<string, string | boolean> = {};
  for (const key of STRINGS) {
    const value = parsed[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new UsageError(`--${key} needs a value (${USAGE})`);
    }
    options[key] = value;
  }
  for (const key of BOOLEANS) if (parsed[key]) options[key] = true;
  return { command, options };
}

/**
 * A number of seconds, or a port, given on the command line as `--key`:
 * anything but a number from `min` to `max` is a {@link UsageError}.
 */
export function numberOption(
  options: Record<string, string | boolean>,
  key: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  const text = options[key];
  if (typeof text !== "string") return undefined;
  const value = Number(text);
  if (
    !/^\d+(\.\d+)?$/.test(text) || !(value >= min && value <= max) ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${key}: expected ${
        integer ? "a whole number" : "a number"
      } from ${min} to ${max}, found ${JSON.stringify(text)}`,
    );
  }
  return value;
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
  if (options["no-search"]) picked.search = false;
  if (options.strict) picked.strict = true;
  if (options.quiet) picked.quiet = true;
  const render = numberOption(options, "render-timeout", 0.1, 86400);
  if (render !== undefined) picked.renderTimeout = render;
  const script = numberOption(options, "script-timeout", 0.1, 86400);
  if (script !== undefined) picked.scriptTimeout = script;
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

/**
 * The arguments of `deno` that run this build again with leave to read and
 * write `places`, when this process may not but may start Deno (the
 * `build` task grants `--allow-run=deno` for that); otherwise `undefined`,
 * and the build goes on here (a place not granted is then an error that
 * names the command granting it). A folder whose name holds a comma cannot
 * be named in Deno's flags: a {@link UsageError}.
 */
export function relaunchArgs(
  args: string[],
  places: BuildPlaces,
): string[] | undefined {
  for (const [option, path] of Object.entries(places)) {
    if (path?.includes(",")) {
      throw new UsageError(
        `--${option} ${path}: a folder whose name holds a comma cannot be granted to the build (Deno's flags separate folders by commas): rename it`,
      );
    }
  }
  if (grantsPlaces(places)) return undefined;
  const deno = Deno.permissions.querySync({ name: "run", command: "deno" });
  if (deno.state !== "granted") return undefined;
  return [
    "run",
    "--no-prompt",
    ...buildFlags(buildTask(), places),
    fromFileUrl(import.meta.url),
    ...args,
  ];
}

/** What a build in the worker ends with. */
type BuildOutcome =
  | {
    ok: true;
    report: BuildReport;
    dest: string;
    /** The folders the build read besides the code (`Site.inputFolders`). */
    inputs: { pages: string; layouts: string; copied: string[] };
    /**
     * The modules that reach the pages only through the data they compute
     * (`Site.dataOnlyCode`), absolute.
     */
    dataOnly: string[];
    /** Whether the configuration prints no warnings (its `quiet`). */
    quiet: boolean;
  }
  | {
    ok: false;
    error: string;
    /**
     * Whether a thread of this process was stopped while it ran (a render
     * or a script past its time limit): Deno cannot stop such a thread
     * (`_build_worker.ts`), which uses a core until the process ends.
     */
    stranded?: boolean;
  };

/**
 * Builds in a worker (`_build_worker.ts`), terminated when one page's
 * render takes longer than its limit; the next build starts a fresh one.
 * (The terminated worker's thread goes on running until the process ends:
 * the outcome says so, `stranded`, and serve's builder then ends.)
 */
class WatchedBuild {
  #worker?: Worker;
  /** The threads the worker's build asked for (`core/threads.ts`). */
  #threads?: ThreadHost;

  constructor(private config: string, private noRun = false) {}

  /** The worker, started if it is not. */
  #start(): { worker: Worker; threads: ThreadHost } {
    const worker = this.#worker ??= new Worker(
      new URL("./_build_worker.ts", import.meta.url).href,
      { type: "module" },
    );
    const threads = this.#threads ??= new ThreadHost((message) =>
      worker.postMessage(message)
    );
    return { worker, threads };
  }

  /**
   * Start the worker and have it load the configuration now, while the
   * command line does something else (see whether anything changed).
   */
  preload(): void {
    this.#start().worker.postMessage(
      {
        config: this.config,
        noRun: this.noRun,
        overrides: {},
        preload: true,
      } satisfies BuildRequest,
    );
  }

  /** Start these threads now, for the build to take when it asks. */
  prestart(threads: ThreadStart[]): void {
    if (threads.length) this.#start().threads.prestart(threads);
  }

  /** The threads the build started, and how many were started before. */
  get threads(): { started: ThreadStart[]; reused: number } {
    return {
      started: this.#threads?.started ?? [],
      reused: this.#threads?.reused ?? 0,
    };
  }

  /**
   * Resolves when the worker has kept the renders of the build that ended
   * (a build asked to keep them goes on writing them after it ends).
   */
  rendersKept: Promise<void> = Promise.resolve();

  run(request: Omit<BuildRequest, "config" | "noRun">): Promise<BuildOutcome> {
    const { worker, threads } = this.#start();
    let kept = () => {};
    let ended = false;
    this.rendersKept = request.renders
      ? new Promise((resolve) => kept = resolve)
      : Promise.resolve();
    const dest = request.overrides.dest ?? "_site";
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const fail = (error: string, stranded = false) => {
        clearTimeout(timer);
        kept();
        this.stop();
        // The worker's half-written staging folder (what the build made).
        for (const name of STAGING_ENTRIES) {
          try {
            Deno.removeSync(join(`${dest}.tmp`, name), { recursive: true });
          } catch { /* not there */ }
        }
        try {
          Deno.removeSync(`${dest}.tmp`);
        } catch { /* not empty, or not there */ }
        resolve({ ok: false, error, stranded });
      };
      worker.onmessage = ({ data }) => {
        if (threads.receive(data)) return;
        if (data.kind === "renders-kept") return kept();
        if (data.kind === "render") {
          clearTimeout(timer);
          // The limit is the worker's to say: the option's, else the
          // configuration's.
          if (data.file) {
            timer = setTimeout(
              () =>
                fail(
                  `error: ${data.file}: rendering it took longer than ${data.limit} s, the time limit of a page (renderTimeout in _config.ts, or --render-timeout SECONDS): a template loop that never ends?`,
                  true,
                ),
              data.limit * 1000,
            );
          }
        } else {
          clearTimeout(timer);
          ended = true;
          if (!data.ok) kept();
          resolve(data);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        // After the build ended, only the renders were not kept.
        if (ended) return kept();
        fail(describeError(new Error(event.message)));
      };
      worker.postMessage(
        {
          ...request,
          config: this.config,
          noRun: this.noRun,
        } satisfies BuildRequest,
      );
    });
  }

  stop() {
    this.#threads?.terminateAll();
    this.#threads = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

/**
 * The last build's state, for a build with these options (`build_state.ts`):
 * whether nothing changed since; the renders this build may reuse (the
 * last build's, when nothing but pages and copied files changed since); and
 * how to leave this build's state for the next. `undefined` without a build
 * cache (`--no-cache`), which keeps none.
 */
async function lastBuild(
  config: string,
  overrides: Partial<SiteOptions>,
): Promise<
  | {
    unchanged: boolean;
    state: BuildState;
    renders: { file: string; id: string; reuse?: string };
    /** The threads to start now: the scripts' thread, when a script changed. */
    prestart: ThreadStart[];
    save(
      outcome: BuildOutcome & { ok: true },
      threads: ThreadStart[],
    ): Promise<void>;
  }
  | undefined
> {
  const cache = overrides.cache ?? "_cache";
  if (!cache) return undefined;
  // Printing is not part of the site; everything else may be.
  const { quiet: _quiet, ...options } = overrides;
  const key = requestKey({ config: resolve(config), options });
  const kept = await readState(cache);
  const known = kept?.key === key ? kept : undefined;
  // Where the inputs are: as the last build of these options found them
  // (the configuration, unchanged, may name other folders), else by the
  // defaults; a configuration outside the project adds the modules it
  // imports.
  const configPath = resolve(config);
  const defaults = {
    src: overrides.src ?? "content",
    dest: overrides.dest ?? "_site",
    cache,
    config,
  };
  const base = inputPlaces(Deno.cwd(), defaults);
  // A configuration outside the project adds the local modules it imports,
  // found again at each build (an edit may make it import another).
  const outside = !covered(configPath, {
    roots: [base.roots[0]],
    skip: base.skip,
  });
  let places = outside ? undefined : known?.places ?? base;
  if (!places) {
    const { localImports } = await import("./core/module_graph.ts");
    places = inputPlaces(
      Deno.cwd(),
      defaults,
      await localImports([configPath]).catch(() => [] as string[]),
    );
  }
  const inputs = await stampFiles(places.roots, places.skip);
  const unchanged = known !== undefined &&
    await unchangedSince(known, key, inputs, known.dest);
  // The renders of the last build hold while only pages, copied files and
  // code that computes data changed: the code that renders, the layouts and
  // the options are the same, and a render is reused only if its page's
  // data (the results among it) is too.
  const paths = (list: unknown) =>
    Array.isArray(list) ? list.filter((path) => typeof path === "string") : [];
  const local = (path: string) =>
    paths(known?.local).some((folder) =>
      path === folder || path.startsWith(folder + SEPARATOR)
    );
  const dataOnly = new Set(paths(known?.dataOnly));
  const changed = known && !unchanged
    ? await changedPaths(known.inputs, inputs)
    : undefined;
  const reuse = known?.renders !== undefined && changed &&
      changed.every((path) => local(path) || dataOnly.has(path))
    ? known.renders
    : undefined;
  // A script changed: it runs in a thread that loads mathjs and every
  // script, which starts now, while the build's worker loads the
  // configuration (only the first thread the last build started: a second
  // one, if needed, starts when the build asks).
  const prestart = changed?.some((path) => dataOnly.has(path))
    ? scriptThreads(known?.threads, inputs).slice(0, 1)
    : [];
  const renders = {
    file: join(cache, "renders.note"),
    id: crypto.randomUUID(),
    reuse,
  };
  return {
    unchanged,
    state: known!,
    renders,
    prestart,
    save: async (outcome, threads) => {
      const used = places!;
      // The build read only what was stamped, and wrote nothing stamped:
      // else its state cannot say whether the next has anything to do.
      const dest = resolve(outcome.dest);
      const { pages, layouts, copied } = outcome.inputs;
      const fits =
        [pages, layouts, ...copied].every((path) =>
          covered(resolve(path), used)
        ) && !covered(dest, used) && !covered(`${dest}.tmp`, used);
      if (!fits) return await forgetState(cache);
      await writeState(cache, {
        key,
        places: used,
        dest: outcome.dest,
        inputs,
        output: await stampFiles([dest], [], dest),
        pages: outcome.report.pages,
        files: outcome.report.files,
        warnings: outcome.report.warnings,
        quiet: outcome.quiet,
        local: [pages, ...copied].map((path) => resolve(path)),
        dataOnly: outcome.dataOnly,
        // The threads of the last build that started any.
        threads: scriptThreads(
          threads.length ? threads : known?.threads,
          inputs,
        ),
        renders: renders.id,
      });
    },
  };
}

/**
 * Of the threads a build state lists, those the command line may start on
 * its own: the engine's worker for the exercise scripts
 * (`core/_parallel_worker.ts`), told to load a module that is one of the
 * build's inputs (`inputs`, stamped: the state is a file of the cache, and
 * nothing else in it is run).
 */
function scriptThreads(list: unknown, inputs: Stamps): ThreadStart[] {
  const worker = new URL("./core/_parallel_worker.ts", import.meta.url).href;
  const input = (module: unknown) => {
    if (typeof module !== "string" || !module.startsWith("file:")) return false;
    try {
      return Object.hasOwn(inputs, fromFileUrl(module));
    } catch {
      return false;
    }
  };
  return (Array.isArray(list) ? list : []).filter((start) => {
    const first = start?.first;
    return start?.url === worker && first?.kind === "load" &&
      Object.keys(first).length === 2 && input(first.module);
  }).map(({ url, first }) => ({
    url,
    first: { kind: "load", module: first.module },
  }));
}

async function main(args: string[]): Promise<number> {
  let command: string;
  let options: Record<string, string | boolean>;
  let overrides: Partial<SiteOptions>;
  try {
    ({ command, options } = parseArgs(args));
    overrides = siteOptions(options);
  } catch (error) {
    console.error(describeError(error));
    return 2;
  }
  const config = (options.config as string | undefined) ?? "_config.ts";
  if (command === "build") {
    const places: BuildPlaces = {
      src: overrides.src,
      dest: overrides.dest,
      config: options.config as string | undefined,
      cache: overrides.cache || undefined,
    };
    let relaunch: string[] | undefined;
    try {
      relaunch = relaunchArgs(args, places);
    } catch (error) {
      console.error(describeError(error));
      return error instanceof UsageError ? 2 : 1;
    }
    if (relaunch) {
      // The task's flags grant the project's folders: start the build again
      // with leave to read and write the folders named, and nothing more.
      const child = new Deno.Command("deno", {
        args: relaunch,
        stdin: "inherit",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn();
      return (await child.status).code;
    }
    // Page code may not start programs: the indexer is started before it.
    const watched = new WatchedBuild(config, true);
    // The configuration loads while the command sees whether anything
    // changed since the last build.
    watched.preload();
    // Nothing changed since the last build: the site in place is the one
    // this build would write.
    const started = performance.now();
    const last = await lastBuild(config, overrides);
    watched.prestart(last?.prestart ?? []);
    if (last?.unchanged) {
      watched.stop();
      const { state } = last;
      const report = {
        pages: state.pages,
        files: state.files,
        rendered: 0,
        written: 0,
        milliseconds: Math.round(performance.now() - started),
        stages: { check: Math.round(performance.now() - started) },
        cache: {},
        warnings: state.warnings,
        unchanged: true,
      };
      if (!(overrides.quiet ?? state.quiet)) {
        for (const message of state.warnings) {
          console.warn(`warning: ${message}`);
        }
      }
      if (options.json) console.log(JSON.stringify(report));
      else if (!overrides.quiet) {
        console.log(
          `${state.dest}/ is up to date: nothing changed since the last build of its ${
            counted(state.pages, "page")
          } (${
            counted(state.files, "file")
          }), checked in ${report.milliseconds} ms`,
        );
      }
      return 0;
    }
    const outcome = await watched.run({ overrides, renders: last?.renders });
    if (!outcome.ok) {
      watched.stop();
      console.error(outcome.error);
      return 1;
    }
    const { report, dest } = outcome;
    const threads = watched.threads;
    // How many of the scripts' threads were started before the build asked.
    if (threads.reused) report.prestarted = threads.reused;
    if (last) await last.save(outcome, threads.started);
    await watched.rendersKept;
    watched.stop();
    if (options.json) console.log(JSON.stringify(report));
    else if (!overrides.quiet) {
      console.log(
        `built ${counted(report.pages, "page")} (${
          counted(report.files, "file")
        }) into ${dest}/ in ${report.milliseconds} ms${
          cacheNote(report.cache)
        }`,
      );
    }
    return 0;
  }
  if (command === "builder") {
    const watched = new WatchedBuild(config);
    // Imported here: a build's main thread loads no more than it needs (the
    // server imports the engine, which the build loads in its worker).
    const { textLines } = await import("./serve.ts");
    for await (const line of textLines(Deno.stdin.readable)) {
      const outcome = await watched.run({
        overrides: { ...overrides, serve: true, quiet: true },
        update: true,
        changed: changedFiles(line),
      });
      // A thread left running (a render or a script past its limit) uses a
      // core until the process ends: this builder ends, and serve starts
      // another for the next build.
      const restart = !outcome.ok && !!outcome.stranded;
      console.log(
        JSON.stringify(
          outcome.ok
            ? { ok: true, ...outcome.report }
            : { ok: false, error: outcome.error, ...(restart && { restart }) },
        ),
      );
      if (restart) break;
    }
    watched.stop();
    return 0;
  }
  // serve
  let port: number;
  const dest = overrides.dest ?? "_site";
  const src = overrides.src ?? "content";
  try {
    port = numberOption(options, "port", 1, 65535, true) ?? 3000;
    checkDest(dest, { src, includes: "_includes", scripts: "scripts" });
  } catch (error) {
    console.error(describeError(error));
    return error instanceof UsageError ? 2 : 1;
  }
  const { serve } = await import("./serve.ts");
  try {
    await serve({
      port,
      dest,
      src,
      config: options.config as string | undefined,
    });
  } catch (error) {
    console.error(
      error instanceof Deno.errors.AddrInUse
        ? `error: port ${port} is in use by another program: stop it, or pass --port N`
        : describeError(error),
    );
    return 1;
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
