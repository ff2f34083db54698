/**
 * Check every internal link and anchor of the built site, and that nothing is
 * loaded from another host. Runs on the staging folder, after everything
 * (search index included) is written, so a broken link fails the build before
 * the site is swapped into place.
 *
 * Every link is checked at every build; the links, ids and unsafe pieces of a
 * page are found again only when its HTML changed (in `serve`, most pages
 * keep theirs: scanning every tag of the 184 pages for handlers took 70 ms of
 * each rebuild).
 *
 * @module
 */
import { dirname, join, relative, SEPARATOR } from "@std/path";
import { TAG_BODY } from "./_html.ts";
import {
  BuildError,
  lineOf,
  outputPath,
  type Page,
  type Site,
} from "../core/site.ts";

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

/** A start tag with attributes: its name and what follows it. */
const TAG = new RegExp(
  String.raw`<([a-zA-Z][a-zA-Z0-9-]*)\s(${TAG_BODY})>`,
  "g",
);

/** A `<script>` start tag: what follows its name. */
const SCRIPT_TAG = new RegExp(String.raw`<script\b(${TAG_BODY})>`, "gi");

/** An attribute {@link findLinks} reads, somewhere in a tag. */
const URL_ATTRIBUTE =
  /(?:href|src|srcset|action|data|poster|style|content)\s*=/i;

/**
 * Every URL in the HTML, with the tag and attribute it is in: `href`,
 * `src`, `action`, `formaction`, `data`, `poster`, each URL of `srcset`, the
 * `url(…)` of a `style`, and the URL of a `<meta http-equiv="refresh">`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { findLinks } from "./check_links.ts";
 * assertEquals(
 *   findLinks('<img srcset="/a.png 1x, //b.example/b.png 2x">').map((l) => l.value),
 *   ["/a.png", "//b.example/b.png"],
 * );
 * // Values without quotes, and with single ones, as a browser reads them.
 * assertEquals(
 *   findLinks("<a href=/a/>a</a><img alt=x src='/b.png'>").map((l) => l.value),
 *   ["/a/", "/b.png"],
 * );
 * assertEquals(findLinks('<image xlink:href="/c.png"/>')[0].attribute, "href");
 * ```
 */
