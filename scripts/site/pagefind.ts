/**
 * Full-text search with Pagefind, from npm: after the pages are written, the
 * staging folder is indexed and the index and Pagefind's UI (JavaScript, CSS,
 * WebAssembly) are written into `/pagefind/`, so the search is self-hosted.
 * Only the search page loads them; every other page reads fine without
 * JavaScript.
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
import { dirname, join } from "@std/path";
import { BuildError, type Site } from "./site.ts";

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
 * The Pagefind binary for this platform, as npm installed it beside the
 * `pagefind` package: `node_modules/.deno/@pagefind+linux-x64@1.4.0/…/bin/
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

/** Index the built site with Pagefind. */
export function pagefind(options: PagefindOptions = {}) {
  const { outputSubdir, excludeSelectors, binary } = {
    outputSubdir: "pagefind",
    excludeSelectors: ["annotation", "svg", ".lit-code", ".fig-data"],
    ...options,
  };
  /** Index `dir` into its `outputSubdir`, or into `outputPath` if given. */
  const index = async (
    dir: string,
    outputPath?: string,
    running?: (child: Deno.ChildProcess) => void,
  ) => {
    const command = binary ?? await pagefindBinary();
    const args = [
      "--site",
      dir,
      ...(outputPath
        ? ["--output-path", outputPath]
        : ["--output-subdir", outputSubdir]),
      "--force-language",
      "en",
      ...excludeSelectors.flatMap((selector) => [
        "--exclude-selectors",
        selector,
      ]),
      "--quiet",
    ];
    let output: Deno.CommandOutput;
    try {
      const child = new Deno.Command(command, {
        args,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      running?.(child);
      output = await child.output();
    } catch (error) {
      throw new BuildError(
        `Pagefind could not start (${command}): ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
    const said = new TextDecoder().decode(output.stderr).trim() ||
      new TextDecoder().decode(output.stdout).trim();
    if (!output.success) {
      throw new BuildError(
        `Pagefind could not index the site: ${said || `exit ${output.code}`}`,
      );
    }
    const indexed = await Deno.stat(
      join(outputPath ?? join(dir, outputSubdir), "pagefind.js"),
    )
      .then(() => true, (error) => {
        if (error instanceof Deno.errors.NotFound) return false;
        throw error;
      });
    if (!indexed) {
      throw new BuildError(`Pagefind wrote no index${said ? `: ${said}` : ""}`);
    }
    return said;
  };
  return (site: Site) => {
    // In `serve`, a rebuild keeps the previous index and refreshes it in the
    // background once the new pages are in place, so that a page reloads
    // without waiting for the indexer. The refresh writes into the staging
    // folder and moves its index into the site when done; a build that starts
    // first stops it (its own refresh follows).
    let refresh: { stop(): void; done: Promise<void> } | undefined;
    let stale = false;
    site.beforeBuild(async () => {
      refresh?.stop();
      await refresh?.done;
      refresh = undefined;
      stale = false;
    });
    site.afterWrite(async (dir) => {
      const previous = join(site.options.dest, outputSubdir);
      if (
        site.options.serve && await copyTree(previous, join(dir, outputSubdir))
      ) {
        stale = true;
        return;
      }
      const said = await index(dir);
      // Warnings (a page without <html lang>, …) are the site's business.
      for (const line of said.split("\n")) {
        if (/warn/i.test(line)) site.warn(`Pagefind: ${line.trim()}`);
      }
    });
    site.afterBuild((dest) => {
      if (!stale) return;
      const staging = `${dest}.tmp`;
      const fresh = join(staging, "search");
      let stopped = false;
      let child: Deno.ChildProcess | undefined;
      // Let the browser reload first: the indexer takes every core.
      let timer: ReturnType<typeof setTimeout> | undefined;
      let wake = () => {};
      const started = new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, REFRESH_DELAY_MS);
      });
      const done = started.then(async () => {
        if (stopped) return;
        await index(dest, fresh, (running) => {
          child = running;
          if (stopped) running.kill();
        });
        if (stopped) return;
        const old = join(staging, "search-old");
        const target = join(dest, outputSubdir);
        await Deno.rename(target, old).catch(() => {});
        await Deno.rename(fresh, target);
        await Deno.remove(old, { recursive: true }).catch(() => {});
      }).catch((error) => {
        if (!stopped) console.error(`search index not refreshed: ${error}`);
      }).finally(() => Deno.remove(staging).catch(() => {}));
      refresh = {
        stop() {
          stopped = true;
          clearTimeout(timer);
          wake();
          try {
            child?.kill();
          } catch { /* already gone */ }
        },
        done,
      };
    });
  };
}

/** How long a refresh of the index waits after a build, milliseconds. */
const REFRESH_DELAY_MS = 300;

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
