/**
 * The built site in a real browser: Debian's Chromium, driven by
 * playwright-core (never a downloaded browser). The site is served from
 * 127.0.0.1 by the test itself. Every page must load with no console error
 * and no failed request, pass axe-core with no violation (every rule, its
 * folded solutions opened, at 1280 px in the light theme and at 375 px in the
 * dark one, there with the target size of WCAG 2.2), have no inline style
 * the browser drops, and fit a 375 px wide screen, and a 320 px one, without
 * horizontal scrolling; the search must find an exercise by a word of its
 * question.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { EXERCISES } from "../../scripts/exercises/mod.ts";
import { slimMathml } from "../../scripts/site/plugins/math.ts";
import { builtSite, listFiles, urlOf } from "./_build.ts";
import {
  axeViolations,
  cspViolations,
  type Loose,
  tab,
  withBrowser,
} from "./_browser.ts";

/** What one visit of a page found. */
interface PageReport {
  url: string;
  loading: string[];
  axe: string[];
  width?: string;
  /** Text of figures below 11 CSS px. */
  small: string[];
  /** Letters of a figure drawn over letters of another of its labels. */
  overlaps: string[];
  /** Formulas cut off with no cue, or broken past the end of a line, and
   * equation numbers out of view. */
  clipped: string[];
  /** Lines that start with a comma or end with a bracket, and broken
   * references, at 375 px. */
  breaks: string[];
  /** Scroll boxes whose covers differ from the background behind them. */
  covers: string[];
  /** Inline style declarations the browser does not read. */
  styles: string[];
}

/**
 * In the open page: every declaration of a `style` attribute that the
 * browser drops, a property it does not know or a value it cannot read
 * (Temml once wrote its own style object there: `level:0;color:undefined`).
 */
function unreadStyles(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Set<string>();
    for (const element of document.querySelectorAll("[style]")) {
      const style = (element as HTMLElement).style;
      for (const declaration of element.getAttribute("style")!.split(";")) {
        if (!declaration.trim()) continue;
        const colon = declaration.indexOf(":");
        const name = declaration.slice(0, colon).trim();
        if (colon < 0 || style.getPropertyValue(name) === "") {
          found.add(`<${element.localName}> ${declaration.trim()}`);
        }
      }
    }
    return [...found];
  });
}

/**
 * In the open page: every visible `figure svg text` (charts and diagrams)
 * whose rendered size, its font size times the scale of its SVG, is below
 * `min` CSS pixels.
 */
function smallFigureText(page: Loose, min: number): Promise<string[]> {
  return page.evaluate((min: number) => {
    const found: string[] = [];
    for (const text of document.querySelectorAll("figure svg text")) {
      const element = text as SVGTextElement;
      if (element.getClientRects().length === 0) continue; // not shown
      if (!element.textContent?.trim()) continue;
      const matrix = element.getScreenCTM();
      if (!matrix) continue;
      const scale = Math.hypot(matrix.a, matrix.b);
      const size = parseFloat(getComputedStyle(element).fontSize) * scale;
      if (size < min - 0.01) {
        const figure = element.closest("figure")?.id ?? "figure";
        found.push(`${figure}: "${element.textContent}" ${size.toFixed(1)} px`);
      }
    }
    return found;
  }, min);
}

/**
 * In the open page: every pair of labels of a visible figure (`figure svg
 * text`) with letters drawn over each other, by the box of each letter on
 * screen. Two neighbours of one text are never a pair (a base and its
 * subscript, or a letter and its combining accent, touch), and a letter's box
 * holds the line's leading: boxes overlapping by less than 3 px, a subscript
 * above a superscript of the next line, are apart.
 */