export function findLinks(html: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const tag of html.matchAll(TAG)) {
    // Most tags (MathML's, SVG's) hold no attribute that is a URL.
    if (!URL_ATTRIBUTE.test(tag[2])) continue;
    const name = tag[1].toLowerCase();
    for (
      const [, attribute, double, single, bare] of tag[2].matchAll(ATTRIBUTE)
    ) {
      if (double === undefined && single === undefined && bare === undefined) {
        continue; // a name alone: no URL
      }
      // SVG 1.1's `xlink:href` is an `href` as a browser follows it.
      const lower = attribute.toLowerCase();
      const key = lower === "xlink:href" ? "href" : lower;
      const value = decodeEntities(double ?? single ?? bare);
      const add = (url: string) =>
        links.push({ tag: name, attribute: key, value: url.trim() });
      if (/^(href|src|action|formaction|data|poster)$/.test(key)) add(value);
      else if (key === "srcset") {
        for (const part of value.split(",")) {
          const url = part.trim().split(/\s+/)[0];
          if (url) add(url);
        }
      } else if (key === "style") {
        for (const url of value.matchAll(/url\(\s*['"]?([^'")\s]*)/gi)) {
          add(url[1]);
        }
      } else if (
        key === "content" && name === "meta" &&
        /http-equiv\s*=\s*["']?refresh/i.test(tag[2])
      ) {
        const url = /url\s*=\s*['"]?([^'"\s]+)/i.exec(value);
        add(url ? url[1] : "");
      }
    }
  }
  return links;
}

/**
 * What a page's HTML must not hold, whatever wrote it: an inline
 * `<script>` (the policy would block it; a script of the site is named in
 * `scripts:`), an `on…=` handler, a `javascript:` URL, a comment never
 * closed (it hides the rest of the page). Each with the text to find it by.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { findUnsafe } from "./check_links.ts";
 * assertEquals(findUnsafe('<p onclick="x()">').map((u) => u.needle), ["onclick="]);
 * assertEquals(findUnsafe('<script src="/a.js"></script>'), []);
 * ```
 */
export function findUnsafe(
  html: string,
): { message: string; needle: string }[] {
  const found: { message: string; needle: string }[] = [];
  // What each tag is searched for below, searched for in the whole page
  // first: most pages hold none of it.
  if (!UNSAFE_ANYWHERE.test(html)) return found;
  for (const tag of html.matchAll(SCRIPT_TAG)) {
    if (!/\ssrc\s*=/i.test(tag[1])) {
      found.push({
        message:
          "an inline <script>: scripts come from files of the site, named in the front matter's `scripts:`",
        needle: tag[0].slice(0, 7),
      });
    }
  }
  for (const tag of html.matchAll(TAG)) {
    // Most tags (MathML's, SVG's) hold neither a handler nor a scheme.
    if (!MAY_RUN_CODE.test(tag[2])) continue;
    for (const [, name, double, single, bare] of tag[2].matchAll(ATTRIBUTE)) {
      const value = double ?? single ?? bare;
      // A name, never a word inside another attribute's value
      // (`alt="a ratio of one = 1"`).
      if (value !== undefined && /^on[a-z]+$/i.test(name)) {
        found.push({
          message:
            `an event handler attribute ${name}=: the pages run no inline code`,
          needle: `${name}=`,
        });
      }
      // As a browser reads a URL: entities decoded, tabs and line breaks
      // dropped, leading spaces trimmed (`java&#x09;script&colon;` runs).
      const scheme = value !== undefined && URL_NAMES.has(name.toLowerCase()) &&
        /^(javascript|vbscript):/i.exec(
          trimControls(decodeAllEntities(value).replace(/[\t\n\r]/g, "")),
        );
      if (scheme) {
        found.push({
          message: `a ${scheme[1]}: URL: the pages run no inline code`,
          // Written plainly, or the value as the source has it.
          needle: value.toLowerCase().includes(`${scheme[1]}:`.toLowerCase())
            ? `${scheme[1]}:`
            : value.slice(0, 24),
        });
      }
    }
  }
  const open = html.lastIndexOf("<!--");
  if (open >= 0 && html.indexOf("-->", open + 4) < 0) {
    found.push({
      message:
        "a comment <!-- that is never closed with --> hides the rest of the page",
      needle: "<!--",
    });
  }
  return found;
}

/**
 * Whatever {@link findUnsafe} can find holds one of these. A URL's scheme
 * may hide behind entities or a tab (`&#106;avascript&colon;`): a URL
 * attribute whose value starts with letters and then `&` or a tab is read
 * in full.
 */
const UNSAFE_ANYWHERE =
  /<script\b|[\s"'/]on[a-z]+\s*=|script\s*:|<!--|(?<=(?:href|src|action|data|poster|background|cite)\s*)=\s*["']?[^!-~]*[a-z]*[&\t\n\r]/i;

/**
 * What a tag that runs code holds: a name `on…=`, or a URL's scheme, plain
 * (`script`) or hidden (an entity, a tab, a line break).
 */
const MAY_RUN_CODE = /(?:^|[\s"'/])on[a-z]+\s*=|script|[&\t\n\r]/i;

/** An attribute of a start tag: its name and value (unquoted). */
const ATTRIBUTE =
  /(?<=^|[\s"'\/])([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

/** The attributes whose value a browser may follow as a URL. */
const URL_NAMES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "data",
  "poster",
  "background",
  "cite",
]);

/** Every character reference decoded: numeric, and those a URL may hide in. */
function decodeAllEntities(text: string): string {
  if (!text.includes("&")) return text;
  return decodeEntities(
    text
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => fromCode(parseInt(hex, 16)))
      .replace(/&#(\d+);?/g, (_, decimal) => fromCode(parseInt(decimal, 10)))
      .replace(/&colon;/gi, ":").replace(/&tab;/gi, "\t")
      .replace(/&newline;/gi, "\n"),
  );
}

/** `text` without the spaces and control characters it starts with. */
function trimControls(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 0x20) start++;
  return text.slice(start);
}

function fromCode(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
}

/** Every `id` in the HTML. */
export function findIds(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1])),
  );
}

function decodeEntities(text: string): string {
  // Most values hold no entity: no need to look for five.
  if (!text.includes("&")) return text;
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
      {
        html: string;
        targets?: LinkTarget[];
        ids?: Set<string>;
        unsafe?: ReturnType<typeof findUnsafe>;
      }
    >();
    const parsed = (path: string, html: string) => {
      let entry = found.get(path);
      if (entry?.html !== html) {
        entry = { html };
        found.set(path, entry);
      }
      return entry;
    };
    // A link from the root (`/assets/notes.css`) means the same on every
    // page: resolved once.
    const fromRoot = new Map<string, URL>();
    site.addEventListener("afterWrite", ({ dir }) => {
      const pages = new Map<string, Page>();
      for (const page of site.pages) pages.set(outputPath(page.url), page);
      // The address of the page made from a source file, for a message.
      const urlOf = (file: string) =>
        site.pages.find((page) => page.src === file)?.url;
      for (const path of found.keys()) {
        if (!pages.has(path)) found.delete(path);
      }
      // A page's ids, looked up once a build (comparing its HTML with the
      // last build's is a comparison of every character when the two are
      // equal strings made apart).
      const idsOf = new Map<string, Set<string>>();
      const ids = (path: string) => {
        let found = idsOf.get(path);
        if (!found) {
          const entry = parsed(path, pages.get(path)?.output ?? "");
          idsOf.set(path, found = entry.ids ??= findIds(entry.html));
        }
        return found;
      };
      // What each link of a page must reach, found once for its HTML.
      const targets = (page: Page) => {
        const entry = parsed(outputPath(page.url), page.output ?? "");
        return entry.targets ??= findLinks(entry.html).flatMap((link) =>
          linkTarget(link, page.url, fromRoot) ?? []
        );
      };
      // Whether a file that is not a page was written, asked once a build
      // for each (the stylesheets are linked from every page: an await for
      // each of those links cost more than the few calls to the system).
      const exists = new Map<string, boolean>();
      const fileExists = (path: string) => {
        let found = exists.get(path);
        if (found === undefined) {
          try {
            found = Deno.statSync(join(dir, ...path.split("/").filter(Boolean)))
              .isFile;
          } catch {
            found = false;
          }
          exists.set(path, found);
        }
        return found;
      };
      // `value`: what the source holds, a whole link or a piece of a tag.
      const problems: {
        page: Page;
        message: string;
        value: string;
        piece?: boolean;
      }[] = [];
      const unsafeIn = (page: Page) => {
        const entry = parsed(outputPath(page.url), page.output ?? "");
        return entry.unsafe ??= findUnsafe(entry.html);
      };
      for (const page of site.pages) {
        for (const unsafe of unsafeIn(page)) {
          problems.push({ page, value: unsafe.needle, piece: true, ...unsafe });
        }
        for (const target of targets(page)) {
          const { value } = target;
          if (target.problem) {
            problems.push({ page, value, message: target.problem });
            continue;
          }
          const { path, pathname, anchor } = target;
          if (!pages.has(path) && !fileExists(path)) {
            problems.push({
              page,
              value,
              message: `broken link "${value}": nothing at ${pathname}${
                pages.has(outputPath(`${pathname}/`))
                  ? ` (the page's address ends with a slash: ${pathname}/)`
                  : unpublishedHint(page.src, site.options.src, pathname, {
                    written: value,
                    pageOf: urlOf,
                  })
              }`,
            });
            continue;
          }
          if (anchors && anchor && pages.has(path) && !ids(path).has(anchor)) {
            problems.push({
              page,
              value,
              message:
                `broken anchor "${value}": ${pathname} has no id "${anchor}"`,
            });
          }
        }
      }
      if (problems.length) {
        // One line: the first problem, how many more there are and where
        // (a renamed page breaks many links: all are mended in one go).
        const [first, ...others] = problems;
        throw new BuildError(
          `${first.message}${
            others.length
              ? ` (and ${others.length} more problem${
                others.length > 1 ? "s" : ""
              }: ${problemPlaces(first.page.src, others)})`
              : ""
          }`,
          first.page.src,
          sourceLine(first.page, first.value, first.piece),
        );
      }
    });
  };
}

/**
 * What a link of a page must reach: the output path of a page or file of the
 * site and maybe an anchor in it, or a problem whatever the site holds.
 */
export interface LinkTarget {
  /** The link as written. */
  value: string;
  /** What is wrong with it, whatever the site holds. */
  problem?: string;
  /** The output path it must reach (`/a/index.html`). */
  path: string;
  /** The URL's path, as a message shows it. */
  pathname: string;
  /** The id it must reach there, if any. */
  anchor: string;
}

/**
 * What `link`, on the page at `pageUrl`, must reach; nothing for a link that
 * needs nothing of the site (an `<a>` to another host, a `mailto:`, a form's
 * action). `fromRoot` keeps the links from the root, the same on every page.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { linkTarget } from "./check_links.ts";
 * const link = (value: string, tag = "a", attribute = "href") => ({ tag, attribute, value });
 * assertEquals(linkTarget(link("../b/#x"), "/a/c/", new Map())?.path, "/a/b/index.html");
 * assertEquals(linkTarget(link("../b/#x"), "/a/c/", new Map())?.anchor, "x");
 * assertEquals(linkTarget(link("https://example.org/"), "/", new Map()), undefined);
 * assertEquals(
 *   linkTarget(link("https://example.org/a.css", "link"), "/", new Map())?.problem,
 *   '<link href="https://example.org/a.css"> loads from another host',
 * );
 * assertEquals(
 *   linkTarget(link("/a%zz/"), "/", new Map())?.problem,
 *   'broken link "/a%zz/": "%zz" is not an escape of a character (write %25 for "%")',
 * );
 * ```
 */
export function linkTarget(
  link: FoundLink,
  pageUrl: string,
  fromRoot: Map<string, URL>,
): LinkTarget | undefined {
  const { value } = link;
  // `[text]()`, `[text](<>)`, `href=""`: a link left unwritten, that a
  // browser takes to this very page.
  if (!value && (link.attribute === "href" || link.attribute === "src")) {
    return {
      value,
      problem:
        `an empty link: <${link.tag} ${link.attribute}=""> leads nowhere (a Markdown link needs its target between the parentheses)`,
      path: "",
      pathname: "",
      anchor: "",
    };
  }
  if (/^(mailto:|data:)/i.test(value) && link.tag !== "meta") return;
  if (/^[a-z][a-z0-9+.-]*:|^[\/\\]{2}/i.test(value)) {
    if (link.tag === "a" && link.attribute === "href") return;
    return {
      value,
      problem:
        `<${link.tag} ${link.attribute}="${value}"> loads from another host`,
      path: "",
      pathname: "",
      anchor: "",
    };
  }
  // Of the links to this site, those of href and src must exist (a form's
  // action, say, may be answered by a script).
  if (link.attribute !== "href" && link.attribute !== "src") return;
  let url: URL;
  if (value.startsWith("/")) {
    url = fromRoot.get(value) ?? new URL(value, "http://site/");
    fromRoot.set(value, url);
  } else url = new URL(value, `http://site${pageUrl}`);
  try {
    return {
      value,
      path: outputPath(decodeURIComponent(url.pathname)),
      pathname: url.pathname,
      anchor: url.hash ? decodeURIComponent(url.hash.slice(1)) : "",
    };
  } catch {
    const bad = /%(?![0-9a-f]{2})..?|(?:%[0-9a-f]{2})+/i.exec(value)?.[0] ??
      "%";
    return {
      value,
      problem:
        `broken link "${value}": "${bad}" is not an escape of a character (write %25 for "%")`,
      path: "",
      pathname: "",
      anchor: "",
    };
  }
}

/**
 * What a broken link to a file beside the page in the pages' folder needs
 * (the folder publishes only pages: an image next to `rnn-1a.md` is not in
 * the site, and `figure.png` from the page at `/bptt/rnn-1a/` is
 * `/bptt/rnn-1a/figure.png`), or the address of the page a link to its
 * source means (`pageOf` finds it); nothing when no such file is there.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { unpublishedHint } from "./check_links.ts";
 * assertEquals(unpublishedHint("content/a.md", "content", "/a/nothing-here.png"), "");
 * ```
 */
export function unpublishedHint(
  pageSrc: string,
  src: string,
  pathname: string,
  { written, pageOf }: {
    /** The link as written, which a forge reads from the source's folder. */
    written?: string;
    /** The address of the page made from a source file, if one is. */
    pageOf?: (file: string) => string | undefined;
  } = {},
): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "";
  }
  const name = decoded.split("/").filter(Boolean).at(-1);
  if (!name) return "";
  const candidates = [
    join(dirname(pageSrc), name),
    join(src, ...decoded.split("/").filter(Boolean)),
  ];
  const path = written?.split(/[?#]/)[0];
  if (path && !path.startsWith("/")) {
    try {
      candidates.unshift(join(dirname(pageSrc), decodeURIComponent(path)));
    } catch {
      // An escape of nothing: the link check says so.
    }
  }
  for (const file of candidates) {
    // A link to a page's source (as on a forge) means the page.
    const page = pageOf?.(file);
    if (page) return ` (${file} is a page: link to its address, ${page})`;
    let url: string;
    try {
      if (!Deno.statSync(file).isFile) continue;
      url = "/" + relative(src, file).split(SEPARATOR).join("/");
    } catch {
      continue; // not there, or not to be read
    }
    return ` (${file} is in the pages' folder, which publishes only pages: publish it with .copy(${
      JSON.stringify(file)
    }, ${JSON.stringify(url)}) in _config.ts, and link to ${url})`;
  }
  return "";
}

/** How many places a message lists before it counts the rest. */
const PLACES_LISTED = 10;

/**
 * Where `problems` are, for a message of one line that names `file` first:
 * each as `line 7 "link"` in that file, else `other.md:3 "link"` (the line
 * where the page's source has it), at most {@link PLACES_LISTED}, then how
 * many others.
 */
function problemPlaces(
  file: string,
  problems: { page: Page; value: string; piece?: boolean }[],
): string {
  const places = problems.slice(0, PLACES_LISTED).map((problem) => {
    const line = sourceLine(problem.page, problem.value, problem.piece);
    const where = problem.page.src === file
      ? (line ? `line ${line}` : "its layout")
      : `${problem.page.src}${line ? `:${line}` : ""}`;
    return `${where} ${JSON.stringify(problem.value)}`;
  });
  const rest = problems.length - places.length;
  return places.join(", ") + (rest ? ` and ${rest} more` : "");
}

/**
 * The line of the page's source where the link `value` is written, if it
 * is written there (a link of the layout has no line in the page): as a
 * Markdown link's target, an attribute's value, or a reference's (`[a]:
 * /bptt/`), never inside other text (the layout's `/` is not the slash of
 * `[next](other/)`); a `piece` of a tag (`onclick=`) anywhere.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sourceLine } from "./check_links.ts";
 * const page = (content: string) =>
 *   ({ src: "a.md", url: "/a/", data: {}, content, line: 4, engine: "md" as const });
 * assertEquals(sourceLine(page("Text.\n\nSee [next](other/).\n"), "/"), undefined);
 * assertEquals(sourceLine(page("Text.\n\nSee [home](/).\n"), "/"), 6);
 * assertEquals(sourceLine(page("[a]: /nowhere/\n\n[b][a]\n"), "/nowhere/"), 4);
 * assertEquals(sourceLine(page('x\n<a href=\'/NO/\'>n</a>\n'), "/no/"), 5);
 * assertEquals(sourceLine(page('x\n<p onClick="f()">\n'), "onclick=", true), 5);
 * ```
 */
export function sourceLine(
  page: Page,
  value: string,
  piece = false,
): number | undefined {
  if (page.engine !== "md") return undefined;
  if (!value) {
    // An empty link: a Markdown link without a target, or an empty attribute.
    const at = page.content.search(
      /\]\(\s*(?:<\s*>)?\s*\)|\s(?:href|src)\s*=\s*(?:""|'')/i,
    );
    return at < 0 ? undefined : page.line + lineOf(page.content, at) - 1;
  }
  const target = escapeRegExp(value);
  let at = piece
    ? page.content.toLowerCase().indexOf(value.toLowerCase())
    : page.content.search(new RegExp(`\\]\\(${target}[\\s)]|"${target}"`));
  if (at < 0 && !piece) {
    // Written otherwise (a reference, single quotes, another case): the
    // value whole, between delimiters.
    const found = new RegExp(`(^|[\\s(<'":=])${target}(?=[\\s)>'"]|$)`, "im")
      .exec(page.content);
    if (found) at = found.index + found[1].length;
  }
  return at < 0 ? undefined : page.line + lineOf(page.content, at) - 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export default checkLinks;
