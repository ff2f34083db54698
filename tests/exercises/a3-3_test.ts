import { assert, assertEquals, assertGreater, assertLess } from "@std/assert";
import {
  type Architecture,
  backpropagate,
  buildNetwork,
  compute,
  countNetwork,
  countParameters,
  forEachPath,
  forward,
  type Layer,
  MultiplicationCounter,
  pathEnumeration,
} from "../../scripts/exercises/a3-3.ts";
import {
  activation,
  finiteDifferenceGradient,
  matmul,
  type Matrix,
  relativeError,
  seededRandom,
  sum,
  Value,
} from "../../scripts/lib/mod.ts";

// Independent counts, written from the list of layer widths
// [d, n, …, n, c] rather than from the closed forms of the script.

function widths({ inputs, width, depth, outputs }: Architecture): number[] {
  return [inputs, ...Array.from({ length: depth }, () => width), outputs];
}

function weightCount(arch: Architecture): number {
  const w = widths(arch);
  let total = 0;
  for (let l = 1; l < w.length; l++) total += w[l] * w[l - 1];
  return total;
}

function biasCount(arch: Architecture): number {
  return widths(arch).slice(1).reduce((a, b) => a + b, 0);
}

/** Backpropagation: per layer m (δ) + mk (∂J/∂W) + mk (Wᵀδ, not for layer 1). */
function backpropByLayers(arch: Architecture): number {
  const w = widths(arch);
  let total = 0;
  for (let l = 1; l < w.length; l++) {
    const m = w[l], k = w[l - 1];
    total += m + m * k + (l > 1 ? m * k : 0);
  }
  return total;
}

function ones(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array(cols).fill(1));
}

/**
 * Paths from each unit of layer l to the outputs, by multiplying all-ones
 * connection matrices (the entry (o, i) of C⁽ᴸ⁺¹⁾ ⋯ C⁽ˡ⁺¹⁾ counts the paths
 * from i to o).
 */
function pathsFromUnit(arch: Architecture, layer: number): number {
  const w = widths(arch);
  let product: Matrix = ones(1, w[w.length - 1]); // sums over the outputs
  for (let l = w.length - 1; l > layer; l--) {
    product = matmul(product, ones(w[l], w[l - 1]));
  }
  return product[0][0];
}

/** Paths from input j to output o: entry (o, j) of C⁽ᴸ⁺¹⁾ ⋯ C⁽¹⁾. */
function pathsInputToOutput(arch: Architecture): number {
  const w = widths(arch);
  let product: Matrix = ones(w[w.length - 1], w[w.length - 2]);
  for (let l = w.length - 2; l > 0; l--) {
    product = matmul(product, ones(w[l], w[l - 1]));
  }
  return product[0][0];
}

/** Path enumeration: each path from layer l makes 2·steps + 1 products. */
function pathsByLayers(arch: Architecture): number {
  const w = widths(arch);
  let total = weightCount(arch);
  for (let l = 1; l < w.length; l++) {
    const steps = w.length - 1 - l;
    total += w[l] * pathsFromUnit(arch, l) * (2 * steps + 1);
  }
  return total;
}

// The seed's three totals, transcribed from seed 001 (C read as c).
function seedTotals(
  { inputs: d, width: n, depth: L, outputs: c }: Architecture,
) {
  let pathSum = 0;
  for (let i = 1; i <= L - 1; i++) pathSum += (L - i + 1) * c * n ** (L - i);
  return {
    parameters: c * n + n ** 2 * (L - 1) + c * n,
    backprop: 2 * n * c + 2 * n + (2 * n ** 2 + 2 * n) * (L - 1) + 2 * n * d,
    paths: 2 * c * n + c * n + 2 * n ** 2 + 2 * d * n + pathSum,
  };
}

function randomShapes(count: number): Architecture[] {
  const rng = seededRandom(31);
  const pick = (lo: number, hi: number) => Math.floor(rng.between(lo, hi + 1));
  return Array.from({ length: count }, () => ({
    inputs: pick(1, 5),
    width: pick(1, 3),
    depth: pick(1, 4),
    outputs: pick(1, 3),
  }));
}