function overlappingFigureText(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const svg of document.querySelectorAll("figure svg")) {
      if (svg.getClientRects().length === 0) continue; // not shown
      const texts = [...svg.querySelectorAll("text")] as SVGTextElement[];
      const letters: { text: number; index: number; box: DOMRect }[] = [];
      texts.forEach((element, text) => {
        if (element.getClientRects().length === 0) return;
        const matrix = element.getScreenCTM();
        const content = element.textContent ?? "";
        if (!matrix) return;
        for (let index = 0; index < element.getNumberOfChars(); index++) {
          if (!content[index]?.trim()) continue;
          const { x, y, width, height } = element.getExtentOfChar(index);
          const corner = new DOMPoint(x, y).matrixTransform(matrix);
          const far = new DOMPoint(x + width, y + height).matrixTransform(
            matrix,
          );
          letters.push({
            text,
            index,
            box: new DOMRect(
              Math.min(corner.x, far.x),
              Math.min(corner.y, far.y),
              Math.abs(far.x - corner.x),
              Math.abs(far.y - corner.y),
            ),
          });
        }
      });
      const pairs = new Set<string>();
      for (let i = 0; i < letters.length; i++) {
        for (let j = i + 1; j < letters.length; j++) {
          const [a, b] = [letters[i], letters[j]];
          if (a.text === b.text && b.index - a.index <= 1) continue;
          const across = Math.min(a.box.right, b.box.right) -
            Math.max(a.box.left, b.box.left);
          const down = Math.min(a.box.bottom, b.box.bottom) -
            Math.max(a.box.top, b.box.top);
          const pair = `${a.text} ${b.text}`;
          if (across > 1.5 && down > 3 && !pairs.has(pair)) {
            pairs.add(pair);
            const figure = svg.closest("figure")?.id ?? "figure";
            const [first, second] = [a, b].map((letter) =>
              texts[letter.text].textContent!.trim().slice(0, 40)
            );
            found.push(
              `${figure}: "${first}" and "${second}" overlap by ${
                down.toFixed(1)
              } px`,
            );
          }
        }
      }
    }
    return found;
  });
}

/**
 * In the open page: every formula wider than its box that is not a scroll
 * region a reader can see and reach (focusable, with the shaded edge of the
 * stylesheet), and every piece of a formula broken across lines of text
 * that goes past the end of its line.
 */
function clippedFormulas(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const piece of document.querySelectorAll(".math-wraps > math > *")) {
      let block = piece.parentElement!.parentElement!.parentElement!;
      while (getComputedStyle(block).display.startsWith("inline")) {
        block = block.parentElement!;
      }
      const edge = block.getBoundingClientRect().right -
        parseFloat(getComputedStyle(block).paddingRight);
      const past = piece.getBoundingClientRect().right - edge;
      if (past > 1) {
        const formula = piece.parentElement!.parentElement!;
        const text = formula.querySelector("[hidden]")?.textContent ??
          formula.textContent;
        found.push(
          `${text?.slice(0, 40)}: a piece ${past.toFixed(0)} px past its line`,
        );
      }
    }
    for (
      const box of document.querySelectorAll(
        ".math-display, .math-inline:not(.math-wraps)",
      )
    ) {
      const element = box as HTMLElement;
      if (element.scrollWidth <= element.clientWidth + 1) continue;
      const style = getComputedStyle(element);
      const scrolls = style.overflowX === "auto" ||
        style.overflowX === "scroll";
      // A short inline formula is no box: what sticks out of it shows.
      if (!scrolls && element.classList.contains("math-inline")) continue;
      const cue = style.backgroundImage.includes("gradient");
      if (!scrolls || !cue || element.tabIndex !== 0) {
        found.push(
          `${element.id || element.textContent?.slice(0, 40)}: ` +
            `${element.scrollWidth} px in ${element.clientWidth} px`,
        );
      }
    }
    return found;
  });
}

/**
 * In the open page: every equation's number in sight that is out of view,
 * past an edge of its display (scrolled away with the formula, where it
 * should have gone on a line of its own).
 */
function hiddenEquationNumbers(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const number of document.querySelectorAll(".eq-number")) {
      const display = number.parentElement!;
      if (display.getClientRects().length === 0) continue; // not shown
      const box = display.getBoundingClientRect();
      const rect = number.getBoundingClientRect();
      if (rect.right > box.right + 1 || rect.left < box.left - 1) {
        const id = display.id || display.parentElement!.id;
        found.push(`${number.textContent} of #${id} out of view`);
      }
    }
    return found;
  });
}

/**
 * In the open page: every line of text that starts with closing punctuation
 * (`,` `)` `，` `。` …) or ends with an opening bracket (`(` `（` …), as a
 * line broken beside an inline box can (math, a citation, a link), code and
 * formulas aside; every reference to a figure or an equation broken
 * across lines; and every exercise's or seed's name (`rnn-2a`, in inline
 * code too) broken at its hyphen.
 */
