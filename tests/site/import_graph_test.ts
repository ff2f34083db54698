/**
 * The site's code imports downward only: no module of `scripts/site/`
 * imports itself through others (a circle), and the engine (`core/`) imports
 * no plugin and no entry point. The graph is Deno's own (`deno info --json`),
 * not the cache's reading of quoted paths (`module_graph.ts`), which counts
 * paths named in comments too.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join, relative, resolve, toFileUrl } from "@std/path";
import { walk } from "../../scripts/site/core/fs.ts";

const SITE = resolve("scripts/site");

/** The imports (code and types) between the modules of `scripts/site/`. */
async function siteGraph(): Promise<Map<string, string[]>> {
  const modules: string[] = [];
  for await (const file of walk(SITE)) {
    if (file.endsWith(".ts")) modules.push(file);
  }
  // One entry that names every module, so one `deno info` sees them all.
  const dir = await Deno.makeTempDir();
  try {
    const entry = join(dir, "all.ts");
    await Deno.writeTextFile(
      entry,
      modules.map((m) => `import "${toFileUrl(m).href}";\n`).join(""),
    );
    const { stdout, success, stderr } = await new Deno.Command(
      Deno.execPath(),
      {
        args: ["info", "--json", entry],
        stdout: "piped",
        stderr: "piped",
      },
    ).output();
    if (!success) throw new Error(new TextDecoder().decode(stderr));
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: {
        specifier: string;
        dependencies?: {
          code?: { specifier: string };
          type?: { specifier: string };
        }[];
      }[];
    };
    const prefix = toFileUrl(SITE).href + "/";
    const name = (url: string) => url.slice(prefix.length);
    const graph = new Map<string, string[]>();
    for (const module of info.modules) {
      if (!module.specifier.startsWith(prefix)) continue;
      const targets = new Set<string>();
      for (const dependency of module.dependencies ?? []) {
        for (const to of [dependency.code, dependency.type]) {
          if (to?.specifier.startsWith(prefix)) targets.add(name(to.specifier));
        }
      }
      graph.set(name(module.specifier), [...targets].sort());
    }
    assertEquals(
      graph.size,
      modules.length,
      `deno info saw ${graph.size} of the ${modules.length} modules`,
    );
    return graph;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The circles of `graph`, each as the path that closes it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (module: string) => {
    if (state.get(module) === "done") return;
    if (state.get(module) === "open") {
      found.push([...path.slice(path.indexOf(module)), module]);
      return;
    }
    state.set(module, "open");
    path.push(module);
    for (const next of graph.get(module) ?? []) visit(next);
    path.pop();
    state.set(module, "done");
  };
  for (const module of [...graph.keys()].sort()) visit(module);
  return found;
}

Deno.test("circles() finds a circle of three and none in a chain", () => {
  assertEquals(
    circles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])),
    [["a", "b", "c", "a"]],
  );
  assertEquals(circles(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]])), []);
});

Deno.test("scripts/site/ has no import circle, and core/ imports no plugin", async () => {
  const graph = await siteGraph();
  assertEquals(
    circles(graph).map((circle) => circle.join(" → ")),
    [],
    "modules that import each other",
  );
  const upward = [...graph].flatMap(([module, imports]) =>
    module.startsWith("core/")
      ? imports.filter((to) => !to.startsWith("core/"))
        .map((to) => `${module} → ${to}`)
      : []
  );
  assertEquals(upward, [], "the engine imports a plugin or an entry point");
  // The test itself sees what it checks.
  assertEquals(graph.get("core/cache.ts")?.includes("core/fs.ts"), true);
  assertEquals(relative(SITE, join(SITE, "core")), "core");
});

/**
 * What `entry` takes along when it runs: every module reachable through
 * imports of code (an `import type` is erased, and takes nothing).
 */
async function runtimeModules(entry: string): Promise<string[]> {
  const { stdout, success, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(new TextDecoder().decode(stderr));
  const info = JSON.parse(new TextDecoder().decode(stdout)) as {
    roots: string[];
    modules: {
      specifier: string;
      dependencies?: { code?: { specifier: string } }[];
    }[];
    redirects: Record<string, string>;
  };
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const visit = (specifier: string) => {
    const resolved = info.redirects[specifier] ?? specifier;
    if (seen.has(resolved)) return;
    seen.add(resolved);
    for (const dependency of bySpecifier.get(resolved)?.dependencies ?? []) {
      if (dependency.code) visit(dependency.code.specifier);
    }
  };
  for (const root of info.roots) visit(root);
  return [...seen];
}

Deno.test("the explorers' browser script takes along no module of the build engine, and none of its parsers", async () => {
  const modules = await runtimeModules("scripts/explorers/browser.ts");
  const site = toFileUrl(SITE).href;
  // The plugins' helpers that import nothing of the engine: how numbers and
  // a figure's words are written and numbers tied to their words (reading
  // the tags as the build's checks do), the same in the pages and the
  // explorers.
  const helpers =
    /\/plugins\/(_format|numbers|_figure_words|_svg_numbers|_ties|_html)\.ts$/;
  const engine = modules.filter((m) =>
    m.startsWith(`${site}/core/`) ||
    (m.startsWith(`${site}/plugins/`) && !helpers.test(m)) ||
    /deno-std|linkedom|markdown-it|temml|mathjs|viz-js|ventojs/.test(m)
  );
  assertEquals(engine, [], "modules the readers' script would carry");
  // The test sees what it checks: Plot, and the numbers' formatting.
  assertEquals(modules.some((m) => m.includes("@observablehq/plot")), true);
  assertEquals(modules.some((m) => m.endsWith("/plugins/numbers.ts")), true);
});