Deno.test("countNetwork() counts agree with the layer-by-layer counts on random shapes", () => {
  for (const [index, arch] of randomShapes(25).entries()) {
    const counts = countNetwork(arch, index);
    assertEquals(counts.parameters, weightCount(arch));
    assertEquals(counts.parametersFormula, weightCount(arch));
    assertEquals(
      counts.parametersWithBias,
      weightCount(arch) + biasCount(arch),
    );
    assertEquals(
      counts.parametersWithBiasFormula,
      weightCount(arch) + biasCount(arch),
    );
    assertEquals(counts.backprop, backpropByLayers(arch));
    assertEquals(counts.backpropFormula, backpropByLayers(arch));
    assertEquals(counts.paths, pathsByLayers(arch));
    assertEquals(counts.pathsFormula, pathsByLayers(arch));
    assertEquals(counts.pathsPerInputOutputPair, pathsInputToOutput(arch));
    assertLess(counts.gradientDifference, 1e-12);
  }
});

Deno.test("forEachPath() lists as many paths as the products of connection matrices", () => {
  const arch = { inputs: 2, width: 3, depth: 3, outputs: 2 };
  const layers = buildNetwork(arch, seededRandom(5), false);
  for (let l = 0; l < layers.length; l++) {
    const seen = new Set<string>();
    forEachPath(layers, l, 0, (path) => seen.add(path.join(",")));
    assertEquals(seen.size, pathsFromUnit(arch, l + 1));
  }
});

// An independent gradient: the same network written scalar by scalar on the
// autodiff Value, with J = ½‖y − t‖².
function autodiffGradient(layers: Layer[], x: number[], target: number[]) {
  const W = layers.map((l) =>
    l.weights.map((row) => row.map((w) => new Value(w)))
  );
  const b = layers.map((l) => (l.bias ?? []).map((v) => new Value(v)));
  let h: Value[] = x.map((v) => new Value(v));
  W.forEach((Wl, l) => {
    h = Wl.map((row, i) =>
      sum([...row.map((w, j) => w.mul(h[j])), b[l][i]]).tanh()
    );
  });
  const J = sum(
    h.map((y, i) => y.sub(target[i]).mul(y.sub(target[i])).mul(0.5)),
  );
  J.backward();
  return {
    weights: W.map((Wl) => Wl.map((row) => row.map((w) => w.grad))),
    biases: b.map((bl) => bl.map((v) => v.grad)),
  };
}

function gradientSetup() {
  const arch = { inputs: 4, width: 3, depth: 3, outputs: 2 };
  const rng = seededRandom(11);
  const layers = buildNetwork(arch, rng, true);
  const x = rng.vector(arch.inputs);
  const target = rng.vector(arch.outputs);
  const f = activation("tanh");
  const trace = forward(layers, x, f);
  const g = trace.output.map((y, i) => y - target[i]);
  return { layers, x, target, f, trace, g };
}

Deno.test("backpropagate() matches finite differences and the autodiff reference", () => {
  const { layers, x, target, f, trace, g } = gradientSetup();
  const grads = backpropagate(layers, trace, g, new MultiplicationCounter());
  const params: Record<string, Matrix | number[]> = {};
  layers.forEach((l, i) => {
    params[`W${i}`] = l.weights;
    params[`b${i}`] = l.bias!;
  });
  const loss = (p: Record<string, Matrix | number[]>) => {
    const net = layers.map((_, i) => ({
      weights: p[`W${i}`] as Matrix,
      bias: p[`b${i}`] as number[],
    }));
    const y = forward(net, x, f).output;
    return 0.5 * y.reduce((s, yi, i) => s + (yi - target[i]) ** 2, 0);
  };
  const fd = finiteDifferenceGradient(loss, params);
  const ad = autodiffGradient(layers, x, target);
  layers.forEach((_, i) => {
    assertLess(relativeError(grads.weights[i], fd[`W${i}`] as Matrix), 1e-6);
    assertLess(relativeError(grads.biases[i], fd[`b${i}`] as number[]), 1e-6);
    assertLess(relativeError(grads.weights[i], ad.weights[i]), 1e-9);
    assertLess(relativeError(grads.biases[i], ad.biases[i]), 1e-9);
  });
});

