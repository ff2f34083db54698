/**
 * Independent reference gradients for the tests: the RNN, the LSTM and the GRU written
 * out scalar by scalar on the autodiff `Value` of `scripts/lib/autodiff.ts`.
 * Nothing here uses the BPTT formulas of `scripts/lib/rnn.ts`, `lstm.ts` or
 * `gru.ts`.
 */
import { sum, Value } from "../scripts/lib/autodiff.ts";
import type { ActivationName } from "../scripts/lib/activations.ts";
import type { Loss } from "../scripts/lib/rnn.ts";

type Tree = Record<string, number[] | number[][]>;
type ValueTree = Record<string, Value[] | Value[][]>;

function lift(tree: Tree): ValueTree {
  const out: ValueTree = {};
  for (const [name, value] of Object.entries(tree)) {
    out[name] = Array.isArray(value[0])
      ? (value as number[][]).map((row) => row.map((x) => new Value(x)))
      : (value as number[]).map((x) => new Value(x));
  }
  return out;
}

function grads(tree: ValueTree): Tree {
  const out: Tree = {};
  for (const [name, value] of Object.entries(tree)) {
    out[name] = Array.isArray(value[0])
      ? (value as Value[][]).map((row) => row.map((v) => v.grad))
      : (value as Value[]).map((v) => v.grad);
  }
  return out;
}

function affine(M: Value[][], v: Value[]): Value[] {
  return M.map((row) => sum(row.map((m, j) => m.mul(v[j]))));
}

function plus(a: Value[], b: Value[]): Value[] {
  return a.map((x, i) => x.add(b[i]));
}

function stepLoss(y: Value[], loss: Loss, t: number): Value {
  if (loss.type === "mse") {
    return sum(y.map((yi, i) => {
      const e = yi.sub(loss.targets[t][i]);
      return e.mul(e).mul(0.5);
    }));
  }
  // −log softmax(y)[label] = log Σ e^{y_j} − y_label (no shift: the reference stays naive)
  return sum(y.map((yi) => yi.exp())).log().sub(y[loss.labels[t]]);
}

function outputs(p: ValueTree, h: Value[]): Value[] {
  if (!p.V) return h;
  return plus(affine(p.V as Value[][], h), p.c as Value[]);
}

function totalLoss(ys: Value[][], loss: Loss): Value {
  const steps = loss.steps ?? ys.map((_, t) => t);
  return sum(steps.map((t) => stepLoss(ys[t], loss, t)));
}

/** Loss and gradients of the RNN by scalar autodiff. `params` may hold `hInit`. */
export function referenceRnn(
  params: Tree,
  xs: number[][],
  loss: Loss,
  activationName: ActivationName = "sigmoid",
): { loss: number; grads: Tree } {
  const p = lift(params);
  const n = (params.W as number[][]).length;
  let h: Value[] = (p.hInit as Value[]) ??
    Array.from({ length: n }, () => new Value(0));
  const ys: Value[][] = [];
  for (const x of xs) {
    let z = plus(
      affine(p.W as Value[][], h),
      affine(p.U as Value[][], x.map((v) => new Value(v))),
    );
    if (p.b) z = plus(z, p.b as Value[]);
    h = z.map((zi) =>
      activationName === "sigmoid"
        ? zi.sigmoid()
        : activationName === "tanh"
        ? zi.tanh()
        : zi.relu()
    );
    ys.push(outputs(p, h));
  }
  const L = totalLoss(ys, loss);
  L.backward();
  return { loss: L.data, grads: grads(p) };
}

/** Loss and gradients of the LSTM by scalar autodiff. `params` may hold `hInit`, `CInit`. */
export function referenceLstm(
  params: Tree,
  xs: number[][],
  loss: Loss,
): { loss: number; grads: Tree } {
  const p = lift(params);
  const n = (params.Wf as number[][]).length;
  const zero = () => Array.from({ length: n }, () => new Value(0));
  let h: Value[] = (p.hInit as Value[]) ?? zero();
  let C: Value[] = (p.CInit as Value[]) ?? zero();
  const ys: Value[][] = [];
  for (const xRaw of xs) {
    const x = xRaw.map((v) => new Value(v));
    const pre = (block: string) => {
      const z = plus(
        affine(p[`W${block}`] as Value[][], h),
        affine(p[`U${block}`] as Value[][], x),
      );
      return p[`b${block}`] ? plus(z, p[`b${block}`] as Value[]) : z;
    };
    const f = pre("f").map((v) => v.sigmoid());
    const i = pre("i").map((v) => v.sigmoid());
    const o = pre("o").map((v) => v.sigmoid());
    const g = pre("c").map((v) => v.tanh());
    C = C.map((c, u) => f[u].mul(c).add(i[u].mul(g[u])));
    h = C.map((c, u) => o[u].mul(c.tanh()));
    ys.push(outputs(p, h));
  }
  const L = totalLoss(ys, loss);
  L.backward();
  return { loss: L.data, grads: grads(p) };
}

