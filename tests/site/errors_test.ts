/**
 * The build on small fixture sites (the real plugins and layouts, made-up
 * results and a made-up chart): a good page renders numbered equations,
 * links to them, marked numbers and a chart; each kind of bad content fails
 * with one message naming the file (and the line where there is one), and
 * leaves the previously built site exactly as it was.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { join } from "@std/path";
import * as Plot from "@observablehq/plot";
import { BuildError, Site } from "../../scripts/site/site.ts";
import { results } from "../../scripts/site/results.ts";
import { numbers } from "../../scripts/site/numbers.ts";
import { charts } from "../../scripts/site/charts.ts";
import { katex } from "../../scripts/site/katex.ts";
import { markdown } from "../../scripts/site/markdown.ts";
import { vento } from "../../scripts/site/vento.ts";
import { nav } from "../../scripts/site/nav.ts";
import { checkLinks } from "../../scripts/site/check_links.ts";
import type { ChartSpec, Row } from "../../scripts/charts/types.ts";
import { listFiles } from "./_build.ts";

const RESULTS = {
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

/** A site over `src`, with one exercise (`ex-1`) and two charts. */
function fixtureSite(src: string, compute = () => RESULTS["ex-1"] as unknown) {
  const site = new Site({ src, includes: "_includes", quiet: true });
  site.setData("site", { title: "Fixture", description: "A fixture." });
  site.setData("highlightCss", "/assets/highlight.css");
  return site
    .use(results({
      exercises: [{ id: "ex-1", compute }],
      computeAll: () => ({ "ex-1": compute() }),
    }))
    .use(numbers())
    .use(charts({
      load: () =>
        Promise.resolve([
          chart("ex-1-norms", (r) => r.series),
          chart(
            "ex-1-broken",
            (r) => [...r.series, { n: 4, norm: Number.NaN }],
          ),
        ]),
    }))
    .use(katex())
    .use(markdown())
    .use(vento())
    .use(
      nav({ topics: [{ id: "bptt", title: "Backpropagation through time" }] }),
    )
    .use(checkLinks())
    .copy("_includes/assets", "/assets");
}

const GOOD = `---
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

{{ "ex-1-norms" |> chart }}
`;

/** The pages every fixture has (the layout links to the results). */
const BASE = {
  "index.md": "---\ntitle: Home\n---\nHi.\n",
  "results.md": "---\ntitle: Results\n---\nAll.\n",
};

/** Write the fixture's pages into a fresh folder; returns its path. */
async function fixture(pages: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "notes-fixture-" });
  for (const [path, text] of Object.entries(pages)) {
    await Deno.mkdir(join(dir, "content", path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, "content", path), text);
  }
  return dir;
}

Deno.test("a good page: numbered equation, links to it, marked numbers, a chart with its CSV", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const dest = join(dir, "_site");
  await fixtureSite(join(dir, "content")).build({ dest });
  const html = await Deno.readTextFile(join(dest, "bptt/good/index.html"));
  assertStringIncludes(
    html,
    '<div class="math-display" tabindex="0" id="eq-power">',
  );
  assertEquals(
    html.match(/<a class="eqref" href="#eq-power">\(1\)<\/a>/g)?.length,
    2,
  );
  assertStringIncludes(
    html,
    'data-num="0.123456789" data-digits="4">0.1235</span>',
  );
  assertStringIncludes(html, 'data-num="0.123456789"'); // inside math, via \htmlData
  assertStringIncludes(html, '<figure class="chart" id="fig-ex-1-norms">');
  const svg =
    /<svg [^>]*>/.exec(html.slice(html.indexOf('id="fig-ex-1-norms"')))?.[0] ??
      "";
  assertStringIncludes(svg, 'role="img"');
  assertStringIncludes(
    svg,
    'aria-label="Three points falling from 0.5 to 0.125."',
  );
  assertEquals(
    await Deno.readTextFile(join(dest, "bptt/good/ex-1-norms.csv")),
    "n,norm\n1,0.5\n2,0.25\n3,0.125\n",
  );
  assert(!html.includes("$"), "raw TeX left");
  await Deno.remove(dir, { recursive: true });
});

