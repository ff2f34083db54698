/**
 * Writing the site: every output (pages, files of plugins, copies) with the
 * Content-Security-Policy in each HTML file, into the staging folder (a hard
 * link where a file is unchanged since the last update), and the swap that
 * puts the staging folder in place of the output folder.
 *
 * @module
 */
import { TextMemo } from "./memo.ts";
import { join } from "@std/path";
import { BuildError, type Page } from "./page.ts";
import { walkCopy } from "./fs.ts";
import { MARKER, SPARE, STAGING_ENTRIES } from "./dest.ts";

/** The policy of every page: this site only, no inline script. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/** The `<meta>` of each policy, made once (every page gets the same). */
const cspMetas = new Map<string, string>();

/**
 * `html` with the policy `csp` as a `<meta>` at the start of its head (after
 * `<meta charset>`, or `<head>`, or the doctype: a parser puts a `<meta>`
 * before any content into the head, where the browser obeys it).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { withCsp } from "./site.ts";
 * assertEquals(
 *   withCsp("<!doctype html><p>Hi", "default-src 'self'"),
 *   `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><p>Hi`,
 * );
 * ```
 */
export function withCsp(html: string, csp: string): string {
  let meta = cspMetas.get(csp);
  if (meta === undefined) {
    meta = `<meta http-equiv="Content-Security-Policy" content="${
      csp.replaceAll("&", "&amp;").replaceAll('"', "&quot;")
    }">`;
    cspMetas.set(csp, meta);
  }
  const after = /<meta charset="utf-8">\n?/i.exec(html) ??
    /<head(\s[^>]*)?>\n?/i.exec(html) ?? /^\s*<!doctype[^>]*>\n?/i.exec(html);
  const at = after ? after.index + after[0].length : 0;
  const newline = after?.[0].endsWith("\n") ? "\n" : "";
  return `${html.slice(0, at)}${meta}${newline}${html.slice(at)}`;
}

/**
 * One output file: its content, or the file it copies (with the transform of
 * the copy, and the size and time of the source when it was copied).
 */
export type Written =
  | { content: string | Uint8Array }
  | { file: string; transform?: (text: string) => string; stamp?: string };

/** A file or folder copied to the site, optionally transforming text. */
export interface Copy {
  from: string;
  to: string;
  transform?: (text: string) => string;
  /**
   * Whether a build with these pages copies it (every build, when not
   * given): files that only some pages link to.
   */
  when?: (pages: readonly Page[]) => boolean;
}

/**
 * Every output file of a build, by path (`/a/index.html`): the pages, then
 * the files plugins wrote, then the copies (a later one wins, as when each is
 * written in turn). The policy `csp` goes into every HTML file here, not in a
 * layout: a page whose layout forgets it still gets it.
 */
export async function collectOutputs(
  pages: Page[],
  files: Map<string, string | Uint8Array>,
  copies: Copy[],
  csp: string,
  memo?: TextMemo<string>,
): Promise<Map<string, Written>> {
  // The same page with the same policy is the same string as at the last
  // build (with `memo`, kept by `serve`): compared with it at once.
  const secured = (url: string, html: string) =>
    memo
      ? memo.get(url, [html, csp], () => withCsp(html, csp))
      : withCsp(html, csp);
  memo?.sweep();
  const outputs = new Map<string, Written>();
  // What a page or a plugin made at a URL takes the place of a copy there
  // (a stylesheet minified by a plugin, say).
  for (const { from, to, transform } of copies) {
    for await (const [file, url] of walkCopy(from, to)) {
      outputs.set(normalUrl(url), {
        file,
        transform: transform && /\.(css|js|svg|html)$/.test(file)
          ? transform
          : undefined,
      });
    }
  }
  for (const page of pages) {
    const path = outputPath(page.url);
    outputs.set(normalUrl(path), {
      content: path.endsWith(".html")
        ? secured(path, page.output ?? "")
        : page.output ?? "",
    });
  }
  for (const [url, content] of files) {
    outputs.set(normalUrl(url), {
      content: typeof content === "string" && url.endsWith(".html")
        ? secured(url, content)
        : content,
    });
  }
  return outputs;
}

/**
 * Fail, naming the page, when an output needs a folder where another
 * output is a file (`content/results.json.md` is the page
 * `/results.json/`, a folder where the results plugin writes the file
 * `/results.json`).
 */
export function checkFolders(
  outputs: Map<string, Written>,
  folders: string[],
  pages: Page[],
): void {
  for (const folder of folders) {
    if (!outputs.has(`/${folder}`)) continue;
    const page = pages.find((page) =>
      normalUrl(outputPath(page.url)).startsWith(`/${folder}/`)
    ) ?? pages.find((page) =>
      normalUrl(outputPath(page.url)) === `/${folder}`
    );
    throw new BuildError(
      `its URL ${
        page?.url ?? `/${folder}/`
      } needs a folder /${folder}/ where the site has the file /${folder}: rename the page`,
      page?.src,
    );
  }
}

