/**
 * The `words` filter on a fixture site: a label from the results stays itself
 * on an English page and becomes its entry of `_data/words_zh.yml` on the
 * Chinese twin; a label the file lacks stops the build, naming the page and
 * the label. And every label the real pages pass through `words` has its
 * Chinese.
 *
 * @module
 */
import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { BuildError } from "../../scripts/site/core/site.ts";
import { parseWords, words } from "../../scripts/site/plugins/words.ts";
import { compute as clip } from "../../scripts/exercises/clip.ts";
import { compute as tbptt } from "../../scripts/exercises/tbptt.ts";
import { BASE, fixture, fixtureSite } from "./_fixture.ts";

const PAGES = {
  ...BASE,
  "zh/index.md": "---\ntitle: 首页\nlang: zh\n---\n你好。\n",
  "zh/results.md": "---\ntitle: 结果\nlang: zh\n---\n全部。\n",
  "a.md": "---\ntitle: A\n---\nRun: {{ label |> words }}.\n",
  "zh/a.md": "---\ntitle: 甲\nlang: zh\n---\n运行：{{ label |> words }}。\n",
  "_data/words_zh.yml": "no clipping: 不裁剪\n",
};

Deno.test("words: the label on an English page, its translation on a Chinese one", async () => {
  const dir = await fixture(PAGES);
  try {
    const dest = join(dir, "_site");
    const site = fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
      .use(
        words(),
      );
    site.data("label", "no clipping");
    await site.build({ dest });
    assertStringIncludes(
      await Deno.readTextFile(join(dest, "a", "index.html")),
      "Run: no clipping.",
    );
    assertStringIncludes(
      await Deno.readTextFile(join(dest, "zh", "a", "index.html")),
      "运行：不裁剪。",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("words: a label without its translation names the page and the label", async () => {
  const dir = await fixture(PAGES);
  try {
    const site = fixtureSite(join(dir, "content"), { languages: ["en", "zh"] })
      .use(
        words(),
      );
    site.data("label", "clipped by value");
    const error = await assertRejects(
      () => site.build({ dest: join(dir, "_site") }),
      BuildError,
    );
    assertStringIncludes(String(error), "zh/a.md");
    assertStringIncludes(String(error), 'no zh word for "clipped by value"');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every label the pages pass through words has its Chinese", async () => {
  const file = fromFileUrl(
    new URL("../../content/_data/words_zh.yml", import.meta.url),
  );
  const zh = parseWords(await Deno.readTextFile(file), file);
  const labels = [
    ...clip().runs.map((run) => run.label),
    ...tbptt().randomized.rows.map((row) => row.network),
  ];
  assertEquals(labels.filter((label) => !(label in zh)), []);
});