function badLineBreaks(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const closing = /[，。、；：！？）」』》,.;:!?)\]”’]/;
    const opening = /[（「『《(\[“‘]/;
    const found: string[] = [];
    const range = document.createRange();
    const rectOf = (node: Node, start: number, end: number) => {
      range.setStart(node, start);
      range.setEnd(node, end);
      return range.getClientRects()[0] as DOMRect | undefined;
    };
    // A reference to a figure or an equation stays whole: "Figure 1".
    for (const reference of document.querySelectorAll(".figref, .eqref")) {
      const rects = [...reference.getClientRects()];
      if (rects.some((r) => r.top > rects[0].bottom - 2)) {
        found.push(`"${reference.textContent}" is broken across lines`);
      }
    }
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? "";
      const parent = node.parentElement!;
      if (!/[^\s]/.test(text)) continue;
      if (
        parent.closest("pre, math, svg, script, style, [hidden], .sr-only")
      ) continue;
      // An exercise's or a seed's name stays whole, in inline code too:
      // never "rnn-" | "2a".
      for (
        const name of text.matchAll(
          /(?<![\w-])(?:(?:rnn|a3|b3)-\d?[a-z\d]|seed-\d{3})(?![a-z\d-])/g,
        )
      ) {
        range.setStart(node, name.index!);
        range.setEnd(node, name.index! + name[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (rects.some((r) => r.top > rects[0].bottom - 2)) {
          found.push(`"${name[0]}" is broken across lines`);
        }
      }
      if (parent.closest("code")) continue;
      let block: Element = parent;
      while (getComputedStyle(block).display.startsWith("inline")) {
        block = block.parentElement!;
      }
      const style = getComputedStyle(block);
      const left = block.getBoundingClientRect().left +
        parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
      const where = (i: number) =>
        `"${text.slice(Math.max(0, i - 12), i + 12).replace(/\s+/g, " ")}"`;
      for (let i = 0; i < text.length; i++) {
        if (closing.test(text[i])) {
          const rect = rectOf(node, i, i + 1);
          if (rect && rect.width > 0 && rect.left - left < 1.5) {
            found.push(`a line starts with ${text[i]}: ${where(i)}`);
          }
        } else if (opening.test(text[i])) {
          const rect = rectOf(node, i, i + 1);
          // What follows: the next character, else the next element.
          const next = i + 1 < text.length
            ? rectOf(node, i + 1, i + 2)
            : (node.nextSibling as Element | null)?.getClientRects?.()[0];
          if (rect && next && next.top > rect.bottom - 2) {
            found.push(`a line ends with ${text[i]}: ${where(i)}`);
          }
        }
      }
    }
    return found;
  });
}

/**
 * In the open page: every box that may scroll sideways (a formula, a table,
 * a chart) whose covers (the gradients of the background's colour that hide
 * the scroll shadows while nothing is hidden) are not the colour of the
 * background behind the box: on a quotation or an explorer they would show
 * as patches beside a formula that fits.
 */
function mismatchedCovers(page: Loose): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (
      const box of document.querySelectorAll(
        ".math-display, .math-inline[tabindex], .table-wrap, .chart-body",
      )
    ) {
      const element = box as HTMLElement;
      if (element.getClientRects().length === 0) continue; // not shown
      const cover = /rgba?\([^)]*\)/.exec(
        getComputedStyle(element).backgroundImage,
      )?.[0];
      let behind = "rgba(0, 0, 0, 0)";
      for (
        let parent = element.parentElement;
        parent;
        parent = parent.parentElement
      ) {
        const color = getComputedStyle(parent).backgroundColor;
        if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") {
          behind = color;
          break;
        }
      }
      if (cover !== behind) {
        const where = element.id || element.className;
        found.push(`${where}: covers ${cover} on ${behind}`);
      }
    }
    return found;
  });
}

/**
 * How many pages are checked at once, each in a context of its own: one a
 * core. Axe keeps a tab's renderer busy, and Chromium's own processes and
 * this test take the rest: on 2 cores, 48 pages took 58–63 s in two tabs,
 * 60–64 s in one and 68–84 s in four.
 */
const TABS = navigator.hardwareConcurrency || 1;

