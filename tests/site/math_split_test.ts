import { assert, assertEquals } from "@std/assert";
import { breakAtRelations } from "../../scripts/site/plugins/math_split.ts";
import {
  DEFAULT_MACROS,
  mathPlugin,
  renderMath,
} from "../../scripts/site/plugins/math.ts";
import { createMarkdown } from "../../scripts/site/plugins/markdown.ts";
import { searchText } from "../../scripts/site/plugins/search_text.ts";
import type { Site } from "../../scripts/site/core/site.ts";

/** The display MathML Temml writes for `tex`, as the pages carry it. */
const display = (tex: string) => renderMath(tex, true);

/**
 * The rows of a broken formula's `<math>`, read by a parser of its own:
 * each row's markup inside it, and the gap class it carries; undefined
 * when the formula is unbroken.
 */
function rows(mathml: string): { inner: string; gap?: string }[] | undefined {
  if (!/^<math[^>]* class="breaks[ "]/.test(mathml)) return undefined;
  const body = mathml.replace(/^<math[^>]*>/, "").replace(/<\/math>$/, "");
  const found: { inner: string; gap?: string }[] = [];
  let depth = 0;
  let start = 0;
  for (const tag of body.matchAll(/<(\/?)([a-z]+)\b([^>]*)>/g)) {
    if (!tag[1] && depth === 0) {
      assertEquals(tag[2], "mrow");
      start = tag.index! + tag[0].length;
    }
    depth += tag[1] ? -1 : 1;
    if (depth === 0) {
      const inner = body.slice(start, tag.index!);
      const gap = /^<mspace width="([^"]*)"><\/mspace>/.exec(inner)?.[1];
      found.push({ inner, gap });
    }
  }
  return found;
}

/**
 * The pieces as the characters they show (`a=b`, `≤c`), with `|` before a
 * piece set after a gap.
 */
function pieces(mathml: string): string[] | undefined {
  return rows(mathml)?.map(({ inner, gap }) =>
    (gap ? "|" : "") +
    inner.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
  );
}

Deno.test("breakAtRelations() cuts a chain before every relation but the first", () => {
  assertEquals(
    pieces(breakAtRelations(display("ab = cde = fgh \\le ijk"))),
    ["ab=cde", "=fgh", "≤ijk"],
  );
  assertEquals(
    pieces(
      breakAtRelations(display("x \\approx yy \\equiv zzz \\to www < vvv")),
    ),
    ["x≈yy", "≡zzz", "→www", "<vvv"],
  );
  // `:=` is cut before its colon, not between its two characters.
  assertEquals(pieces(breakAtRelations(display("a = b := cde"))), [
    "a=b",
    ":=cde",
  ]);
});

Deno.test("breakAtRelations() cuts between equations set side by side, and keeps their punctuation", () => {
  assertEquals(
    pieces(breakAtRelations(display("x = 1, \\qquad y = 2, \\quad z = 3 ."))),
    ["x=1,", "|y=2,", "|z=3."],
  );
  // The space goes first in the piece after it.
  const html = breakAtRelations(display("x = 1, \\qquad y = 2, \\quad z = 3"));
  assert(html.includes('<mrow><mspace width="2em"></mspace><mi>y</mi>'), html);
  assert(html.includes('<mrow><mspace width="1em"></mspace><mi>z</mi>'), html);
});

Deno.test("breakAtRelations() cuts before a binary + or − right of the first relation, not before a sign", () => {
  assertEquals(
    pieces(breakAtRelations(display("a = bb + ccc - ddd = -eee"))),
    ["a=bb", "+ccc", "−ddd", "=−eee"],
  );
  // Left of the first relation: nothing to cut.
  assertEquals(pieces(breakAtRelations(display("a + b = c"))), undefined);
  // A bracket closes before the operator: binary.
  assertEquals(pieces(breakAtRelations(display("a = (b) + cde"))), [
    "a=(b)",
    "+cde",
  ]);
});

