/**
 * A site in two languages (`multilanguage.ts`) on a fixture site: a Chinese
 * page under `content/zh/` with `lang: zh` builds at `/zh/…` beside its
 * English twin (the same exercise, the same labels), cites the equations of
 * its language's pages and of the English pages without a Chinese twin,
 * links to Chinese pages where they exist and to English ones where not, and
 * has a sidebar and a pager of its language. A page in the wrong folder or
 * language, and two pages of one language with one id, are errors naming
 * the file.
 *
 * @module
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { BuildError } from "../../scripts/site/core/site.ts";
import { BASE, fixture, fixtureSite } from "./_fixture.ts";

const FIRST = `---
title: First part
exercise: ex-1
topic: bptt
order: 1
---

$$
a = 1 \\label{a}
$$

On: \\eqref{c} and \\eqref{ex-1:d}, and [the other page](../other/), [home](/).
`;

const SECOND = `---
title: Second part
exercise: ex-1
part: 2
topic: bptt
order: 1
---

Back to \\eqref{a}.

$$
c = 3 \\label{c}
$$
`;

const OTHER = `---
title: Another page
exercise: ex-1
part: 3
topic: bptt
order: 1
---

See \\eqref{ex-1:c} and [the first part](/bptt/ex-1/#eq-a).

$$
d = 4 \\label{d}
$$
`;

/** The same page in Chinese: `lang: zh` added, the title translated. */
const zh = (page: string, title: string) =>
  page.replace(/^---\ntitle: [^\n]*\n/, `---\ntitle: ${title}\nlang: zh\n`);

const PAGES = {
  ...BASE,
  "zh/index.md": "---\ntitle: 首页\nlang: zh\n---\n你好。\n",
  "bptt/ex-1.md": FIRST,
  "bptt/ex-1/more.md": SECOND,
  "bptt/other.md": OTHER,
  "zh/bptt/ex-1.md": zh(FIRST, "第一部分"),
  "zh/bptt/ex-1/more.md": zh(SECOND, "第二部分"),
};

/** Build the pages; a function reading a page's document by its URL. */
async function build(pages: Record<string, string>) {
  const dir = await fixture(pages);
  const dest = join(dir, "_site");
  try {
    await fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
      .build({ dest });
    const documents = new Map<string, Document>();
    for (
      const url of [
        "bptt/ex-1",
        "bptt/ex-1/more",
        "bptt/other",
        "zh/bptt/ex-1",
        "zh/bptt/ex-1/more",
      ]
    ) {
      documents.set(
        `/${url}/`,
        parseHTML(await Deno.readTextFile(join(dest, url, "index.html")))
          .document as unknown as Document,
      );
    }
    return (url: string) => documents.get(url)!;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const hrefs = (document: Document, selector: string) =>
  [...document.querySelectorAll(selector)].map((a) => a.getAttribute("href"));

Deno.test("a Chinese twin builds at /zh/…, cites and links the pages of its language, else the English ones", async () => {
  const page = await build(PAGES);
  const first = page("/zh/bptt/ex-1/");
  assertEquals(first.documentElement.getAttribute("lang"), "zh");
  assertEquals(page("/bptt/ex-1/").documentElement.getAttribute("lang"), "en");
  // Its equations number as its English twin's, and cite the Chinese part 2.
  assertEquals(
    [...first.querySelectorAll(".eq-number")].map((n) => n.textContent),
    ["(1)"],
  );
  // Part 3 has no Chinese twin: its equation is the English page's, with
  // the number it has there.
  assertEquals(hrefs(first, "a.eqref"), [
    "/zh/bptt/ex-1/more/#eq-c",
    "/bptt/other/#eq-d",
  ]);
  assertEquals(first.querySelectorAll("a.eqref")[1].textContent, "(ex-1.3)");
  assertEquals(hrefs(page("/zh/bptt/ex-1/more/"), "a.eqref"), [
    "/zh/bptt/ex-1/#eq-a",
  ]);
  // The English pages are untouched by their twins.
  assertEquals(hrefs(page("/bptt/ex-1/"), "a.eqref"), [
    "/bptt/ex-1/more/#eq-c",
    "/bptt/other/#eq-d",
  ]);
  assertEquals(hrefs(page("/bptt/other/"), ".prose a").slice(-1), [
    "/bptt/ex-1/#eq-a",
  ]);
  // ../other/ has no Chinese twin: the English page; / has one: /zh/.
  const prose = hrefs(first, ".prose a:not(.eqref)");
  assertEquals(prose, ["/bptt/other/", "/zh/"]);
  // The sidebar and the pager: the Chinese pages only.
  const sidebar = hrefs(first, ".sidebar a");
  assertEquals(sidebar, ["/zh/", "/zh/bptt/ex-1/", "/zh/bptt/ex-1/more/"]);
  assertEquals(hrefs(first, ".pager a"), ["/zh/", "/zh/bptt/ex-1/more/"]);
  assertEquals(hrefs(page("/bptt/ex-1/more/"), ".pager a"), [
    "/bptt/ex-1/",
    "/bptt/other/",
  ]);
  assert(hrefs(page("/bptt/ex-1/"), ".sidebar a").includes("/bptt/other/"));
});

Deno.test("a page in the wrong folder or language, or two pages of a language with one id, is an error naming the file", async () => {
  const cases: [Record<string, string>, string, string][] = [
    [
      { "zh/bptt/x.md": "---\ntitle: X\n---\nText.\n" },
      "zh/bptt/x.md",
      "add `lang: zh`",
    ],
    [
      { "bptt/x.md": "---\ntitle: X\nlang: zh\n---\nText.\n" },
      "bptt/x.md",
      "lives under zh/",
    ],
    [
      { "zh/bptt/x.md": "---\ntitle: X\nlang: fr\n---\nText.\n" },
      "zh/bptt/x.md",
      "not a language of the site",
    ],
    [
      {
        "zh/bptt/x.md": "---\ntitle: X\nlang: zh\nid: bptt/y\n---\nText.\n",
        "zh/bptt/y.md": "---\ntitle: Y\nlang: zh\n---\nText.\n",
      },
      "zh/bptt/",
      'two pages in zh have the id "bptt/y"',
    ],
  ];
  for (const [pages, file, says] of cases) {
    const error = await assertRejects(
      () => build({ ...BASE, ...pages }),
      BuildError,
      says,
    );
    assert(error.file?.includes(file), `${error.file} names ${file}`);
  }
});
