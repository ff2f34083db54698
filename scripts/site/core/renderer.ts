/**
 * Rendering a page: its body through the template engine (Vento) and
 * Markdown (markdown-it), then its layout.
 *
 * @module
 */
import { BuildError, type Page, type PageData } from "./page.ts";

/** What renders templates (Vento) and Markdown (markdown-it). */
export interface Engines {
  /** Renders the Vento tags of a page body and the page's layout. */
  template?: {
    render(source: string, data: PageData, page: Page): Promise<string>;
    renderLayout(layout: string, data: PageData, page: Page): Promise<string>;
  };
  /**
   * What is done to a page's HTML once its layout is rendered, in order:
   * part of the render, so that a reused render has it too.
   */
  finish?: ((html: string, page: Page) => string)[];
  /** Renders Markdown to HTML; sets `page.data.toc`. */
  markdown?: { render(source: string, page: Page): string | Promise<string> };
}

/**
 * Render `page` (sets `page.output`) with `engines` and the site's `data`;
 * `watch` is told the page's source as the render starts and `undefined`
 * when it ends.
 */
export async function renderPage(
  page: Page,
  engines: Engines,
  data: Record<string, unknown>,
  watch?: (file: string | undefined) => void,
): Promise<void> {
  const { template, markdown } = engines;
  if (!template || !markdown) {
    throw new BuildError("the vento and markdown plugins are not installed");
  }
  watch?.(page.src);
  try {
    let body = page.content;
    if (page.engine === "md") {
      // A body without a tag is its own render: Vento need not compile it.
      if (body.includes("{{")) {
        body = await template.render(
          body,
          { ...data, ...page.data, page },
          page,
        );
      }
      body = await markdown.render(body, page);
    }
    const layout = page.data.layout ?? "layouts/page.vto";
    page.output = await template.renderLayout(
      layout,
      { ...data, ...page.data, page, content: body },
      page,
    );
    for (const finish of engines.finish ?? []) {
      page.output = finish(page.output, page);
    }
  } finally {
    watch?.(undefined);
  }
}
