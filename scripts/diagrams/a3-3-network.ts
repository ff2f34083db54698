/**
 * The deep network of exercise a3-3, at the size of its worked example
 * (`d` inputs, `L` hidden layers of `n` units, `c` outputs, all taken from
 * the results): one line per weight, each weight matrix labelled with its
 * shape and count, the totals the script counted (parameters,
 * multiplications by backpropagation and by paths), and one of the
 * `n^L` paths from an input to an output highlighted.
 *
 * @module
 */
import type { A3_3Results } from "../exercises/a3-3.ts";
import type { DiagramDrawing, DiagramSpec } from "./types.ts";
import { numberLabel, numberWords } from "./_hand.ts";
import { drawLayers, type LayeredNetwork } from "./_layers.ts";

/** The network of the example, its labels and notes, from a3-3's results. */
export function exampleNetwork(results: A3_3Results): LayeredNetwork {
  const { d, n, c, L, parameters, parametersWithBias, backprop, paths } =
    results.example;
  const pathsPerPair = results.example.pathsPerInputOutputPair;
  const widths = [d, ...new Array<number>(L).fill(n), c];
  // Each weight matrix is (units of its layer) × (units of the layer before).
  const counts = widths.slice(1).map((m, l) => ({ m, k: widths[l] }));
  const weights = counts.reduce((sum, { m, k }) => sum + m * k, 0);
  const biases = widths.slice(1).reduce((sum, m) => sum + m, 0);
  // The drawing's counts are the script's, or the figure is not drawn.
  if (weights !== parameters || weights + biases !== parametersWithBias) {
    throw new Error(
      `a3-3-network: the layers give ${weights} weights and ${biases} biases, ` +
        `the results ${parameters} and ${parametersWithBias - parameters}`,
    );
  }
  if (n ** L !== pathsPerPair) {
    throw new Error(
      `a3-3-network: n^L = ${
        n ** L
      } paths from an input to an output, the results ${pathsPerPair}`,
    );
  }
  const num = (x: number) => numberLabel(x);
  const sizes = ["d", ...new Array<string>(L).fill("n"), "c"];
  return {
    layers: widths.map((units, l) => ({
      name: l === 0 ? "x" : l === L + 1 ? "y" : `h^{(${l})}`,
      size: `${sizes[l]} = ${num(units)}`,
      units,
      unitLabels: l === 0
        ? Array.from({ length: units }, (_, u) => `x_${u + 1}`)
        : l === L + 1
        ? Array.from({ length: units }, (_, u) => `y_${u + 1}`)
        : undefined,
    })),
    gaps: counts.map(({ m, k }, l) => [
      `W^{(${l + 1})}`,
      `${num(m)} × ${num(k)} = ${num(m * k)}`,
    ]),
    bracket: { from: 1, to: L, label: `L = ${num(L)} hidden layers` },
    path: widths.map(() => 0),
    notes: {
      wide: [
        `P = ${counts.map(({ m, k }) => num(m * k)).join(" + ")} = ${
          num(parameters)
        } weights (${num(parametersWithBias)} with biases)`,
        `the gradient: ${num(backprop)} multiplications by backpropagation, ${
          num(paths)
        } by paths`,
        `highlighted: one of the n^L = ${
          num(pathsPerPair)
        } paths from x_1 to y_1`,
      ],
      narrow: [
        `P = ${num(parameters)} weights (${
          num(parametersWithBias)
        } with biases)`,
        `the gradient: ${num(backprop)} multiplications`,
        `by backpropagation, ${num(paths)} by paths`,
        `highlighted: one of the n^L = ${num(pathsPerPair)}`,
        "paths from x_1 to y_1",
      ],
    },
  };
}

/** The network of a3-3's example. */
export const diagram: DiagramSpec = {
  name: "a3-3-network",
  exercise: "a3-3",
  title: "The network of the example, one line per weight",
  caption:
    "The fully connected network of the worked example, drawn to size: " +
    "$d$ inputs, $L$ hidden layers of $n$ units and $c$ outputs, with one " +
    "line for every weight, so that the lines between two layers are the " +
    "entries of that layer's weight matrix. Under each gap, the shape of " +
    "the matrix and its number of weights; below, the totals the script " +
    "counts. The highlighted path is one of the $n^L$ paths from an input " +
    "to an output that the chain rule by paths visits one by one.",
  // The numbers are drawn from the results and stated in the page's text;
  // the description says what is where, without typing them again.
  alt:
    "Diagram of a fully connected network drawn as columns of circles: the " +
    "inputs x, the hidden layers h 1 to h L, and the outputs y, every unit " +
    "joined by a line to every unit of the next column. A bracket spans the " +
    "hidden layers and gives their number L. Under each column, its size " +
    "(d, n or c); under each gap between columns, the weight matrix, its " +
    "shape and its number of weights. Notes below give the total number of " +
    "weights, with and without biases, and the multiplications the gradient " +
    "takes by backpropagation and by summing over paths. One path from the " +
    "first input through the first unit of every hidden layer to the first " +
    "output is highlighted, with the number of such paths from an input to " +
    "an output.",
  describe(results: unknown): string {
    const r = (results as A3_3Results).example;
    const w = (x: number) => numberWords(x);
    return `Diagram of the fully connected network of the example drawn as ` +
      `columns of circles: ${w(r.d)} inputs x, ${w(r.L)} hidden layers of ` +
      `${w(r.n)} units each, and ${w(r.c)} outputs y, every unit joined by a ` +
      `line to every unit of the next column, one line per weight. Under the ` +
      `gaps, each weight matrix with its shape and number of weights. Notes: ` +
      `${w(r.parameters)} weights, ${w(r.parametersWithBias)} with biases; ` +
      `the gradient takes ${w(r.backprop)} multiplications by ` +
      `backpropagation and ${w(r.paths)} by summing over paths. One path ` +
      `from the first input through the first unit of every hidden layer to ` +
      `the first output is highlighted, one of ${
        w(r.pathsPerInputOutputPair)
      } such paths from an input to an output.`;
  },
  draw(results: unknown): { wide: DiagramDrawing; narrow: DiagramDrawing } {
    const net = exampleNetwork(results as A3_3Results);
    return {
      wide: { plot: (document) => drawLayers(document, net, true) },
      narrow: { plot: (document) => drawLayers(document, net, false) },
    };
  },
};
