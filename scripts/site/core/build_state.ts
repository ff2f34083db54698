/**
 * What the last build read and wrote, to skip a build when nothing changed:
 * `deno task build` run again on the same pages, code and options finds the
 * site it would write already in place, and says so after stamping the
 * files (a tenth of a second of CPU) instead of loading the engine and
 * rendering every page.
 *
 * A build's inputs are every file of the project folder (but the output, its
 * staging folder, the build cache, `node_modules/`, `.git` and `.bench/`),
 * the pages' folder and the configuration wherever they are, and the Deno
 * version and the options of the command. Before a build, each input is
 * stamped by its size, modification time and inode; once the build is in
 * place, each file of the output likewise; both are kept in the build cache
 * (`last-build.note`). The next build compares: when every input and every
 * output file has the stamp it had (no file added, none gone), the output
 * is what this build would write, byte for byte (builds are deterministic),
 * and there is nothing to do.
 *
 * A file changed twice within the clock's resolution keeps its time, as in
 * `make`: like git, a file whose time is within {@link RECENT_MS} of the
 * moment it was stamped is stamped by its SHA-256 too, which the next build
 * compares as well.
 *
 * The state also says which inputs leave the renders of the pages valid
 * (the pages' folder, the copied ones, and the code that only computes data,
 * the exercise scripts): when only those changed, the command line lets the
 * build reuse the renders the last build kept (`Site.saveRenders`), so that
 * an edit to one page renders that page, and an edit to a script the pages
 * whose data it changed.
 *
 * The modules a configuration inside the project imports from outside it
 * are not stamped (the build's permissions do not let it read there).
 *
 * @module
 */
import { join, resolve, SEPARATOR } from "@std/path";

/** How a file looked: its size, modification time, inode, maybe its hash. */
export interface Stamp {
  size: number;
  /** Milliseconds since the epoch, with the fraction the file system keeps. */
  mtime: number;
  ino: number | null;
  /** SHA-256, in hex, of a file changed shortly before it was stamped. */
  sha?: string;
}

/** Stamps of files, by absolute path (inputs) or path in the output. */
export type Stamps = Record<string, Stamp>;

/**
 * A file modified within this many milliseconds of its stamp is hashed too:
 * an edit in the same tick of the clock would not change its time.
 */
export const RECENT_MS = 2000;

/** What a build leaves for the next. */
export interface BuildState {
  /** The command's options, the Deno version, the folders: see {@link requestKey}. */
  key: string;
  /** Where the inputs were stamped. */
  places: InputPlaces;
  /** The output folder, as the build named it. */
  dest: string;
  /** Every input, by absolute path. */
  inputs: Stamps;
  /** Every file of the output folder, by its path in it. */
  output: Stamps;
  /** Pages and files of the site, for the line the build prints. */
  pages: number;
  files: number;
  /** The warnings the build raised, printed again by a build skipped. */
  warnings: string[];
  /** Whether the configuration prints no warnings (`quiet`). */
  quiet: boolean;
  /**
   * The folders whose change leaves the renders of the pages valid (the
   * pages' folder and the copied ones), absolute.
   */
  local?: string[];
  /**
   * The modules that reach the pages only through the data they compute
   * (`Site.dataOnlyCode`), absolute: their change too leaves the renders
   * valid, each reused only if its page's data is the same.
   */
  dataOnly?: string[];
  /**
   * The threads the last build that started any started, with their first
   * message (`core/threads.ts`): after an edit to a script, the command line
   * starts the first before the build asks for it.
   */
  threads?: { url: string; first: unknown }[];
  /** The id of the renders the build kept (`Site.saveRenders`). */
  renders?: string;
}

/** The note of the build cache that holds the {@link BuildState}. */
export const STATE_NOTE = "last-build.note";

/** Is `inner` the folder `outer` or inside it (both absolute)? */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer + SEPARATOR);
}

/** The files and folders a build's inputs are walked from. */
export interface InputPlaces {
  /** Folders (or files) walked, absolute. */
  roots: string[];
  /** What is not walked under them, absolute. */
  skip: string[];
}

/**
 * Where the inputs of a build of the project in `cwd` are: the project
 * folder without what a build writes or never reads, plus the pages' folder
 * and the configuration when they lie outside it, plus `extra` (the local
 * modules of a configuration outside the project).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { inputPlaces } from "./build_state.ts";
 * const places = inputPlaces("/p", { src: "/p/.bench/pages", dest: "out", cache: "_cache", config: "_config.ts" });
 * assertEquals(places.roots, ["/p", "/p/.bench/pages"]);
 * assertEquals(places.skip.includes("/p/out.tmp"), true);
 * // The default output is never an input, whatever this build writes.
 * assertEquals(places.skip.includes("/p/_site"), true);
 * ```
 */
