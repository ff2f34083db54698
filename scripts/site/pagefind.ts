/**
 * Full-text search with Pagefind, from npm: after the pages are written, the
 * staging folder is indexed and the index and Pagefind's UI (JavaScript, CSS,
 * WebAssembly) are written into `/pagefind/`, so the search is self-hosted.
 * Only the search page loads them; every other page reads fine without
 * JavaScript.
 *
 * @module
 */
import { BuildError, type Site } from "./site.ts";

/** Options of the search plugin. */
export interface PagefindOptions {
  /** Where the index goes, inside the site. */
  outputSubdir?: string;
  /** Elements left out of the index (math's MathML copy, charts, code). */
  excludeSelectors?: string[];
}

/** Index the built site with Pagefind. */
export function pagefind(options: PagefindOptions = {}) {
  const { outputSubdir, excludeSelectors } = {
    outputSubdir: "pagefind",
    excludeSelectors: [".katex-mathml", "svg", ".lit-code", ".fig-data"],
    ...options,
  };
  return (site: Site) => {
    site.afterWrite(async (dir) => {
      const api = await import("pagefind");
      const fail = (what: string, errors: string[]) =>
        new BuildError(`Pagefind could not ${what}: ${errors.join("; ")}`);
      try {
        const { index, errors } = await api.createIndex({
          forceLanguage: "en",
          excludeSelectors,
        });
        if (!index) throw fail("start", errors);
        const added = await index.addDirectory({ path: dir });
        if (added.errors.length) throw fail("index the site", added.errors);
        if (added.page_count === 0) throw fail("find any page to index", []);
        const written = await index.writeFiles({
          outputPath: `${dir}/${outputSubdir}`,
        });
        if (written.errors.length) {
          throw fail("write the index", written.errors);
        }
      } finally {
        await api.close();
      }
    });
  };
}
