import { assert, assertEquals, assertLess } from "@std/assert";
import {
  CLIP,
  CLIP_LEVELS,
  compute,
  FAR,
  ITERATIONS,
  LAST_STEP,
  LEARNING_RATE,
  METHODS,
  setup,
  TABLE_ITERATIONS,
  U_START,
  W_EXPANDING,
  W_TEACHER,
} from "../../scripts/exercises/clip.ts";
import { compute as rnn2c } from "../../scripts/exercises/rnn-2c.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import { relativeError } from "../../scripts/lib/matrix.ts";
import { rnnForward, rnnLoss } from "../../scripts/lib/rnn.ts";
import {
  type Matrix,
  mul,
  powerNorm,
  relative,
  rnnStates,
  sigmoid,
  sigmoidSlope,
} from "../_independent.ts";
import { referenceRnn, untiedTerms } from "../_reference.ts";

const r = compute();
const { xs } = setup();
const relu = (z: number) => Math.max(0, z);
type Params = { W: Matrix; U: Matrix; b: number[] };
type Grads = Record<"W" | "U" | "b", number[] | Matrix>;

// The teacher's states, by the independent loop.
const targets =
  rnnStates({ W: W_TEACHER, U: U_START, hInit: [0, 0], f: relu }, xs).hs;
const start: Params = { W: W_EXPANDING, U: U_START, b: [0, 0] };
const mse = { type: "mse" as const, targets };

// The gradient by scalar autodiff (no BPTT formula).
function autodiffGradient(p: Params, activation: "relu" | "sigmoid" = "relu") {
  const { loss, grads } = referenceRnn(p, xs, mse, activation);
  return { loss, grads: { W: grads.W, U: grads.U, b: grads.b } as Grads };
}

const entries = (g: Grads) =>
  [g.W, g.U, g.b].flatMap((v) => (v as (number | number[])[]).flat());
const norm = (g: Grads) => Math.hypot(...entries(g));
function acosAngle(a: Grads, b: Grads): number {
  const x = entries(a), y = entries(b);
  const dot = x.reduce((s, v, i) => s + v * y[i], 0);
  return Math.acos(Math.min(1, dot / (Math.hypot(...x) * Math.hypot(...y)))) *
    180 / Math.PI;
}
const mapGrads = (g: Grads, f: (x: number) => number): Grads => ({
  W: (g.W as Matrix).map((row) => row.map(f)),
  U: (g.U as Matrix).map((row) => row.map(f)),
  b: (g.b as number[]).map(f),
});

// The far share from the untied terms: ‖Σ_{t−k ≥ FAR}‖_F / ‖Σ all‖_F.
function farShare(p: Params, activation: "relu" | "sigmoid" = "relu"): number {
  const terms = untiedTerms(p, [0, 0], xs, targets, activation);
  const far = [[0, 0], [0, 0]], all = [[0, 0], [0, 0]];
  terms.forEach((row, t) =>
    row.forEach((term, k) =>
      term.forEach((line, i) =>
        line.forEach((v, j) => {
          all[i][j] += v;
          if (t - k >= FAR) far[i][j] += v;
        })
      )
    )
  );
  const size = Math.hypot(...all.flat());
  return size === 0 ? 0 : Math.hypot(...far.flat()) / size;
}

Deno.test("the two W are rnn-2c's: the expanding regime and the exercise's own", () => {
  const regimes = rnn2c().regimes;
  assertEquals(regimes.find((g) => g.id === "expanding")!.W, W_EXPANDING);
  assertEquals(regimes.find((g) => g.id === "contracting")!.W, W_TEACHER);
});

