/**
 * A fully connected network drawn layer by layer: each layer a column of
 * units (a row on a phone), every unit joined to every unit of the next
 * layer by one line (so the lines between two layers are the weights of
 * that matrix, one each), with the layer's name and size beside it, a label
 * for each weight matrix between the layers, an optional bracket over some
 * layers, a highlighted path and a few lines of notes. Placed by hand: the
 * columns are evenly spaced and the units centred, which no layout engine
 * improves on for a layered network.
 *
 * @module
 */
import {
  COLOR,
  el,
  finishDrawing,
  type Point,
  round,
  SMALL,
  svgRoot,
  text,
} from "./_hand.ts";

/** One layer: its name, its size, its units. */
export interface LayerSpec {
  /** Its name in the label markup of `_hand.ts` (`"h^{(1)}"`). */
  name: string;
  /** Its size, as a label (`"n = 3"`). */
  size: string;
  /** How many units to draw. */
  units: number;
  /** Labels inside the units, if any (`"x_1"`, …). */
  unitLabels?: string[];
  /** Draw this layer's units in the accent colour. */
  emphasis?: boolean;
}

/** What to draw. */
export interface LayeredNetwork {
  layers: LayerSpec[];
  /** One entry per pair of consecutive layers: the lines of its label. */
  gaps: string[][];
  /** A bracket over the layers `from … to` (indices), with a label. */
  bracket?: { from: number; to: number; label: string };
  /** One unit index per layer: a path drawn in the accent colour. */
  path?: number[];
  /** Lines of notes below the drawing, wide and narrow. */
  notes: { wide: string[]; narrow: string[] };
}

/** The centre of every unit, by layer, for one orientation. */
interface Placement {
  width: number;
  height: number;
  units: Point[][];
  /** Where a layer's name and size go. */
  name: (layer: number) => { at: Point; anchor: "start" | "middle" };
  size: (layer: number) => { at: Point; anchor: "start" | "middle" };
  /** Where the first line of a gap's label goes. */
  gap: (gap: number) => { at: Point; anchor: "start" | "middle" };
  notes: (line: number) => Point;
  noteAnchor: "start" | "middle";
}

const RADIUS = 14;
const LINE = 20;

function place(net: LayeredNetwork, wide: boolean): Placement {
  const most = Math.max(...net.layers.map((l) => l.units));
  const count = net.layers.length;
  if (wide) {
    // Every wide drawing is 580 units wide, the widest that keeps 15-unit
    // text at 11 px or more in the narrowest column it is shown in.
    const width = 580;
    const margin = 60;
    const spacing = (width - 2 * margin) / (count - 1);
    const unit = 46;
    const top = net.bracket ? 84 : 52;
    const middle = top + ((most - 1) * unit) / 2;
    const bottom = top + (most - 1) * unit;
    const gapY = bottom + RADIUS + 54;
    const gapLines = Math.max(...net.gaps.map((g) => g.length));
    const notesY = gapY + gapLines * 18 + 18;
    return {
      width,
      height: notesY + net.notes.wide.length * LINE + 4,
      units: net.layers.map((layer, l) =>
        Array.from({ length: layer.units }, (_, u) => ({
          x: margin + l * spacing,
          y: middle + (u - (layer.units - 1) / 2) * unit,
        }))
      ),
      name: (l) => ({
        at: { x: margin + l * spacing, y: top - RADIUS - 16 },
        anchor: "middle",
      }),
      size: (l) => ({
        at: { x: margin + l * spacing, y: bottom + RADIUS + 18 },
        anchor: "middle",
      }),
      gap: (g) => ({
        at: { x: margin + (g + 0.5) * spacing, y: gapY },
        anchor: "middle",
      }),
      notes: (k) => ({ x: width / 2, y: notesY + k * LINE }),
      noteAnchor: "middle",
    };
  }
  // Narrow: the layers are rows, top to bottom; names on the left, the
  // labels of the weights on the right.
  const width = 360;
  const unit = 40;
  const spacing = 96;
  const left = 74;
  const right = 84;
  const centre = left + (width - left - right) / 2;
  const top = net.bracket ? 60 : 30;
  const last = top + (count - 1) * spacing;
  const notesY = last + RADIUS + 36;
  return {
    width,
    height: notesY + net.notes.narrow.length * LINE + 4,
    units: net.layers.map((layer, l) =>
      Array.from({ length: layer.units }, (_, u) => ({
        x: centre + (u - (layer.units - 1) / 2) * unit,
        y: top + l * spacing,
      }))
    ),
    name: (l) => ({ at: { x: 8, y: top + l * spacing - 9 }, anchor: "start" }),
    size: (l) => ({
      at: { x: 8, y: top + l * spacing + 12 },
      anchor: "start",
    }),
    gap: (g) => ({
      at: { x: width - right + 6, y: top + (g + 0.5) * spacing - 9 },
      anchor: "start",
    }),
    notes: (k) => ({ x: 8, y: notesY + k * LINE }),
    noteAnchor: "start",
  };
}

