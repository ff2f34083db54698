/**
 * The `chart` filter: `{{ "rnn-2c-regimes" |> chart }}` draws the chart of
 * that name (from `scripts/charts/mod.ts`) with Observable Plot at build time
 * into inline SVG, on a linkedom document, and wraps it in a numbered
 * `<figure>` with its title and caption, an accessible name (the chart's alt
 * text), and a link to its rows as CSV, written beside the page.
 *
 * Plot and linkedom are loaded the first time a page asks for a chart. With
 * `dependsOn`, the drawn SVG is kept in the build cache (`cache.ts`): a
 * chart is a function of its code and of the results, which are code too.
 * A page's `lang` picks the chart's words (`ChartSpec.words`) and the
 * words around it (`_figure_words.ts`); each language's drawing is kept
 * under its own key.
 *
 * @module
 */
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  chartWords,
  type Row,
} from "../../charts/types.ts";
import type { Site } from "../core/site.ts";
import { CachedMap, type Dependency, digestText } from "../core/cache.ts";
import { escapeHtml } from "./_format.ts";
import { GEOMETRY, roundNumbers } from "./_svg_numbers.ts";
import { labelChart } from "../../charts/_label.ts";
import { htmlSubscripts } from "../../charts/_subscripts.ts";
import { numberFigure } from "./figures.ts";
import { figureWords, pageLang } from "./_figure_words.ts";
import {
  type ChartLayout,
  layoutClass,
  LAYOUTS,
} from "../../charts/_layout.ts";
import { toCsv } from "../../charts/_csv.ts";
import type { MarkdownIt } from "./_markdown_it.ts";

/** Options of the charts plugin. */
export interface ChartsOptions {
  /** Loads the list of charts (lazily: chart modules import Plot). */
  load: () => Promise<ChartSpec[]>;
  /** Where the list lives, for messages. */
  source?: string;
  /**
   * The files the charts are drawn with (the chart modules, this plugin,
   * `deno.lock`): when given, drawn charts are kept in the build cache under
   * a fingerprint of them, each by its name and its rows.
   */
  dependsOn?: Dependency[];
}

/** Register the `chart` filter. */
export function charts(options: ChartsOptions) {
  const { load, source, dependsOn } = {
    source: "scripts/charts/mod.ts",
    ...options,
  };
  return (site: Site) => {
    let specs: Promise<ChartSpec[]> | undefined;
    // Drawn charts by name.
    const drawn = new CachedMap(site, "charts", dependsOn);
    // Loaded when a page first asks: a build that reuses the renders of
    // every page with one (an edit to another page) imports none of their
    // modules (for the charts, Plot and its dependencies: 0.1 s of a fresh
    // process) and reads none from the cache.
    const ready = async () => {
      specs ??= load();
      await drawn.load();
      return await specs;
    };
    site.process(() => drawn.store());
    site.filter(
      "chart",
      async function (
        this: {
          data: { page: { url: string; data: Record<string, unknown> } };
        },
        name: unknown,
      ) {
        const page = this.data.page;
        const all = await ready();
        const spec = all.find((chart) => chart.name === name);
        if (!spec) {
          throw new Error(
            `chart ${JSON.stringify(name)} is not in ${source} CHARTS (known: ${
              all.map((chart) => chart.name).join(", ") || "none"
            })`,
          );
        }
        const results = (site.globalData.results as Record<string, unknown>)
          ?.[spec.exercise];
        if (results === undefined) {
          throw new Error(
            `chart "${spec.name}" needs the results of "${spec.exercise}", which has none`,
          );
        }
        const rows = spec.data(results);
        checkRows(spec, rows);
        const number = numberFigure(page, spec.name);
        const csvUrl = `${page.url}${spec.name}.csv`;
        site.write(csvUrl, toCsv(rows));
        // A chart is drawn from its module and its rows: while neither
        // changes (an edit elsewhere in the scripts), it is not drawn again.
        // English keeps the key it had before there were languages.
        const lang = pageLang(page);
        const key = `${spec.name}${
          lang === "en" ? "" : `@${lang}`
        } ${await digestText(JSON.stringify(rows))}`;
        let svg = drawn.get(key);
        if (svg === undefined) {
          svg = await drawRenderings(spec, rows, chartWords(spec, lang));
          drawn.set(key, svg);
        }
        return figureHtml(spec, svg, number, csvUrl, rows, site, lang);
      },
    );
  };
}

