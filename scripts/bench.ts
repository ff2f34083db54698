/**
 * # `deno task bench`: how fast the build is, and how heavy the pages are
 *
 * Every figure is a whole process, measured from the outside: the bench
 * starts `deno run` with the permissions of `deno task build` (pointed at
 * folders under `.bench/`, which git ignores), several times, and reports the
 * median. It measures
 *
 * 1. a **build of the site**: a fresh process each time (Deno's module
 *    cache is warm), four times over: when nothing changed since the last
 *    build (warm: the build finds its output up to date and stops); with an
 *    empty build cache, which is what a first build is (every script runs,
 *    the explorers are bundled, every formula is typeset); and, in a copy of
 *    the project (`.bench/project/`, built there as the project is: the
 *    bench edits none of your files), after an edit to one page (that page
 *    is rendered, the others' renders reused) and after an edit to the text
 *    of the exercise script that takes longest (it runs again, its page is
 *    rendered again, the pages whose data is the same are not); with the
 *    CPU time (user and system) of each beside its wall time;
 * 2. a **one-page rebuild in `serve`**: `deno task serve` in a copy of the
 *    project (`.bench/serve/`), as an author runs it (the page edited is in
 *    the project, so the source archive repacks its folder); the bench edits
 *    one page and waits for the reload event that the open browser tabs
 *    receive (the time a writer waits), and reads the builder's own figure
 *    from the server's log;
 * 3. a **build of 1,000 plain Markdown pages** that the bench writes itself
 *    (headings, paragraphs, a little inline and display math), with the
 *    site's layouts and the engine's plugins (math, Markdown, templates,
 *    navigation, search index, link check) but no exercise scripts, in pages
 *    per second, with the search index and without it (`--no-search`); and,
 *    when `hugo` is on the PATH (Debian's package), the same pages built by
 *    Hugo with a theme-less layout like ours (written into
 *    `.bench/fixture/hugo/`), alone and followed by the Pagefind CLI of
 *    `node_modules` on its output, in turn with this build's runs on the
 *    same disk, with the two ratios the goals of issue 16 are stated in (a
 *    missing Hugo skips those rows with a note);
 * 4. what the **layout engine of the diagrams** costs: a fresh process that
 *    loads Graphviz (WebAssembly) and draws every diagram as the build does
 *    (`scripts/diagrams/layout_cost.ts`, which times loading and layout
 *    apart from computing the results they are drawn from); a build pays it
 *    only for diagrams its cache lacks;
 *
 * with the peak memory of each build (the largest resident set of the build
 * process and the indexer it runs, by GNU time's `%M`, where `/usr/bin/time`
 * is installed), and the **weight
 * of each page** of the site: its HTML plus the CSS it links (fonts left
 * out), and any script it loads. Budgets are goals to compare against, not
 * assertions. It prints a table and writes everything as JSON to
 * `.bench/results.json`.
 *
 * ```sh
 * deno task bench              # 5 runs of each
 * deno task bench --runs 9     # more runs
 * deno task bench --only pages # one part: site, serve, pages, diagrams or weights
 * ```
 *
 * @module
 */
import { textLines } from "./site/serve.ts";
import { dirname, join, relative, resolve, SEPARATOR } from "@std/path";
import { buildCommand } from "./site/core/permissions.ts";
import { walk } from "./site/core/site.ts";
import { pagefindBinary } from "./site/plugins/pagefind.ts";
import { PROJECT_PATHS } from "./site/plugins/source_archive.ts";

/** Goals from issues 6 and 16, compared against, never asserted. */
export const BUDGETS = {
  /** A cold build of the whole site, milliseconds. */
  siteBuildMs: 2000,
  /** A build of the site when nothing changed since the last, milliseconds. */
  siteWarmMs: 600,
  /** A build of the site after an edit to one page, milliseconds. */
  siteOnePageMs: 400,
  /** Edit one page in `serve` until the page reloads, milliseconds. */
  rebuildMs: 150,
  /** A cold build of 1,000 plain pages, milliseconds. */
  thousandPagesMs: 1500,
  /** HTML plus CSS of one page, fonts left out, bytes. */
  pageBytes: 100 * 1024,
};

/** What one measured process did. */
export interface Run {
  /** Wall time of the whole process, milliseconds. */
  ms: number;
  /** Peak resident memory, KiB, where `/proc` tells it. */
  peakKib?: number;
  /**
   * CPU time (user and system) of the process and what it waited for,
   * milliseconds, by GNU time: on a machine other jobs load, it says more
   * than the wall time.
   */
  cpuMs?: number;
  /** The build's own report (`--json`), when it gave one. */
  report?: { pages: number; stages: Record<string, number> };
}