/**
 * Draw a layered network, wide (layers as columns) or narrow (as rows).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { drawLayers } from "./_layers.ts";
 * const { document } = parseHTML("<svg></svg>");
 * const svg = drawLayers(document as unknown as Document, {
 *   layers: [{ name: "x", size: "d = 2", units: 2 }, { name: "y", size: "c = 3", units: 3 }],
 *   gaps: [["W", "3 × 2 = 6"]],
 *   notes: { wide: [], narrow: [] },
 * }, true);
 * assertEquals(svg.querySelectorAll(".weights > path, .path").length, 6); // one line per weight
 * assertEquals(svg.querySelectorAll("circle").length, 5);
 * ```
 */
export function drawLayers(
  document: Document,
  net: LayeredNetwork,
  wide: boolean,
): Element {
  if (net.gaps.length !== net.layers.length - 1) {
    throw new Error(
      `${net.layers.length} layers need ${
        net.layers.length - 1
      } gap labels, got ${net.gaps.length}`,
    );
  }
  const at = place(net, wide);
  const svg = svgRoot(document, at.width, at.height);
  const onPath = (l: number, u: number) => net.path?.[l] === u;
  // The weights: one line from every unit to every unit of the next layer,
  // the highlighted path over the rest.
  const lines: { from: Point; to: Point; highlighted: boolean }[] = [];
  for (let l = 0; l + 1 < net.layers.length; l++) {
    at.units[l].forEach((from, u) =>
      at.units[l + 1].forEach((to, v) =>
        lines.push({ from, to, highlighted: onPath(l, u) && onPath(l + 1, v) })
      )
    );
  }
  lines.sort((a, b) => Number(a.highlighted) - Number(b.highlighted));
  // The ordinary lines share their colour and width through one group, and
  // the circles theirs through another (a page draws a diagram twice, wide
  // and narrow: what each element repeats, it weighs twice).
  const weights = el(document, "g", {
    class: "weights",
    stroke: COLOR.soft,
    "stroke-width": 1,
  });
  svg.appendChild(weights);
  for (const { from, to, highlighted } of lines) {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy);
    const start = {
      x: from.x + (dx / length) * RADIUS,
      y: from.y + (dy / length) * RADIUS,
    };
    const end = {
      x: to.x - (dx / length) * RADIUS,
      y: to.y - (dy / length) * RADIUS,
    };
    const d = `M${round(start.x)},${round(start.y)}L${round(end.x)},${
      round(end.y)
    }`;
    if (highlighted) {
      svg.appendChild(el(document, "path", {
        class: "path",
        d,
        stroke: COLOR.accent,
        "stroke-width": 3,
      }));
    } else weights.appendChild(el(document, "path", { d }));
  }
  // Over the lines, under every label.
  const units = el(document, "g", { fill: COLOR.bgSoft, "stroke-width": 1.2 });
  svg.appendChild(units);
  net.layers.forEach((layer, l) => {
    at.units[l].forEach((p, u) => {
      const accent = layer.emphasis || onPath(l, u);
      units.appendChild(el(document, "circle", {
        cx: p.x,
        cy: p.y,
        r: RADIUS,
        stroke: accent ? COLOR.accent : undefined,
        "stroke-width": accent ? 2.5 : undefined,
      }));
      const label = layer.unitLabels?.[u];
      if (label) {
        svg.appendChild(text(document, p, label, { size: SMALL + 1 }));
      }
    });
    const name = at.name(l);
    svg.appendChild(text(document, name.at, layer.name, {
      anchor: name.anchor,
    }));
    const size = at.size(l);
    svg.appendChild(text(document, size.at, layer.size, {
      anchor: size.anchor,
      size: SMALL + 1,
      color: COLOR.soft,
    }));
  });
  net.gaps.forEach((lines, g) => {
    const { at: p, anchor } = at.gap(g);
    lines.forEach((line, k) =>
      svg.appendChild(
        text(document, { x: p.x, y: p.y + k * 18 }, line, {
          anchor,
          size: k === 0 ? undefined : SMALL + 1,
          color: k === 0 ? COLOR.text : COLOR.soft,
        }),
      )
    );
  });
  if (net.bracket) {
    const { from, to, label } = net.bracket;
    if (wide) {
      const x1 = at.units[from][0].x - RADIUS;
      const x2 = at.units[to][0].x + RADIUS;
      const y = at.name(from).at.y - 24;
      svg.appendChild(el(document, "path", {
        d: `M${x1},${y + 7}V${y}H${x2}V${y + 7}`,
        "stroke-width": 1.2,
      }));
      svg.appendChild(text(document, { x: (x1 + x2) / 2, y: y - 14 }, label));
    } else {
      // On a phone the bracket stands above the rows, as a line of text.
      svg.appendChild(
        text(document, { x: 8, y: 14 }, label, { anchor: "start" }),
      );
    }
  }
  const notes = wide ? net.notes.wide : net.notes.narrow;
  notes.forEach((line, k) =>
    svg.appendChild(
      text(document, at.notes(k), line, {
        anchor: at.noteAnchor,
        className: "note",
      }),
    )
  );
  return finishDrawing(document, svg);
}
