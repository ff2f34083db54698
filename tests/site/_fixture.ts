/**
 * Small fixture sites for the build's tests: the real plugins and layouts,
 * made-up results (`ex-1`) and made-up charts. Used in-process by
 * `errors_test.ts` and, through a generated `_config.ts`, by the command-line
 * tests of `cli_test.ts`.
 *
 * @module
 */
import { programStderr } from "../_stderr.ts";
import { join, relative, SEPARATOR } from "@std/path";
import * as Plot from "@observablehq/plot";
import { Site, walk } from "../../scripts/site/core/site.ts";
import { results } from "../../scripts/site/plugins/results.ts";
import { numbers } from "../../scripts/site/plugins/numbers.ts";
import { charts } from "../../scripts/site/plugins/charts.ts";
import { math } from "../../scripts/site/plugins/math.ts";
import { bibliography } from "../../scripts/site/plugins/bibliography.ts";
import { dataFiles } from "../../scripts/site/plugins/data_files.ts";
import { markdown } from "../../scripts/site/plugins/markdown.ts";
import { solutions } from "../../scripts/site/plugins/solutions.ts";
import { vento } from "../../scripts/site/plugins/vento.ts";
import { nav } from "../../scripts/site/plugins/nav.ts";
import { checkLinks } from "../../scripts/site/plugins/check_links.ts";
import { diagrams } from "../../scripts/site/plugins/diagrams.ts";
import { figures } from "../../scripts/site/plugins/figures.ts";
import { exerciseParts } from "../../scripts/site/plugins/exercise_parts.ts";
import { multilanguage } from "../../scripts/site/plugins/multilanguage.ts";
import type { ChartSpec, Row } from "../../scripts/charts/types.ts";
import type { DiagramSpec } from "../../scripts/diagrams/types.ts";

/** The made-up results of the one exercise of the fixtures. */
export const RESULTS = {
  "ex-1": {
    gain: 0.123456789,
    W: [[0.5, -0.25], [1.5, 2]],
    series: [{ n: 1, norm: 0.5 }, { n: 2, norm: 0.25 }, { n: 3, norm: 0.125 }],
  },
};

function chart(
  name: string,
  rows: (r: typeof RESULTS["ex-1"]) => Row[],
): ChartSpec {
  return {
    name,
    exercise: "ex-1",
    title: "Norms halve",
    caption: "Each step halves the norm $\\|h\\|$.",
    alt: "Three points falling from 0.5 to 0.125.",
    data: (r) => rows(r as typeof RESULTS["ex-1"]),
    plot: (data, document) =>
      Plot.plot({
        document,
        marks: [Plot.line(data, { x: "n", y: "norm" })],
      }) as Element,
  };
}

/** A made-up diagram: two states of `ex-1`, one arrow labelled with its gain. */
const DIAGRAM: DiagramSpec = {
  name: "ex-1-chain",
  exercise: "ex-1",
  title: "Two states",
  caption: "The state $h_0$ feeds $h_1$.",
  alt: "Two circles, h 0 and h 1, joined by an arrow labelled with the gain.",
  draw: (r) => ({
    wide: {
      dot: `digraph { rankdir=LR; a -> b [label="${
        (r as typeof RESULTS["ex-1"]).gain.toFixed(2)
      }"] }`,
    },
  }),
};

/** How a fixture site differs from the good one. */
export interface FixtureVariant {
  /** `compute()` of `ex-1` throws this message. */
  throws?: string;
  /** Every page raises this warning (to see it printed once). */
  warnEveryPage?: string;
  /** Formulas and charts are kept in the build cache, under these files. */
  dependsOn?: string[];
  /** The site's languages (its own first; English alone by default). */
  languages?: string[];
  /** Without the multilanguage plugin (a plain site), when `false`. */
  multilanguage?: boolean;
  /** The layouts' folder (the project's `_includes` by default). */
  includes?: string;
  /**
   * The results come from this module's `RESULT_SOURCES`, computed in
   * worker threads, as the notes' are (else `ex-1` in the build's thread).
   */
  scripts?: string;
  /** Data files (key → path in the pages' folder), and the works' words. */
  dataFiles?: Record<string, string>;
  referenceTranslations?: Record<string, string>;
}