/**
 * A reader's own spacing of text, as WCAG 1.4.12 asks a page to bear (the
 * spacing of the W3C's test bookmarklet): letters 0.12 em apart, words 0.16
 * em, lines 1.5, paragraphs 2 em.
 */
const TEXT_SPACING = `* { line-height: 1.5 !important;
  letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }`;

/**
 * Visit every page once, in `TABS` tabs at a time: load it (light theme,
 * 1280 px) and open its folded solutions, as a reader does (axe checks
 * nothing hidden, and a folded solution holds most of an exercise's page);
 * run axe-core, measure the text of its figures (its size, and letters drawn
 * over others) and its equation numbers; then narrow the window to 375 px in
 * the dark theme and run axe-core again, with the rule of target sizes (only
 * colours change with the theme, and the two widths show different drawings
 * of some figures and formulas), measure the page's width, the text of its
 * figures again, its formulas and where its lines break; then narrow it to
 * 320 px and measure the page's width again, and once more with a reader's
 * own text spacing ({@link TEXT_SPACING}), with its formulas.
 */
async function visitAll(
  browser: Loose,
  base: string,
  urls: string[],
): Promise<{ reports: PageReport[]; pairs: number }> {
  const reports: PageReport[] = [];
  const queue = [...urls];
  // A pair of colours is checked for contrast once a run (`_contrast.ts`).
  const seen = new Set<string>();
  const worker = async () => {
    const context = await browser.newContext({
      colorScheme: "light",
      viewport: { width: 1280, height: 800 },
    });
    const { page, visit } = await tab(context);
    for (let url = queue.shift(); url; url = queue.shift()) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: "light" });
      const loading = await visit(base + url);
      await page.evaluate(() => {
        for (const details of document.querySelectorAll("details")) {
          (details as HTMLDetailsElement).open = true;
        }
      });
      const axe = (await axeViolations(page, { seen })).map((v) =>
        `light: ${v}`
      );
      const small = (await smallFigureText(page, 11)).map((s) => `1280: ${s}`);
      const overlaps = (await overlappingFigureText(page)).map((s) =>
        `1280: ${s}`
      );
      const covers = (await mismatchedCovers(page)).map((c) => `light: ${c}`);
      const styles = await unreadStyles(page);
      const numbers = (await hiddenEquationNumbers(page)).map((n) =>
        `1280: ${n}`
      );
      await page.setViewportSize({ width: 375, height: 740 });
      await page.emulateMedia({ colorScheme: "dark" });
      // Every rule again: what a phone shows and a laptop does not (the
      // menu link, the narrow drawings of figures and formulas) is checked
      // here only. On a phone a link or a button is tapped: each at least 24
      // px or that far from the next (WCAG 2.2 AA, 2.5.8), a rule axe leaves
      // off unless asked. One pass: each first walks the whole page, a
      // quarter of a second on a long one.
      axe.push(
        ...(await axeViolations(page, { enable: ["target-size"], seen })).map(
          (v) => `375, dark: ${v}`,
        ),
      );
      covers.push(
        ...(await mismatchedCovers(page)).map((c) => `dark: ${c}`),
      );
      small.push(
        ...(await smallFigureText(page, 11)).map((s) => `375: ${s}`),
      );
      overlaps.push(
        ...(await overlappingFigureText(page)).map((s) => `375: ${s}`),
      );
      const clipped = [
        ...await clippedFormulas(page),
        ...numbers,
        ...(await hiddenEquationNumbers(page)).map((n) => `375: ${n}`),
      ];
      const breaks = await badLineBreaks(page);
      const overflow = () =>
        page.evaluate(() => {
          const { scrollWidth } = document.documentElement;
          const { innerWidth } = globalThis;
          return scrollWidth > innerWidth
            ? `${scrollWidth} px in a ${innerWidth} px window`
            : undefined;
        });
      const width = [await overflow()];
      // And the narrowest screen WCAG asks a page to reflow on (1.4.10),
      // then with a reader's own spacing of text (1.4.12).
      await page.setViewportSize({ width: 320, height: 740 });
      width.push(await overflow());
      await page.addStyleTag({ content: TEXT_SPACING });
      const spaced = await overflow();
      width.push(spaced && `with text spacing, ${spaced}`);
      // A formula wider than its line now must break, or scroll in a box the
      // keyboard reaches, as at 375 px.
      clipped.push(
        ...(await clippedFormulas(page)).map((c) => `320, spaced: ${c}`),
      );
      reports.push({
        url,
        loading,
        axe,
        small,
        overlaps,
        clipped,
        breaks,
        covers,
        styles,
        width: width.filter(Boolean).join("; ") || undefined,
      });
      // Leave the page before the window is widened and the theme set back
      // for the next one: otherwise Chromium lays this page out again at
      // 1280 px and restyles it, work no check looks at.
      await page.goto("about:blank");
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: TABS }, worker));
  return {
    reports: reports.sort((a, b) => a.url < b.url ? -1 : 1),
    pairs: seen.size,
  };
}