export function inputPlaces(
  cwd: string,
  options: { src: string; dest: string; cache: string; config: string },
  extra: string[] = [],
): InputPlaces {
  const root = resolve(cwd);
  const at = (path: string) => resolve(root, path);
  const dest = at(options.dest);
  const skip = [
    // What no build reads: Git's folder, installed packages, the bench's
    // work, and the default output, staging folder and cache (another
    // build's, when this one writes elsewhere: a build or test running
    // meanwhile writes there).
    ...[".git", "node_modules", ".bench", "_site", "_site.tmp", "_cache"].map(
      (name) => join(root, name),
    ),
    dest,
    `${dest}.tmp`,
    ...(options.cache ? [at(options.cache)] : []),
  ];
  const roots = [root];
  for (const path of [at(options.src), at(options.config), ...extra]) {
    if (!covered(path, { roots, skip })) roots.push(path);
  }
  return { roots, skip };
}

/**
 * Whether `path` (absolute) is walked as part of `places`: it lies in a root
 * and in no skipped folder inside that root (a root inside a skipped folder
 * is walked).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { covered } from "./build_state.ts";
 * const places = { roots: ["/p", "/p/.bench/pages"], skip: ["/p/.bench"] };
 * assert(covered("/p/content/a.md", places));
 * assert(!covered("/p/.bench/other/a.md", places));
 * assert(covered("/p/.bench/pages/a.md", places));
 * ```
 */
export function covered(path: string, places: InputPlaces): boolean {
  return places.roots.some((root) =>
    within(path, root) &&
    !places.skip.some((skipped) =>
      within(path, skipped) && within(skipped, root) && skipped !== root
    )
  );
}

// Not digest.ts: the command line's main thread loads no Node module (the
// first costs it some 40 ms), and hashes only files edited in the last 2 s.
async function sha256(file: string): Promise<string | undefined> {
  try {
    const bytes = await Deno.readFile(file);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return [...new Uint8Array(digest)]
      .map((byte) => byte.toString(16).padStart(2, "0")).join("");
  } catch {
    return undefined;
  }
}

function stampOf(info: Deno.FileInfo): Stamp {
  return {
    size: info.size,
    mtime: info.mtime?.getTime() ?? 0,
    ino: info.ino,
  };
}

/**
 * Stamp every file under `roots` (files or folders; a missing root has no
 * files) but under `skip`, by absolute path, or by path relative to `base`
 * when given. Files modified within {@link RECENT_MS} are hashed too.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { join } from "@std/path";
 * import { stampFiles } from "./build_state.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(join(dir, "a"));
 * await Deno.writeTextFile(join(dir, "a", "x.md"), "x");
 * await Deno.writeTextFile(join(dir, "y.md"), "yy");
 * const stamps = await stampFiles([dir], [join(dir, "a")], dir);
 * assertEquals(Object.keys(stamps), ["y.md"]);
 * assertEquals(stamps["y.md"].size, 2);
 * assertEquals(typeof stamps["y.md"].sha, "string"); // written just now
 * ```
 */
export async function stampFiles(
  roots: string[],
  skip: string[] = [],
  base?: string,
): Promise<Stamps> {
  const now = Date.now();
  const stamps: Stamps = {};
  const recent: string[] = [];
  const name = (path: string) =>
    base === undefined
      ? path
      : path.slice(base.length + 1).split(SEPARATOR).join("/");
  const visit = (path: string, info: Deno.FileInfo) => {
    if (skip.includes(path)) return;
    if (info.isFile) {
      const stamp = stampOf(info);
      stamps[name(path)] = stamp;
      if (stamp.mtime >= now - RECENT_MS) recent.push(path);
      return;
    }
    if (!info.isDirectory) return;
    const entries = [...Deno.readDirSync(path)].map((entry) => entry.name)
      .sort();
    for (const entry of entries) {
      const inner = join(path, entry);
      let stat: Deno.FileInfo;
      try {
        stat = Deno.statSync(inner);
      } catch {
        continue; // Gone since it was listed, or a broken link.
      }
      visit(inner, stat);
    }
  };
  for (const root of roots) {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(root);
    } catch {
      continue;
    }
    visit(root, info);
  }
  await Promise.all(recent.map(async (path) => {
    const sha = await sha256(path);
    if (sha) stamps[name(path)].sha = sha;
  }));
  return stamps;
}

