/**
 * The results of every exercise script, computed once per build: `results`
 * (all of them, keyed by id) in every page and `r` (its own exercise's) in a
 * page whose front matter names an `exercise` (or, on an explorer's page, an
 * `explorer`). Also writes `/results.json`.
 *
 * With `dependsOn`, the results are kept in the build cache (`cache.ts`):
 * while the code does not change, a build reads them instead of importing
 * and running the scripts.
 *
 * A page naming an exercise that has no results, a script that throws, and a
 * result that is not plain JSON (NaN, Infinity) are build errors that name
 * the page or the script.
 *
 * @module
 */
import { fill, stringsOf } from "./multilanguage.ts";
import { BuildError, type Site, timeLimit } from "../core/site.ts";
import { fileFrontMatterLine } from "../core/page.ts";
import { fromFileUrl, relative } from "@std/path";
import {
  CachedMap,
  type CodeFiles,
  codeFiles,
  codeFingerprint,
  type Dependency,
  fingerprint,
} from "../core/cache.ts";
import {
  computeInWorkers,
  type Listed,
  type Outcome,
  ScriptTimeout,
} from "../core/parallel.ts";
import { numHtml } from "./numbers.ts";
import { escapeHtml, exactText, formatNumberHtml } from "./_format.ts";

/** A script whose results the site shows. */
export interface ResultSource {
  /** Its id: the key of its results, named by pages' `exercise:`. */
  id: string;
  /** Computes its results (plain JSON). */
  compute(): unknown;
  /** Its path, when it is not `<scripts>/<id>.ts`. */
  source?: string;
}

/** Options of the results plugin. */
export interface ResultsOptions {
  /** The scripts, in catalogue order (computed in this thread). */
  exercises?: ResultSource[];
  /**
   * Or the URL of the module that lists them as `RESULT_SOURCES`
   * (`scripts/results.ts`): then they are computed in parallel, in worker
   * threads (`parallel.ts`), and a build whose results are in the build
   * cache does not load them (nor mathjs) at all.
   */
  module?: string;
  /** How many worker threads compute, with `module`: one per core. */
  workers?: number;
  /**
   * What the results depend on besides the scripts: `deno.json` and
   * `deno.lock`, this plugin. When given, the results are kept in the build
   * cache under a fingerprint of these and of the scripts (with `module`,
   * that module and all it imports), and reused while none of them changes.
   * With `module`, each script's result is also kept on its own, under a
   * fingerprint of the script and what it imports: after an edit to one
   * script, only the scripts that import what changed are computed.
   */
  dependsOn?: Dependency[];
  /** Where the exercise scripts live, for messages. */
  scripts?: string;
  /** URL of the JSON file with every result. */
  json?: string;
}

/** What the results plugin computes, or reads from the cache. */
interface Computed {
  /** Every result, keyed by id. */
  results: Record<string, unknown>;
  /** The ids, in catalogue order. */
  ids: string[];
  /** The script of each id. */
  sources: Record<string, string>;
}

/** The note of how long each script took; nothing if none or damaged. */
function parseTimes(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  try {
    const times = JSON.parse(text);
    if (times && typeof times === "object" && !Array.isArray(times)) {
      return Object.fromEntries(
        Object.entries(times).filter(([, ms]) => typeof ms === "number"),
      ) as Record<string, number>;
    }
  } catch {
    // A damaged note only loses the order.
  }
  return {};
}

/** The note of the scripts listed last time; nothing if none or damaged. */
function parseListing(text: string | undefined): Listed[] | undefined {
  if (text === undefined) return undefined;
  try {
    const listed = JSON.parse(text);
    if (
      Array.isArray(listed) && listed.every((e) =>
        typeof e?.id === "string" &&
        (e.source === undefined || typeof e.source === "string")
      )
    ) return listed;
  } catch {
    // A damaged note only costs a thread started for nothing.
  }
  return undefined;
}