/**
 * Loss and gradients of the GRU by scalar autodiff. `params` may hold
 * `hInit`. `gates` holds the update gate `z` or the reset gate `r` at a
 * constant, as `scripts/lib/gru.ts` does; `states` and `leaves` (the lifted
 * parameters) let a test differentiate a state instead of the loss. Written
 * from the equations
 * `h_t = z ⊙ h_{t−1} + (1 − z) ⊙ tanh(W_h (r ⊙ h_{t−1}) + U_h x + b_h)`.
 */
export function referenceGru(
  params: Tree,
  xs: number[][],
  loss: Loss,
  gates: { z?: number; r?: number } = {},
): { loss: number; grads: Tree; states: Value[][]; leaves: ValueTree } {
  const p = lift(params);
  const n = (params.Wz as number[][]).length;
  let h: Value[] = (p.hInit as Value[]) ??
    Array.from({ length: n }, () => new Value(0));
  const ys: Value[][] = [];
  const states: Value[][] = [];
  for (const xRaw of xs) {
    const x = xRaw.map((v) => new Value(v));
    const pre = (block: string, state: Value[]) => {
      const z = plus(
        affine(p[`W${block}`] as Value[][], state),
        affine(p[`U${block}`] as Value[][], x),
      );
      return p[`b${block}`] ? plus(z, p[`b${block}`] as Value[]) : z;
    };
    const gate = (name: "z" | "r") =>
      gates[name] === undefined
        ? pre(name, h).map((v) => v.sigmoid())
        : h.map(() => new Value(gates[name]!));
    const z = gate("z");
    const r = gate("r");
    const candidate = pre("h", h.map((v, u) => r[u].mul(v))).map((v) =>
      v.tanh()
    );
    const prev = h;
    h = prev.map((v, u) =>
      z[u].mul(v).add(new Value(1).sub(z[u]).mul(candidate[u]))
    );
    states.push(h);
    ys.push(outputs(p, h));
  }
  const L = totalLoss(ys, loss);
  L.backward();
  return { loss: L.data, grads: grads(p), states, leaves: p };
}

/**
 * An "untied" RNN on autodiff scalars, `h_j = σ(W_j h_{j−1} + U x_j)` without
 * bias from `h_{−1} = hInit`: step `j` uses its own copy `W_j` of `W`. After
 * `backward()` on a loss built from the states, the grads of `copies[k]` are
 * the derivative with respect to the `W` of step `k` alone: the direct part
 * `∂⁺/∂W` of that step, which the BPTT sum calls term `k`. Runs the first
 * `steps` steps (all by default); there is a copy for every input.
 */
export function untiedRnn(
  W: number[][],
  U: number[][],
  hInit: number[],
  xs: number[][],
  steps = xs.length,
): { copies: Value[][][]; states: Value[][] } {
  const copies = xs.map(() => W.map((row) => row.map((w) => new Value(w))));
  let h = hInit.map((v) => new Value(v));
  const states: Value[][] = [];
  for (let step = 0; step < steps; step++) {
    const x = xs[step];
    h = copies[step].map((row, i) =>
      sum([
        ...row.map((w, j) => w.mul(h[j])),
        ...U[i].map((u, j) => new Value(u).mul(x[j])),
      ]).sigmoid()
    );
    states.push(h);
  }
  return { copies, states };
}

/**
 * Every term of the BPTT double sum for `∂L/∂W` by autodiff on an untied
 * network: step `j` computes `h_j = act(W_j h_{j−1} + U x_j + b)` with its
 * own copy `W_j` of `W`, and for each loss `L_t = ½‖h_t − target_t‖²` alone
 * the gradient with respect to copy `W_k` is the term `(t, k)`. Returns
 * `terms[t][k]` for `0 ≤ k ≤ t`. Nothing here uses the library's BPTT.
 */
export function untiedTerms(
  params: { W: number[][]; U: number[][]; b?: number[] },
  hInit: number[],
  xs: number[][],
  targets: number[][],
  activationName: ActivationName = "sigmoid",
): number[][][][] {
  const copies = xs.map(() =>
    params.W.map((row) => row.map((w) => new Value(w)))
  );
  let h = hInit.map((v) => new Value(v));
  const losses: Value[] = [];
  xs.forEach((x, step) => {
    const prev = h;
    h = copies[step].map((row, i) => {
      const z = sum([
        ...row.map((w, j) => w.mul(prev[j])),
        new Value(
          params.U[i].reduce((s, u, j) => s + u * x[j], params.b?.[i] ?? 0),
        ),
      ]);
      return activationName === "sigmoid"
        ? z.sigmoid()
        : activationName === "tanh"
        ? z.tanh()
        : z.relu();
    });
    losses.push(sum(h.map((v, i) => {
      const e = v.sub(targets[step][i]);
      return e.mul(e).mul(0.5);
    })));
  });
  return losses.map((L, t) => {
    for (const copy of copies) {
      for (const row of copy) for (const w of row) w.grad = 0;
    }
    L.backward();
    return copies.slice(0, t + 1).map((copy) =>
      copy.map((row) => row.map((w) => w.grad))
    );
  });
}
