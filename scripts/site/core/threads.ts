/**
 * Worker threads for code that may itself run in a worker.
 *
 * `deno task build` builds in a worker (so that a page whose render never
 * ends can be stopped), and the build computes the exercise scripts in
 * worker threads of its own (`parallel.ts`). Deno 2.9 delivers each message
 * a worker sends to a worker it started about half a second late, and the
 * first only once that worker has started, another half second: a build
 * that ran one script waited a second for nothing. So a build in a worker
 * has the thread above it start its threads ({@link ThreadHost}) and talk to
 * them through it ({@link relayThreads}); elsewhere a thread is a plain
 * `Worker`.
 *
 * @module
 */

/** What a thread must do for `parallel.ts`: the part of `Worker` it uses. */
export interface Thread {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** Start a module worker from `url`. */
export type ThreadFactory = (url: string) => Thread;

/** Messages from the relaying thread to the host. */
export type ToHost =
  | { kind: "thread-start"; thread: number; url: string }
  | { kind: "thread-post"; thread: number; message: unknown }
  | { kind: "thread-terminate"; thread: number };

/** Messages from the host to the relaying thread. */
export type FromHost =
  | { kind: "thread-message"; thread: number; message: unknown }
  | { kind: "thread-error"; thread: number; error: string };

/** A plain `Worker`. */
const plainWorker: ThreadFactory = (url) => new Worker(url, { type: "module" });

let factory: ThreadFactory = plainWorker;

/** Start a thread as this thread is set to ({@link useThreads}). */
export function startThread(url: string): Thread {
  return factory(url);
}

/** Start threads with `start` from now on (a plain `Worker` by default). */
export function useThreads(start: ThreadFactory = plainWorker): void {
  factory = start;
}

/**
 * Threads started by the host above this worker: each call of the factory
 * sends `thread-start` through `post`, and `receive` takes the host's
 * messages (`true` for those it took).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { relayThreads, ThreadHost } from "./threads.ts";
 * // Both ends in one thread, to show the wiring: in a build, `post` is the
 * // worker's own postMessage, and the host is in the thread that started it.
 * let toRelay = (_: unknown) => {};
 * const host = new ThreadHost((message) => toRelay(message));
 * const relay = relayThreads((message) => host.receive(message));
 * toRelay = (message) => relay.receive(message);
 * const code = "self.onmessage = ({ data }) => self.postMessage(data * 2);";
 * const thread = relay.start(`data:text/javascript,${encodeURIComponent(code)}`);
 * const answer = await new Promise((resolve) => {
 *   thread.onmessage = ({ data }) => resolve(data);
 *   thread.postMessage(21);
 * });
 * thread.terminate();
 * assertEquals(answer, 42);
 * ```
 */
export function relayThreads(post: (message: ToHost) => void): {
  start: ThreadFactory;
  receive(message: unknown): boolean;
} {
  const threads = new Map<number, Thread>();
  let last = 0;
  return {
    start(url) {
      const id = ++last;
      const thread: Thread = {
        onmessage: null,
        onerror: null,
        postMessage(message) {
          post({ kind: "thread-post", thread: id, message });
        },
        terminate() {
          threads.delete(id);
          post({ kind: "thread-terminate", thread: id });
        },
      };
      threads.set(id, thread);
      post({ kind: "thread-start", thread: id, url });
      return thread;
    },
    receive(message) {
      if (!isFromHost(message)) return false;
      const thread = threads.get(message.thread);
      if (message.kind === "thread-message") {
        thread?.onmessage?.(
          new MessageEvent("message", { data: message.message }),
        );
      } else {
        thread?.onerror?.(
          new ErrorEvent("error", { message: message.error }),
        );
      }
      return true;
    },
  };
}

/** A thread as it was started: its module and the first message it got. */
export interface ThreadStart {
  url: string;
  first: unknown;
}

/** What a thread said before the worker it was for asked for it. */
type Held = { message: unknown } | { error: string };

/** A thread started before it was asked for, and what it said meanwhile. */
interface Spare {
  url: string;
  /** Its first message, as JSON. */
  first: string;
  worker: Worker;
  held: Held[];
}

/**
 * The threads a worker asked this thread to start for it
 * ({@link relayThreads}); `post` sends their messages back to that worker.
 *
 * A thread can be started before the worker asks ({@link ThreadHost.prestart}):
 * the command line starts the thread a build is about to need (the exercise
 * scripts' thread, which loads mathjs and every script) while the build's
 * worker is still loading the configuration. The worker is given that
 * thread when it asks for one of the same module whose first message is the
 * same, with what the thread said meanwhile; else a fresh one.
 */
export class ThreadHost {
  #threads = new Map<number, Worker>();
  #post: (message: FromHost) => void;
  #spares: Spare[] = [];
  /** Spares given to a thread the worker started, until its first message. */
  #claimed = new Map<number, Spare>();
  /** The threads started for the worker, their first message once sent. */
  #started: { url: string; first?: unknown; id: number }[] = [];
  #reused = 0;