/** Whether a kept result is there and is JSON (a damaged one is missing). */
function parses(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether any of `pages` shows results: names an `exercise` or an
 * `explorer` in its front matter, or is the results page (`/results/`, which
 * the layout links to when it exists). A folder of plain pages has none,
 * and its build computes no results (nor what is made from them: the
 * results' and errata's pages, the scripts' pages, the explorers' bundle,
 * the source archive).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { showsResults } from "./results.ts";
 * assert(showsResults([{ url: "/a/", data: { exercise: "rnn-1a" } }]));
 * assert(showsResults([{ url: "/results/", data: {} }]));
 * assert(!showsResults([{ url: "/a/", data: { title: "Plain" } }]));
 * ```
 */
export function showsResults(
  pages: { url: string; data: Record<string, unknown> }[],
): boolean {
  return pages.some((page) =>
    page.data.exercise !== undefined || page.data.explorer !== undefined ||
    page.url === "/results/"
  );
}

/** Compute the results and hand them to the pages. */
export function results(options: ResultsOptions) {
  const { exercises, module, workers, dependsOn, scripts, json } = {
    scripts: "scripts/exercises",
    json: "/results.json",
    workers: navigator.hardwareConcurrency || 1,
    ...options,
  };
  const sourceOf = (e: { id: string; source?: string }) =>
    e.source ?? `${scripts}/${e.id}.ts`;
  // The module's file, whose code (and what it imports) the results are made of.
  const modulePath = module?.startsWith("file:")
    ? relative(".", fromFileUrl(module))
    : undefined;
  /**
   * The key of each script's own result: the fingerprint of the script,
   * what it imports, and what of the module's code is no script's (the
   * lists of scripts), with `dependsOn`.
   */
  const scriptKeys = async (
    listed: Listed[],
    // The scripts share most of their modules: each file is read once.
    files: CodeFiles,
  ): Promise<[string, string][]> => {
    const graphs = await Promise.all(
      listed.map((e) => files.graph(sourceOf(e))),
    );
    const ofScripts = new Set(graphs.flat());
    const shared = (modulePath ? await files.graph(modulePath) : [])
      .filter((file) => !ofScripts.has(file));
    return await Promise.all(
      listed.map(async (e, i): Promise<[string, string]> => [
        e.id,
        `${e.id} ${await fingerprint(
          [...dependsOn!, ...shared, ...graphs[i]],
          files,
        )}`,
      ]),
    );
  };
  const load = async (site: Site): Promise<Computed> => {
    if (module) {
      // How long each script took last time, so that the longest start first.
      const times = parseTimes(await site.cache.readNote("script-times"));
      // Each script's own result, kept under `<id> <fingerprint>`.
      const kept = new CachedMap(site, "script-results", dependsOn);
      await kept.load();
      const keys = new Map<string, string>();
      const files = codeFiles(site);
      const missing = (listed: Listed[]) =>
        scriptKeys(listed, files).then((found) =>
          found.filter(([, key]) => !parses(kept.get(key)))
        );
      // The scripts the last build listed, a hint: how many of them the
      // cache lacks is how many threads are worth starting (each loads
      // every script and mathjs) before the scripts are listed again.
      const hint = dependsOn &&
        parseListing(await site.cache.readNote("script-list"));
      const { listed, outcomes, milliseconds } = await computeInWorkers(
        module,
        workers,
        {
          longestFirst: times,
          timeout: timeLimit(site.options, "scriptTimeout") * 1000,
          expected: hint && missing(hint).then((found) => found.length),
          // Without dependsOn nothing is kept, and every script runs.
          select: dependsOn && (async (listed) => {
            for (const [id, key] of await scriptKeys(listed, files)) {
              keys.set(id, key);
            }
            return new Set(
              listed.map((e) => e.id).filter((id) =>
                !parses(kept.get(keys.get(id)!))
              ),
            );
          }),
        },
      ).catch((error) => {
        if (error instanceof ScriptTimeout) {
          throw new BuildError(
            `${error.message} (raise scriptTimeout in _config.ts or --script-timeout SECONDS)`,
            sourceOf(error.script),
            undefined,
            { cause: error },
          );
        }
        throw new BuildError(error.message, module.replace(/^file:\/\//, ""));
      });
      await site.cache.writeNote(
        "script-times",
        JSON.stringify({ ...times, ...Object.fromEntries(milliseconds) }),
      );
      if (dependsOn) {
        await site.cache.writeNote("script-list", JSON.stringify(listed));
      }
      const all = listed.map((e): [Listed, Outcome] => {
        const outcome = outcomes.get(e.id);
        if (outcome) return [e, outcome];
        return [e, { result: JSON.parse(kept.get(keys.get(e.id)!)!) }];
      });
      // Keep what was computed and is good, even if another script failed.
      for (const [e, outcome] of all) {
        if (
          dependsOn && outcomes.has(e.id) && "result" in outcome &&
          !findNonJson(outcome.result, e.id)
        ) {
          kept.set(keys.get(e.id)!, JSON.stringify(outcome.result));
        }
      }
      await kept.store();
      return {
        results: checked(all),
        ids: listed.map((e) => e.id),
        sources: Object.fromEntries(listed.map((e) => [e.id, sourceOf(e)])),
      };
    }
    const list = exercises ?? [];
    return {
      results: checked(list.map((e) => [e, outcome(e)])),
      ids: list.map((e) => e.id),
      sources: Object.fromEntries(list.map((e) => [e.id, sourceOf(e)])),
    };
  };
  /** The results by id, or the error of the first script that failed. */
  const checked = (
    outcomes: [{ id: string; source?: string }, Outcome][],
  ): Record<string, unknown> => {
    const all: Record<string, unknown> = {};
    for (const [exercise, outcome] of outcomes) {
      if ("error" in outcome) {
        throw new BuildError(
          `compute() throws: ${outcome.error}`,
          sourceOf(exercise),
        );
      }
      const bad = findNonJson(outcome.result, exercise.id);
      if (bad) {
        throw new BuildError(
          `result ${bad.path} is ${bad.value}: results must be plain JSON (no NaN, Infinity or undefined)`,
          sourceOf(exercise),
        );
      }
      all[exercise.id] = outcome.result;
    }
    return all;
  };
  return (site: Site) => {
    // Run in other threads: the pages see only the results it computes.
    if (module?.startsWith("file:")) site.dataModules.add(fromFileUrl(module));
    // A page is rendered again only when the results it read changed.
    site.keyedData.add("results");
    // Results depend only on the code, which cannot change within a process:
    // compute them once (a `serve` restarts the builder when scripts change).
    let computed: Computed | undefined;
    let shown = false;
    site.addEventListener("beforeBuild", async () => {
      // Only pages loaded from the folder count: the pages plugins add are
      // made from the results.
      shown = showsResults(site.pages);
      if (!shown) {
        site.globalData.results = {};
        site.globalData.exerciseIds = [];
        site.globalData.resultSources = {};
        return;
      }
      if (computed) return publish(computed);
      const key = dependsOn && await codeFingerprint(
        site,
        modulePath ? [...dependsOn, { module: modulePath }] : dependsOn,
      );
      const text = key && await site.cache.read("results", key);
      if (text) {
        try {
          const parsed = JSON.parse(text) as Computed;
          // Only an entry of the right shape counts (a damaged one, `{}`
          // say, is missing: computed again and overwritten below).
          if (
            parsed && typeof parsed.results === "object" &&
            parsed.results !== null && Array.isArray(parsed.ids) &&
            parsed.ids.every((id) => Object.hasOwn(parsed.results, id)) &&
            typeof parsed.sources === "object" && parsed.sources !== null
          ) computed = parsed;
        } catch {
          // A damaged entry: compute again (and overwrite it below).
        }
      }
      if (!computed) {
        const json = JSON.stringify(await load(site));
        if (key) await site.cache.write("results", key, json);
        // Pages see the results as JSON has them (-0 is 0, …) whether they
        // were computed now or read from the cache: the output is the same.
        computed = JSON.parse(json) as Computed;
      }
      publish(computed);
    });
    // The file of every result, written once per process (it is large, and
    // a `serve` rebuild should not spend its time on it).
    let file: string | undefined;
    const publish = (computed: Computed) => {
      site.globalData.results = computed.results;
      site.globalData.exerciseIds = computed.ids;
      site.globalData.resultSources = computed.sources;
      file ??= JSON.stringify(computed.results, null, 2) + "\n";
      site.write(json, file);
    };
    site.filter("resultRows", (value: unknown) => resultRows(value));
    // On a page of another language, a summary in its words (`summary-*`
    // of the chrome's words).
    site.filter(
      "resultHtml",
      function (this: { data: { lang?: string } }, row: ResultRow) {
        const t = stringsOf(site, this.data.lang);
        return resultHtml(
          row.kind === "summary"
            ? { ...row, value: summaryIn(String(row.value), t) }
            : row,
          6,
          t["summary-in-json"],
        );
      },
    );
    site.preprocess((pages) => {
      if (!shown) return;
      const cached = computed!.results;
      for (const page of pages) {
        const key = page.data.exercise !== undefined ? "exercise" : "explorer";
        const id = page.data[key];
        if (id === undefined) continue;
        if (typeof id !== "string" || !Object.hasOwn(cached, id)) {
          throw new BuildError(
            `${key} "${id}" has no results: there is no script ${
              key === "exercise"
                ? `${scripts}/${id}.ts listed in ${scripts}/mod.ts EXERCISES`
                : `scripts/explorers/${id}.ts listed in scripts/explorers/mod.ts EXPLORERS`
            } (known: ${Object.keys(cached).join(", ") || "none"})`,
            page.src,
            fileFrontMatterLine(page.src, key),
          );
        }
        page.data.r = cached[id];
      }
      // An exercise without a page is not an error while the notes grow.
      const withPage = new Set(
        site.pages.map((page) => page.data.exercise ?? page.data.explorer),
      );
      for (const id of computed!.ids) {
        if (!withPage.has(id)) site.warn(`exercise "${id}" has no page yet`);
      }
    });
  };
}

function outcome(exercise: ResultSource): Outcome {
  try {
    return { result: exercise.compute() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function findNonJson(
  value: unknown,
  path: string,
): { path: string; value: string } | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : { path, value: String(value) };
  }
  if (
    value === undefined || typeof value === "function" ||
    typeof value === "bigint"
  ) {
    return { path, value: String(value) };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      const bad = findNonJson(inner, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** One line of the results page. */
export interface ResultRow {
  /** Where the value is in the exercise's results: `W30[1][0]`, `eig.values`. */
  path: string;
  /** How to show it. */
  kind: "number" | "vector" | "matrix" | "text" | "boolean" | "summary";
  /** The value (numbers, vectors and matrices), or the text to show. */
  value: unknown;
}

/**
 * Flatten one exercise's results into rows for the results page: numbers,
 * small vectors and matrices as they are, long arrays and tables of records
 * summarised (they are in `/results.json` and the charts' CSV files).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { resultRows } from "./results.ts";
 * assertEquals(resultRows({ a: 1, b: { c: [1, 2] } }), [
 *   { path: "a", kind: "number", value: 1 },
 *   { path: "b.c", kind: "vector", value: [1, 2] },
 * ]);
 * ```
 */
export function resultRows(value: unknown, path = ""): ResultRow[] {
  const isNumber = (x: unknown) => typeof x === "number";
  const isScalar = (x: unknown) =>
    typeof x === "number" || typeof x === "string";
  if (typeof value === "number") return [{ path, kind: "number", value }];
  if (typeof value === "boolean") {
    return [{ path, kind: "boolean", value: value ? "true" : "false" }];
  }
  if (typeof value === "string") {
    return value.length <= 100 ? [{ path, kind: "text", value }] : [{
      path,
      kind: "summary",
      value: `text of ${value.length} characters`,
    }];
  }
  if (value === null || value === undefined) {
    return [{ path, kind: "text", value: "null" }];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return [{ path, kind: "summary", value: "empty list" }];
    }
    if (value.every(isScalar) && value.some(isNumber)) {
      return value.length <= 12
        ? [{ path, kind: "vector", value }]
        : [{ path, kind: "summary", value: `${value.length} numbers` }];
    }
    if (
      value.every((row) =>
        Array.isArray(row) && row.length > 0 && row.every(isScalar)
      )
    ) {
      const rows = value as unknown[][];
      const columns = Math.max(...rows.map((row) => row.length));
      const longest = Math.max(...rows.flat().map((x) => String(x).length));
      return rows.length <= 8 && columns <= 8 && longest <= 24
        ? [{ path, kind: "matrix", value }]
        : [{
          path,
          kind: "summary",
          value: `${rows.length} × ${columns} matrix`,
        }];
    }
    if (value.every((x) => typeof x === "string")) {
      return [{ path, kind: "text", value: value.join(", ") }];
    }
    if (value.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      if (value.length <= 6) {
        return value.flatMap((x, i) => resultRows(x, `${path}[${i}]`));
      }
      return [{
        path,
        kind: "summary",
        value: `table of ${value.length} records`,
      }];
    }
    return [{ path, kind: "summary", value: `list of ${value.length} items` }];
  }
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap((
      [key, inner],
    ) => resultRows(inner, path ? `${path}.${key}` : key));
  }
  return [{ path, kind: "text", value: String(value) }];
}

