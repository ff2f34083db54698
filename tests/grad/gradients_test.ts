/**
 * The numbers of `deno task grad` on seeded random problems, for both models,
 * all three activations and both losses: every gradient against the scalar
 * autodiff of `tests/_reference.ts` (≤ 1e-9 relative) and against central
 * finite differences of that reference's loss (≤ 1e-6), and for the RNN the
 * second formulation, the double sum of `--terms`, against the same autodiff.
 * The problems go through the whole command (JSON text in, JSON text out).
 */
import { assertEquals, assertLess } from "@std/assert";
import type { ActivationName } from "../../scripts/lib/activations.ts";
import { finiteDifferenceGradient } from "../../scripts/lib/gradcheck.ts";
import { add, relativeError, zeros } from "../../scripts/lib/matrix.ts";
import { type Random, seededRandom } from "../../scripts/lib/random.ts";
import type { Loss } from "../../scripts/lib/rnn.ts";
import { referenceLstm, referenceRnn } from "../_reference.ts";
import { runGrad } from "./_run.ts";

type Tree = Record<string, number[] | number[][]>;
type LossKind = "mse" | "mse with V, c" | "softmax-ce";

const n = 3, d = 2, m = 4, steps = 5;

function randomLoss(rng: Random, kind: LossKind): Loss {
  return kind === "softmax-ce"
    ? {
      type: "softmax-ce",
      labels: Array.from(
        { length: steps },
        () => Math.floor(rng.uniform() * m),
      ),
    }
    : {
      type: "mse",
      targets: Array.from(
        { length: steps },
        () => rng.vector(kind === "mse" ? n : m),
      ),
    };
}

/**
 * A random input. Odd seeds leave out the biases and the initial states, so
 * that both the full and the minimal documented input are exercised.
 */
function randomInput(model: "rnn" | "lstm", seed: number, kind: LossKind) {
  const rng = seededRandom(seed);
  const full = seed % 2 === 0;
  const params: Tree = {};
  const blocks = model === "rnn" ? [""] : ["f", "i", "o", "c"];
  for (const block of blocks) {
    params[`W${block}`] = rng.matrix(n, n, 0.8);
    params[`U${block}`] = rng.matrix(n, d);
    if (full) params[`b${block}`] = rng.vector(n, 0.5);
  }
  if (kind !== "mse") {
    params.V = rng.matrix(m, n);
    params.c = rng.vector(m, 0.3);
  }
  const initial: Tree = {};
  if (full) initial.h0 = rng.vector(n, 0.5);
  if (full && model === "lstm") initial.C0 = rng.vector(n, 0.5);
  const xs = Array.from({ length: steps }, () => rng.vector(d));
  return { params, initial, xs, loss: randomLoss(rng, kind) };
}

/** Map the output's names to the reference's (`h0` is its `hInit`). */
function referenceTree(params: Tree, initial: Tree): Tree {
  const tree: Tree = { ...params };
  if (initial.h0) tree.hInit = initial.h0;
  if (initial.C0) tree.CInit = initial.C0;
  return tree;
}

function referenceName(name: string): string {
  return name === "h0" ? "hInit" : name === "C0" ? "CInit" : name;
}

/** Compare every gradient of the output with autodiff and finite differences. */
function assertGradients(
  out: { loss: number; grads: Tree; check: Record<string, number> },
  expectedNames: string[],
  reference: (tree: Tree) => { loss: number; grads: Tree },
  tree: Tree,
) {
  const ref = reference(tree);
  assertLess(Math.abs(out.loss - ref.loss) / Math.abs(ref.loss), 1e-12, "loss");
  assertEquals(Object.keys(out.grads), expectedNames);
  assertEquals(Object.keys(out.check), expectedNames);
  // Finite differences of the reference's own loss: no code shared with BPTT.
  const fd = finiteDifferenceGradient((p) => reference(p).loss, tree);
  for (const name of expectedNames) {
    const ours = out.grads[name];
    const refName = referenceName(name);
    assertLess(
      relativeError(ours, ref.grads[refName]),
      1e-9,
      `${name} vs autodiff`,
    );
    assertLess(
      relativeError(ours, fd[refName]),
      1e-6,
      `${name} vs finite differences`,
    );
    assertLess(out.check[name], 1e-6, `--check of ${name}`);
  }
}

const LOSSES: LossKind[] = ["mse", "mse with V, c", "softmax-ce"];

for (const activation of ["sigmoid", "tanh", "relu"] as ActivationName[]) {
  Deno.test(`deno task grad (rnn, ${activation}) matches autodiff and finite differences for both losses; the --terms sum to ∂L/∂W`, async () => {
    for (const [k, kind] of LOSSES.entries()) {
      for (const variant of [0, 1]) {
        const seed = 100 + 10 * k + variant;
        const { params, initial, xs, loss } = randomInput("rnn", seed, kind);
        const input = {
          model: "rnn",
          activation,
          params,
          ...initial,
          xs,
          loss,
        };
        const { code, stdout, stderr } = await runGrad(
          ["--terms", "--check", "-"],
          JSON.stringify(input),
        );
        assertEquals([code, stderr], [0, ""]);
        const out = JSON.parse(stdout);
        const tree = referenceTree(params, initial);
        // Without h0 the command starts from zeros; so does the reference,
        // given them explicitly so that it reports ∂L/∂h0.
        tree.hInit ??= new Array(n).fill(0);
        const names = [...Object.keys(params), "h0"];
        assertGradients(
          out,
          names,
          (p) => referenceRnn(p, xs, loss, activation),
          tree,
        );
        // The second formulation: Σ_t Σ_{k ≤ t} of the double sum.
        assertEquals(out.terms.length, (steps * (steps + 1)) / 2);
        const sum = out.terms.reduce(
          (s: number[][], term: { value: number[][] }) => add(s, term.value),
          zeros(n, n),
        );
        const ref = referenceRnn(tree, xs, loss, activation);
        assertLess(relativeError(sum, ref.grads.W), 1e-9, `${kind}: terms`);
      }
    }
  });
}

Deno.test("deno task grad (lstm) matches autodiff and finite differences for both losses, with and without biases and initial states", async () => {
  for (const [k, kind] of LOSSES.entries()) {
    for (const variant of [0, 1]) {
      const seed = 200 + 10 * k + variant;
      const { params, initial, xs, loss } = randomInput("lstm", seed, kind);
      const input = { model: "lstm", params, ...initial, xs, loss };
      const { code, stdout, stderr } = await runGrad(
        ["--check", "-"],
        JSON.stringify(input),
      );
      assertEquals([code, stderr], [0, ""]);
      const tree = referenceTree(params, initial);
      tree.hInit ??= new Array(n).fill(0);
      tree.CInit ??= new Array(n).fill(0);
      const order = ["f", "i", "o", "c"].flatMap((g) =>
        [`W${g}`, `U${g}`, `b${g}`].filter((name) => name in params)
      );
      if (params.V) order.push("V", "c");
      assertGradients(
        JSON.parse(stdout),
        [...order, "h0", "C0"],
        (p) => referenceLstm(p, xs, loss),
        tree,
      );
    }
  }
});