/**
 * A site over `src`, with one exercise (`ex-1`) and three charts: a good
 * one (`ex-1-norms`), one with a NaN (`ex-1-broken`) and one with no rows
 * (`ex-1-empty`).
 */
export function fixtureSite(src: string, variant: FixtureVariant = {}): Site {
  const compute = (): unknown => {
    if (variant.throws) throw new Error(variant.throws);
    return RESULTS["ex-1"];
  };
  const includes = variant.includes ?? "_includes";
  // The build cache beside the pages, never the project's own.
  const cache = join(src, "..", "_cache");
  const site = new Site({ src, includes, cache, quiet: true });
  site.data("site", { title: "Fixture", description: "A fixture." });
  site.data("highlightCss", "/assets/highlight.css");
  site
    .use(results(
      variant.scripts
        ? { module: variant.scripts }
        : { exercises: [{ id: "ex-1", compute }] },
    ))
    .use(numbers())
    .use(charts({
      load: () =>
        Promise.resolve([
          chart("ex-1-norms", (r) => r.series),
          chart(
            "ex-1-broken",
            (r) => [...r.series, { n: 4, norm: Number.NaN }],
          ),
          chart("ex-1-empty", () => []),
        ]),
      dependsOn: variant.dependsOn,
    }))
    .use(diagrams({
      load: () => Promise.resolve([DIAGRAM]),
      dependsOn: variant.dependsOn,
    }))
    .use(figures())
    .use(exerciseParts())
    .use(math({ dependsOn: variant.dependsOn }))
    .use(dataFiles({ files: variant.dataFiles ?? {} }))
    .use(bibliography({ translations: variant.referenceTranslations }))
    .use(markdown())
    .use(solutions())
    .use(vento());
  if (variant.multilanguage !== false) {
    site.use(multilanguage({ languages: variant.languages }));
  }
  site
    .use(
      nav({ topics: [{ id: "bptt", title: "Backpropagation through time" }] }),
    )
    .use(checkLinks())
    .copy(`${includes}/assets`, "/assets");
  if (variant.warnEveryPage) {
    const message = variant.warnEveryPage;
    site.preprocess(() => {
      for (const _ of site.pages) site.warn(message);
    });
  }
  return site;
}

/**
 * A page that uses every feature: numbers, labels, references, a chart, a
 * diagram, references to figures before and after them.
 */
export const GOOD = `---
title: A good page
exercise: ex-1
topic: bptt
order: 1
---

## Question

By \\eqref{power}, which comes later, the gain is {{ r.gain |> num }}.

$$
W = {{ r.W |> tex }} \\label{power}
$$

Inline: $g = {{ r.gain |> num(6) }}$, and see \\eqref{power}.

{{ "ex-1-chain" |> figref }} draws the chain, {{ "ex-1-norms" |> figref }} the norms.

{{ "ex-1-norms" |> chart }}

{{ "ex-1-chain" |> diagram }}

As {{ "ex-1-chain" |> figref }} shows.
`;

/** The pages every fixture has (the layout links to the results). */
export const BASE: Record<string, string> = {
  "index.md": "---\ntitle: Home\n---\nHi.\n",
  "results.md": "---\ntitle: Results\n---\nAll.\n",
};

/**
 * Write the fixture's pages into `content/` of a fresh folder; returns the
 * folder.
 */
export async function fixture(pages: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "notes-fixture-" });
  await writePages(dir, pages);
  return dir;
}

/** Write pages into `content/` of `dir`. */
export async function writePages(
  dir: string,
  pages: Record<string, string>,
): Promise<void> {
  for (const [path, text] of Object.entries(pages)) {
    await Deno.mkdir(join(dir, "content", path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, "content", path), text);
  }
}

/** Every file of a folder with its bytes, to compare before and after. */
export async function snapshot(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const path of walk(dir)) {
    const file = relative(dir, path).split(SEPARATOR).join("/");
    files.set(file, await Deno.readFile(path));
  }
  return files;
}

/** The files that differ between two snapshots (added, removed, changed). */
export function changedFiles(
  before: Map<string, Uint8Array>,
  after: Map<string, Uint8Array>,
): string[] {
  const changed: string[] = [];
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(file);
    const b = after.get(file);
    if (
      !a || !b || a.length !== b.length || a.some((byte, i) => byte !== b[i])
    ) {
      changed.push(file);
    }
  }
  return changed.sort();
}

