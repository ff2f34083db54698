/**
 * Tests of the built site (built once, into a temporary folder): every
 * exercise has its page, every number shown is a result and is shown
 * correctly, no TeX is left unrendered, no internal link or anchor is broken,
 * every chart is captioned, named and linked to its data, and two builds are
 * byte-identical.
 *
 * The checks read the built HTML with linkedom and do not reuse the build's
 * own code (its number formatting or its link checker).
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { buildCommand } from "../../scripts/site/core/permissions.ts";
import { EXERCISES } from "../../scripts/exercises/mod.ts";
import { CHARTS } from "../../scripts/charts/mod.ts";
import { chartText, chartWords } from "../../scripts/charts/types.ts";
import { diagramWords } from "../../scripts/diagrams/types.ts";
import { figureWords } from "../../scripts/site/plugins/_figure_words.ts";
import { DIAGRAMS } from "../../scripts/diagrams/mod.ts";
import { computeAll, RESULT_SOURCES } from "../../scripts/results.ts";
import { BUDGETS, pageWeights } from "../../scripts/bench.ts";
import {
  minifyCssText,
  pruneCssText,
} from "../../scripts/site/plugins/minify_css.ts";
import { SLIM_MATHML_CSS } from "../../scripts/site/plugins/math.ts";
import { builtSite, listFiles, sourceFolder, urlOf } from "./_build.ts";
import { untiedNumbers } from "../../scripts/site/plugins/_ties.ts";

/** A parsed page of the built site. */
interface BuiltPage {
  file: string;
  url: string;
  html: string;
  document: Document;
}

/** The value, or a failed test saying what is missing. */
function must<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new Error(message);
  return value;
}

let pagesPromise: Promise<BuiltPage[]> | undefined;
function builtPages(): Promise<BuiltPage[]> {
  pagesPromise ??= (async () => {
    const dir = await builtSite();
    const files = (await listFiles(dir)).filter((f) =>
      f.endsWith(".html") && !f.startsWith("pagefind/")
    );
    return await Promise.all(files.map(async (file) => {
      const html = await Deno.readTextFile(join(dir, file));
      const { document } = parseHTML(html);
      return {
        file,
        url: urlOf(file),
        html,
        document: document as unknown as Document,
      };
    }));
  })();
  return pagesPromise;
}

let resultsPromise: Promise<Record<string, unknown>> | undefined;
function builtResults(): Promise<Record<string, unknown>> {
  resultsPromise ??= builtSite().then(async (dir) =>
    JSON.parse(await Deno.readTextFile(join(dir, "results.json")))
  );
  return resultsPromise;
}

let computed: Record<string, unknown> | undefined;
/**
 * Every result, computed in this process (once: three tests compare the
 * built site with it, and computing them all takes seconds).
 */
function computedResults(): Record<string, unknown> {
  computed ??= computeAll();
  return computed;
}

function numbersIn(value: unknown, into = new Set<number>()): Set<number> {
  if (typeof value === "number") into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => numbersIn(v, into));
  else if (value && typeof value === "object") {
    Object.values(value).forEach((v) => numbersIn(v, into));
  }
  return into;
}

/**
 * Read a number as a person reads it on the page: `−1.235 × 10−5`,
 * `1 048 576`, `0.9` (or its search twin: `−1.235 × 10^(-5)`). Returns the value and the place value of its last
 * digit (half of it is the largest rounding error the text allows).
 */
