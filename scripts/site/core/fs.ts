/**
 * Walking folders in a stable order, for the loader, the copies, the cache
 * and the plugins that read files.
 *
 * @module
 */
import { join, relative, SEPARATOR } from "@std/path";

/** Every file under `dir`, in a stable (sorted) order. */
export async function* walk(dir: string): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}

/**
 * Every file under `dir`, in the order of {@link walk}, with synchronous
 * calls: the loader lists the pages folder at every build of `serve`, and a
 * promise for each folder and file cost more than the listing.
 */
export function walkSync(dir: string): string[] {
  const entries = [...Deno.readDirSync(dir)];
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...walkSync(path));
    else if (entry.isFile) files.push(path);
  }
  return files;
}

/**
 * Every file of `from` (a file or a folder) with the URL under `to` it is
 * copied to.
 */
export async function* walkCopy(
  from: string,
  to: string,
): AsyncGenerator<[string, string]> {
  const info = await Deno.stat(from);
  if (info.isFile) {
    yield [from, to];
    return;
  }
  for await (const file of walk(from)) {
    const rest = relative(from, file).split(SEPARATOR).join("/");
    yield [file, `${to.replace(/\/$/, "")}/${rest}`];
  }
}
