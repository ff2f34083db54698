/**
 * The build on small fixture sites (the real plugins and layouts, made-up
 * results and made-up charts, `_fixture.ts`): a good page renders numbered
 * equations, links to them, marked numbers and a chart; each kind of bad
 * content fails with one message naming the file (and the line where there
 * is one), and leaves the previously built site byte for byte as it was.
 * `cli_test.ts` runs some of the same cases through the command line.
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
import { BuildError } from "../../scripts/site/core/site.ts";
import { listFiles } from "./_build.ts";
import {
  BAD_CASES,
  BASE,
  changedFiles,
  expectedFile,
  fixture,
  fixtureSite,
  GOOD,
  snapshot,
  writePages,
} from "./_fixture.ts";

Deno.test("a good page: numbered equation, links to it, marked numbers, a chart with its CSV, a diagram, figure references", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  const dest = join(dir, "_site");
  await fixtureSite(join(dir, "content")).build({ dest });
  const html = await Deno.readTextFile(join(dest, "bptt/good/index.html"));
  assertStringIncludes(
    html,
    '<div class="math-display" id="eq-power">',
  );
  assertEquals(
    html.match(/<a class="eqref" href="#eq-power">\(1\)<\/a>/g)?.length,
    2,
  );
  assertStringIncludes(
    html,
    'data-num="0.123456789">0.1235</span>',
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
  // The chart is Figure 1, the diagram after it Figure 2, and a reference
  // before or after a figure names its number.
  assertStringIncludes(
    html,
    '<a class="figref" href="#fig-ex-1-chain">Figure\u00a02</a> draws the chain, ' +
      '<a class="figref" href="#fig-ex-1-norms">Figure\u00a01</a> the norms.',
  );
  assertStringIncludes(
    html,
    'As <a class="figref" href="#fig-ex-1-chain">Figure\u00a02</a> shows.',
  );
  const diagram = html.slice(html.indexOf('<figure class="diagram"'));
  assertStringIncludes(diagram, '<figure class="diagram" id="fig-ex-1-chain">');
  assertStringIncludes(diagram, '<svg role="img"');
  assertStringIncludes(diagram, "<title>Two states</title><desc>Two circles");
  assertStringIncludes(diagram, ">0.12</text>"); // drawn from the results
  assertStringIncludes(
    diagram,
    '<span class="fig-number">Figure\u00a02.</span>',
  );
  assert(!html.includes("\uE000"), "a figure reference left unresolved");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an equation of another page and a work of the bibliography: cited by key, linked both ways", async () => {
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "_data/references.yml": "olah2015:\n  authors: [Christopher Olah]\n" +
      "  year: 2015\n  title: Understanding LSTM networks\n  in: Blog post\n",
    "references.md":
      "---\ntitle: References\n---\n\n{{ bibliography |> referenceList }}\n",
    "bptt/other.md": "---\ntitle: Other\n---\n\nBy \\eqref{ex-1:power} " +
      "[@olah2015], and inside math $x \\eqref{ex-1:power}$; again [@olah2015].\n",
  });
  const dest = join(dir, "_site");
  await fixtureSite(join(dir, "content")).build({ dest });
  const other = await Deno.readTextFile(join(dest, "bptt/other/index.html"));
  assertStringIncludes(
    other,
    '<a class="eqref" href="/bptt/good/#eq-power">(ex-1.1)</a>',
  );
  assertStringIncludes(other, "<mtext>(ex-1.1)</mtext>");
  assertStringIncludes(
    other,
    '<span class="citation">(<a class="cite" id="cite-olah2015-1" href="/references/#ref-olah2015">Olah\u00a02015</a>)</span>',
  );
  assertStringIncludes(other, 'id="cite-olah2015-2"');
  const references = await Deno.readTextFile(
    join(dest, "references/index.html"),
  );
  assertStringIncludes(references, '<li id="ref-olah2015">');
  assertStringIncludes(
    references,
    'Cited in <a href="/bptt/other/#cite-olah2015-1">Other</a> <a href="/bptt/other/#cite-olah2015-2">(2)</a>.',
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a translation of the works' notes for a work that is not there, or without a note, is a warning naming it; the others are used", async () => {
  const dir = await fixture({
    ...BASE,
    "_data/references.yml": "olah2015:\n  authors: [Christopher Olah]\n" +
      "  year: 2015\n  title: Understanding LSTM networks\n  in: Blog post\n" +
      "  note: English.\n",
    "_data/references_zh.yml":
      "olah2015:\n  note: 中文。\nolha2015:\n  note: 拼错。\nolah2016: 3\n",
    "zh/references.md":
      "---\ntitle: 参考文献\nlang: zh\n---\n\n{{ bibliography |> referenceList }}\n",
  });
  const dest = join(dir, "_site");
  const report = await fixtureSite(join(dir, "content"), {
    languages: ["en", "zh"],
    dataFiles: { referencesZh: "_data/references_zh.yml" },
    referenceTranslations: { zh: "referencesZh" },
  }).build({ dest });
  const warned = report.warnings.filter((w) => w.startsWith("referencesZh"));
  assertEquals(warned.length, 2, warned.join("\n"));
  assertStringIncludes(warned[0], '"olha2015" is no work of');
  assertStringIncludes(warned[0], "keys: olah2015");
  assertStringIncludes(warned[1], '"olah2016" is no work of');
  const page = await Deno.readTextFile(
    join(dest, "zh/references/index.html"),
  );
  assertStringIncludes(page, '<p class="reference-note">中文。</p>');
  await Deno.remove(dir, { recursive: true });
});

for (const bad of BAD_CASES) {
  Deno.test(`${bad.name}: one clear error naming the file, previous site untouched`, async () => {
    const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
    const dest = join(dir, "_site");
    await fixtureSite(join(dir, "content")).build({ dest });
    const before = await snapshot(dest);
    await writePages(dir, bad.pages);
    const error = await assertRejects(
      () => fixtureSite(join(dir, "content"), bad.variant).build({ dest }),
      BuildError,
    );
    assertEquals(error.file, expectedFile(dir, bad), String(error));
    assertEquals(error.line, bad.line, String(error));
    assertStringIncludes(error.message, bad.says);
    if (bad.alsoNames) {
      assertStringIncludes(
        error.message,
        expectedFile(dir, { ...bad, file: bad.alsoNames }),
      );
    }
    assertEquals(
      changedFiles(before, await snapshot(dest)),
      [],
      "the previous site changed",
    );
    assertEquals(
      (await listFiles(dir)).filter((p) =>
        // The spare copy of the site a build keeps to write the next into.
        p.startsWith("_site.tmp") && !p.startsWith("_site.tmp/spare/")
      ),
      [],
      "the staging folder is left behind",
    );
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("a warning raised by every page is printed once per build", async () => {
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "bptt/other.md": "---\ntitle: Other\n---\nText.\n",
  });
  const printed: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    const site = fixtureSite(join(dir, "content"), {
      warnEveryPage: "the same thing on every page",
    });
    await site.build({ dest: join(dir, "_site"), quiet: false });
    assertEquals(
      printed.filter((line) => line.includes("the same thing on every page")),
      ["warning: the same thing on every page"],
    );
    // A second build prints it again, once: it still holds.
    await site.build({ dest: join(dir, "_site"), quiet: false });
    assertEquals(
      printed.filter((line) => line.includes("the same thing")).length,
      2,
    );
  } finally {
    console.warn = warn;
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a front-matter key one letter from one the site reads is a warning at its line; with --strict an error, the last good site untouched; another generator's keys are not", async () => {
  const page =
    "---\ntitle: T\ndate: 2026-12-07\ntags: [a]\ntopik: bptt\n---\n\nText.\n";
  const dir = await fixture({ ...BASE, "bptt/typo.md": page });
  const dest = join(dir, "_site");
  try {
    const site = fixtureSite(join(dir, "content"));
    const { warnings } = await site.build({ dest, quiet: true });
    const typo = join(dir, "content", "bptt", "typo.md");
    assertEquals(
      warnings.filter((w) => w.includes("front matter")),
      [
        `${typo}:5: front matter: \`topik\` is no key the site reads: did you mean \`topic\`? (an error with --strict)`,
      ],
    );
    const before = await snapshot(dest);
    const error = await assertRejects(
      () => site.build({ dest, strict: true }),
      BuildError,
      "`topik` is no key the site reads: did you mean `topic`?",
    );
    assertEquals([error.file, error.line], [typo, 5]);
    assertEquals(changedFiles(before, await snapshot(dest)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a page named as other tools name Markdown (.markdown, .MD) is a warning that it is left out; with --strict an error", async () => {
  const dir = await fixture({
    ...BASE,
    "bptt/left-out.markdown": "---\ntitle: T\n---\n\nText.\n",
    "bptt/_draft.markdown": "A private file, as every name starting with _.\n",
  });
  const dest = join(dir, "_site");
  try {
    const site = fixtureSite(join(dir, "content"));
    const { warnings } = await site.build({ dest, quiet: true });
    const file = join(dir, "content", "bptt", "left-out.markdown");
    assertEquals(warnings.filter((w) => w.includes("*.md")), [
      `${file}: a page must be named *.md to be built: this .markdown file is left out (rename it) (an error with --strict)`,
    ]);
    const error = await assertRejects(
      () => site.build({ dest, strict: true }),
      BuildError,
      "a page must be named *.md",
    );
    assertEquals(error.file, file);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two pages of a topic with one order are a warning naming both; with --strict an error at the order's line", async () => {
  const copy = "---\ntitle: A copy\ntopic: bptt\norder: 1\n---\n\nText.\n";
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "bptt/copy.md": copy,
  });
  const dest = join(dir, "_site");
  try {
    const site = fixtureSite(join(dir, "content"));
    const { warnings } = await site.build({ dest, quiet: true });
    const file = (name: string) => join(dir, "content", "bptt", name);
    const both = warnings.filter((w) => w.includes("both have `order: 1`"));
    assertEquals(both.length, 1, warnings.join("\n"));
    assertStringIncludes(both[0], file("copy.md"));
    assertStringIncludes(both[0], file("good.md"));
    assertStringIncludes(both[0], "in the topic bptt");
    const error = await assertRejects(
      () => site.build({ dest, strict: true }),
      BuildError,
      "both have `order: 1` in the topic bptt",
    );
    // The second of the two by address, at the line of its `order:`.
    assertEquals([error.file, error.line], [file("good.md"), 5]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
