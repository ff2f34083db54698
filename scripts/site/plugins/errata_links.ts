/**
 * Where each erratum lives, and the links to it. The errata of the audit
 * are published one page per seed (`/errata/seed-000/`, made from a
 * template by the generate plugin, with {@link errataPageUrl}); the
 * `erratumUrl` filter gives any page the address of an erratum by its id,
 * and each exercise page ends with the errata of the source solutions that
 * concern it, linked to their entries, folded like the solution (their
 * titles give parts of the answer away). The lists come from the audit's
 * results (`results.errata`), so they follow the audit.
 *
 * @module
 */
import { BuildError, type Site } from "../core/site.ts";
import { pagePart } from "./exercise_parts.ts";
import { escapeHtml } from "./_format.ts";
import { fill, stringsOf } from "./multilanguage.ts";

/** Options of the errata links plugin. */
export interface ErrataLinksOptions {
  /** Id of the audit's results. */
  id?: string;
  /** The URL of the page of a seed's errata, from the seed's file name. */
  pageUrl?: (seed: string) => string;
  /**
   * By language, the site data holding the errata's translated prose
   * (`{ zh: "errataZh" }`: `errata[id].title`), for the titles listed on
   * a page in that language; an erratum it lacks keeps its English title.
   */
  translations?: Record<string, string>;
}

/** What the plugin reads of the audit's results. */
interface Audit {
  entries: { id: string; seed: string }[];
  exercises: { id: string; errata: { id: string; title: string }[] }[];
}

/**
 * The number of a seed, from its file name: the number the sources are
 * known by.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { seedNumber } from "./errata_links.ts";
 * assertEquals(seedNumber("003_3e11785897c87e52.txt"), "003");
 * ```
 */
export function seedNumber(seed: string): string {
  return seed.split("_")[0];
}

/**
 * The URL of the page of a seed's errata.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { errataPageUrl } from "./errata_links.ts";
 * assertEquals(errataPageUrl("003_3e11785897c87e52.txt"), "/errata/seed-003/");
 * ```
 */
export function errataPageUrl(seed: string): string {
  return `/errata/seed-${seedNumber(seed)}/`;
}

/**
 * Register the filters `erratumUrl` (`{{ "000-q-typo" |> erratumUrl }}`) and
 * `errataPageUrl` (`{{ group.seed |> errataPageUrl }}`), and append "Errata
 * that concern this exercise" to every exercise page that has some, its list
 * in a closed `<details class="critique">`.
 */
export function errataLinks(options: ErrataLinksOptions = {}) {
  const { id, pageUrl, translations } = {
    id: "errata",
    pageUrl: errataPageUrl,
    translations: {} as Record<string, string>,
    ...options,
  };
  return (site: Site) => {
    const audit = () =>
      (site.globalData.results as Record<string, unknown> | undefined)?.[id] as
        | Audit
        | undefined;
    const erratumUrl = (erratum: string) => {
      const entry = audit()?.entries.find((e) => e.id === erratum);
      if (!entry) {
        throw new BuildError(`erratumUrl: no erratum has the id "${erratum}"`);
      }
      return `${pageUrl(entry.seed)}#${entry.id}`;
    };
    site.filter("erratumUrl", erratumUrl);
    site.filter("errataPageUrl", pageUrl);
    site.preprocess([".md"], (pages) => {
      const byExercise = new Map(
        audit()?.exercises.map((e) => [e.id, e.errata]) ?? [],
      );
      for (const page of pages) {
        const errata = byExercise.get(page.data.exercise as string);
        // Once per exercise: on its first part.
        if (page.engine !== "md" || !errata?.length || pagePart(page) !== 1) {
          continue;
        }
        const t = stringsOf(site, page.data.lang);
        const key = translations[page.data.lang as string];
        const translated = (key
          ? (site.globalData[key] as
            | { errata?: Record<string, { title?: string }> }
            | undefined)?.errata
          : undefined) ?? {};
        page.content += [
          "",
          "",
          `## ${
            t["errata-concern-heading"] ?? "Errata that concern this exercise"
          }`,
          "",
          t["errata-concern-text"] ??
            "The source solutions get these points wrong or imprecise; each entry " +
              "shows the computation that proves it.",
          "",
          // Folded as the solution is: the titles give parts of the answer
          // away ("“Any” eigenvalue above 1 answered as “all”").
          `<details class="critique">`,
          `<summary>${
            escapeHtml(
              errata.length === 1
                ? t["errata-concern-summary-one"] ?? "Show the erratum"
                : fill(
                  t["errata-concern-summary"] ?? "Show the errata ({n})",
                  { n: errata.length },
                ),
            )
          }</summary>`,
          "",
          ...errata.map((e) =>
            `- [${translated[e.id]?.title ?? e.title}](${erratumUrl(e.id)})`
          ),
          "",
          "</details>",
          "",
        ].join("\n");
      }
    });
  };
}

export default errataLinks;