Deno.test("exploding: ∂h_T/∂h_0 = W^T (every ReLU active), the gradient by autodiff and finite differences", () => {
  const { zs, hs } = rnnStates({ ...start, hInit: [0, 0], f: relu }, xs);
  assert(r.exploding.allActive && zs.flat().every((z) => z > 0));
  let power: Matrix = [[1, 0], [0, 1]];
  for (let i = 0; i < LAST_STEP; i++) power = mul(W_EXPANDING, power);
  assertLess(relative(r.exploding.jacobianNorm, powerNorm(power)), 1e-10);
  assertLess(relative(r.exploding.powerNorm, powerNorm(power)), 1e-10);
  // ρ(W) from the characteristic polynomial of a symmetric 2 × 2 matrix.
  const [[a, b], [, d]] = W_EXPANDING;
  const radius = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
  assertLess(relative(r.exploding.radius, radius), 1e-14);
  // Both eigenvalues of each W, from the characteristic polynomial.
  for (
    const [W, values] of [[W_EXPANDING, r.exploding.eigenvalues], [
      W_TEACHER,
      r.teacher.eigenvalues,
    ]] as const
  ) {
    const [[p, q], [, s]] = W;
    const mid = (p + s) / 2, half = Math.sqrt(((p - s) / 2) ** 2 + q * q);
    assertLess(relative(values[0], mid + half), 1e-14);
    assertLess(relative(values[1], mid - half), 1e-13);
  }
  assertLess(relative(r.teacher.radius, 0.9), 1e-14);
  assertLess(relative(radius, 1.1), 1e-14);
  for (const { distance, norm: n } of r.exploding.jacobianRows) {
    let p: Matrix = [[1, 0], [0, 1]];
    for (let i = 0; i < distance; i++) p = mul(W_EXPANDING, p);
    assertLess(relative(n, powerNorm(p)), 1e-10);
  }
  assertEquals(r.exploding.largestState, Math.max(...hs.flat()));
  assertEquals(r.exploding.largestTarget, Math.max(...targets.flat()));
  const ad = autodiffGradient(start);
  assertLess(relative(r.exploding.loss, ad.loss), 1e-12);
  for (const name of ["W", "U", "b"] as const) {
    assertLess(
      relativeError(r.exploding.gradient[name], ad.grads[name]),
      1e-12,
    );
  }
  const fd = finiteDifferenceGradient(
    (p) => rnnLoss(rnnForward(p as Params, xs, { activation: "relu" }), mse),
    start,
  );
  assertLess(relativeError(r.exploding.gradient.W, fd.W), 1e-6);
  assertLess(relative(r.exploding.gradientNorm, norm(ad.grads)), 1e-12);
});

Deno.test("far share of ∂L/∂W: the untied autodiff terms give the same, and clipping by norm leaves it as it was", () => {
  const share = farShare(start);
  assertLess(relative(r.exploding.farShare, share), 1e-10);
  assertLess(relative(r.exploding.farShareClipped, share), 1e-10);
  const sig = farShare({ ...start, W: W_TEACHER }, "sigmoid");
  assertLess(relative(r.vanishing.farShare, sig), 1e-8);
  assertLess(relative(r.vanishing.farShareClipped, sig), 1e-8);
  assert(r.vanishing.farShare < 1e-6 && r.exploding.farShare > 0.4);
});

Deno.test("clipping by norm keeps the direction, by value turns it: norms and angles at every threshold", () => {
  const g = autodiffGradient(start).grads;
  const gNorm = norm(g);
  assertEquals(r.levels.map((row) => row.c), CLIP_LEVELS);
  for (const row of r.levels) {
    const byNorm = mapGrads(g, (x) => x * Math.min(1, row.c / gNorm));
    const byValue = mapGrads(g, (x) => Math.max(-row.c, Math.min(row.c, x)));
    assertLess(relative(row.normClippedNorm, norm(byNorm)), 1e-12);
    assertLess(row.normAngle, 1e-6);
    assertLess(relative(row.valueClippedNorm, norm(byValue)), 1e-12);
    assertLess(Math.abs(row.valueAngle - acosAngle(g, byValue)), 1e-6);
    assertEquals(
      row.entriesClipped,
      entries(g).filter((x) => Math.abs(x) > row.c).length,
    );
  }
  assertEquals(r.entries, entries(g).length);
  assertEquals(
    r.largestNormAngle,
    Math.max(...r.levels.map((row) => row.normAngle)),
  );
  assertLess(r.largestNormAngle, 1e-6);
  const byValue = mapGrads(g, (x) => Math.max(-CLIP, Math.min(CLIP, x)));
  for (const name of ["W", "U", "b"] as const) {
    assertEquals(r.clipped.byValue[name], byValue[name]);
    assertLess(
      relativeError(
        r.clipped.byNorm[name],
        mapGrads(g, (x) => x / gNorm)[name],
      ),
      1e-12,
    );
  }
  assertLess(
    Math.abs(r.clipped.signAngle - acosAngle(g, mapGrads(g, Math.sign))),
    1e-6,
  );
  assertLess(Math.abs(r.clipped.valueAngle - r.clipped.signAngle), 1e-12);
  assert(r.clipped.valueAngle > 30);
});