/** The median of some numbers (the mean of the middle two when even). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** GNU time, which reports the peak memory of what it runs, if installed. */
const GNU_TIME = "/usr/bin/time";
const hasGnuTime = await new Deno.Command(GNU_TIME, {
  args: ["-f", "%M", "true"],
  stdout: "null",
  stderr: "null",
}).output().then((output) => output.success, () => false);

/**
 * Run `deno <args>` to the end; time it, and take its peak resident memory
 * (the largest of it and of the processes it ran, as the kernel counts it)
 * from GNU time when there is one.
 */
async function measure(
  args: string[],
  program = Deno.execPath(),
  { cwd }: { cwd?: string } = {},
): Promise<Run> {
  const started = performance.now();
  const output = await new Deno.Command(
    hasGnuTime ? GNU_TIME : program,
    {
      args: hasGnuTime
        ? ["-f", "peak-kib %M\ncpu-s %U %S", program, ...args]
        : args,
      cwd,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    },
  ).output();
  const ms = performance.now() - started;
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new Error(`${program} ${args.join(" ")} failed:\n${stderr}`);
  }
  const peak = /^peak-kib (\d+)$/m.exec(stderr);
  const cpu = /^cpu-s ([\d.]+) ([\d.]+)$/m.exec(stderr);
  const json = stdout.split("\n").find((line) => line.startsWith("{"));
  return {
    ms,
    peakKib: peak ? Number(peak[1]) : undefined,
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined,
    report: json ? JSON.parse(json) : undefined,
  };
}

/** Summary of several runs of one thing. */
export interface Summary {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  peakKib?: number;
  /** The median CPU time (user and system), by GNU time. */
  cpuMedianMs?: number;
  /** The median time of each stage of the build, by the build's report. */
  stagesMs?: Record<string, number>;
}

function summarize(runs: Run[]): Summary {
  const times = runs.map((run) => run.ms);
  const peaks = runs.map((run) => run.peakKib).filter((p) => p !== undefined);
  const summary: Summary = {
    runs: runs.length,
    medianMs: Math.round(median(times)),
    minMs: Math.round(Math.min(...times)),
    maxMs: Math.round(Math.max(...times)),
  };
  if (peaks.length) summary.peakKib = Math.max(...peaks as number[]);
  const cpus = runs.map((run) => run.cpuMs).filter((ms) => ms !== undefined);
  if (cpus.length) summary.cpuMedianMs = Math.round(median(cpus as number[]));
  const reports = runs.map((run) => run.report).filter((r) => r !== undefined);
  if (reports.length) {
    summary.stagesMs = Object.fromEntries(
      Object.keys(reports[0]!.stages).map((stage) => [
        stage,
        Math.round(median(reports.map((r) => r!.stages[stage] ?? 0))),
      ]),
    );
  }
  return summary;
}

async function copyTree(from: string, to: string): Promise<void> {
  for await (const file of walk(from)) {
    const target = join(to, relative(from, file));
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.copyFile(file, target);
  }
}

/**
 * A copy of the project in `to` (made afresh): what the source archive
 * holds, which is all a build reads, and its packages, installed from
 * Deno's cache (`deno install`, which links them: a fraction of a second).
 */
async function copyProject(to: string): Promise<string> {
  await Deno.remove(to, { recursive: true }).catch(() => {});
  for (const path of PROJECT_PATHS) {
    const info = await Deno.stat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory) await copyTree(path, join(to, path));
    else {
      await Deno.mkdir(dirname(join(to, path)), { recursive: true });
      await Deno.copyFile(path, join(to, path));
    }
  }
  const install = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet"],
    cwd: to,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!install.success) {
    throw new Error(
      `deno install in ${to} failed:\n${
        new TextDecoder().decode(install.stderr)
      }`,
    );
  }
  return resolve(to);
}

// ## 1. A cold build of the site

/** What the site benchmark reports: cold processes, with and without cache. */
export interface SiteSummary extends Summary {
  /**
   * The same with an empty build cache (but for its notes), as a first build
   * is: every script runs, the explorers are bundled, every formula is
   * typeset, every chart drawn.
   */
  emptyCache: Summary;
  /**
   * A build of the copy of the project after a line is added to the prose of
   * one exercise script (the one that took longest, the worst case), which
   * leaves its results the same.
   */
  oneScriptEdited: Summary & { script: string };
  /**
   * A build of the copy of the project after an edit to one page: the other
   * pages' renders are reused.
   */
  onePageEdited: Summary & { page: string };
}

/**
 * Build the site `runs` times, each in a fresh process: with the build cache
 * the previous build left (what a build after editing pages is), then with an
 * empty one.
 */
