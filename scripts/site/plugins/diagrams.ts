/**
 * The `diagram` filter: `{{ "rnn-unrolled" |> diagram }}` draws the diagram
 * of that name (from `scripts/diagrams/mod.ts`) at build time into inline
 * SVG and wraps it in a numbered `<figure class="diagram">` with its title
 * and caption; the SVG is an image (`role="img"`) whose `<title>` and
 * `<desc>` say what it shows. A diagram with a narrow rendering gets both,
 * `<div class="figure-wide">` and `<div class="figure-narrow">`, and the
 * stylesheet shows the one that fits; the narrow one is named and described
 * by the wide one's `<title>` and `<desc>` ({@link shareDiagramText}).
 *
 * A diagram given as DOT is laid out by Graphviz compiled to WebAssembly
 * (`@viz-js/viz`), loaded only when a diagram is not in the cache; one drawn
 * by hand gets a linkedom document. With `dependsOn`, drawn diagrams are kept
 * in the build cache (`cache.ts`) by their name and the results they are
 * drawn from, like charts by their rows. A page's `lang` picks the
 * diagram's words (`DiagramSpec.words`); each language's drawing is kept
 * under its own key.
 *
 * @module
 */
import {
  diagramDescription,
  type DiagramDrawing,
  type DiagramSpec,
  type DiagramWords,
  diagramWords,
} from "../../diagrams/types.ts";
import { labelDiagram, tidyGraphvizSvg } from "../../diagrams/_svg.ts";
import type { Site } from "../core/site.ts";
import { CachedMap, type Dependency, digestText } from "../core/cache.ts";
import { compactSvg } from "./charts.ts";
import { escapeHtml } from "./_format.ts";
import { numberFigure } from "./figures.ts";
import { figureWords, pageLang } from "./_figure_words.ts";
import type { MarkdownIt } from "./_markdown_it.ts";

/** Options of the diagrams plugin. */
export interface DiagramsOptions {
  /** Loads the list of diagrams (lazily). */
  load: () => Promise<DiagramSpec[]>;
  /** Where the list lives, for messages. */
  source?: string;
  /**
   * The files the diagrams are drawn with (the diagram modules, this
   * plugin, `deno.lock`): when given, drawn diagrams are kept in the build
   * cache under a fingerprint of them, each by its name and its results.
   */
  dependsOn?: Dependency[];
}

/** The SVG markup of a diagram's renderings. */
export interface DrawnDiagram {
  wide: string;
  narrow?: string;
}

/** Register the `diagram` filter. */
export function diagrams(options: DiagramsOptions) {
  const { load, source, dependsOn } = {
    source: "scripts/diagrams/mod.ts",
    ...options,
  };
  return (site: Site) => {
    let specs: Promise<DiagramSpec[]> | undefined;
    const drawn = new CachedMap(site, "diagrams", dependsOn);
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
      "diagram",
      async function (
        this: { data: { page: { data: Record<string, unknown> } } },
        name: unknown,
      ) {
        const all = await ready();
        const spec = all.find((diagram) => diagram.name === name);
        if (!spec) {
          throw new Error(
            `diagram ${
              JSON.stringify(name)
            } is not in ${source} DIAGRAMS (known: ${
              all.map((diagram) => diagram.name).join(", ") || "none"
            })`,
          );
        }
        const results = (site.globalData.results as Record<string, unknown>)
          ?.[spec.exercise];
        if (results === undefined) {
          throw new Error(
            `diagram "${spec.name}" needs the results of "${spec.exercise}", which has none`,
          );
        }
        const number = numberFigure(this.data.page, spec.name);
        const lang = pageLang(this.data.page);
        // A diagram is drawn from its module and its results: while neither
        // changes, Graphviz is not even loaded. English keeps the key it had
        // before there were languages.
        const key = `${spec.name}${
          lang === "en" ? "" : `@${lang}`
        } ${await digestText(JSON.stringify(results))}`;
        let svg = drawn.get(key);
        if (svg === undefined) {
          svg = JSON.stringify(await drawDiagram(spec, results, lang));
          drawn.set(key, svg);
        }
        return diagramFigureHtml(spec, JSON.parse(svg), number, site, lang);
      },
    );
  };
}

/** Graphviz, loaded once per process when first needed. */
let graphviz: Promise<{ renderString(dot: string, o: object): string }>;

/**
 * Draw every rendering of a diagram into SVG markup, labelled with its title
 * and alt text, in `lang`.
 */
