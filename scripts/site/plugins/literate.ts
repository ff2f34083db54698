/**
 * Literate pages, docco style: each exercise script is published with its
 * prose (the `//` comments and the top-level `/** … *\/` blocks, as Markdown
 * with math) beside its code, highlighted at build time with highlight.js.
 * The exercise's page links to it and it links back. With `dependsOn`, the
 * rendered scripts are kept in the build cache (`cache.ts`) until the code
 * changes.
 *
 * @module
 */
import { htmlSubscripts } from "../../charts/_subscripts.ts";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import { basename } from "@std/path";
import { type Site, walk } from "../core/site.ts";
import { CachedMap, type Dependency } from "../core/cache.ts";
import { TextMemo } from "../core/memo.ts";
import type { MarkdownIt } from "./_markdown_it.ts";
import { pagePart } from "./exercise_parts.ts";
import { showsResults } from "./results.ts";
import { loadHighlighter } from "./markdown.ts";
import { fill, stringsOf } from "./multilanguage.ts";
import { tidyHighlight } from "./_highlight.ts";

hljs.registerLanguage("typescript", typescript);

/** Options of the literate plugin. */
export interface LiterateOptions {
  /** The folder of the scripts. */
  dir?: string;
  /** The URL of a script's page, from its id. */
  url?: (id: string) => string;
  /**
   * The test file of a script, from its id: shown on a page of its own,
   * `tests/` below the script's, linked from the script's page, so that a
   * reader sees how each number is checked (skipped when it is missing).
   */
  tests?: (id: string) => string;
  /** The layout of the literate pages. */
  layout?: string;
  /** The URL of the highlighting stylesheet (copied with the assets). */
  styles?: string;
  /**
   * What the scripts are rendered with (this plugin, the Markdown and math
   * plugins, `_config.ts`): when given, each script's page is kept in the
   * build cache, by the script's text, under a fingerprint of them.
   */
  dependsOn?: Dependency[];
}

/** One row of a literate page: some prose and the code it explains. */
export interface Section {
  prose: string;
  code: string;
}