Deno.test("every page in Chromium", async (t) => {
  await withBrowser(async (browser, base, pages) => {
    const { reports, pairs } = await visitAll(browser, base, pages);
    assertEquals(reports.length, pages.length);
    // The contrast rule judged the site's pairs of colours: a marking that
    // found none would leave it nothing to judge. (Some 490 signatures, by
    // colours, sizes and weights; at least the 23 pairs of colours a theme.)
    assert(pairs >= 46, `contrast judged only ${pairs} pairs of colours`);
    // A step passes when no page reported anything of `kind`.
    type Kind =
      | "loading"
      | "axe"
      | "small"
      | "overlaps"
      | "clipped"
      | "breaks"
      | "covers"
      | "styles";
    const none = (kind: Kind) => () =>
      assertEquals(
        reports.flatMap((r) => r[kind].map((p) => `${r.url}: ${p}`)),
        [],
      );
    await t.step(
      "loads with no console error and no failed request",
      none("loading"),
    );
    await t.step(
      "has no axe-core violation (good contrast in the dark theme too, and targets a finger can hit at 375 px)",
      none("axe"),
    );
    await t.step(
      "keeps the text of every chart and diagram at 11 px or more, at 375 and 1280 px",
      none("small"),
    );
    await t.step(
      "draws no label of a chart or diagram over another, at 375 and 1280 px",
      none("overlaps"),
    );
    await t.step(
      "shows a formula whole, broken into lines or in a scroll region with a cue, at 375 px, and its number in view (at 1280 px too)",
      none("clipped"),
    );
    await t.step(
      "starts no line with closing punctuation, ends none with an opening bracket and breaks no reference (Figure 1) or exercise's name (rnn-2a), at 375 px",
      none("breaks"),
    );
    await t.step(
      "hides a scroll box's edge shadows with the colour behind the box, in both themes",
      none("covers"),
    );
    await t.step(
      "has no inline style the browser cannot read",
      none("styles"),
    );
    await t.step(
      "fits a 375 px wide screen, and a 320 px one, there also with a reader's own text spacing, without horizontal scrolling",
      () => {
        assertEquals(
          reports.filter((r) => r.width).map((r) => `${r.url}: ${r.width}`),
          [],
        );
      },
    );
  });
});

Deno.test("an unknown address shows the not-found page of its language, with status 404", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (
      const [path, lang, title] of [
        ["/bptt/no-such-page/", "en", "Page not found"],
        ["/zh/bptt/no-such-page/", "zh-Hans", "找不到页面"],
      ]
    ) {
      // A page served with another type is downloaded: goto then throws.
      const response = await page.goto(base + path);
      assertEquals(response?.status(), 404, path);
      assertEquals(
        await page.evaluate(() => [
          document.documentElement.lang,
          document.querySelector("h1")?.textContent,
        ]),
        [lang, title],
        path,
      );
    }
    await context.close();
  });
});

/**
 * In the open page: how many lines the display equation `#id` is set on
 * (a piece that starts left of where the one before it ends starts a line).
 */
function linesOf(page: Loose, id: string): Promise<number> {
  return page.evaluate((id: string) => {
    const math = document.querySelector(`#${id} > math`);
    if (!math) throw new Error(`no display equation #${id}`);
    math.closest("details")?.setAttribute("open", "");
    const boxes = [...math.children].map((row) => row.getBoundingClientRect());
    if (boxes.length < 2) throw new Error(`#${id} is not broken into pieces`);
    return 1 +
      boxes.filter((box, i) => i > 0 && box.left < boxes[i - 1].right - 1)
        .length;
  }, id);
}

