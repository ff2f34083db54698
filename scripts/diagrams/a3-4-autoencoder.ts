/**
 * The linear autoencoder of exercise a3-4: the input `x` of size `d`, the
 * code `z = U₁x` of size `k`, the reconstruction `x̃ = U₂z` of size `d`, at
 * the sizes of the exercise (`d` from its results, `k` the one its results
 * show in detail), with one line per weight of the encoder and the decoder,
 * and what training found for that `k`: the error, equal to the eigenvalues
 * of `R` left out, and how close the decoder's columns came to the top
 * eigenvectors.
 *
 * @module
 */
import type { A3_4Results } from "../exercises/a3-4.ts";
import type { DiagramDrawing, DiagramSpec } from "./types.ts";
import { numberLabel, numberWords } from "./_hand.ts";
import { drawLayers, type LayeredNetwork } from "./_layers.ts";

/** The autoencoder at the exercise's sizes, its labels and notes. */
export function autoencoder(results: A3_4Results): LayeredNetwork {
  const { d } = results;
  const { k } = results.mixing;
  const row = results.byHiddenUnits.find((r) => r.k === k);
  if (!row) throw new Error(`a3-4-autoencoder: no results for k = ${k}`);
  // The note says the error is the sum of the eigenvalues left out; the
  // figure is drawn only if training got there.
  const leftOut = results.eigenvaluesR.slice(k).reduce((a, b) => a + b, 0);
  if (Math.abs(row.trainedError - leftOut) > 1e-6 * leftOut) {
    throw new Error(
      `a3-4-autoencoder: the trained error ${row.trainedError} is not the sum of the eigenvalues left out, ${leftOut}`,
    );
  }
  const num = (x: number) => numberLabel(x);
  const units = (name: string, count: number) =>
    Array.from({ length: count }, (_, u) => `${name}_${u + 1}`);
  const dropped = Array.from({ length: d - k }, (_, j) => `μ_${k + j + 1}`);
  const kept = Array.from({ length: k }, (_, j) => `v_${j + 1}`).join(", ");
  return {
    layers: [
      { name: "x", size: `d = ${num(d)}`, units: d, unitLabels: units("x", d) },
      {
        name: "z",
        size: `k = ${num(k)}`,
        units: k,
        unitLabels: units("z", k),
        emphasis: true,
      },
      {
        name: "x̃",
        size: `d = ${num(d)}`,
        units: d,
        unitLabels: units("x̃", d),
      },
    ],
    gaps: [
      ["encoder", "z = U_1 x", `U_1: ${num(k)} × ${num(d)}`],
      ["decoder", "x̃ = U_2 z", `U_2: ${num(d)} × ${num(k)}`],
    ],
    notes: {
      wide: [
        `linear, no bias: x̃ = U_2 U_1 x, of rank at most k = ${num(k)}`,
        `trained: J = ${num(row.trainedError)} = ${
          dropped.join(" + ")
        }, the eigenvalues of R left out`,
        `col(U_2) = span(${kept}) to within ${
          num(row.distanceToR.largestAngle)
        } rad`,
      ],
      narrow: [
        "linear, no bias: x̃ = U_2 U_1 x,",
        `of rank at most k = ${num(k)}`,
        `trained: J = ${num(row.trainedError)} = ${dropped.join(" + ")}`,
        `col(U_2) = span(${kept})`,
        `to within ${num(row.distanceToR.largestAngle)} rad`,
      ],
    },
  };
}

/** The autoencoder of a3-4. */
export const diagram: DiagramSpec = {
  name: "a3-4-autoencoder",
  exercise: "a3-4",
  title: "The linear autoencoder: encoder, code, decoder",
  caption: "The autoencoder of the exercise at its sizes: the input $x$ of " +
    "dimension $d$, the code $z = U_1 x$ of $k$ linear units (highlighted), " +
    "and the reconstruction $\\tilde x = U_2 z$, with one line per weight of " +
    "the encoder $U_1$ and the decoder $U_2$. Below, what gradient descent " +
    "found for this $k$: the error $J$ equals the sum of the eigenvalues of " +
    "$R$ that the code leaves out, and the decoder's columns span the top " +
    "$k$ eigenvectors of $R$, to within the angle given.",
  // The numbers are drawn from the results and stated in the page's text;
  // the description says what is where, without typing them again.
  alt: "Diagram of an autoencoder drawn as three columns of circles: the " +
    "inputs x, a narrower middle column, the code z, highlighted, and the " +
    "outputs x tilde, as many as the inputs. Every input is joined to every " +
    "code unit (the encoder U 1) and every code unit to every output (the " +
    "decoder U 2); the shapes of U 1 and U 2 are written under the gaps. " +
    "Notes below: the network is linear with no bias, so x tilde is U 2 U 1 " +
    "x, of rank at most k; the trained error equals the sum of the " +
    "eigenvalues of R that are left out; and the decoder's columns span the " +
    "top k eigenvectors of R to within a tiny angle.",
  describe(results: unknown): string {
    const r = results as A3_4Results;
    const { k } = r.mixing;
    const row = r.byHiddenUnits.find((x) => x.k === k)!;
    const w = (x: number) => numberWords(x);
    return `Diagram of the linear autoencoder drawn as three columns of ` +
      `circles: ${w(r.d)} inputs x, a code z of ${w(k)} units, ` +
      `highlighted, and ${w(r.d)} outputs x tilde. Every input is joined to ` +
      `every code unit by a weight of the encoder U 1, a ${w(k)} by ${
        w(r.d)
      } matrix, and every code unit to every output by a weight of the ` +
      `decoder U 2, ${w(r.d)} by ${w(k)}. Notes: the network is linear ` +
      `with no bias, so x tilde is U 2 U 1 x, of rank at most ${w(k)}; ` +
      `trained, its error J is ${w(row.trainedError)}, the sum of the ` +
      `eigenvalues of R left out; the decoder's columns span the top ${
        w(k)
      } eigenvectors of R to within ${
        w(row.distanceToR.largestAngle)
      } radians.`;
  },
  draw(results: unknown): { wide: DiagramDrawing; narrow: DiagramDrawing } {
    const net = autoencoder(results as A3_4Results);
    return {
      wide: { plot: (document) => drawLayers(document, net, true) },
      narrow: { plot: (document) => drawLayers(document, net, false) },
    };
  },
};
