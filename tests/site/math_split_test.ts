import { assert, assertEquals } from "@std/assert";
import {
  breakAtRelations,
  breakInline,
} from "../../scripts/site/plugins/math_split.ts";
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
 * The rows of a broken formula's `<math>` (of class `breaks`, or `wraps`
 * inline), read by a parser of its own: each row's markup inside it, and
 * the gap class it carries; undefined when the formula is unbroken.
 */
function rows(
  mathml: string,
  broken = "breaks",
): { inner: string; gap?: string }[] | undefined {
  if (!new RegExp(`^<math[^>]* class="${broken}[ "]`).test(mathml)) {
    return undefined;
  }
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

/** The site's markdown with math and the search's plain-text twins. */
function pagesMarkdown() {
  const site = { markdownItPlugins: [] } as unknown as Site;
  searchText()(site);
  return createMarkdown([
    (md) => mathPlugin(md, DEFAULT_MACROS),
    ...site.markdownItPlugins,
  ]);
}

Deno.test("a broken display equation keeps its number, its id and its search twin whole", () => {
  const md = pagesMarkdown();
  const html: string = md.render(
    "$$\nx = \\alpha + \\beta = \\gamma_1 \\le \\delta_{12} .\n\\label{chain}\n$$\n",
    {},
  );
  assert(
    html.startsWith(
      '<div class="math-display" id="eq-chain"><math display="block" class="breaks tml-display">',
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

Deno.test("a dollar sign before a digit does not close a formula: prices stay prose, and a number may follow a formula after a space", () => {
  const md = pagesMarkdown();
  const prose = md.render("It costs $5 and $10 more.\n", {});
  assertEquals(prose, "<p>It costs $5 and $10 more.</p>\n");
  // A closing $ after a space still closes (the notes write
  // `$C_0 = $ {{ … }}`), and a formula may close before other characters.
  const notes = md.render("So $C_0 = $ 0.5, and $x$, $y$.\n", {});
  assertEquals(notes.match(/<math>/g)?.length, 3, notes);
  assert(notes.includes("</span> 0.5, and"), notes);
  // In `$a$2` the $ before the 2 does not close, and no other does: prose.
  const later = md.render("With $a$2 apples.\n", {});
  assert(!later.includes("<math"), later);
});

/** The inline MathML Temml writes for `tex`, as the pages carry it. */
const inline = (tex: string) => renderMath(tex, false);

/** The pieces of an inline formula broken by breakInline(), as shown. */
function inlinePieces(mathml: string): string[] | undefined {
  return rows(mathml, "wraps")?.map(({ inner }) =>
    inner.replace(/<[^>]*>/g, "")
  );
}

Deno.test("breakInline() cuts after each relation and binary operator, as TeX breaks a formula in a paragraph, and keeps the operator spaced as infix at the end of its piece", () => {
  const broken = breakInline(inline("a = b + c - d \\le e"));
  assertEquals(inlinePieces(broken), ["a=", "b+", "c−", "d≤", "e"]);
  // Each piece's last operator is marked infix; nothing else changes.
  assertEquals(broken.match(/<mo form="infix">/g)?.length, 4);
  assertEquals(
    broken.replace(/<\/mrow><mrow>/g, "").replace(' class="wraps"', "")
      .replace(/<mo form="infix">/g, "<mo>"),
    inline("a = b + c - d \\le e"),
  );
});

Deno.test("breakInline() does not cut after a sign, nor after a product of juxtaposed factors, unless the author wrote \\allowbreak", () => {
  assertEquals(inlinePieces(breakInline(inline("x = -1 + y"))), [
    "x=",
    "−1+",
    "y",
  ]);
  const product = inline(
    "\\frac{\\partial E}{\\partial y} \\frac{\\partial y}{\\partial h}",
  );
  assertEquals(breakInline(product), product);
  const allowed = breakInline(
    inline(
      "\\frac{\\partial E}{\\partial y} \\allowbreak \\frac{\\partial y}{\\partial h}",
    ),
  );
  assertEquals(inlinePieces(allowed), ["∂E∂y", "∂y∂h"]);
  // The empty operator Temml writes for \allowbreak goes.
  assert(!allowed.includes("<mo></mo>"), allowed);
});

Deno.test("breakInline() may cut inside brackets of fixed size, not inside \\left…\\right, and a space after a cut stays on its line", () => {
  assertEquals(inlinePieces(breakInline(inline("f(a + b) = c"))), [
    "f(a+",
    "b)=",
    "c",
  ]);
  assertEquals(
    inlinePieces(breakInline(inline("\\left(a + b\\right) = c"))),
    ["(a+b)=", "c"],
  );
  // A formula that is all one \left…\right, even with \right. closing it.
  for (const group of ["\\left(a + b\\right)", "\\left(a + b\\right."]) {
    assertEquals(breakInline(inline(group)), inline(group), group);
  }
  const spaced = breakInline(inline("ab \\allowbreak \\, cd"));
  assertEquals(inlinePieces(spaced), ["ab", "cd"]);
  assert(
    spaced.includes('<mspace width="0.1667em"></mspace></mrow><mrow><mi>c'),
    spaced,
  );
  // Nothing to break: as it was.
  const sum = inline("\\sum_i x_i");
  assertEquals(breakInline(sum), sum);
});

Deno.test("a long formula in a paragraph breaks and keeps its punctuation in its first and last pieces; a short one, or one with a matrix, keeps its box, and a lone symbol has none", () => {
  const md = pagesMarkdown();
  const long = md.render(
    "So $\\alpha_1 + \\alpha_2 + \\alpha_3 + \\alpha_4 + \\alpha_5 = y$, and more.\n",
    {},
  );
  assert(
    long.includes(
      '<span class="math-inline math-wraps"><span hidden>α_1 + α_2 + α_3 + α_4 + α_5 = y</span><math class="wraps">',
    ),
    long,
  );
  // The comma is the last piece's: a line cannot start with it.
  assert(
    long.includes(
      '<mi>y</mi><mtext class="punctuation">,</mtext></mrow></math></span> and more.',
    ),
    long,
  );
  // An opening bracket before it is its first piece's: no line ends with it.
  const bracketed = md.render(
    "So (with $\\alpha_1 + \\alpha_2 + \\alpha_3 + \\alpha_4 + \\alpha_5 = y$) more.\n",
    {},
  );
  // Only a bracket right before it: "(with" stays in the text.
  assert(
    bracketed.includes(
      'So (with <span class="math-inline math-wraps"><span hidden>α_1 + α_2 + α_3 + α_4 + α_5 = y</span><math class="wraps"><mrow><msub>',
    ),
    bracketed,
  );
  const opening = md.render(
    "So ($\\alpha_1 + \\alpha_2 + \\alpha_3 + \\alpha_4 + \\alpha_5 = y$) more.\n",
    {},
  );
  assert(
    opening.includes(
      'So <span class="math-inline math-wraps"><span hidden>α_1 + α_2 + α_3 + α_4 + α_5 = y</span><math class="wraps"><mrow><mtext class="punctuation">(</mtext><msub><mi>α</mi>',
    ) &&
      opening.includes(
        '<mi>y</mi><mtext class="punctuation">)</mtext></mrow></math>',
      ),
    opening,
  );
  // Quotation marks as the typographer curls them.
  const quoted = md.render('It writes "$a = b$", then.\n', {});
  assert(
    quoted.includes(
      'It writes <span class="math-inline">“<span hidden>a = b</span><math>',
    ) && quoted.includes("</math>”,</span> then."),
    quoted,
  );
  // A lone symbol with nothing beside it needs no box.
  assertEquals(
    md.render("So $W$ is\n", {}),
    "<p>So <math><mi>W</mi></math> is</p>\n",
  );
  const short = md.render("So $a = b$, and ($c = d$).\n", {});
  // Its search twin first (the index leaves out the formula after it).
  assert(
    short.includes('<span class="math-inline"><span hidden>a = b</span><math>'),
    short,
  );
  assert(
    short.includes(
      'and <span class="math-inline">(<span hidden>c = d</span><math>',
    ) && short.includes("</math>).</span>"),
    short,
  );
  const matrix = md.render(
    "So $M = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} + N$, and more.\n",
    {},
  );
  assert(
    matrix.includes('<span class="math-inline" tabindex="0"><span hidden>M = '),
    matrix,
  );
});
