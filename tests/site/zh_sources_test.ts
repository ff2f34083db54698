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
import { extract } from "@std/front-matter/yaml";
import { fromFileUrl, join, relative } from "@std/path";

const CONTENT = fromFileUrl(new URL("../../content/", import.meta.url));

/** Front matter keys whose values are words, translated on a Chinese page. */
const PROSE_KEYS = new Set(["title", "description", "label", "lang"]);

/** What a page must keep from its twin, in order. */
export interface Skeleton {
  frontMatter: unknown;
  headings: number[];
  vento: string[];
  displayMath: string[];
  /** Sorted: Chinese word order may move an inline formula in its paragraph. */
  inlineMath: string[];
  equationRefs: string[];
  citations: string[];
  links: string[];
}

/** Runs of white space as one space: a translation may rewrap lines. */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `\text{…}` with its words dropped (braces balanced). */
function withoutTextWords(tex: string): string {
  let out = "";
  let i = 0;
  while (i < tex.length) {
    const at = tex.indexOf("\\text{", i);
    if (at < 0) break;
    out += tex.slice(i, at) + "\\text{";
    let depth = 1;
    let j = at + 6;
    for (; j < tex.length && depth > 0; j++) {
      if (tex[j] === "{") depth++;
      else if (tex[j] === "}") depth--;
    }
    out += "…}";
    i = j;
  }
  return out + tex.slice(i);
}

/** Front matter without its prose: keys kept, prose values blanked. */
function frontMatterShape(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => frontMatterShape(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "lang")
        .map(([k, v]) => [k, frontMatterShape(v, k)]),
    );
  }
  if (PROSE_KEYS.has(key) && typeof value === "string") {
    // Prose may be translated; the Vento and math inside it may not (the
    // formulas sorted, as in the body: word order may move them).
    return {
      vento: [...value.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) => squash(m[0])),
      math: [...value.matchAll(/\$([^$]*)\$/g)]
        .map((m) => squash(withoutTextWords(m[1]))).sort(),
    };
  }
  return value;
}

/** The parts of a Markdown page that a translation keeps verbatim. */
export function skeleton(source: string): Skeleton {
  const { attrs, body } = source.startsWith("---")
    ? extract(source)
    : { attrs: {}, body: source };
  // Code is copied as it is and may hold `$`: leave it out of the scan.
  const text = body
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/^[ \t]*>[ \t]?/gm, "");
  const headings = [...text.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1].length);
  const vento = [...text.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) =>
    squash(m[0])
  );
  const displayMath: string[] = [];
  const display = /\$\$([\s\S]*?)\$\$/g;
  const inlineOnly = text.replace(display, (_: string, tex: string) => {
    displayMath.push(squash(withoutTextWords(tex)));
    return " ";
  });
  const inlineMath = [
    ...inlineOnly.matchAll(/(?<!\\)\$((?:\\\$|[^$])+?)\$/g),
  ].map((m) => squash(withoutTextWords(m[1]))).sort();
  const equationRefs = [...text.matchAll(/\\(?:label|eqref)\{[^}]*\}/g)]
    .map((m) => m[0]);
  const citations = [...text.matchAll(/\[(@[^\]]+)\]/g)].map((m) =>
    squash(m[1])
  );
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  return {
    frontMatter: frontMatterShape(attrs),
    headings,
    vento,
    displayMath,
    inlineMath,
    equationRefs,
    citations,
    links,
  };
}

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
  const retyped = skeleton("## 题目\n\n门为 0.83，$f_t = 0.83$。\n");
  assertEquals(retyped.vento, []);
  assertEquals(retyped.inlineMath, ["f_t = 0.83"]);
});

Deno.test("every Chinese page keeps its English twin's skeleton", async () => {
  const pages = await markdownFiles(join(CONTENT, "zh"));
  for (const page of pages) {
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
      assertEquals(
        zh[part],
        en[part],
        `content/zh/${page}: its ${part} differ from content/${page}`,
      );
    }
  }
});
