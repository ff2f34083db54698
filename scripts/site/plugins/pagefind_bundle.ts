/**
 * Pagefind's bundle written in place. Pagefind writes a file whose name is
 * a hash of its content (the fragment of each page, the chunks of the index)
 * only when no file of that name is there, and rewrites the others (its
 * scripts, `pagefind-entry.json`) each time, as its CLI does. A build writes
 * into the copy of the site before last, whose bundle already holds most of
 * those files: Pagefind then compresses and writes only what changed. What
 * is left to do is what the CLI never does: remove the files of pages that
 * changed or are gone, so that the bundle is the one a first build makes,
 * byte for byte.
 *
 * - {@link prepareBundle}, before Pagefind writes: the files it rewrites
 *   are removed (one of them may be a hard link the site in place shares,
 *   never to be written to), and a mark says the bundle is being written:
 *   a hashed file cut short by a build that stopped would otherwise be
 *   trusted by the next, so a bundle found with the mark is removed whole.
 * - {@link pruneBundle}, once it has written: the hashed files that no
 *   language's meta index names are removed, and the mark.
 *
 * @module
 */
import { join } from "@std/path";

/** The folders of the files Pagefind names by a hash of their content. */
const HASHED_FOLDERS = new Set(["fragment", "index", "filter"]);

/** The mark of a bundle being written. */
export const WRITING_MARK = ".writing";

/**
 * Make `folder` ready for Pagefind to write its bundle into: only its
 * hashed files are kept (and none if the last write did not finish), and
 * it is marked as being written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { prepareBundle, WRITING_MARK } from "./pagefind_bundle.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${dir}/fragment`);
 * Deno.writeTextFileSync(`${dir}/fragment/en_1.pf_fragment`, "x");
 * Deno.writeTextFileSync(`${dir}/pagefind.js`, "old");
 * prepareBundle(dir);
 * const names = (path: string) => [...Deno.readDirSync(path)].map((e) => e.name).sort();
 * assertEquals(names(dir), [WRITING_MARK, "fragment"]);
 * prepareBundle(dir); // the previous write never finished
 * assertEquals(names(dir), [WRITING_MARK]);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function prepareBundle(folder: string): void {
  let entries: Deno.DirEntry[] = [];
  try {
    entries = [...Deno.readDirSync(folder)];
  } catch {
    // No bundle yet.
  }
  const unfinished = entries.some((entry) => entry.name === WRITING_MARK);
  for (const entry of entries) {
    const kept = !unfinished && entry.name !== WRITING_MARK &&
      (entry.isDirectory
        ? HASHED_FOLDERS.has(entry.name)
        : entry.isFile && entry.name.endsWith(".pf_meta"));
    if (!kept) {
      Deno.removeSync(join(folder, entry.name), { recursive: true });
    }
  }
  Deno.mkdirSync(folder, { recursive: true });
  Deno.writeTextFileSync(join(folder, WRITING_MARK), "");
}

/**
 * Remove from `folder`, once Pagefind has written into it, the hashed files
 * the index no longer names (those its languages' meta indexes do not
 * hold), then the mark of {@link prepareBundle}. Returns whether `folder`
 * holds a bundle (`pagefind.js` and `pagefind-entry.json`).
 */
export async function pruneBundle(folder: string): Promise<boolean> {
  let entry: { languages?: Record<string, { hash?: string }> };
  try {
    Deno.statSync(join(folder, "pagefind.js"));
    entry = JSON.parse(
      await Deno.readTextFile(join(folder, "pagefind-entry.json")),
    );
  } catch {
    return false;
  }
  const metas = new Set(
    Object.values(entry.languages ?? {}).map(({ hash }) =>
      `pagefind.${hash}.pf_meta`
    ),
  );
  const named = new Set<string>();
  for (const meta of metas) {
    const bytes = await gunzip(await Deno.readFile(join(folder, meta)));
    for (const text of cborTexts(bytes, PAGEFIND_PREFIX.length)) {
      named.add(text);
    }
  }
  for (const item of Deno.readDirSync(folder)) {
    if (
      item.isFile && item.name.endsWith(".pf_meta") && !metas.has(item.name)
    ) {
      Deno.removeSync(join(folder, item.name));
    }
    if (!item.isDirectory || !HASHED_FOLDERS.has(item.name)) continue;
    for (const file of Deno.readDirSync(join(folder, item.name))) {
      const hash = file.name.slice(0, file.name.indexOf("."));
      if (!named.has(hash)) Deno.removeSync(join(folder, item.name, file.name));
    }
  }
  Deno.removeSync(join(folder, WRITING_MARK));
  return true;
}

/** What Pagefind puts before the content of a file it compresses. */
const PAGEFIND_PREFIX = "pagefind_dcd";

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Every text string of the CBOR items in `bytes` from `start` on (the meta
 * index is CBOR: the hashes of its pages and chunks are text strings). The
 * items are read in a row: an array's or a map's items follow its head.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cborTexts } from "./pagefind_bundle.ts";
 * // ["en_1", {"a": 300}, 1.5]
 * const bytes = new Uint8Array([0x83, 0x64, 0x65, 0x6e, 0x5f, 0x31, 0xa1,
 *   0x61, 0x61, 0x19, 0x01, 0x2c, 0xf9, 0x3e, 0x00]);
 * assertEquals([...cborTexts(bytes)], ["en_1", "a"]);
 * ```
 */
export function cborTexts(bytes: Uint8Array, start = 0): Set<string> {
  const texts = new Set<string>();
  const decoder = new TextDecoder();
  let at = start;
  while (at < bytes.length) {
    const head = bytes[at++];
    const major = head >> 5;
    const info = head & 31;
    let argument = info;
    if (info >= 24 && info <= 27) {
      const size = 1 << (info - 24);
      argument = 0;
      for (let i = 0; i < size; i++) argument = argument * 256 + bytes[at++];
    }
    // Byte and text strings of a known length hold their bytes; every other
    // item's content (if any) is the items that follow.
    if ((major === 2 || major === 3) && info !== 31) {
      if (major === 3) {
        texts.add(decoder.decode(bytes.subarray(at, at + argument)));
      }
      at += argument;
    }
  }
  return texts;
}