Deno.test("breakAtRelations() never cuts inside braces, \\left…\\right, \\text, environments, fractions, scripts or brackets", () => {
  for (
    const tex of [
      "x = {a = b = c}",
      "\\left( a = b = c \\right)",
      "\\text{a = b = c}",
      "\\begin{aligned} a &= b \\\\ &= c \\end{aligned}",
      "\\frac{a = b}{c = d} = e",
      "x_{a = b} = y^{c = d}",
      "\\sigma(a = b = c)",
      "\\bigl( a = b = c \\bigr)",
      "\\Bigl( a = b = c \\Bigr)^{2}",
      "\\sum_{i = 1}^{n = 3} x_i = y",
    ]
  ) {
    const html = display(tex);
    assertEquals(breakAtRelations(html), html, tex);
  }
  // Brackets that do not pair up: left whole.
  const open = display("(a = b = c");
  assertEquals(breakAtRelations(open), open);
});

Deno.test("breakAtRelations() keeps a piece of three characters or fewer with the one before it", () => {
  // `< 1,` and `+ 1 .` alone on a line read badly.
  assertEquals(
    pieces(breakAtRelations(display("0 < f_t < 1, \\qquad 0 < i_t < 1 ."))),
    ["0<ft<1,", "|0<it<1."],
  );
  assertEquals(
    pieces(breakAtRelations(display("|C_t| < |C_{-1}| + t + 1 ."))),
    undefined,
  );
  assertEquals(pieces(breakAtRelations(display("abc = d = efg = hi"))), [
    "abc=d",
    "=efg=hi",
  ]);
});

Deno.test("breakAtRelations() leaves a formula without relations, or with one, as it was", () => {
  for (const tex of ["a + b + c", "a = b", "\\frac{a}{b}", "x", "\\quad a"]) {
    const html = display(tex);
    assertEquals(breakAtRelations(html), html, tex);
  }
});

Deno.test("breakAtRelations() loses nothing and reorders nothing: the pieces joined are the formula", () => {
  // Every display formula of the kinds the notes write, with the gaps put
  // back and the infix marks taken off, reads as Temml wrote it.
  const formulas = [
    "\\Bigl\\lVert \\frac{\\partial h_t}{\\partial h_k} \\Bigr\\rVert_2 \\le \\prod_{j=k+1}^{t} \\lVert W \\rVert_2 \\le \\Bigl(\\frac{\\lVert W \\rVert_2}{4}\\Bigr)^{t-k},",
    "R = \\frac1N \\sum_{n=1}^{N} x_n x_n^{\\top}, \\qquad S = \\frac1N \\sum_{n=1}^{N} (x_n - \\bar x)(x_n - \\bar x)^{\\top} = R - \\bar x \\bar x^{\\top} .",
    "|C_t| \\le f_t |C_{t-1}| + i_t |\\tilde C_t| < |C_{t-1}| + 1, \\qquad\\text{hence}\\qquad |C_t| < |C_{-1}| + t + 1 .",
    "M_{\\text{bp}} = (c + 2nc) + (L - 1)(n + 2n^2) + (n + dn) .",
  ];
  for (const tex of formulas) {
    const whole = display(tex);
    const broken = breakAtRelations(whole);
    assert(broken !== whole, `not broken: ${tex}`);
    const joined =
      broken.replace(/^(<math[^>]*) class="breaks /, '$1 class="').replace(
        />[\s\S]*$/,
        ">",
      ) +
      "<mrow>" +
      rows(broken)!.map(({ inner }) =>
        inner.replace(/^<mo form="infix"/, "<mo")
      ).join("") + "</mrow></math>";
    assertEquals(joined, whole);
  }
});

Deno.test("a broken display equation keeps its number, its id and its search twin whole", () => {
  const site = { markdownItPlugins: [] } as unknown as Site;
  searchText()(site);
  const md = createMarkdown([
    (md) => mathPlugin(md, DEFAULT_MACROS),
    ...site.markdownItPlugins,
  ]);
  const html: string = md.render(
    "$$\nx = \\alpha + \\beta = \\gamma_1 \\le \\delta_{12} .\n\\label{chain}\n$$\n",
    {},
  );
  assert(
    html.startsWith(
      '<div class="math-display" tabindex="0" id="eq-chain"><math display="block" class="breaks tml-display">',
    ),
    html,
  );
  assert(html.includes('<span class="eq-number">(1)</span></div>'), html);
  // The twin reads the whole formula, in order, after the box.
  assert(
    html.endsWith("</div>\n<div hidden>x = α + β = γ_1 ≤ δ_12 .</div>\n"),
    html,
  );
});
