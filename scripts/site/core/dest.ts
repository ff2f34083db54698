/**
 * The output folder's guards: a build replaces its whole `dest` folder and
 * empties its staging folder (`dest.tmp`), so it must never be pointed at a
 * folder it did not make.
 *
 * - {@link checkDest} refuses a `dest` (or staging folder) that is, contains
 *   or lies inside the pages, the layouts, the scripts or the project, and a
 *   folder that is not empty and holds no {@link MARKER} (the file every build
 *   writes into its output);
 * - {@link restoreSwap} puts back the previous site when a build was stopped
 *   between the two renames of its swap (`dest` → `dest.tmp/old`,
 *   `dest.tmp/next` → `dest`);
 * - {@link lockStaging} keeps two builds (`deno task build` while
 *   `deno task serve` runs) out of one staging folder, and names the other.
 *
 * @module
 */
import { join, resolve, SEPARATOR } from "@std/path";
import { BuildError } from "./page.ts";

/** The file every build writes into its output, to recognise it later. */
export const MARKER = ".site-build";

/** What {@link MARKER} says. */
export const MARKER_TEXT =
  "This folder was written by scripts/site/core/site.ts; the next build replaces it whole.\n";

/**
 * The copy of the site before last that a build keeps in its staging
 * folder, to write the next site into in place (`writer.ts`).
 */
export const SPARE = "spare";

/** The entries a build makes in its staging folder (and may remove). */
export const STAGING_ENTRIES = [
  "next",
  "old",
  "search",
  "search-old",
  "lock",
  SPARE,
];

/** The line of {@link MARKER} before the files a build wrote. */
const FILES_HEADING = "Its files:\n";

/**
 * What a build writes into {@link MARKER}: {@link MARKER_TEXT}, then every
 * file it wrote, a path a line (a folder a plugin fills, such as the search
 * index, as `folder/`), so that the next build knows a file it did not write.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MARKER_TEXT, markerText } from "./dest.ts";
 * assertEquals(
 *   markerText(["index.html", "a/index.html"], ["pagefind"]),
 *   MARKER_TEXT + "Its files:\na/index.html\nindex.html\npagefind/\n",
 * );
 * ```
 */
export function markerText(files: string[], folders: string[]): string {
  const lines = [...files, ...folders.map((folder) => `${folder}/`)].sort();
  return `${MARKER_TEXT}${FILES_HEADING}${
    lines.map((line) => `${line}\n`).join("")
  }`;
}

/**
 * The files of the output folder `dest` that no build wrote: not listed in
 * its {@link MARKER} (see {@link markerText}), nor inside a folder listed
 * there. A file an author put there, which the next build would delete.
 * None for a folder without such a list (new, or written before builds kept
 * one).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { join } from "@std/path";
 * import { foreignFiles, MARKER, markerText } from "./dest.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(join(dir, MARKER), markerText(["index.html"], ["pagefind"]));
 * Deno.writeTextFileSync(join(dir, "index.html"), "<p>Hi");
 * Deno.mkdirSync(join(dir, "pagefind"));
 * Deno.writeTextFileSync(join(dir, "pagefind", "index.json"), "{}");
 * assertEquals(foreignFiles(dir), []);
 * Deno.writeTextFileSync(join(dir, "CNAME"), "notes.example.org");
 * assertEquals(foreignFiles(dir), ["CNAME"]);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function foreignFiles(dest: string): string[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(join(dest, MARKER));
  } catch {
    return [];
  }
  const list = text.split(FILES_HEADING)[1];
  if (list === undefined) return [];
  const known = new Set(list.split("\n").filter(Boolean));
  const found: string[] = [];
  const look = (folder: string, prefix: string) => {
    for (const entry of Deno.readDirSync(folder)) {
      const path = prefix + entry.name;
      if (entry.isDirectory) {
        if (!known.has(`${path}/`)) look(join(folder, entry.name), `${path}/`);
      } else if (path !== MARKER && !known.has(path)) found.push(path);
    }
  };
  look(dest, "");
  return found.sort();
}

/**
 * Refuse to build into `dest` while it holds a file no build wrote
 * ({@link foreignFiles}): the build would delete it. Names the first, and
 * how many more.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { join } from "@std/path";
 * import { checkForeignFiles, MARKER, markerText } from "./dest.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(join(dir, MARKER), markerText([], []));
 * checkForeignFiles(dir);
 * Deno.writeTextFileSync(join(dir, "CNAME"), "notes.example.org");
 * assertThrows(() => checkForeignFiles(dir), Error, "a file no build wrote");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function checkForeignFiles(dest: string): void {
  const foreign = foreignFiles(dest);
  if (foreign.length === 0) return;
  const more = foreign.length - 1;
  const others = more
    ? ` (and ${more} more: ${foreign.slice(1, 4).join(", ")}${
      more > 3 ? ", …" : ""
    })`
    : "";
  throw new BuildError(
    `a file no build wrote${others}: a build replaces ${dest}/ whole and would delete it. Move it out of ${dest}/ (a file to publish with the site is copied in by site.copy in _config.ts)`,
    join(dest, foreign[0]),
  );
}

/** Is `inner` the folder `outer` or inside it (both absolute)? */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer + SEPARATOR) ||
    outer === SEPARATOR;
}

