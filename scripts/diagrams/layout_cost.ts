/**
 * What the diagrams' layout engine costs, measured inside one fresh process
 * for `deno task bench` (`--only diagrams`): loading Graphviz compiled to
 * WebAssembly (`@viz-js/viz`), then drawing every diagram of
 * `scripts/diagrams/mod.ts` as the build does (Graphviz's layout and the
 * tidying of its SVG, or the hand-placed drawing on a linkedom document).
 * The results the diagrams are drawn from are computed first and timed
 * apart. A build that finds its diagrams in the build cache pays none of
 * this. Prints one line of JSON:
 * `{"stages": {"results": ms, "load": ms, "layout": ms}, "diagrams": n, "dot": n}`.
 *
 * ```sh
 * deno run --allow-read=. scripts/diagrams/layout_cost.ts
 * ```
 *
 * @module
 */
import { DIAGRAMS } from "./mod.ts";
import { drawDiagram } from "../site/plugins/diagrams.ts";
import { RESULT_SOURCES } from "../results.ts";

/** Time the three stages; see the module's documentation. */
export async function layoutCost(): Promise<{
  stages: { results: number; load: number; layout: number };
  diagrams: number;
  dot: number;
}> {
  let started = performance.now();
  const ids = new Set(DIAGRAMS.map((diagram) => diagram.exercise));
  const results = new Map(
    RESULT_SOURCES.filter((source) => ids.has(source.id))
      .map((
        source,
      ) => [source.id, JSON.parse(JSON.stringify(source.compute()))]),
  );
  const resultsMs = performance.now() - started;
  started = performance.now();
  const { instance } = await import("@viz-js/viz");
  await instance();
  const loadMs = performance.now() - started;
  started = performance.now();
  let dot = 0;
  for (const diagram of DIAGRAMS) {
    const result = results.get(diagram.exercise);
    const drawings = diagram.draw(result);
    dot += [drawings.wide, drawings.narrow]
      .filter((drawing) => drawing && "dot" in drawing).length;
    await drawDiagram(diagram, result);
  }
  const layoutMs = performance.now() - started;
  return {
    stages: {
      results: Math.round(resultsMs),
      load: Math.round(loadMs),
      layout: Math.round(layoutMs),
    },
    diagrams: DIAGRAMS.length,
    dot,
  };
}

if (import.meta.main) console.log(JSON.stringify(await layoutCost()));
