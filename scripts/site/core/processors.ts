/**
 * (Pre)processors, as Lume has them: a function given the pages whose
 * source or output ends in one of its extensions, and all the pages.
 * Preprocessors run after the pages are loaded (they may add pages and
 * data), processors once every page is rendered (`page.output` is set).
 *
 * @module
 */
import type { Page } from "./page.ts";
import { outputPath } from "./writer.ts";

/** The extensions a processor takes (`[".md"]`, `[".html"]`), or all. */
export type Extensions = string[] | "*";

/** A (pre)processor: the pages it takes, and all the pages. */
export type Processor = (
  pages: Page[],
  allPages: Page[],
) => void | Promise<void>;

/**
 * Whether `page` is one of `extensions`: its source file (`content/a.md`)
 * or its output (`/a/` is `/a/index.html`) ends in one of them.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { pageMatches } from "./processors.ts";
 * const page = { src: "content/a.md", url: "/a/", line: 1, data: {}, content: "", engine: "md" as const };
 * assert(pageMatches([".html"], page) && pageMatches([".md"], page));
 * assert(!pageMatches([".css"], page) && pageMatches("*", page));
 * ```
 */
export function pageMatches(extensions: Extensions, page: Page): boolean {
  if (extensions === "*") return true;
  const output = outputPath(page.url);
  return extensions.some((ext) =>
    page.src.endsWith(ext) || output.endsWith(ext)
  );
}

/** Processors in the order they were registered. */
export class Processors {
  #processors: [Extensions, Processor][] = [];

  /** Add `processor`, for the pages of `extensions`. */
  set(extensions: Extensions, processor: Processor): void {
    for (const ext of extensions === "*" ? [] : extensions) {
      if (!ext.startsWith(".")) {
        throw new TypeError(`extension "${ext}" must start with "."`);
      }
    }
    this.#processors.push([extensions, processor]);
  }

  /**
   * Run each processor in turn on the pages it takes (chosen when its turn
   * comes, so it sees the pages an earlier one added) and on `pages`.
   */
  async run(pages: Page[]): Promise<void> {
    for (const [extensions, processor] of this.#processors) {
      await processor(
        pages.filter((page) => pageMatches(extensions, page)),
        pages,
      );
    }
  }
}
