/**
 * The shape of an explorer and its settings: the controls a reader moves,
 * their defaults and limits, and how settings travel in a URL's query string.
 *
 * An explorer is pure computation plus a description of its controls. The
 * site renders the description as a `<form>` at build time (with the default
 * values, beside the chart of the default setting), and the browser script
 * reads the form, recomputes with the same `compute()` and redraws. Settings
 * come from three untrusted places (a query string, a form, a preset) and
 * always pass through {@link sanitizeSettings}: a bad value is clamped into
 * range or ignored (the default stays), never an error.
 *
 * @module
 */

/** The settings of an explorer: one value per control, by control name. */
export type Settings = Record<string, number | string>;

/** A number: a slider (`range`) or a box to type in (`number`). */
export interface NumberControl {
  kind: "range" | "number";
  /** The name of the setting, the form field and the query key. */
  name: string;
  /** The visible label. */
  label: string;
  min: number;
  max: number;
  /** Values are rounded to `min + k · step`; `"any"` keeps them as typed. */
  step: number | "any";
  default: number;
  /** Written after the value in the slider's read-out (`"°"`). */
  unit?: string;
}

/** A choice among a few values, shown as a `<select>`. */
export interface ChoiceControl {
  kind: "select";
  name: string;
  label: string;
  options: { value: string; label: string }[];
  default: string;
}

/** One control of an explorer's form. */
export type Control = NumberControl | ChoiceControl;

/** A group of controls with a legend. */
export interface Fieldset {
  legend: string;
  controls: Control[];
  /** The group applies only while the select `name` has the value `value`. */
  when?: { name: string; value: string };
  /** `"matrix"` lays four number boxes out as the rows of a 2×2 matrix. */
  layout?: "matrix";
}

/** A button that sets several controls at once. */
export interface Preset {
  label: string;
  values: Settings;
}

/**
 * An explorer: its controls, and pure functions from settings to results and
 * from results to the HTML of its numbers. `compute` of the default settings
 * is what the site shows before any script runs, and what `results.json`
 * publishes under the explorer's id.
 */
export interface Explorer<S extends Settings = Settings, R = unknown> {
  /** Id of the explorer and of its results (`"matrix-powers"`). */
  id: string;
  /** Accessible name of the form. */
  title: string;
  /** Name of the chart (in `scripts/charts/mod.ts`) it redraws. */
  chart: string;
  fieldsets: Fieldset[];
  presets?: Preset[];
  /**
   * Settings the page's prose talks about, by name: their results go to
   * `results.json` under `examples.<name>` beside those of the defaults, so
   * that the prose quotes computed numbers for them too.
   */
  examples?: Record<string, Partial<S>>;
  /**
   * Adjust the settings after the reader changed some (`previous` → `next`),
   * so that a change of one control keeps what the others mean: switching
   * how a matrix is given keeps the matrix.
   */
  carry?(previous: S, next: S): S;
  /** Every number the explorer shows, for the given settings. */
  compute(settings: S): R;
  /**
   * The numbers as HTML (`num`-style spans), shown beside the controls, in
   * the words `t` gives (English when left out).
   */
  readout(results: R, t?: Translate): string;
  /**
   * The explorer's words in other languages, by language code (`zh`): one
   * table a language, from the English (a title, legend, label, option,
   * preset, or a read-out's words with `{0}`, `{1}` for its numbers) to the
   * translation. What a table leaves out stays English.
   */
  words?: Record<string, Record<string, string>>;
}

/** Words in a language: the English, translated, with `{0}`… filled in. */
export type Translate = (english: string, ...values: unknown[]) => string;

/**
 * The words of `explorer` in `lang`: each English text translated by its
 * table, `{0}`, `{1}`, … filled with the values given.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { explorerTranslator } from "./_controls.ts";
 * const words = { zh: { "power n": "幂次 n", "{0} at n = {1}": "n = {1} 时为 {0}" } };
 * const t = explorerTranslator({ words }, "zh");
 * assertEquals(t("power n"), "幂次 n");
 * assertEquals(t("{0} at n = {1}", "2", "5"), "n = 5 时为 2");
 * assertEquals(explorerTranslator({ words }, "en")("{0} at n = {1}", "2", "5"), "2 at n = 5");
 * ```
 */
