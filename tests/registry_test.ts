/**
 * CONTRIBUTING's checklist, checked: every exercise script, chart, diagram
 * and explorer module in its folder is listed in that folder's `mod.ts`
 * (the build imports the lists, not the folders, so that it stays fast and
 * its order is the catalogue's), every exercise has its test file, and
 * CONTRIBUTING names each list.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { toFileUrl } from "@std/path";
import { EXERCISES } from "../scripts/exercises/mod.ts";
import { CHARTS } from "../scripts/charts/mod.ts";
import { DIAGRAMS } from "../scripts/diagrams/mod.ts";
import { EXPLORERS } from "../scripts/explorers/mod.ts";

/** The modules of `dir` that hold content: not `mod.ts`, `types.ts`, `_*`. */
function modulesOf(dir: string): string[] {
  return [...Deno.readDirSync(dir)]
    .map((entry) => entry.name)
    .filter((name) =>
      name.endsWith(".ts") && !name.startsWith("_") &&
      name !== "mod.ts" && name !== "types.ts"
    )
    .sort();
}

/** What `dir`'s modules export that `isSpec` recognises, by module. */
async function exportedSpecs(
  dir: string,
  isSpec: (value: unknown) => boolean,
): Promise<Map<string, unknown[]>> {
  const found = new Map<string, unknown[]>();
  for (const name of modulesOf(dir)) {
    const module = await import(
      toFileUrl(Deno.realPathSync(`${dir}/${name}`)).href
    );
    found.set(name, Object.values(module).filter(isSpec));
  }
  return found;
}

const hasFunction = (key: string) => (value: unknown) =>
  typeof value === "object" && value !== null &&
  typeof (value as Record<string, unknown>).name === "string" &&
  typeof (value as Record<string, unknown>)[key] === "function";

Deno.test("every exercise script is in EXERCISES, with its test file", () => {
  const scripts = modulesOf("scripts/exercises").map((name) =>
    name.replace(/\.ts$/, "")
  );
  assertEquals(
    EXERCISES.map((exercise) => exercise.id).sort(),
    scripts,
    "scripts/exercises/*.ts against EXERCISES of scripts/exercises/mod.ts",
  );
  const untested = scripts.filter((id) => {
    try {
      return !Deno.statSync(`tests/exercises/${id}_test.ts`).isFile;
    } catch {
      return true;
    }
  });
  assertEquals(untested, [], "exercises without tests/exercises/<id>_test.ts");
});

Deno.test("every chart module's chart is in CHARTS", async () => {
  const listed = new Set<unknown>(CHARTS);
  const missing = [
    ...await exportedSpecs("scripts/charts", hasFunction("plot")),
  ]
    .flatMap(([name, specs]) =>
      specs.length === 0
        ? [`${name} exports no chart`]
        : specs.filter((spec) => !listed.has(spec)).map(() => name)
    );
  assertEquals(missing, [], "not listed in CHARTS of scripts/charts/mod.ts");
});

Deno.test("every diagram module's diagrams are in DIAGRAMS", async () => {
  const listed = new Set<unknown>(DIAGRAMS);
  const specs = await exportedSpecs("scripts/diagrams", hasFunction("draw"));
  // A module of helpers for diagrams (the layout-cost measure) draws none.
  const missing = [...specs].flatMap(([name, found]) =>
    found.filter((spec) => !listed.has(spec)).map((spec) =>
      `${name}: ${(spec as { name: string }).name}`
    )
  );
  assertEquals(
    missing,
    [],
    "not listed in DIAGRAMS of scripts/diagrams/mod.ts",
  );
  assertEquals(
    [...specs].filter(([, found]) => found.length > 0).length > 0,
    true,
    "the test recognises no diagram at all",
  );
});

Deno.test("every explorer module is in EXPLORERS", () => {
  const modules = modulesOf("scripts/explorers").filter((name) =>
    name !== "browser.ts"
  ).map((name) => name.replace(/\.ts$/, ""));
  assertEquals(
    EXPLORERS.map((explorer) => explorer.id).sort(),
    modules,
    "scripts/explorers/*.ts against EXPLORERS of scripts/explorers/mod.ts",
  );
});

Deno.test("CONTRIBUTING names every list a new script, chart, diagram or explorer goes into", () => {
  const text = Deno.readTextFileSync("CONTRIBUTING.md");
  for (
    const list of [
      "scripts/exercises/mod.ts",
      "scripts/charts/mod.ts",
      "scripts/diagrams/mod.ts",
      "scripts/explorers/mod.ts",
    ]
  ) {
    assertEquals(text.includes(list), true, `CONTRIBUTING.md names ${list}`);
  }
});