/** One kind of bad content, and what the error must say about it. */
export interface BadCase {
  /** What is wrong, as the test names it. */
  name: string;
  /** Pages written into the good fixture (path under `content/` → text). */
  pages: Record<string, string>;
  /** How the site differs (a throwing script). */
  variant?: FixtureVariant;
  /**
   * The file the error must name: a path under `content/`, or a path from
   * the working directory when it starts with `scripts/`.
   */
  file: string;
  /** The other file the message must name too (two pages, one URL). */
  alsoNames?: string;
  /** The line the error must name, where there is one. */
  line?: number;
  /** Words of the message. */
  says: string;
}

/** Every kind of bad content of the issue, and a few more. */
export const BAD_CASES: BadCase[] = [
  {
    name: "a self-check of a result that does not exist",
    pages: {
      "bptt/bad.md":
        "---\ntitle: T\nexercise: ex-1\nchecks:\n  - label: L\n    value: nope[0]\n---\n\n## Solution\n\nText.\n",
    },
    file: "bptt/bad.md",
    line: 6,
    says: '"nope[0]" is not a number of the results of ex-1',
  },
  {
    name: "malformed front matter",
    pages: {
      "bptt/bad.md": "---\ntitle: [unclosed\nexercise: ex-1\n---\nText.\n",
    },
    file: "bptt/bad.md",
    line: 3, // where the YAML parser finds the list unclosed
    says: "malformed front matter: Cannot read flow collection",
  },
  {
    name: "a layout that does not exist",
    pages: {
      "bptt/bad.md": "---\ntitle: T\nlayout: layouts/nope.vto\n---\nText.\n",
    },
    file: "bptt/bad.md",
    line: 3,
    says: 'layout "layouts/nope.vto" does not exist',
  },
  {
    name: "TeX that does not parse",
    pages: {
      "bptt/bad.md":
        "---\ntitle: T\n---\n\nFine $x$.\n\nBroken $\\frac{1}{$ here.\n",
    },
    file: "bptt/bad.md",
    line: 7,
    says: "TeX error",
  },
  {
    // Temml crashes on this one instead of naming the mistake.
    name: "TeX with a superscript of nothing",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nFine $x$.\n\nBroken $x^^2$.\n",
    },
    file: "bptt/bad.md",
    line: 7,
    says: "a `^` at position 2 has nothing after it to raise",
  },
  {
    name: "a result that does not exist",
    pages: {
      "bptt/bad.md":
        "---\ntitle: T\nexercise: ex-1\n---\n\nLine five.\n\nThe {{ r.nope |> num }}.\n",
    },
    file: "bptt/bad.md",
    line: 8,
    says: "num expects a number, got undefined",
  },
  {
    name: "TeX braces read as a template tag",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nLine five.\n\n$\\frac{1}{{n}}$\n",
    },
    file: "bptt/bad.md",
    line: 7,
    says: "n is not defined",
  },
  {
    name: "a chart that does not exist",
    pages: {
      "bptt/bad.md":
        '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "no-such-chart" |> chart }}\n',
    },
    file: "bptt/bad.md",
    line: 6,
    says: 'chart "no-such-chart" is not in',
  },
  {
    name: "a chart given NaN",
    pages: {
      "bptt/bad.md":
        '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "ex-1-broken" |> chart }}\n',
    },
    file: "bptt/bad.md",
    line: 6,
    says: 'field "norm" is NaN',
  },
  {
    name: "a chart given an empty series",
    pages: {
      "bptt/bad.md":
        '---\ntitle: T\nexercise: ex-1\n---\n\nText.\n\n{{ "ex-1-empty" |> chart }}\n',
    },
    file: "bptt/bad.md",
    line: 8,
    says: 'chart "ex-1-empty" has no data rows',
  },
  {
    name: "a diagram that does not exist",
    pages: {
      "bptt/bad.md":
        '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "no-such-diagram" |> diagram }}\n',
    },
    file: "bptt/bad.md",
    line: 6,
    says: 'diagram "no-such-diagram" is not in',
  },
  {
    name: "a reference to a figure the page does not show",
    pages: {
      "bptt/bad.md":
        '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "ex-1-chain" |> diagram }}\n\nSee {{ "ex-1-norms" |> figref }}.\n',
    },
    file: "bptt/bad.md",
    line: 8,
    says:
      'figref "ex-1-norms": no figure of this page has that name (figures here: ex-1-chain)',
  },
  {
    name: "a reference to an equation label that does not exist",
    pages: {
      "bptt/bad.md":
        "---\ntitle: T\n---\n\n$$\nx \\label{a}\n$$\n\nSee \\eqref{b}.\n",
    },
    file: "bptt/bad.md",
    line: 9,
    says: "\\eqref{b}: no equation on this page has \\label{b}",
  },
  {
    name: "a reference to a label another page does not have",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nText.\n\nSee \\eqref{ex-1:b}.\n",
    },
    file: "bptt/bad.md",
    line: 7,
    says: "has no \\label{b} (its labels: power)",
    alsoNames: "bptt/good.md",
  },
  {
    name: "a reference to the labels of a page that has none",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nSee \\eqref{nowhere:a}.\n",
    },
    file: "bptt/bad.md",
    line: 5,
    says: 'no page "nowhere" has numbered equations',
  },
  {
    name: "an equation label used twice on a page",
    pages: {
      "bptt/bad.md":
        "---\ntitle: T\n---\n\n$$\nx \\label{a}\n$$\n\n$$\ny \\label{a}\n$$\n",
    },
    file: "bptt/bad.md",
    line: 10,
    says: "\\label{a} is used twice on this page",
  },
  {
    name: "a citation of a key the bibliography does not have",
    pages: {
      "_data/references.yml":
        "olah2015:\n  authors: [Christopher Olah]\n  year: 2015\n  title: U\n  in: Blog post\n",
      "bptt/bad.md": "---\ntitle: T\n---\n\nText.\n\nAs shown [@olah2016].\n",
    },
    file: "bptt/bad.md",
    line: 7,
    says: '[@olah2016]: no work has the key "olah2016"',
  },
  {
    name: "a bibliography entry without its year",
    pages: {
      "_data/references.yml":
        "olah2015:\n  authors: [Christopher Olah]\n  title: U\n  in: Blog post\n",
    },
    file: "_data/references.yml",
    line: 1,
    says: "olah2015: year: expected a year",
  },
  {
    name: "an exercise with no results",
    pages: { "bptt/bad.md": "---\ntitle: T\nexercise: ex-9\n---\nText.\n" },
    file: "bptt/bad.md",
    line: 3,
    says: 'exercise "ex-9" has no results',
  },
  {
    name: "an exercise script that throws",
    pages: {},
    variant: { throws: "singular matrix" },
    file: "scripts/exercises/ex-1.ts",
    says: "compute() throws: singular matrix",
  },
  {
    name: "a broken internal link",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nSee [nowhere](/nowhere/).\n",
    },
    file: "bptt/bad.md",
    line: 5,
    says: 'broken link "/nowhere/"',
  },
  {
    name: "a broken anchor",
    pages: {
      "bptt/bad.md": "---\ntitle: T\n---\n\nSee [there](/#no-such-id).\n",
    },
    file: "bptt/bad.md",
    line: 5,
    says: 'broken anchor "/#no-such-id"',
  },
  {
    name: "two pages with the same URL",
    pages: {
      "bptt/same.md": "---\ntitle: One\n---\nA.\n",
      "bptt/same/index.md": "---\ntitle: Two\n---\nB.\n",
    },
    file: "bptt/same.md",
    alsoNames: "bptt/same/index.md",
    says: "two pages have the URL /bptt/same/",
  },
];

/** The path a case's error must name, for a fixture in `dir`. */
export function expectedFile(dir: string, bad: BadCase): string {
  return bad.file.startsWith("scripts/")
    ? bad.file
    : join(dir, "content", ...bad.file.split("/"));
}

/**
 * What a build left in the staging folder of `dest` (`dest.tmp`), but for
 * the spare copy of the site it keeps there to write the next build into:
 * after a build, failed or not, nothing.
 */
export async function stagingLeft(dest: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(`${dest}.tmp`)) {
      if (entry.name !== "spare") names.push(entry.name);
    }
    return names;
  } catch {
    return [];
  }
}

/**
 * Run Deno with `args` as a user would (no colours, no input) and wait:
 * the exit code and what it printed.
 */
export async function runDeno(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: programStderr(output.stderr),
  };
}
