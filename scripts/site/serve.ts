/**
 * `deno task serve`: build, serve the output on localhost, rebuild on every
 * change, reload the open page.
 *
 * The builds run in a child process (`cli.ts builder`) that keeps its modules
 * loaded, so a change to a page or a layout rebuilds quickly. A change to a
 * script (`scripts/`, `_config.ts`) restarts that process, because a running
 * program cannot reload its own modules: the next build sees the new code.
 *
 * @module
 */
import { TextLineStream } from "@std/streams/text-line-stream";
import { serveStatic } from "./_static.ts";
import { RELOAD_EVENTS } from "./live_reload.ts";
import { buildFlags, buildTask } from "./permissions.ts";

/** Options of the development server. */
export interface ServeOptions {
  /** Port on 127.0.0.1. */
  port: number;
  /** The folder served. */
  dest: string;
  /** The pages' folder, watched. */
  src: string;
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
        // The permissions of `deno task build`, for this src and dest.
        ...this.flags,
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

  async build(): Promise<
    { ok: boolean; error?: string; milliseconds?: number; pages?: number }
  > {
    if (!this.#process) this.start();
    await this.#writer!.write(new TextEncoder().encode("build\n"));
    const answer = await this.#answers!.next();
    if (answer.done) {
      this.#process = undefined;
      return {
        ok: false,
        error: "the builder stopped (see the messages above)",
      };
    }
    return JSON.parse(answer.value);
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

/** Serve the site and rebuild it on change. Runs until interrupted. */
export async function serve(options: ServeOptions): Promise<void> {
  // The builder gets the site's options, not the server's (`--port`).
  const builder = new Builder(
    ["--src", options.src, "--dest", options.dest],
    buildFlags(buildTask(), { src: options.src, dest: options.dest }),
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
  const build = async () => {
    const report = await builder.build();
    if (report.ok) {
      console.log(`built ${report.pages} pages in ${report.milliseconds} ms`);
      send("reload", "");
    } else {
      console.error(report.error);
      send("failed", report.error ?? "unknown error");
    }
  };
  await build();

  Deno.serve({
    hostname: "127.0.0.1",
    port: options.port,
    onListen: ({ port }) =>
      console.log(`serving ${options.dest}/ at http://localhost:${port}/`),
  }, (request) => {
    if (new URL(request.url).pathname === RELOAD_EVENTS) {
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
    }
    return serveStatic(request, options.dest);
  });

  const watched = [options.src, "_includes", "scripts", "_config.ts"];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let codeChanged = false;
  let running = Promise.resolve();
  for await (const event of Deno.watchFs(watched)) {
    // Editors' temporary files (".x.swp", "x~") and the output do not count.
    const relevant = event.paths.filter((path) => {
      const name = path.split(/[\\/]/).pop() ?? "";
      return !name.startsWith(".") && !name.endsWith("~") &&
        !path.includes(`${options.dest}.tmp`);
    });
    if (relevant.length === 0) continue;
    if (relevant.some((path) => /[\\/]scripts[\\/]|_config\.ts$/.test(path))) {
      codeChanged = true;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if (codeChanged) {
          codeChanged = false;
          await builder.restart();
        }
        await build();
      });
    }, 80);
  }
}
