/**
 * Full-text search with Pagefind, from npm: the index and Pagefind's UI
 * (JavaScript, CSS, WebAssembly) are written into `/pagefind/`, so the search
 * is self-hosted. Only the search page loads them; every other page reads
 * fine without JavaScript.
 *
 * The indexer works beside the build rather than after it: each language
 * has its own Pagefind service (`pagefind_index.ts`), started before the
 * pages render, and each page is handed to the service of its language from
 * memory as soon as it is rendered, cut down to what it indexes
 * (`searchable_html.ts`: the same index, byte for byte, for half the
 * parsing). Pages go in the site's order, so that two builds make the same
 * bytes. A language whose pages are those of the last build is not indexed
 * again: its bundle comes from the build cache. Once every page is rendered
 * the services build their indexes, side by side, while the pages are
 * written, and the bundle is written in place, as the Pagefind CLI does: a
 * build writes into the copy of the site before last, whose bundle already
 * holds most files (their names are hashes of their content); files there
 * byte for byte are left alone, and those the new index no longer names go.
 *
 * In `serve`, a rebuild reuses the previous index and refreshes it in the
 * background once the new pages are in place: into the staging folder, then
 * moved into the site. A build that starts meanwhile stops the refresh (the
 * build after it starts another), so a rebuild never waits for the indexer.
 *
 * The indexer is the binary that the npm package `pagefind` installs for this
 * platform (`@pagefind/<os>-<arch>`); the build runs it directly, with an
 * empty environment, so that it needs `--allow-run` for that one file and no
 * `--allow-env` (Pagefind's Node wrapper reads environment variables and hands
 * the whole environment to the binary). Its output is the same.
 *
 * @module
 */
import { dirname, join, resolve } from "@std/path";
import { BuildError, type Site } from "../core/site.ts";
import { IndexRun } from "./pagefind_index.ts";
import { writeInPlace } from "../core/writer.ts";
import { TextMemo } from "../core/memo.ts";

/** Options of the search plugin. */
export interface PagefindOptions {
  /** Where the index goes, inside the site. */
  outputSubdir?: string;
  /** Elements left out of the index (the TeX source of math, charts, code). */
  excludeSelectors?: string[];
  /** The indexer; found in `node_modules` when not given. */
  binary?: string;
}

/**
 * What the index leaves out. A formula is read by its plain-text twin
 * (`search_text.ts`), which goes first in the formula's box (`math.ts`), so
 * that the MathML after it, read as its symbols run together (`ft=1` for
 * $f_t = 1$), is left out; a display formula's twin follows its box. A lone
 * symbol ($W$, $t$) has no twin, and Pagefind reads its one letter ("from
 * step t back", not "from step back"; "a power of W:"). Also left out:
 * charts, code beside the prose, the links to a figure's data, and a
 * figure's narrow drawing (it says again what the wide one says).
 */
export const EXCLUDE_SELECTORS: readonly string[] = [
  ".math-inline > math:nth-child(2)",
  ".math-display > math",
  "svg",
  ".lit-code",
  ".fig-data",
  ".figure-narrow",
];

/**
 * The Pagefind binary for this platform, as npm installed it beside the
 * `pagefind` package: `node_modules/.deno/@pagefind+linux-x64@1.5.2/…/bin/
 * pagefind_extended` on Linux on x86-64 (a real path: `--allow-run` lists it).
 */
export async function pagefindBinary(
  modules = "node_modules",
): Promise<string> {
  const os = Deno.build.os === "windows" ? "windows" : Deno.build.os;
  const arch = { x86_64: "x64", aarch64: "arm64" }[Deno.build.arch];
  const name = `pagefind_extended${os === "windows" ? ".exe" : ""}`;
  const wanted = `@pagefind/${os}-${arch}/bin/${name}`;
  try {
    const pkg = await Deno.realPath(join(modules, "pagefind"));
    return await Deno.realPath(join(dirname(pkg), wanted));
  } catch {
    throw new BuildError(
      `the search indexer ${wanted} is not installed: run \`deno install\` (it comes with the npm package pagefind of deno.json)`,
    );
  }
}

/**
 * Index the site with Pagefind while it builds. The indexers run beside the
 * build, in service mode, one a language: each page goes to its language's
 * as soon as it is rendered (only what it indexes), so that they parse the
 * pages on the other core while the rest render; once every page is in, they
 * build the indexes (a language whose pages did not change comes from the
 * build cache) while the pages are written.
 */
