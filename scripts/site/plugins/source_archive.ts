/**
 * The notes' source, published with the site: a reader of the built pages
 * can get the scripts, tests and pages that every "run it yourself" refers
 * to. The build writes one `.tar.gz` of the listed files and folders at a
 * stable URL (`/notes-source.tar.gz`), with reproducible bytes: the files of
 * each listed path in sorted order under one folder, fixed time, owner and
 * permissions (only the executable bit is kept), and gzip with no time in
 * its header (the `CompressionStream` of the runtime writes none). Each
 * folder (down to three levels: `content/zh/bptt/`) is its own gzip member
 * (a `.tar.gz` may be several, one after the other: `tar -xzf` reads them as
 * one), so that a build repacks only the folders whose files changed. Never in it: the output,
 * the build cache, installed packages, Git's folder, a chart snapshot's
 * `-changed.svg`.
 *
 * Pages link to it through the site data `sourceArchive` (its URL); a
 * repository URL set in `_config.ts` is shown beside it on every page.
 *
 * @module
 */
import { concat } from "@std/bytes/concat";
import { join, relative, SEPARATOR } from "@std/path";
import type { Site } from "../core/site.ts";
import { digestText } from "../core/cache.ts";
import { showsResults } from "./results.ts";

/** Options of the source archive plugin. */
export interface SourceArchiveOptions {
  /** The archive's URL in the site. */
  url?: string;
  /** Files and folders (relative to the working directory) to include. */
  include?: string[];
  /** Paths (relative, `/`-separated) left out. */
  exclude?: RegExp;
  /** The folder the archive unpacks into. */
  folder?: string;
}

/**
 * The project's own files, which the archive holds by default: everything a
 * build reads, with the tests and the documents.
 */
export const PROJECT_PATHS: readonly string[] = [
  "README.md",
  "CONTRIBUTING.md",
  "deno.json",
  "deno.lock",
  "_config.ts",
  ".ci",
  "scripts",
  "tests",
  "content",
  "_includes",
  "examples",
];

const DEFAULTS: Required<SourceArchiveOptions> = {
  url: "/notes-source.tar.gz",
  include: [...PROJECT_PATHS],
  exclude:
    /(^|\/)(_site|_site\.tmp|_cache|node_modules|\.git|\.bench)(\/|$)|-changed\.svg$/,
  folder: "notes",
};

/** Write the source archive into every build. */
export function sourceArchive(options: SourceArchiveOptions = {}) {
  const settings = { ...DEFAULTS, ...options };
  return (site: Site) => {
    site.data("sourceArchive", settings.url);
    // Each folder is packed on its own, as one gzip member of the archive,
    // and packed again only when one of its files changed: an edit to a page
    // repacks the pages beside it, not the others, the scripts and tests.
    let parts: Parts = {};
    let loaded = false;
    site.addEventListener("beforeBuild", async () => {
      // The notes' source, for the notes: a folder of plain pages links none.
      if (!showsResults(site.pages)) {
        delete site.globalData.sourceArchive;
        return;
      }
      if (!loaded) {
        loaded = true;
        const cached = await site.cache.read("source-archive", PARTS_KEY);
        parts = readParts(cached);
      }
      const packed = await packSources(settings, parts);
      if (
        packed.repacked.length > 0 ||
        Object.keys(packed.parts).length !== Object.keys(parts).length
      ) {
        await site.cache.write(
          "source-archive",
          PARTS_KEY,
          writeParts(packed.parts),
        );
      }
      parts = packed.parts;
      site.write(settings.url, await archiveOf(parts));
    });
  };
}

/**
 * The packed parts of the archive, by name (the path of a part's first
 * file): its files' stamps, its gzip member.
 */
export type Parts = Record<string, { key: string; bytes: Uint8Array }>;

/**
 * How deep a folder is cut into parts of its own: the files of
 * `content/bptt/` are one part, those of `content/zh/bptt/` another, so an
 * edit to a page repacks the pages beside it, not all of them.
 */
const PART_DEPTH = 3;