async function benchSite(work: string, runs: number): Promise<SiteSummary> {
  const dest = join(work, "site");
  const cache = join(work, "cache");
  const emptyCache = join(work, "cache-empty");
  // Fill the cache first: the measured builds find what they need in it.
  await measure(buildCommand({ dest, cache }, ["--json"]));
  const warm: Run[] = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await measure(buildCommand({ dest, cache }, ["--json"])));
  }
  const cold: Run[] = [];
  for (let i = 0; i < runs; i++) {
    // After a code change every entry misses; what is left is the notes the
    // previous build kept whatever the code (how long each script took).
    await Deno.remove(emptyCache, { recursive: true }).catch(() => {});
    await Deno.mkdir(emptyCache);
    for await (const entry of Deno.readDir(cache)) {
      if (entry.name.endsWith(".note")) {
        await Deno.copyFile(
          join(cache, entry.name),
          join(emptyCache, entry.name),
        );
      }
    }
    cold.push(
      await measure(buildCommand({ dest, cache: emptyCache }, ["--json"])),
    );
  }
  // The edits are made to a copy of the project, which builds as the
  // project does (its own `_site/` and `_cache/`): the bench edits none of
  // your files.
  const project = await copyProject(join(work, "project"));
  const inProject = { cwd: project };
  // The state the edits start from: a build of the copy, with its cache.
  await copyTree(cache, join(project, "_cache"));
  await measure(buildCommand({}, ["--json"]), undefined, inProject);
  // One exercise edited: its script's text, a line of its prose added (its
  // results stay the same). The script runs again, its page is rendered
  // again and, its text being searched, both languages' indexes are made
  // again; the other pages are not rendered.
  const script = await longestScript(cache);
  const scriptFile = join(project, "scripts", "exercises", `${script}.ts`);
  const scriptText = await Deno.readTextFile(scriptFile);
  const edited: Run[] = [];
  for (let i = 0; i < runs; i++) {
    await Deno.writeTextFile(
      scriptFile,
      `${scriptText}\n// Edited by the bench, run ${i + 1}.\n`,
    );
    edited.push(
      await measure(buildCommand({}, ["--json"]), undefined, inProject),
    );
  }
  // One page edited, in the copy too.
  const page = "bptt/rnn-1a.md";
  const pageFile = join(project, "content", page);
  const original = await Deno.readTextFile(pageFile);
  const pageEdited: Run[] = [];
  for (let i = 0; i < runs; i++) {
    await Deno.writeTextFile(
      pageFile,
      `${original}\nEdited by the bench, run ${i + 1}.\n`,
    );
    pageEdited.push(
      await measure(buildCommand({}, ["--json"]), undefined, inProject),
    );
  }
  return {
    ...summarize(warm),
    emptyCache: summarize(cold),
    oneScriptEdited: { ...summarize(edited), script },
    onePageEdited: { ...summarize(pageEdited), page },
  };
}

/** The script that took longest, by the note the last build left. */
async function longestScript(cache: string): Promise<string> {
  const times: Record<string, number> = JSON.parse(
    await Deno.readTextFile(join(cache, "script-times.note")),
  );
  return Object.entries(times).sort((a, b) => b[1] - a[1])[0][0];
}

// ## 2. A one-page rebuild in `serve`

/** What the serve benchmark reports. */
export interface ServeSummary {
  /** Edit saved → reload event received by a browser tab. */
  editToReload: Summary;
  /** The builder's own time for that rebuild, by the server's log. */
  builderMedianMs: number;
  /** How the server rebuilds, in a sentence. */
  how: string;
}

