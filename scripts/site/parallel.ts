/**
 * Run the exercise scripts in parallel: worker threads each import the module
 * that lists the scripts (`scripts/results.ts`, its `RESULT_SOURCES`) and
 * take the next script from a shared queue until none is left, so that a
 * build on two cores computes the results in about half the time.
 *
 * The results come back by structured clone, which keeps `NaN` and
 * `undefined` as they are: the results plugin checks them as it checks
 * results computed in its own thread.
 *
 * @module
 */

/** What one script gave: its result, or the message of what it threw. */
export type Outcome = { result: unknown } | { error: string };

/** A script of the list, as a worker reports it. */
export interface Listed {
  /** Its id. */
  id: string;
  /** Its path, when it is not `<scripts>/<id>.ts`. */
  source?: string;
}

/** What {@link computeInWorkers} returns. */
export interface ParallelResults {
  /** The scripts, in the module's order. */
  listed: Listed[];
  /** What each script gave, by id. */
  outcomes: Map<string, Outcome>;
}

/** Messages from a worker. */
type FromWorker =
  | { kind: "listed"; listed: Listed[] }
  | { kind: "done"; id: string; outcome: Outcome }
  | { kind: "failed"; message: string };

/**
 * Compute every script that `module` lists, in `workers` worker threads.
 * Rejects when the module cannot be loaded; a script that throws is an
 * outcome, not a rejection, so that the caller can name it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { computeInWorkers } from "./parallel.ts";
 * const module = "data:text/javascript,export const RESULT_SOURCES = " +
 *   "[{ id: 'a', compute: () => 1 }, { id: 'b', compute: () => { throw new Error('no'); } }];";
 * const { listed, outcomes } = await computeInWorkers(module, 2);
 * assertEquals(listed.map((s) => s.id), ["a", "b"]);
 * assertEquals(outcomes.get("a"), { result: 1 });
 * assertEquals(outcomes.get("b"), { error: "no" });
 * ```
 */
export function computeInWorkers(
  module: string,
  workers: number,
): Promise<ParallelResults> {
  return new Promise((resolve, reject) => {
    const threads: Worker[] = [];
    const outcomes = new Map<string, Outcome>();
    let listed: Listed[] | undefined;
    let next = 0;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      for (const thread of threads) thread.terminate();
      if (error) reject(error);
      else resolve({ listed: listed!, outcomes });
    };
    const give = (thread: Worker) => {
      if (listed && next < listed.length) {
        thread.postMessage({ kind: "compute", id: listed[next++].id });
      }
    };
    const count = Math.max(1, workers);
    for (let i = 0; i < count; i++) {
      const thread = new Worker(
        new URL("./_parallel_worker.ts", import.meta.url).href,
        { type: "module" },
      );
      threads.push(thread);
      thread.onmessage = ({ data }: MessageEvent<FromWorker>) => {
        if (data.kind === "failed") {
          return finish(new Error(data.message));
        }
        if (data.kind === "listed") {
          // Every worker lists the same scripts; the first one counts.
          listed ??= data.listed;
          if (listed.length === 0) return finish();
        } else {
          outcomes.set(data.id, data.outcome);
          if (outcomes.size === listed!.length) return finish();
        }
        give(thread);
      };
      thread.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        finish(new Error(event.message));
      };
      thread.postMessage({ kind: "load", module });
    }
  });
}
