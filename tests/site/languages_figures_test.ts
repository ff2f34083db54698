/**
 * Figures, the solution's fold and the self-check on a Chinese page, on a
 * fixture site: the same shortcodes draw "图 n" and cite it so, `## 解答`
 * is folded with Chinese words, the self-check's form speaks Chinese; the
 * English twin keeps its English.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { BASE, fixture, fixtureSite, GOOD } from "./_fixture.ts";

const CHECKS = "checks:\n  - label: the gain\n    value: gain\n";

const ENGLISH = GOOD.replace("order: 1\n", `order: 1\n${CHECKS}`) +
  "\n## Solution\n\nThe gain is {{ r.gain |> num }}.\n";

const CHINESE = ENGLISH
  .replace("title: A good page\n", "title: 一个好页面\nlang: zh\n")
  .replace("## Question", "## 题目")
  .replace("## Solution", "## 解答");

Deno.test("a Chinese page numbers and cites its figures 图 n, folds 解答 and checks in Chinese; its English twin stays English", async () => {
  const dir = await fixture({
    ...BASE,
    "zh/index.md": "---\ntitle: 首页\nlang: zh\n---\n你好。\n",
    "bptt/good.md": ENGLISH,
    "zh/bptt/good.md": CHINESE,
  });
  try {
    const dest = join(dir, "_site");
    await fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
      .build({ dest });
    const read = async (url: string) =>
      parseHTML(await Deno.readTextFile(join(dest, url, "index.html")))
        .document as unknown as Document;
    const texts = (document: Document, selector: string) =>
      [...document.querySelectorAll(selector)].map((e) => e.textContent);
    const zh = await read("zh/bptt/good");
    const en = await read("bptt/good");
    assertEquals(texts(zh, ".fig-number"), ["图\u00a01", "图\u00a02"]);
    assertEquals(texts(en, ".fig-number"), [
      "Figure\u00a01.",
      "Figure\u00a02.",
    ]);
    assertEquals(texts(zh, "a.figref"), [
      "图\u00a02",
      "图\u00a01",
      "图\u00a02",
    ]);
    assertEquals(texts(en, "a.figref"), [
      "Figure\u00a02",
      "Figure\u00a01",
      "Figure\u00a02",
    ]);
    assertEquals(texts(zh, ".fig-data"), [
      "下载数据（CSV） （共\u00a03\u00a0行）",
    ]);
    assertEquals(texts(zh, "details.solution > summary"), ["显示解答"]);
    assertEquals(texts(en, "details.solution > summary"), [
      "Show the solution",
    ]);
    assertEquals(texts(zh, "form.check button"), ["核对"]);
    assertEquals(texts(zh, ".check-tolerance"), ["容差 0.1%"]);
    assertEquals(texts(en, ".check-tolerance"), ["within 0.1%"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
