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
import { diagram as lstmCell } from "./lstm-cell.ts";
import { diagram as rnn3cPaths } from "./rnn-3c-paths.ts";
import { diagram as a33Network } from "./a3-3-network.ts";
import { diagram as a34Autoencoder } from "./a3-4-autoencoder.ts";

/** All diagrams. */
export const DIAGRAMS: DiagramSpec[] = [
  rnnUnrolled,
  rnn2aPaths,
  bpttTermsPaths,
  a31Diagram,
  b3aDiagram,
  a32Sharing,
  lstmCell,
  rnn3cPaths,
  a33Network,
  a34Autoencoder,
];
