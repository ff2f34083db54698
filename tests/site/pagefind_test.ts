/**
 * Tests of the search index: Pagefind, in service mode, given only what it
 * indexes of each page (`searchableHtml`), makes the same index, byte for
 * byte, as given the whole pages; the plugin's index of the real site is
 * that index; the service client fails cleanly; `serve` reuses the previous
 * index and refreshes it; an index written in place over an older one, or
 * over one whose writing never finished, is the index of the pages.
 *
 * The second answer is always Pagefind itself, run on the whole pages: the
 * tests do not re-implement what Pagefind makes of a page.
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
import { pagefind } from "../../scripts/site/plugins/pagefind.ts";
import {
  type PagefindFile,
  PagefindService,
} from "../../scripts/site/plugins/pagefind_service.ts";
import { searchableHtml } from "../../scripts/site/plugins/searchable_html.ts";
import { BuildError, Site } from "../../scripts/site/core/site.ts";
import { SPARE } from "../../scripts/site/core/dest.ts";
import { parseHTML } from "linkedom";
import { builtSite, listFiles } from "./_build.ts";
import { stubSite } from "./_stub_site.ts";
import {
  bundleIn,
  differences,
  EXCLUDE,
  indexOf,
  sitePages,
} from "./_pagefind.ts";

/** A stray file in the bundle's folder (a write that stopped left it). */
const WRITING_MARK = ".writing";

Deno.test("the site's search index is the one Pagefind makes of the whole pages, byte for byte", async () => {
  const dir = await builtSite();
  const pages = await sitePages(dir);
  const whole = await indexOf(pages);
  const built: PagefindFile[] = [];
  for (const file of await listFiles(join(dir, "pagefind"))) {
    built.push({
      path: file,
      content: await Deno.readFile(join(dir, "pagefind", file)),
    });
  }
  assertEquals(differences(built, whole), []);
  // One fragment per page that asks to be indexed (the results pages, with
  // `search: false`, do not).
  const indexed =
    pages.filter(([, html]) => html.includes("data-pagefind-body")).length;
  assert(indexed > 30, `only ${indexed} pages are indexed`);
  assertEquals(
    whole.filter((file) => file.path.startsWith("fragment/")).length,
    indexed,
  );
});

Deno.test("searchableHtml: each page of the site is much smaller, and cut where it should be", async () => {
  const pages = await sitePages(await builtSite());
  let before = 0;
  let after = 0;
  const cut = { math: 0, svg: 0, toc: 0, header: 0 };
  for (const [, html] of pages) {
    const small = searchableHtml(html, { excludeSelectors: EXCLUDE });
    before += html.length;
    after += small.length;
    if (html.includes("<math") && !small.includes("<mrow")) cut.math++;
    if (html.includes("<svg") && !small.includes("<svg")) cut.svg++;
    if (html.includes('class="toc"') && !small.includes('class="toc"')) {
      cut.toc++;
    }
    if (!small.includes('class="site-header"')) cut.header++;
  }
  // Not a speed test: a check that the pages handed to Pagefind did shrink,
  // and that each kind of cut happened somewhere (so the test above checks
  // each of them against Pagefind).
  assert(after < before / 2, `${after} of ${before} characters kept`);
  for (const [kind, pagesCut] of Object.entries(cut)) {
    assert(pagesCut > 0, `no page had its ${kind} cut`);
  }
});

const PAGE = (body: string, outside = "", head = "<title>T</title>") =>
  `<!doctype html><html lang="en"><head>${head}</head><body>` +
  `<header><a href="/">Site</a><nav><a href="/x/">X</a></nav></header>${outside}` +
  `<main id="main"><article data-pagefind-body>${body}</article></main>` +
  `<footer><p>Footer</p></footer></body></html>`;

const MATH =
  `<math><semantics><mrow><msub><mi>h</mi><mi>t</mi></msub><mo>=</mo>` +
  `<mn>1</mn></mrow><annotation encoding="application/x-tex">h_t = 1</annotation>` +
  `</semantics></math>`;