/** No empty series, no NaN or infinite value: a chart shows what it claims. */
export function checkRows(spec: ChartSpec, rows: Row[]): void {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new Error(`chart "${spec.name}" has no data rows`);
  }
  rows.forEach((row, i) => {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "number" && !Number.isFinite(value)) {
        throw new Error(
          `chart "${spec.name}": row ${i}, field "${key}" is ${value}`,
        );
      }
    }
  });
}

/**
 * The chart drawn for each layout of `_layout.ts`, wide then narrow, each in
 * its `chart-body` with the class (`figure-wide`, `figure-narrow`) by which
 * the stylesheet shows one of them. The alt text is written once: a later
 * drawing takes its name from the first one's (`aria-labelledby`, which
 * reads a hidden element too), since a long alt text in Chinese is a
 * kilobyte of the page.
 */
export async function drawRenderings(
  spec: ChartSpec,
  rows: Row[],
  words: ChartWords = spec,
): Promise<string> {
  const renderings = await Promise.all(
    LAYOUTS.map((layout) => drawChart(spec, rows, layout, words)),
  );
  // Both renderings carry Plot's same stylesheets (one class per chart):
  // a page needs each once.
  const seen = new Set<string>();
  const named = shareAltText(renderings, `fig-${spec.name}-img`);
  return named.map((svg, i) => {
    const unique = svg.replace(/<style>[^<]*<\/style>/g, (style) => {
      if (seen.has(style)) return "";
      seen.add(style);
      return style;
    })
      // A legend's entries spaced, so that the search index reads them
      // apart ("L₀ L₁", not "L₀L₁"); the legend is a flex row, which shows
      // no space between its items.
      .replace(/<\/span>(?=<span class="[^"]*-swatch")/g, "</span> ");
    return `<div class="chart-body ${layoutClass(LAYOUTS[i])}">${unique}</div>`;
  }).join("");
}

/** The opening tag of a drawing's image (its main SVG, `role="img"`). */
const IMAGE_TAG = /<svg\b[^>]*\srole="img"[^>]*>/;

/**
 * Drawings of one chart with their alt text written once: the first image
 * gets the id `id`, and each later one whose `aria-label` is the same names
 * itself by it instead. Drawings with another alt text keep their own.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { shareAltText } from "./charts.ts";
 * assertEquals(
 *   shareAltText([
 *     '<svg class="a" role="img" aria-label="Three dots"><g></g></svg>',
 *     '<svg class="b" role="img" aria-label="Three dots"><g></g></svg>',
 *   ], "fig-x-img"),
 *   [
 *     '<svg id="fig-x-img" class="a" role="img" aria-label="Three dots"><g></g></svg>',
 *     '<svg class="b" role="img" aria-labelledby="fig-x-img"><g></g></svg>',
 *   ],
 * );
 * ```
 */
export function shareAltText(drawings: string[], id: string): string[] {
  const label = (tag: string) => /\saria-label="([^"]*)"/.exec(tag)?.[1];
  const first = IMAGE_TAG.exec(drawings[0] ?? "")?.[0];
  const alt = first === undefined ? undefined : label(first);
  if (first === undefined || alt === undefined || / id="/.test(first)) {
    return drawings;
  }
  let shared = false;
  const rest = drawings.slice(1).map((drawing) =>
    drawing.replace(IMAGE_TAG, (tag) => {
      if (label(tag) !== alt) return tag;
      shared = true;
      return tag.replace(/\saria-label="[^"]*"/, ` aria-labelledby="${id}"`);
    })
  );
  if (!shared) return drawings;
  return [
    drawings[0].replace(IMAGE_TAG, (tag) => `<svg id="${id}"${tag.slice(4)}`),
    ...rest,
  ];
}