/**
 * The files of one listed path (sorted) cut into runs that are the parts:
 * a run ends where the next file is in another folder, as folders are cut
 * at {@link PART_DEPTH}. The runs keep the files' order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { partsOf } from "./source_archive.ts";
 * assertEquals(
 *   partsOf(["content/bptt/a.md", "content/bptt/b.md", "content/index.md", "content/zh/bptt/a.md", "content/zh/bptt/deep/x.md"]),
 *   [["content/bptt/a.md", "content/bptt/b.md"], ["content/index.md"], ["content/zh/bptt/a.md", "content/zh/bptt/deep/x.md"]],
 * );
 * ```
 */
export function partsOf(files: string[]): string[][] {
  const folder = (file: string) =>
    file.split("/").slice(0, -1).slice(0, PART_DEPTH).join("/");
  const runs: string[][] = [];
  for (const file of files) {
    const run = runs.at(-1);
    if (run && folder(run[0]) === folder(file)) run.push(file);
    else runs.push([file]);
  }
  return runs;
}

/**
 * Pack the files of the listed paths as gzip members of tar entries (without
 * the end of the archive), a member a part ({@link partsOf}), reusing a part
 * of `previous` whose files' names, sizes, times and modes are the same;
 * `repacked` names the parts packed again. A file under two listed paths is
 * in the first one's part.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { packSources } from "./source_archive.ts";
 * const settings = { include: ["deno.json", "README.md"], exclude: /^$/, folder: "notes" };
 * const first = await packSources(settings, {});
 * assertEquals(first.repacked, ["deno.json", "README.md"]);
 * const stale = { ...first.parts, "README.md": { key: "old", bytes: new Uint8Array() } };
 * assertEquals((await packSources(settings, stale)).repacked, ["README.md"]);
 * ```
 */
export async function packSources(
  settings: { include: string[]; exclude: RegExp; folder: string },
  previous: Parts,
): Promise<{ parts: Parts; repacked: string[] }> {
  const seen = new Set<string>();
  const parts: Parts = {};
  const repacked: string[] = [];
  for (const path of settings.include) {
    const files = listSources([path], settings.exclude)
      .filter((file) => !seen.has(file));
    for (const file of files) seen.add(file);
    const stat = new Map(files.map((file) => [file, Deno.statSync(file)]));
    for (const run of partsOf(files)) {
      const name = run[0];
      const key = await digestText(
        run.map((file) => {
          const { size, mtime, mode } = stat.get(file)!;
          return `${file} ${size} ${mtime?.getTime()} ${mode}`;
        }).join("\n"),
      );
      let part = previous[name];
      if (part?.key !== key) {
        const entries: TarEntry[] = [];
        for (const file of run) {
          entries.push({
            path: `${settings.folder}/${file}`,
            content: await Deno.readFile(file),
            executable: ((stat.get(file)!.mode ?? 0) & 0o111) !== 0,
          });
        }
        part = { key, bytes: await gzip(tar(entries, { end: false })) };
        repacked.push(name);
      }
      parts[name] = part;
    }
  }
  return { parts, repacked };
}

/** The archive of the parts, in order, and the end of the archive. */
export async function archiveOf(parts: Parts): Promise<Uint8Array> {
  // The end of the archive, a member of its own.
  const members = [
    ...Object.values(parts).map((part) => part.bytes),
    await gzip(new Uint8Array(1024)),
  ];
  return concat(members);
}

/** The key of the parts in the build cache (each part has its own inside). */
const PARTS_KEY = "parts-v2";

function writeParts(parts: Parts): string {
  return JSON.stringify(
    Object.entries(parts).map((
      [path, { key, bytes }],
    ) => [path, key, bytes.toBase64()]),
  );
}

/** The parts kept in the cache; none when there are none or they are damaged. */
function readParts(text: string | undefined): Parts {
  if (text === undefined) return {};
  try {
    const parts: Parts = {};
    for (const [path, key, base64] of JSON.parse(text)) {
      if (typeof path !== "string" || typeof key !== "string") return {};
      parts[path] = { key, bytes: Uint8Array.fromBase64(base64) };
    }
    return parts;
  } catch {
    return {}; // packed again
  }
}

