/**
 * The incremental update of `serve`: the renders of the last build, each kept
 * with a fingerprint of its inputs, reused while the inputs stay the same.
 *
 * Most of the site's data is an input of every page (the navigation is on
 * every page). Data read entry by entry (`results`, each exercise's results
 * under its id) is not: each render notes which entries it read, and is
 * reused while those are the same, so that new results of one exercise
 * render again only the pages that show them.
 *
 * @module
 */
import type { Page, PageData } from "./page.ts";
import { sha256Hex } from "./digest.ts";
import { TextMemo } from "./memo.ts";

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
  /**
   * The entries of data read entry by entry that the render read, by where
   * they are (`results/rnn-1a`; `results/` for the list of the ids), with
   * the SHA-256 of each as it was.
   */
  reads: Record<string, string>;
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
 * An object of data read entry by entry is named with its SHA-256 too (in
 * `digests`, by where it is), as it is not among the site-wide inputs.
 */
function sharedValues(
  data: Record<string, unknown>,
  digests: Map<string, string>,
): Map<object, string> {
  const shared = new Map<object, string>();
  const named = (name: string) =>
    digests.has(name) ? `${name} ${digests.get(name)}` : name;
  for (const [key, value] of Object.entries(data)) {
    if (value === null || typeof value !== "object") continue;
    if (!shared.has(value)) shared.set(value, named(key));
    if (Object.getPrototypeOf(value) !== Object.prototype) continue;
    for (const [inner, child] of Object.entries(value)) {
      if (child !== null && typeof child === "object" && !shared.has(child)) {
        shared.set(child, named(`${key}/${inner}`));
      }
    }
  }
  return shared;
}

/**
 * The SHA-256 of each entry of the data read entry by entry (`keyed`, plain
 * objects of `data`), by where it is (`results/rnn-1a`), of the list of its
 * ids (`results/`), and of the whole (`results`).
 */
function entryDigests(
  data: Record<string, unknown>,
  keyed: Iterable<string>,
): Map<string, string> {
  const digests = new Map<string, string>();
  for (const key of keyed) {
    const value = data[key];
    if (!isPlainObject(value)) continue;
    const entries = Object.entries(value);
    const texts = entries.map(([, entry]) => fingerprint(entry));
    const all = texts.map((text) =>
      text === undefined ? undefined : sha256Hex(text)
    );
    entries.forEach(([id], i) => {
      // An entry that cannot be written is never the same.
      digests.set(`${key}/${id}`, all[i] ?? crypto.randomUUID());
    });
    digests.set(`${key}/`, sha256Hex(JSON.stringify(Object.keys(value))));
    digests.set(key, sha256Hex(all.join(" ") + digests.get(`${key}/`)));
  }
  return digests;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `value` seen through a proxy that tells `read` where each read went: an
 * entry (`results/rnn-1a`, also when asked whether it is there) or the list
 * of ids (`results/`, when the entries are listed).
 */
function watched(
  key: string,
  value: Record<string, unknown>,
  read: (name: string) => void,
): Record<string, unknown> {
  return new Proxy(value, {
    get(target, property, receiver) {
      if (typeof property === "string") read(`${key}/${property}`);
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      if (typeof property === "string") read(`${key}/${property}`);
      return Reflect.has(target, property);
    },
    getOwnPropertyDescriptor(target, property) {
      if (typeof property === "string") read(`${key}/${property}`);
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
    ownKeys(target) {
      read(`${key}/`);
      return Reflect.ownKeys(target);
    },
  });
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

/** The digest noted for an entry read that is not there. */
const ABSENT = "absent";

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
  /**
   * The digests of each page's inputs and content, while their texts are
   * the same: hashing every page's content (a script's page is 100 KB) took
   * a fifth of a rebuild's render stage.
   */
  #digests = new TextMemo<string>();

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
          Array.isArray(record.files) && Array.isArray(record.warnings) &&
          isPlainObject(record.reads) &&
          Object.values(record.reads).every((sha) => typeof sha === "string")
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
    site: {
      inputs: unknown;
      data: Record<string, unknown>;
      /** Keys of `data` read entry by entry (see the module's notes). */
      keyed?: Iterable<string>;
    },
    render: (page: Page) => Promise<Captured>,
    replay: (captured: Captured) => void,
    done: (page: Page) => void | Promise<void>,
  ): Promise<number> {
    let rendered = 0;
    const keyed = new Set(
      [...site.keyed ?? []].filter((key) => isPlainObject(site.data[key])),
    );
    const digests = entryDigests(site.data, keyed);
    // Every page shows site-wide data (the navigation, at least): when it
    // changes, no render can be reused. The data read entry by entry is
    // compared entry by entry, for each page.
    const keyedValues = new Map(
      [...keyed].map((key) => [site.data[key] as object, key]),
    );
    const siteText = fingerprint(site.inputs, keyedValues);
    const siteInputs = siteText === undefined ? undefined : sha256Hex(siteText);
    if (siteInputs === undefined || siteInputs !== this.#siteInputs) {
      this.#records.clear();
    }
    this.#siteInputs = siteInputs;
    // The inputs of every page, before any is rendered. A value of the page's
    // data that is a value of the site's (its exercise's results, say) is
    // written as where it is in the site's data, which was just compared.
    const shared = sharedValues(site.data, digests);
    this.#digests.sweep();
    const digest = (key: string, text: string) =>
      this.#digests.get(key, [text], () => sha256Hex(text));
    const inputs = pages.map((page) => {
      const text = fingerprint({
        src: page.src,
        line: page.line,
        url: page.url,
        engine: page.engine,
        data: page.data,
      }, shared);
      return text === undefined
        ? undefined
        : digest(`inputs ${page.url}`, text);
    });
    const contents = pages.map((page) =>
      digest(`content ${page.url}`, page.content)
    );
    const urls = new Set<string>();
    for (const [i, page] of pages.entries()) {
      urls.add(page.url);
      const kept = this.#records.get(page.url);
      if (
        kept && inputs[i] !== undefined && kept.inputs === inputs[i] &&
        kept.content === contents[i] &&
        Object.entries(kept.reads).every(([name, sha]) =>
          (digests.get(name) ?? ABSENT) === sha
        )
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
      const read = new Set<string>();
      const raw = new Map([...keyed].map((key) => [key, site.data[key]]));
      for (const key of keyed) {
        site.data[key] = watched(
          key,
          raw.get(key) as Record<string, unknown>,
          (name) => read.add(name),
        );
      }
      try {
        Object.assign(captured, await render(page));
      } finally {
        for (const [key, value] of raw) site.data[key] = value;
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
            reads: Object.fromEntries(
              [...read].sort().map((name) => [
                name,
                digests.get(name) ?? ABSENT,
              ]),
            ),
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
