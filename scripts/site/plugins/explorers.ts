/**
 * Interactive explorers, by progressive enhancement. `{{ "matrix-powers" |>
 * explorer }}` writes the explorer's controls as a `<form>` (labelled
 * sliders, boxes and selects, set to the default values, disabled until the
 * script runs) and its numbers for the default setting; the page's chart
 * (`{{ "matrix-powers-norms" |> chart }}`) is built like every other. Without
 * JavaScript, and in print, the page shows the default setting and says so.
 *
 * The browser script (`scripts/explorers/browser.ts`: the explorers, the
 * numerical core they call and Observable Plot) is bundled at build time by
 * Deno's own bundler (`Deno.bundle`, enabled by `"unstable": ["bundle"]` in
 * `deno.json`), in process: no subprocess, no network. The bundling starts
 * at the beginning of a build and runs beside the rest of it; with
 * `dependsOn`, the bundle is kept in the build cache (`cache.ts`) and made
 * again only when the code changes. It is written to the site once and
 * loaded, with the explorers' stylesheet, only by the pages that show an
 * explorer. A page's `lang` picks the explorer's words (`Explorer.words`)
 * and the plugin's ({@link EXPLORER_WORDS}); the one bundle picks them in
 * the browser by `<html lang>`.
 *
 * @module
 */
import { resolve } from "@std/path";
import { BuildError, type Site } from "../core/site.ts";
import { codeFingerprint, type Dependency } from "../core/cache.ts";
import { escapeHtml } from "./_format.ts";
import {
  type Control,
  defaultSettings,
  type Explorer,
  explorerTranslator,
  fieldsetApplies,
  type Translate,
} from "../../explorers/_controls.ts";
import { pageLang } from "./_figure_words.ts";

/** The words the plugin writes around every explorer, by language. */
export const EXPLORER_WORDS: Readonly<
  Record<string, { reset: string; noScript: string }>
> = {
  en: {
    reset: "Back to the default setting",
    noScript: "The controls need JavaScript. Without it, the numbers and " +
      "the chart below are those of the default setting.",
  },
  zh: {
    reset: "恢复默认设定",
    noScript:
      "这些控件需要 JavaScript。没有它时，下方的数和图为默认设定下的结果。",
  },
};

/** Options of the explorers plugin. */
export interface ExplorersOptions {
  /** Every explorer (`scripts/explorers/mod.ts`). */
  explorers: Explorer[];
  /** The browser entry point, bundled. */
  entry?: string;
  /** URL of the bundle. */
  script?: string;
  /** URL of the explorers' stylesheet (copied with the other assets). */
  style?: string;
  /**
   * What the bundle is made of (the browser entry and what it imports,
   * `deno.json`, `deno.lock`): when given, the bundle is kept in the build
   * cache under a fingerprint of them.
   */
  dependsOn?: Dependency[];
}

/** Bundle the browser script and register the `explorer` filter. */
export function explorers(options: ExplorersOptions) {
  const { explorers, entry, script, style, dependsOn } = {
    entry: "scripts/explorers/browser.ts",
    script: "/assets/explorers.js",
    style: "/assets/explorers.css",
    ...options,
  };
  return (site: Site) => {
    // The bundle depends only on the code, which cannot change within a
    // process (`serve` restarts its builder when a script changes).
    let bundled: Promise<string> | undefined;
    const cachedOrBundled = async (): Promise<string> => {
      if (!dependsOn) return await bundle(entry);
      const key = await codeFingerprint(site, dependsOn);
      const cached = await site.cache.read("explorers", key);
      if (cached !== undefined) return cached;
      const code = await bundle(entry);
      await site.cache.write("explorers", key, code);
      return code;
    };
    let shown = false;
    site.addEventListener("beforeBuild", () => {
      shown = site.pages.some((page) => page.data.explorer !== undefined);
      if (!shown) return;
      // Not awaited here: the bundler works on its own threads while the
      // other hooks (the results) run; the pages wait for it below.
      bundled ??= cachedOrBundled();
      // A failed bundle is reported where it is awaited, not as unhandled.
      bundled.catch(() => {});
    });
    site.preprocess(async () => {
      if (shown) site.write(script, await bundled!);
    });
    site.filter(
      "explorer",
      function (
        this: { data: { page: { data: Record<string, unknown> } } },
        id: unknown,
      ) {
        const explorer = explorers.find((e) => e.id === id);
        if (!explorer) {
          throw new Error(
            `explorer ${
              JSON.stringify(id)
            } is not in scripts/explorers/mod.ts EXPLORERS (known: ${
              explorers.map((e) => e.id).join(", ")
            })`,
          );
        }
        const results = (site.globalData.results as Record<string, unknown>)?.[
          explorer.id
        ];
        if (results === undefined) {
          throw new Error(`explorer "${explorer.id}" has no results`);
        }
        // This page, and only this one, loads the script and its styles.
        const data = this.data.page.data as Record<string, unknown>;
        for (const [key, url] of [["scripts", script], ["styles", style]]) {
          const list = (data[key] as string[] | undefined) ?? [];
          if (!list.includes(url)) data[key] = [...list, url];
        }
        return explorerHtml(explorer, results, pageLang(this.data.page));
      },
    );
  };
}

/**
 * The part of `Deno.bundle` used here (its types are among Deno's unstable
 * ones, which `deno check` leaves out of this project).
 */
