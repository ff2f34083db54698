import { assert, assertEquals, assertLess } from "@std/assert";
import { seededRandom } from "../../scripts/lib/random.ts";
import {
  compute,
  COUNT_LENGTHS,
  example,
  unrolledTex,
} from "../../scripts/exercises/a3-2.ts";

const r = compute();
const { params, h0, xs } = example();

/** A parsed formula: an application of F, or a state h_i / input x_i. */
type Node = { args: Node[] } | { symbol: "h" | "x"; index: number };

/**
 * Parse a TeX formula such as `F_\theta(F_\theta(h_0, x_1), x_2)` into a tree,
 * with `t` standing for the given step, so that the formula itself can be
 * evaluated.
 */
function parse(tex: string, t: number): Node {
  let at = 0;
  const node = (): Node => {
    if (tex.startsWith("F_\\theta(", at)) {
      at += "F_\\theta(".length;
      const args = [node()];
      while (tex.startsWith(", ", at)) {
        at += 2;
        args.push(node());
      }
      assertEquals(tex[at], ")");
      at += 1;
      return { args };
    }
    const match = /^([hx])_(\{([^}]*)\}|\w)/.exec(tex.slice(at))!;
    at += match[0].length;
    const raw = match[3] ?? match[2];
    const index = raw === "t"
      ? t
      : raw.startsWith("t-")
      ? t - Number(raw.slice(2))
      : Number(raw);
    return { symbol: match[1] as "h" | "x", index };
  };
  const tree = node();
  assertEquals(at, tex.length);
  return tree;
}

/** Every application of F in a tree, with how many arguments it gets. */
function arities(tree: Node): number[] {
  return "args" in tree
    ? [tree.args.length, ...tree.args.flatMap(arities)]
    : [];
}

/** F_θ(h, x) = tanh(W h + U x + b), written out scalar by scalar. */
function step(h: number[], x: number[]): number[] {
  return params.W.map((row, i) => {
    let z = params.b[i];
    row.forEach((w, j) => z += w * h[j]);
    params.U[i].forEach((u, j) => z += u * x[j]);
    return Math.tanh(z);
  });
}

/** Evaluate a parsed formula (inputs x_1 … x_T, initial state h_0). */
function evaluate(tree: Node): number[] {
  if ("args" in tree) {
    assertEquals(tree.args.length, 2, "F_θ takes a state and one input");
    const [state, input] = tree.args;
    if (!("symbol" in input) || input.symbol !== "x") {
      throw new Error("the second argument of F_θ must be an input x_i");
    }
    return step(evaluate(state), xs[input.index - 1]);
  }
  assertEquals(tree.symbol, "h");
  assertEquals(tree.index, 0, "unrolled down to h_0");
  return h0;
}

/** The loop, written out here. */
function loopStates(): number[][] {
  const states: number[][] = [];
  let h = h0;
  for (const x of xs) {
    h = step(h, x);
    states.push(h);
  }
  return states;
}

Deno.test("a3-2: each unrolled formula, parsed and evaluated, gives the loop's state", () => {
  const states = loopStates();
  r.unrolled.forEach((u, i) => {
    const value = evaluate(parse(u.expression, u.t));
    for (let k = 0; k < value.length; k++) {
      assertLess(Math.abs(value[k] - states[i][k]), 1e-15);
      assertLess(Math.abs(u.value[k] - states[i][k]), 1e-15);
      assertLess(Math.abs(u.loop[k] - states[i][k]), 1e-15);
    }
    assertEquals(arities(parse(u.expression, u.t)).length, u.t);
    assertEquals(u.applications, u.t);
  });
});

Deno.test("a3-2: the nested composition and the core library's loop agree exactly", () => {
  for (const u of r.unrolled) {
    assertEquals(u.value, u.loop);
    assertEquals(u.difference, 0);
  }
  assertEquals(r.maxDifference, 0);
});

Deno.test("a3-2: seed 001's third line has three applications of F for four inputs, one of them with three arguments", () => {
  const seed = parse(r.seedThirdLine.tex, 4);
  assertEquals(arities(seed), [3, 2, 2]);
  assertEquals(r.seedThirdLine.applications, 3);
  assertEquals(r.seedThirdLine.inputs, 4);
  const correct = parse(r.correctThirdLine.tex, 4);
  assertEquals(arities(correct), [2, 2, 2, 2]);
  assertEquals(r.correctThirdLine.applications, 4);
  assertEquals(r.correctThirdLine.inputs, 4);
  // read at t = 4, the corrected line is h_4 = the loop's last state
  const value = evaluate(correct);
  assertLess(
    Math.max(...value.map((v, k) => Math.abs(v - loopStates()[3][k]))),
    1e-15,
  );
});

Deno.test("a3-2: unrolledTex() writes indices of two digits in braces", () => {
  const tex = unrolledTex(11, 11);
  assert(tex.includes("x_{10}") && tex.includes("x_{11}"));
  assertEquals(arities(parse(tex, 11)).length, 11);
});

/** Count the numbers in a list of parameter objects by building them. */
function countEntries(objects: Record<string, number[] | number[][]>[]) {
  return objects.reduce(
    (total, o) =>
      total + Object.values(o).reduce((s, v) => s + v.flat().length, 0),
    0,
  );
}

Deno.test("a3-2: parameter counts, by building the networks and counting their entries", () => {
  const { d, n, c } = r.sizes;
  const rng = seededRandom(1);
  const oneStep = () => ({
    W: rng.matrix(n, n),
    U: rng.matrix(n, d),
    b: rng.vector(n),
    V: rng.matrix(c, n),
    c: rng.vector(c),
  });
  const shared = countEntries([oneStep()]);
  assertEquals(r.perStep.total, shared);
  assertEquals(
    r.perStep.recurrent,
    countEntries([{ W: oneStep().W, U: oneStep().U, b: oneStep().b }]),
  );
  assertEquals(r.parameterCounts.map((row) => row.T), COUNT_LENGTHS);
  for (const row of r.parameterCounts) {
    assertEquals(row.shared, shared);
    if (row.T <= 100) {
      const unshared = Array.from({ length: row.T }, oneStep);
      assertEquals(row.unshared, countEntries(unshared));
    } else {
      assertEquals(row.unshared, row.T * shared);
    }
  }
});