/** Pages that differ from the plain case in one way each, and whether cut. */
const CASES: { name: string; html: string; cut: boolean }[] = [
  {
    name: "plain page with math, a chart and a table of contents",
    html: PAGE(
      `<h1>Title</h1><nav class="toc" data-pagefind-ignore><h2 id="toc">On this page</h2></nav>` +
        `<h2 id="a">A heading</h2><p>Text with ${MATH} in it.</p>` +
        `<div class="math-display" id="eq-1">${MATH}<span>(1)</span></div>` +
        `<figure id="fig"><svg viewBox="0 0 1 1"><title>chart</title><g><text>tick</text></g></svg>` +
        `<figcaption>Caption words.</figcaption></figure><p>End.</p>`,
    ),
    cut: true,
  },
  {
    name: "a filter outside the body",
    html: PAGE(
      "<h1>T</h1><p>Words.</p>",
      '<p data-pagefind-filter="kind">x</p>',
    ),
    cut: false,
  },
  {
    name: "an h1 before the body",
    html: PAGE("<p>Words only.</p>", "<h1>Outside title</h1>"),
    cut: false,
  },
  {
    name: "an image after the body",
    html: PAGE("<h1>T</h1><p>Words.</p>").replace(
      "<footer>",
      '<footer><img src="/a.png" alt="A">',
    ),
    cut: false,
  },
  {
    name: "two bodies",
    html: PAGE(
      "<h1>T</h1><p>One.</p>",
      "<div data-pagefind-body><p>Two.</p></div>",
    ),
    cut: false,
  },
  {
    name: "a body that never ends",
    html: PAGE("<h1>T</h1><p>Words.</p>").replace("</article>", ""),
    cut: false,
  },
  {
    name: "a body Pagefind would not end as a sentence",
    html: PAGE("<h1>T</h1><p>Words</p>").replace(
      /<article data-pagefind-body>(.*)<\/article>/,
      "<span data-pagefind-body>$1</span>",
    ),
    cut: false,
  },
  {
    name: "math holding an id (an anchor)",
    html: PAGE(
      `<h1>T</h1><p>See ${
        MATH.replace("<mi>h</mi>", '<mi id="h">h</mi>')
      }.</p>`,
    ),
    cut: true,
  },
  {
    name: "a chart holding a filter",
    html: PAGE(
      '<h1>T</h1><svg><g data-pagefind-filter="kind:chart"></g></svg><p>Words.</p>',
    ),
    cut: true,
  },
  {
    name: "an excluded element with an id, and an ignored one with an id",
    html: PAGE(
      '<h1>T</h1><div class="fig-data" id="data"><p>1, 2</p></div>' +
        '<div data-pagefind-ignore id="gone"><p>Ignored words.</p></div><p>Words.</p>',
    ),
    cut: true,
  },
  {
    name: "an ignored element holding the page's image",
    html: PAGE(
      '<h1>T</h1><div data-pagefind-ignore><img src="/a.png" alt="A"></div><p>Words.</p>',
    ),
    cut: true,
  },
  {
    name: "no title in the head, a chart with one",
    html: PAGE(
      "<p>No heading.</p><svg><title>Chart title</title></svg><p>Words.</p>",
      "",
      "",
    ),
    cut: true,
  },
  {
    name: "a script and a style in the body, with tags in their text",
    html: PAGE(
      '<h1>T</h1><script>const s = "<article>";</script><style>p::before{content:"</article>"}</style><p>Words.</p>',
    ),
    cut: true,
  },
  {
    name:
      "a formula after its search twin in its box, a lone symbol with its punctuation",
    html: PAGE(
      `<h1>T</h1><p>So <span class="math-inline">(<span hidden>h_t = 1</span>${MATH}),</span>` +
        ` and <span class="math-inline"><math><mi>W</mi></math>:</span> more.</p>`,
    ),
    cut: true,
  },
  {
    name:
      "a box whose first child holds an element, a formula after a twin holding an id",
    html: PAGE(
      `<h1>T</h1><p><span class="math-inline"><span hidden>h<sub>t</sub></span>${MATH}</span>` +
        ` and <span class="math-inline"><span hidden>x</span>${
          MATH.replace("<mi>h</mi>", '<mi id="h2">h</mi>')
        }</span>.</p>`,
    ),
    cut: true,
  },
  {
    name: "a formula second in a box of another class, and third in its box",
    html: PAGE(
      `<h1>T</h1><p><span class="other"><span hidden>a</span>${MATH}</span>` +
        ` <span class="math-inline"><b>1</b><span hidden>b</span>${MATH}</span>.</p>`,
    ),
    cut: true,
  },
  {
    name:
      "displayed formulas: first in their box, after a line break, after an element holding one",
    html: PAGE(
      `<h1>T</h1><div class="math-display" tabindex="0">${MATH}</div>` +
        `<div class="math-display"><br>${MATH}</div>` +
        `<div class="math-display"><span><b>x</b></span>${MATH}</div><p>End.</p>`,
    ),
    cut: true,
  },
  {
    name: "attributes holding > and quotes",
    html: PAGE(
      `<h1 title="a > b">T</h1><p data-x='<nav>'>Words ${
        MATH.replace("<mn>", '<mn data-num="1>0">')
      }.</p>`,
    ),
    cut: true,
  },
];