/** The file a URL is written to: `/a/` → `a/index.html`. */
export function outputPath(url: string): string {
  return url.endsWith("/") ? `${url}index.html` : url;
}

/** `/a//b` → `/a/b`: the one spelling of an output path, to key it by. */
function normalUrl(url: string): string {
  return `/${url.split("/").filter(Boolean).join("/")}`;
}

/**
 * The folders of the output paths, parents first: `/a/b/c.html` → `a`,
 * `a/b`.
 */
export function foldersOf(urls: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const url of urls) {
    const parts = url.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      folders.add(parts.slice(0, i).join("/"));
    }
  }
  return [...folders];
}

/**
 * Write the outputs into `dir` (its folders made); an output whose content (or, for a copy, the
 * source's size and time) is that of the `previous` build becomes a hard link
 * to the file already in `previous.dest`. Returns how many were written.
 */
export async function writeOutputs(
  dir: string,
  outputs: Map<string, Written>,
  previous?: { dest: string; files: ReadonlyMap<string, Written> },
): Promise<number> {
  // Small calls (stat, mkdir, link) are synchronous: a build does one thing
  // at a time, and each costs a fraction of a trip through the thread pool.
  let written = 0;
  for (const [url, output] of outputs) {
    const parts = url.split("/").filter(Boolean);
    const path = join(dir, ...parts);
    const before = previous?.files.get(url);
    let same: boolean;
    if ("file" in output) {
      const info = Deno.statSync(output.file);
      output.stamp = `${info.size}:${info.mtime?.getTime()}:${info.ino}`;
      same = before !== undefined && "file" in before &&
        before.file === output.file && before.stamp === output.stamp &&
        before.transform === output.transform;
    } else {
      same = before !== undefined && "content" in before &&
        sameContent(before.content, output.content);
    }
    if (same) {
      try {
        Deno.linkSync(join(previous!.dest, ...parts), path);
        continue;
      } catch {
        // Gone from the site (or never there): write it.
      }
    }
    let content = "file" in output ? undefined : output.content;
    if ("file" in output) {
      content = output.transform
        ? output.transform(await Deno.readTextFile(output.file))
        : await Deno.readFile(output.file);
    }
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content!);
    written++;
  }
  return written;
}

/**
 * Make `dir` hold exactly `outputs`, writing in place: a file whose bytes
 * are already there is left untouched, a changed one is overwritten (its
 * inode kept: creating files and folders, and deleting them, is what costs
 * most on a file system), and what no output needs is removed, but for the
 * paths `keep` names (the marker, folders plugins fill after the write).
 * A file with other hard links (the site in place may share it, after
 * `serve`) is replaced, never written to. Returns how many files were
 * written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { writeInPlace } from "./writer.ts";
 * const dir = Deno.makeTempDirSync();
 * const site = (pages: Record<string, string>) =>
 *   new Map(Object.entries(pages).map(([url, content]) => [url, { content }]));
 * assertEquals(await writeInPlace(dir, site({ "/a/index.html": "A", "/b.css": "B" })), 2);
 * assertEquals(await writeInPlace(dir, site({ "/a/index.html": "A", "/c/d.txt": "D" })), 1);
 * assertEquals(Deno.readTextFileSync(`${dir}/c/d.txt`), "D");
 * assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["a", "c"]);
 * // A file whose bytes are not the output's text (not even UTF-8) is written.
 * Deno.writeFileSync(`${dir}/a/index.html`, new Uint8Array([0xff, 0x41]));
 * assertEquals(await writeInPlace(dir, site({ "/a/index.html": "\uFFFDA", "/c/d.txt": "D" })), 1);
 * assertEquals(Deno.readTextFileSync(`${dir}/a/index.html`), "\uFFFDA");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export async function writeInPlace(
  dir: string,
  outputs: Map<string, Written>,
  keep: (path: string) => boolean = () => false,
): Promise<number> {
  // What the folder holds now, by path (`a/index.html`): a file or a folder.
  const held = new Map<string, "file" | "folder">();
  const look = (folder: string, prefix: string) => {
    for (const entry of Deno.readDirSync(folder)) {
      const path = prefix + entry.name;
      if (keep(path)) continue;
      if (entry.isDirectory) {
        held.set(path, "folder");
        look(join(folder, entry.name), `${path}/`);
      } else held.set(path, "file");
    }
  };
  Deno.mkdirSync(dir, { recursive: true });
  look(dir, "");
  // The folders first, in the outputs' order (parents first).
  const needed = new Set<string>();
  const files: { file: string; path: string; output: Written }[] = [];
  for (const [url, output] of outputs) {
    const parts = url.split("/").filter(Boolean);
    const path = parts.join("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (needed.has(folder)) continue;
      needed.add(folder);
      const kind = held.get(folder);
      if (kind === "folder") continue;
      if (kind === "file") Deno.removeSync(join(dir, folder));
      Deno.mkdirSync(join(dir, folder));
      held.set(folder, "folder");
    }
    needed.add(path);
    files.push({ file: join(dir, ...parts), path, output });
  }
  // Then each file: compared with what is there, written one at a time
  // where it differs (writes at once only slow each other down).
  const encoder = new TextEncoder();
  const bytesOf = async (output: Written): Promise<Uint8Array> =>
    "file" in output
      ? output.transform
        ? encoder.encode(output.transform(await Deno.readTextFile(output.file)))
        : await Deno.readFile(output.file)
      : typeof output.content === "string"
      ? encoder.encode(output.content)
      : output.content;
  const toWrite: { file: string; bytes: Uint8Array; replace: boolean }[] = [];
  // Bytes that are not UTF-8 are not the text of an output.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const isText = (bytes: Uint8Array, text: string) => {
    try {
      return decoder.decode(bytes) === text;
    } catch {
      return false;
    }
  };
  // One file at a time, read at once: the reads are of files the system
  // has just written or read, and a trip through the thread pool for each
  // cost more than the read.
  for (const { file, path, output } of files) {
    const kind = held.get(path);
    if (kind === "file") {
      const info = Deno.lstatSync(file);
      if (!info.isFile || (info.nlink ?? 1) > 1) {
        toWrite.push({ file, bytes: await bytesOf(output), replace: true });
        continue;
      }
      // Text is compared as text: no need to encode a page to see that
      // it is the one in place.
      if ("content" in output && typeof output.content === "string") {
        if (isText(Deno.readFileSync(file), output.content)) continue;
        toWrite.push({
          file,
          bytes: encoder.encode(output.content),
          replace: false,
        });
        continue;
      }
      const bytes = await bytesOf(output);
      if (
        info.size === bytes.length &&
        sameContent(Deno.readFileSync(file), bytes)
      ) continue;
      toWrite.push({ file, bytes, replace: false });
      continue;
    }
    toWrite.push({
      file,
      bytes: await bytesOf(output),
      replace: kind === "folder",
    });
  }
  // In the outputs' order, as one at a time would.
  const order = new Map(files.map(({ file }, i) => [file, i]));
  toWrite.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  for (const { file, bytes, replace } of toWrite) {
    if (replace) Deno.removeSync(file, { recursive: true });
    Deno.writeFileSync(file, bytes);
  }
  // What no output needs, children before their folders.
  for (const [path, kind] of [...held].reverse()) {
    if (needed.has(path)) continue;
    try {
      Deno.removeSync(join(dir, path), { recursive: kind === "folder" });
    } catch (error) {
      // Inside a folder an output replaced: gone with it.
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return toWrite.length;
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (a === b) return true;
  if (typeof a === "string" || typeof b === "string") return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Remove what a build makes in its staging folder (not its lock, nor the
 * spare copy of the site a build writes the next one into).
 */
