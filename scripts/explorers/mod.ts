/**
 * Every explorer of the site, by id. Add an explorer module, its chart in
 * `scripts/charts/`, and list both here and in `scripts/explorers/browser.ts`.
 *
 * @module
 */
import type { Explorer } from "./_controls.ts";
import { explorer as matrixPowers } from "./matrix-powers.ts";
import { explorer as gradientFlow } from "./gradient-flow.ts";
import { explorer as bpttTerms } from "./bptt-terms.ts";

/** All explorers, in the order of their pages. */
export const EXPLORERS: Explorer[] = [
  matrixPowers,
  gradientFlow,
  bpttTerms,
];