/**
 * Every file under the listed paths, relative and `/`-separated, sorted, the
 * excluded left out. A listed path that does not exist is skipped.
 */
export function listSources(
  include: string[],
  exclude: RegExp = DEFAULTS.exclude,
): string[] {
  // Synchronous calls: a walk of the project's ~500 files took 80 ms with a
  // promise for each, on every build.
  const found: string[] = [];
  // Each name is made from its folder's (std's `relative` asks the system
  // for the working directory at each call: twice a file).
  const visit = (
    path: string,
    name: string,
    kind?: "file" | "folder" | "other",
  ) => {
    if (exclude.test(name)) return;
    if (kind === undefined) {
      let info: Deno.FileInfo;
      try {
        info = Deno.lstatSync(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return;
        throw error;
      }
      kind = info.isFile ? "file" : info.isDirectory ? "folder" : "other";
    }
    if (kind === "file") found.push(name);
    if (kind !== "folder") return; // links are left out
    for (const entry of Deno.readDirSync(path)) {
      visit(
        join(path, entry.name),
        name ? `${name}/${entry.name}` : entry.name,
        entry.isFile ? "file" : entry.isDirectory ? "folder" : "other",
      );
    }
  };
  for (const path of include) {
    const name = relative(".", path).split(SEPARATOR).join("/");
    visit(path, name === "." ? "" : name);
  }
  return [...new Set(found)].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
}

/** One file of a tar archive. */
export interface TarEntry {
  /** Its path in the archive, `/`-separated. */
  path: string;
  /** Its bytes. */
  content: Uint8Array;
  /** Mode 755 instead of 644. */
  executable?: boolean;
}

/**
 * A POSIX ustar archive of `entries`, in the order given, with time 0,
 * owner and group 0 and no user names: the same files make the same bytes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { tar } from "./source_archive.ts";
 * const bytes = tar([{ path: "a/b.txt", content: new TextEncoder().encode("hi") }]);
 * assertEquals(bytes.length, 512 + 512 + 1024); // header, data, end
 * assertEquals(new TextDecoder().decode(bytes.slice(257, 262)), "ustar");
 * // A part of an archive, to be followed by more entries:
 * assertEquals(tar([{ path: "c", content: new Uint8Array(3) }], { end: false }).length, 1024);
 * ```
 */
export function tar(
  entries: TarEntry[],
  { end = true }: { end?: boolean } = {},
): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const padded = Math.ceil(entry.content.length / 512) * 512;
    const data = new Uint8Array(padded);
    data.set(entry.content);
    blocks.push(tarHeader(entry), data);
  }
  // Two empty blocks end an archive; a part of one goes without them.
  if (end) blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

function tarHeader(entry: TarEntry): Uint8Array {
  const header = new Uint8Array(512);
  const encoder = new TextEncoder();
  const put = (offset: number, length: number, text: string) => {
    const bytes = encoder.encode(text);
    if (bytes.length > length) {
      throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
    }
    header.set(bytes, offset);
  };
  const octal = (value: number, length: number) =>
    value.toString(8).padStart(length - 1, "0");
  // A path longer than 100 bytes goes in two parts: prefix / name.
  let name = entry.path;
  let prefix = "";
  if (encoder.encode(name).length > 100) {
    const cut = name.lastIndexOf("/", 155);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  put(0, 100, name);
  put(100, 8, octal(entry.executable ? 0o755 : 0o644, 8));
  put(108, 8, octal(0, 8)); // uid
  put(116, 8, octal(0, 8)); // gid
  put(124, 12, octal(entry.content.length, 12));
  put(136, 12, octal(0, 12)); // mtime
  put(148, 8, "        "); // the checksum counts itself as spaces
  put(156, 1, "0"); // a regular file
  put(257, 6, "ustar");
  put(263, 2, "00");
  put(345, 155, prefix);
  const sum = header.reduce((total, byte) => total + byte, 0);
  put(148, 8, `${octal(sum, 7)}\0`);
  return header;
}

/**
 * Gzip `bytes` with the runtime's `CompressionStream`, whose header has no
 * time and no file name: the same input gives the same bytes.
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export default sourceArchive;
