/**
 * Data files of the pages folder, as Lume's `_data/`: each YAML file named
 * in the options is read at every build into the site's data under its
 * name, so that the pages and templates read it (the Chinese errata pages
 * read the translation of each erratum from `_data/errata_zh/`). A folder
 * is read as one file: its `.yml` files in the order of their names, their
 * maps merged and their lists joined. A file that is missing is `undefined`
 * (its pages fall back to what they have); a malformed one is an error
 * naming it.
 *
 * @module
 */
import { join } from "@std/path";
import { parse } from "@std/yaml";
import { BuildError, type Site } from "../core/site.ts";
import { TextMemo } from "../core/memo.ts";

/** Options of the data files plugin: data names and their files. */
export interface DataFilesOptions {
  /** Each data name's file, relative to the pages folder. */
  files: Record<string, string>;
}

/** Read each data file into the site's data at every build. */
export function dataFiles(options: DataFilesOptions) {
  return (site: Site) => {
    // Each file's YAML as last parsed, while its text is the same: in
    // `serve`, a rebuild after an edit to a page parsed them all again
    // (the Chinese errata, 10 ms).
    const parsed = new TextMemo<unknown>();
    const read = (path: string) => {
      const text = Deno.readTextFileSync(path);
      // A copy: what a build does to its data is not the next build's.
      return structuredClone(
        parsed.get(path, [text], () => parseYaml(text, path)),
      );
    };
    site.addEventListener("beforeBuild", () => {
      parsed.sweep();
      for (const [name, file] of Object.entries(options.files)) {
        site.globalData[name] = readData(join(site.options.src, file), read);
      }
    });
  };
}

/** A YAML file, or a folder of them merged; `undefined` when missing. */
function readData(
  path: string,
  read: (file: string) => unknown,
): unknown {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return undefined;
  }
  if (!info.isDirectory) return read(path);
  const names = [];
  for (const entry of Deno.readDirSync(path)) {
    if (entry.isFile && entry.name.endsWith(".yml")) names.push(entry.name);
  }
  let merged: unknown = undefined;
  for (const name of names.sort()) {
    merged = merge(merged, read(join(path, name)));
  }
  return merged;
}

function parseYaml(text: string, path: string): unknown {
  try {
    return parse(text) ?? undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at line (\d+)/.exec(message);
    throw new BuildError(
      `malformed YAML: ${message.split("\n")[0]}`,
      path,
      at ? Number(at[1]) : undefined,
    );
  }
}

/**
 * Two values of data merged: maps key by key, lists joined, else the
 * second.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { merge } from "./data_files.ts";
 * assertEquals(
 *   merge({ a: { x: 1 }, l: [1] }, { a: { y: 2 }, l: [2], b: 3 }),
 *   { a: { x: 1, y: 2 }, l: [1, 2], b: 3 },
 * );
 * ```
 */
export function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (isMap(a) && isMap(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      out[key] = Object.hasOwn(out, key) ? merge(out[key], value) : value;
    }
    return out;
  }
  return b === undefined ? a : b;
}

export default dataFiles;
