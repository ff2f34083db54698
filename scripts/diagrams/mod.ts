/**
 * Every diagram of the site, by name. Add a diagram module and list it here.
 *
 * @module
 */
import type { DiagramSpec } from "./types.ts";
import { diagram as rnnUnrolled } from "./rnn-unrolled.ts";
import { diagram as lstmCell } from "./lstm-cell.ts";
import { diagram as rnn3cPaths } from "./rnn-3c-paths.ts";

/** All diagrams. */
export const DIAGRAMS: DiagramSpec[] = [
  rnnUnrolled,
  lstmCell,
  rnn3cPaths,
];