export function explorerTranslator(
  explorer: { words?: Record<string, Record<string, string>> },
  lang = "en",
): Translate {
  const table = explorer.words?.[lang] ?? {};
  return (english, ...values) =>
    (table[english] ?? english).replace(
      /\{(\d+)\}/g,
      (whole, i: string) => i in values ? String(values[Number(i)]) : whole,
    );
}

/**
 * One line of an explorer's read-out: a term and its value. A space keeps
 * them apart in the search index, which runs the text of a `<dt>` and its
 * `<dd>` together ("at t = 100" and "0.002" read "at t = 1000.002"); the
 * list lays them out as blocks, so it shows nothing.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { readoutItem } from "./_controls.ts";
 * assertEquals(readoutItem("n", "3"), "<div><dt>n</dt> <dd>3</dd></div>");
 * ```
 */
export function readoutItem(term: string, value: string): string {
  return `<div><dt>${term}</dt> <dd>${value}</dd></div>`;
}

/**
 * Every control of an explorer, in form order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { controlsOf } from "./_controls.ts";
 * const fieldsets = [{ legend: "a", controls: [{ kind: "select" as const, name: "x", label: "x", options: [], default: "" }] }];
 * assertEquals(controlsOf({ fieldsets }).map((c) => c.name), ["x"]);
 * ```
 */
export function controlsOf(explorer: Pick<Explorer, "fieldsets">): Control[] {
  return explorer.fieldsets.flatMap((fieldset) => fieldset.controls);
}

/**
 * The default settings of an explorer.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { defaultSettings } from "./_controls.ts";
 * const controls = [{ kind: "range" as const, name: "n", label: "n", min: 0, max: 9, step: 1, default: 3 }];
 * assertEquals(defaultSettings({ fieldsets: [{ legend: "", controls }] }), { n: 3 });
 * ```
 */
export function defaultSettings<S extends Settings>(
  explorer: Pick<Explorer<S>, "fieldsets">,
): S {
  return Object.fromEntries(
    controlsOf(explorer).map((control) => [control.name, control.default]),
  ) as S;
}

/**
 * One value for a control, from anything (a query parameter, a form field,
 * a preset): a number is parsed, rounded to the step and clamped into
 * `[min, max]`; a choice must be one of the options. Returns `undefined`
 * for a value that cannot be used (empty, not a number, unknown option).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sanitizeValue } from "./_controls.ts";
 * const n = { kind: "range" as const, name: "n", label: "n", min: -1.5, max: 1.5, step: 0.01, default: 0 };
 * assertEquals(sanitizeValue(n, "0.905"), 0.91);
 * assertEquals(sanitizeValue(n, "7"), 1.5);
 * assertEquals(sanitizeValue(n, "abc"), undefined);
 * ```
 */
export function sanitizeValue(
  control: Control,
  raw: unknown,
): number | string | undefined {
  if (control.kind === "select") {
    const value = String(raw ?? "");
    return control.options.some((option) => option.value === value)
      ? value
      : undefined;
  }
  if (typeof raw !== "number" && typeof raw !== "string") return undefined;
  if (typeof raw === "string" && raw.trim() === "") return undefined;
  let value = Number(raw);
  if (!Number.isFinite(value)) return undefined;
  if (control.step !== "any") {
    const { min, step } = control;
    value = min + Math.round((value - min) / step) * step;
    // Rounding leaves binary noise (0.1 + 0.2): keep the step's decimals only.
    value = Number(value.toFixed(decimalsOf(step)));
  }
  value = Math.min(control.max, Math.max(control.min, value));
  // No negative zero: it would print as "−0" and read back as 0 anyway.
  return value === 0 ? 0 : value;
}

/** The number of decimals of a step: 0.01 → 2, 5 → 0, 2.5e-3 → 4. */
function decimalsOf(step: number): number {
  const [mantissa, exponent] = step.toExponential().split("e");
  const digits = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, digits - Number(exponent));
}

