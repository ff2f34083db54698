/**
 * `deno task serve`: build, serve the output on localhost, rebuild on every
 * change, reload the open page.
 *
 * The builds run in a child process (`cli.ts builder`) that keeps its modules
 * and its last build in memory, and is told which files changed: an edit to
 * a page renders that page again and writes what changed (`Site.update`); a
 * layout renders every page. A change to a script (`scripts/`, `_config.ts`)
 * restarts that process, because a running program cannot reload its own
 * modules: the next build sees the new code.
 *
 * A rebuild starts as soon as the files written are closed (an editor saves
 * a file in several events: {@link Changes} waits for the last), or, for a
 * change that never says it is done (a folder, a new mode), after a pause.
 *
 * @module
 */
import { relative, resolve } from "@std/path";
import { TextLineStream } from "@std/streams/text-line-stream";
import { serveStatic } from "./_static.ts";
import { RELOAD_EVENTS } from "./plugins/live_reload.ts";
import { buildFlags, buildTask } from "./core/permissions.ts";
import { counted } from "./core/counted.ts";

/** Options of the development server. */
export interface ServeOptions {
  /** Port on 127.0.0.1. */
  port: number;
  /** The folder served. */
  dest: string;
  /** The pages' folder, watched. */
  src: string;
  /** The site's configuration, when not `_config.ts`. */
  config?: string;
}

/** What the builder answers to a build. */
interface BuilderAnswer {
  ok: boolean;
  error?: string;
  milliseconds?: number;
  pages?: number;
  rendered?: number;
  files?: number;
  written?: number;
  /**
   * The builder ends after this answer: a thread of its own, stopped past
   * its time limit, goes on running until its process ends (`cli.ts`).
   */
  restart?: boolean;
}

/** Delays of {@link Changes}, milliseconds. */
export interface ChangeDelays {
  /** After the last event, when every file written has been closed. */
  quiet: number;
  /** After the last event, when a file may still be being written. */
  open: number;
}

/** The delays `serve` waits. */
export const CHANGE_DELAYS: ChangeDelays = { quiet: 10, open: 80 };

/**
 * The watcher's events, gathered into one rebuild: which files changed
 * (relative to the working directory), whether a script did (the builder
 * restarts), and how long to wait for more. An event of an editor's
 * temporary files (`.x.swp`, `x~`) or of the staging folder does not count.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Changes } from "./serve.ts";
 * const changes = new Changes({ dest: "_site", cwd: "/notes" });
 * // An editor's save: the file is truncated, written, then closed.
 * assertEquals(changes.add({ kind: "modify", paths: ["/notes/content/a.md"] }), 80);
 * assertEquals(changes.add({ kind: "access", paths: ["/notes/content/a.md"] }), 10);
 * assertEquals(changes.take(), { changed: ["content/a.md"], restart: false });
 * ```
 */
export class Changes {
  #changed = new Set<string>();
  /** Files written to and not closed yet. */
  #open = new Set<string>();
  #unknown = false;
  #restart = false;
  #dest: string;
  #cwd: string;
  #code: string[];
  #delays: ChangeDelays;

