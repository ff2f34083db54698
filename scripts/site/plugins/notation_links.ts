/**
 * Each exercise and explorer page names, under its title, the symbols of the
 * notation page it uses, each a link to its entry there ("Notation here: σ,
 * diag, ⊙, …"). Which symbols a page uses is read from its source: the TeX
 * commands (`\sigma`, `\odot`, `\partial^+`, `\lVert`, …) and the words
 * ("relative error", "spectral radius").
 *
 * @module
 */
import type { Site } from "../core/site.ts";

/** One entry of the notation page a page may use. */
export interface NotationEntry {
  /** The entry's id on the notation page (`sigma`). */
  id: string;
  /** How it is shown in the list, as HTML (`σ`). */
  symbol: string;
  /** What it is, for the link's title. */
  name: string;
  /** Whether a page's source uses it. */
  used: RegExp;
}

/** The entries of `content/notation.md` a page can be found to use. */
export const NOTATION: NotationEntry[] = [
  {
    id: "sigma",
    symbol: "σ",
    name: "the logistic sigmoid",
    used: /\\sigma(?![a-zA-Z'])/,
  },
  {
    id: "sigma-prime",
    symbol: "σ′, tanh′",
    name: "derivatives of the activations",
    used: /\\sigma'|\\tanh'|f'/,
  },
  {
    id: "diag",
    symbol: "diag",
    name: "diagonal matrix",
    used: /\\diag\b|\\operatorname\{diag\}/,
  },
  {
    id: "hadamard",
    symbol: "⊙",
    name: "entry-by-entry product",
    used: /\\odot/,
  },
  {
    id: "jacobian-layout",
    symbol: "∂y/∂x",
    name: "the layout of Jacobians",
    used: /\\partial/,
  },
  {
    id: "partial-vs-total",
    symbol: "∂⁺ and d",
    name: "immediate and total derivatives",
    used: /\\partial\^\+|\\frac\{d\s*[a-zA-Z]/,
  },
  {
    id: "norms",
    symbol: "‖·‖₂, ‖·‖<sub>F</sub>",
    name: "spectral and Frobenius norms",
    used: /\\lVert|\\norm\{|\\\|/,
  },
  {
    id: "spectral-radius",
    symbol: "ρ",
    name: "spectral radius",
    used: /\\rho\b|spectral radius/,
  },
  {
    id: "relative-error",
    symbol: "relative error",
    name: "the one error measure",
    used: /relative(ly)?\s+(error|\{\{|difference)|to a relative/i,
  },
];

/** Options of the notation links plugin. */
export interface NotationLinksOptions {
  /** The URL of the notation page. */
  page?: string;
  /** The entries to look for. */
  entries?: NotationEntry[];
}

/**
 * Set `notation` (the entries used, each with its link) on every exercise
 * and explorer page.
 */
export function notationLinks(options: NotationLinksOptions = {}) {
  const { page: url, entries } = {
    page: "/notation/",
    entries: NOTATION,
    ...options,
  };
  return (site: Site) => {
    site.preprocess([".md"], (pages) => {
      for (const page of pages) {
        if (page.engine !== "md") continue;
        if (!page.data.exercise && !page.data.explorer) continue;
        page.data.notation = usedNotation(page.content, entries).map((e) => ({
          id: e.id,
          url: `${url}#${e.id}`,
          symbol: e.symbol,
          name: e.name,
        }));
      }
    });
  };
}

/**
 * The entries `source` uses, in the notation page's order.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { usedNotation } from "./notation_links.ts";
 * assertEquals(
 *   usedNotation("$C_t = f_t \\odot C_{t-1}$, $\\sigma(z)$").map((e) => e.id),
 *   ["sigma", "hadamard"],
 * );
 * ```
 */
export function usedNotation(
  source: string,
  entries: NotationEntry[] = NOTATION,
): NotationEntry[] {
  return entries.filter((entry) => entry.used.test(source));
}

export default notationLinks;