type Bundler = (options: {
  entrypoints: string[];
  platform: "browser";
  format: "iife";
  minify: boolean;
  write: false;
}) => Promise<{
  success: boolean;
  errors: { text: string }[];
  outputFiles?: { text(): string }[];
}>;

/** Bundle (and minify) the browser script, in process. */
async function bundle(entry: string): Promise<string> {
  const bundler = (Deno as unknown as { bundle?: Bundler }).bundle;
  if (typeof bundler !== "function") {
    throw new BuildError(
      'Deno.bundle is missing: deno.json needs "unstable": ["bundle"] (Deno 2.5 or later)',
      entry,
    );
  }
  const result = await bundler({
    entrypoints: [resolve(entry)],
    platform: "browser",
    format: "iife",
    minify: true,
    write: false,
  });
  const code = result.outputFiles?.[0]?.text();
  if (!result.success || code === undefined) {
    const message = result.errors.map((e) => e.text).join("; ");
    throw new BuildError(`bundling failed: ${message || "no output"}`, entry);
  }
  return code;
}

/**
 * The form and the numbers of an explorer, for its default setting, as one
 * line of HTML (so that it stays one Markdown HTML block).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { explorerHtml } from "./explorers.ts";
 * const explorer = {
 *   id: "demo", title: "Demo", chart: "demo-chart",
 *   fieldsets: [{ legend: "Size", controls: [{ kind: "range" as const, name: "n", label: "n", min: 0, max: 9, step: 1, default: 3 }] }],
 *   compute: () => ({}), readout: () => "<p>3</p>",
 * };
 * const html = explorerHtml(explorer, {});
 * assert(html.includes('<input type="range" id="demo-n" name="n" min="0" max="9" step="1" value="3">'));
 * ```
 */
export function explorerHtml(
  explorer: Explorer,
  results: unknown,
  lang = "en",
): string {
  const t = explorerTranslator(explorer, lang);
  const around = EXPLORER_WORDS[lang] ?? EXPLORER_WORDS.en;
  const settings = defaultSettings(explorer);
  const id = (name: string) => `${explorer.id}-${name}`;
  const fieldsets = explorer.fieldsets.map((fieldset) => {
    const off = fieldsetApplies(fieldset, settings) ? "" : " hidden disabled";
    const when = fieldset.when
      ? ` data-when="${
        escapeHtml(`${fieldset.when.name}=${fieldset.when.value}`)
      }"`
      : "";
    const layout = fieldset.layout ? ` explorer-${fieldset.layout}` : "";
    return `<fieldset class="explorer-group${layout}"${when}${off}>` +
      `<legend>${escapeHtml(t(fieldset.legend))}</legend>` +
      fieldset.controls.map((control) =>
        controlHtml(control, id(control.name), t)
      )
        .join("") +
      `</fieldset>`;
  });
  const presets = (explorer.presets ?? []).map((preset, i) =>
    `<button type="button" data-preset="${i}">${
      escapeHtml(t(preset.label))
    }</button>`
  );
  const actions = `<div class="explorer-actions">${presets.join("")}` +
    `<button type="reset">${escapeHtml(around.reset)}</button></div>`;
  return `<form class="explorer" id="explorer-${explorer.id}" ` +
    `data-explorer="${explorer.id}" data-chart="${explorer.chart}" ` +
    `aria-label="${escapeHtml(t(explorer.title))}">` +
    `<p class="explorer-static" data-pagefind-ignore>${
      escapeHtml(around.noScript)
    }</p>` +
    // Disabled until the script runs: controls that cannot act look so.
    `<fieldset class="explorer-controls" disabled data-pagefind-ignore>` +
    `<legend class="visually-hidden">${
      escapeHtml(t(explorer.title))
    }</legend>` +
    fieldsets.join("") + actions + `</fieldset></form>` +
    // The numbers change on every step of a slider: screen readers are told
    // the result once the controls rest (the script fills the announcer),
    // not at every step.
    `<div class="readout" data-readout="${explorer.id}">` +
    explorer.readout(results, t) + `</div>` +
    `<p class="visually-hidden" data-announce="${explorer.id}" ` +
    `aria-live="polite" aria-atomic="true"></p>`;
}

/** One labelled control. */
function controlHtml(control: Control, id: string, t: Translate): string {
  const label = `<label for="${id}">${escapeHtml(t(control.label))}</label>`;
  if (control.kind === "select") {
    const options = control.options.map((option) =>
      `<option value="${escapeHtml(option.value)}"${
        option.value === control.default ? " selected" : ""
      }>${escapeHtml(t(option.label))}</option>`
    );
    return `<div class="control">${label}<select id="${id}" name="${control.name}">${
      options.join("")
    }</select></div>`;
  }
  const input =
    `<input type="${control.kind}" id="${id}" name="${control.name}" ` +
    `min="${control.min}" max="${control.max}" step="${control.step}" ` +
    `value="${control.default}">`;
  // A slider shows its value beside it (the slider itself tells assistive
  // technology, so the read-out is hidden from it).
  const output = control.kind === "range"
    ? `<output for="${id}" aria-hidden="true">${control.default}${
      escapeHtml(control.unit ?? "")
    }</output>`
    : "";
  return `<div class="control control-${control.kind}">${label}${input}${output}</div>`;
}

export default explorers;