Deno.test("pathEnumeration() gives the autodiff gradient too", () => {
  const { layers, x, target, trace, g } = gradientSetup();
  const grads = pathEnumeration(layers, trace, g, new MultiplicationCounter());
  const ad = autodiffGradient(layers, x, target);
  layers.forEach((_, i) => {
    assertLess(relativeError(grads.weights[i], ad.weights[i]), 1e-9);
    assertLess(relativeError(grads.biases[i], ad.biases[i]), 1e-9);
  });
});

Deno.test("biases change the parameter count but not the multiplications", () => {
  const arch = { inputs: 3, width: 2, depth: 2, outputs: 2 };
  const f = activation("tanh");
  const counts = [false, true].map((withBias) => {
    const rng = seededRandom(3);
    const layers = buildNetwork(arch, rng, withBias);
    const trace = forward(layers, rng.vector(3), f);
    const bp = new MultiplicationCounter();
    backpropagate(layers, trace, [1, -1], bp);
    const pe = new MultiplicationCounter();
    pathEnumeration(layers, trace, [1, -1], pe);
    return { params: countParameters(layers), bp: bp.count, pe: pe.count };
  });
  assertEquals(counts[1].params - counts[0].params, biasCount(arch));
  assertEquals(counts[1].bp, counts[0].bp);
  assertEquals(counts[1].pe, counts[0].pe);
});

Deno.test("compute(): every count agrees with the layer-by-layer count and the seed's transcription", () => {
  const r = compute();
  const rows = [r.example, ...r.depthTable];
  for (const row of rows) {
    const arch = { inputs: row.d, width: row.n, depth: row.L, outputs: row.c };
    assertEquals(row.parameters, weightCount(arch));
    assertEquals(row.parametersWithBias, weightCount(arch) + biasCount(arch));
    assertEquals(row.backprop, backpropByLayers(arch));
    assertEquals(row.backpropFormula, row.backprop);
    assertEquals(row.paths, pathsByLayers(arch));
    assertEquals(row.pathsFormula, row.paths);
    assertEquals(row.pathsPerInputOutputPair, pathsInputToOutput(arch));
    const seed = seedTotals(arch);
    assertEquals(row.seedParameters, seed.parameters);
    assertEquals(row.seedBackprop, seed.backprop);
    assertEquals(row.seedPaths, seed.paths);
    assertLess(row.gradientDifference, 1e-12);
  }
  for (const row of r.comparison) {
    const arch = { inputs: row.d, width: row.n, depth: row.L, outputs: row.c };
    assertEquals(row.parameters, weightCount(arch));
    assertEquals(row.backprop, backpropByLayers(arch));
    assertEquals(row.paths, pathsByLayers(arch));
    const seed = seedTotals(arch);
    assertEquals(row.seedParameters, seed.parameters);
    assertEquals(row.seedBackprop, seed.backprop);
    assertEquals(row.seedPaths, seed.paths);
  }
  const last = r.depthTable[r.depthTable.length - 1];
  assertEquals(r.ratioAtDepth10, last.paths / last.backprop);
  assertEquals(
    r.costVsDepth,
    r.depthTable.flatMap((row) => [
      { L: row.L, method: "backpropagation", multiplications: row.backprop },
      { L: row.L, method: "path enumeration", multiplications: row.paths },
    ]),
  );
});