/** Publish every script of `dir` (but `mod.ts` and `_private.ts`) as a page. */
export function literate(options: LiterateOptions = {}) {
  const { dir, url, tests, layout, styles, dependsOn } = {
    dir: "scripts/exercises",
    url: (id: string) => `/scripts/${id}/`,
    tests: (id: string) => `tests/exercises/${id}_test.ts`,
    layout: "layouts/literate.vto",
    styles: "/assets/highlight.css",
    ...options,
  };
  return (site: Site) => {
    site.data("highlightCss", styles);
    // A script's page is a pure function of its text: a process that builds
    // again (`serve`) renders only scripts whose text changed, and a build
    // whose code is unchanged takes them from the cache.
    const cached = new CachedMap(site, "literate", dependsOn);
    // Each script's sections, and each page's English marked as such, while
    // the script is the same: `serve` rebuilds them at every edit to a page.
    const parsed = new TextMemo<{ sections: Section[]; title?: string }>();
    const marked = new TextMemo<string>();
    site.preprocess(async () => {
      parsed.sweep();
      marked.sweep();
      // A folder of plain pages shows no script.
      if (!showsResults(site.pages)) return;
      const md = site.globalData.markdownIt as MarkdownIt;
      await cached.load();
      for await (const file of walk(dir)) {
        const name = basename(file);
        if (
          !name.endsWith(".ts") || name === "mod.ts" || name.startsWith("_")
        ) continue;
        const id = name.replace(/\.ts$/, "");
        const script = await Deno.readTextFile(file);
        const testFile = tests(id);
        const test = await Deno.readTextFile(testFile).catch(() => undefined);
        // For code blocks in their prose.
        await loadHighlighter(`${script}\n${test ?? ""}`);
        const { sections, title } = parsed.get(file, [script], () => {
          const sections = parseLiterate(script);
          const title = titleOf(sections);
          // The layout shows the title: drop the `# Title` line from the
          // prose.
          const first = sections.find((s) => /^#\s+/m.test(s.prose));
          if (first) first.prose = first.prose.replace(/^#\s+.+$/m, "").trim();
          return { sections, title };
        });
        // The pages of each language: the script and its tests, with the
        // same code and English comments; another language's pages say so
        // and link the exercise's pages in that language (else English).
        const defaultLang = site.defaultLang;
        const languages = (site.globalData.languages as string[] | undefined) ??
          [defaultLang];
        // The sections and the tests, rendered once for every language.
        const sectionsHtml = cached.get(script) ??
          cached.set(script, renderSections(sections, md, file)).get(script)!;
        const key = `tests\0${testFile}\0${test}`;
        const testsSections = test === undefined ? undefined : (
          cached.get(key) ??
            cached.set(
              key,
              renderSections(parseLiterate(test), md, testFile, "t"),
            )
              .get(key)!
        );
        const partsOf = (lang: string) =>
          site.pages.filter((p) =>
            p.data.exercise === id && p.engine === "md" &&
            (p.data.lang ?? defaultLang) === lang
          );
        for (const lang of languages) {
          const t = stringsOf(site, lang);
          const prefix = lang === defaultLang ? "" : `/${lang}`;
          // Every part of the exercise names its script; the script's page
          // names the first part.
          const own = partsOf(lang);
          const exerciseParts = own.length ? own : partsOf(defaultLang);
          const exercisePage = exerciseParts.find((p) => pagePart(p) === 1);
          const scriptData = { id, path: file, url: prefix + url(id) };
          const testsData = test === undefined
            ? undefined
            : { path: testFile, url: `${prefix}${url(id)}tests/` };
          // An exercise in parts: its later pages too.
          const laterParts = exerciseParts.filter((p) => pagePart(p) > 1)
            .sort((a, b) => pagePart(a) - pagePart(b))
            .map((p) => ({ url: p.url, title: p.data.title }));
          const exerciseData = exercisePage
            ? {
              url: exercisePage.url,
              title: exercisePage.data.title,
              ...(laterParts.length ? { parts: laterParts } : {}),
            }
            : undefined;
          const heading = title ?? id;
          // The page's name in its language: the script's title is in its
          // comments' (English); another language's page is named by its
          // exercise's title there, so that a tab or a bookmark reads in one
          // language.
          const named = lang !== defaultLang && own.length && exerciseData
            ? exerciseData.title as string
            : heading;
          // The prose and code stay English on another language's page:
          // say so to the browser (fonts, hyphens) and to screen readers.
          const inLanguage = (html: string, from: string) =>
            lang === defaultLang ? html : marked.get(
              `${lang} ${from}`,
              [html],
              () =>
                html.replaceAll(
                  'class="lit-row"',
                  `class="lit-row" lang="${defaultLang}"`,
                ),
            );
          site.addPage({
            src: file,
            line: 1,
            url: scriptData.url,
            engine: "html",
            data: {
              title: fill(t["lit-script-title"] ?? "{title}: the script", {
                title: named,
              }),
              heading,
              layout,
              lang,
              nav: false,
              script: { ...scriptData, tests: testsData },
              exercisePage: exerciseData,
              description: fill(
                t["lit-script-description"] ?? SCRIPT_DESCRIPTION,
                { path: file, exercise: id },
              ),
            },
            content: inLanguage(sectionsHtml, file) +
              (testsData === undefined ? "" : testsLinkHtml(testsData, t)),
          });
          // The test file has a page of its own, rendered like the script:
          // on the script's page it would double its weight.
          if (testsSections !== undefined && testsData !== undefined) {
            site.addPage({
              src: testFile,
              line: 1,
              url: testsData.url,
              engine: "html",
              data: {
                title: fill(t["lit-tests-title"] ?? "{title}: the tests", {
                  title: named,
                }),
                heading,
                layout,
                lang,
                nav: false,
                script: { ...scriptData, tests: testsData },
                testsPage: true,
                exercisePage: exerciseData,
                description: fill(
                  t["lit-tests-description"] ?? TESTS_DESCRIPTION,
                  { path: testFile, exercise: id },
                ),
              },
              content:
                `<p class="lit-tests-intro">${
                  t["lit-tests-whole"] ?? TESTS_WHOLE
                }</p>\n` + inLanguage(testsSections, testFile),
            });
          }
          for (const part of own) {
            part.data.script = { ...scriptData, tests: testsData };
            // A link to the page, shared, says what it is, not what the
            // notes are.
            part.data.description ??= fill(
              t["exercise-description"] ?? EXERCISE_DESCRIPTION,
              { exercise: id, title: String(part.data.title) },
            );
          }
        }
      }
      await cached.store();
    });
  };
}

/** The description of a script's page, without the words of a language. */
const SCRIPT_DESCRIPTION = "{path}, the script of exercise {exercise}: its " +
  "worked solution as code, to read from top to bottom, with the numbers " +
  "it computes.";

/** The description of a tests' page, without the words of a language. */
const TESTS_DESCRIPTION = "{path}: the tests of exercise {exercise}, each " +
  "number of its script checked against a computation that shares none of " +
  "its code.";

/** The description of an exercise's page, without the words of a language. */
const EXERCISE_DESCRIPTION = "Exercise {exercise}, worked: {title}. Every " +
  "number on the page is computed by a script and checked by a test.";

/** What the tests' page says of them, without the words of a language. */
const TESTS_WHOLE = "The tests run by <code>deno task test</code> " +
  "compare each number the script returns with a computation that does not " +
  "share its code (finite differences, automatic differentiation, exact " +
  "fractions, a second method). Here is the whole file.";

/**
 * Where the test file used to be shown below the script: a link to its
 * page, in the words `t` of the page's language.
 */
function testsLinkHtml(
  tests: { path: string; url: string },
  t: Record<string, string>,
): string {
  const link = `<a href="${tests.url}"><code>${tests.path}</code></a>`;
  return `<h2 id="tests" class="lit-tests-heading">${
    t["lit-tests-heading"] ?? "How these numbers are checked"
  }</h2>\n` +
    `<p class="lit-tests-intro">${
      fill(
        t["lit-tests-link"] ??
          "The tests run by <code>deno task test</code> " +
            "compare each number the script returns with a computation that does not " +
            "share its code (finite differences, automatic differentiation, exact " +
            "fractions, a second method): read them, prose beside code like this " +
            "script, in {tests}.",
        { tests: link },
      )
    }</p>\n`;
}

/**
 * The `# Title` of the script's module comment, with the typographic
 * apostrophe the prose gets from Markdown (the book’s, not the book's):
 * a comment is typed in ASCII.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { titleOf } from "./literate.ts";
 * assertEquals(
 *   titleOf([{ prose: "# The book's RNN at t = 3\n\nText.", code: "" }]),
 *   "The book’s RNN at t = 3",
 * );
 * assertEquals(titleOf([{ prose: "No title.", code: "" }]), undefined);
 * ```
 */
export function titleOf(sections: Section[]): string | undefined {
  for (const section of sections) {
    const match = /^#\s+(.+)$/m.exec(section.prose);
    if (match) return match[1].trim().replace(/(?<=\p{L})'(?=\p{L})/gu, "’");
  }
  return undefined;
}

const DIRECTIVE = /^\s*\/\/(#|\s*(deno-lint|deno-fmt|@ts-|eslint|prettier))/;

/**
 * Split a script into sections of prose and code. Prose is every full-line
 * `//` comment (at any indentation) and every `/** … *\/` or `/* … *\/` block
 * that starts in the first column; everything else, including the JSDoc of
 * fields inside interfaces, stays code.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseLiterate } from "./literate.ts";
 * assertEquals(parseLiterate("// Add.\nconst x = 1 + 1;\n"), [
 *   { prose: "Add.", code: "const x = 1 + 1;" },
 * ]);
 * ```
 */
export function parseLiterate(source: string): Section[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const sections: Section[] = [];
  let prose: string[] = [];
  let code: string[] = [];
  const flush = () => {
    const text = trimBlank(code).join("\n");
    const words = prose.join("\n").trim();
    if (words || text) sections.push({ prose: words, code: text });
    prose = [];
    code = [];
  };
  const addProse = (line: string) => {
    if (code.some((l) => l.trim() !== "")) flush();
    prose.push(line);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*\/\/(?!\/)/.test(line) && !DIRECTIVE.test(line)) {
      addProse(line.replace(/^\s*\/\/ ?/, ""));
      continue;
    }
    if (/^\/\*/.test(line)) {
      const block: string[] = [];
      let j = i;
      for (; j < lines.length; j++) {
        block.push(lines[j]);
        if (lines[j].includes("*/")) break;
      }
      const text = block.join("\n")
        .replace(/^\/\*\*?\s?/, "")
        .replace(/\s*\*\/\s*$/, "")
        .split("\n")
        .map((l) => l.replace(/^\s*\* ?/, "").replace(/^\s*\*$/, ""))
        .filter((l) => !/^@module\b/.test(l.trim()))
        .join("\n");
      const after = lines[j + 1] ?? "";
      // A JSDoc block right above a declaration documents it: keep them together.
      addProse(text);
      if (prose.length && after.trim() === "") prose.push("");
      i = j;
      continue;
    }
    if (line.trim() === "" && code.length === 0 && prose.length) {
      prose.push("");
      continue;
    }
    code.push(line);
  }
  flush();
  return sections;
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === "") start++;
  while (end > start && lines[end - 1].trim() === "") end--;
  return lines.slice(start, end);
}

/** The sections as HTML rows: prose (Markdown, math) and highlighted code. */
export function renderSections(
  sections: Section[],
  md: MarkdownIt,
  file: string,
  idPrefix = "s",
): string {
  const rows = sections.map((section, index) => {
    // The comments write formulas as plain text (`h_t`): subscripts are set
    // as subscripts.
    const prose = section.prose
      ? htmlSubscripts(md.render(section.prose, {
        page: { src: file, line: 1, data: {} },
        toc: [],
      }))
      : "";
    const code = section.code
      ? `<pre class="lit-code" tabindex="0"><code class="hljs language-typescript">${
        tidyHighlight(
          hljs.highlight(section.code, { language: "typescript" }).value,
        )
      }</code></pre>`
      : "";
    return `<section class="lit-row" id="${idPrefix}${index + 1}">` +
      `<div class="lit-prose">${prose}</div>` +
      `<div class="lit-code-cell">${code}</div></section>`;
  });
  return `<div class="literate">${rows.join("\n")}</div>\n`;
}

export default literate;
