/**
 * The real site, built once per test run into a temporary folder and read
 * by every test file that only reads it (the build tests, the browser
 * tests, the search and number checks, …).
 *
 * `deno test` runs each test file in a worker of its own, in one process:
 * the first file to ask builds the site into
 * `notes-test-site-<pid>-<fingerprint>/` in the system's temporary folder,
 * holding a lock on a file there, and the others wait for the lock and read
 * what it built. The pid makes it once per run (`deno task test` removes the
 * folder at the end); the fingerprint, of every file of the project and the
 * Deno version, makes a file edited during a run get a build of its own.
 * A build that failed fails every file that asks, with its message.
 *
 * @module
 */
import { dirname, fromFileUrl, join, relative, SEPARATOR } from "@std/path";
import site from "../../_config.ts";

let built: Promise<string> | undefined;

/** The pages folder the tests build: `content/`, or `$SITE_SRC` to try a copy. */
export function sourceFolder(): string | undefined {
  return Deno.env.get("SITE_SRC") || undefined;
}

/** The project's folder. */
const ROOT = fromFileUrl(new URL("../../", import.meta.url));
/** What a build neither reads nor depends on. */
const NOT_INPUT = new Set([
  ".git",
  "node_modules",
  "_site",
  "_site.tmp",
  "_cache",
  ".bench",
]);

/**
 * A SHA-256 fingerprint of every file under `dirs` (but `NOT_INPUT`), by
 * path and content, and of the Deno version.
 */
export async function inputsFingerprint(dirs: string[]): Promise<string> {
  const parts: Uint8Array[] = [new TextEncoder().encode(Deno.version.deno)];
  const visit = async (dir: string, base: string) => {
    const entries = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
    entries.sort((a, b) => a.name < b.name ? -1 : 1);
    for (const entry of entries) {
      if (NOT_INPUT.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) await visit(path, base);
      else if (entry.isFile) {
        const name = relative(base, path).split(SEPARATOR).join("/");
        const bytes = await Deno.readFile(path);
        parts.push(
          new TextEncoder().encode(`\0${name}\0${bytes.length}\0`),
          bytes,
        );
      }
    }
  };
  for (const dir of dirs) await visit(dir, dir);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The folder of the site built for this test run (built on first use), with
 * an empty build cache: everything is computed, and the cache is filled (it
 * is the folder `_cache` beside the output).
 */
export function builtSite(): Promise<string> {
  built ??= sharedBuild();
  return built;
}

async function sharedBuild(): Promise<string> {
  const src = sourceFolder();
  const fingerprint = await inputsFingerprint(src ? [ROOT, src] : [ROOT]);
  // The system's temporary folder, found without reading the environment.
  const probe = await Deno.makeTempDir({ prefix: "notes-probe-" });
  await Deno.remove(probe);
  const dir = join(
    dirname(probe),
    `notes-test-site-${Deno.pid}-${fingerprint.slice(0, 16)}`,
  );
  await Deno.mkdir(dir, { recursive: true });
  const lock = await Deno.open(join(dir, "lock"), {
    create: true,
    write: true,
  });
  await lock.lock(true);
  try {
    const dest = join(dir, "_site");
    const done = join(dir, "built");
    const failed = join(dir, "failed");
    const failure = await Deno.readTextFile(failed).catch(() => undefined);
    if (failure !== undefined) throw new Error(failure);
    if (await Deno.stat(done).then(() => true, () => false)) return dest;
    try {
      const report = await site.build({
        dest,
        cache: join(dir, "_cache"),
        quiet: true,
        // The notes' own pages as CI builds them: a page without its
        // translation is an error (`--strict`).
        ...(src ? { src } : { strict: true }),
      });
      const misses = Object.values(report.cache).filter((x) => x === "miss");
      if (misses.length !== Object.keys(report.cache).length) {
        throw new Error(
          `an empty cache had entries: ${JSON.stringify(report)}`,
        );
      }
    } catch (error) {
      const message = `the shared build of the site failed: ${
        error instanceof Error ? error.message : String(error)
      }`;
      await Deno.writeTextFile(failed, message);
      throw new Error(message, { cause: error });
    }
    await Deno.writeTextFile(done, "");
    return dest;
  } finally {
    await lock.unlock();
    lock.close();
  }
}

/** Every file of a folder, as paths relative to it with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await visit(path);
      else {files.push(
          (relative(dir, path) as string).split(SEPARATOR).join("/"),
        );}
    }
  };
  await visit(dir);
  return files.sort();
}

/** The URL of a built HTML file: `a/index.html` → `/a/`. */
export function urlOf(file: string): string {
  return "/" + file.replace(/(^|\/)index\.html$/, "$1");
}
