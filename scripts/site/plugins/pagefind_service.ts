/**
 * Pagefind's service mode, spoken from Deno: `pagefind_extended --service`
 * reads requests on its standard input and answers on its standard output,
 * each message a base64-encoded JSON object followed by a comma. It is the
 * protocol of the npm package's JavaScript API (`pagefind/lib/service.js`),
 * which needs Node's `child_process` and the whole environment; this client
 * starts the binary itself, with an empty environment.
 *
 * The service handles one request at a time, in order: pages can be sent as
 * soon as they exist, and are parsed while the build goes on.
 *
 * @module
 */
import { concat } from "@std/bytes/concat";

/**
 * A message of the service, decoded from base64 as its text arrives: the
 * search bundle is one message of megabytes, which was held as text, then
 * as one string, then decoded. Its text comes in pieces of any length: each
 * whole group of four characters is decoded as it comes.
 */
class MessageBytes {
  #chunks: Uint8Array[] = [];
  /** The characters after the last whole group of four. */
  #carry = "";
  #bad = false;

  /** Take the next piece of the message's base64 text. */
  add(text: string): void {
    if (this.#bad) return;
    const whole = this.#carry + text;
    const cut = whole.length - whole.length % 4;
    this.#carry = whole.slice(cut);
    if (cut === 0) return;
    try {
      const bytes = Uint8Array.fromBase64(whole.slice(0, cut));
      this.#chunks.push(bytes);
    } catch {
      this.#bad = true;
    }
  }

  /**
   * The message's bytes (`undefined` if its text was not base64), and a
   * fresh start for the next one.
   */
  take(): Uint8Array | undefined {
    const whole = !this.#bad && this.#carry === "";
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#carry = "";
    this.#bad = false;
    if (!whole) return undefined;
    return chunks.length === 1 ? chunks[0] : concat(chunks);
  }
}

/** How much of the service's output is read at a time, bytes. */
const READ_SIZE = 64 * 1024;

/** Pagefind's settings for an index (its `NewIndex` config, camel-cased). */
export interface PagefindIndexConfig {
  /** Always index in this language (`en`), whatever `<html lang>` says. */
  forceLanguage?: string;
  /** CSS selectors of elements left out of the index. */
  excludeSelectors?: string[];
  /** The element to index instead of `<html>`. */
  rootSelector?: string;
}

/** One file of the search bundle, as the service returns it. */
export interface PagefindFile {
  /** Relative to the bundle's folder, `/`-separated. */
  path: string;
  content: Uint8Array;
  /** `content` in base64, as the service sent it, when it is at hand. */
  base64?: string;
}

/** What the service said about a page it indexed. */
export interface IndexedPage {
  /** The URL Pagefind gave it. */
  url: string;
  /** Its number of words. */
  words: number;
  /** Its metadata (`title`, …). */
  meta: Record<string, string>;
}

// deno-lint-ignore no-explicit-any
type Payload = Record<string, any>;

/** The service failed, or said a request was wrong. */
export class PagefindError extends Error {
  /** @param message what Pagefind said */
  constructor(message: string) {
    super(message);
    this.name = "PagefindError";
  }
}

/**
 * A running `pagefind_extended --service`: requests return promises that
 * settle with the service's answers.
 *
 * @example
 * ```ts ignore
 * const service = PagefindService.start(await pagefindBinary());
 * const index = service.newIndex({ forceLanguage: "en" });
 * await service.addHtml(index, "a/index.html", "<html><body><p>Hi</p></body></html>");
 * const files = await service.getFiles(index);
 * await service.close();
 * ```
 */
export class PagefindService {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #pending = new Map<
    number,
    { resolve: (payload: Payload) => void; reject: (error: Error) => void }
  >();
  #lastId = 0;
  /** The writes of requests not yet through, oldest first. */
  #unwritten: Promise<void>[] = [];
  #stopped?: Error;
  #stderr: Promise<string>;
  #reading: Promise<void>;
  #closing?: Promise<void>;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#stderr = new Response(child.stderr).text().catch(() => "");
    this.#reading = this.#read();
  }

  /**
   * Start the service. Throws (as Deno does) when the binary cannot be run;
   * the environment it sees is empty.
   */
  static start(binary: string): PagefindService {
    const child = new Deno.Command(binary, {
      args: ["--service"],
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    return new PagefindService(child);
  }

  /** Create an index; its id, to pass to the other requests. */
  async newIndex(config: PagefindIndexConfig = {}): Promise<number> {
    const answer = await this.#request({
      type: "NewIndex",
      config: {
        force_language: config.forceLanguage,
        exclude_selectors: config.excludeSelectors,
        root_selector: config.rootSelector,
      },
    }, "NewIndex");
    return answer.index_id;
  }