/**
 * Whether `now` stamps the same files as `before`, none added or gone: same
 * size, time and inode, and, where either was hashed, the same SHA-256
 * (`resolve` gives the file of a name, to hash it when `now` did not).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { sameStamps } from "./build_state.ts";
 * const a = { "/x": { size: 1, mtime: 5, ino: 7 } };
 * assert(await sameStamps(a, { "/x": { size: 1, mtime: 5, ino: 7 } }));
 * assert(!await sameStamps(a, { "/x": { size: 1, mtime: 6, ino: 7 } }));
 * assert(!await sameStamps(a, { ...a, "/y": { size: 1, mtime: 5, ino: 8 } }));
 * ```
 */
export async function sameStamps(
  before: Stamps,
  now: Stamps,
  resolveFile: (name: string) => string = (name) => name,
): Promise<boolean> {
  const names = Object.keys(now);
  if (names.length !== Object.keys(before).length) return false;
  for (const name of names) {
    const a = before[name];
    const b = now[name];
    if (
      !a || a.size !== b.size || a.mtime !== b.mtime || a.ino !== b.ino
    ) return false;
  }
  for (const name of names) {
    const a = before[name];
    const b = now[name];
    if (a.sha === undefined && b.sha === undefined) continue;
    const current = b.sha ?? await sha256(resolveFile(name));
    if (a.sha !== current) return false;
  }
  return true;
}

/**
 * The files that differ between `before` and `now`: added, gone, stamped
 * otherwise, or hashed otherwise (a file hashed before is hashed again when
 * it was not now).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { changedPaths } from "./build_state.ts";
 * const a = { size: 1, mtime: 5, ino: 7 };
 * assertEquals(
 *   await changedPaths({ "/x": a, "/y": a }, { "/x": a, "/y": { ...a, mtime: 6 }, "/z": a }),
 *   ["/y", "/z"],
 * );
 * ```
 */
export async function changedPaths(
  before: Stamps,
  now: Stamps,
): Promise<string[]> {
  const changed: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const a = before[name];
    const b = now[name];
    if (
      !a || !b || a.size !== b.size || a.mtime !== b.mtime || a.ino !== b.ino
    ) changed.push(name);
    else if (a.sha !== undefined || b.sha !== undefined) {
      if (a.sha !== (b.sha ?? await sha256(name))) changed.push(name);
    }
  }
  return changed.sort();
}

/**
 * The options that decide what a build writes, as one string: a build with
 * other options, another Deno or from another folder is never skipped.
 */
export function requestKey(request: Record<string, unknown>): string {
  return JSON.stringify({
    deno: Deno.version.deno,
    cwd: Deno.cwd(),
    ...request,
  });
}

/** The state the last build left in `cache`, if any and readable. */
export async function readState(
  cache: string,
): Promise<BuildState | undefined> {
  try {
    const state = JSON.parse(
      await Deno.readTextFile(join(cache, STATE_NOTE)),
    ) as BuildState;
    if (
      typeof state?.key === "string" && typeof state.dest === "string" &&
      Array.isArray(state.places?.roots) && Array.isArray(state.places?.skip) &&
      state.inputs && state.output && Array.isArray(state.warnings)
    ) return state;
  } catch {
    // None, or damaged: build.
  }
  return undefined;
}

/** Leave `state` for the next build (a cache that cannot be written: none). */
export async function writeState(
  cache: string,
  state: BuildState,
): Promise<void> {
  try {
    await Deno.mkdir(cache, { recursive: true });
    const file = join(cache, STATE_NOTE);
    // Builds of other folders may share the cache: each writes its own.
    const partial = `${file}.${Deno.pid}.partial`;
    await Deno.writeTextFile(partial, JSON.stringify(state));
    await Deno.rename(partial, file);
  } catch {
    // The next build is a full one: nothing is wrong.
  }
}

/** Forget the last build's state: the next build is a full one. */
export async function forgetState(cache: string): Promise<void> {
  await Deno.remove(join(cache, STATE_NOTE)).catch(() => {});
}

/**
 * Whether the output folder `dest` still holds what `state` says the last
 * build wrote, and the inputs are those it was built from (`inputs`, stamped
 * now).
 */
export async function unchanged(
  state: BuildState,
  key: string,
  inputs: Stamps,
  dest: string,
): Promise<boolean> {
  if (state.key !== key) return false;
  if (!await sameStamps(state.inputs, inputs)) return false;
  const root = resolve(dest);
  const output = await stampFiles([root], [], root);
  return await sameStamps(
    state.output,
    output,
    (name) => join(root, ...name.split("/")),
  );
}
