import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { builtSite, listFiles } from "./_build.ts";
import { SOLUTION_WORDS } from "../../scripts/site/plugins/solutions.ts";

/** The words of a page's solution and self-check, by its `<html lang>`. */
function wordsOf(html: string) {
  const lang = /<html lang="([^"-]+)/.exec(html)?.[1] ?? "en";
  const words = SOLUTION_WORDS[lang];
  assert(words, `no solution words for lang="${lang}"`);
  return words;
}

/** `text` as a regular expression matching exactly it. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every built page that has a Solution section: its path and its HTML. */
async function solutionPages(): Promise<[string, string][]> {
  const dir = await builtSite();
  const pages: [string, string][] = [];
  for (const file of await listFiles(dir)) {
    if (!file.endsWith(".html")) continue;
    const html = await Deno.readTextFile(join(dir, file));
    if (html.includes('<h2 id="solution">')) pages.push([file, html]);
  }
  return pages;
}

Deno.test("every Solution section is folded into a closed <details>, up to the next section", async () => {
  const pages = await solutionPages();
  assert(pages.length >= 15, `only ${pages.length} pages with a solution`);
  for (const [file, html] of pages) {
    const after = html.slice(html.indexOf('<h2 id="solution">'));
    const details = new RegExp(
      `<details class="solution">\\n<summary>${
        literal(wordsOf(html).summary)
      }<\\/summary>\\n([\\s\\S]*?)<\\/details>\\n(<h2|\\s*<\\/div>)`,
    ).exec(after);
    assert(details, `${file}: no <details> after the Solution heading`);
    // Everything from the heading to the next h2 (or the end) is inside.
    const section = /^<h2 id="solution">[\s\S]*?(?=<h2 |<\/div>\s*<\/article>)/
      .exec(after)![0];
    assert(
      section.trimEnd().endsWith("</details>"),
      `${file}: the section goes on after </details>`,
    );
    assert(!details![1].includes("<h2"), `${file}: another section inside`);
    const before = section.slice(0, section.indexOf("<details"));
    assert(
      !/<math|data-num/.test(
        before.replace(/<section class="self-check"[\s\S]*?<\/section>/, ""),
      ),
      `${file}: something of the solution is outside the <details>`,
    );
  }
});

Deno.test("what the source solutions get wrong is folded as the solution is, on every page that says it", async () => {
  let folded = 0;
  for (const [file, html] of await solutionPages()) {
    const { critique } = wordsOf(html);
    const heading = new RegExp(
      `<h2 id="[^"]+">${literal(critique.heading)}</h2>\\n`,
    ).exec(html);
    if (!heading) continue;
    const after = html.slice(heading.index + heading[0].length);
    assert(
      after.startsWith(
        `<details class="critique">\n<summary>${critique.summary}</summary>\n`,
      ),
      `${file}: the critique is not folded`,
    );
    // Closed, and everything up to the next section inside.
    const section = after.slice(0, after.search(/<h2 |<\/div>\s*<\/article>/));
    assert(section.trimEnd().endsWith("</details>"), `${file}: goes on after`);
    assert(/<(li|p)>/.test(section), `${file}: an empty critique`);
    folded++;
  }
  // The fifteen exercises of the homework and gradient clipping's, in both
  // languages.
  assertEquals(folded, 32);
});

Deno.test("the errata that concern an exercise are folded too, their heading in view: no erratum's title is in view before the reader opens something", async () => {
  // Their titles give parts of the answer away ("“Any” eigenvalue above 1
  // answered as “all”").
  let lists = 0;
  for (const [file, html] of await solutionPages()) {
    const { document } = parseHTML(html);
    const heading = document.querySelector(
      "main h2#errata-that-concern-this-exercise",
    );
    const links = [
      ...document.querySelectorAll('main a[href*="/errata/seed-"]'),
    ];
    for (const link of links) {
      assert(
        link.closest("details.solution, details.critique"),
        `${file}: ${
          link.getAttribute("href")
        } is in view before any fold is opened`,
      );
    }
    if (!heading) continue;
    lists++;
    // The heading, its one sentence, then the closed list of every erratum.
    const fold = heading.nextElementSibling?.nextElementSibling;
    assertEquals(fold?.tagName, "DETAILS", `${file}: the list is not folded`);
    assertEquals(fold!.getAttribute("class"), "critique", file);
    assertEquals(fold!.getAttribute("open"), null, `${file}: open`);
    const items = fold!.querySelectorAll(":scope > ul > li > a").length;
    assert(items > 0, `${file}: an empty list`);
    // How many, or (in English) that there is one.
    const summary = fold!.querySelector("summary")!.textContent!;
    assert(
      summary.includes(String(items)) ||
        (items === 1 && summary === "Show the erratum"),
      `${file}: the summary does not say how many errata (${items}): ${summary}`,
    );
  }
  // Each exercise the audit finds errata for, in both languages.
  const audit = JSON.parse(
    await Deno.readTextFile(join(await builtSite(), "results.json")),
  ).errata as { exercises: { errata: unknown[] }[] };
  const concerned = audit.exercises.filter((e) => e.errata.length).length;
  assert(concerned > 10, `only ${concerned} exercises have errata`);
  assertEquals(lists, 2 * concerned);
});

