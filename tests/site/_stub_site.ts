/**
 * A site for tests of the engine's plumbing (renders kept, the search
 * index): its pages are in `dir/content`, its output and cache in `dir`,
 * Markdown is left as it is and the layout is a function of the page's data.
 *
 * @module
 */
import { join } from "@std/path";
import { Site, type SiteOptions } from "../../scripts/site/core/site.ts";

/** A quiet site over `dir`, each page laid out as `layout(its data)`. */
export function stubSite(
  dir: string,
  layout: (data: Record<string, unknown>) => string,
  options: Partial<SiteOptions> = {},
): Site {
  const site = new Site({
    src: join(dir, "content"),
    dest: join(dir, "_site"),
    cache: join(dir, "_cache"),
    quiet: true,
    ...options,
  });
  site.engines.template = {
    render: (source) => Promise.resolve(source),
    renderLayout: (_layout, data) => Promise.resolve(layout(data)),
  };
  site.engines.markdown = { render: (source) => source };
  return site;
}
