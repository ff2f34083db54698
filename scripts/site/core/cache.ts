/**
 * The build cache: what depends only on the code (the results of the exercise
 * scripts, the explorers' browser bundle) is kept in `_cache/` (Lume's name
 * for its cache folder) under a fingerprint of that code, so that a build
 * after an edit of the pages neither recomputes the results nor loads the
 * scripts, mathjs and the bundler at all.
 *
 * The fingerprint is a SHA-256 of the Deno version and of the path and
 * SHA-256 of every file the value depends on: files and folders named as such
 * (`deno.json`, `deno.lock`, which pin the packages) and modules with every
 * local module they import (`{ module: "scripts/results.ts" }`, see
 * `module_graph.ts`). Any change to that code, the dependencies or Deno gives
 * a new fingerprint, and the old entry is never read again; a change to other
 * code leaves it alone. A value is stored as
 * it would be written to the site, so a build from the cache is
 * byte-identical to one that computes (the build tests compare the two).
 *
 * The cache is an optimisation, never a source of truth: an entry that cannot
 * be read or parsed counts as missing, and a cache that cannot be written is
 * skipped with a warning; `--no-cache` turns it off.
 *
 * @module
 */
import { join, relative, SEPARATOR } from "@std/path";
import { walk } from "./fs.ts";
import { importsIn, localImports } from "./module_graph.ts";
import { sha256Hex } from "./digest.ts";

/**
 * What a cached value is made from: a file, a folder (every file in it), or
 * a module and every local module it imports.
 */
export type Dependency = string | { module: string };

/**
 * The files fingerprints are made of, each read and hashed once: the
 * fingerprints of the scripts share most of their modules. Only for one
 * moment's reading: it does not see later changes.
 */
export class CodeFiles {
  #bytes = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  #digests = new Map<string, Promise<string>>();
  #imports = new Map<string, Promise<string[]>>();
  #graphs = new Map<string, Promise<string[]>>();

  /** The local files `file` names (`importsIn` of `module_graph.ts`). */
  imports(file: string): Promise<string[]> {
    let imports = this.#imports.get(file);
    if (!imports) {
      imports = this.bytes(file).then((bytes) =>
        importsIn(file, new TextDecoder().decode(bytes))
      );
      this.#imports.set(file, imports);
    }
    return imports;
  }

  /** `module` and every local module it imports (`localImports`). */
  graph(module: string): Promise<string[]> {
    let graph = this.#graphs.get(module);
    if (!graph) {
      graph = localImports([module], (file) => this.imports(file));
      this.#graphs.set(module, graph);
    }
    return graph;
  }

  /** The bytes of `file`. */
  bytes(file: string): Promise<Uint8Array<ArrayBuffer>> {
    let bytes = this.#bytes.get(file);
    if (!bytes) this.#bytes.set(file, bytes = Deno.readFile(file));
    return bytes;
  }

  /** The SHA-256 of `file`, in hex. */
  digest(file: string): Promise<string> {
    let digest = this.#digests.get(file);
    if (!digest) {
      this.#digests.set(file, digest = this.bytes(file).then(sha256Hex));
    }
    return digest;
  }
}

/**
 * What the files of `dependencies` and the Deno version hash to, in hex: the
 * SHA-256 of a list of each file's path and SHA-256.
 */
export async function fingerprint(
  dependencies: Dependency[],
  files: CodeFiles = new CodeFiles(),
): Promise<string> {
  const lines = [`deno ${Deno.version.deno}`];
  const seen = new Set<string>();
  for (const dependency of dependencies) {
    const found = typeof dependency === "string"
      ? await listFiles(dependency)
      : await files.graph(dependency.module);
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      const name = relative(".", file).split(SEPARATOR).join("/");
      lines.push(`${name} ${await files.digest(file)}`);
    }
  }
  return sha256Hex(lines.join("\n"));
}

/** The SHA-256 of a text, in hex: a short key for data (a chart's rows). */
export function digestText(text: string): Promise<string> {
  return Promise.resolve(sha256Hex(text));
}

const fingerprints = new WeakMap<object, Map<string, Promise<string>>>();
const siteFiles = new WeakMap<object, CodeFiles>();

/**
 * The code files of a site, each read, hashed and scanned for its imports
 * once per process: the code cannot change under a running build process
 * (`serve` restarts its builder when a script changes), and the plugins'
 * fingerprints share most of their modules.
 */
export function codeFiles(site: object): CodeFiles {
  let files = siteFiles.get(site);
  if (!files) siteFiles.set(site, files = new CodeFiles());
  return files;
}

/**
 * {@link fingerprint}, computed once per site for the same paths: the code
 * cannot change under a running build process (`serve` restarts its builder
 * when a script changes), so the plugins of a site share one.
 */
export function codeFingerprint(
  site: object,
  paths: Dependency[],
): Promise<string> {
  let known = fingerprints.get(site);
  if (!known) fingerprints.set(site, known = new Map());
  const key = JSON.stringify(paths);
  let value = known.get(key);
  if (!value) known.set(key, value = fingerprint(paths, codeFiles(site)));
  return value;
}

