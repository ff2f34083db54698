/**
 * The site's configuration, Lume style: wiring only. Every plugin lives in
 * `scripts/site/plugins/`, one a file; `deno task build` and `deno task serve` run
 * `scripts/site/cli.ts`, which imports this file.
 *
 * @module
 */
import { Site } from "./scripts/site/core/site.ts";
import type { Dependency } from "./scripts/site/core/cache.ts";
import results from "./scripts/site/plugins/results.ts";
import numbers from "./scripts/site/plugins/numbers.ts";
import words from "./scripts/site/plugins/words.ts";
import charts from "./scripts/site/plugins/charts.ts";
import diagrams from "./scripts/site/plugins/diagrams.ts";
import figures from "./scripts/site/plugins/figures.ts";
import exerciseParts from "./scripts/site/plugins/exercise_parts.ts";
import vento from "./scripts/site/plugins/vento.ts";
import markdown from "./scripts/site/plugins/markdown.ts";
import math from "./scripts/site/plugins/math.ts";
import bibliography from "./scripts/site/plugins/bibliography.ts";
import glossary from "./scripts/site/plugins/glossary.ts";
import ties from "./scripts/site/plugins/ties.ts";
import notationLinks from "./scripts/site/plugins/notation_links.ts";
import literate from "./scripts/site/plugins/literate.ts";
import solutions from "./scripts/site/plugins/solutions.ts";
import sourceArchive from "./scripts/site/plugins/source_archive.ts";
import searchText from "./scripts/site/plugins/search_text.ts";
import nav from "./scripts/site/plugins/nav.ts";
import multilanguage from "./scripts/site/plugins/multilanguage.ts";
import liveReload from "./scripts/site/plugins/live_reload.ts";
import pagefind from "./scripts/site/plugins/pagefind.ts";
import checkLinks from "./scripts/site/plugins/check_links.ts";
import minifyCss from "./scripts/site/plugins/minify_css.ts";
import errataLinks, {
  errataPageUrl,
  seedNumber,
} from "./scripts/site/plugins/errata_links.ts";
import generate from "./scripts/site/plugins/generate.ts";
import dataFiles from "./scripts/site/plugins/data_files.ts";
import gradCheckerLink from "./scripts/site/plugins/grad_checker_link.ts";
import explorers from "./scripts/site/plugins/explorers.ts";
import { EXPLORERS } from "./scripts/explorers/mod.ts";
import type { SeedGroup } from "./scripts/audit/errata.ts";

// What the results, the explorers' bundle, the literate scripts, the charts
// and the typeset formulas are each made from: the modules that make them,
// with every module they import, and deno.json and deno.lock, which pin the
// packages. While that does not change, a build takes them from the build
// cache (`_cache/`): an edit to an exercise recomputes that exercise's
// results (and any other script importing what changed), the charts and its
// literate page, but typesets no formula and bundles nothing again.
const madeBy = (...modules: string[]): Dependency[] => [
  ...modules.map((module) => ({ module })),
  "deno.json",
  "deno.lock",
];
// The options given here (macros, …) are part of the Markdown pipeline.
const markdownCode = [
  ...madeBy(
    "scripts/site/plugins/markdown.ts",
    "scripts/site/plugins/math.ts",
    "scripts/site/plugins/bibliography.ts",
  ),
  "_config.ts",
];

const site = new Site({ src: "content", dest: "_site", includes: "_includes" });

site.data("site", {
  title: "Recurrent networks, computed",
  description:
    "Course notes on backpropagation through time, vanishing and exploding " +
    "gradients and the LSTM, in which every number is computed and tested.",
  // The notes' public repository (a URL), shown on every page when set.
  repository: "",
});

site
  // The explorers first: their bundling runs while the results compute.
  .use(explorers({
    explorers: EXPLORERS,
    dependsOn: madeBy(
      "scripts/explorers/browser.ts",
      "scripts/site/plugins/explorers.ts",
    ),
  }))
  .use(results({
    // Run in worker threads, and only when the cache does not have the
    // results: the scripts load mathjs, which takes longer to load than
    // everything else a build imports.
    module: import.meta.resolve("./scripts/results.ts"),
    // Besides the scripts the module lists, which the plugin adds itself,
    // each on its own.
    dependsOn: madeBy("scripts/site/plugins/results.ts"),
  }))
  // The errata listed under each exercise, in the page's language.
  .use(errataLinks({ translations: { zh: "errataZh" } }))
  // The errata have one page per seed, the results one page per script;
  // /errata/ and /results/ are their overviews. In each language: the
  // Chinese pages are made from content/zh/errata/_seed.md and
  // content/zh/results/_script.md, the errata's prose from
  // content/_data/errata_zh/ (the English where an erratum has none), the
  // references' notes from content/_data/references_zh.yml.
  .use(dataFiles({
    files: {
      errataZh: "_data/errata_zh",
      referencesZh: "_data/references_zh.yml",
    },
  }));