/** Each bad page, the file and line the error must name, and a word of it. */
const BAD: { name: string; page: string; line?: number; says: string }[] = [
  {
    name: "malformed front matter",
    page: "---\ntitle: [unclosed\nexercise: ex-1\n---\nText.\n",
    says: "malformed front matter",
  },
  {
    name: "a layout that does not exist",
    page: "---\ntitle: T\nlayout: layouts/nope.vto\n---\nText.\n",
    says: 'layout "layouts/nope.vto" does not exist',
  },
  {
    name: "TeX that does not parse",
    page: "---\ntitle: T\n---\n\nFine $x$.\n\nBroken $\\frac{1}{$ here.\n",
    line: 7,
    says: "TeX error",
  },
  {
    name: "a result that does not exist",
    page:
      "---\ntitle: T\nexercise: ex-1\n---\n\nLine five.\n\nThe {{ r.nope |> num }}.\n",
    line: 8,
    says: "num expects a number, got undefined",
  },
  {
    name: "TeX braces read as a template tag",
    page: "---\ntitle: T\n---\n\nLine five.\n\n$\\frac{1}{{n}}$\n",
    line: 7,
    says: "n is not defined",
  },
  {
    name: "a chart that does not exist",
    page:
      '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "no-such-chart" |> chart }}\n',
    line: 6,
    says: 'chart "no-such-chart" is not in',
  },
  {
    name: "a chart given NaN",
    page:
      '---\ntitle: T\nexercise: ex-1\n---\n\n{{ "ex-1-broken" |> chart }}\n',
    line: 6,
    says: 'field "norm" is NaN',
  },
  {
    name: "a reference to an equation label that does not exist",
    page: "---\ntitle: T\n---\n\n$$\nx \\label{a}\n$$\n\nSee \\eqref{b}.\n",
    line: 9,
    says: "\\eqref{b}: no equation on this page has \\label{b}",
  },
  {
    name: "an exercise with no results",
    page: "---\ntitle: T\nexercise: ex-9\n---\nText.\n",
    line: 3,
    says: 'exercise "ex-9" has no results',
  },
  {
    name: "a broken internal link",
    page: "---\ntitle: T\n---\n\nSee [nowhere](/nowhere/).\n",
    says: 'broken link "/nowhere/"',
  },
  {
    name: "a broken anchor",
    page: "---\ntitle: T\n---\n\nSee [there](/#no-such-id).\n",
    says: 'broken anchor "/#no-such-id"',
  },
];

for (const bad of BAD) {
  Deno.test(`${bad.name}: one clear error naming the file, previous site untouched`, async () => {
    const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
    const dest = join(dir, "_site");
    await fixtureSite(join(dir, "content")).build({ dest });
    const before = await snapshot(dest);
    const file = join(dir, "content", "bptt", "bad.md");
    await Deno.writeTextFile(file, bad.page);
    const error = await assertRejects(
      () => fixtureSite(join(dir, "content")).build({ dest }),
      BuildError,
    );
    assertEquals(error.file, file);
    if (bad.line) assertEquals(error.line, bad.line, String(error));
    assertStringIncludes(error.message, bad.says);
    assertEquals(await snapshot(dest), before, "the previous site changed");
    assertEquals(
      await listFiles(dir).then((f) =>
        f.filter((p) => p.startsWith("_site.tmp"))
      ),
      [],
    );
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("two pages with the same URL: an error naming both", async () => {
  const dir = await fixture({
    ...BASE,
    "bptt/same.md": "---\ntitle: One\n---\nA.\n",
    "bptt/same/index.md": "---\ntitle: Two\n---\nB.\n",
  });
  const error = await assertRejects(
    () => fixtureSite(join(dir, "content")).build({ dest: join(dir, "_site") }),
    BuildError,
  );
  assertStringIncludes(error.message, "two pages have the URL /bptt/same/");
  assertStringIncludes(String(error), "same");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an exercise script that throws: an error naming the script", async () => {
  const dir = await fixture(BASE);
  const error = await assertRejects(
    () =>
      fixtureSite(join(dir, "content"), () => {
        throw new Error("singular matrix");
      }).build({ dest: join(dir, "_site") }),
    BuildError,
  );
  assertEquals(error.file, "scripts/exercises/ex-1.ts");
  assertStringIncludes(error.message, "singular matrix");
  await Deno.remove(dir, { recursive: true });
});

/** Every file of a folder with its bytes, to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    const bytes = await Deno.readFile(join(dir, file));
    files[file] = `${bytes.length}:${
      bytes.reduce((h, b) => (h * 31 + b) >>> 0, 7)
    }`;
  }
  return files;
}
