/**
 * Vento, the template engine of Lume: renders the `{{ … }}` tags of a page's
 * Markdown before markdown-it sees it, and the layouts in `_includes/`.
 *
 * Errors name the page and the line of the tag that failed.
 *
 * @module
 */
// Vento's entry without its Node file loader: loading Node's file system
// module costs every build a tenth of a second of its start.
import ventoEngine from "ventojs/web.js";
import type { Environment, Loader } from "ventojs/core/environment.js";
import { dirname, join } from "@std/path";
import { RuntimeError, SourceError } from "ventojs/core/errors.js";
import {
  BuildError,
  type Filter,
  lineOf,
  type Page,
  type Site,
} from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";
import { chromeWords, fill, type Strings } from "./multilanguage.ts";

/** Options of the Vento plugin. */
export interface VentoOptions {
  /**
   * Escape every `{{ expression }}` of the layouts and partials (on by
   * default; page bodies, which are Markdown, are not): a front-matter title
   * with `<img onerror=…>` is shown as text. What the site's filters return
   * (numbers, formulas, charts) and `{{ x |> safe }}` are not escaped.
   */
  autoescape?: boolean;
  /** How deep includes may nest before it counts as a cycle. */
  maxIncludeDepth?: number;
}

/** Render page bodies and layouts with Vento. */
export function vento(options: VentoOptions = {}) {
  const { autoescape, maxIncludeDepth } = {
    autoescape: true,
    maxIncludeDepth: 20,
    ...options,
  };
  return (site: Site) => {
    let env: Environment;
    let strictEnv: Environment;
    /** The layouts found in this build. */
    let layouts = new Set<string>();
    /**
     * The words of the chrome for pages that have none (`t`), read once a
     * build: a site without the multilanguage plugin, which gives every
     * page its language's, gets the site language's.
     */
    let words: Promise<Strings> | undefined;
    site.addEventListener("beforeBuild", () => {
      layouts = new Set();
      words = undefined;
      // A fresh environment per build: layouts edited in `serve` are re-read.
      const includes = new TemplateFiles(site.options.includes);
      env = ventoEngine({ includes, autoescape });
      setUp(env, site, maxIncludeDepth);
      // Page bodies are strict: an unknown name is an error, not an empty
      // string (TeX's `x^{{2}}` would otherwise silently lose the 2).
      // Page bodies are Markdown and TeX, not HTML: their values are not
      // escaped (an `&apos;` would break a formula); what they make is
      // checked as HTML after the render (`check_links.ts`).
      strictEnv = ventoEngine({
        includes,
        autoescape: false,
        strict: true,
      });
      setUp(strictEnv, site, maxIncludeDepth);
    });
    site.engines.template = {
      async render(source, data, page) {
        checkLanguage(page, site);
        try {
          (globalThis as { __pos?: number }).__pos = undefined;
          const result = await strictEnv.runString(source, data);
          return result.content as string;
        } catch (error) {
          throw toBuildError(error, page, source, page.line);
        }
      },
      async renderLayout(layout, data, page) {
        const file = `${site.options.includes}/${layout}`;
        try {
          // Once per layout and build, not once per page.
          if (!layouts.has(file)) await Deno.stat(file);
          layouts.add(file);
        } catch (error) {
          // Only a layout that is not there is "does not exist".
          if (!(error instanceof Deno.errors.NotFound)) throw error;
          throw new BuildError(
            `layout "${layout}" does not exist (looked for ${file})`,
            page.src,
            fileFrontMatterLine(page.src, "layout"),
          );
        }
        checkLanguage(page, site);
        if (data.t === undefined) {
          words ??= chromeWords(site.options.includes, site.defaultLang);
          data = { ...data, t: await words };
        }
        try {
          const result = await env.run(layout, data);
          return result.content as string;
        } catch (error) {
          throw toBuildError(error, page, undefined, 1, site.options.includes);
        }
      },
    };
  };
}

