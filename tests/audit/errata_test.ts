import { assert, assertEquals, assertGreater } from "@std/assert";
import { extract } from "@std/front-matter/yaml";
import { CATALOGUE, compute } from "../../scripts/audit/errata.ts";
import { SEED_FILES } from "../../scripts/audit/types.ts";

const r = compute();
const seeds: string[] = Object.values(SEED_FILES);

Deno.test("compute() is plain JSON, deterministic, with a positive difference for every erratum", () => {
  assertEquals(JSON.parse(JSON.stringify(r)), r);
  assertEquals(JSON.stringify(compute()), JSON.stringify(r));
  for (const e of r.entries) assertGreater(e.difference, 0, e.id);
  assertEquals(r.total, r.entries.length);
});

Deno.test("every erratum has a unique slug, a known seed, its fields, and catalogue exercises", () => {
  const ids = r.entries.map((e) => e.id);
  assertEquals(new Set(ids).size, ids.length);
  for (const e of r.entries) {
    assert(/^(rnn|\d{3})-[a-z0-9-]+$/.test(e.id), e.id);
    assert(seeds.includes(e.seed), `${e.id}: seed ${e.seed}`);
    for (const other of e.alsoIn) assert(seeds.includes(other), e.id);
    // The slug names the seed it is filed under (the statement's start with "rnn").
    if (!e.id.startsWith("rnn-")) {
      assertEquals(e.seed.slice(0, 3), e.id.slice(0, 3));
    }
    for (
      const field of [
        "title",
        "location",
        "says",
        "right",
        "case",
        "quantity",
        "measure",
      ] as const
    ) {
      assert(e[field].trim().length > 0, `${e.id}: empty ${field}`);
    }
    assert(["wrong", "imprecise"].includes(e.severity), e.id);
    assert(e.exercises.length > 0, `${e.id}: no exercise`);
    for (const x of e.exercises) {
      assert((CATALOGUE as readonly string[]).includes(x), `${e.id}: ${x}`);
    }
    // TeX dollars come in pairs in every text field.
    for (
      const text of [
        e.title,
        e.location,
        e.says,
        e.right,
        e.reading,
        e.case,
        e.quantity,
        e.measure,
      ]
    ) {
      assertEquals(text.split("$").length % 2, 1, `${e.id}: odd $ in ${text}`);
    }
  }
});

Deno.test("every erratum names a test that exists, in the file it names", async () => {
  for (const e of r.entries) {
    assert(e.test.file.startsWith("tests/audit/"), e.id);
    assert(e.test.name.startsWith(`${e.id}: `), `${e.id}: ${e.test.name}`);
    const source = await Deno.readTextFile(
      new URL(`../../${e.test.file}`, import.meta.url),
    );
    assert(
      source.includes(`"${e.test.name}"`),
      `${e.test.file} has no test named "${e.test.name}"`,
    );
  }
});

Deno.test("every seed has its group of claims, in seed order, with counts that add up", () => {
  assertEquals(r.correct.map((g) => g.seed), seeds);
  for (const g of r.correct) {
    assertGreater(g.claims.length, 0);
    assertEquals(g.errata, g.wrong + g.imprecise);
    assertEquals(g.errata, r.entries.filter((e) => e.seed === g.seed).length);
  }
  assertEquals(r.correct.reduce((s, g) => s + g.errata, 0), r.total);
  // Every erratum is reachable from the list by exercise.
  const listed = new Set(r.exercises.flatMap((x) => x.errata.map((e) => e.id)));
  assertEquals(listed.size, r.total);
});

Deno.test("the errata pages have their front matter and type no decimal number", async () => {
  const read = (path: string) =>
    Deno.readTextFile(new URL(`../../content/errata/${path}`, import.meta.url))
      .then((text) => extract<Record<string, unknown>>(text));
  const overview = await read("index.md");
  assertEquals(overview.attrs, {
    title: "Errata of the source solutions",
    exercise: "errata",
    topic: "errata",
    order: 1,
    description:
      "Every point the source solutions get wrong or state imprecisely, each shown by a computation and checked by a test.",
  });
  // The template of each seed's page (its title and description come with
  // the seed).
  const seed = await read("_seed.md");
  assertEquals(seed.attrs, { topic: "errata" });
  for (const { body } of [overview, seed]) {
    const typed = body.replace(/\{\{[\s\S]*?\}\}/g, "");
    assertEquals(typed.match(/\d+\.\d+/g), null);
  }
});