function readShown(text: string): { value: number; unit: number } {
  // Plain text writes the exponent with superscripts (the search's copy of
  // a formula, `1.5 × 10⁻⁴`); MathML with digits in a superscript element.
  const t = text.replace(/[\s\u202f\u200b]/g, "").replace(
    /[\u2212\u207b]/g,
    "-",
  )
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (d) => String("⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(d)));
  const match = /^(-?)(?:(\d+(?:\.\d+)?)(?:×10(-?\d+))?|10(-?\d+))$/.exec(t);
  if (!match) throw new Error(`cannot read the number "${text}"`);
  const [, sign, mantissa = "1", exponentA, exponentB] = match;
  const exponent = Number(exponentA ?? exponentB ?? 0);
  // Trailing zeros of a whole number may be rounding ("16300"): read them so.
  const decimals = mantissa.includes(".")
    ? mantissa.split(".")[1].length
    : -(/0*$/.exec(mantissa)![0].length);
  const value = Number(`${sign}${mantissa}`) * 10 ** exponent;
  return { value, unit: 10 ** (exponent - decimals) };
}

/**
 * The text of `element` without the elements `remove` matches, each put
 * back as `gap` (a line break keeps the texts on either side apart).
 */
function visibleText(element: Element, remove: string, gap = ""): string {
  const clone = element.cloneNode(true) as Element;
  for (const node of [...clone.querySelectorAll(remove)]) {
    if (gap) node.replaceWith(clone.ownerDocument.createTextNode(gap));
    else node.remove();
  }
  return clone.textContent ?? "";
}

/**
 * What a screen reader says of a page besides its text: the text
 * alternatives (`aria-label`, `alt`) and the titles and descriptions of its
 * drawings.
 */
function heardText(document: Document): string[] {
  return [...document.querySelectorAll("[aria-label], [alt], title, desc")]
    .map((element) =>
      element.getAttribute("aria-label") ?? element.getAttribute("alt") ??
        element.textContent ?? ""
    );
}

Deno.test("every exercise in EXERCISES has its page, and its script its literate page", async () => {
  const pages = await builtPages();
  const missing: string[] = [];
  for (const { id } of EXERCISES) {
    const page = pages.find((p) =>
      p.document.querySelector(
        `article[data-exercise="${id}"]:not([data-part])`,
      )
    );
    if (!page) {
      missing.push(id);
      continue;
    }
    // Exercise scripts live in scripts/exercises/ (results of other scripts,
    // such as the errata's, may be listed too, without a literate page).
    const isScript = await Deno.stat(`scripts/exercises/${id}.ts`).then(
      () => true,
      () => false,
    );
    if (!isScript) continue;
    const script = pages.find((p) => p.url === `/scripts/${id}/`);
    assert(script, `${id}: no literate page of its script`);
    assert(
      page.document.querySelector(`a[href="/scripts/${id}/"]`),
      `${page.url} does not link to its script`,
    );
  }
  assertEquals(missing, [], `exercises without a page: ${missing.join(", ")}`);
});

Deno.test("every exercise page links to the notation and the references, and they exist", async () => {
  const pages = await builtPages();
  const urls = new Set(pages.map((p) => p.url));
  // Each language's own: the Chinese exercises link to /zh/notation/.
  for (const prefix of ["", "/zh"]) {
    assert(
      urls.has(`${prefix}/notation/`) && urls.has(`${prefix}/references/`),
      `${prefix}/notation/ or ${prefix}/references/ missing`,
    );
  }
  // The Chinese notation has the English ids (its headings and anchors).
  for (
    const notation of pages.filter((p) => /^(\/zh)?\/notation\/$/.test(p.url))
  ) {
    for (
      const id of [
        "relative-error",
        "sigma",
        "diag",
        "hadamard",
        "spectral-radius",
        "norms",
        "jacobian-layout",
        "partial-vs-total",
        "numbers",
      ]
    ) {
      assert(
        notation.document.getElementById(id),
        `${notation.url} has no #${id}`,
      );
    }
  }
  const problems: string[] = [];
  for (const page of pages) {
    if (!page.document.querySelector("article[data-exercise]")) continue;
    const prefix = page.url.startsWith("/zh/") ? "/zh" : "";
    for (const href of [`${prefix}/notation/`, `${prefix}/references/`]) {
      if (!page.document.querySelector(`a[href="${href}"]`)) {
        problems.push(`${page.url} does not link to ${href}`);
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("results.json holds every result, as the scripts compute them", async () => {
  const published = await builtResults();
  const fresh = JSON.parse(JSON.stringify(computedResults()));
  assertEquals(Object.keys(published), RESULT_SOURCES.map((e) => e.id));
  assertEquals(published, fresh);
});

Deno.test("every number shown is a result, rounded correctly", async () => {
  const pages = await builtPages();
  const results = await builtResults();
  const allNumbers = numbersIn(results);
  let checked = 0;
  for (const page of pages) {
    for (const element of page.document.querySelectorAll("[data-num]")) {
      const value = Number(element.getAttribute("data-num"));
      assert(
        allNumbers.has(value),
        `${page.url}: ${value} is shown but is not in the results`,
      );
      const shown = readShown(element.textContent ?? "");
      const error = Math.abs(shown.value - value);
      assert(
        error <= shown.unit / 2 * (1 + 1e-9) + Math.abs(value) * 1e-15,
        `${page.url}: ${value} is shown as "${element.textContent}"`,
      );
      checked++;
    }
  }
  // Lists of numbers (vectors and matrices of the results page).
  for (const page of pages) {
    for (const element of page.document.querySelectorAll("[data-nums]")) {
      const values = element.getAttribute("data-nums")!.split(" ").map(Number);
      // A matrix has one element per entry, a vector reads "(a, b, c)".
      const cells = element.classList.contains("matrix")
        ? [...element.children]
        : [];
      const texts = cells.length
        ? cells.map((cell) => cell.textContent ?? "")
        : (element.textContent ?? "").replace(/^\(|\)$/g, "").split(", ");
      assertEquals(
        texts.length,
        values.length,
        `${page.url}: ${element.textContent}`,
      );
      values.forEach((value, i) => {
        assert(
          allNumbers.has(value),
          `${page.url}: ${value} is not in the results`,
        );
        const shown = readShown(texts[i]);
        assert(
          Math.abs(shown.value - value) <=
            shown.unit / 2 * (1 + 1e-9) + Math.abs(value) * 1e-15,
          `${page.url}: ${value} is shown as "${texts[i]}"`,
        );
        checked++;
      });
    }
  }
  assert(checked > 0, "no number is marked on any page");
});

Deno.test("no number with four or more significant digits is typed by hand", async () => {
  const pages = await builtPages();
  const decimals = /(?<![\w.])\d*\.\d+/g;
  const significant = (text: string) =>
    text.replace(".", "").replace(/^0+/, "").length;
  const problems: string[] = [];
  for (const page of pages) {
    if (page.url.startsWith("/scripts/")) continue;
    const main = page.document.querySelector("main");
    if (!main) continue;
    // A formula's hidden plain-text twin (for the search) repeats the
    // formula's numbers, which are checked in the math below.
    const prose = visibleText(
      main,
      "[data-num], [data-nums], [data-exact], [data-literal], math, [hidden], pre, code, svg, script, style",
    );
    for (const [number] of prose.matchAll(decimals)) {
      if (significant(number) >= 4) {
        problems.push(`${page.url}: "${number}" in the text`);
      }
    }
    // In math, a number is an <mn> (or text); those of the results sit
    // inside an element marked with their value.
    for (const element of main.querySelectorAll("math mn, math mtext")) {
      if (element.closest("[data-num], [data-exact]")) continue;
      for (const [number] of (element.textContent ?? "").matchAll(decimals)) {
        if (significant(number) >= 4) {
          problems.push(`${page.url}: "${number}" in math`);
        }
      }
    }
  }
  assertEquals(
    problems,
    [],
    "numbers that should come from the results with num or tex",
  );
});

Deno.test("no raw TeX is left outside the MathML", async () => {
  const pages = await builtPages();
  const problems: string[] = [];
  for (const page of pages) {
    const text = visibleText(
      page.document.body,
      "math, pre, code, script, style, svg",
    );
    // Any TeX command (`\\frac14` too), in the text or in a formula's
    // hidden search twin.
    const found = text.match(/\$|\\[A-Za-z]+/g);
    if (found) problems.push(`${page.url}: ${[...new Set(found)].join(" ")}`);
  }
  assertEquals(problems, []);
});

/**
 * The names of the TeX commands the notes write (`rho` for `\\rho`), from
 * the pages' sources, the errata data and the scripts' strings and
 * comments; but the operators that read as their name (`\\tanh`, `\\max`).
 */
async function texCommandNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const reads = new Set([
    "tanh",
    "max",
    "min",
    "log",
    "exp",
    "det",
    "cos",
    "cosh",
    "sin",
    "sinh",
    "arctan",
    "lim",
    "sup",
    "inf",
    "ln",
    "arg",
    // English words too (`\\text{right}`, `W_{\\mathrm{in}}`).
    "right",
    "left",
    "in",
  ]);
  const visit = async (dir: URL) => {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await visit(url);
      else if (/\.(md|yml|ts)$/.test(entry.name)) {
        const text = await Deno.readTextFile(url);
        // In a script's strings the backslash is doubled; a single one
        // before letters there is an escape (`\n`), but in comments.
        const tex = entry.name.endsWith(".ts")
          ? [
            ...text.matchAll(/\\\\([A-Za-z]{2,})/g),
            ...text.split("\n").filter((line) => /^\s*(\/\/|\*)/.test(line))
              .flatMap((line) => [...line.matchAll(/\\([A-Za-z]{2,})/g)]),
          ]
          : [...text.matchAll(/\\([A-Za-z]{2,})/g)];
        for (const [, name] of tex) if (!reads.has(name)) names.add(name);
      }
    }
  };
  for (const dir of ["content/", "scripts/audit/", "scripts/exercises/"]) {
    await visit(new URL(`../../${dir}`, import.meta.url));
  }
  return names;
}

Deno.test("a formula's search twin reads each command as what it shows (ρ, ←, ±, 𝟙), and no command of layout (\\hline, \\allowbreak) is left in it as a word", async () => {
  const pages = await builtPages();
  const names = await texCommandNames();
  // The test reads what it should: `\\rho` is among the names.
  assert(names.has("rho") && names.has("frac"), [...names].join(" "));
  const problems: string[] = [];
  for (const page of pages) {
    const twins = page.document.querySelectorAll(
      ".math-inline > [hidden], .math-display + [hidden], .math-layouts + [hidden]",
    );
    for (const twin of twins) {
      const words = (twin.textContent ?? "").match(/[A-Za-z]{2,}/g) ?? [];
      const left = words.filter((word) => names.has(word));
      if (left.length) {
        problems.push(
          `${page.url}: ${left.join(" ")} in "${twin.textContent}"`,
        );
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("no subscript or superscript is left as TeX (W_rec, g_τ, W^n), nor a prime as a quote (σ') in what a reader sees or hears: the text, the captions, the text alternatives", async () => {
  const pages = await builtPages();
  const problems: string[] = [];
  // A one-letter symbol, `_`, a subscript: not a name with an underscore.
  const subscript =
    /(?<![A-Za-z0-9_\u0370-\u03ff])[A-Za-z\u0370-\u03ff]_(?:\{[^{}]+\}|[0-9A-Za-z\u0370-\u03ff]+)/g;
  for (const page of pages) {
    // A formula's hidden search twin keeps TeX's underscores on purpose.
    const seen = visibleText(
      page.document.body,
      "math, pre, code, script, style, svg, [hidden]",
    );
    const heard = heardText(page.document);
    const text = [seen, ...heard].join("\n");
    // And no TeX superscript: `W^n`, `2n^2`, `^{d}`.
    const found = [
      ...text.match(subscript) ?? [],
      ...text.match(/[0-9A-Za-z)}]\^[{0-9A-Za-z]/g) ?? [],
      // A prime written as a quote: `σ'`, `tanh’(z)`.
      ...text.match(/[\u0370-\u03ff]['’]|[A-Za-z]['’][()]/g) ?? [],
    ];
    if (found.length) {
      problems.push(`${page.url}: ${[...new Set(found)].join(" ")}`);
    }
  }
  assertEquals(problems, []);
});

Deno.test("an apostrophe is the typographic one (activation’s, not activation's; notes’, not notes') in what a reader sees or hears: the text, the figures, the text alternatives; code aside", async () => {
  const pages = await builtPages();
  const problems: string[] = [];
  for (const page of pages) {
    const seen = visibleText(
      page.document.body,
      "math, pre, code, script, style, [hidden]",
    );
    const heard = heardText(page.document);
    // Between letters (activation's), or after a plural's s (notes' source).
    const found = [seen, ...heard].join("\n").match(
      /\S*(?:[A-Za-z]'[A-Za-z]|s'(?=[\s,.;:)]|$))\S*/gm,
    );
    if (found) problems.push(`${page.url}: ${[...new Set(found)].join(" ")}`);
  }
  assertEquals(problems, []);
});

Deno.test("a number keeps to its word on a narrow line (第\u00a01\u00a0题, 图\u00a02, Exercise\u00a02(c)): no breakable space parts them in the text; code and formulas aside", async () => {
  const pages = await builtPages();
  const problems: string[] = [];
  for (const page of pages) {
    // A figure's or an equation's reference is whole by itself (图 1,
    // (4)); a line may break after it.
    const seen = visibleText(
      page.document.body,
      "math, pre, code, script, style, svg, [hidden], .figref, .fig-number, .eqref",
      "\n",
    );
    const found = untiedNumbers(seen);
    if (found.length) {
      problems.push(`${page.url}: ${[...new Set(found)].join(" | ")}`);
    }
  }
  assertEquals(problems, []);
});

Deno.test("the references page of each language links each work to the pages of that language citing it, and says what the notes take from it in that language", async () => {
  const pages = await builtPages();
  const page = (url: string) =>
    must(pages.find((p) => p.url === url), `no page ${url}`).document;
  const han = /[\u4e00-\u9fff]/;
  for (
    const [url, lang] of [["/references/", "en"], ["/zh/references/", "zh"]]
  ) {
    const works = [...page(url).querySelectorAll(".references > li")];
    assert(works.length >= 7, `${url}: ${works.length} works`);
    for (const work of works) {
      const id = work.getAttribute("id");
      const links = [...work.querySelectorAll(".reference-cited a")];
      assert(links.length > 0, `${url} ${id}: no page cites it`);
      for (const link of links) {
        const href = link.getAttribute("href") ?? "";
        assertEquals(
          href.startsWith("/zh/"),
          lang === "zh",
          `${url} ${id}: ${href}`,
        );
      }
      const words = [
        work.querySelector(".reference-cited")?.textContent ?? "",
        work.querySelector(".reference-note")?.textContent ?? "",
      ];
      for (const text of words) {
        assertEquals(han.test(text), lang === "zh", `${url} ${id}: ${text}`);
      }
    }
  }
});

Deno.test("every work is cited by a citation, linked to its entry on the references page, never by hand as (Baldi and Hornik, 1989), in its language's brackets and words (et al., 等)", async () => {
  const pages = await builtPages();
  // Two names and a year, or a name, "et al." and a year, in any of the
  // ways the pages' two languages write them.
  const byHand =
    /\b[A-Z][\p{L}-]+(?: (?:and|&|与) [A-Z][\p{L}-]+| et al\.| 等人?)[,，]? ?[（(]?(?:1[89]|20)\d\d\b/u;
  const problems: string[] = [];
  for (const page of pages) {
    const main = page.document.querySelector("main");
    if (!main) continue;
    const text = visibleText(
      main,
      'a[href^="/references/"], a[href^="/zh/references/"], .references, math, pre, code, script, style, svg, [hidden]',
    );
    const found = byHand.exec(text);
    if (found) problems.push(`${page.url}: ${found[0]}`);
    // And set as its language sets it: "(…; … et al. …)", in Chinese
    // "（…；… 等 …）".
    const zh = page.url.startsWith("/zh/");
    for (const citation of main.querySelectorAll(".citation")) {
      const words = citation.textContent ?? "";
      const set = zh ? /^（[^()]+）$/ : /^\([^（）；]+\)$/;
      const other = zh ? /et al\./ : /等/;
      if (!set.test(words) || other.test(words)) {
        problems.push(`${page.url}: ${words}`);
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("on a Chinese page, English in emphasis is marked English: Chinese emphasis puts dots under the characters, which Latin words must not get", async () => {
  const pages = await builtPages();
  const problems: string[] = [];
  for (const page of pages.filter((p) => p.url.startsWith("/zh/"))) {
    for (const em of page.document.querySelectorAll("em")) {
      const text = em.textContent ?? "";
      if (!/[A-Za-z]{3,}/.test(text) || /[\u4e00-\u9fff]/.test(text)) continue;
      const lang = em.closest("[lang]")?.getAttribute("lang") ?? "";
      if (lang.startsWith("zh")) problems.push(`${page.url}: ${text}`);
    }
  }
  assertEquals(problems, []);
});

Deno.test("no internal link or anchor is broken, and nothing loads from another host", async () => {
  const dir = await builtSite();
  const pages = await builtPages();
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  const files = new Set(await listFiles(dir));
  const problems: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const links = page.document.querySelectorAll(
      "a[href], link[href], script[src], img[src], source[src], iframe[src]",
    );
    for (const element of links) {
      const value = element.getAttribute("href") ??
        element.getAttribute("src") ?? "";
      if (/^(mailto:|data:)/.test(value)) continue;
      if (/^[a-z]+:|^\/\//i.test(value)) {
        if (element.tagName.toLowerCase() !== "a") {
          problems.push(
            `${page.url}: <${element.tagName.toLowerCase()}> loads ${value}`,
          );
        }
        continue;
      }
      const url = new URL(value, `http://notes.test${page.url}`);
      const path = decodeURIComponent(url.pathname);
      const file = path.endsWith("/")
        ? `${path.slice(1)}index.html`
        : path.slice(1);
      if (!files.has(file)) {
        problems.push(`${page.url}: "${value}" leads nowhere`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      const target = byUrl.get(path.endsWith("/") ? path : urlOf(file));
      if (anchor && target && !target.document.getElementById(anchor)) {
        problems.push(
          `${page.url}: "${value}": no element with id "${anchor}"`,
        );
      }
      checked++;
    }
  }
  assertEquals(problems, []);
  assert(checked > 100, `only ${checked} links checked`);
});

Deno.test("every chart is shown with a caption, an accessible name and its data as CSV", async () => {
  const dir = await builtSite();
  const pages = await builtPages();
  const results = await builtResults();
  const shown = new Map<string, string>();
  for (const page of pages) {
    for (const figure of page.document.querySelectorAll("figure.chart")) {
      const name = (figure.getAttribute("id") ?? "").replace(/^fig-/, "");
      const spec = must(
        CHARTS.find((chart) => chart.name === name),
        `${page.url}: figure ${name} is not a chart of CHARTS`,
      );
      // Once in each language, in the words of the page's.
      const lang = page.url.startsWith("/zh/") ? "zh" : "en";
      const words = chartWords(spec, lang);
      assert(
        !shown.has(`${lang} ${name}`),
        `chart ${name} is shown twice (${lang})`,
      );
      shown.set(`${lang} ${name}`, page.url);
      const caption = must(
        figure.querySelector("figcaption"),
        `${name}: no figcaption`,
      );
      // (Its numbers tied to their words by no-break spaces.)
      assert(
        caption.textContent!.replaceAll("\u00a0", " ").includes(words.title),
        `${name}: the caption lacks the title`,
      );
      const svg = must(
        figure.querySelector("svg[role=img]"),
        `${name}: no SVG with role="img"`,
      );
      assertEquals(
        svg.getAttribute("aria-label"),
        chartText(words.alt, spec.data(results[spec.exercise])),
        `${name}: accessible name`,
      );
      // Its other drawing (for the other width) is named by this one.
      const others = [...figure.querySelectorAll("svg[role=img]")].slice(1);
      assertEquals(others.length, 1, `${name}: one drawing a width`);
      for (const other of others) {
        assertEquals(other.getAttribute("aria-label"), null, name);
        assertEquals(
          other.getAttribute("aria-labelledby"),
          svg.getAttribute("id"),
          `${name}: the narrow drawing's name`,
        );
      }
      const link = must(
        figure.querySelector("a.fig-data"),
        `${name}: no link to its data`,
      );
      const href =
        new URL(link.getAttribute("href")!, `http://notes.test${page.url}`)
          .pathname;
      const csv = await Deno.readTextFile(join(dir, href));
      const rows = spec.data(results[spec.exercise]);
      assertEquals(
        csv.trimEnd().split("\n").length,
        rows.length + 1,
        `${name}: CSV rows`,
      );
      assertEquals(
        csv.split("\n")[0],
        Object.keys(rows[0]).join(","),
        `${name}: CSV header`,
      );
    }
  }
  const notShown = CHARTS.map((chart) => chart.name).filter((name) =>
    !shown.has(`en ${name}`)
  );
  assertEquals(notShown, [], "charts of CHARTS on no page");
});

Deno.test("every diagram is on a page, numbered with the charts, described, and cited from the text", async () => {
  const pages = await builtPages();
  const shown = new Set<string>();
  for (const page of pages) {
    const figures = [
      ...page.document.querySelectorAll("figure.chart, figure.diagram"),
    ];
    // One numbering for charts and diagrams, in the order of the page, in
    // the page's language.
    const lang = page.url.startsWith("/zh/") ? "zh" : "en";
    const around = figureWords(lang);
    figures.forEach((figure, i) => {
      assertEquals(
        figure.querySelector(".fig-number")?.textContent,
        `${around.figure(i + 1)}${around.numberEnd}`,
        `${page.url}: ${figure.id}`,
      );
    });
    const cited = new Set(
      [...page.document.querySelectorAll("a.figref")].map((a) =>
        a.getAttribute("href")
      ),
    );
    for (const figure of page.document.querySelectorAll("figure.diagram")) {
      const name = figure.id.replace(/^fig-/, "");
      const spec = must(
        DIAGRAMS.find((diagram) => diagram.name === name),
        `${page.url}: figure ${name} is not a diagram of DIAGRAMS`,
      );
      shown.add(name);
      const drawings = [...figure.querySelectorAll("svg")];
      for (const svg of drawings) {
        assertEquals(svg.getAttribute("role"), "img", `${name}: role`);
        // Its own words, or (the narrow drawing) the wide one's, by id.
        const words = (tag: string, reference: string) => {
          const id = svg.getAttribute(reference);
          if (id === null) return svg.querySelector(`:scope > ${tag}`);
          assertEquals(svg.querySelector(tag), null, `${name}: both`);
          const element = must(page.document.getElementById(id), id);
          assert(
            drawings.some((drawing) => drawing === element.parentNode),
            `${name}: #${id} is not one of its drawings' words`,
          );
          assertEquals(element.tagName.toLowerCase(), tag, id);
          return element;
        };
        assertEquals(
          words("title", "aria-labelledby")?.textContent,
          diagramWords(spec, lang).title,
          `${name}: <title>`,
        );
        assert(
          (words("desc", "aria-describedby")?.textContent ?? "").length > 40,
          `${name}: <desc>`,
        );
      }
      // Written once: one drawing carries the words, the other refers.
      assertEquals(
        figure.querySelectorAll("title").length,
        1,
        `${name}: <title> written ${drawings.length} times`,
      );
      assert(cited.has(`#${figure.id}`), `${page.url}: ${name} is not cited`);
    }
    // Every reference names a figure of its page, by its number.
    for (const a of page.document.querySelectorAll("a.figref")) {
      const target = figures.findIndex((f) =>
        `#${f.id}` === a.getAttribute("href")
      );
      assert(target >= 0, `${page.url}: ${a.getAttribute("href")}`);
      assertEquals(a.textContent, around.figure(target + 1));
    }
  }
  assertEquals(
    DIAGRAMS.map((diagram) => diagram.name).filter((name) => !shown.has(name)),
    [],
    "diagrams of DIAGRAMS on no page",
  );
});

Deno.test("every page has one h1, a title, a language and a content security policy", async () => {
  for (const page of await builtPages()) {
    const { document } = page;
    assertEquals(document.querySelectorAll("h1").length, 1, `${page.url}: h1`);
    assert(document.title.trim(), `${page.url}: no title`);
    assertEquals(
      document.documentElement.getAttribute("lang"),
      page.url.startsWith("/zh/") ? "zh-Hans" : "en",
      page.url,
    );
    const csp = document.querySelector(
      'meta[http-equiv="Content-Security-Policy"]',
    );
    // The policy allows this site only, and no inline script.
    const directives = new Map(
      (csp?.getAttribute("content") ?? "").split(";").map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values] as [string, string[]];
      }),
    );
    assertEquals(directives.get("default-src"), ["'self'"], `${page.url}: CSP`);
    const scriptSrc = directives.get("script-src") ?? ["'self'"];
    assert(
      scriptSrc.every((v) => v === "'self'" || v === "'wasm-unsafe-eval'"),
      `${page.url}: script-src ${scriptSrc.join(" ")}`,
    );
    for (const [name, values] of directives) {
      const foreign = values.filter((v) => !/^('[a-z-]+'|data:)$/.test(v));
      assertEquals(foreign, [], `${page.url}: ${name} allows another host`);
    }
    assert(
      !/<script>|<script [^>]*>[^<]/.test(page.html),
      `${page.url}: inline script`,
    );
  }
});

Deno.test("two builds of the same tree are byte-identical, every file of them, the second by deno task build in its own process, from the build cache", async () => {
  const first = await builtSite();
  // The second build runs as `deno task build` does (its own process, the
  // task's permissions), into another folder: no path, time, random id or
  // state of a process may leak into the output. It takes the results, the
  // explorers' bundle, the literate scripts, the typeset formulas, the
  // drawn charts and diagrams from the cache the first build filled: what is cached must
  // be exactly what is computed.
  const second = join(
    await Deno.makeTempDir({ prefix: "notes-site-" }),
    "_site",
  );
  const src = sourceFolder();
  const cache = join(first, "..", "_cache");
  const output = await new Deno.Command(Deno.execPath(), {
    args: buildCommand({ dest: second, cache, ...(src ? { src } : {}) }, [
      "--json",
    ]),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
  const report = JSON.parse(new TextDecoder().decode(output.stdout));
  assertEquals(report.cache, {
    explorers: "hit",
    results: "hit",
    literate: "hit",
    math: "hit",
    charts: "hit",
    diagrams: "hit",
    "source-archive": "hit",
    // The search index of each language, made of the same pages.
    "search-en": "hit",
    "search-zh": "hit",
  });
  // The first build noted how long each script took, for the next to start
  // the longest first.
  const times = JSON.parse(
    await Deno.readTextFile(join(cache, "script-times.note")),
  );
  assertEquals(
    Object.keys(times).sort(),
    RESULT_SOURCES.map((source) => source.id).sort(),
  );
  const files = await listFiles(first);
  assertEquals(await listFiles(second), files);
  // Every kind of output is compared: pages, CSVs, results, the search index.
  for (const kind of [/\.html$/, /\.csv$/, /^results\.json$/, /^pagefind\//]) {
    assert(files.some((file) => kind.test(file)), `no file matches ${kind}`);
  }
  const differ: string[] = [];
  for (const file of files) {
    const [a, b] = await Promise.all([
      Deno.readFile(join(first, file)),
      Deno.readFile(join(second, file)),
    ]);
    if (a.length !== b.length || a.some((byte, i) => byte !== b[i])) {
      differ.push(file);
    }
  }
  assertEquals(differ, []);
  await Deno.remove(join(second, ".."), { recursive: true });
});

/** The audit's errata, as the build test reads them. */
interface AuditEntries {
  entries: {
    id: string;
    seed: string;
    exercises: string[];
    alsoIn: string[];
  }[];
  correct: { seed: string }[];
}

/** Where an erratum lives: the page of its seed (`000_….txt` → seed-000). */
function erratumHref(entry: { id: string; seed: string }): string {
  return `/errata/seed-${entry.seed.slice(0, 3)}/#${entry.id}`;
}

Deno.test("every exercise page links to each erratum the audit files against it, on the page of its seed", async () => {
  const pages = await builtPages();
  const audit = computedResults().errata as AuditEntries;
  for (const { id } of EXERCISES) {
    // The first part of an exercise in parts lists its errata.
    const page = must(
      pages.find((p) =>
        p.document.querySelector(
          `article[data-exercise="${id}"]:not([data-part])`,
        )
      ),
      `no page for ${id}`,
    );
    // Read from the entries themselves, not from the summary the plugin uses.
    const expected = audit.entries.filter((e) => e.exercises.includes(id)).map(
      erratumHref,
    );
    const linked = [...page.document.querySelectorAll("main a[href]")]
      .map((a) => a.getAttribute("href")!)
      .filter((href) => href.startsWith("/errata/") && href.includes("#"));
    assertEquals(
      [...new Set(linked)].sort(),
      [...new Set(expected)].sort(),
      id,
    );
  }
});

Deno.test("the BPTT pages link to the gradient checker's example inputs, which are published", async () => {
  const pages = await builtPages();
  const dir = await builtSite();
  const bptt = pages.filter((p) => p.url.startsWith("/bptt/"));
  assert(bptt.length >= 6);
  for (const page of bptt) {
    for (const name of ["grad-rnn.json", "grad-lstm.json"]) {
      assert(
        page.document.querySelector(`a[href="/examples/${name}"]`),
        `${page.url} → ${name}`,
      );
      const published = await Deno.readTextFile(join(dir, "examples", name));
      assertEquals(published, await Deno.readTextFile(join("examples", name)));
    }
  }
});

Deno.test("exercise parts like 2(c) stay as written (no typographic © or ®)", async () => {
  const pages = await builtPages();
  for (const page of pages) {
    const text = page.document.querySelector("main")?.textContent ?? "";
    assert(
      !/[©®™]/.test(text),
      `${page.url} shows a symbol made from (c), (r) or (tm)`,
    );
  }
  assert(
    pages.some((p) =>
      (p.document.querySelector("main")?.textContent ?? "").includes("2(c)")
    ),
    "no page mentions exercise 2(c) any more: pick another check",
  );
});

Deno.test("every erratum is on exactly one page, its seed's, and listed with a link on the errata overview", async () => {
  const pages = await builtPages();
  const audit = computedResults().errata as AuditEntries;
  const seedPages = pages.filter((p) => /^\/errata\/seed-\d+\/$/.test(p.url));
  assertEquals(
    seedPages.map((p) => p.url).sort(),
    audit.correct.map((g) => `/errata/seed-${g.seed.slice(0, 3)}/`).sort(),
    "one page per seed",
  );
  const overview = must(
    pages.find((p) => p.url === "/errata/"),
    "no /errata/ page",
  );
  const listed = new Set(
    [...overview.document.querySelectorAll("a[href]")].map((a) =>
      a.getAttribute("href")
    ),
  );
  for (const entry of audit.entries) {
    const homes = seedPages.filter((p) =>
      p.document.querySelector(`section.erratum[id="${entry.id}"]`)
    ).map((p) => p.url);
    const href = erratumHref(entry);
    assertEquals(homes, [href.split("#")[0]], `${entry.id}: its pages`);
    assert(listed.has(href), `${entry.id}: not linked from /errata/`);
    // A seed that shares the erratum links to it from its own page.
    for (const seed of entry.alsoIn) {
      const page = must(
        seedPages.find((p) => p.url === `/errata/seed-${seed.slice(0, 3)}/`),
        `no page for ${seed}`,
      );
      assert(
        page.document.querySelector(`a[href="${href}"]`),
        `${page.url} does not link to ${entry.id}, which it shares`,
      );
    }
  }
  assertEquals(
    overview.document.querySelectorAll("section.erratum").length,
    0,
    "the overview repeats entries in full",
  );
});

Deno.test("every script's results have their page, linked from /results/, with each of its results", async () => {
  const pages = await builtPages();
  const results = await builtResults();
  const index = must(
    pages.find((p) => p.url === "/results/"),
    "no /results/ page",
  );
  for (const { id } of RESULT_SOURCES) {
    const url = `/results/${id}/`;
    const page = must(pages.find((p) => p.url === url), `no page ${url}`);
    assert(
      index.document.querySelector(`a[href="${url}"]`),
      `/results/ does not link to ${url}`,
    );
    // Every top-level result has a row (whose first cell is its path).
    const paths = [...page.document.querySelectorAll("tbody tr td:first-child")]
      .map((cell) => cell.textContent ?? "");
    for (const key of Object.keys(results[id] as object)) {
      assert(
        paths.some((path) =>
          path === key || path.startsWith(`${key}.`) ||
          path.startsWith(`${key}[`)
        ),
        `${url}: no row for ${key}`,
      );
    }
  }
  const exercisePage = must(
    pages.find((p) =>
      p.document.querySelector('article[data-exercise="rnn-2a"]')
    ),
    "no page for rnn-2a",
  );
  assert(
    exercisePage.document.querySelector('a[href="/results/rnn-2a/"]'),
    "an exercise page does not link to its results",
  );
});

Deno.test("every page is within the page-weight budget (HTML + the CSS it links)", async () => {
  const weights = await pageWeights(await builtSite());
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const over = weights.filter((page) => page.total > BUDGETS.pageBytes).map(
    (page) =>
      `${page.url}: ${kib(page.total)} (HTML ${kib(page.html)} + CSS ${
        kib(page.css)
      }), ${kib(page.total - BUDGETS.pageBytes)} over the budget of ${
        kib(BUDGETS.pageBytes)
      }`,
  );
  assertEquals(over, [], "pages over the weight budget");
});

Deno.test("rnn-3c's second part is a page of the exercise like its first", async () => {
  const pages = await builtPages();
  const page = (url: string) => must(pages.find((p) => p.url === url), url);
  const first = page("/lstm/rnn-3c/");
  const second = page("/lstm/rnn-3c/free-gates/");
  const article = second.document.querySelector("article")!;
  assertEquals(article.getAttribute("data-exercise"), "rnn-3c");
  assertEquals(
    article.getAttribute("data-pagefind-meta"),
    "kind:Exercise rnn-3c",
  );
  // Its references to the first part's equations link there, by its numbers.
  const numberOf = (label: string) =>
    first.document.querySelector(`#eq-${label} .eq-number`)?.textContent;
  const eqrefs = [...second.document.querySelectorAll("a.eqref")];
  assert(eqrefs.length >= 3, "no references to the first part");
  for (const a of eqrefs) {
    const label = /^\/lstm\/rnn-3c\/#eq-(.+)$/.exec(a.getAttribute("href")!)
      ?.[1];
    assert(
      label,
      `${a.getAttribute("href")} is not an equation of the first part`,
    );
    assertEquals(a.textContent, numberOf(label!));
  }
  // One after the other in the sidebar and the pager, each linking the other.
  const sidebar = [...second.document.querySelectorAll(".sidebar a")].map((a) =>
    a.getAttribute("href")
  );
  assertEquals(
    sidebar.indexOf("/lstm/rnn-3c/free-gates/"),
    sidebar.indexOf("/lstm/rnn-3c/") + 1,
  );
  assert(
    first.document.querySelector(
      '.pager a[rel="next"][href="/lstm/rnn-3c/free-gates/"]',
    ),
  );
  assert(
    second.document.querySelector('.pager a[rel="prev"][href="/lstm/rnn-3c/"]'),
  );
  assert(
    first.document.querySelector('.prose a[href="/lstm/rnn-3c/free-gates/"]'),
  );
  // Its script, tests, results and notation, as on the first part.
  for (
    const href of [
      "/scripts/rnn-3c/",
      "/scripts/rnn-3c/tests/",
      "/results/rnn-3c/",
      "/notation/",
    ]
  ) {
    assert(second.document.querySelector(`main a[href="${href}"]`), href);
  }
  // Its own figures, numbered from 1; the chart moved here from the first.
  assertEquals(
    [...second.document.querySelectorAll("figure .fig-number")].map((n) =>
      n.textContent
    ),
    ["Figure\u00a01.", "Figure\u00a02."],
  );
  assert(second.document.getElementById("fig-rnn-3c-gradient-flow"));
  assert(!first.document.getElementById("fig-rnn-3c-gradient-flow"));
  // The script's page names the exercise by its first part, then the second.
  for (const href of ["/lstm/rnn-3c/", "/lstm/rnn-3c/free-gates/"]) {
    assert(
      page("/scripts/rnn-3c/").document.querySelector(`main a[href="${href}"]`),
      `the script's page does not link to ${href}`,
    );
  }
});

Deno.test("every stylesheet is its source minified; Temml's keeps only the rules of classes a page or a script of the site uses", async () => {
  const dir = await builtSite();
  const files = await listFiles(dir);
  // What the pages use, read back from the written site (the build works
  // it out from memory, before writing).
  const used = new Set<string>();
  for (const file of files) {
    if (file.startsWith("pagefind/")) continue; // the search's own bundle
    if (file.endsWith(".html")) {
      const html = await Deno.readTextFile(join(dir, file));
      for (const [, names] of html.matchAll(/\sclass="([^"]*)"/g)) {
        for (const name of names.split(/\s+/)) used.add(name);
      }
    } else if (file.endsWith(".js")) {
      const script = await Deno.readTextFile(join(dir, file));
      for (const word of script.match(/[\w-]+/g) ?? []) used.add(word);
    }
  }
  const sheets = files.filter((file) =>
    file.startsWith("assets/") && file.endsWith(".css")
  );
  assert(sheets.length >= 3, `only ${sheets}`);
  for (const file of sheets) {
    const pruned = file === "assets/temml/temml.css";
    // Temml's is its own with the site's rules for slim MathML after it.
    const source = pruned
      ? await Deno.readTextFile("node_modules/temml/dist/Temml-Local.css") +
        SLIM_MATHML_CSS
      : await Deno.readTextFile(join("_includes", file));
    const expected = minifyCssText(
      pruned ? pruneCssText(source, used) : source,
    );
    assertEquals(await Deno.readTextFile(join(dir, file)), expected, file);
    if (pruned) {
      assert(
        expected.length < minifyCssText(source).length / 2,
        "Temml's stylesheet lost less than half",
      );
    }
  }
});
