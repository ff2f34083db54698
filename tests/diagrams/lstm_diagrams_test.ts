/**
 * The diagrams of the LSTM (`lstm-cell`, `rnn-3c-paths`) against the code
 * and the numbers they stand for: the cell's graph, evaluated, is the LSTM
 * of the scalar test LSTM; the highlighted carousel is the path whose
 * Jacobian is `diag(f)`; every number drawn is rnn-3c's, and the "all four"
 * row is the sum of the four terms.
 *
 * @module
 */
import { assert, assertEquals, assertLess, assertThrows } from "@std/assert";
import { parseHTML } from "linkedom";
import {
  carouselFactors,
  carouselNote,
  carouselPath,
  diagram as lstmCell,
  evaluateCell,
  LSTM_CELL,
} from "../../scripts/diagrams/lstm-cell.ts";
import {
  diagram as paths,
  pathNorms,
} from "../../scripts/diagrams/rnn-3c-paths.ts";
import { numberLabel } from "../../scripts/diagrams/_hand.ts";
import type { DiagramDrawing } from "../../scripts/diagrams/types.ts";
import { compute, type Rnn3cResults } from "../../scripts/exercises/rnn-3c.ts";
import { randomLstmParams } from "../../scripts/lib/lstm.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import { finiteDifferenceJacobian } from "../../scripts/lib/gradcheck.ts";
import { powerNorm, relative } from "../_independent.ts";
import { scalarLstm } from "../exercises/_scalar_lstm.ts";

const results = JSON.parse(JSON.stringify(compute())) as Rnn3cResults;

function render(drawing: DiagramDrawing | undefined): Element {
  if (!drawing || !("plot" in drawing)) throw new Error("not a hand drawing");
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return drawing.plot(document as unknown as Document);
}

Deno.test("lstm-cell: the graph of the drawing, evaluated, is the LSTM (scalar test LSTM, with biases)", () => {
  const rng = seededRandom(7);
  const params = randomLstmParams(rng, 3, 2, { biasScale: 0.5 });
  const xs = [rng.vector(2), rng.vector(2)];
  const CInit = rng.vector(3);
  const hInit = rng.vector(3);
  const [step] = scalarLstm(params, xs.slice(0, 1), { CInit, hInit });
  const v = evaluateCell(params, { CPrev: CInit, hPrev: hInit, x: xs[0] });
  for (
    const [node, expected] of [
      ["f", step.f],
      ["i", step.i],
      ["o", step.o],
      ["g", step.g],
      ["C", step.C],
      ["COut", step.C],
      ["h", step.h],
      ["hOut", step.h],
    ] as const
  ) {
    assertLess(relative(v[node], expected), 1e-15, node);
  }
  // Every node is computed from nodes listed before it, and every input exists.
  LSTM_CELL.forEach((n, k) => {
    for (const input of n.inputs) {
      assert(
        LSTM_CELL.slice(0, k).some((m) => m.id === input),
        `${n.id} ← ${input}`,
      );
    }
  });
});

Deno.test("lstm-cell: the highlighted path's Jacobian is diag(f_t) (finite differences with h_{t−1}, x_t held)", () => {
  assertEquals(carouselPath(), ["CPrev", "kept", "C", "COut"]);
  assertEquals(carouselFactors(), [{ gate: "f", label: "diag(f_t)" }]);
  const rng = seededRandom(8);
  const params = randomLstmParams(rng, 2, 2);
  const hPrev = rng.vector(2);
  const x = rng.vector(2);
  const CPrev = rng.vector(2);
  const J = finiteDifferenceJacobian(
    (C) => evaluateCell(params, { CPrev: C, hPrev, x }).COut,
    CPrev,
  );
  const [step] = scalarLstm(params, [x], { CInit: CPrev, hInit: hPrev });
  assertLess(relative(J, [[step.f[0], 0], [0, step.f[1]]]), 1e-9);
  // The drawing highlights exactly the edges of that path.
  const svg = render(lstmCell.draw(results).wide);
  const carousel = svg.querySelector("path.carousel")!.getAttribute("d")!;
  assertEquals(carousel.match(/M/g)!.length, 3);
});

Deno.test("lstm-cell: the note is rnn-3c's answer, and a result that is not the identity stops the drawing", () => {
  const [first, second] = carouselNote(results);
  assertEquals(first, "∂C_t/∂C_{t−1} = diag(f_t)");
  assert(second.startsWith("f_t = 1, i_t = 0:"), second);
  const wrong = structuredClone(results);
  wrong.carousel.full[0][0] = 1 - 1e-12;
  assertThrows(() => lstmCell.draw(wrong), Error, "not the identity");
  const svg = render(lstmCell.draw(results).narrow);
  const notes = [...svg.querySelectorAll("text.carousel-note")].map((t) =>
    t.textContent
  );
  assertEquals(notes, [
    "∂Ct/∂Ct−1 = diag(ft)",
    "ft = 1, it = 0:  ∂Ct/∂Ck = I  for every k ≤ t",
  ]);
});

Deno.test("rnn-3c-paths: the numbers drawn are rnn-3c's, and the last row is the norm of the sum of the four terms", () => {
  const norms = pathNorms(results);
  assertEquals(norms.rows.map((r) => r.path), ["direct", "f", "i", "c"]);
  for (
    const [part, key] of [["random", "free"], ["carousel", "carousel"]] as const
  ) {
    const terms = results.stepPaths[part].map((p) => p.term);
    const sum = terms.reduce((a, t) =>
      a.map((row, i) => row.map((v, j) => v + t[i][j]))
    );
    assertLess(relative(norms.all[key], powerNorm(sum)), 1e-9, part);
    norms.rows.forEach((row, k) =>
      assertLess(
        relative(row[key], powerNorm(terms[k])),
        1e-9,
        `${part} ${row.path}`,
      )
    );
  }
  assertEquals(norms.rows.map((r) => r.carousel), [1, 0, 0, 0]);
  // One rendering, for every screen.
  const drawing = paths.draw(results);
  assertEquals(Object.keys(drawing), ["wide"]);
  const svg = render(drawing.wide);
  const drawn = [...svg.querySelectorAll("text")].map((t) => t.textContent);
  for (const row of [...norms.rows, norms.all]) {
    for (const value of [row.free, row.carousel]) {
      const label = numberLabel(value).replace(/[_^{}]/g, "");
      assert(drawn.includes(label), `${label} drawn`);
    }
  }
});
