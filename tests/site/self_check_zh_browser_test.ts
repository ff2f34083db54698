/**
 * The self-check of a Chinese exercise page, in Chromium: a right answer, a
 * wrong one, an empty field and words that are no number each get their
 * message in Chinese (`self-check.js` picks its messages by `<html lang>`),
 * while the English twin still answers in English.
 *
 * Percentages are written as the notes write numbers (`1.0×10⁻⁷%`).
 *
 * The answers typed are computed here: the entry (1, 1) of W³⁰ for the
 * matrix of the question of rnn-2c, by repeated multiplication, not read
 * from the results.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { axeViolations, type Loose, tab, withBrowser } from "./_browser.ts";
import { check, power, W } from "./_self_check.ts";

const ENGLISH = "/vanishing/rnn-2c/";
const CHINESE = "/zh/vanishing/rnn-2c/";
/** W³⁰'s entry (1, 1). */
const ENTRY = power(W, 30)[0][0];

/**
 * The number (1-based) of the check whose value is W³⁰'s entry (1, 1), found
 * by the value the form carries (the labels are in the page's language).
 */
async function entryCheck(page: Loose): Promise<number> {
  const expected: number[] = await page.$$eval(
    "form.check",
    (forms: Loose[]) => forms.map((form) => Number(form.dataset.expected)),
  );
  const n =
    expected.findIndex((value) => Math.abs(value - ENTRY) <= 1e-12 * ENTRY) + 1;
  assert(n > 0, `no check of W³⁰(1,1) = ${ENTRY} among ${expected}`);
  return n;
}

Deno.test("the self-check of a Chinese page answers in Chinese, right and wrong; its English twin in English", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}${CHINESE}`), []);
    assertEquals(await page.getAttribute("html", "lang"), "zh-Hans");
    const n = await entryCheck(page);
    // The tolerance as the page states it: 0.1% (a relative error).
    assertEquals(
      await page.locator("form.check").nth(n - 1).getAttribute(
        "data-tolerance",
      ),
      "0.001",
    );

    // Right to four significant digits: a little off, within 0.1%.
    const right = await check(page, n, ENTRY.toPrecision(4));
    assertEquals(right.verdict, "match", right.text);
    assertEquals(
      await page.locator("form.check").nth(n - 1).locator("output")
        .evaluate((output: Loose) => getComputedStyle(output).fontWeight),
      "700",
    );
    assertMatch(
      right.text,
      /^✓ 相符：偏[大小]\u00a0\S+（相对误差\u00a0\S+%）；本题允许相对误差不超过\u00a00\.1%。$/,
    );
    // The value the form carries, typed in full: no difference at all.
    const carried = await page.locator("form.check").nth(n - 1).getAttribute(
      "data-expected",
    );
    const exact = await check(page, n, carried);
    assertEquals(exact.verdict, "match", exact.text);
    assertEquals(
      exact.text,
      "✓ 相符：与计算值完全相同；本题允许相对误差不超过\u00a00.1%。",
    );

    // As a Chinese input method types it: full-width digits and minus, an
    // ideographic full stop for the point, another to end the sentence.
    const fullWidth = (text: string) =>
      text.replace(
        /[0-9.\-]/g,
        (c) =>
          c === "." ? "\u3002" : String.fromCharCode(c.charCodeAt(0) + 0xfee0),
      );
    const typed = `${fullWidth(ENTRY.toPrecision(4))}\u3002`;
    assertMatch(typed, /^[０-９]+。[０-９]+。$/);
    const ime = await check(page, n, typed);
    assertEquals(ime.verdict, "match", `${typed}: ${ime.text}`);
    const negative = await check(
      page,
      n,
      fullWidth(`-${ENTRY.toPrecision(4)}`),
    );
    assertMatch(negative.text, /^✗ 不相符：偏小/);

    // Wrong by 2% too high, and by half too low: which way, and how much.
    const high = await check(page, n, (ENTRY * 1.02).toPrecision(6));
    assertEquals(high.verdict, "mismatch", high.text);
    assertMatch(
      high.text,
      /^✗ 不相符：偏大\u00a0\S+（相对误差\u00a02%）；本题允许相对误差不超过\u00a00\.1%。$/,
    );
    const low = await check(page, n, String(ENTRY / 2));
    assertEquals(low.verdict, "mismatch", low.text);
    assertMatch(low.text, /^✗ 不相符：偏小\u00a0\S+（相对误差\u00a050%）；/);

    // Off by a billionth: the percentage as the notes write a number, not
    // JavaScript's `1e-7`.
    const close = await check(page, n, String(ENTRY * (1 + 1e-9)));
    assertEquals(close.verdict, "match", close.text);
    assertMatch(
      close.text,
      /^✓ 相符：偏大\u00a0\S+（相对误差\u00a01\.0×10⁻⁷%）；/,
    );

    const empty = await check(page, n, "");
    assertEquals(empty, { verdict: "empty", text: "请先输入一个数。" });
    const unreadable = await check(page, n, "大约一半");
    assertEquals(unreadable.verdict, "unreadable");
    assertEquals(
      unreadable.text,
      "“大约一半”无法识别为数：请写成\u00a00.0153、-1.5e-3 或 9/10 这样的形式。",
    );
    // No English word left in any message shown.
    const shown: string[] = await page.$$eval(
      "form.check output",
      (outputs: Loose[]) => outputs.map((output) => output.textContent),
    );
    for (const text of shown) {
      assert(!/\b(Matches|match|off|relative|error|too)\b/.test(text), text);
    }
    assertEquals(await axeViolations(page), [], "axe after checking");
    // Bold at 700: a one-weight CJK font is made bold by the browser from
    // 700, and at 600 the Chinese words of these stayed plain.
    const weights: string[] = await page.$$eval(
      "details.solution > summary, .kicker",
      (elements: Loose[]) =>
        elements.map((element) => getComputedStyle(element).fontWeight),
    );
    assert(weights.length >= 2, `${weights}`);
    assertEquals([...new Set(weights)], ["700"]);

    // The English twin, same check, same answers: English messages.
    assertEquals(await visit(`${base}${ENGLISH}`), []);
    assertEquals(await page.getAttribute("html", "lang"), "en");
    const m = await entryCheck(page);
    const english = await check(page, m, ENTRY.toPrecision(4));
    assertEquals(english.verdict, "match", english.text);
    assertMatch(
      english.text,
      /^✓ Matches: off by .*relative error of at most 0\.1%\.$/,
    );
    const wrong = await check(page, m, (ENTRY * 1.02).toPrecision(6));
    assertMatch(
      wrong.text,
      /^✗ Does not match: off by \S+ \(relative error 2%\), too high; /,
    );
    const closeEnglish = await check(page, m, String(ENTRY * (1 + 1e-9)));
    assertMatch(closeEnglish.text, /\(relative error 1\.0×10⁻⁷%\), too high;/);
    assertEquals((await check(page, m, "")).text, "Type a number first.");
    await context.close();
  });
});