export async function drawDiagram(
  spec: DiagramSpec,
  results: unknown,
  lang = "en",
): Promise<DrawnDiagram> {
  const words = diagramWords(spec, lang);
  let drawings;
  try {
    drawings = spec.draw(results, words);
  } catch (error) {
    throw new Error(
      `diagram "${spec.name}" failed to draw: ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
  const desc = diagramDescription(words, results);
  const wide = await drawOne(spec, drawings.wide, "wide", words.title, desc);
  if (!drawings.narrow) return { wide };
  return {
    wide,
    narrow: await drawOne(spec, drawings.narrow, "narrow", words.title, desc),
  };
}

async function drawOne(
  spec: DiagramSpec,
  drawing: DiagramDrawing,
  which: string,
  title: string,
  desc: string,
): Promise<string> {
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  let svg: Element | null;
  try {
    if ("dot" in drawing) {
      graphviz ??= import("@viz-js/viz").then((viz) => viz.instance());
      const viz = await graphviz;
      const text = tidyGraphvizSvg(
        viz.renderString(drawing.dot, { format: "svg" }),
      );
      document.body.innerHTML = text;
      svg = document.body.querySelector("svg");
    } else {
      const element = drawing.plot(document as unknown as Document);
      svg = element.tagName.toLowerCase() === "svg"
        ? element
        : element.querySelector("svg");
    }
  } catch (error) {
    throw new Error(
      `diagram "${spec.name}" (${which}) failed to draw: ${
        error instanceof Error ? error.message.split("\n")[0] : error
      }`,
    );
  }
  if (!svg) throw new Error(`diagram "${spec.name}" (${which}) drew no SVG`);
  labelDiagram(svg, title, desc);
  // One line: the figure stays one Markdown HTML block. No space before
  // `/>` and no-break spaces as themselves (linkedom writes `&#160;`): a
  // page holds hundreds of each.
  return compactSvg(
    svg.outerHTML.replace(/\s*\n\s*/g, " ").replace(/" \/>/g, '"/>')
      .replaceAll("&#160;", "\u00a0"),
  );
}

/** The `<svg …>` tag of a drawing, then its `<title>` and `<desc>`. */
const LABELLED_SVG =
  /^(<svg\b[^>]*)><title>([^<]*)<\/title><desc>([^<]*)<\/desc>/;

/**
 * The wide and narrow drawings of a diagram with their words written once
 * (in Chinese its description is a kilobyte): the wide one's `<title>` and
 * `<desc>` get the ids `<id>-title` and `<id>-desc`, and the narrow one,
 * where they are the same, names and describes itself by them
 * (`aria-labelledby`, `aria-describedby`: read from a hidden element too).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { shareDiagramText } from "./diagrams.ts";
 * const words = "<title>An RNN</title><desc>Three steps</desc>";
 * assertEquals(
 *   shareDiagramText(
 *     `<svg role="img">${words}<path/></svg>`,
 *     `<svg role="img" width="9">${words}<g/></svg>`,
 *     "fig-rnn",
 *   ),
 *   [
 *     '<svg role="img"><title id="fig-rnn-title">An RNN</title><desc id="fig-rnn-desc">Three steps</desc><path/></svg>',
 *     '<svg role="img" width="9" aria-labelledby="fig-rnn-title" aria-describedby="fig-rnn-desc"><g/></svg>',
 *   ],
 * );
 * ```
 */
export function shareDiagramText(
  wide: string,
  narrow: string,
  id: string,
): [string, string] {
  const ownWords = LABELLED_SVG.exec(wide);
  const sameWords = LABELLED_SVG.exec(narrow);
  if (
    !ownWords || !sameWords || ownWords[2] !== sameWords[2] ||
    ownWords[3] !== sameWords[3]
  ) {
    return [wide, narrow];
  }
  return [
    `${ownWords[1]}><title id="${id}-title">${ownWords[2]}</title>` +
    `<desc id="${id}-desc">${ownWords[3]}</desc>` +
    wide.slice(ownWords[0].length),
    `${sameWords[1]} aria-labelledby="${id}-title" ` +
    `aria-describedby="${id}-desc">` + narrow.slice(sameWords[0].length),
  ];
}

/** The figure of a drawn diagram, numbered, with its title and caption. */
export function diagramFigureHtml(
  spec: DiagramSpec,
  svg: DrawnDiagram,
  number: number,
  site: { globalData: Record<string, unknown> },
  lang = "en",
): string {
  const md = site.globalData.markdownIt as MarkdownIt;
  const words: DiagramWords = diagramWords(spec, lang);
  const around = figureWords(lang);
  const caption = md
    ? md.renderInline(words.caption, { searchTwins: true })
    : escapeHtml(words.caption);
  const [wide, narrow] = svg.narrow === undefined
    ? [svg.wide]
    : shareDiagramText(svg.wide, svg.narrow, `fig-${escapeHtml(spec.name)}`);
  const body = narrow === undefined
    ? wide
    : `<div class="figure-wide">${wide}</div>` +
      `<div class="figure-narrow">${narrow}</div>`;
  return `<figure class="diagram${
    spec.scroll ? " diagram-scroll" : ""
  }" id="fig-${escapeHtml(spec.name)}">` +
    // A drawing that scrolls sideways can be scrolled from the keyboard.
    `<div class="diagram-body"${
      spec.scroll ? ' tabindex="0"' : ""
    }>${body}</div>` +
    `<figcaption><span class="fig-number">${
      around.figure(number)
    }${around.numberEnd}</span> ` +
    `<strong class="fig-title">${
      escapeHtml(words.title)
    }${around.titleEnd}</strong> ${caption}</figcaption></figure>`;
}

export default diagrams;
