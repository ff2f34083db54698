/**
 * Tests of how numbers are written on the pages (`num` in prose, `tex` in
 * math). Each formatted number is read back by an independent parser and must
 * lie within half a unit of its last digit of the true value, with no more
 * significant digits than asked for; exact integers must be exact.
 *
 * @module
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { seededRandom } from "../../scripts/lib/random.ts";
import {
  exactToTex,
  formatNumberHtml,
  formatNumberTex,
} from "../../scripts/site/plugins/_format.ts";
import { numHtml, toTex } from "../../scripts/site/plugins/numbers.ts";

/** Read HTML number text back: value, place of the last digit, digit count. */
function readHtml(
  text: string,
): { value: number; unit: number; digits: number } {
  const t = text.replace(/\u202f/g, "").replace(/\u2212/g, "-")
    .replace(/<sup>/g, "^").replace(/<\/sup>/g, "");
  const match = /^(-?)(?:(\d+(?:\.\d+)?)×)?(?:10\^(-?\d+))?$/.exec(t) ??
    /^(-?)(\d+(?:\.\d+)?)()$/.exec(t);
  if (!match) throw new Error(`unreadable: ${text}`);
  const [, sign, mantissa = "1", exponent = "0"] = match;
  const decimals = mantissa.includes(".") ? mantissa.split(".")[1].length : 0;
  // Trailing zeros of a whole number are not significant ("30000").
  const digits =
    (mantissa.includes(".") ? mantissa : mantissa.replace(/0+$/, ""))
      .replace(".", "").replace(/^0+/, "").length;
  return {
    value: Number(sign + mantissa) * 10 ** Number(exponent),
    unit: 10 ** (Number(exponent) - decimals),
    digits,
  };
}

/** Read TeX number text back. */
function readTex(tex: string): number {
  const t = tex.replace(/\\,/g, "").replace(/\s/g, "");
  const match =
    /^(-?)(?:(\d+(?:\.\d+)?)\\times)?(?:10\^\{(-?\d+)\})?$/.exec(t) ??
      /^(-?)(\d+(?:\.\d+)?)()$/.exec(t);
  if (!match) throw new Error(`unreadable TeX: ${tex}`);
  const [, sign, mantissa = "1", exponent = "0"] = match;
  return Number(sign + mantissa) * 10 ** Number(exponent);
}

Deno.test("formatNumberHtml() rounds to the asked significant digits, read back independently", () => {
  const random = seededRandom(20240611);
  for (let i = 0; i < 2000; i++) {
    const x = (random.uniform() - 0.5) * 10 ** random.between(-9, 9);
    for (const digits of [2, 4, 6]) {
      const shown = readHtml(formatNumberHtml(x, digits));
      assert(
        shown.digits <= digits,
        `${x} with ${digits} digits: ${formatNumberHtml(x, digits)}`,
      );
      // Half a unit of the last digit, allowing for trailing zeros dropped.
      const exponent = Math.floor(Math.log10(Math.abs(x)));
      const halfUnit = 0.5 * 10 ** (exponent - digits + 1);
      assert(
        Math.abs(shown.value - x) <= halfUnit * (1 + 1e-9),
        `${x} with ${digits} digits shown as ${formatNumberHtml(x, digits)}`,
      );
    }
  }
});

Deno.test("formatNumberTex() writes the same value as formatNumberHtml()", () => {
  const random = seededRandom(7);
  for (let i = 0; i < 500; i++) {
    const x = (random.uniform() - 0.5) * 10 ** random.between(-9, 9);
    assertEquals(
      readTex(formatNumberTex(x)),
      readHtml(formatNumberHtml(x)).value,
    );
  }
});

Deno.test("integers up to 999 999 are written exactly, grouped by three from five digits", () => {
  assertEquals(formatNumberHtml(0), "0");
  assertEquals(formatNumberHtml(10), "10");
  assertEquals(formatNumberHtml(9999), "9999");
  assertEquals(formatNumberHtml(10000), "10\u202f000");
  assertEquals(formatNumberHtml(-999999, 2), "\u2212999\u202f999");
  assertEquals(formatNumberTex(104857), "104\\,857");
});

