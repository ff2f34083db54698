/**
 * An exercise in parts (`exercise_parts.ts`) on a fixture site: the second
 * page numbers its equations on from the first, `\eqref` finds a label on
 * either part (by name from a part, by `ex-1:label` from anywhere), the
 * parts follow each other in the sidebar and the pager, and a label on two
 * parts is an error naming the page.
 *
 * @module
 */
import { assertEquals, assertRejects } from "@std/assert";
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

$$
b = 2 \\label{b}
$$

On: \\eqref{c}, and from anywhere \\eqref{ex-1:c}.
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
topic: bptt
order: 2
---

The third equation of ex-1: \\eqref{ex-1:c}; its first: \\eqref{ex-1:a}.
`;

/** Build the pages; every page's document by its URL. */
async function build(pages: Record<string, string>) {
  const dir = await fixture({ ...BASE, ...pages });
  const dest = join(dir, "_site");
  try {
    await fixtureSite(join(dir, "content")).build({ dest });
    const read = async (url: string) =>
      parseHTML(await Deno.readTextFile(join(dest, url, "index.html")))
        .document as unknown as Document;
    return {
      first: await read("bptt/ex-1"),
      second: await read("bptt/ex-1/more"),
      other: await read("bptt/other"),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const links = (document: Document, selector: string) =>
  [...document.querySelectorAll(selector)].map((a) =>
    `${a.getAttribute("href")} ${a.textContent}`
  );

Deno.test("the second part of an exercise numbers on, and \\eqref finds a label on either part", async () => {
  const { first, second, other } = await build({
    "bptt/ex-1.md": FIRST,
    "bptt/ex-1/more.md": SECOND,
    "bptt/other.md": OTHER,
  });
  assertEquals(
    [...first.querySelectorAll(".eq-number")].map((n) => n.textContent),
    ["(1)", "(2)"],
  );
  // The label of the second part: number 3, on that page.
  assertEquals(second.querySelector("#eq-c .eq-number")?.textContent, "(3)");
  assertEquals(links(second, "a.eqref"), ["/bptt/ex-1/#eq-a (1)"]);
  assertEquals(links(first, "a.eqref"), [
    "/bptt/ex-1/more/#eq-c (3)",
    "/bptt/ex-1/more/#eq-c (ex-1.3)",
  ]);
  assertEquals(links(other, "a.eqref"), [
    "/bptt/ex-1/more/#eq-c (ex-1.3)",
    "/bptt/ex-1/#eq-a (ex-1.1)",
  ]);
  // In the sidebar and the pager, one after the other.
  assertEquals(
    [...second.querySelectorAll(".sidebar li a")].map((a) =>
      a.getAttribute("href")
    ).filter((href) => href?.startsWith("/bptt/")),
    ["/bptt/ex-1/", "/bptt/ex-1/more/", "/bptt/other/"],
  );
  assertEquals(links(second, ".pager a").map((l) => l.split(" ")[0]), [
    "/bptt/ex-1/",
    "/bptt/other/",
  ]);
  assertEquals(second.querySelector("article")?.getAttribute("data-part"), "2");
  assertEquals(
    first.querySelector("article")?.hasAttribute("data-part"),
    false,
  );
});

Deno.test("a label on two parts of an exercise, or two first parts, is an error naming the page", async () => {
  const twice = SECOND.replace("\\label{c}", "\\label{a}");
  const error = await assertRejects(
    () => build({ "bptt/ex-1.md": FIRST, "bptt/ex-1/more.md": twice }),
    BuildError,
    "\\label{a} is used on two pages of ex-1",
  );
  assertEquals(error.file?.endsWith("more.md"), true, error.message);
  await assertRejects(
    () =>
      build({
        "bptt/ex-1.md": FIRST,
        "bptt/ex-1/more.md": SECOND.replace("part: 2\n", ""),
      }),
    BuildError,
    'two pages cite their equations as "ex-1:…"',
  );
});

Deno.test("a part that is not 2, 3, … of an exercise is an error naming the page and the line of its part", async () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      "part 0",
      { "bptt/ex-1/more.md": SECOND.replace("part: 2", "part: 0") },
      "`part` must be a whole number from 1 on, got 0",
    ],
    ["part 1.5", {
      "bptt/ex-1/more.md": SECOND.replace("part: 2", "part: 1.5"),
    }, "got 1.5"],
    [
      "part -1",
      { "bptt/ex-1/more.md": SECOND.replace("part: 2", "part: -1") },
      "got -1",
    ],
    [
      "a gap",
      { "bptt/ex-1/more.md": SECOND.replace("part: 2", "part: 3") },
      "part 3 of ex-1, but no part 2",
    ],
    ["part 1 twice", {
      "bptt/ex-1/more.md": SECOND.replace("part: 2", "part: 1"),
    }, "part 1 of ex-1 twice"],
    ["part 2 twice", {
      "bptt/ex-1/more.md": SECOND,
      "bptt/ex-1/again.md": SECOND.replace(
        "title: Second part",
        "title: Again",
      ),
    }, "part 2 of ex-1 twice"],
    ["no exercise", {
      "bptt/ex-1/more.md": SECOND.replace("exercise: ex-1\n", ""),
    }, "`part` is for a page of an exercise"],
  ];
  for (const [name, pages, message] of cases) {
    const error = await assertRejects(
      () => build({ "bptt/ex-1.md": FIRST, ...pages }),
      BuildError,
      message,
      name,
    );
    assertEquals(
      /\/(more|again)\.md$/.test(error.file ?? ""),
      true,
      `${name}: ${error.file}`,
    );
    const text = pages[error.file!.slice(error.file!.indexOf("bptt/"))];
    const partLine = text.split("\n").findIndex((line) =>
      line.startsWith("part:")
    ) + 1;
    assertEquals(error.line, partLine, `${name}: the line of part:`);
  }
});