/**
 * Settings from untrusted values: every control gets its value from `raw` if
 * that value is usable, else from `fallback` (the defaults unless given).
 * Unknown keys are ignored.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sanitizeSettings } from "./_controls.ts";
 * const controls = [
 *   { kind: "range" as const, name: "n", label: "n", min: 0, max: 9, step: 1, default: 3 },
 *   { kind: "select" as const, name: "f", label: "f", options: [{ value: "a", label: "A" }], default: "a" },
 * ];
 * const explorer = { fieldsets: [{ legend: "", controls }] };
 * assertEquals(sanitizeSettings(explorer, { n: "12", f: "zzz", other: 1 }), { n: 9, f: "a" });
 * ```
 */
export function sanitizeSettings<S extends Settings>(
  explorer: Pick<Explorer<S>, "fieldsets">,
  raw: Record<string, unknown>,
  fallback: S = defaultSettings(explorer),
): S {
  const settings = { ...fallback } as Settings;
  for (const control of controlsOf(explorer)) {
    if (!Object.hasOwn(raw, control.name)) continue;
    const value = sanitizeValue(control, raw[control.name]);
    if (value !== undefined) settings[control.name] = value;
  }
  return settings as S;
}

/**
 * Settings from a query string (`"?n=5&f=b"`, with or without the `?`): the
 * first value of each known key, sanitized; everything else is ignored.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { settingsFromQuery } from "./_controls.ts";
 * const controls = [{ kind: "range" as const, name: "n", label: "n", min: 0, max: 9, step: 1, default: 3 }];
 * const explorer = { fieldsets: [{ legend: "", controls }] };
 * assertEquals(settingsFromQuery(explorer, "?n=5&n=6&x=1"), { n: 5 });
 * assertEquals(settingsFromQuery(explorer, "?n=%3Cscript%3E"), { n: 3 });
 * ```
 */
export function settingsFromQuery<S extends Settings>(
  explorer: Pick<Explorer<S>, "fieldsets">,
  query: string,
): S {
  const params = new URLSearchParams(query);
  const raw: Record<string, string> = {};
  for (const control of controlsOf(explorer)) {
    const value = params.get(control.name);
    if (value !== null) raw[control.name] = value;
  }
  return sanitizeSettings(explorer, raw);
}

/**
 * The query string (without `?`) of the settings that differ from the
 * defaults, in form order: `""` for the default setting, so that its URL
 * stays the page's own.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { settingsToQuery } from "./_controls.ts";
 * const controls = [
 *   { kind: "range" as const, name: "n", label: "n", min: 0, max: 9, step: 1, default: 3 },
 *   { kind: "range" as const, name: "x", label: "x", min: -1, max: 1, step: 0.5, default: 0 },
 * ];
 * const explorer = { fieldsets: [{ legend: "", controls }] };
 * assertEquals(settingsToQuery(explorer, { n: 3, x: -0.5 }), "x=-0.5");
 * assertEquals(settingsToQuery(explorer, { n: 3, x: 0 }), "");
 * ```
 */
export function settingsToQuery<S extends Settings>(
  explorer: Pick<Explorer<S>, "fieldsets">,
  settings: S,
): string {
  const params = new URLSearchParams();
  // The controls of a group that does not apply (the entries of W while it
  // is given by its eigenvalues) stay out: a link carries what is shown.
  for (const fieldset of explorer.fieldsets) {
    if (!fieldsetApplies(fieldset, settings)) continue;
    for (const control of fieldset.controls) {
      const value = settings[control.name];
      if (value !== undefined && value !== control.default) {
        params.set(control.name, String(value));
      }
    }
  }
  return params.toString();
}

/**
 * Whether a fieldset applies to the given settings (see `Fieldset.when`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { fieldsetApplies } from "./_controls.ts";
 * const fieldset = { legend: "", controls: [], when: { name: "mode", value: "eigen" } };
 * assertEquals(fieldsetApplies(fieldset, { mode: "matrix" }), false);
 * ```
 */
export function fieldsetApplies(
  fieldset: Fieldset,
  settings: Settings,
): boolean {
  return !fieldset.when ||
    settings[fieldset.when.name] === fieldset.when.value;
}
