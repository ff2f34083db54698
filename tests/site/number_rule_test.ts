/**
 * The rule for writing numbers (`scripts/lib/format.ts`, stated on the
 * notation page) holds on every page of the built site: prose, tables,
 * formulas, the charts' SVG text and alt text. The checker
 * (`_number_rule.ts`) is tested first on pages that break the rule, so that
 * a pass over the site means something.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import {
  formatNumberHtml,
  formatNumberText,
} from "../../scripts/lib/format.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import { builtSite, listFiles, urlOf } from "./_build.ts";
import {
  checkPage,
  linearText,
  type NumberProblem,
  ruleText,
} from "./_number_rule.ts";

function problemsOf(body: string): string[] {
  const { document } = parseHTML(`<html><body>${body}</body></html>`);
  return checkPage(document as unknown as Document, "/t/").map((p) =>
    `${p.where} ${p.shown}`
  );
}

Deno.test("the number checker finds each kind of broken number", () => {
  assertEquals(problemsOf("<p>a norm of 191800</p>"), ["prose 191800"]);
  assertEquals(
    problemsOf(
      "<span data-exact>-7/25</span> <span data-exact>−7/25</span> <span data-exact>6/8</span>",
    ),
    ["prose -7/25", "prose 6/8"],
  );
  assertEquals(
    problemsOf("<p>up to 1.049 × 10<sup>6</sup> or 1 073 741 824</p>"),
    [
      "prose 1 073 741 824",
    ],
  );
  assertEquals(problemsOf("<p>0.014130533</p>"), ["prose 0.014130533"]);
  assertEquals(problemsOf("<p>0.00012</p>"), ["prose 0.00012"]);
  assertEquals(problemsOf("<p>2.5 × 10<sup>2</sup></p>"), [
    "prose 2.5 × 10^(2)",
  ]);
  assertEquals(problemsOf("<svg><text>1e+60</text><text>2k</text></svg>"), [
    "chart 1e+60",
    "chart 2k",
  ]);
  assertEquals(
    problemsOf('<span data-num="0.100004" data-digits="4">0.1</span>'),
    ["prose 0.1"],
  );
  assertEquals(
    problemsOf(
      '<math><mn data-num="1073741824" data-digits="4">1073741824</mn></math>',
    ),
    ["math 1073741824"],
  );
  assertEquals(
    problemsOf(
      '<figure><svg role="img" aria-label="down to 1e-9"></svg></figure>',
    ),
    [
      "aria-label 1e-9",
    ],
  );
  // What the rule allows: ids, code, years, powers of ten, grouped integers.
  assertEquals(
    problemsOf(
      "<p>seed 002, rnn-1b, W30, <code>1e-9</code>, 1997, 10<sup>−60</sup>, " +
        "12\u202f345, 0.1000, 1.5\u202f×\u202f10<sup>−4</sup>, −0.25</p>" +
        "<svg><text>10⁻⁶⁰</text></svg>" +
        "<p>doi <span data-literal>10.1162/neco.1997.9.8.1735</span></p>",
    ),
    [],
  );
});

Deno.test("the formatter writes what the rule says, checked by the rule's second statement", () => {
  const random = seededRandom(13);
  for (let i = 0; i < 3000; i++) {
    const exponent = random.between(-12, 12);
    const x = (random.uniform() - 0.5) * 10 ** exponent;
    const values = [x, Math.round(x), Number(x.toPrecision(2))];
    for (const value of values) {
      for (const digits of [2, 4, 6]) {
        const html = formatNumberHtml(value, digits);
        const { document } = parseHTML(`<p>${html}</p>`);
        const shown = linearText(document.querySelector("p")!).replace(
          /[\s\u202f]/g,
          "",
        );
        assertEquals(shown, ruleText(value, digits), `${value}, ${digits}`);
        assertEquals(
          formatNumberText(value, digits).replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, ""),
          html.replace(/<sup>.*<\/sup>/, ""),
        );
      }
    }
  }
});

Deno.test("every number on every built page follows the rule", async () => {
  const dir = await builtSite();
  const problems: NumberProblem[] = [];
  let pages = 0;
  for (const file of await listFiles(dir)) {
    if (!file.endsWith(".html") || file.startsWith("pagefind/")) continue;
    const { document } = parseHTML(await Deno.readTextFile(join(dir, file)));
    problems.push(...checkPage(document as unknown as Document, urlOf(file)));
    pages++;
  }
  assertEquals(
    problems.map((p) => `${p.url} (${p.where}): "${p.shown}": ${p.why}`),
    [],
    `numbers that break the rule of the notation page, on ${pages} pages`,
  );
});