Deno.test("larger integers are rounded like any number, in scientific notation", () => {
  // 2^20 and 2^30 beside 1.5^30: one row of a table, one form.
  assertEquals(formatNumberHtml(2 ** 20), "1.049\u202f×\u202f10<sup>6</sup>");
  assertEquals(formatNumberHtml(2 ** 30), "1.074\u202f×\u202f10<sup>9</sup>");
  assertEquals(formatNumberHtml(1.5 ** 30), "1.918\u202f×\u202f10<sup>5</sup>");
  assertEquals(formatNumberHtml(2e6), "2\u202f×\u202f10<sup>6</sup>");
  assertEquals(formatNumberTex(2 ** 30), "1.074 \\times 10^{9}");
});

Deno.test("a rounded value keeps its trailing zeros, an exact one has none", () => {
  assertEquals(formatNumberHtml(0.100004), "0.1000");
  assertEquals(formatNumberHtml(0.100004, 6), "0.100004");
  assertEquals(formatNumberHtml(0.1), "0.1");
  assertEquals(formatNumberHtml(0.1 + 0.2), "0.3000");
  assertEquals(formatNumberHtml(9.99996), "10.00");
  assertEquals(
    formatNumberHtml(1e-5 * (1 + 1e-9)),
    "1.000\u202f×\u202f10<sup>\u22125</sup>",
  );
});

Deno.test("a few numbers as a reader expects them", () => {
  assertEquals(formatNumberHtml(0.9), "0.9");
  assertEquals(formatNumberHtml(-0.4), "\u22120.4");
  assertEquals(formatNumberHtml(2 / 3), "0.6667");
  assertEquals(formatNumberHtml(2 / 3, 6), "0.666667");
  assertEquals(formatNumberHtml(0.001234567), "0.001235");
  assertEquals(
    formatNumberHtml(0.0001234567),
    "1.235\u202f×\u202f10<sup>\u22124</sup>",
  );
  assertEquals(formatNumberHtml(1e-7), "10<sup>\u22127</sup>");
  assertEquals(
    formatNumberHtml(2.5e12 + 0.5),
    "2.500\u202f×\u202f10<sup>12</sup>",
  );
  assertEquals(formatNumberHtml(12345.6), "1.235\u202f×\u202f10<sup>4</sup>");
  assertEquals(formatNumberTex(-6.02e-23), "-6.02 \\times 10^{-23}");
});

Deno.test("num and tex refuse what is not a finite number, naming what they got", () => {
  assertThrows(() => numHtml(undefined), Error, "undefined");
  assertThrows(() => numHtml(Number.NaN), Error, "number");
  assertThrows(() => numHtml([1, 2]), Error, "array of length 2");
  assertThrows(() => toTex([[1], [Infinity]]), Error, "tex expects numbers");
  assertThrows(() => toTex([]), Error, "empty");
});

Deno.test("tex writes vectors as columns and matrices by rows, each number marked", () => {
  const tex = toTex([[1, -0.5], [0.25, 2]]);
  assertEquals(tex.match(/\\htmlData\{num=[^}]+\}/g)?.length, 4);
  assertEquals(tex.split("\\\\").length, 2);
  assertEquals(tex.split("&").length, 3);
  assertEquals(toTex([1, 2, 3]).split("\\\\").length, 3);
  assertEquals(
    exactToTex("-29/50"),
    "\\htmlData{exact=-29/50}{-\\frac{29}{50}}",
  );
  assertEquals(
    toTex([["29/50", "6/25"]]),
    "\\begin{bmatrix} \\htmlData{exact=29/50}{\\frac{29}{50}} & \\htmlData{exact=6/25}{\\frac{6}{25}} \\end{bmatrix}",
  );
});