export async function clearStaging(staging: string): Promise<void> {
  for (const name of STAGING_ENTRIES) {
    if (name === "lock" || name === SPARE) continue;
    await Deno.remove(join(staging, name), { recursive: true }).catch(() => {});
  }
}

/**
 * Start the staging folder's `next` from the spare copy of the site the
 * build before last left (`staging/spare`, which holds the {@link MARKER}
 * of a build), so that the build writes in place only what changed; or
 * from nothing. Returns whether it had a spare.
 */
export function startFromSpare(staging: string): boolean {
  const spare = join(staging, SPARE);
  const next = join(staging, "next");
  try {
    if (!Deno.lstatSync(join(spare, MARKER)).isFile) return false;
    Deno.renameSync(spare, next);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keep `from` (the previous site, moved aside by the swap, or the staging
 * copy of a build that failed) as the spare copy the next build writes
 * into, if it is a site a build wrote (it holds the {@link MARKER}).
 */
export function keepAsSpare(from: string, staging: string): void {
  const spare = join(staging, SPARE);
  try {
    if (!Deno.lstatSync(join(from, MARKER)).isFile) return;
  } catch {
    return; // No marker: not a site, or not there.
  }
  try {
    Deno.removeSync(spare, { recursive: true });
  } catch {
    // No spare yet.
  }
  try {
    Deno.renameSync(from, spare);
  } catch {
    // A spare is an optimisation: the next build writes every file.
  }
}

/**
 * Put the freshly built `next` in place of `dest`: the old site moves aside
 * (into the staging folder, to be removed), the new one is renamed in (same
 * file system, so each step is one rename). Returns where the old site went.
 * A process stopped between the two renames leaves no `dest` and the old
 * site in `staging/old`: the next build puts it back first
 * (`restoreSwap` of `dest.ts`). `between` runs between the renames (tests
 * stop the swap there).
 */
export async function swap(
  next: string,
  dest: string,
  staging: string,
  between?: () => void,
): Promise<string> {
  const old = join(staging, "old");
  let hadOld = false;
  try {
    await Deno.rename(dest, old);
    hadOld = true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  between?.();
  try {
    await Deno.rename(next, dest);
  } catch (error) {
    if (hadOld) await Deno.rename(old, dest);
    throw error;
  }
  return old;
}