async function benchServe(work: string, runs: number): Promise<ServeSummary> {
  // `deno task serve` in a copy of the project, as an author runs it: the
  // edited page is in the project, so the source archive repacks its folder
  // (the bench edits none of your files). Its build cache is the one the
  // site's benchmark filled, if it ran.
  await Deno.remove(join(work, "serve"), { recursive: true }).catch(() => {});
  const project = await copyProject(join(work, "serve"));
  const cache = join(work, "cache");
  if (await Deno.stat(cache).then(() => true, () => false)) {
    await copyTree(cache, join(project, "_cache"));
  }
  const page = join(project, "content", "bptt", "rnn-1a.md");
  const original = await Deno.readTextFile(page);

  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const config = JSON.parse(await Deno.readTextFile("deno.json"));
  const flags = (config.tasks.serve as string).split(/\s+/).filter((word) =>
    word.startsWith("--allow-")
  );
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...flags,
      "scripts/site/cli.ts",
      "serve",
      "--port",
      String(port),
    ],
    cwd: project,
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const log = textLines(server.stdout)[Symbol.asyncIterator]();
  const nextLine = async (pattern: RegExp) => {
    for (;;) {
      const { value, done } = await log.next();
      if (done) throw new Error("the server stopped");
      const match = pattern.exec(value);
      if (match) return match;
    }
  };
  const times: Run[] = [];
  const builder: number[] = [];
  try {
    await nextLine(/^serving /);
    const events = await fetch(`http://127.0.0.1:${port}/_serve/events`);
    const eventLines = textLines(events.body!)[Symbol.asyncIterator]();
    const nextEvent = async () => {
      for (;;) {
        const { value, done } = await eventLines.next();
        if (done) throw new Error("the event stream ended");
        if (value.startsWith("event: ")) return value.slice(7);
      }
    };
    for (let i = 0; i < runs; i++) {
      // Let the watcher settle, then save an edit, as an editor does.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const started = performance.now();
      await Deno.writeTextFile(
        page,
        `${original}\nAn edit made by the benchmark (${i + 1}).\n`,
      );
      const event = await nextEvent();
      const ms = performance.now() - started;
      if (event !== "reload") throw new Error(`the rebuild failed (${event})`);
      times.push({ ms });
      builder.push(Number((await nextLine(/^built \d+ pages in (\d+) ms/))[1]));
    }
    await events.body?.cancel().catch(() => {});
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await Deno.writeTextFile(page, original);
  }
  return {
    editToReload: summarize(times),
    builderMedianMs: Math.round(median(builder)),
    how: SERVE_MODE,
  };
}

/** How `serve` rebuilds, as the engine does it (say it with the figure). */
const SERVE_MODE =
  "a builder process that keeps its modules, the results, typeset formulas, " +
  "rendered scripts and its last build in memory, told which files changed, " +
  "re-renders only the pages whose inputs changed, writes only the files " +
  "whose content changed (hard links for the rest), and refreshes the " +
  "search index in the background after the reload";

// ## 3. 1,000 plain Markdown pages

/** The text of plain page number `i` (1-based) of the fixture. */
export function plainPage(i: number): string {
  const n = i % 7 + 2;
  return `---
title: Plain page ${i}
---

## The recurrence

A recurrent network keeps a state $h_t$ and updates it with the same weights
at every step, $h_t = \\tanh(W h_{t-1} + U x_t)$, so that the gradient of a
loss at step ${n * 10} with respect to $h_0$ is a product of ${n * 10}
Jacobians.

$$
\\frac{\\partial h_t}{\\partial h_k} = \\prod_{j=k+1}^{t}
  \\operatorname{diag}\\bigl(1 - h_j^2\\bigr) W \\label{product}
$$

## What the product does

When every factor of \\eqref{product} has a norm below ${n / 10}, the product
shrinks like $(${n / 10})^{t-k}$; when the norms are above one, it grows.
This paragraph is here to give the page the length of a short section of the
notes: a few sentences of prose, *some emphasis*, **a strong word**, a list,

- one item with $\\lambda_${n}$,
- another with $\\|W\\|_2 < 1$,

and a last sentence that ends the page.

### A smaller heading

More prose, with [a link to the first page](/p/0001/) and to
[this equation](#eq-product).
`;
}

const FIXTURE_CONFIG =
  `// Written by scripts/bench.ts: the engine's plugins and the site's layouts,
// without the exercise scripts, for a build of plain pages.
import { Site } from "../../scripts/site/core/site.ts";
import { results } from "../../scripts/site/plugins/results.ts";
import { numbers } from "../../scripts/site/plugins/numbers.ts";
import { math } from "../../scripts/site/plugins/math.ts";
import { markdown } from "../../scripts/site/plugins/markdown.ts";
import { vento } from "../../scripts/site/plugins/vento.ts";
import { nav } from "../../scripts/site/plugins/nav.ts";
import { multilanguage } from "../../scripts/site/plugins/multilanguage.ts";
import { pagefind } from "../../scripts/site/plugins/pagefind.ts";
import { checkLinks } from "../../scripts/site/plugins/check_links.ts";

const site = new Site({ src: "content", dest: "_site", includes: "_includes" });
site.data("site", { title: "Plain pages", description: "A benchmark." });
site.data("highlightCss", "/assets/highlight.css");
export default site
  .use(results({ exercises: [] }))
  .use(numbers())
  .use(math())
  .use(markdown())
  .use(vento())
  .use(multilanguage({ languages: ["en"] }))
  .use(nav({ topics: [{ id: "plain", title: "Plain pages" }] }))
  .use(checkLinks())
  .use(pagefind())
  .copy("_includes/assets", "/assets");
`;

