/**
 * Tests of the Chinese sources: every `content/zh/<path>.md` keeps, in order,
 * what its English twin `content/<path>.md` must not lose in translation —
 * the Vento expressions (numbers, shortcodes, loops), the formulas (words
 * inside `\text{…}` may be translated), labels and eqrefs, citations, link
 * targets, inline code and the heading levels — and the front matter keeps
 * every key and every value but the words (`title`, `description`, labels).
 *
 * It reads the Markdown only, so a translation slip is caught before a build
 * and named by file and item.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { extract } from "@std/front-matter/yaml";
import { join, relative } from "@std/path";

const CONTENT = new URL("../../content/", import.meta.url).pathname;
const ZH = join(CONTENT, "zh");

/** Front matter keys whose values are words, translated on a Chinese page. */
const TRANSLATED_KEYS = new Set(["title", "description", "label"]);

/**
 * What a translation must keep, each list in the order of the source, except
 * the inline formulas: Chinese word order may put "$W$ 的第 $i$ 行" where the
 * English says "row $i$ of $W$", so they compare as a sorted list.
 */
export interface Invariants {
  vento: string[];
  displayFormulas: string[];
  inlineFormulas: string[];
  references: string[];
  citations: string[];
  links: string[];
  code: string[];
  headings: number[];
}

/** Whitespace runs as one space, trimmed (line breaks are a matter of layout). */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A formula with the words of each `\text{…}` removed (the `\eqref`/`\label`
 * inside them kept), so that formulas compare across languages.
 */
function formulaShape(formula: string): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const at = formula.indexOf("\\text{", i);
    if (at < 0) {
      out += formula.slice(i);
      break;
    }
    out += formula.slice(i, at) + "\\text{";
    let depth = 1;
    let j = at + "\\text{".length;
    const start = j;
    while (j < formula.length && depth > 0) {
      if (formula[j] === "{") depth++;
      else if (formula[j] === "}") depth--;
      j++;
    }
    const inner = formula.slice(start, j - 1);
    out += (inner.match(/\\(?:eqref|label)\{[^}]*\}/g) ?? []).join("") + "}";
    i = j;
  }
  return squash(out);
}

/** The invariants of a Markdown body (front matter removed). */
export function invariants(body: string): Invariants {
  const vento: string[] = [];
  const code: string[] = [];
  // Fenced code blocks first: nothing in them is prose.
  let text = body.replace(/^```[^\n]*\n[\s\S]*?^```/gm, (block) => {
    code.push(block);
    return " ";
  });
  text = text.replace(/\{\{[\s\S]*?\}\}/g, (tag) => {
    vento.push(squash(tag));
    return `\u0000${vento.length - 1}\u0000`;
  });
  // Blockquote markers belong to the layout, not to the formulas they hold.
  text = text.replace(/^[ \t]*>[ \t]?/gm, "");
  const formulas: string[] = [];
  text = text.replace(
    /\$\$([\s\S]*?)\$\$|\$([^$]+?)\$/g,
    (_, block, inline) => {
      // The Vento expressions back in place, so a message shows the formula.
      const tex = (block ?? inline).replace(
        /\u0000(\d+)\u0000/g,
        (_: string, n: string) => vento[Number(n)],
      );
      formulas.push((block === undefined ? "$" : "$$") + formulaShape(tex));
      return " ";
    },
  );
  text = text.replace(/`([^`\n]+)`/g, (_, span) => {
    code.push(span);
    return " ";
  });
  const references = formulas.flatMap((f) =>
    f.match(/\\(?:eqref|label)\{[^}]*\}/g) ?? []
  );
  const displayFormulas = formulas.filter((f) => f.startsWith("$$"));
  const inlineFormulas = formulas.filter((f) => !f.startsWith("$$")).sort();
  const citations = [...text.matchAll(/\[([^\]]*@[^\]]*)\]/g)]
    .flatMap((m) => m[1].match(/@[\w:-]+/g) ?? []);
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  const headings = [...text.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1].length);
  return {
    vento,
    displayFormulas,
    inlineFormulas,
    references,
    citations,
    links,
    code,
    headings,
  };
}

/**
 * The front matter with the words blanked: every key and every other value
 * stays, and the Vento expressions inside the words stay too.
 */
export function frontMatterShape(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(frontMatterShape);
  if (data && typeof data === "object") {
    const shape: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (key === "lang") continue;
      shape[key] = TRANSLATED_KEYS.has(key) && typeof value === "string"
        ? invariants(value)
        : frontMatterShape(value);
    }
    return shape;
  }
  return data;
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

/** Front matter and body of a Markdown file. */
async function readPage(
  path: string,
): Promise<{ attrs: Record<string, unknown>; body: string }> {
  const text = await Deno.readTextFile(path);
  if (!text.startsWith("---")) return { attrs: {}, body: text };
  const { attrs, body } = extract<Record<string, unknown>>(text);
  return { attrs, body };
}

Deno.test("invariants: words and layout may change, the rest may not", () => {
  const en = invariants(
    "## Question\n\n> Derive $y = \\sigma(Wx)$\n> $$\n> \\frac{a}{b} \\label{x}\n> $$\n\n" +
      "It is {{ r.e |> num }} by \\eqref{x} [@bengio1994; @pascanu2013], see [here](../a/)." +
      "\n\n$$\n\\text{length } T \\quad \\text{by \\eqref{x}}\n$$\n",
  );
  const zh = invariants(
    "## 题目\n\n> 推导 $y = \\sigma(Wx)$\n>\n> $$\n> \\frac{a}{b}   \\label{x}\n> $$\n\n" +
      "由 \\eqref{x} 得 {{ r.e\n|> num }} [@bengio1994; @pascanu2013]，见[此处](../a/)。" +
      "\n\n$$\n\\text{长度 } T \\quad \\text{由 \\eqref{x}}\n$$\n",
  );
  assertEquals(zh, en);
  assertEquals(en.headings, [2]);
  assertEquals(en.citations, ["@bengio1994", "@pascanu2013"]);
  assertEquals(en.references, ["\\label{x}", "\\eqref{x}"]);
});

Deno.test("invariants: a changed number, formula or heading level is seen", () => {
  const en = invariants("## A\n\n$x = 1$ and {{ r.a |> num }}\n");
  for (
    const zh of [
      "### A\n\n$x = 1$ 与 {{ r.a |> num }}\n",
      "## A\n\n$x = 2$ 与 {{ r.a |> num }}\n",
      "## A\n\n$x = 1$ 与 {{ r.b |> num }}\n",
    ]
  ) {
    let same = true;
    try {
      assertEquals(invariants(zh), en);
    } catch {
      same = false;
    }
    assertEquals(same, false, zh);
  }
});

for (const path of await markdownFiles(ZH)) {
  Deno.test(`content/zh/${path} keeps what content/${path} must not lose`, async () => {
    const zh = await readPage(join(ZH, path));
    // A page paired by an explicit id (a generated page) has no source twin here.
    if (zh.attrs.id !== undefined) return;
    const en = await readPage(join(CONTENT, path));
    assertEquals(
      zh.attrs.lang,
      "zh",
      `content/zh/${path}: front matter needs lang: zh`,
    );
    assertEquals(
      frontMatterShape(zh.attrs),
      frontMatterShape(en.attrs),
      `content/zh/${path}: front matter`,
    );
    const [zhParts, enParts] = [invariants(zh.body), invariants(en.body)];
    for (const key of Object.keys(enParts) as (keyof Invariants)[]) {
      assertEquals(
        zhParts[key],
        enParts[key],
        `content/zh/${path}: ${key} differ from content/${path}`,
      );
    }
  });
}