/**
 * Draw a chart on a fresh linkedom document and return its markup, with the
 * alt text as the accessible name of the SVG, in the language of `words`.
 */
export async function drawChart(
  spec: ChartSpec,
  rows: Row[],
  layout?: ChartLayout,
  words: ChartWords = spec,
): Promise<string> {
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  let element: Element;
  try {
    element = spec.plot(rows, document as unknown as Document, layout, words);
  } catch (error) {
    throw new Error(
      `chart "${spec.name}" failed to draw: ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
  if (!labelChart(element, chartText(words.alt, rows))) {
    throw new Error(`chart "${spec.name}" drew no SVG`);
  }
  const inner = element.tagName.toLowerCase() === "figure"
    ? element.innerHTML
    : element.outerHTML;
  // One line: the figure stays one Markdown HTML block, and the lines of the
  // page keep their numbers for error messages.
  return compactSvg(inner.replace(/\s*\n\s*/g, " "));
}

/**
 * Round the coordinates of a drawn chart to tenths of a unit, and write
 * its polylines (the lines of line charts) with relative coordinates. Plot
 * writes every coordinate with all the digits of a double
 * (`250.17407745669033`), which made up half the bytes of a chart, while a
 * tenth of a unit is below a pixel on any screen (a chart is drawn at most
 * as wide as it is shown, `_layout.ts`); the steps of a
 * line are short numbers where its absolute positions are long. Only
 * geometry is touched: text, labels and the alt text keep their numbers as
 * written.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { compactSvg } from "./charts.ts";
 * assertEquals(
 *   compactSvg(
 *     '<path d="M60,250.17407745669033L64.333,250.5L68.67,249.9" aria-label="0.12345"></path>' +
 *       '<rect x="-0.001" y="3e-7" width="1.5e+2"></rect>',
 *   ),
 *   '<path d="M60,250.2l4.3,.3 4.4-.6" aria-label="0.12345"></path>' +
 *     '<rect x="0" y="0" width="150"></rect>',
 * );
 * ```
 */
export function compactSvg(svg: string): string {
  return mergeMarks(roundGeometry(svg));
}

function roundGeometry(svg: string): string {
  return svg.replace(
    /(\s)([a-zA-Z][\w:-]*)="([^"]*)"/g,
    (whole, space: string, name: string, value: string) => {
      if (!GEOMETRY.has(name)) return whole;
      const compact = (name === "d" && relativePolyline(value)) ||
        roundNumbers(value);
      return `${space}${name}="${compact}"`;
    },
  );
}

/**
 * Plot's marks that repeat their markup per tick, written once: a run of
 * grid `<line>`s with nothing but their ends becomes one `<path>` of
 * segments (a segment has no area for the inherited fill to paint), a run
 * of tick `<path>`s each moved by a `translate` one path of subpaths. The
 * picture is the same, pixel for pixel in Chromium (texts stay moved by
 * their `translate`: as `x`, `y` they were hinted a little differently).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { mergeMarks } from "./charts.ts";
 * assertEquals(
 *   mergeMarks(
 *     '<line y2="20" y1="20" x2="282" x1="60" /><line x1="60" y1="5" x2="60" y2="9"></line>' +
 *       '<path d="M0,0l0,6" transform="translate(60,261)" /><path d="M0,0l0,6" transform="translate(134,261)"></path>',
 *   ),
 *   '<path d="M60,20H282M60,5V9"/><path d="M60,261l0,6M134,261l0,6"/>',
 * );
 * ```
 */
export function mergeMarks(svg: string): string {
  const end = String.raw`\s*(?:\/>|><\/(?:line|path)>)`;
  const line = String.raw`<line((?: (?:x1|y1|x2|y2)="[^"]*"){4})${end}`;
  const tick = String
    .raw`<path d="M0,0((?:[a-z][^A-Za-z"]*)+)" transform="translate\(([^,)]+),([^)]+)\)"${end}`;
  return svg
    .replace(new RegExp(`(?:${line})+`, "g"), (run) => {
      const d = [...run.matchAll(new RegExp(line, "g"))].map(
        ([, attributes]) => {
          const at = Object.fromEntries(
            [...attributes.matchAll(/ (\w+)="([^"]*)"/g)].map((
              m,
            ) => [m[1], m[2]]),
          );
          const to = at.y1 === at.y2
            ? `H${at.x2}`
            : at.x1 === at.x2
            ? `V${at.y2}`
            : `L${at.x2},${at.y2}`;
          return `M${at.x1},${at.y1}${to}`;
        },
      ).join("");
      return `<path d="${d}"/>`;
    })
    .replace(new RegExp(`(?:${tick})+`, "g"), (run) => {
      const d = [...run.matchAll(new RegExp(tick, "g"))].map((
        [, steps, x, y],
      ) => `M${x},${y}${steps}`).join("");
      return `<path d="${d}"/>`;
    });
}