Deno.test("in print nothing scrolls: formulas (a matrix in a line too), tables and charts are printed whole", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    // a3-4: matrices in its lines, display formulas and charts.
    assertEquals(await visit(`${base}/deepnets/a3-4/`), []);
    await page.emulateMedia({ media: "print" });
    const boxes: { name: string; overflow: string }[] = await page.evaluate(
      () =>
        [
          ...document.querySelectorAll(
            ".math-display, .math-inline[tabindex], .table-wrap, .chart-body, .diagram-body, pre",
          ),
        ].map((box) => ({
          name: box.className,
          overflow: getComputedStyle(box).overflowX,
        })),
    );
    for (const kind of ["math-inline", "math-display", "chart-body"]) {
      assert(
        boxes.some((box) => box.name.includes(kind)),
        `a3-4 has no ${kind}`,
      );
    }
    assertEquals(boxes.filter((box) => box.overflow !== "visible"), []);
    await context.close();
  });
});

Deno.test("on paper an explorer's chart stands beside its numbers, drawn narrow, so that a tall chart does not leave the first page blank", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    for (
      const url of [
        "/explorers/bptt-terms/",
        "/explorers/gradient-flow/",
        "/explorers/matrix-powers/",
        "/zh/explorers/gradient-flow/",
      ]
    ) {
      assertEquals(await visit(base + url), []);
      await page.emulateMedia({ media: "print" });
      const layout = await page.evaluate(() => {
        const box = (selector: string) =>
          document.querySelector(`.explorer-layout ${selector}`)!
            .getBoundingClientRect();
        const drawn = [
          ...document.querySelectorAll(".explorer-layout .chart-body"),
        ]
          .filter((body) => body.getClientRects().length > 0)
          .map((body) => body.className);
        const chart = box("> .chart");
        const numbers = box("> .readout");
        return {
          beside: chart.left >= numbers.right &&
            Math.abs(chart.top - numbers.top) < 2,
          drawn,
          // The caption may go on to the next page, the drawing may not.
          breaks: [
            getComputedStyle(
              document.querySelector(".explorer-layout > .chart")!,
            )
              .breakInside,
            getComputedStyle(
              document.querySelector(".explorer-layout .figure-narrow")!,
            )
              .breakInside,
          ],
        };
      });
      assertEquals(
        layout,
        {
          beside: true,
          drawn: ["chart-body figure-narrow"],
          breaks: ["auto", "avoid"],
        },
        url,
      );
      await page.emulateMedia({ media: "screen" });
    }
    await context.close();
  });
});

Deno.test("with a reader's own text spacing (WCAG 1.4.12: letters 0.12 em apart, words 0.16 em, lines 1.5) the pager and a script's command still fit 375 and 320 px", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    for (
      const [url, width] of [
        // "backpropagation" in the pager's half of a row.
        ["/beyond/clip/", 375],
        // deno run scripts/exercises/rnn-1a.ts, once kept on one line.
        ["/scripts/rnn-1a/", 320],
        ["/scripts/rnn-3b/", 320],
      ] as const
    ) {
      await page.setViewportSize({ width, height: 740 });
      assertEquals(await visit(base + url), []);
      await page.addStyleTag({ content: TEXT_SPACING });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll(".pager a, .script-link code")]
          .filter((element) =>
            element.getBoundingClientRect().right > innerWidth + 0.5
          ).map((element) => element.textContent?.trim())
      );
      assertEquals(wide, [], `${url} at ${width} px`);
      assertEquals(
        await page.evaluate(() => document.documentElement.scrollWidth),
        width,
        `${url} at ${width} px`,
      );
    }
    await context.close();
  });
});