Deno.test("searchableHtml: Pagefind indexes each tricky page exactly as the whole page", async (t) => {
  for (const { name, html, cut } of CASES) {
    await t.step(name, async () => {
      const small = searchableHtml(html, { excludeSelectors: EXCLUDE });
      assertEquals(small !== html, cut, small);
      const path = "page/index.html";
      assertEquals(
        differences(
          await indexOf([[path, small]]),
          await indexOf([[path, html]]),
        ),
        [],
        small,
      );
    });
  }
});

Deno.test("PagefindService: a service that stops fails its requests instead of hanging", async () => {
  const service = PagefindService.start("/bin/false");
  await assertRejects(
    () => service.newIndex({ forceLanguage: "en" }),
    Error,
    "Pagefind stopped",
  );
  await service.close();
});

Deno.test("PagefindService: a page added again under the same URL replaces the first", async () => {
  const page = (word: string) =>
    `<html lang="en"><body><h1>${word}</h1><p>${word}</p></body></html>`;
  const twice = await indexOf([
    ["a/index.html", page("first")],
    ["b/index.html", page("other")],
    ["a/index.html", page("second")],
  ]);
  const once = await indexOf([
    ["a/index.html", page("second")],
    ["b/index.html", page("other")],
  ]);
  assertEquals(differences(twice, once), []);
});

/** A site whose pages are their title, indexed by `plugin`, in `dir`. */
function tinySite(dir: string, plugin = pagefind(), serve = false): Site {
  return stubSite(
    dir,
    ({ title }) =>
      `<!doctype html><html lang="en"><head><title>${title}</title></head>` +
      `<body><article data-pagefind-body><h1>${title}</h1></article></body></html>`,
    { serve },
  ).use(plugin);
}