/**
 * `M x0,y0 L x1,y1 L …` (an absolute polyline, perhaps closed by `Z`) as
 * `M x0,y0 l dx1,dy1 dx2,dy2 …`, every position rounded to tenths
 * first, so that the steps are exact and the line ends where it did;
 * `undefined` for any other path.
 */
function relativePolyline(d: string): string | undefined {
  const match = /^M([^A-Za-z]+)((?:L[^A-Za-z]+)*)(Z?)$/.exec(d);
  if (!match) return undefined;
  const points = [match[1], ...match[2].split("L").slice(1)].map((point) =>
    point.split(",").map((x) => Math.round(Number(x) * 10))
  );
  if (points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
    return undefined;
  }
  let path = `M${tenths(points[0][0])},${tenths(points[0][1])}`;
  for (let i = 1; i < points.length; i++) {
    const dx = tenths(points[i][0] - points[i - 1][0]);
    const dy = tenths(points[i][1] - points[i - 1][1]);
    // A minus sign starts a new number by itself.
    path += `${i === 1 ? "l" : dx.startsWith("-") ? "" : " "}${dx}${
      dy.startsWith("-") ? "" : ","
    }${dy}`;
  }
  return path + match[3];
}

/** A whole number of tenths, written short: 125 → `12.5`, -3 → `-.3`. */
function tenths(n: number): string {
  const whole = Math.trunc(Math.abs(n) / 10);
  const fraction = Math.abs(n) % 10;
  const text = fraction ? `${whole || ""}.${fraction}` : `${whole}`;
  return n < 0 ? `-${text}` : text;
}

function figureHtml(
  spec: ChartSpec,
  svg: string,
  number: number,
  csvUrl: string,
  rows: Row[],
  site: Site,
  lang = "en",
): string {
  const md = site.globalData.markdownIt as MarkdownIt;
  const words = chartWords(spec, lang);
  const around = figureWords(lang);
  const text = chartText(words.caption, rows);
  // What Unicode has no subscript of (`W_rec`) is set as one in the HTML.
  const caption = htmlSubscripts(
    md ? md.renderInline(text, { searchTwins: true }) : escapeHtml(text),
  );
  return `<figure class="chart" id="fig-${escapeHtml(spec.name)}">` +
    svg +
    `<figcaption><span class="fig-number">${
      around.figure(number)
    }${around.numberEnd}</span> ` +
    `<strong class="fig-title">${
      escapeHtml(words.title)
    }${around.titleEnd}</strong> ${caption} ` +
    `<a class="fig-data" href="${escapeHtml(csvUrl)}" download>${around.data}` +
    ` <span class="fig-rows">${
      around.rows(rows.length)
    }</span></a></figcaption></figure>`;
}

export default charts;
