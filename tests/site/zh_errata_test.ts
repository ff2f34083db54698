/**
 * The errata's Chinese prose (`content/_data/errata_zh/<audit module>.yml`)
 * translates every erratum, every claim a seed gets right and every claim
 * left unchecked that the audit modules define: each id and field the English
 * has, with the same formulas and link targets, and nothing the English no
 * longer has. A formula retyped or an erratum added without its translation
 * fails here.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { parse } from "@std/yaml";
import { fromFileUrl, join } from "@std/path";
import { compute } from "../../scripts/audit/errata.ts";
import { inlineFormulas, linkTargets } from "./_zh_skeleton.ts";

const FOLDER = fromFileUrl(
  new URL("../../content/_data/errata_zh/", import.meta.url),
);
const GLOSSARY = fromFileUrl(
  new URL("../../content/_data/glossary.yml", import.meta.url),
);

/** The prose fields of an erratum, as the zh errata pages read them. */
const FIELDS = [
  "title",
  "location",
  "says",
  "right",
  "reading",
  "case",
  "quantity",
  "measure",
] as const;

type Prose = Partial<Record<(typeof FIELDS)[number], string>> & {
  details?: string[];
};

interface Translations {
  errata: Record<string, Prose>;
  correct: Record<string, { title: string; claims: string[] }>;
  unchecked: { seed: string; location: string; says: string; why: string }[];
}

/** Every file of the folder, merged (each audit module has its own file). */
async function translations(): Promise<Translations> {
  const all: Translations = { errata: {}, correct: {}, unchecked: [] };
  const names = [];
  for await (const entry of Deno.readDir(FOLDER)) {
    if (entry.name.endsWith(".yml")) names.push(entry.name);
  }
  for (const name of names.sort()) {
    const file = parse(
      await Deno.readTextFile(join(FOLDER, name)),
    ) as Partial<Translations>;
    for (const id of Object.keys(file.errata ?? {})) {
      assert(!(id in all.errata), `${id} is translated twice (${name})`);
    }
    Object.assign(all.errata, file.errata);
    Object.assign(all.correct, file.correct);
    all.unchecked.push(...(file.unchecked ?? []));
  }
  return all;
}

/** What a translation must keep of a text: its formulas and link targets. */
function kept(text: string | undefined) {
  return {
    formulas: inlineFormulas(text ?? ""),
    links: linkTargets(text ?? ""),
  };
}

Deno.test("every erratum has its Chinese prose, with the same formulas", async () => {
  const english = compute();
  const zh = await translations();
  assertEquals(
    Object.keys(zh.errata).sort(),
    english.entries.map((e) => e.id).sort(),
    "the translated ids differ from the errata's ids",
  );
  for (const e of english.entries) {
    const t = zh.errata[e.id];
    for (const field of FIELDS) {
      assertEquals(
        Boolean(t[field]),
        Boolean(e[field]),
        `${e.id}.${field}: present in one language only`,
      );
      assertEquals(kept(t[field]), kept(e[field]), `${e.id}.${field}`);
    }
    const labels = (e.details ?? []).map((d) => d.label);
    assertEquals(
      (t.details ?? []).map(kept),
      labels.map(kept),
      `${e.id}.details`,
    );
  }
});

Deno.test("every seed's claims and every unchecked claim are translated", async () => {
  const english = compute();
  const zh = await translations();
  assertEquals(
    Object.keys(zh.correct).sort(),
    english.correct.map((g) => g.seed).sort(),
  );
  for (const g of english.correct) {
    const t = zh.correct[g.seed];
    assertEquals(kept(t.title), kept(g.title), `${g.seed}: title`);
    assertEquals(t.claims.map(kept), g.claims.map(kept), `${g.seed}: claims`);
  }
  assertEquals(
    zh.unchecked.map((u) => u.seed),
    english.unchecked.map((u) => u.seed),
  );
  english.unchecked.forEach((u, i) => {
    for (const field of ["location", "says", "why"] as const) {
      assertEquals(kept(zh.unchecked[i][field]), kept(u[field]), field);
    }
  });
});

Deno.test("the errata's Chinese prose avoids the glossary's rejected terms", async () => {
  const glossary = parse(await Deno.readTextFile(GLOSSARY)) as {
    avoid?: string[];
  }[];
  const avoided = glossary.flatMap((term) => term.avoid ?? []);
  for await (const entry of Deno.readDir(FOLDER)) {
    const text = await Deno.readTextFile(join(FOLDER, entry.name));
    for (const word of avoided) {
      assert(!text.includes(word), `${entry.name} uses “${word}”`);
    }
  }
});