/**
 * A row's value as one line of HTML for a table cell: numbers (6 significant
 * digits, marked like every number of the site), vectors as `(a, b)`,
 * matrices as a small grid, text as code. Pipes are escaped so that the cell
 * stays one cell of a Markdown table (and the other characters Markdown
 * would read, `$ * _ \` \\ [ ]`, as entities).
 */
export function resultHtml(
  row: ResultRow,
  digits = 6,
  inJson = ", in results.json",
): string {
  // Entries of vectors and matrices are plain text (one element each, not
  // three): the page lists thousands of them.
  const plain = (x: unknown) =>
    typeof x === "number"
      ? formatNumberHtml(x, digits)
      : escapeHtml(exactText(String(x)));
  // The full values, in order, for readers and for the tests (like `data-num`);
  // lists with exact values (strings such as "29/50") are marked as such.
  const marks = (xs: unknown[]) =>
    xs.every((x) => typeof x === "number")
      ? ` data-nums="${xs.join(" ")}" data-digits="${digits}"`
      : " data-exact";
  let html: string;
  switch (row.kind) {
    case "number":
      html = numHtml(row.value, digits);
      break;
    case "vector":
      html = `<span class="vector"${marks(row.value as unknown[])}>(${
        (row.value as unknown[]).map(plain).join(", ")
      })</span>`;
      break;
    case "matrix": {
      const rows = row.value as unknown[][];
      const columns = Math.max(...rows.map((r) => r.length));
      html =
        `<span class="matrix" style="--columns: ${columns}"${
          marks(rows.flat())
        }>` +
        rows.flatMap((r) => r.map((x) => `<span>${plain(x)}</span>`)).join("") +
        "</span>";
      break;
    }
    case "summary":
      html = `<em>${escapeHtml(String(row.value))}${escapeHtml(inJson)}</em>`;
      break;
    default:
      html = `<code>${escapeHtml(String(row.value))}</code>`;
  }
  // Markdown must leave the cell alone: no math, emphasis or escapes in it.
  return html.replace(/[|$*_`\\[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The summaries {@link resultRows} writes, and their keys among the words. */
const SUMMARIES: [RegExp, string][] = [
  [/^text of (\d+) characters$/, "summary-text"],
  [/^empty list$/, "summary-empty"],
  [/^(\d+) numbers$/, "summary-numbers"],
  [/^(\d+) × (\d+) matrix$/, "summary-matrix"],
  [/^table of (\d+) records$/, "summary-table"],
  [/^list of (\d+) items$/, "summary-list"],
];

/**
 * A summary of {@link resultRows} in the words `t` of a language
 * (`summary-table: "{n} 条记录的表"`), as it is without them.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { summaryIn } from "./results.ts";
 * assertEquals(summaryIn("table of 10 records", { "summary-table": "{n} 条记录的表" }), "10 条记录的表");
 * assertEquals(summaryIn("table of 10 records", {}), "table of 10 records");
 * ```
 */
export function summaryIn(summary: string, t: Record<string, string>): string {
  for (const [pattern, key] of SUMMARIES) {
    const match = pattern.exec(summary);
    if (match && t[key]) return fill(t[key], { n: match[1], m: match[2] });
  }
  return summary;
}

export default results;