  /**
   * @param options `dest`, the output folder; `code`, the files and folders
   * of code (their change restarts the builder), `scripts` and `_config.ts`
   * by default; `cwd`, the folder paths are made relative to.
   */
  constructor(
    options: {
      dest: string;
      code?: string[];
      cwd?: string;
      delays?: ChangeDelays;
    },
  ) {
    this.#dest = options.dest;
    this.#cwd = options.cwd ?? Deno.cwd();
    this.#code = (options.code ?? ["scripts", "_config.ts"]).map((path) =>
      this.#relative(path)
    );
    this.#delays = options.delays ?? CHANGE_DELAYS;
  }

  #relative(path: string): string {
    return relative(this.#cwd, resolve(this.#cwd, path)).replaceAll("\\", "/");
  }

  /**
   * Take an event into the next rebuild; returns how long to wait for more
   * before building, or `undefined` if the event does not count.
   */
  add(
    event: Pick<Deno.FsEvent, "kind" | "paths" | "flag">,
  ): number | undefined {
    if (event.flag === "rescan") {
      // The watcher lost events: anything may have changed.
      this.#unknown = true;
      return this.#delay();
    }
    const relevant = event.paths.filter((path) => {
      const name = path.split(/[\\/]/).pop() ?? "";
      return !name.startsWith(".") && !name.endsWith("~") &&
        !path.includes(`${this.#dest}.tmp`);
    });
    if (relevant.length === 0) return undefined;
    for (const path of relevant) {
      const file = this.#relative(path);
      this.#changed.add(file);
      if (
        this.#code.some((code) => file === code || file.startsWith(`${code}/`))
      ) this.#restart = true;
      // Deno reports a file closed after writing as `access`; a rename or a
      // removal is done at once.
      if (event.kind === "create" || event.kind === "modify") {
        this.#open.add(file);
      } else this.#open.delete(file);
    }
    return this.#delay();
  }

  #delay(): number {
    return this.#open.size ? this.#delays.open : this.#delays.quiet;
  }

  /**
   * What the next rebuild needs: the files that changed (`undefined` if
   * anything may have, or the builder restarts), and whether to restart it.
   * Starts a new batch.
   */
  take(): { changed?: string[]; restart: boolean } {
    const restart = this.#restart;
    const changed = this.#unknown || restart ? undefined : [...this.#changed];
    this.#changed.clear();
    this.#open.clear();
    this.#unknown = false;
    this.#restart = false;
    return { changed, restart };
  }
}

class Builder {
  #process?: Deno.ChildProcess;
  #writer?: WritableStreamDefaultWriter<Uint8Array>;
  #answers?: AsyncIterator<string>;

  constructor(private args: string[], private flags: string[]) {}

  start() {
    this.#process = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        // The permissions of `deno task build`, for this src and dest. Not
        // its small young generation, which saves a one-off build's peak
        // memory: in a builder that lives as long as the server, it cost
        // each rebuild some 15 ms of collections (117 ms against 102).
        ...this.flags.filter((flag) => !flag.startsWith("--v8-flags=")),
        "scripts/site/cli.ts",
        "builder",
        ...this.args,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#process.stdin.getWriter();
    this.#answers = lines(this.#process.stdout)[Symbol.asyncIterator]();
  }

  /**
   * Build, told what changed (`undefined`: anything may have; so it is for
   * a builder just started, which holds nothing of the last build).
   */
  async build(changed?: string[]): Promise<BuilderAnswer> {
    const fresh = !this.#process;
    if (fresh) this.start();
    const line = changed && !fresh ? JSON.stringify({ changed }) : "build";
    await this.#writer!.write(new TextEncoder().encode(`${line}\n`));
    const answer = await this.#answers!.next();
    if (answer.done) {
      this.#process = undefined;
      return {
        ok: false,
        error: "the builder stopped (see the messages above)",
      };
    }
    const parsed: BuilderAnswer = JSON.parse(answer.value);
    if (parsed.restart) await this.restart();
    return parsed;
  }

  async restart() {
    if (this.#process) {
      try {
        this.#process.kill();
      } catch { /* already gone */ }
      await this.#process.status;
    }
    this.#process = undefined;
  }
}

/** The builder's JSON answers; its other lines go to the console. */
async function* lines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  for await (const line of textLines(stream)) {
    if (line.startsWith("{")) yield line;
    else if (line) console.log(line);
  }
}

/** A byte stream read as lines of text. */
export function textLines(
  stream: ReadableStream<Uint8Array>,
): ReadableStream<string> {
  // The DOM library types TextDecoderStream's input as BufferSource, which
  // Uint8Array is; TypeScript cannot see it through the generic.
  const decoder = new TextDecoderStream() as unknown as TransformStream<
    Uint8Array,
    string
  >;
  return stream.pipeThrough(decoder).pipeThrough(new TextLineStream());
}

/**
 * Whether a request's `Host` is this server's own (`localhost` or
 * `127.0.0.1`, with its port): a page of another site whose name was made
 * to point at 127.0.0.1 (DNS rebinding) is refused.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { ownHost } from "./serve.ts";
 * assert(ownHost("localhost:3000", 3000));
 * assert(!ownHost("evil.example:3000", 3000));
 * assert(!ownHost("localhost:3001", 3000));
 * ```
 */