/**
 * The templates of the folder `root`, read with Deno: the paths of Vento's
 * own file loader (`ventojs/loaders/file.js`: `./x` from the including
 * template's folder, anything else from `root`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { TemplateFiles } from "./vento.ts";
 * const files = new TemplateFiles("_includes");
 * assertEquals(files.resolve("", "layouts/page.vto"), "_includes/layouts/page.vto");
 * assertEquals(files.resolve("_includes/layouts/page.vto", "./nav.vto"), "_includes/layouts/nav.vto");
 * assertEquals(files.resolve("", "_includes/a.vto"), "_includes/a.vto");
 * ```
 */
export class TemplateFiles implements Loader {
  #root: string;

  /** @param root the folder of the templates */
  constructor(root: string) {
    this.#root = root;
  }

  /** The template's text. */
  async load(file: string): Promise<{ source: string }> {
    return { source: await Deno.readTextFile(file) };
  }

  /** The path of `file`, included from the template `from`. */
  resolve(from: string, file: string): string {
    if (file.startsWith(".")) return join(dirname(from), file);
    if (file.startsWith(this.#root)) return file;
    return join(this.#root, file);
  }
}

/**
 * Give `env` the site's filters, whose HTML is not escaped again (they are
 * code, not data), make `escape` safe to apply under autoescape, and stop an
 * include that includes itself (directly or not) at once, naming the chain,
 * rather than letting it grow until memory runs out.
 */
function setUp(env: Environment, site: Site, maxDepth: number): void {
  const safe = env.utils.safeString as (text: string) => unknown;
  const escape = env.filters.escape;
  env.filters.escape = function (this: unknown, value: unknown) {
    return safe(escape.call(this as ThisParameterType<typeof escape>, value));
  };
  const marked = (result: unknown) =>
    typeof result === "string" ? safe(result) : result;
  // The layouts fill the chrome's `{slots}` with `fill`, which the
  // multilanguage plugin registers; a site without it gets the same.
  const filters: Record<string, Filter> = { fill, ...site.filters };
  for (const [name, filter] of Object.entries(filters)) {
    // Vento awaits a filter only if it is an async function.
    env.filters[name] = filter.constructor?.name === "AsyncFunction"
      ? async function (this: unknown, ...args: unknown[]) {
        return marked(
          await filter.apply(this as { data: unknown }, args as [unknown]),
        );
      }
      : function (this: unknown, ...args: unknown[]) {
        return marked(
          filter.apply(this as { data: unknown }, args as [unknown]),
        );
      };
  }
  // Renders run one at a time, so one stack of includes is enough.
  const chain: string[] = [];
  const run = env.run.bind(env);
  env.run = async (
    file: string,
    data?: Record<string, unknown>,
    from?: string,
    at?: number,
  ) => {
    const name = String(file);
    if (chain.includes(name) || chain.length >= maxDepth) {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      throw new BuildError(
        chain.includes(name)
          ? `include cycle: ${
            cycle.join(" → ")
          } (a partial that includes itself never ends)`
          : `includes nested deeper than ${maxDepth}: ${chain.join(" → ")}`,
        `${site.options.includes}/${chain.at(-1) ?? name}`,
      );
    }
    chain.push(name);
    try {
      return await run(file, data, from, at);
    } catch (error) {
      // The innermost template that failed, for the message (Vento names
      // it only when the template does not compile).
      if (error && typeof error === "object" && !("file" in error)) {
        Object.assign(error, { file: name });
      }
      throw error;
    } finally {
      chain.pop();
    }
  };
}

/**
 * Fail, naming the page and its `lang:` line, when a page is in a language
 * other than the site's and the site has no other: no multilanguage plugin
 * set `languages`. Its words (the chrome's, the glossary's) and its links
 * need that plugin; the layouts would give it the site language's.
 */
function checkLanguage(page: Page, site: Site): void {
  const lang = page.data.lang ?? site.defaultLang;
  if (
    lang === site.defaultLang || Array.isArray(site.globalData.languages)
  ) {
    return;
  }
  throw new BuildError(
    `\`lang: ${lang}\`, but the site is in ${site.defaultLang} only: a page in another language needs the multilanguage plugin (\`.use(multilanguage({ languages: ["${site.defaultLang}", "${lang}"] }))\` in _config.ts)`,
    page.src,
    fileFrontMatterLine(page.src, "lang"),
  );
}

/**
 * A Vento error (or one thrown by a filter) as a BuildError at its line.
 * Vento's error classes carry the context: a `SourceError` (a template that
 * does not compile) its `file`, `source` and `position`; a `RuntimeError`
 * (code of a tag that threw) its `cause` and the `position` of the tag.
 */
function toBuildError(
  error: unknown,
  page: Page,
  source?: string,
  firstLine = 1,
  includes = "_includes",
): BuildError {
  if (error instanceof BuildError && error.file) return error;
  const cause = error instanceof RuntimeError ? error.cause : error;
  if (cause instanceof BuildError && cause.file) return cause;
  let message = cause instanceof Error ? cause.message : String(cause);
  if (/^Cannot read properties of (undefined|null)/.test(message)) {
    message +=
      " (a result path that does not exist? `deno task results` lists" +
      " them all; `r` is set only on a page whose front matter has `exercise:`)";
  }
  const context = error instanceof SourceError || error instanceof RuntimeError
    ? error as (SourceError | RuntimeError) & { file?: string }
    : undefined;
  if (context?.file && source === undefined) {
    const file = context.file.startsWith("/") ||
        context.file.startsWith(`${includes}/`)
      ? context.file
      : `${includes}/${context.file}`;
    let text = context instanceof SourceError ? context.source : undefined;
    try {
      text ??= Deno.readTextFileSync(file);
    } catch { /* no line, then */ }
    const line = text !== undefined && context.position !== undefined
      ? lineOf(text, context.position)
      : undefined;
    return new BuildError(
      `${message} (while rendering ${page.src} with this layout)`,
      file,
      line,
    );
  }
  // In strict mode Vento 2.4 runs the page's code in an inner function whose
  // `__pos = …` markers land on the global object, so its RuntimeError says
  // position 0: then the last marker is read from there.
  const globalPosition = (globalThis as { __pos?: number }).__pos;
  let offset = context?.position !== undefined && context.position > 0
    ? context.position
    : typeof globalPosition === "number"
    ? globalPosition
    : undefined;
  // Strict mode loses the position of an unknown name: find its first tag.
  const unknown = /^(\w+) is not defined$/.exec(message);
  if (unknown && source) {
    offset = source.search(new RegExp(`\\{\\{[^}]*\\b${unknown[1]}\\b`));
    message +=
      " (in a {{ }} tag; TeX braces must not touch: write { {n} }, not {{n}})";
  }
  // A tag that is not JavaScript fails when the whole template is compiled,
  // with no position: find the first tag that does not compile on its own.
  if (offset === undefined && cause instanceof SyntaxError && source) {
    offset = badTag(source);
    if (offset !== undefined) message += " (in this {{ }} tag)";
  }
  const line = source && offset !== undefined && offset >= 0
    ? firstLine + lineOf(source, offset) - 1
    : undefined;
  return new BuildError(message, page.src, line);
}

/** The offset of the first `{{ expression }}` that is not JavaScript. */
function badTag(source: string): number | undefined {
  const keyword =
    /^(if|else|for|set|include|layout|function|export|import|echo|\/|>|#)/;
  for (const tag of source.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const code = tag[1].trim();
    if (keyword.test(code)) continue;
    const expression = code.split("|>")[0];
    try {
      new Function(`return (${expression}\n);`);
    } catch {
      return tag.index;
    }
  }
  return undefined;
}

export default vento;
