/**
 * The incremental update of `serve`: the renders of the last build, each kept
 * with a fingerprint of its inputs, reused while the inputs stay the same.
 *
 * @module
 */
import type { Page, PageData } from "./page.ts";

/** A page's render, kept to be reused while the page's inputs stay the same. */
interface RenderRecord {
  /** The SHA-256 of the page's inputs but its content ({@link fingerprint}). */
  inputs: string;
  /** The SHA-256 of the page's content. */
  content: string;
  /** The rendered page. */
  output: string;
  /** What the render added to the page's data. */
  data: PageData;
  /** The files the render wrote (a chart's CSV, …). */
  files: [string, string | Uint8Array][];
  /** The warnings the render raised. */
  warnings: string[];
}

/**
 * The inputs of a render as one string, to compare with those of an earlier
 * render: JSON (a date as its `toJSON()`), with sets and maps listed. Values
 * that are not data
 * (functions, the markdown-it instance, …) come from the code, which cannot
 * change while a process runs (`serve` restarts its builder when it does):
 * only their kind is written. A value found in `shared` is written as the
 * name it has there. `undefined` if the value cannot be written (a cycle):
 * then nothing is reused.
 */
function fingerprint(
  value: unknown,
  shared?: Map<object, string>,
): string | undefined {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (inner === null || typeof inner !== "object") {
        return typeof inner === "function" ? `[function]` : inner;
      }
      const at = shared?.get(inner);
      if (at !== undefined) return `[site data ${at}]`;
      if (Array.isArray(inner)) return inner;
      const prototype = Object.getPrototypeOf(inner);
      if (prototype === Object.prototype || prototype === null) return inner;
      if (inner instanceof Set) return { "[Set]": [...inner] };
      if (inner instanceof Map) return { "[Map]": [...inner] };
      return `[${inner.constructor?.name ?? "object"}]`;
    });
  } catch {
    return undefined;
  }
}

/**
 * The objects of the site's data and of its values (`results`, and each
 * exercise's results in it), by where they are: `results`, `results/rnn-1a`.
 */
function sharedValues(data: Record<string, unknown>): Map<object, string> {
  const shared = new Map<object, string>();
  for (const [key, value] of Object.entries(data)) {
    if (value === null || typeof value !== "object") continue;
    if (!shared.has(value)) shared.set(value, key);
    if (Object.getPrototypeOf(value) !== Object.prototype) continue;
    for (const [inner, child] of Object.entries(value)) {
      if (child !== null && typeof child === "object" && !shared.has(child)) {
        shared.set(child, `${key}/${inner}`);
      }
    }
  }
  return shared;
}

/** The SHA-256 of a text, in hex. */
async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return [...new Uint8Array(hash)]
    .map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Whether `value` is plain JSON (objects, arrays, strings, booleans, finite
 * numbers, null), which a render kept on disk can give back as it was.
 */
function plainJson(value: unknown): boolean {
  if (value === null || typeof value === "string") return true;
  if (typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(plainJson);
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value as Record<string, unknown>).every(plainJson);
}

/** What rendering one page wrote and warned, to replay on reuse. */
export interface Captured {
  files: [string, string | Uint8Array][];
  warnings: string[];
}

/**
 * The renders of the last builds, by URL, with the fingerprint of the
 * site-wide inputs they were made with.
 */
export class Renders {
  #records = new Map<string, RenderRecord>();
  #siteInputs?: string;

  /** Forget every render: the next build renders every page. */
  clear(): void {
    this.#records.clear();
    this.#siteInputs = undefined;
  }

  /**
   * The renders as text, to be given back by {@link Renders.restore} in
   * another process running the same code: a line of JSON (what each render
   * is, but its output), then the outputs one after the other, as they are
   * (JSON would escape every quote of them). Renders whose added data and
   * files are not plain JSON are left out (and rendered again).
   */
  save(): string {
    return [...this.chunks()].join("");
  }