export function pagefind(options: PagefindOptions = {}) {
  const { outputSubdir, excludeSelectors, binary } = {
    outputSubdir: "pagefind",
    excludeSelectors: [...EXCLUDE_SELECTORS],
    ...options,
  };
  return (site: Site) => {
    let run: IndexRun | undefined;
    let command: string | undefined;
    // In `serve`, a rebuild keeps the previous index and indexes the pages in
    // the background once they are in place, so that a page reloads without
    // waiting for the indexer. The refresh writes into the staging folder and
    // moves its index into the site when done; a build that starts first
    // stops it (its own refresh follows).
    let refresh: { stop(): void; done: Promise<void> } | undefined;
    // What the index is sent of each page, kept from one refresh to the
    // next while the page is the same.
    const searchable = new TextMemo<
      { html: string; digest?: Promise<string> }
    >();
    let deferred = false;
    let stale = false;
    const current = () => {
      run ??= new IndexRun(command!, excludeSelectors, site.cache);
      return run;
    };
    // `--no-search`: no indexer, no index.
    let off = false;
    // The writer leaves the index's folder to this plugin.
    site.pluginFolders.add(outputSubdir);
    site.addEventListener("beforeBuild", async () => {
      off = !site.options.search;
      refresh?.stop();
      await refresh?.done;
      refresh = undefined;
      stale = false;
      // A build that failed half-way left its indexer running.
      await run?.close();
      run = undefined;
      if (off) return;
      command = binary ?? await pagefindBinary();
      deferred = site.options.serve &&
        await exists(join(site.options.dest, outputSubdir, "pagefind.js"));
    });
    // The indexer starts before the pages render, so that `deno task build`
    // can take away the leave to run programs before any page code runs.
    site.preprocess(async (pages) => {
      if (!off && !deferred) await current().prepare(pages);
    });
    site.addEventListener("pageRendered", async () => {
      if (!off && !deferred) await current().sendRendered(site.pages);
    });
    site.process(async () => {
      if (!off && !deferred) {
        await current().finish(site);
        // Pagefind builds the languages' indexes while the pages are written.
        current().files();
      }
    });
    site.addEventListener("afterWrite", async ({ dir }) => {
      if (off) {
        // The copy a build writes into may hold an index of an earlier one.
        await Deno.remove(join(dir, outputSubdir), { recursive: true })
          .catch(() => {});
        return;
      }
      const previous = join(site.options.dest, outputSubdir);
      // The copy a build writes into may hold an older index: the previous
      // one is linked in its place.
      if (deferred) {
        await Deno.remove(join(dir, outputSubdir), { recursive: true })
          .catch(() => {});
      }
      if (deferred && await copyTree(previous, join(dir, outputSubdir))) {
        stale = true;
        return;
      }
      const indexing = current();
      run = undefined;
      try {
        if (deferred) await indexing.finish(site); // the previous index is gone
        await writeBundle(indexing, join(dir, outputSubdir));
      } finally {
        await indexing.close();
      }
    });
    site.addEventListener("afterBuild", ({ dest }) => {
      if (off || !stale) return;
      // The next build replaces these arrays (it does not change them).
      const { pages, files } = site;
      const staging = `${dest}.tmp`;
      const fresh = join(staging, "search");
      let stopped = false;
      let indexing: IndexRun | undefined;
      // Let the browser reload first: the indexer takes a core.
      let timer: ReturnType<typeof setTimeout> | undefined;
      let wake = () => {};
      const started = new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, REFRESH_DELAY_MS);
      });
      const done = started.then(async () => {
        if (stopped) return;
        indexing = new IndexRun(
          command!,
          excludeSelectors,
          site.cache,
          searchable,
        );
        await indexing.finish({ pages, files });
        await Deno.remove(fresh, { recursive: true }).catch(() => {});
        await writeBundle(indexing, fresh);
        if (stopped) return;
        // An index in the site is replaced, never written to: its files may
        // be hard links of the next build's.
        const old = join(staging, "search-old");
        const target = join(dest, outputSubdir);
        // One after the other, with nothing between (a reader of the site
        // in this process could see no index while an await let it run).
        try {
          Deno.renameSync(target, old);
        } catch {
          // No index in the site.
        }
        Deno.renameSync(fresh, target);
        await Deno.remove(old, { recursive: true }).catch(() => {});
      }).catch((error) => {
        if (!stopped) console.error(`search index not refreshed: ${error}`);
      }).finally(async () => {
        await indexing?.close();
        await Deno.remove(fresh, { recursive: true }).catch(() => {});
        await Deno.remove(staging).catch(() => {});
      });
      refresh = {
        stop() {
          stopped = true;
          clearTimeout(timer);
          wake();
          indexing?.kill();
        },
        done,
      };
    });
  };
}

/** How long a refresh of the index waits after a build, milliseconds. */
const REFRESH_DELAY_MS = 300;

/**
 * Write the bundle of an index into `folder`, in place: files already there
 * byte for byte are left as they are, and the files it no longer names go.
 */
async function writeBundle(run: IndexRun, folder: string): Promise<void> {
  const files = await run.files();
  await writeInPlace(
    resolve(folder),
    new Map(files.map((file) => [`/${file.path}`, { content: file.content }])),
  );
}

/** Whether a file exists. */
async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copy a folder, if it exists; whether it did. Files are hard links where
 * possible: an index, once in the site, is replaced, never written to.
 */
async function copyTree(from: string, to: string): Promise<boolean> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(from)];
  } catch {
    return false;
  }
  await Deno.mkdir(to, { recursive: true });
  for (const entry of entries) {
    if (entry.isDirectory) {
      await copyTree(join(from, entry.name), join(to, entry.name));
    } else if (entry.isFile) {
      try {
        Deno.linkSync(join(from, entry.name), join(to, entry.name));
      } catch {
        await Deno.copyFile(join(from, entry.name), join(to, entry.name));
      }
    }
  }
  return true;
}

export default pagefind;