/**
 * The ids in the folded section whose `<details>` has `className`: from it
 * to the next section (a `<details>` may hold others, a figure's data).
 */
function idsFolded(html: string, className: string): Set<string> {
  const start = html.indexOf(`<details class="${className}">`);
  if (start < 0) return new Set();
  const next = html.indexOf("<h2 ", start);
  const section = html.slice(start, next < 0 ? html.length : next);
  return new Set([...section.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

Deno.test("the table of contents marks the parts of the folded solution, and only those (the stylesheet hides them while it is closed)", async () => {
  let parts = 0;
  for (const [file, html] of await solutionPages()) {
    const inside = idsFolded(html, "solution");
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
    for (
      const [, classes, id] of toc.matchAll(
        /<li class="([^"]*)"><a href="#([^"]+)"/g,
      )
    ) {
      const marked = classes.split(" ").includes("toc-in-solution");
      assert(
        marked === inside.has(id),
        `${file}: #${id} ${marked ? "marked" : "not marked"} as the solution's`,
      );
      if (marked) parts++;
    }
  }
  assert(parts > 40, `only ${parts} parts of solutions listed`);
});

Deno.test("nothing a reader meets before trying leads into what is folded: only the table of contents links there", async () => {
  // A link into a closed <details> opens it (Chromium does, on following
  // the link): a figure the question shows the reader must not sit inside.
  let targets = 0;
  for (const [file, html] of await solutionPages()) {
    const inside = new Set([
      ...idsFolded(html, "solution"),
      ...idsFolded(html, "critique"),
    ]);
    targets += inside.size;
    const open = html.indexOf('<details class="solution">');
    const main = html.slice(html.indexOf("<main"), open)
      .replace(/<nav class="toc"[\s\S]*?<\/nav>/, "");
    const into = [...main.matchAll(/href="#([^"]+)"/g)]
      .map((m) => m[1]).filter((id) => inside.has(id));
    assert(
      into.length === 0,
      `${file}: the question links into what is folded: #${into.join(", #")}`,
    );
  }
  assert(targets > 300, `only ${targets} ids inside the folded sections`);
});

Deno.test("every self-check asks for a number the solution shows, with its tolerance stated", async () => {
  let checks = 0;
  for (const [file, html] of await solutionPages()) {
    const solution = html.slice(html.indexOf('<details class="solution">'));
    // The numbers shown in the solution, in full (data-num of num and tex).
    const shown = [...solution.matchAll(/data-num="([^"]+)"/g)].map((m) =>
      Number(m[1])
    );
    for (
      const form of html.matchAll(
        /<form class="check" data-expected="([^"]+)" data-tolerance="([^"]+)">([\s\S]*?)<\/form>/g,
      )
    ) {
      checks++;
      const expected = Number(form[1]);
      const tolerance = Number(form[2]);
      assert(
        Number.isFinite(expected) && tolerance >= 0,
        `${file}: ${form[0]}`,
      );
      assert(
        shown.some((x) =>
          Math.abs(x - expected) <= 1e-12 * Math.max(Math.abs(x), 1)
        ),
        `${file}: the check for ${expected} asks for a number its solution does not show`,
      );
      assert(
        /<input [^>]*disabled/.test(form[3]),
        `${file}: field enabled without JavaScript`,
      );
      // A phone's keypad for numbers (iOS's decimal pad) has no minus sign,
      // and answers are negative, fractions or powers of ten: no inputmode
      // that asks for one.
      assert(
        !/<input [^>]*inputmode="(decimal|numeric|tel)"/.test(form[3]),
        `${file}: the field asks a phone for a keypad without a minus sign`,
      );
      const words = wordsOf(html);
      // (A number tied to its word by a no-break space: 容差 0.5%.)
      const stated = `(${
        literal(words.within("%%")).replace("%%", "[\\d.]+%")
      }|${literal(words.exact)})`.replaceAll(" ", "[ \u00a0]");
      assert(
        new RegExp(`class="check-tolerance"[^>]*>${stated}<`).test(form[3]),
        `${file}: no tolerance stated`,
      );
    }
    if (html.includes('class="check"')) {
      assert(html.includes('<script src="/assets/self-check.js" defer>'), file);
    }
  }
  assert(checks >= 15, `only ${checks} self-checks`);
});