for (const lang of ["en", "zh"]) {
  const prefix = lang === "en" ? "" : `/${lang}`;
  site
    .use(generate({
      template: `${prefix ? `${lang}/` : ""}errata/_seed.md`,
      items: (data) =>
        (data.results as { errata?: { correct: SeedGroup[] } }).errata
          ?.correct ?? [],
      url: (group) => prefix + errataPageUrl(group.seed),
      data: (group) => ({
        seed: group.seed,
        lang,
        title: lang === "en"
          ? `Errata of source solution ${seedNumber(group.seed)}`
          : `原始解答 ${seedNumber(group.seed)} 的勘误`,
        description: lang === "en"
          ? `The errata of source solution ${
            seedNumber(group.seed)
          }: each point it gets wrong or states imprecisely, shown by a computation and checked by a test.`
          : `原始解答 ${
            seedNumber(group.seed)
          } 的勘误：其中每一处错误或不严谨之处，都附有计算，并经测试检验。`,
      }),
    }))
    .use(generate({
      template: `${prefix ? `${lang}/` : ""}results/_script.md`,
      items: (data) => data.exerciseIds as string[],
      url: (id) => `${prefix}/results/${id}/`,
      data: (id) => ({
        id,
        lang,
        title: lang === "en" ? `Results of ${id}` : `${id} 的结果`,
      }),
      pager: true,
    }));
}
site
  .use(gradCheckerLink())
  .use(numbers())
  // Words the results print into pages (run labels, …) in the page's language.
  .use(words())
  .use(
    charts({
      load: async () => (await import("./scripts/charts/mod.ts")).CHARTS,
      // Each chart is kept by its rows too: a new result redraws its charts.
      dependsOn: madeBy(
        "scripts/charts/mod.ts",
        "scripts/site/plugins/charts.ts",
      ),
    }),
  )
  .use(
    diagrams({
      load: async () => (await import("./scripts/diagrams/mod.ts")).DIAGRAMS,
      // Each diagram is kept by the results it is drawn from too.
      dependsOn: madeBy(
        "scripts/diagrams/mod.ts",
        "scripts/site/plugins/diagrams.ts",
      ),
    }),
  )
  // Charts and diagrams share one numbering; `figref` cites them. Before the
  // search index, which reads each page as soon as it is rendered.
  .use(figures())
  // Before the plugins that use an exercise's parts (math, nav).
  .use(exerciseParts())
  .use(math({ dependsOn: markdownCode }))
  // Citations `[@key]` of the works in content/_data/references.yml.
  .use(bibliography({ translations: { zh: "referencesZh" } }))
  // On a Chinese page, the first use of each term of content/_data/
  // glossary.yml in the prose is followed by its English: "（English）".
  .use(glossary())
  // Under each exercise's title: the symbols of /notation/ it uses, linked.
  .use(notationLinks())
  .use(markdown())
  // Each "## Solution" folded (try first), with the front matter's checks.
  .use(solutions())
  // Each formula with a hidden plain-text twin, which the search indexes.
  .use(searchText())
  .use(vento())
  // A number keeps to its word at a line's end: 第 1 题, Exercise 2(c).
  .use(ties())
  .use(literate({
    dir: "scripts/exercises",
    // A script's page is keyed by its text (and its test file's), rendered by
    // the Markdown pipeline, with the rules of the solutions and search-text
    // plugins.
    dependsOn: [
      ...madeBy(
        "scripts/site/plugins/literate.ts",
        "scripts/site/plugins/solutions.ts",
        "scripts/site/plugins/search_text.ts",
      ),
      ...markdownCode,
    ],
  }))
  // English, and its Chinese edition under /zh/ (content/zh/): twins paired
  // by id, links of Chinese pages sent to Chinese pages. After the plugins
  // that add pages, before the navigation, which is made per language.
  .use(multilanguage({ languages: ["en", "zh"], tags: { zh: "zh-Hans" } }))
  .use(nav({
    topics: [
      { id: "bptt", title: "Backpropagation through time" },
      { id: "vanishing", title: "Vanishing and exploding gradients" },
      { id: "lstm", title: "The LSTM" },
      { id: "deepnets", title: "Deep nets and autoencoders" },
      { id: "beyond", title: "Beyond the homework" },
      { id: "explorers", title: "Explorers" },
      { id: "errata", title: "Errata" },
    ],
  }))
  // The source (scripts, tests, pages) as /notes-source.tar.gz, which every
  // "run it yourself" links to.
  .use(sourceArchive())
  .use(liveReload())
  // The links are checked while the search index is being built (the
  // indexer has every page once they are rendered): before it, not after.
  .use(checkLinks())
  .use(pagefind())
  // Temml's stylesheet styles every construct Temml can write: keep the
  // rules of the classes the pages use.
  .use(minifyCss({ prune: ["temml/temml.css"] }))
  .copy("_includes/assets", "/assets");

export default site;
