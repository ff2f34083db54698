/**
 * The notation page explains the rounding rule with numbers of the notes,
 * each with a link to the page it comes from: a value written as it is, and
 * a rounded one whose trailing zero is a digit of the value. Should the
 * results change so that the example no longer makes its point (the value
 * needs rounding, the rounded one no longer ends in a zero or is exact), a
 * test here fails. The rounding is checked with JavaScript's own
 * `toPrecision`, not the notes' formatter; both languages the same.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { parseHTML } from "linkedom";
import { builtSite } from "./_build.ts";

/** The numbers of the item on rounding of a notation page, with the links. */
async function roundingItem(dir: string, url: string) {
  const html = await Deno.readTextFile(join(dir, url, "index.html"));
  const { document } = parseHTML(html);
  // The list after the anchor #numbers; its second item is on rounding.
  const anchor = document.getElementById("numbers")!;
  let list = anchor.closest("p")?.nextElementSibling;
  while (list && list.tagName !== "OL") list = list.nextElementSibling;
  const item = list?.querySelectorAll(":scope > li")[1];
  if (!item) throw new Error(`${url}: no list of the rule after #numbers`);
  return {
    numbers: [...item.querySelectorAll("span[data-num]")].map((span) => ({
      value: Number(span.getAttribute("data-num")),
      shown: span.textContent!,
    })),
    links: [...item.querySelectorAll("a")].map((a) => a.getAttribute("href")!),
  };
}

/** Whether a built page shows a number of value `value` (`data-num`). */
async function pageShows(dir: string, href: string, value: number) {
  const path = new URL(href, "http://site").pathname;
  const html = await Deno.readTextFile(join(dir, path, "index.html"));
  return [...html.matchAll(/data-num="([^"]+)"/g)].some((m) =>
    Number(m[1]) === value
  );
}

for (const url of ["/notation/", "/zh/notation/"]) {
  Deno.test(`${url}: the rounding rule is shown with computed numbers that make its point`, async () => {
    const dir = await builtSite();
    const { numbers, links } = await roundingItem(dir, url);
    assertEquals(numbers.length, 3, JSON.stringify(numbers));
    const [asIs, long, rounded] = numbers;
    // Needs no rounding: shown with all its digits, at most four of them.
    assertEquals(Number(asIs.shown), asIs.value);
    assert(
      asIs.shown.replace(/^[−-]?0?\.?0*/, "").replace(".", "").length <= 4,
      asIs.shown,
    );
    // Rounded to four significant digits, ending in a zero, not exact.
    assertEquals(long.value, rounded.value);
    assertEquals(rounded.shown, rounded.value.toPrecision(4));
    assert(rounded.shown.endsWith("0"), `${rounded.shown} ends in no zero`);
    assert(Number(rounded.shown) !== rounded.value, "nothing was rounded");
    assertEquals(long.shown, long.value.toPrecision(6));
    assert(!long.shown.endsWith("0"), long.shown);
    // Each comes from the page it links to (in the page's language).
    const prefix = url.startsWith("/zh/") ? "/zh/" : "/";
    assertEquals(links.length, 2, links.join(" "));
    for (
      const [link, value] of [[links[0], asIs.value], [
        links[1],
        rounded.value,
      ]] as const
    ) {
      assert(link.startsWith(prefix), `${link} is not a page of ${url}`);
      assert(await pageShows(dir, link, value), `${link} shows no ${value}`);
    }
  });
}
