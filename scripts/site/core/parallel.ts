/**
 * Run the exercise scripts in parallel: worker threads each import the module
 * that lists the scripts (`scripts/results.ts`, its `RESULT_SOURCES`) and
 * take the next script from a shared queue until none is left, so that a
 * build on two cores computes the results in about half the time. The queue
 * starts with the scripts that took longest the last time (`longestFirst`):
 * started last, a long script would keep one thread busy after the other has
 * run out of work.
 *
 * The results come back by structured clone, which keeps `NaN` and
 * `undefined` as they are: the results plugin checks them as it checks
 * results computed in its own thread.
 *
 * @module
 */

import { startThread, type Thread } from "./threads.ts";

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
  /** How long each script's `compute()` took, in milliseconds, by id. */
  milliseconds: Map<string, number>;
}

/** Options of {@link computeInWorkers}. */
export interface ParallelOptions {
  /**
   * How long each script took before, by id: the longest are given out
   * first. Scripts not in it keep the module's order, before the others
   * (a new script may be a long one).
   */
  longestFirst?: Record<string, number>;
  /**
   * Which of the listed scripts to compute (by default all): the others
   * have no outcome. Called once, when the module is loaded.
   */
  select?: (listed: Listed[]) => Promise<Set<string>> | Set<string>;
  /**
   * How many threads the work needs, as far as is known before the module
   * lists its scripts (a hint, such as how many scripts the cache lacks):
   * one thread starts at once, the others when this resolves to more than
   * one, or when the list shows more work than it said. Default: every
   * thread starts at once. Each thread loads the module, which costs about
   * as much as a short script: no thread is started for nothing.
   */
  expected?: Promise<number> | number;
  /**
   * The most milliseconds one script may take: past it, every worker is
   * terminated (a loop that never ends stops with them) and the promise
   * rejects with a {@link ScriptTimeout}. Default: no limit.
   */
  timeout?: number;
}

/** A script that ran past the time limit (its worker was terminated). */
export class ScriptTimeout extends Error {
  /**
   * @param script the script, as listed
   * @param milliseconds the limit
   */
  constructor(readonly script: Listed, readonly milliseconds: number) {
    super(
      `compute() did not finish within ${
        milliseconds / 1000
      } s, the time limit of a script: a loop that never ends?`,
    );
    this.name = "ScriptTimeout";
  }
}

/** Messages from a worker. */
type FromWorker =
  | { kind: "listed"; listed: Listed[] }
  | { kind: "done"; id: string; outcome: Outcome; milliseconds: number }
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
 * const { listed, outcomes } = await computeInWorkers(module, 2, {
 *   longestFirst: { a: 1, b: 30 }, // b is given out first
 * });
 * assertEquals(listed.map((s) => s.id), ["a", "b"]);
 * assertEquals(outcomes.get("a"), { result: 1 });
 * assertEquals(outcomes.get("b"), { error: "no" });
 * ```
 */
export function computeInWorkers(
  module: string,
  workers: number,
  options: ParallelOptions = {},
): Promise<ParallelResults> {
  return new Promise((resolve, reject) => {
    const threads: Thread[] = [];
    const outcomes = new Map<string, Outcome>();
    const milliseconds = new Map<string, number>();
    let listed: Listed[] | undefined;
    let queue: string[] | undefined;
    let next = 0;
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      for (const timer of timers.values()) clearTimeout(timer);
      for (const thread of threads) thread.terminate();
      if (error) reject(error);
      else resolve({ listed: listed!, outcomes, milliseconds });
    };
    // Workers that asked for work before the queue was made.
    const waiting: Thread[] = [];
    const timers = new Map<Thread, ReturnType<typeof setTimeout>>();
    const give = (thread: Thread) => {
      clearTimeout(timers.get(thread));
      if (queue === undefined) waiting.push(thread);
      else if (next < queue.length) {
        const id = queue[next++];
        thread.postMessage({ kind: "compute", id });
        if (options.timeout !== undefined) {
          const limit = options.timeout;
          timers.set(
            thread,
            setTimeout(() => {
              const script = listed!.find((entry) => entry.id === id)!;
              finish(new ScriptTimeout(script, limit));
            }, limit),
          );
        }
      }
    };
    const makeQueue = async (listed: Listed[]) => {
      const chosen = options.select && await options.select(listed);
      queue = byTimeTaken(
        chosen ? listed.filter(({ id }) => chosen.has(id)) : listed,
        options.longestFirst ?? {},
      );
      if (queue.length === 0) return finish();
      for (const thread of waiting.splice(0)) give(thread);
    };
    const count = Math.max(1, workers);
    const start = () => {
      // A plain Worker, or one the thread above starts (`threads.ts`).
      const thread = startThread(
        new URL("./_parallel_worker.ts", import.meta.url).href,
      );
      threads.push(thread);
      thread.onmessage = ({ data }: MessageEvent<FromWorker>) => {
        if (data.kind === "failed") {
          return finish(new Error(data.message));
        }
        if (data.kind === "listed") {
          // Every worker lists the same scripts; the first one counts.
          if (!listed) {
            listed = data.listed;
            makeQueue(listed).then(() => grow(queue!.length)).catch(finish);
          }
        } else {
          outcomes.set(data.id, data.outcome);
          milliseconds.set(data.id, data.milliseconds);
          if (outcomes.size === queue!.length) return finish();
        }
        give(thread);
      };
      thread.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        finish(new Error(event.message));
      };
      thread.postMessage({ kind: "load", module });
    };
    /** Start threads until there are `needed` (at most `count`). */
    const grow = (needed: number) => {
      while (!finished && threads.length < Math.min(count, needed)) start();
    };
    if (options.expected === undefined) grow(count);
    else {
      grow(1);
      Promise.resolve(options.expected).then(grow, () => grow(count));
    }
  });
}

/** The ids, longest first by `before`; the unknown ones first, as listed. */
function byTimeTaken(
  listed: Listed[],
  before: Record<string, number>,
): string[] {
  const time = (id: string) =>
    Object.hasOwn(before, id) ? before[id] : Infinity;
  // A stable sort: equal times (and the unknown ones) keep the module's order.
  return listed.map(({ id }) => id).sort((a, b) => time(b) - time(a));
}
