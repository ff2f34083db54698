/**
 * The Chinese pages are translations, not rewrites: a page under
 * `content/zh/` keeps, in order, everything of its English twin that is not
 * prose. Vento expressions (numbers, shortcodes), formulas (words inside
 * `\text{…}` may be translated), `\label`/`\eqref`, citations, link
 * targets, heading levels and the front matter's keys and non-prose values
 * must match, so a number, an equation or an anchor cannot be retyped or lost
 * in translation. All in order but the inline formulas, which Chinese word
 * order may move within a paragraph ("row $i$ of $W$", "$W$ 的第 $i$ 行").
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { fromFileUrl, join, relative } from "@std/path";
import { type Skeleton, skeleton } from "./_zh_skeleton.ts";

const CONTENT = fromFileUrl(new URL("../../content/", import.meta.url));

/** Every Markdown file under a folder, as paths relative to it. */
async function markdownFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".md")) found.push(relative(folder, path));
    }
  }
  try {
    await walk(folder);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}

Deno.test("skeleton() keeps numbers, formulas and links, not prose", () => {
  const en = skeleton(
    "---\ntitle: Gates\norder: 1\n---\n## Question\n\nThe gate " +
      "$f_t = {{ r.f |> tex }}$ is {{ r.f |> num }} [@gers2000]\n" +
      "([notes](/notation/#x)).\n\n$$\na \\text{ for all } b\n$$\n",
  );
  const zh = skeleton(
    "---\ntitle: 门\norder: 1\nlang: zh\n---\n## 题目\n\n门 " +
      "$f_t = {{ r.f |> tex }}$ 为 {{ r.f |> num }} [@gers2000]\n" +
      "（[记号](/notation/#x)）。\n\n$$\na \\text{ 对所有 } b\n$$\n",
  );
  assertEquals(zh, en);
  assertEquals(en.displayMath, ["a \\text{…} b"]);
  assertEquals(en.inlineMath, ["f_t = {{ r.f |> tex }}"]);
  assertEquals(
    skeleton('{{ set b = { a: "Two words", c: "双" } }}{{ "fig-1" |> figref }}')
      .vento,
    ['{{ set b = { a: "…", c: "…" } }}', '{{ "fig-1" |> figref }}'],
  );
  assertEquals(skeleton("Run `eigs` and `f(x)`.").codeSpans, [
    "`eigs`",
    "`f(x)`",
  ]);
  const retyped = skeleton("## 题目\n\n门为 0.83，$f_t = 0.83$。\n");
  assertEquals(retyped.vento, []);
  assertEquals(retyped.inlineMath, ["f_t = 0.83"]);
  // A place to break is layout, not content; a changed formula is not.
  assertEquals(skeleton("（$a = \\allowbreak b$）").inlineMath, ["a = b"]);
  assertEquals(skeleton("$a = \\allowbreakb$").inlineMath, [
    "a = \\allowbreakb",
  ]);
});

Deno.test("every Chinese page keeps its English twin's skeleton", async () => {
  const pages = await markdownFiles(join(CONTENT, "zh"));
  for (const page of pages) {
    // A generation template (errata/_seed.md) reads the translated data
    // instead of the English words: its twin differs by design.
    if (page.split("/").at(-1)!.startsWith("_")) continue;
    const zhSource = await Deno.readTextFile(join(CONTENT, "zh", page));
    let enSource: string;
    try {
      enSource = await Deno.readTextFile(join(CONTENT, page));
    } catch {
      continue; // A page generated from data has no Markdown twin.
    }
    const zh = skeleton(zhSource);
    const en = skeleton(enSource);
    for (const part of Object.keys(en) as (keyof Skeleton)[]) {
      // A page that reads the errata's Chinese prose (errata/index.md) has
      // Vento of its own for it, as the templates do; its numbers are
      // compared on the built pages (zh_twins_test.ts).
      if (part === "vento" && zhSource.includes("errataZh")) continue;
      assertEquals(
        zh[part],
        en[part],
        `content/zh/${page}: its ${part} differ from content/${page}`,
      );
    }
  }
});
