/**
 * What the search tests compare a built index with: the bundle Pagefind
 * itself makes of the whole pages, in one index, as the CLI would.
 *
 * @module
 */
import { join } from "@std/path";
import {
  EXCLUDE_SELECTORS,
  pagefindBinary,
} from "../../scripts/site/plugins/pagefind.ts";
import {
  type PagefindFile,
  PagefindService,
} from "../../scripts/site/plugins/pagefind_service.ts";
import { listFiles, urlOf } from "./_build.ts";

/** The site's `excludeSelectors`. */
export const EXCLUDE = [...EXCLUDE_SELECTORS];

/** The bundle Pagefind makes of these pages (path → HTML), in this order. */
export async function indexOf(
  pages: [string, string][],
): Promise<PagefindFile[]> {
  const service = PagefindService.start(await pagefindBinary());
  try {
    // Every page into one index: Pagefind keeps each language apart in it.
    const index = service.newIndex({ excludeSelectors: EXCLUDE });
    await Promise.all(
      pages.map(([path, html]) => service.addHtml(index, path, html)),
    );
    // The entry with its languages in order, as the site writes it.
    return (await service.getFiles(index)).map((file) => ({
      ...file,
      content: stableEntry(file.path, file.content),
    })).sort((a, b) => a.path < b.path ? -1 : 1);
  } finally {
    await service.close();
  }
}

/** The files that differ between two bundles (by path, then by bytes). */
export function differences(a: PagefindFile[], b: PagefindFile[]): string[] {
  const other = new Map(b.map((file) => [file.path, file.content]));
  const differ = a.filter((file) => {
    const content = other.get(file.path);
    return !content || content.length !== file.content.length ||
      content.some((byte, i) => byte !== file.content[i]);
  }).map((file) => file.path);
  const missing = b.filter((file) => !a.some((f) => f.path === file.path))
    .map((file) => `${file.path} (only in the second)`);
  return [...differ, ...missing];
}

/** The pages of the built site, in the build's order (by URL). */
export async function sitePages(dir: string): Promise<[string, string][]> {
  const files = (await listFiles(dir)).filter((file) =>
    file.endsWith(".html") && !file.startsWith("pagefind/")
  );
  const pages = await Promise.all(
    files.map(async (file): Promise<[string, string]> => [
      file,
      await Deno.readTextFile(join(dir, file)),
    ]),
  );
  return pages.sort(([a], [b]) => urlOf(a) < urlOf(b) ? -1 : 1);
}

/** The files of the bundle in `dir`, as {@link indexOf} returns them. */
export async function bundleIn(dir: string): Promise<PagefindFile[]> {
  const files: PagefindFile[] = [];
  for (const path of await listFiles(dir)) {
    files.push({ path, content: await Deno.readFile(join(dir, path)) });
  }
  return files;
}

/**
 * Pagefind lists the index of each language in `pagefind-entry.json` in no
 * fixed order: the entry with its languages sorted, as the site writes it
 * (`mergeBundles`); any other file as it is.
 */
function stableEntry(path: string, content: Uint8Array): Uint8Array {
  if (path !== "pagefind-entry.json") return content;
  const entry = JSON.parse(new TextDecoder().decode(content));
  entry.languages = Object.fromEntries(
    Object.entries(entry.languages ?? {}).sort(([a], [b]) => a < b ? -1 : 1),
  );
  return new TextEncoder().encode(JSON.stringify(entry));
}