  /** @param post how to send a message to the worker the threads are for */
  constructor(post: (message: FromHost) => void) {
    this.#post = post;
  }

  /**
   * Start these threads now, each sent its first message, for the worker to
   * take when it asks for them.
   */
  prestart(starts: ThreadStart[]): void {
    for (const { url, first } of starts) {
      const worker = new Worker(url, { type: "module" });
      const spare: Spare = {
        url,
        first: JSON.stringify(first),
        worker,
        held: [],
      };
      worker.onmessage = ({ data }) => void spare.held.push({ message: data });
      worker.onerror = (event) => {
        event.preventDefault();
        spare.held.push({ error: event.message });
      };
      worker.postMessage(first);
      this.#spares.push(spare);
    }
  }

  /** The threads the worker started, with their first messages, in order. */
  get started(): ThreadStart[] {
    return this.#started.filter((start) => "first" in start)
      .map(({ url, first }) => ({ url, first }));
  }

  /** How many threads the worker took from those started before it asked. */
  get reused(): number {
    return this.#reused;
  }

  /** Take a message of the worker, if it is one about threads. */
  receive(message: unknown): boolean {
    if (!isToHost(message)) return false;
    const { thread: id } = message;
    if (message.kind === "thread-start") {
      this.#started.push({ url: message.url, id });
      const at = this.#spares.findIndex((spare) => spare.url === message.url);
      if (at >= 0) this.#claimed.set(id, this.#spares.splice(at, 1)[0]);
      else this.#threads.set(id, this.#startWorker(id, message.url));
    } else if (message.kind === "thread-post") {
      const start = this.#started.find((s) => s.id === id && !("first" in s));
      if (start) start.first = message.message;
      const spare = this.#claimed.get(id);
      if (spare) {
        this.#claimed.delete(id);
        if (JSON.stringify(message.message) === spare.first) {
          // The same thread, started earlier: what it said, then the rest.
          this.#reused++;
          this.#listen(id, spare.worker);
          this.#threads.set(id, spare.worker);
          for (const held of spare.held) {
            this.#post(
              "error" in held
                ? { kind: "thread-error", thread: id, error: held.error }
                : { kind: "thread-message", thread: id, message: held.message },
            );
          }
          return true;
        }
        spare.worker.terminate();
        this.#threads.set(id, this.#startWorker(id, spare.url));
      }
      this.#threads.get(id)?.postMessage(message.message);
    } else {
      this.#claimed.get(id)?.worker.terminate();
      this.#claimed.delete(id);
      this.#threads.get(id)?.terminate();
      this.#threads.delete(id);
    }
    return true;
  }

  #startWorker(id: number, url: string): Worker {
    const worker = new Worker(url, { type: "module" });
    this.#listen(id, worker);
    return worker;
  }

  #listen(id: number, worker: Worker): void {
    worker.onmessage = ({ data }) =>
      this.#post({ kind: "thread-message", thread: id, message: data });
    worker.onerror = (event) => {
      event.preventDefault();
      this.#post({ kind: "thread-error", thread: id, error: event.message });
    };
  }

  /**
   * Stop every thread, those started before they were asked for too (the
   * worker they were for is stopped).
   */
  terminateAll(): void {
    for (const worker of this.#threads.values()) worker.terminate();
    for (const spare of [...this.#spares, ...this.#claimed.values()]) {
      spare.worker.terminate();
    }
    this.#threads.clear();
    this.#spares = [];
    this.#claimed.clear();
  }
}

function isToHost(message: unknown): message is ToHost {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === "thread-start" || kind === "thread-post" ||
    kind === "thread-terminate";
}

function isFromHost(message: unknown): message is FromHost {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === "thread-message" || kind === "thread-error";
}