/** Write the fixture of `count` plain pages; returns its folder. */
export async function writeFixture(
  work: string,
  count: number,
): Promise<string> {
  const dir = join(work, "fixture");
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(dir, "content", "p"), { recursive: true });
  await Deno.writeTextFile(join(dir, "_config.ts"), FIXTURE_CONFIG);
  await Deno.writeTextFile(
    join(dir, "content", "index.md"),
    "---\ntitle: Plain pages\n---\n\nA thousand pages: [the first](/p/0001/).\n",
  );
  for (let i = 1; i <= count; i++) {
    await Deno.writeTextFile(
      join(dir, "content", "p", `${String(i).padStart(4, "0")}.md`),
      // Out of the navigation: a sidebar listing a thousand pages on each of
      // them would measure the sidebar, not the engine.
      plainPage(i).replace("---\n\n", "nav: false\n---\n\n"),
    );
  }
  return dir;
}

/**
 * Remove the search indexes a build cache keeps (`search-*`), so that the
 * next build indexes every page.
 */
async function forgetSearchIndex(cache: string): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(cache)];
  } catch {
    return; // no cache yet
  }
  for (const entry of entries) {
    if (entry.name.startsWith("search-")) {
      await Deno.remove(join(cache, entry.name));
    }
  }
}

/** What the plain-pages benchmark reports. */
export interface PagesSummary extends Summary {
  pages: number;
  pagesPerSecond: number;
  /** The same build with `--no-search` (no search index). */
  noSearch: Summary;
  /**
   * Hugo on the same pages, alone and followed by the Pagefind CLI on its
   * output (the same output as this build's: pages and a search index), run
   * in turn with this build's runs; or why not.
   */
  hugo?: { alone: Summary; withPagefind: Summary; version: string } | {
    skipped: string;
  };
}

// Hugo's side of the comparison: a theme-less layout with what ours has
// (head, header, the home link of the sidebar, the page's title, its table of
// contents, the body marked for the indexer, the same stylesheets), the same
// pages and the same assets. Hugo leaves TeX as text (Debian's 0.111 has no
// math passthrough); this build typesets it.
const HUGO_CONFIG = `baseURL = "/"
title = "Plain pages"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
`;

const HUGO_LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="A benchmark.">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/temml/temml.css">
<link rel="stylesheet" href="/assets/notes.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to the text</a>
<header class="site-header">
  <a class="site-title" href="/">{{ site.Title }}</a>
  <a class="menu-link" href="#site-nav">All pages</a>
</header>
<div class="layout">
<nav id="site-nav" class="sidebar" aria-label="All pages">
  <p class="sidebar-home"><a href="/">{{ site.Title }}</a></p>
</nav>
<main id="main" class="main">
  <article class="page" data-pagefind-body>
    <header class="page-header"><h1>{{ .Title }}</h1></header>
    {{ with .TableOfContents }}<nav class="toc" data-pagefind-ignore aria-labelledby="toc-title"><h2 id="toc-title">On this page</h2>{{ . }}</nav>{{ end }}
    <div class="prose">
{{ .Content }}
    </div>
  </article>
  <footer class="site-footer"></footer>
