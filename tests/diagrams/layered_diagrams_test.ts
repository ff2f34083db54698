/**
 * The drawings of a3-3's network and a3-4's autoencoder against the
 * exercises' results: one line per weight, as many as the script counted;
 * the highlighted path is one path through every layer; the notes carry the
 * results' numbers; a drawing whose counts disagree with the results is not
 * drawn.
 *
 * @module
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { parseHTML } from "linkedom";
import {
  diagram as network,
  exampleNetwork,
} from "../../scripts/diagrams/a3-3-network.ts";
import {
  autoencoder,
  diagram as autoencoderDiagram,
} from "../../scripts/diagrams/a3-4-autoencoder.ts";
import { numberLabel } from "../../scripts/diagrams/_hand.ts";
import type { DiagramDrawing } from "../../scripts/diagrams/types.ts";
import { compute as computeA33 } from "../../scripts/exercises/a3-3.ts";
import { compute as computeA34 } from "../../scripts/exercises/a3-4.ts";

const a33 = JSON.parse(JSON.stringify(computeA33()));
const a34 = JSON.parse(JSON.stringify(computeA34()));

function render(drawing: DiagramDrawing | undefined): Element {
  if (!drawing || !("plot" in drawing)) throw new Error("not a hand drawing");
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return drawing.plot(document as unknown as Document);
}

const texts = (svg: Element) =>
  [...svg.querySelectorAll("text")].map((t) => t.textContent ?? "");
const plain = (label: string) => label.replace(/[_^{}]/g, "");

Deno.test("a3-3-network: one line per weight, as many as the script counted, and one highlighted path through every layer", () => {
  const { d, n, c, L, parameters } = a33.example;
  // d n + (L − 1) n² + n c, by the formula of the page, not the drawing's loop.
  assertEquals(parameters, d * n + (L - 1) * n * n + n * c);
  for (const which of ["wide", "narrow"] as const) {
    const svg = render(network.draw(a33)[which]);
    assertEquals(
      svg.querySelectorAll(".weights > path, path.path").length,
      parameters,
      which,
    );
    assertEquals(svg.querySelectorAll("path.path").length, L + 1, which);
    assertEquals(svg.querySelectorAll("circle").length, d + L * n + c, which);
    const drawn = texts(svg).join("\n");
    for (
      const value of [
        a33.example.parameters,
        a33.example.parametersWithBias,
        a33.example.backprop,
        a33.example.paths,
        a33.example.pathsPerInputOutputPair,
      ]
    ) {
      assert(drawn.includes(plain(numberLabel(value))), `${which}: ${value}`);
    }
  }
  const net = exampleNetwork(a33);
  assertEquals(net.layers.map((l) => l.units), [d, n, n, n, c]);
});

Deno.test("a3-3-network: counts that disagree with the results are not drawn", () => {
  const wrong = structuredClone(a33);
  wrong.example.parameters += 1;
  assertThrows(() => network.draw(wrong), Error, "weights");
  const wrongPaths = structuredClone(a33);
  wrongPaths.example.pathsPerInputOutputPair += 1;
  assertThrows(() => network.draw(wrongPaths), Error, "n^L");
});

Deno.test("a3-4-autoencoder: d·k lines each way, the code highlighted, the trained error the eigenvalues left out", () => {
  const { d } = a34;
  const { k } = a34.mixing;
  for (const which of ["wide", "narrow"] as const) {
    const svg = render(autoencoderDiagram.draw(a34)[which]);
    assertEquals(
      svg.querySelectorAll(".weights > path, path.path").length,
      2 * d * k,
      which,
    );
    assertEquals(svg.querySelectorAll("circle").length, 2 * d + k, which);
    const highlighted = [...svg.querySelectorAll("circle")].filter((c) =>
      c.getAttribute("stroke") === "var(--accent)"
    );
    assertEquals(highlighted.length, k, which);
    const drawn = texts(svg).join("\n");
    const row = a34.byHiddenUnits[k];
    assert(drawn.includes(plain(numberLabel(row.trainedError))), which);
    assert(drawn.includes(`k = ${k}`), which);
  }
  const net = autoencoder(a34);
  assertEquals(net.layers.map((l) => l.units), [d, k, d]);
  const wrong = structuredClone(a34);
  wrong.byHiddenUnits[k].trainedError *= 1.01;
  assertThrows(() => autoencoderDiagram.draw(wrong), Error, "left out");
});
