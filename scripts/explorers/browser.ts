/**
 * The explorers in the browser: bundled at build time (with the numerical
 * core and Observable Plot) into `/assets/explorers.js`, which only the pages
 * with an explorer load.
 *
 * For each `<form data-explorer>` of the page it restores the settings from
 * the URL's query string, enables the controls, and on every change
 * recomputes with the explorer's `compute()` (the same code the site ran at
 * build time and the tests check), redraws the chart with the chart's own
 * `plot()` and the diagrams drawn from the explorer's results with their own
 * `draw()` (hand-placed ones: Graphviz is not bundled), rewrites the numbers, and puts the settings in the URL, so that
 * a link or a reload shows the same setting. Its words are the page's
 * language's, read from `<html lang>` (one bundle holds every language's
 * tables).
 *
 * @module
 */
import { type ChartSpec, chartText, chartWords } from "../charts/types.ts";
import { labelChart } from "../charts/_label.ts";
import { chart as matrixPowersNorms } from "../charts/matrix-powers-norms.ts";
import { chart as gradientFlowNorms } from "../charts/gradient-flow-norms.ts";
import { chart as bpttTermsHeatmap } from "../charts/bptt-terms-heatmap.ts";

import {
  diagramDescription,
  type DiagramSpec,
  diagramWords,
} from "../diagrams/types.ts";
import { labelDiagram } from "../diagrams/_svg.ts";
import { explorerDiagram as bpttTermsPaths } from "../diagrams/bptt-paths.ts";
import { layoutClass } from "../charts/_layout.ts";
import { toCsv } from "../charts/_csv.ts";
import { LAYOUTS } from "../charts/_layout.ts";
import { figureWords } from "../site/plugins/_figure_words.ts";
import { tieHtml } from "../site/plugins/_ties.ts";
import {
  controlsOf,
  defaultSettings,
  type Explorer,
  explorerTranslator,
  fieldsetApplies,
  sanitizeSettings,
  sanitizeValue,
  type Settings,
  settingsFromQuery,
  settingsToQuery,
} from "./_controls.ts";
import { EXPLORERS } from "./mod.ts";

const CHARTS: ChartSpec[] = [
  matrixPowersNorms,
  gradientFlowNorms,
  bpttTermsHeatmap,
];

/** The diagrams an explorer redraws: those drawn from its results. */
const DIAGRAMS: DiagramSpec[] = [bpttTermsPaths];

/** The form field of a control. */
type Field = HTMLInputElement | HTMLSelectElement;

/** The page's language (`zh` for `zh-CN`), as the build wrote it. */
const LANG = (document.documentElement.lang || "en").split("-")[0];

/** How long the controls rest before screen readers hear the numbers. */
const ANNOUNCE_AFTER_MS = 700;