</main>
</div>
</body>
</html>
`;

/**
 * Write Hugo's copy of the fixture in \`dir\`: its configuration, layout,
 * pages and assets. Returns its folder.
 */
export async function writeHugoFixture(dir: string): Promise<string> {
  const hugo = join(dir, "hugo");
  await Deno.remove(hugo, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(hugo, "layouts", "_default"), { recursive: true });
  await Deno.writeTextFile(join(hugo, "hugo.toml"), HUGO_CONFIG);
  for (const name of ["single.html", "list.html"]) {
    await Deno.writeTextFile(
      join(hugo, "layouts", "_default", name),
      HUGO_LAYOUT,
    );
  }
  for await (const file of walk(join(dir, "content"))) {
    const path = relative(join(dir, "content"), file);
    const target = join(
      hugo,
      "content",
      path === "index.md" ? "_index.md" : path,
    );
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.copyFile(file, target);
  }
  await copyTree("_includes/assets", join(hugo, "static", "assets"));
  // Temml's stylesheet, as the build copies it beside the others.
  await Deno.mkdir(join(hugo, "static", "assets", "temml"), {
    recursive: true,
  });
  await Deno.copyFile(
    "node_modules/temml/dist/Temml-Local.css",
    join(hugo, "static", "assets", "temml", "temml.css"),
  ).catch(() => {});
  return hugo;
}

/** Hugo's version, or `undefined` when it is not on the PATH. */
async function hugoVersion(): Promise<string | undefined> {
  try {
    const output = await new Deno.Command("hugo", {
      args: ["version"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    return output.success
      ? /v[\d.]+/.exec(text)?.[0] ?? text.trim()
      : undefined;
  } catch {
    return undefined;
  }
}

async function benchPages(
  work: string,
  runs: number,
  count = 1000,
): Promise<PagesSummary> {
  const dir = resolve(await writeFixture(work, count));
  const places = {
    src: join(dir, "content"),
    dest: join(dir, "_site"),
    config: join(dir, "_config.ts"),
    // Its own build cache: the project's is the notes' (their typeset
    // formulas and renders, which these pages would push out).
    cache: join(work, "cache-pages"),
  };
  const version = await hugoVersion();
  const hugoDir = version && await writeHugoFixture(dir);
  const hugoArgs = hugoDir &&
    ["--quiet", "--source", hugoDir, "--destination", join(hugoDir, "public")];
  const pagefindArgs = hugoDir &&
    ["--site", join(hugoDir, "public"), "--silent"];
  const pagefind = await pagefindBinary();
  // One run of each first: each side's output is in place, as when an
  // author builds again.
  await measure(buildCommand(places, ["--json"]));
  // And one without the index: the build skips all of its work when nothing
  // changed since the last build with the same options, so each measured
  // build follows one with other options, and builds every page.
  await measure(buildCommand(places, ["--json", "--no-search"]));
  if (hugoArgs) await measure(hugoArgs, "hugo");
  const results: Run[] = [];
  const noSearch: Run[] = [];
  const hugoAlone: Run[] = [];
  const hugoPagefind: Run[] = [];
  // In turn, so that the load of the machine falls on every side alike.
  for (let i = 0; i < runs; i++) {
    // Pagefind indexes every page, as its CLI does on Hugo's output: the
    // index of the same pages is not taken from the build cache.
    await forgetSearchIndex(places.cache);
    results.push(await measure(buildCommand(places, ["--json"])));
    noSearch.push(
      await measure(buildCommand(places, ["--json", "--no-search"])),
    );
    if (hugoArgs && pagefindArgs) {
      hugoAlone.push(await measure(hugoArgs, "hugo"));
      const hugoRun = await measure(hugoArgs, "hugo");
      const pagefindRun = await measure(pagefindArgs, pagefind);
      hugoPagefind.push({
        ms: hugoRun.ms + pagefindRun.ms,
        peakKib: Math.max(hugoRun.peakKib ?? 0, pagefindRun.peakKib ?? 0) ||
          undefined,
        cpuMs: hugoRun.cpuMs !== undefined && pagefindRun.cpuMs !== undefined
          ? hugoRun.cpuMs + pagefindRun.cpuMs
          : undefined,
      });
    }
  }
  const summary = summarize(results);
  const pages = results[0].report?.pages ?? count;
  return {
    ...summary,
    pages,
    pagesPerSecond: Math.round(pages / (summary.medianMs / 1000)),
    noSearch: summarize(noSearch),
    hugo: version
      ? {
        alone: summarize(hugoAlone),
        withPagefind: summarize(hugoPagefind),
        version,
      }
      : { skipped: "hugo is not on the PATH (apt-get install hugo)" },
  };
}

// ## 4. The diagrams' layout engine

/** What the diagrams benchmark reports. */
export interface DiagramsSummary extends Summary {
  /** How many diagrams, and how many renderings Graphviz lays out. */
  count: number;
  dot: number;
}

/**
 * Run `scripts/diagrams/layout_cost.ts` `runs` times, each a fresh process
 * with the build's leave to read: its stages are loading Graphviz, drawing
 * every diagram, and (apart) computing the results they are drawn from.
 */
async function benchDiagrams(runs: number): Promise<DiagramsSummary> {
  const measured: Run[] = [];
  for (let i = 0; i < runs; i++) {
    measured.push(
      await measure([
        "run",
        "--allow-read=.",
        "scripts/diagrams/layout_cost.ts",
      ]),
    );
  }
  const report = measured[0].report as unknown as {
    diagrams: number;
    dot: number;
  };
  return { ...summarize(measured), count: report.diagrams, dot: report.dot };
}

// ## 5. The weight of each page

/** The weight of one page of the built site. */
export interface PageWeight {
  url: string;
  /** The HTML, bytes. */
  html: number;
  /** The stylesheets it links, bytes (fonts left out). */
  css: number;
  /** HTML + CSS. */
  total: number;
  /** Scripts it loads, bytes (0: none is needed to read it). */
  js: number;
}

/** Weigh every page of a built site. */
export async function pageWeights(site: string): Promise<PageWeight[]> {
  const size = async (url: string) => {
    const path = join(site, ...url.split("?")[0].split("/").filter(Boolean));
    return await Deno.stat(path).then((info) => info.size, () => 0);
  };
  const weights: PageWeight[] = [];
  for await (const file of walk(site)) {
    const path = relative(site, file).split(SEPARATOR).join("/");
    if (!path.endsWith(".html") || path.startsWith("pagefind/")) continue;
    const html = await Deno.readTextFile(file);
    const styles = [
      ...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g),
    ].map((m) => m[1]);
    const scripts = [...html.matchAll(/<script [^>]*src="([^"]+)"/g)].map((
      m,
    ) => m[1]);
    let css = 0;
    for (const url of new Set(styles)) css += await size(url);
    let js = 0;
    for (const url of new Set(scripts)) js += await size(url);
    const bytes = new TextEncoder().encode(html).length;
    weights.push({
      url: "/" + path.replace(/(^|\/)index\.html$/, "$1"),
      html: bytes,
      css,
      total: bytes + css,
      js,
    });
  }
  return weights.sort((a, b) => b.total - a.total);
}

// ## The report

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function mib(kibibytes?: number): string {
  return kibibytes === undefined
    ? "n/a"
    : `${Math.round(kibibytes / 1024)} MiB`;
}

function verdict(value: number, budget: number): string {
  return value <= budget ? "within" : `over (×${(value / budget).toFixed(1)})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((row) => row[i].length))
  );
  return rows.map((row, r) =>
    row.map((cell, i) =>
      i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])
    )
      .join("  ") +
    (r === 0 ? `\n${widths.map((w) => "-".repeat(w)).join("  ")}` : "")
  ).join("\n");
}