  /**
   * Index a page from memory. `path` is where it would be in the site
   * (`a/index.html`): Pagefind makes the URL from it (`/a/`), as it does for
   * a file on disk. A page added again under the same URL replaces the first.
   */
  async addHtml(
    index: number | Promise<number>,
    path: string,
    html: string,
  ): Promise<IndexedPage> {
    const answer = await this.#request({
      type: "AddFile",
      index_id: typeof index === "number" ? index : await index,
      file_path: path,
      file_contents: html,
    }, "IndexedFile");
    return {
      url: answer.page_url,
      words: answer.page_word_count,
      meta: answer.page_meta ?? {},
    };
  }

  /** Build the index and return every file of the bundle. */
  async getFiles(index: number | Promise<number>): Promise<PagefindFile[]> {
    const answer = await this.#request({
      type: "GetFiles",
      index_id: typeof index === "number" ? index : await index,
    }, "GetFiles");
    return (answer.files as { path: string; content: string }[]).map((
      file,
    ) => ({
      path: file.path.replaceAll("\\", "/"),
      content: Uint8Array.fromBase64(file.content),
      base64: file.content,
    }));
  }

  /** Build the index and let Pagefind write the bundle into `folder`. */
  async writeFiles(
    index: number | Promise<number>,
    folder: string,
  ): Promise<void> {
    await this.#request({
      type: "WriteFiles",
      index_id: typeof index === "number" ? index : await index,
      output_path: folder,
    }, "WriteFiles");
  }

  /**
   * End the service (it stops when its input ends) and wait for it; requests
   * still unanswered fail.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#writer.close().catch(() => {});
      await this.#reading;
      await this.#stderr;
      await this.#child.status;
    })();
    return this.#closing;
  }

  /**
   * Stop the service at once (a refresh of the index that a new build makes
   * useless) and wait for it; requests still unanswered fail.
   */
  kill(): Promise<void> {
    try {
      this.#child.kill();
    } catch {
      // Already gone.
    }
    return this.close();
  }

  #request(payload: Payload, expected: string): Promise<Payload> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = ++this.#lastId;
    const answer = new Promise<Payload>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    }).then((answer) => {
      if (answer.type === "Error") throw new PagefindError(answer.message);
      if (answer.type !== expected) {
        throw new PagefindError(
          `answered ${answer.type} to a ${payload.type} request`,
        );
      }
      return answer;
    });
    const message = new TextEncoder().encode(
      JSON.stringify({ message_id: id, payload }),
    ).toBase64() + ",";
    // Not awaited: the writes queue up in order while the service works
    // (see `drain`); a failed write shows as the service stopping.
    const written = this.#writer.write(new TextEncoder().encode(message))
      .catch(() => {})
      .finally(() => {
        if (this.#unwritten[0] === written) this.#unwritten.shift();
        else this.#unwritten.splice(this.#unwritten.indexOf(written), 1);
      });
    this.#unwritten.push(written);
    return answer;
  }

  /**
   * Wait until at most `pending` requests are still to be written to the
   * service. A request is written only when the event loop gets a turn: a
   * sender that otherwise keeps its thread busy (the build renders pages
   * one after the other) lets them through by awaiting this now and then,
   * so that the service works while it goes on.
   */
  async drain(pending = 0): Promise<void> {
    while (this.#unwritten.length > pending) await this.#unwritten[0];
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    const message = new MessageBytes();
    // Read into one buffer, used again for each read: the stream's own
    // chunks each hold a buffer of 64 KiB, however short the answer (one a
    // page indexed), which stayed allocated until the next collection, 17
    // MiB of them at the end of a thousand pages' build.
    const reader = this.#child.stdout.getReader({ mode: "byob" });
    let buffer = new ArrayBuffer(READ_SIZE);
    try {
      for (;;) {
        const { value: chunk, done } = await reader.read(
          new Uint8Array(buffer),
        );
        if (done) break;
        buffer = chunk.buffer;
        let text = decoder.decode(chunk, { stream: true });
        let comma: number;
        while ((comma = text.indexOf(",")) >= 0) {
          message.add(text.slice(0, comma));
          text = text.slice(comma + 1);
          this.#answer(message.take());
        }
        if (text) message.add(text);
      }
    } catch (error) {
      this.#stop(error instanceof Error ? error.message : String(error));
      return;
    }
    const status = await this.#child.status;
    const said = (await this.#stderr).trim();
    this.#stop(
      said ||
        `it stopped (${
          status.signal ? `signal ${status.signal}` : `exit ${status.code}`
        })`,
    );
  }

  #answer(message: Uint8Array | undefined): void {
    let answer: { message_id?: number | null; payload: Payload };
    try {
      if (!message) throw new Error("not base64");
      answer = JSON.parse(new TextDecoder().decode(message));
      // JSON, but not a message: no payload to read.
      if (
        typeof answer !== "object" || answer === null ||
        typeof answer.payload !== "object" || answer.payload === null
      ) throw new Error("no payload");
    } catch {
      this.#stop("it answered something that is not a message");
      return;
    }
    const id = answer.message_id;
    if (typeof id !== "number") {
      // A request it could not read: it names the request, if it can.
      let about: number | undefined;
      try {
        about = JSON.parse(answer.payload.original_message).message_id;
      } catch { /* not ours to read */ }
      const waiting = about === undefined
        ? undefined
        : this.#pending.get(about);
      if (waiting && about !== undefined) {
        this.#pending.delete(about);
        waiting.reject(new PagefindError(String(answer.payload.message)));
      } else this.#stop(String(answer.payload.message ?? "unreadable answer"));
      return;
    }
    const waiting = this.#pending.get(id);
    if (!waiting) return;
    this.#pending.delete(id);
    waiting.resolve(answer.payload);
  }

  #stop(reason: string): void {
    this.#stopped ??= new PagefindError(`Pagefind stopped: ${reason}`);
    for (const { reject } of this.#pending.values()) reject(this.#stopped);
    this.#pending.clear();
  }
}