Deno.test("a long chain of relations is on one line at 1280 px and breaks at its relation signs at 375 px, without scrolling", async () => {
  // Chains of the notes, each narrower than a laptop's column and wider
  // than a phone's.
  const chains = [
    { url: "/bptt/rnn-2a/", id: "eq-bound" },
    { url: "/lstm/rnn-3b/", id: "eq-gates" },
    { url: "/vanishing/n4/", id: "eq-bound" },
  ];
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    for (const { url, id } of chains) {
      await page.setViewportSize({ width: 1280, height: 800 });
      assertEquals(await visit(base + url), []);
      assertEquals(await linesOf(page, id), 1, `${url}#${id} at 1280 px`);
      await page.setViewportSize({ width: 375, height: 740 });
      const lines = await linesOf(page, id);
      assert(lines >= 2, `${url}#${id} at 375 px: ${lines} line`);
      const { scrollWidth, clientWidth, rowStart, relation } = await page
        .evaluate((id: string) => {
          const box = document.getElementById(id)!;
          const rows = [...box.querySelector("math")!.children];
          // Each line after the first starts with a relation sign (or a new
          // equation, after its space), indented.
          const starts = rows.filter((row, i) =>
            i > 0 &&
            row.getBoundingClientRect().left <
              rows[i - 1].getBoundingClientRect().right - 1
          );
          return {
            scrollWidth: box.scrollWidth,
            clientWidth: box.clientWidth,
            rowStart: Math.min(
              ...starts.map((row) => row.getBoundingClientRect().left),
            ) - rows[0].getBoundingClientRect().left,
            relation: starts.map((row) =>
              row.firstElementChild?.localName === "mspace"
                ? "gap"
                : row.firstElementChild?.textContent
            ),
          };
        }, id);
      assert(
        scrollWidth <= clientWidth + 1,
        `${url}#${id} scrolls at 375 px: ${scrollWidth} px in ${clientWidth} px`,
      );
      assert(rowStart > 10, `${url}#${id}: continuation not indented`);
      assert(
        relation.every((start: string | null) =>
          /^([=<>≤≥≈]|gap$)/.test(start ?? "")
        ),
        `${url}#${id}: lines start with ${relation.join(", ")}`,
      );
    }
    await context.close();
  });
});

Deno.test("the search finds an exercise by a word of its question", async () => {
  const dir = await builtSite();
  // Take the most distinctive word of the question of the first exercise
  // that has a page (the one on the fewest pages, then the longest), as a
  // reader remembering the exercise would: a common word ranks many pages
  // first and says nothing about whether the search works.
  const texts = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    if (!file.endsWith("index.html") || file.startsWith("scripts/")) continue;
    texts.set(file, await Deno.readTextFile(join(dir, file)));
  }
  const plain = (html: string) =>
    html.replace(/<math[\s\S]*?<\/math>/g, " ").replace(/<[^>]+>/g, " ")
      .toLowerCase();
  const pagesWith = (word: string) =>
    [...texts.values()].filter((html) => plain(html).includes(word)).length;
  let target: { url: string; word: string } | undefined;
  for (const { id } of EXERCISES) {
    const entry = [...texts].find(([, html]) =>
      html.includes(`data-exercise="${id}"`)
    );
    if (!entry) continue;
    const question = /<h2 id="question">[\s\S]*?(?=<h2 )/.exec(entry[1])?.[0] ??
      "";
    const words = [
      ...new Set(
        [...plain(question).matchAll(/\b[a-z]{7,}\b/g)].map((m) => m[0]),
      ),
    ];
    const ranked = words.map((word) => ({ word, pages: pagesWith(word) }))
      .sort((a, b) => a.pages - b.pages || b.word.length - a.word.length);
    if (ranked.length) target = { url: urlOf(entry[0]), word: ranked[0].word };
    break;
  }
  assert(target, "no exercise page with a question section");
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    const problems = await visit(
      `${base}/search/?q=${encodeURIComponent(target!.word)}`,
    );
    await page.waitForSelector(".search-result-link", { timeout: 10000 });
    const links: string[] = await page.$$eval(
      ".search-result-link",
      (elements: Loose[]) => elements.map((a) => new URL(a.href).pathname),
    );
    assert(
      links.includes(target!.url),
      `searching "${target!.word}" found ${links.join(", ")}, not ${
        target!.url
      }`,
    );
    assertEquals(await axeViolations(page), [], "axe on the search results");
    assertEquals(problems, []);
    await context.close();
  });
});