  /**
   * {@link Renders.save}'s text in pieces, to be written one after the
   * other: the renders of a thousand pages are megabytes, which a build
   * need not hold twice.
   */
  *chunks(): Generator<string> {
    const records = [...this.#records].filter(([, record]) =>
      plainJson(record.data) && plainJson(record.warnings) &&
      record.files.every(([url, content]) =>
        typeof url === "string" && typeof content === "string"
      )
    );
    const head = records.map(([url, { output, ...rest }]) => [
      url,
      { ...rest, length: output.length },
    ]);
    yield JSON.stringify({ siteInputs: this.#siteInputs, records: head }) +
      "\n";
    for (const [, { output }] of records) yield output;
  }

  /**
   * Take the renders {@link Renders.save} wrote, in place of those kept;
   * returns how many. Text that is not such gives none.
   */
  restore(text: string): number {
    this.clear();
    try {
      const newline = text.indexOf("\n");
      const { siteInputs, records } = JSON.parse(text.slice(0, newline));
      if (typeof siteInputs !== "string" || !Array.isArray(records)) return 0;
      let at = newline + 1;
      for (const [url, record] of records) {
        const length = record?.length;
        if (
          typeof url !== "string" || !Number.isInteger(length) ||
          length < 0 || at + length > text.length
        ) return this.#clearAll();
        const output = text.slice(at, at += length);
        if (
          typeof record.inputs === "string" &&
          typeof record.content === "string" && plainJson(record.data) &&
          Array.isArray(record.files) && Array.isArray(record.warnings)
        ) {
          const { length: _, ...rest } = record;
          this.#records.set(url, { ...rest, output });
        }
      }
      if (at !== text.length) return this.#clearAll();
      this.#siteInputs = siteInputs;
    } catch {
      this.clear();
    }
    return this.#records.size;
  }

  #clearAll(): number {
    this.clear();
    return 0;
  }

  /**
   * Render `pages`, reusing the render of a page whose inputs (`siteInputs`
   * and its own) are those of its last render; returns how many were
   * rendered. `render` renders one page and returns what it wrote and
   * warned; `replay` gives them again for a reused render; `done` is told
   * each page, rendered or reused, in order.
   */
  async renderAll(
    pages: Page[],
    site: { inputs: unknown; data: Record<string, unknown> },
    render: (page: Page) => Promise<Captured>,
    replay: (captured: Captured) => void,
    done: (page: Page) => void | Promise<void>,
  ): Promise<number> {
    let rendered = 0;
    // Every page shows site-wide data (the navigation, at least): when it
    // changes, no render can be reused.
    const siteText = fingerprint(site.inputs);
    const siteInputs = siteText === undefined
      ? undefined
      : await digest(siteText);
    if (siteInputs === undefined || siteInputs !== this.#siteInputs) {
      this.#records.clear();
    }
    this.#siteInputs = siteInputs;
    // The inputs of every page, before any is rendered. A value of the page's
    // data that is a value of the site's (its exercise's results, say) is
    // written as where it is in the site's data, which was just compared.
    const shared = sharedValues(site.data);
    const inputs = await Promise.all(pages.map((page) => {
      const text = fingerprint({
        src: page.src,
        line: page.line,
        url: page.url,
        engine: page.engine,
        data: page.data,
      }, shared);
      return text === undefined ? undefined : digest(text);
    }));
    const contents = await Promise.all(
      pages.map((page) => digest(page.content)),
    );
    const urls = new Set<string>();
    for (const [i, page] of pages.entries()) {
      urls.add(page.url);
      const kept = this.#records.get(page.url);
      if (
        kept && inputs[i] !== undefined && kept.inputs === inputs[i] &&
        kept.content === contents[i]
      ) {
        Object.assign(page.data, kept.data);
        page.output = kept.output;
        replay(kept);
        await done(page);
        continue;
      }
      this.#records.delete(page.url);
      const before = { ...page.data };
      const captured: Captured = { files: [], warnings: [] };
      try {
        Object.assign(captured, await render(page));
      } finally {
        // What the render added to the page's data (its table of contents,
        // figures, scripts), to give the page again when the render is reused.
        const data: PageData = {};
        for (const [key, value] of Object.entries(page.data)) {
          if (!(key in before) || before[key] !== value) data[key] = value;
        }
        if (inputs[i] !== undefined && page.output !== undefined) {
          this.#records.set(page.url, {
            inputs: inputs[i]!,
            content: contents[i],
            output: page.output,
            data,
            ...captured,
          });
        }
      }
      rendered++;
      await done(page);
    }
    for (const url of this.#records.keys()) {
      if (!urls.has(url)) this.#records.delete(url);
    }
    return rendered;
  }
}