Deno.test("compute(): per-layer path costs add up to the counted total", () => {
  const r = compute();
  const arch = {
    inputs: r.example.d,
    width: r.example.n,
    depth: r.example.L,
    outputs: r.example.c,
  };
  for (const row of r.exampleLayers) {
    assertEquals(row.pathsPerUnit, pathsFromUnit(arch, row.layer));
    assertEquals(row.multiplicationsPerPath, 2 * (arch.depth - row.layer) + 3);
    assertEquals(
      row.layerCost,
      arch.width * row.pathsPerUnit * row.multiplicationsPerPath,
    );
  }
  const hidden = r.exampleLayers.reduce((s, row) => s + row.layerCost, 0);
  // + output units (one product each) + one product per weight
  assertEquals(hidden + arch.outputs + r.example.parameters, r.example.paths);
  // The seed's per-layer term is the cost of one unit: n times too small
  // (and with fewer multiplications per path).
  for (const row of r.exampleLayers.slice(0, -1)) {
    assertEquals(
      row.seedLayerCost,
      row.pathsPerUnit * row.seedMultiplicationsPerPath,
    );
  }
});

Deno.test("backpropagation grows linearly with depth, path enumeration by a factor of about n per layer", () => {
  const r = compute();
  const bp = r.depthTable.map((row) => row.backprop);
  const pe = r.depthTable.map((row) => row.paths);
  const n = r.depthTable[0].n;
  for (let i = 2; i < bp.length; i++) {
    assertEquals(bp[i] - 2 * bp[i - 1] + bp[i - 2], 0); // constant increments
  }
  for (let i = 1; i < pe.length; i++) {
    assertGreater(pe[i] / pe[i - 1], n); // (2s + 1) grows too, so > n
    assertLess(pe[i] / pe[i - 1], n + 3);
  }
  assertGreater(r.ratioAtDepth10, 1e4);
  // The page: backpropagation costs about twice the number of weights.
  r.depthTable.forEach((row) => {
    assertGreater(row.backprop / row.parameters, 1.5);
    assertLess(row.backprop / row.parameters, 2.5);
  });
  // Path enumeration is never cheaper, even at L = 1.
  r.depthTable.forEach((row) => assert(row.paths >= row.backprop));
});

Deno.test("the seed's formulas differ from the counts", () => {
  const r = compute();
  for (const row of r.depthTable) {
    // First layer: the seed writes cn where there are dn weights.
    assertEquals(row.parameters - row.seedParameters, (row.d - row.c) * row.n);
    assert(row.seedBackprop !== row.backprop);
    assert(row.seedPaths !== row.paths);
  }
});

Deno.test("a3-3: (2L + 1) c n^L is 30% low at L = 10; the summed tail (2L + 1 − 2/(n − 1)) c n^(L+1)/(n − 1) is within 1e-4", () => {
  const r = compute();
  const a = r.pathsApproximation;
  const { n, c, L } = r.depthTable[9];
  assertEquals(a.L, 10);
  // M_paths by the sum, in exact integers (BigInt), independent of the script.
  let sum = 0n;
  for (let s = 0; s <= L; s++) {
    sum += BigInt(2 * s + 1) * BigInt(c) * BigInt(n) ** BigInt(s);
  }
  const exact = Number(sum) + r.depthTable[9].parameters;
  assertEquals(a.exact, exact);
  // The old approximation, evaluated here: over 25% low.
  const leading = (2 * L + 1) * c * n ** L;
  assertEquals(a.leadingTerm, leading);
  assertGreater((exact - leading) / exact, 0.25);
  assertLess(Math.abs(a.leadingTermError - (exact - leading) / exact), 1e-15);
  // The corrected one, in exact rationals: numerator over (n − 1)².
  const numerator = (BigInt(2 * L + 1) * BigInt(n - 1) - 2n) * BigInt(c) *
    BigInt(n) ** BigInt(L + 1);
  const corrected = Number(numerator) / (n - 1) ** 2;
  assertLess(Math.abs(a.corrected - corrected), 1e-6);
  assertLess(Math.abs(corrected - exact) / exact, 1e-4);
  assertLess(
    Math.abs(a.correctedError - Math.abs(corrected - exact) / exact),
    1e-12,
  );
});
