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

/**
 * The threads a worker asked this thread to start for it
 * ({@link relayThreads}); `post` sends their messages back to that worker.
 */
export class ThreadHost {
  #threads = new Map<number, Worker>();
  #post: (message: FromHost) => void;

  /** @param post how to send a message to the worker the threads are for */
  constructor(post: (message: FromHost) => void) {
    this.#post = post;
  }

  /** Take a message of the worker, if it is one about threads. */
  receive(message: unknown): boolean {
    if (!isToHost(message)) return false;
    const { thread: id } = message;
    if (message.kind === "thread-start") {
      const worker = new Worker(message.url, { type: "module" });
      worker.onmessage = ({ data }) =>
        this.#post({ kind: "thread-message", thread: id, message: data });
      worker.onerror = (event) => {
        event.preventDefault();
        this.#post({ kind: "thread-error", thread: id, error: event.message });
      };
      this.#threads.set(id, worker);
    } else if (message.kind === "thread-post") {
      this.#threads.get(id)?.postMessage(message.message);
    } else {
      this.#threads.get(id)?.terminate();
      this.#threads.delete(id);
    }
    return true;
  }

  /** Stop every thread (the worker they were for is stopped). */
  terminateAll(): void {
    for (const worker of this.#threads.values()) worker.terminate();
    this.#threads.clear();
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