/** Make one explorer form live. */
function start(form: HTMLFormElement): void {
  const explorer = EXPLORERS.find((e) => e.id === form.dataset.explorer);
  const chart = CHARTS.find((c) => c.name === explorer?.chart);
  if (!explorer || !chart) return;
  const figure = document.getElementById(`fig-${chart.name}`);
  const readout = document.querySelector<HTMLElement>(
    `[data-readout="${explorer.id}"]`,
  );
  const announcer = document.querySelector<HTMLElement>(
    `[data-announce="${explorer.id}"]`,
  );
  const field = (name: string) => form.elements.namedItem(name) as Field | null;
  const defaults = defaultSettings(explorer);
  let settings = settingsFromQuery(explorer, location.search);

  // Controls and groups show the settings.
  const show = (rewriteFields: boolean) => {
    for (const control of controlsOf(explorer)) {
      const input = field(control.name);
      if (!input) continue;
      const value = String(settings[control.name]);
      if (rewriteFields && input.value !== value) input.value = value;
      const output = form.querySelector(`output[for="${input.id}"]`);
      if (output && control.kind !== "select") {
        output.textContent = `${value}${control.unit ?? ""}`;
      }
    }
    explorer.fieldsets.forEach((fieldset, i) => {
      const element = form.querySelectorAll<HTMLFieldSetElement>(
        "fieldset.explorer-group",
      )[i];
      if (!element) return;
      const applies = fieldsetApplies(fieldset, settings);
      element.hidden = !applies;
      element.disabled = !applies;
    });
  };

  // The settings from the form: a field that is off or holds no usable
  // value (a number half typed) keeps the current setting.
  const read = (): Settings => {
    const raw: Record<string, string> = {};
    for (const control of controlsOf(explorer)) {
      const input = field(control.name);
      if (!input || input.matches(":disabled")) continue;
      if (sanitizeValue(control, input.value) !== undefined) {
        raw[control.name] = input.value;
      }
    }
    const next = sanitizeSettings(explorer, raw, settings);
    if (!explorer.carry) return next;
    const carried = sanitizeSettings(
      explorer,
      explorer.carry(settings, next),
      settings,
    );
    // The fields must show what was carried over, at once: the next event
    // reads them.
    carriedOver = controlsOf(explorer).some((control) =>
      carried[control.name] !== next[control.name]
    );
    return carried;
  };
  let carriedOver = false;

  // The URL holds the settings that differ from the defaults, and nothing
  // else: a link to it, or a reload, shows the same setting.
  const writeUrl = () => {
    const query = settingsToQuery(explorer, settings);
    const url = `${location.pathname}${
      query ? `?${query}` : ""
    }${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history.replaceState(history.state, "", url);
    }
  };

  let pending = 0;
  let announcing: ReturnType<typeof setTimeout> | undefined;
  const update = (rewriteFields: boolean) => {
    show(rewriteFields);
    writeUrl();
    // Redraw once per frame, however fast a slider moves.
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() =>
      redraw(explorer, chart, settings, figure, readout)
    );
    // Tell screen readers the new numbers once the controls rest, in words
    // (the readout's text), instead of at every step of a slider.
    clearTimeout(announcing);
    announcing = setTimeout(() => {
      if (announcer && readout) {
        announcer.textContent = readout.textContent?.replace(/\s+/g, " ")
          .trim() ?? "";
      }
    }, ANNOUNCE_AFTER_MS);
  };

  form.addEventListener("input", () => {
    settings = read();
    update(carriedOver);
  });
  form.addEventListener("change", () => {
    settings = read();
    update(true);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    settings = { ...defaults };
    update(true);
  });
  form.querySelectorAll<HTMLButtonElement>("button[data-preset]").forEach(
    (button) => {
      const preset = explorer.presets?.[Number(button.dataset.preset)];
      if (!preset) return;
      button.addEventListener("click", () => {
        settings = sanitizeSettings(explorer, preset.values, settings);
        update(true);
      });
    },
  );

  form.querySelector<HTMLFieldSetElement>(".explorer-controls")!.disabled =
    false;
  form.classList.add("is-live");
  show(true);
  // A query with values out of range or unknown is rewritten to what is shown.
  writeUrl();
  // The page was built with the default setting: redraw only for another.
  if (settingsToQuery(explorer, settings) !== "") {
    redraw(explorer, chart, settings, figure, readout);
  } else {
    for (const element of [figure, ...diagramFigures(explorer)]) {
      if (element) element.dataset.settings = "";
    }
  }
}

/** The figures of the page that show a diagram of the explorer's results. */
function diagramFigures(explorer: Explorer): HTMLElement[] {
  return DIAGRAMS.filter((spec) => spec.exercise === explorer.id)
    .map((spec) => document.getElementById(`fig-${spec.name}`))
    .filter((element) => element !== null);
}

/** Draw the diagrams of the explorer's results again, as the build does. */
function redrawDiagrams(
  explorer: Explorer,
  settings: Settings,
  results: unknown,
): void {
  for (const spec of DIAGRAMS) {
    if (spec.exercise !== explorer.id) continue;
    const figure = document.getElementById(`fig-${spec.name}`);
    const words = diagramWords(spec, LANG);
    const drawing = spec.draw(results, words).wide;
    if (!figure || !("plot" in drawing)) continue;
    const svg = drawing.plot(document);
    labelDiagram(svg, words.title, diagramDescription(words, results));
    const old = figure.querySelector(".diagram-body svg");
    // A narrow drawing may name itself by the ids of these words.
    for (const tag of ["title", "desc"]) {
      const id = old?.querySelector(`:scope > ${tag}`)?.id;
      if (id) svg.querySelector(`:scope > ${tag}`)!.id = id;
    }
    old?.replaceWith(svg);
    figure.dataset.settings = settingsToQuery(explorer, settings);
  }
}

/** Recompute, redraw the chart and its data link, rewrite the numbers. */
function redraw(
  explorer: Explorer,
  chart: ChartSpec,
  settings: Settings,
  figure: HTMLElement | null,
  readout: HTMLElement | null,
): void {
  const results = explorer.compute(settings);
  if (readout) {
    // Tied as the build ties the page's first read-out (第 1 步, 为 4.2).
    readout.innerHTML = tieHtml(explorer.readout(
      results,
      explorerTranslator(explorer, LANG),
    ));
  }
  redrawDiagrams(explorer, settings, results);
  if (!figure) return;
  const rows = chart.data(results);
  const words = chartWords(chart, LANG);
  // Both renderings, wide and narrow, as the build drew them: the
  // stylesheet shows the one that fits the screen.
  for (const layout of LAYOUTS) {
    const body = figure.querySelector(`.chart-body.${layoutClass(layout)}`);
    if (!body) continue;
    const drawing = chart.plot(rows, document, layout, words);
    labelChart(drawing, chartText(words.alt, rows));
    body.replaceChildren(
      ...(drawing.tagName.toLowerCase() === "figure"
        ? [...drawing.childNodes]
        : [drawing]),
    );
  }
  const link = figure.querySelector<HTMLAnchorElement>("a.fig-data");
  if (link) {
    link.href = `data:text/csv;charset=utf-8,${
      encodeURIComponent(toCsv(rows))
    }`;
    link.download = `${chart.name}.csv`;
    const count = link.querySelector(".fig-rows");
    if (count) count.textContent = figureWords(LANG).rows(rows.length);
  }
  figure.dataset.settings = settingsToQuery(explorer, settings);
}

document.querySelectorAll<HTMLFormElement>("form[data-explorer]").forEach(
  start,
);