export function ownHost(host: string | null, port: number): boolean {
  return host === `localhost:${port}` || host === `127.0.0.1:${port}`;
}

/**
 * Answer one request of the development server from the files of `dest`:
 * refused unless its `Host` is this server's ({@link ownHost}), and a
 * failure is one line in the log and a plain 500, never a stack trace.
 * `events` answers the live-reload stream.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { answer } from "./serve.ts";
 * const request = new Request("http://evil.example:3000/", { headers: { host: "evil.example:3000" } });
 * assertEquals((await answer(request, "_site", 3000)).status, 421);
 * ```
 */
export async function answer(
  request: Request,
  dest: string,
  port: number,
  events?: () => Response,
): Promise<Response> {
  if (!ownHost(request.headers.get("host"), port)) {
    return new Response("unknown host: use http://localhost:PORT/\n", {
      status: 421,
    });
  }
  try {
    if (events && new URL(request.url).pathname === RELOAD_EVENTS) {
      return events();
    }
    return await serveStatic(request, dest);
  } catch (error) {
    console.error(
      `error: ${new URL(request.url).pathname}: ${
        String(error instanceof Error ? error.message : error).split("\n")[0]
      }`,
    );
    return new Response("internal error\n", { status: 500 });
  }
}

/** Serve the site and rebuild it on change. Runs until interrupted. */
export async function serve(options: ServeOptions): Promise<void> {
  // The builder gets the site's options, not the server's (`--port`).
  const { src, dest, config } = options;
  const builder = new Builder(
    ["--src", src, "--dest", dest, ...(config ? ["--config", config] : [])],
    buildFlags(buildTask(), { src, dest, config }),
  );
  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const send = (event: string, data: string) => {
    const message = new TextEncoder().encode(
      `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
    );
    for (const client of clients) {
      try {
        client.enqueue(message);
      } catch {
        clients.delete(client);
      }
    }
  };
  let failed = false;
  const build = async (changed?: string[]) => {
    const report = await builder.build(changed);
    if (report.ok) {
      console.log(
        `built ${
          counted(report.pages ?? 0, "page")
        } in ${report.milliseconds} ms: ${report.rendered} rendered, ${report.written} of ${
          counted(report.files ?? 0, "file")
        } written`,
      );
      // A rebuild that wrote nothing (a file saved unchanged) changed no
      // page, unless the pages show the error of the build before. (The
      // event says how many files were written.)
      if (report.written !== 0 || failed) {
        send("reload", String(report.written ?? ""));
      }
    } else {
      // One line, as the terminal shows it: no stack, no other lines.
      const error = (report.error ?? "unknown error").split("\n")[0];
      console.error(error);
      send("failed", error);
    }
    failed = !report.ok;
  };
  await build();

  let listening = options.port;
  Deno.serve({
    hostname: "127.0.0.1",
    port: options.port,
    onListen: ({ port }) => {
      listening = port;
      console.log(`serving ${options.dest}/ at http://localhost:${port}/`);
    },
  }, (request) =>
    answer(request, options.dest, listening, () => {
      let controller: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          clients.add(c);
        },
        cancel() {
          clients.delete(controller);
        },
      });
      return new Response(body, {
        headers: {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
        },
      });
    }));

  const code = ["scripts", config ?? "_config.ts"];
  const watched = [src, "_includes", ...code];
  const changes = new Changes({ dest, code });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let building = false;
  let due = false;
  // One build at a time; the changes that come meanwhile make the next one.
  const rebuild = async () => {
    due = true;
    if (building) return;
    building = true;
    try {
      while (due) {
        due = false;
        const { changed, restart } = changes.take();
        if (restart) await builder.restart();
        await build(changed);
      }
    } finally {
      building = false;
    }
  };
  for await (const event of Deno.watchFs(watched)) {
    const delay = changes.add(event);
    if (delay === undefined) continue;
    clearTimeout(timer);
    timer = setTimeout(rebuild, delay);
  }
}