Deno.test({
  name: "the Chinese search page finds Chinese pages for a Chinese query",
  fn: async () => {
    await withBrowser(async (browser, base) => {
      const context = await browser.newContext();
      const { page, visit } = await tab(context);
      // Pagefind keeps an index a language (by <html lang>): the Chinese
      // page searches the Chinese pages, and words are not spaced.
      const problems = await visit(
        `${base}/zh/search/?q=${encodeURIComponent("勘误")}`,
      );
      await page.waitForSelector(".search-result-link", { timeout: 20000 });
      const links: string[] = await page.$$eval(
        ".search-result-link",
        (elements: Loose[]) => elements.map((a) => new URL(a.href).pathname),
      );
      assert(links.length > 0, "no result");
      assertEquals(links.filter((url) => !url.startsWith("/zh/")), []);
      const status = await page.$eval(
        ".search-status",
        (e: Loose) => e.textContent,
      );
      assert(/个页面含有/.test(status), status);
      assertEquals(await axeViolations(page), [], "axe on the search results");
      assertEquals(problems, []);
      await context.close();
    });
  },
});

Deno.test("the content security policy is in force: an inline script is refused and reported", async () => {
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}/`), []);
    // What an injected inline script would do: it must not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "document.documentElement.dataset.injected = 'yes'";
      document.head.append(script);
      return document.documentElement.dataset.injected === "yes";
    });
    assertEquals(ran, false, "an inline script ran");
    const violations = await cspViolations(page);
    assert(
      violations.some((v) => v.includes("script-src")),
      `no violation reported: ${violations.join("; ")}`,
    );
    await context.close();
  });
});

Deno.test("slimMathml() leaves every formula laid out as Temml wrote it", async () => {
  // The constructs whose attributes it drops: parentheses in a superscript,
  // beside a tall fraction (not stretched), \left…\right (stretched),
  // brackets and braces, and negative numbers alone and in a matrix.
  const formulas = [
    String.raw`h^{(t)} = \sigma(W h^{(t-1)} + U x^{(t)})`,
    String.raw`f(\frac{a}{b}) + \left(\frac{1}{2}\right) + [a, b] + \{x\}`,
    String.raw`\bigl(\hat y^{(t)} - y\bigr) h^{(t)\top}`,
    String
      .raw`\begin{bmatrix} \htmlData{num=-0.2093,digits=4}{-0.2093} & 1.247 \\ \htmlData{num=-5,digits=4}{-5} & \htmlData{num=-0.04808}{-0.04808} \end{bmatrix}`,
    String
      .raw`\left[\begin{smallmatrix} -1 & 2 \\ 3 & -4 \end{smallmatrix}\right]`,
    // Primes, ∂⁺, and a plus first in a row of an aligned block.
    String
      .raw`\begin{aligned}\frac{\partial L}{\partial W} ={}& \mathrm{diag}(\sigma'(z_{1}))W\,\frac{\partial^+ h_{0}}{\partial W} \\ &+ \frac{\partial^+ h_{1}}{\partial W} - a'' \end{aligned}`,
  ];
  const temml = (await import("temml")).default;
  const pairs = formulas.flatMap((tex) =>
    [true, false].map((displayMode) => {
      const written = temml.renderToString(
        tex.replace(/\\htmlData/g, "\\data"),
        {
          displayMode,
          annotate: false,
          trust: true,
        },
      );
      return [written, slimMathml(written)];
    })
  );
  const lean = pairs.map(([, b]) => b).join("");
  assert(
    !/<mo form="[a-z]+"[^>]*>[()]/.test(lean),
    "a parenthesis kept its form",
  );
  assert(lean.includes('<mn data-num="-0.2093">−0.2093</mn>'), "no lean minus");
  await withBrowser(async (browser, base) => {
    const context = await browser.newContext();
    const { page, visit } = await tab(context);
    assertEquals(await visit(`${base}/notation/`), []);
    const boxes: number[][][] = await page.evaluate((pairs: string[][]) => {
      const main = document.querySelector("main")!;
      main.innerHTML = pairs.map(([a, b]) => `<p>${a}</p><p>${b}</p>`).join("");
      return [...main.querySelectorAll("math")].map((math) => {
        const box = math.getBoundingClientRect();
        return [box.width, box.height];
      }).reduce((rows: number[][][], box, i) => {
        if (i % 2 === 0) rows.push([box]);
        else rows[rows.length - 1].push(box);
        return rows;
      }, []);
    }, pairs);
    boxes.forEach(([written, lean], i) =>
      assert(
        Math.abs(written[0] - lean[0]) < 0.1 &&
          Math.abs(written[1] - lean[1]) < 0.1,
        `formula ${i}: ${written} as Temml wrote it, ${lean} lean`,
      )
    );
    await context.close();
  });
});