function option(name: string, args: string[]): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
}

async function main(args: string[]): Promise<void> {
  const runs = Number(option("runs", args) ?? 5);
  const only = option("only", args);
  const want = (part: string) => !only || only === part;
  const work = ".bench";
  await Deno.mkdir(work, { recursive: true });
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    deno: Deno.version.deno,
    cpus: navigator.hardwareConcurrency,
    runs,
    budgets: BUDGETS,
  };
  const rows: string[][] = [[
    "measure",
    "median",
    "min–max",
    "peak memory",
    "budget",
  ]];

  if (want("site") || want("weights")) {
    console.error(`building the site ${runs} times…`);
    const site = await benchSite(work, want("site") ? runs : 1);
    report.site = site;
    const buildRow = (
      what: string,
      build: Summary,
      budget = BUDGETS.siteBuildMs,
    ) => [
      `build of the site, ${what}`,
      `${build.medianMs} ms${
        build.cpuMedianMs === undefined ? "" : ` (CPU ${build.cpuMedianMs} ms)`
      }`,
      `${build.minMs}–${build.maxMs} ms`,
      mib(build.peakKib),
      `${budget} ms: ${verdict(build.medianMs, budget)}`,
    ];
    rows.push(
      buildRow(
        "nothing changed since the last (warm)",
        site,
        BUDGETS.siteWarmMs,
      ),
      buildRow(
        `one page edited (${site.onePageEdited.page})`,
        site.onePageEdited,
        BUDGETS.siteOnePageMs,
      ),
      buildRow(
        `one script edited (${site.oneScriptEdited.script})`,
        site.oneScriptEdited,
      ),
      buildRow("empty cache (a first build)", site.emptyCache),
    );
  }
  if (want("serve")) {
    console.error(`editing a page in serve ${runs} times…`);
    const serve = await benchServe(work, runs);
    report.serve = serve;
    const { editToReload } = serve;
    rows.push([
      "one-page rebuild in serve (edit → reload)",
      `${editToReload.medianMs} ms`,
      `${editToReload.minMs}–${editToReload.maxMs} ms`,
      "",
      `${BUDGETS.rebuildMs} ms: ${
        verdict(editToReload.medianMs, BUDGETS.rebuildMs)
      }`,
    ]);
    rows.push([
      "  of which the builder's own time",
      `${serve.builderMedianMs} ms`,
      "",
      "",
      "",
    ]);
  }
  if (want("diagrams")) {
    console.error(`loading Graphviz and drawing every diagram ${runs} times…`);
    const diagrams = await benchDiagrams(runs);
    report.diagrams = diagrams;
    const stages = diagrams.stagesMs ?? {};
    rows.push([
      `diagrams: Graphviz loaded, ${diagrams.count} drawn (${diagrams.dot} by Graphviz)`,
      `${diagrams.medianMs} ms`,
      `${diagrams.minMs}–${diagrams.maxMs} ms`,
      mib(diagrams.peakKib),
      `load ${stages.load} ms, layout ${stages.layout} ms (results ${stages.results} ms)`,
    ]);
  }
  if (want("pages")) {
    console.error(`building 1,000 plain pages ${runs} times…`);
    const pages = await benchPages(work, runs);
    report.pages = pages;
    const hugo = pages.hugo && "alone" in pages.hugo ? pages.hugo : undefined;
    const ratio = (ours: Summary, theirs: Summary, goal: number) =>
      `×${(ours.medianMs / theirs.medianMs).toFixed(2)} of ${
        theirs === hugo?.alone ? "Hugo" : "Hugo + Pagefind"
      } (goal ≤ ×${goal}): ${
        ours.medianMs <= goal * theirs.medianMs ? "within" : "over"
      }`;
    // The CPU time beside the wall time: on a loaded machine the ratio of
    // the wall times moves with the load, that of the CPU times less.
    const timed = (run: Summary) =>
      `${run.medianMs} ms${
        run.cpuMedianMs === undefined ? "" : ` (CPU ${run.cpuMedianMs} ms)`
      }`;
    rows.push([
      `${pages.pages} plain pages with the search index (${pages.pagesPerSecond} pages/s)`,
      timed(pages),
      `${pages.minMs}–${pages.maxMs} ms`,
      mib(pages.peakKib),
      hugo
        ? ratio(pages, hugo.withPagefind, 1.2)
        : `${BUDGETS.thousandPagesMs} ms: ${
          verdict(pages.medianMs, BUDGETS.thousandPagesMs)
        }`,
    ]);
    rows.push([
      `${pages.pages} plain pages, --no-search`,
      timed(pages.noSearch),
      `${pages.noSearch.minMs}–${pages.noSearch.maxMs} ms`,
      mib(pages.noSearch.peakKib),
      hugo ? ratio(pages.noSearch, hugo.alone, 1.5) : "",
    ]);
    if (hugo) {
      for (
        const [what, run] of [
          [`Hugo ${hugo.version}, the same pages`, hugo.alone],
          [`Hugo ${hugo.version} + Pagefind CLI`, hugo.withPagefind],
        ] as const
      ) {
        rows.push([
          what,
          timed(run),
          `${run.minMs}–${run.maxMs} ms`,
          mib(run.peakKib),
          "",
        ]);
      }
      const peak = (pages.peakKib ?? 0) / (hugo.alone.peakKib ?? Infinity);
      rows.push([
        "  peak memory, with the index, against Hugo's",
        "",
        "",
        `×${peak.toFixed(2)}`,
        `goal ≤ ×1.5: ${peak <= 1.5 ? "within" : "over"}`,
      ]);
    } else if (pages.hugo && "skipped" in pages.hugo) {
      rows.push([`Hugo: skipped, ${pages.hugo.skipped}`, "", "", "", ""]);
    }
  }
  console.log(table(rows));
  if (report.serve) {
    console.log(`\nserve: ${(report.serve as ServeSummary).how}`);
  }
  const parts = {
    "site": (report.site as SiteSummary | undefined)?.stagesMs,
    "site, one page edited": (report.site as SiteSummary | undefined)
      ?.onePageEdited.stagesMs,
    "site, one script edited": (report.site as SiteSummary | undefined)
      ?.oneScriptEdited.stagesMs,
    "site, empty cache": (report.site as SiteSummary | undefined)?.emptyCache
      .stagesMs,
    "plain pages": (report.pages as Summary | undefined)?.stagesMs,
    "diagrams": (report.diagrams as Summary | undefined)?.stagesMs,
  };
  for (const [part, stages] of Object.entries(parts)) {
    if (stages) {
      console.log(
        `\n${part}, median time by stage: ${
          Object.entries(stages).map(([stage, ms]) => `${stage} ${ms} ms`)
            .join(", ")
        }`,
      );
    }
  }
  if (want("site") || want("weights")) {
    const weights = await pageWeights(join(work, "site"));
    const over = weights.filter((w) => w.total > BUDGETS.pageBytes);
    const withScript = weights.filter((w) => w.js > 0);
    report.weights = weights;
    console.log(
      `\npage weight (HTML + CSS, fonts left out; budget ${
        kib(BUDGETS.pageBytes)
      }): ${weights.length - over.length} of ${weights.length} pages within`,
    );
    console.log(table([
      ["page", "HTML", "CSS", "HTML + CSS", "script", "budget"],
      ...weights.map((w) => [
        w.url,
        kib(w.html),
        kib(w.css),
        kib(w.total),
        w.js ? kib(w.js) : "none",
        verdict(w.total, BUDGETS.pageBytes),
      ]),
    ]));
    console.log(
      `\npages that load a script: ${
        withScript.map((w) => w.url).join(", ") || "none"
      } (every other page needs no JavaScript)`,
    );
  }
  await Deno.writeTextFile(
    join(work, "results.json"),
    JSON.stringify(report, null, 2) + "\n",
  );
  console.log(`\nwritten to ${join(work, "results.json")}`);
}

if (import.meta.main) await main(Deno.args);