Deno.test("training: the three runs, repeated with autodiff gradients and the test's own clipping, give the same losses", () => {
  for (const run of r.runs) {
    let p: Params = structuredClone(start);
    const losses: number[] = [];
    let firstStep = 0;
    for (let i = 0; i <= ITERATIONS; i++) {
      const { loss, grads } = autodiffGradient(p);
      losses.push(loss);
      if (i === ITERATIONS) break;
      const n = norm(grads);
      const used = run.method === "norm"
        ? mapGrads(grads, (x) => x * Math.min(1, CLIP / n))
        : run.method === "value"
        ? mapGrads(grads, (x) => Math.max(-CLIP, Math.min(CLIP, x)))
        : grads;
      if (i === 0) firstStep = LEARNING_RATE * norm(used);
      p = {
        W: p.W.map((row, a) =>
          row.map((w, b) => w - LEARNING_RATE * (used.W as Matrix)[a][b])
        ),
        U: p.U.map((row, a) =>
          row.map((w, b) => w - LEARNING_RATE * (used.U as Matrix)[a][b])
        ),
        b: p.b.map((w, a) => w - LEARNING_RATE * (used.b as number[])[a]),
      };
    }
    assertEquals(run.label, METHODS[run.method]);
    const rows = r.training.filter((row) => row.method === run.label);
    assertEquals(rows.length, ITERATIONS + 1);
    rows.forEach((row, i) => {
      assertEquals(row.iteration, i);
      assertLess(relative(row.loss, losses[i]), 1e-9, `${run.method} at ${i}`);
    });
    assertEquals(run.losses.map((x) => x.iteration), TABLE_ITERATIONS);
    assertLess(relative(run.finalLoss, losses[ITERATIONS]), 1e-9);
    assertLess(relativeError(run.finalW, p.W), 1e-9);
    assertLess(relative(run.firstStep, firstStep), 1e-12);
    assertLess(
      relative(run.lastLosses.min, Math.min(...losses.slice(-20))),
      1e-9,
    );
    assertLess(
      relative(run.lastLosses.max, Math.max(...losses.slice(-20))),
      1e-9,
    );
    const { hs } = rnnStates({ ...p, hInit: [0, 0], f: relu }, xs);
    assertEquals(
      run.deadUnits,
      [0, 1].filter((u) => hs.every((h) => h[u] === 0)).length,
    );
    assertLess(Math.abs(run.finalFarShare - farShare(p)), 1e-8);
    const [[a, b], [c, d]] = p.W;
    const disc = Math.sqrt(((a - d) / 2) ** 2 + b * c);
    assertLess(
      relative(
        run.finalRadius,
        Math.max(Math.abs((a + d) / 2 + disc), Math.abs((a + d) / 2 - disc)),
      ),
      1e-9,
    );
  }
});

Deno.test("what the page says about the runs: unclipped dies at the first step, by norm finds the teacher, by value bounces", () => {
  const [none, byNorm, byValue] = r.runs;
  assertEquals([none.method, byNorm.method, byValue.method], [
    "none",
    "norm",
    "value",
  ]);
  assertEquals(none.deadUnits, 2);
  // Dead: the loss is Σ ½‖target‖², from the first step on.
  const frozen = targets.flat().reduce((s, v) => s + 0.5 * v * v, 0);
  assertLess(relative(none.finalLoss, frozen), 1e-12);
  assertLess(relative(none.losses[1].loss, frozen), 1e-12);
  assert(none.firstStep > 100);
  assertLess(relative(byNorm.firstStep, LEARNING_RATE * CLIP), 1e-12);
  assertLess(Math.abs(byNorm.finalRadius - 0.9), 0.01);
  assert(byNorm.finalLoss < 0.001 * r.exploding.loss);
  assert(byValue.lastLosses.max > 2 * byValue.lastLosses.min);
  // From bouncingFrom on, the value-clipped losses alternate between the two.
  const rows = r.training.filter((row) => row.method === byValue.label);
  const from = byValue.bouncingFrom;
  assert(from > 0 && from < 20);
  for (const row of rows.slice(from)) {
    assert(
      row.loss === byValue.lastLosses.min ||
        row.loss === byValue.lastLosses.max,
    );
  }
  assert(rows[from].loss !== rows[from + 1].loss);
  assert(
    rows[from - 1].loss !== byValue.lastLosses.min &&
      rows[from - 1].loss !== byValue.lastLosses.max,
  );
  assertEquals([none.bouncingFrom, byNorm.bouncingFrom], [-1, -1]);
  assert(byNorm.finalLoss < byValue.lastLosses.min);
  assertEquals(none.finalFarShare, 0);
});

Deno.test("vanishing: ‖∂h_T/∂h_0‖ of the sigmoid network by the product of its step Jacobians", () => {
  const { zs } = rnnStates({
    W: W_TEACHER,
    U: U_START,
    hInit: [0, 0],
    f: sigmoid,
  }, xs);
  let product: Matrix = [[1, 0], [0, 1]];
  for (let j = 1; j <= LAST_STEP; j++) {
    const step = W_TEACHER.map((row, i) =>
      row.map((w) => sigmoidSlope(zs[j][i]) * w)
    );
    product = mul(step, product);
  }
  assertLess(relative(r.vanishing.jacobianNorm, powerNorm(product)), 1e-9);
  const g = autodiffGradient({ ...start, W: W_TEACHER }, "sigmoid").grads;
  assertLess(relative(r.vanishing.gradientNorm, norm(g)), 1e-12);
  assert(r.vanishing.jacobianNorm < 1e-20);
});
