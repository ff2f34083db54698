/**
 * The worker `cli.ts` builds in: it imports the site's configuration, builds
 * (or, for `serve`'s builder, updates) when told, and says which page it is
 * rendering, so that the command's main thread can terminate it when one
 * render takes longer than the limit (a template loop that never ends cannot
 * be stopped from inside its own thread).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { dirname, resolve, toFileUrl } from "@std/path";
import { type Site, type SiteOptions, timeLimit } from "./core/site.ts";
import { describeError } from "./core/errors.ts";
import { relayThreads, useThreads } from "./core/threads.ts";
import { ScriptTimeout } from "./core/parallel.ts";

/** What the main thread asks. */
export interface BuildRequest {
  /** The configuration module, relative to the working directory. */
  config: string;
  /** Options of this build. */
  overrides: Partial<SiteOptions>;
  /** An update (`serve`) rather than a build from scratch. */
  update?: boolean;
  /** With `update`, the files that changed (none: anything may have). */
  changed?: string[];
  /** Take away the leave to run programs once the indexer is started. */
  noRun?: boolean;
  /**
   * Only load the configuration (the command line checks meanwhile whether
   * anything changed since the last build); the build request follows.
   */
  preload?: boolean;
  /**
   * Keep the build's renders in `file` under `id`, and reuse those kept
   * there under `reuse` (the command line makes sure that nothing but the
   * pages changed since they were kept).
   */
  renders?: { file: string; id: string; reuse?: string };
}

/** The renders kept in `file` under `id`, if they are there. */
async function keptRenders(
  file: string,
  id: string,
): Promise<string | undefined> {
  const text = await Deno.readTextFile(file).catch(() => "");
  const newline = text.indexOf("\n");
  return newline > 0 && text.slice(0, newline) === id
    ? text.slice(newline + 1)
    : undefined;
}

/**
 * Whether the build failed because a script ran past its time limit: its
 * thread was told to stop, but Deno cannot stop a thread that is running
 * JavaScript (`Worker.terminate()` takes effect when the thread returns to
 * its event loop, which a loop that never ends never does; denoland/deno
 * #35657), and it goes on using a core until the process ends.
 */
function leftRunning(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof ScriptTimeout) return true;
  }
  return false;
}

let site: Promise<Site> | undefined;
/** The render time limit of the build under way, seconds. */
let renderLimit = 30;

// The scripts' threads are started by the main thread: a worker's own
// workers get their messages half a second late (`core/threads.ts`).
const relay = relayThreads((message) => self.postMessage(message));
useThreads(relay.start);

self.onmessage = async ({ data }: MessageEvent<BuildRequest>) => {
  if (relay.receive(data)) return;
  try {
    site ??= import(toFileUrl(resolve(data.config)).href).then((module) => {
      const loaded = module.default as Site;
      loaded.watchRenders((file) =>
        self.postMessage({ kind: "render", file, limit: renderLimit })
      );
      if (data.noRun) {
        // Every plugin's preprocessor (the indexer's start among them) runs
        // before this one, and page code only after: it can start nothing.
        loaded.preprocess(() => {
          Deno.permissions.revokeSync({ name: "run" });
        });
      }
      return loaded;
    });
    if (data.preload) {
      // A configuration that fails to load fails the build that follows.
      site.catch(() => {});
      return;
    }
    const { renders } = data;
    // Read while the configuration loads.
    const kept = renders?.reuse
      ? keptRenders(renders.file, renders.reuse)
      : undefined;
    const loaded = await site;
    // The option's, else the configuration's (`renderTimeout`).
    renderLimit = data.overrides.renderTimeout ??
      timeLimit(loaded.options, "renderTimeout");
    const text = await kept;
    if (text !== undefined) loaded.restoreRenders(text);
    const report = data.update
      ? await loaded.update(data.changed, data.overrides)
      : await loaded.build(data.overrides, { reuseRenders: !!renders });
    self.postMessage({
      kind: "done",
      ok: true,
      report,
      dest: data.overrides.dest ?? loaded.options.dest,
      inputs: loaded.inputFolders(data.overrides),
      dataOnly: renders && !data.update
        ? await loaded.dataOnlyCode(resolve(data.config))
        : [],
      quiet: loaded.options.quiet,
    });
    if (renders) {
      // Kept while the main thread notes the build's state; it waits for
      // this before it ends. Written beside, then renamed: a reader never
      // sees half of it.
      const partial = `${renders.file}.${Deno.pid}.partial`;
      try {
        await Deno.mkdir(dirname(renders.file), { recursive: true });
        await loaded.writeRenders(partial, `${renders.id}\n`);
        await Deno.rename(partial, renders.file);
      } catch {
        // Not kept: the next build renders every page.
      }
      self.postMessage({ kind: "renders-kept" });
    }
  } catch (error) {
    self.postMessage({
      kind: "done",
      ok: false,
      error: describeError(error),
      stranded: leftRunning(error),
    });
  }
};
