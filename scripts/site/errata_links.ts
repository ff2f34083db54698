/**
 * Each exercise page ends with the errata of the source solutions that
 * concern it, linked to their entries on the errata page. The list comes from
 * the audit's results (`results.errata.exercises`), so it follows the audit.
 *
 * @module
 */
import type { Site } from "./site.ts";

/** Options of the errata links plugin. */
export interface ErrataLinksOptions {
  /** Id of the audit's results. */
  id?: string;
  /** URL of the errata page. */
  url?: string;
}

interface ErrataByExercise {
  exercises: { id: string; errata: { id: string; title: string }[] }[];
}

/** Append "Errata that concern this exercise" to every exercise page that has some. */
export function errataLinks(options: ErrataLinksOptions = {}) {
  const { id, url } = { id: "errata", url: "/errata/", ...options };
  return (site: Site) => {
    site.preprocess(() => {
      const audit = (site.data.results as Record<string, unknown>)?.[id] as
        | ErrataByExercise
        | undefined;
      if (!audit) return;
      const byExercise = new Map(audit.exercises.map((e) => [e.id, e.errata]));
      for (const page of site.pages) {
        const errata = byExercise.get(page.data.exercise as string);
        if (page.engine !== "md" || !errata?.length) continue;
        page.content += [
          "",
          "",
          "## Errata that concern this exercise",
          "",
          "The source solutions get these points wrong or imprecise; each entry " +
          "shows the computation that proves it.",
          "",
          ...errata.map((e) => `- [${e.title}](${url}#${e.id})`),
          "",
        ].join("\n");
      }
    });
  };
}