async function listFiles(path: string): Promise<string[]> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  if (info.isFile) return [path];
  const files: string[] = [];
  for await (const file of walk(path)) files.push(file);
  return files;
}

/** Whether each value a build asked the cache for was there. */
export type CacheLog = Record<string, "hit" | "miss">;

/**
 * A folder of values, each under a name and the fingerprint of what it
 * depends on. Only the latest entry of a name is kept.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { BuildCache } from "./cache.ts";
 * const cache = new BuildCache(await Deno.makeTempDir());
 * assertEquals(await cache.read("results", "abc"), undefined);
 * await cache.write("results", "abc", "[1, 2]");
 * assertEquals(await cache.read("results", "abd"), undefined);
 * assertEquals(await cache.read("results", "abc"), "[1, 2]");
 * assertEquals(cache.log, { results: "hit" }); // what the last read found
 * ```
 */
export class BuildCache {
  /** The folder; `undefined` when the cache is off. */
  readonly dir?: string;
  /** What the last read of each name found, in this build. */
  readonly log: CacheLog = {};
  /**
   * Whether a {@link CachedMap} keeps the entries this process did not use:
   * set by a build that reused some pages' renders (the formulas, charts and
   * diagrams of those pages are still in use).
   */
  keepUnused = false;
  #warn: (message: string) => void;

  /**
   * @param dir the folder (made when first written), or `undefined` for none
   * @param warn how to report a cache that cannot be written
   */
  constructor(
    dir: string | undefined,
    warn: (message: string) => void = () => {},
  ) {
    this.dir = dir || undefined;
    this.#warn = warn;
  }

  #file(name: string, key: string): string {
    return join(this.dir!, `${name}-${key.slice(0, 32)}`);
  }

  /** The value of `name` stored under `key`, if there is one. */
  async read(name: string, key: string): Promise<string | undefined> {
    if (!this.dir) return undefined;
    try {
      const text = await Deno.readTextFile(this.#file(name, key));
      // The whole key is the first line: a prefix collision is not a hit.
      const newline = text.indexOf("\n");
      if (text.slice(0, newline) === key) {
        this.log[name] = "hit";
        return text.slice(newline + 1);
      }
    } catch {
      // Missing or unreadable: compute it again.
    }
    this.log[name] = "miss";
    return undefined;
  }

  /**
   * Whether an entry of `name` under `key` is there (a hint: it is not
   * read, nor counted in {@link BuildCache.log}).
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { BuildCache } from "./cache.ts";
   * const cache = new BuildCache(await Deno.makeTempDir());
   * await cache.write("search-en", "abc", "[]");
   * assertEquals(await cache.has("search-en", "abc"), true);
   * assertEquals(await cache.has("search-en", "abd"), false);
   * assertEquals(cache.log, {});
   * ```
   */
  async has(name: string, key: string): Promise<boolean> {
    if (!this.dir) return false;
    return await Deno.stat(this.#file(name, key)).then(
      (info) => info.isFile,
      () => false,
    );
  }

  /**
   * Store `value` as `name` under `key`, replacing older entries of `name`.
   * A value of megabytes may be given in pieces, written one after the
   * other (the text is their concatenation), so as not to be held whole.
   */
  async write(
    name: string,
    key: string,
    value: string | Iterable<string>,
  ): Promise<void> {
    if (!this.dir) return;
    const file = this.#file(name, key);
    try {
      await this.#writeFile(file, [`${key}\n`, value]);
      for await (const entry of Deno.readDir(this.dir)) {
        const path = join(this.dir, entry.name);
        if (!entry.name.startsWith(`${name}-`) || path === file) continue;
        // Another build's entry being written is left to it, unless a
        // build that stopped half-way left it long ago.
        if (entry.name.endsWith(".partial") && !await stale(path)) continue;
        await Deno.remove(path).catch(() => {});
      }
    } catch (error) {
      this.#cannotWrite(error, `computes ${name} again`);
    }
  }

  /**
   * A note one build leaves the next whatever the code, such as how long
   * each script took: a hint, not a result, so it has no key and is not in
   * {@link BuildCache.log}.
   */
  async readNote(name: string): Promise<string | undefined> {
    if (!this.dir) return undefined;
    return await Deno.readTextFile(join(this.dir, `${name}.note`))
      .catch(() => undefined);
  }

  /** Leave `value` as the note `name` (see {@link BuildCache.readNote}). */
  async writeNote(name: string, value: string): Promise<void> {
    if (!this.dir) return;
    await this.#writeFile(join(this.dir, `${name}.note`), [value])
      .catch((error) => this.#cannotWrite(error, `goes without ${name}`));
  }

  /** Write the texts of `parts` (each a text or pieces of one), in order. */
  async #writeFile(
    file: string,
    parts: (string | Iterable<string>)[],
  ): Promise<void> {
    await Deno.mkdir(this.dir!, { recursive: true });
    // Write beside, then rename: a reader never sees half an entry. The
    // name is this process's own, so two builds sharing the cache never
    // write into one file (the last rename wins, whole).
    const partial = `${file}.${Deno.pid}.partial`;
    try {
      if (parts.every((part) => typeof part === "string")) {
        await Deno.writeTextFile(partial, parts.join(""));
      } else await writePieces(partial, parts);
      await Deno.rename(partial, file);
    } catch (error) {
      await Deno.remove(partial).catch(() => {});
      throw error;
    }
  }

  #cannotWrite(error: unknown, consequence: string): void {
    this.#warn(
      `the build cache ${this.dir}/ cannot be written (${
        error instanceof Error ? error.message : error
      }): the next build ${consequence}`,
    );
  }
}

