/**
 * Check every internal link and anchor of the built site, and that nothing is
 * loaded from another host. Runs on the staging folder, after everything
 * (search index included) is written, so a broken link fails the build before
 * the site is swapped into place.
 *
 * Every link is checked at every build; the links and ids of a page are found
 * again only when its HTML changed (in `serve`, most pages keep theirs).
 *
 * @module
 */
import { join } from "@std/path";
import {
  BuildError,
  lineOf,
  outputPath,
  type Page,
  type Site,
} from "./site.ts";

/** Options of the link checker. */
export interface CheckLinksOptions {
  /** Also check the anchors (`#id`) of internal links. */
  anchors?: boolean;
}

/** A link found on a page. */
export interface FoundLink {
  tag: string;
  attribute: string;
  value: string;
}

/** Every `href` and `src` in the HTML, with the tag it is on. */
export function findLinks(html: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\s([^>]*)>/g)) {
    for (const attribute of tag[2].matchAll(/(?:^|\s)(href|src)="([^"]*)"/g)) {
      links.push({
        tag: tag[1].toLowerCase(),
        attribute: attribute[1],
        value: decodeEntities(attribute[2]),
      });
    }
  }
  return links;
}

/** Every `id` in the HTML. */
export function findIds(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1])),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(
    /&#39;/g,
    "'",
  ).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

/** Fail the build on a broken internal link or anchor or a foreign load. */
export function checkLinks(options: CheckLinksOptions = {}) {
  const { anchors } = { anchors: true, ...options };
  return (site: Site) => {
    // What was found in each page's HTML, by output path, while it is the same.
    const found = new Map<
      string,
      { html: string; links?: FoundLink[]; ids?: Set<string> }
    >();
    const parsed = (path: string, html: string) => {
      let entry = found.get(path);
      if (entry?.html !== html) {
        entry = { html };
        found.set(path, entry);
      }
      return entry;
    };
    site.afterWrite(async (dir) => {
      const pages = new Map<string, Page>();
      for (const page of site.pages) pages.set(outputPath(page.url), page);
      for (const path of found.keys()) {
        if (!pages.has(path)) found.delete(path);
      }
      const ids = (path: string) => {
        const entry = parsed(path, pages.get(path)?.output ?? "");
        return entry.ids ??= findIds(entry.html);
      };
      const links = (page: Page) => {
        const entry = parsed(outputPath(page.url), page.output ?? "");
        return entry.links ??= findLinks(entry.html);
      };
      const exists = new Map<string, boolean>();
      const fileExists = async (path: string) => {
        if (!exists.has(path)) {
          exists.set(
            path,
            await Deno.stat(join(dir, ...path.split("/").filter(Boolean)))
              .then((info) => info.isFile, () => false),
          );
        }
        return exists.get(path)!;
      };
      const problems: { page: Page; message: string; value: string }[] = [];
      for (const page of site.pages) {
        for (const link of links(page)) {
          const { value } = link;
          if (/^(mailto:|data:|javascript:)/i.test(value)) continue;
          if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) {
            if (link.tag !== "a") {
              problems.push({
                page,
                value,
                message:
                  `<${link.tag} ${link.attribute}="${value}"> loads from another host`,
              });
            }
            continue;
          }
          const url = new URL(value, `http://site${page.url}`);
          const path = outputPath(decodeURIComponent(url.pathname));
          if (!pages.has(path) && !(await fileExists(path))) {
            problems.push({
              page,
              value,
              message: `broken link "${value}": nothing at ${url.pathname}`,
            });
            continue;
          }
          const anchor = url.hash ? decodeURIComponent(url.hash.slice(1)) : "";
          if (anchors && anchor && pages.has(path) && !ids(path).has(anchor)) {
            problems.push({
              page,
              value,
              message:
                `broken anchor "${value}": ${url.pathname} has no id "${anchor}"`,
            });
          }
        }
      }
      if (problems.length) {
        const first = problems[0];
        const rest = problems.slice(1).map((p) =>
          `\n  ${p.page.src}: ${p.message}`
        ).join("");
        throw new BuildError(
          `${first.message}${rest}`,
          first.page.src,
          sourceLine(first.page, first.value),
        );
      }
    });
  };
}

/**
 * The line of the page's source where the link `value` is written, if it
 * is written there (a link of the layout has no line in the page).
 */
function sourceLine(page: Page, value: string): number | undefined {
  if (!value || page.engine !== "md") return undefined;
  const at = page.content.search(
    new RegExp(`\\]\\(${escapeRegExp(value)}[\\s)]|"${escapeRegExp(value)}"`),
  );
  return at < 0 ? undefined : page.line + lineOf(page.content, at) - 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