/**
 * Refuse to build into `dest` when that could destroy files the build did
 * not make. `protect` names the folders (relative to `root`) that hold the
 * project's own files: a `dest` or staging folder may be none of them, hold
 * none of them and lie in none of them; the project root itself may only
 * hold them.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkDest } from "./dest.ts";
 * const protect = { src: "content", includes: "_includes", scripts: "scripts" };
 * assertThrows(() => checkDest("content", protect), Error, "the folder of the pages");
 * assertThrows(() => checkDest(".", protect), Error, "the project");
 * assertThrows(() => checkDest("content/out", protect), Error, "lies inside the pages");
 * ```
 */
export function checkDest(
  dest: string,
  protect: Record<string, string>,
  root = Deno.cwd(),
): void {
  const names: Record<string, string> = {
    src: "the pages",
    includes: "the layouts",
    scripts: "the scripts",
    config: "the configuration",
  };
  const project = resolve(root);
  for (
    const [option, place] of [["--dest", dest], [
      "its staging folder",
      `${dest}.tmp`,
    ]]
  ) {
    const folder = resolve(root, place);
    const refuse = (why: string) =>
      new BuildError(
        `refusing to build into ${place}/ (${option}): ${why}; the build replaces that folder whole. Choose another --dest, such as _site`,
      );
    if (within(project, folder)) {
      throw refuse(`it is or holds the project folder ${project}`);
    }
    for (const [key, value] of Object.entries(protect)) {
      const other = resolve(root, value);
      const name = `${names[key] ?? key} (${value}/)`;
      if (folder === other) throw refuse(`it is the folder of ${name}`);
      if (within(folder, other)) throw refuse(`it lies inside ${name}`);
      if (within(other, folder)) throw refuse(`it holds ${name}`);
    }
  }
  let entries: string[];
  try {
    const info = Deno.statSync(dest);
    if (!info.isDirectory) {
      throw new BuildError(
        `refusing to build into ${dest} (--dest): it is a file, not a folder`,
      );
    }
    entries = [...Deno.readDirSync(dest)].map((entry) => entry.name);
  } catch (error) {
    if (error instanceof BuildError) throw error;
    return; // Not there yet (or unreadable: the build says so when it writes).
  }
  if (entries.length === 0 || entries.includes(MARKER)) return;
  // Output of a build from before the marker: its search index.
  if (entries.includes("pagefind") && entries.includes("index.html")) return;
  throw new BuildError(
    `refusing to build into ${dest}/ (--dest): it holds files (${
      entries.slice(0, 3).join(", ")
    }${
      entries.length > 3 ? ", …" : ""
    }) and no ${MARKER} of an earlier build, and the build replaces that folder whole. Choose an empty or new --dest, or move those files away`,
  );
}

/**
 * Refuse a pages folder (`--src`) that is missing or is a file, in one line.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkSrc } from "./dest.ts";
 * assertThrows(() => checkSrc("no/such/folder"), Error, "there is no such folder");
 * assertThrows(() => checkSrc("deno.json"), Error, "it is a file, not a folder");
 * ```
 */
export function checkSrc(src: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(src);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new BuildError(
      `cannot build from ${src}/ (--src): there is no such folder; name the folder of the Markdown pages`,
    );
  }
  if (!info.isDirectory) {
    throw new BuildError(
      `cannot build from ${src} (--src): it is a file, not a folder; name the folder that holds it`,
    );
  }
}

/**
 * Finish a swap a stopped build left half done: with `dest` gone and the
 * previous site in `dest.tmp/old`, put it back. Returns whether it did.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { join } from "@std/path";
 * import { restoreSwap } from "./dest.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.mkdirSync(join(dir, "_site.tmp/old"), { recursive: true });
 * assert(restoreSwap(join(dir, "_site")));
 * assert(Deno.statSync(join(dir, "_site")).isDirectory);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function restoreSwap(dest: string): boolean {
  const old = join(`${dest}.tmp`, "old");
  try {
    Deno.statSync(dest);
    return false;
  } catch {
    // No dest: was it moved aside?
  }
  try {
    if (!Deno.statSync(old).isDirectory) return false;
  } catch {
    return false;
  }
  Deno.renameSync(old, dest);
  return true;
}

/** A held lock on a staging folder. */
export interface StagingLock {
  /** The staging folder. */
  staging: string;
  /** Let go of it (and remove the lock file). */
  release(): void;
}

/**
 * Take the lock of the staging folder, or fail with one line naming the
 * process that holds it. `who` says what this process is (`deno task build`,
 * `deno task serve`), for the other's message. The lock is the operating
 * system's (`flock`): a process that is killed lets go of it.
 */
export async function lockStaging(
  staging: string,
  who: string,
): Promise<StagingLock> {
  await Deno.mkdir(staging, { recursive: true });
  const path = join(staging, "lock");
  const file = await Deno.open(path, { read: true, write: true, create: true });
  if (!await file.tryLock(true)) {
    const holder = (await Deno.readTextFile(path).catch(() => "")).trim();
    file.close();
    throw new BuildError(
      `${staging}/ is in use by another build (${
        holder || "a process"
      }): wait for it, stop it, or build into another --dest`,
    );
  }
  await file.truncate(0);
  await file.write(
    new TextEncoder().encode(`pid ${Deno.pid}, ${who}\n`),
  );
  return {
    staging,
    release() {
      try {
        Deno.removeSync(path);
      } catch { /* gone */ }
      try {
        file.close(); // closing lets go of the lock
      } catch { /* closed */ }
    },
  };
}