/**
 * A map of things made from the code alone (formulas → MathML, charts → SVG,
 * scripts → literate pages), shared by the builds of a process and kept in
 * the build cache between processes: {@link CachedMap.load} fills it at the
 * first build of a process, {@link CachedMap.store} writes it back after a
 * build that added to it. Without `dependsOn`, it lives in memory only.
 *
 * What is written back is what this process used: the entries of texts that
 * are gone (a script as it was before an edit) are dropped then.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { BuildCache, CachedMap } from "./cache.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.ts`, "export {};");
 * const site = { cache: new BuildCache(`${dir}/_cache`) };
 * const first = new CachedMap(site, "math", [`${dir}/a.ts`]);
 * await first.load();
 * first.set("x^2", "<math>…</math>");
 * await first.store();
 * const again = new CachedMap({ cache: site.cache }, "math", [`${dir}/a.ts`]);
 * await again.load();
 * assertEquals(again.get("x^2"), "<math>…</math>");
 * ```
 */
export class CachedMap {
  #map = new Map<string, string>();
  /** The keys this process asked for or set: what {@link store} keeps. */
  #used = new Set<string>();
  /** Whether a value was set since the map was loaded or stored. */
  #added = false;
  #loading?: Promise<void>;
  #site: { cache: BuildCache };
  #name: string;
  #dependsOn?: Dependency[];

  /**
   * @param site the site whose build cache keeps the map
   * @param name the name of its entry in the cache
   * @param dependsOn what the values are made from, fingerprinted
   */
  constructor(
    site: { cache: BuildCache },
    name: string,
    dependsOn?: Dependency[],
  ) {
    this.#site = site;
    this.#name = name;
    this.#dependsOn = dependsOn;
  }

  /** The value made from `key`, if one was made. */
  get(key: string): string | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) this.#used.add(key);
    return value;
  }

  /** Keep `value` as what `key` makes. */
  set(key: string, value: string): this {
    this.#map.set(key, value);
    this.#used.add(key);
    this.#added = true;
    return this;
  }

  /**
   * Fill the map from the cache, once per process (a call while it loads
   * waits for that load).
   */
  load(): Promise<void> {
    // A load that failed is tried again by the next build.
    this.#loading ??= this.#load().catch((error) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    if (!this.#dependsOn) return;
    const key = await codeFingerprint(this.#site, this.#dependsOn);
    const text = await this.#site.cache.read(this.#name, key);
    try {
      const entries = JSON.parse(text ?? "[]");
      // Only pairs of strings count: anything else is damage.
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (
          Array.isArray(entry) && typeof entry[0] === "string" &&
          typeof entry[1] === "string"
        ) this.#map.set(entry[0], entry[1]);
      }
    } catch {
      // A damaged entry: made again, and stored again below.
    }
  }

  /** Write what this process used to the cache, if a value was added. */
  async store(): Promise<void> {
    if (!this.#dependsOn || !this.#added) return;
    const key = await codeFingerprint(this.#site, this.#dependsOn);
    const used = this.#site.cache.keepUnused
      ? [...this.#map]
      : [...this.#map].filter(([from]) => this.#used.has(from));
    await this.#site.cache.write(this.#name, key, JSON.stringify(used));
    this.#added = false;
  }
}

/**
 * Write texts given in pieces into `file`, a megabyte at a time, never
 * holding the whole.
 */
async function writePieces(
  file: string,
  parts: (string | Iterable<string>)[],
): Promise<void> {
  const encoder = new TextEncoder();
  using handle = await Deno.open(file, {
    write: true,
    create: true,
    truncate: true,
  });
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    const bytes = encoder.encode(batch.join(""));
    for (let at = 0; at < bytes.length;) {
      at += await handle.write(bytes.subarray(at));
    }
    batch = [];
    size = 0;
  };
  for (const part of parts) {
    for (const piece of typeof part === "string" ? [part] : part) {
      batch.push(piece);
      size += piece.length;
      if (size > 1 << 20) await flush();
    }
  }
  await flush();
}

/** How old a half-written entry is before a build may remove it. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/** Whether a file was last written over an hour ago (or is gone). */
async function stale(path: string): Promise<boolean> {
  const info = await Deno.stat(path).catch(() => undefined);
  const written = info?.mtime?.getTime() ?? 0;
  return Date.now() - written > STALE_PARTIAL_MS;
}
