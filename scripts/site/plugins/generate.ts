/**
 * Pages made from one Markdown template and a list: one page of errata per
 * seed of the audit, one page of results per exercise. Lume makes such
 * pages with a generator page; here the template is a Markdown file of the
 * pages folder whose name starts with `_` (so that it is not a page itself),
 * rendered once per item of a list taken from the site's data, with the
 * item's data added to the template's front matter. An error in a generated
 * page names the template and the line, as for any page.
 *
 * @module
 */
import { join } from "@std/path";
import {
  BuildError,
  type Page,
  type PageData,
  parsePage,
  type Site,
} from "../core/site.ts";
import type { NavLink } from "./nav.ts";

/** Options of the generate plugin: the template, the list and each page. */
export interface GenerateOptions<Item> {
  /** The template, a path inside the pages folder (`errata/_seed.md`). */
  template: string;
  /** The items, one page each, from the site's data (results, …). */
  items: (data: Record<string, unknown>) => Item[];
  /** The URL of an item's page, ending in `/`. */
  url: (item: Item) => string;
  /** The data of an item's page (a `title` at least), over the front matter. */
  data: (item: Item) => PageData;
  /**
   * Link each page to the previous and the next of the list, for pages left
   * out of the navigation (which gives the others their links).
   */
  pager?: boolean;
}

/** Add a page for every item, from the template, before pages are rendered. */
export function generate<Item>(options: GenerateOptions<Item>) {
  const { template, items, url, data, pager } = { pager: false, ...options };
  return (site: Site) => {
    site.preprocess(async () => {
      const list = items(site.globalData);
      // No items, no pages: a folder without them needs no template.
      if (list.length === 0) return;
      const file = join(site.options.src, template);
      let text: string;
      try {
        text = await Deno.readTextFile(file);
      } catch {
        throw new BuildError(`the template ${template} does not exist`, file);
      }
      const model = parsePage(text, file, template);
      const pages: Page[] = list.map((item) => ({
        ...model,
        url: url(item),
        data: { ...model.data, ...data(item) },
      }));
      if (pager) {
        const link = (page?: Page): NavLink | undefined =>
          page && { url: page.url, title: page.data.title! };
        pages.forEach((page, i) => {
          page.data.prev = link(pages[i - 1]);
          page.data.next = link(pages[i + 1]);
        });
      }
      for (const page of pages) site.addPage(page);
    });
  };
}

export default generate;