Deno.test("pagefind(): an indexer that cannot start or that stops fails the build, naming Pagefind, and leaves the site as it was", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-pagefind-" });
  try {
    await Deno.mkdir(join(dir, "content"));
    await Deno.writeTextFile(
      join(dir, "content", "a.md"),
      "---\ntitle: Alpha\n---\n",
    );
    await tinySite(dir).build();
    const before = await Deno.readTextFile(
      join(dir, "_site", "a", "index.html"),
    );
    await Deno.writeTextFile(
      join(dir, "content", "a.md"),
      "---\ntitle: Changed\n---\n",
    );
    for (
      const [binary, says] of [
        [join(dir, "no-such-pagefind"), "Pagefind could not start"],
        ["/bin/false", "Pagefind stopped"],
      ]
    ) {
      await assertRejects(
        () => tinySite(dir, pagefind({ binary })).build(),
        BuildError,
        says,
      );
      assertEquals(
        await Deno.readTextFile(join(dir, "_site", "a", "index.html")),
        before,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pagefind() in serve: a rebuild keeps the previous index, then refreshes it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-pagefind-" });
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  await Deno.mkdir(src);
  const site = tinySite(dir, pagefind(), true);
  const pageCount = async () =>
    JSON.parse(
      await Deno.readTextFile(join(dest, "pagefind", "pagefind-entry.json")),
    ).languages.en.page_count;
  try {
    await Deno.writeTextFile(join(src, "a.md"), "---\ntitle: Alpha\n---\n");
    await site.build();
    assertEquals(await pageCount(), 1);
    await Deno.writeTextFile(join(src, "b.md"), "---\ntitle: Beta\n---\n");
    await site.build();
    // The refresh runs after the build, in the background.
    for (let i = 0; i < 100 && await pageCount() !== 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assertEquals(await pageCount(), 2);
    await Deno.remove(join(src, "a.md"));
    // A build stops the refresh of the one before, if it still runs, and
    // its own refresh follows.
    await site.build();
    await site.build();
    for (let i = 0; i < 100 && await pageCount() !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assertEquals(await pageCount(), 1);
  } finally {
    await site.build({ serve: false }).catch(() => {}); // closes the indexer
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pagefind(): the index written in place over an older one is the index Pagefind makes of the pages, stale files gone; one whose writing never finished is written again whole", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-pagefind-" });
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  // A build writes into the copy of the site before last.
  const spareBundle = join(`${dest}.tmp`, SPARE, "pagefind");
  await Deno.mkdir(src);
  const write = (name: string, title: string) =>
    Deno.writeTextFile(join(src, `${name}.md`), `---\ntitle: ${title}\n---\n`);
  const check = async () => {
    const pages = await sitePages(dest);
    assertEquals(
      differences(await bundleIn(join(dest, "pagefind")), await indexOf(pages)),
      [],
    );
    assertEquals(
      (await listFiles(join(dest, "pagefind")))
        .filter((path) => path.startsWith("fragment/")).length,
      pages.length,
    );
  };
  try {
    for (const name of ["a", "b", "c"]) await write(name, `Page ${name}`);
    await tinySite(dir).build();
    await check();
    await write("a", "Alpha changed");
    await Deno.remove(join(src, "c.md"));
    await write("d", "Delta");
    await tinySite(dir).build(); // into a fresh copy
    await check();
    await tinySite(dir).build(); // into the first build's copy: a, c stale
    await check();
    // A build that stopped while Pagefind wrote: a fragment cut short, and
    // the mark still there.
    const fragments = join(spareBundle, "fragment");
    const [fragment] = [...Deno.readDirSync(fragments)].map((e) => e.name);
    await Deno.writeFile(join(fragments, fragment), new Uint8Array());
    await Deno.writeTextFile(join(spareBundle, WRITING_MARK), "");
    await tinySite(dir).build();
    await check();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The text of a Pagefind fragment (gzip, after Pagefind's signature). */
async function fragmentOf(bytes: Uint8Array<ArrayBuffer>): Promise<{
  url: string;
  content: string;
}> {
  const text = await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  return JSON.parse(text.slice(text.indexOf("{")));
}

/** `text` as a regular expression matching exactly it. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Spaces of every kind as one, as the index writes them, without the
 * zero-width spaces Pagefind sets between the words of Chinese.
 */
const spaced = (text: string) =>
  text.replaceAll("\u200b", "").replace(/[\s\u00a0\u202f]+/g, " ").trim();

Deno.test("the index reads every number a page shows apart from the text beside it (no 'at t = 1000.002' from 'at t = 100' and '0.002'), and a lone symbol where it stands", async () => {
  const dir = await builtSite();
  const fragments = new Map<string, string>();
  for (const file of await listFiles(join(dir, "pagefind", "fragment"))) {
    const fragment = await fragmentOf(
      await Deno.readFile(join(dir, "pagefind", "fragment", file)),
    );
    fragments.set(fragment.url, spaced(fragment.content));
  }
  // What Pagefind leaves out: its own list, the plugin's, hidden parts.
  const unread = [
    ...EXCLUDE,
    "[data-pagefind-ignore]",
    "form",
    "label",
    "nav",
    "footer",
    "script",
    "noscript",
    "template",
  ].join(", ");
  let checked = 0;
  const runTogether: string[] = [];
  for (const [file, html] of await sitePages(dir)) {
    if (!html.includes("data-pagefind-body")) continue;
    const url = `/${file.replace(/index\.html$/, "")}`;
    const content = fragments.get(url) ?? "";
    assert(content, `no fragment for ${url}`);
    const { document } = parseHTML(html);
    const body = document.querySelector("[data-pagefind-body]")!;
    // How often the page shows each number where the index reads it.
    const times = new Map<string, number>();
    for (
      const element of body.querySelectorAll("[data-num], [data-nums] > span")
    ) {
      if (element.closest(unread)) continue;
      const shown = spaced(element.textContent ?? "");
      if (shown) times.set(shown, (times.get(shown) ?? 0) + 1);
    }
    for (const [shown, count] of times) {
      // As often in the index, standing alone: no digit or point running
      // into it from before, no digit after (a formula's twin may say it
      // once more).
      const places = [...content.matchAll(new RegExp(literal(shown), "g"))]
        .map((match) => match.index);
      const runsIn = (at: number) =>
        /[\d.]/.test(content[at - 1] ?? " ") ||
        /\d/.test(content[at + shown.length] ?? " ");
      const apart = places.filter((at) => !runsIn(at)).length;
      checked += count;
      if (apart < count) {
        const at = places.find(runsIn) ?? -1;
        runTogether.push(
          `${url}: "${shown}" shown ${count} times, apart ${apart} in the index${
            at < 0
              ? ""
              : `: "${content.slice(at - 25, at + shown.length + 10)}"`
          }`,
        );
      }
    }
  }
  assert(checked > 1000, `only ${checked} numbers checked`);
  assertEquals(runTogether, []);
  // A chart's legend is read apart too, and once: the narrow drawing says
  // it again and is not indexed.
  const legend = "L₀ L₁ L₂ L₃";
  assertEquals(fragments.get("/bptt/rnn-2a/")?.split(legend).length, 2);
  // A lone symbol is read from its MathML (it has no twin), with the
  // punctuation beside it; a formula after its twin is not read twice.
  for (
    const [url, words] of [
      ["/explorers/gradient-flow/", "from step t back to step 0"],
      ["/explorers/matrix-powers/", "a power of W: exercise rnn-2c"],
      ["/explorers/matrix-powers/", "computes W^30 for one matrix"],
    ]
  ) assertStringIncludes(fragments.get(url) ?? "", words);
});
