import { assert, assertEquals, assertLess } from "@std/assert";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import { compute } from "../../scripts/exercises/rnn-1a.ts";
import { relative } from "../_independent.ts";

const r = compute();

/** The Jacobian of x ↦ σ(W x) by reverse-mode autodiff, one output at a time. */
function autodiffJacobian(W: number[][], x: number[]): number[][] {
  return W.map((row) => {
    const inputs = x.map((v) => new Value(v));
    const output = sum(row.map((w, j) => inputs[j].mul(w))).sigmoid();
    output.backward();
    return inputs.map((v) => v.grad);
  });
}

/** A five-point central difference (error O(h⁴)), written out here on purpose. */
function fivePointJacobian(W: number[][], x: number[], h = 1e-3): number[][] {
  const layer = (v: number[]) =>
    W.map((row) =>
      1 / (1 + Math.exp(-row.reduce((s, w, j) => s + w * v[j], 0)))
    );
  const shifted = (j: number, by: number) =>
    layer(x.map((v, i) => i === j ? v + by : v));
  const columns = x.map((_, j) => {
    const [p2, p1, m1, m2] = [2 * h, h, -h, -2 * h].map((by) => shifted(j, by));
    return p1.map((_, i) =>
      (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h)
    );
  });
  return W.map((_, i) => columns.map((column) => column[i]));
}

Deno.test("rnn-1a: W is non-square and the Jacobian is n × d", () => {
  assertEquals([r.W.length, r.W[0].length], [3, 4]);
  assertEquals(r.shape, [3, 4]);
  assertEquals(r.analyticJacobian.length, 3);
  assert(r.analyticJacobian.every((row) => row.length === 4));
});

Deno.test("rnn-1a: z, y and σ'(z) match a hand-written forward pass", () => {
  r.W.forEach((row, i) => {
    const z = row.reduce((s, w, j) => s + w * r.x[j], 0);
    const y = 1 / (1 + Math.exp(-z));
    assertLess(Math.abs(r.z[i] - z), 1e-15);
    assertLess(Math.abs(r.y[i] - y), 1e-15);
    assertLess(Math.abs(r.sigmoidSlopes[i] - y * (1 - y)), 1e-15);
    assert(r.sigmoidSlopes[i] > 0 && r.sigmoidSlopes[i] <= 0.25);
  });
});

Deno.test("rnn-1a: diag(σ'(Wx)) W equals the autodiff Jacobian", () => {
  assertLess(relative(r.analyticJacobian, autodiffJacobian(r.W, r.x)), 1e-12);
});

Deno.test("rnn-1a: diag(σ'(Wx)) W matches a five-point finite difference", () => {
  const fd = fivePointJacobian(r.W, r.x);
  assertLess(relative(r.analyticJacobian, fd), 1e-6);
  // The script's own central differences agree with this independent stencil.
  assertLess(relative(r.finiteDifferenceJacobian, fd), 1e-8);
});

Deno.test("rnn-1a: the reported errors are the errors of the two matrices", () => {
  assertLess(
    Math.abs(
      r.relativeError -
        relative(r.analyticJacobian, r.finiteDifferenceJacobian),
    ),
    1e-20,
  );
  const entryWise = Math.max(
    ...r.analyticJacobian.flatMap((row, i) =>
      row.map((a, j) =>
        Math.abs(a - r.finiteDifferenceJacobian[i][j]) /
        Math.abs(r.finiteDifferenceJacobian[i][j])
      )
    ),
  );
  assertEquals(r.maxEntryRelativeError, entryWise);
  // Both small: the finite differences confirm the formula.
  assertLess(r.relativeError, 1e-8);
  assertLess(r.maxEntryRelativeError, 1e-8);
});
