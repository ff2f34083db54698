/**
 * Every diagram of the site, by name. Add a diagram module and list it here.
 *
 * @module
 */
import type { DiagramSpec } from "./types.ts";
import { diagram as rnnUnrolled } from "./rnn-unrolled.ts";
import {
  diagram as rnn2aPaths,
  explorerDiagram as bpttTermsPaths,
} from "./bptt-paths.ts";
import { a31Diagram, b3aDiagram } from "./softmax-rnn.ts";
import { diagram as a32Sharing } from "./shared-weights.ts";

/** All diagrams. */
export const DIAGRAMS: DiagramSpec[] = [
  rnnUnrolled,
  rnn2aPaths,
  bpttTermsPaths,
  a31Diagram,
  b3aDiagram,
  a32Sharing,
];
