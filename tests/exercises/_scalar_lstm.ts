/**
 * An LSTM written out scalar by scalar for the tests of rnn-3a, rnn-3b and
 * rnn-3c. It shares no code with `scripts/lib/lstm.ts`: plain loops,
 * `1 / (1 + e^{−z})` and `Math.tanh`, so a trace of the library that agrees
 * with it has been computed twice.
 */
import type { LstmParams } from "../../scripts/lib/lstm.ts";

/** Gates held at a constant for every unit. */
export type ScalarGates = Partial<Record<"f" | "i" | "o", number>>;

/** One step: every quantity per unit. */
export interface ScalarLstmStep {
  f: number[];
  i: number[];
  o: number[];
  g: number[];
  C: number[];
  h: number[];
  /** Pre-activations of the four blocks (computed even for a fixed gate). */
  z: { f: number[]; i: number[]; o: number[]; c: number[] };
}

/** Run the LSTM over `xs` from `CInit`, `hInit` (zeros by default). */
export function scalarLstm(
  p: LstmParams,
  xs: number[][],
  options: { CInit?: number[]; hInit?: number[]; gates?: ScalarGates } = {},
): ScalarLstmStep[] {
  const n = p.Wf.length;
  const gates = options.gates ?? {};
  let C = options.CInit?.slice() ?? new Array<number>(n).fill(0);
  let h = options.hInit?.slice() ?? new Array<number>(n).fill(0);
  const steps: ScalarLstmStep[] = [];
  for (const x of xs) {
    const pre = (
      W: number[][],
      U: number[][],
      b: number[] | undefined,
      u: number,
    ) => {
      let z = b ? b[u] : 0;
      for (let j = 0; j < n; j++) z += W[u][j] * h[j];
      for (let j = 0; j < x.length; j++) z += U[u][j] * x[j];
      return z;
    };
    const logistic = (z: number) => 1 / (1 + Math.exp(-z));
    const s: ScalarLstmStep = {
      f: [],
      i: [],
      o: [],
      g: [],
      C: [],
      h: [],
      z: { f: [], i: [], o: [], c: [] },
    };
    for (let u = 0; u < n; u++) {
      s.z.f.push(pre(p.Wf, p.Uf, p.bf, u));
      s.z.i.push(pre(p.Wi, p.Ui, p.bi, u));
      s.z.o.push(pre(p.Wo, p.Uo, p.bo, u));
      s.z.c.push(pre(p.Wc, p.Uc, p.bc, u));
      s.f.push(gates.f ?? logistic(s.z.f[u]));
      s.i.push(gates.i ?? logistic(s.z.i[u]));
      s.o.push(gates.o ?? logistic(s.z.o[u]));
      s.g.push(Math.tanh(s.z.c[u]));
      s.C.push(s.f[u] * C[u] + s.i[u] * s.g[u]);
      s.h.push(s.o[u] * Math.tanh(s.C[u]));
    }
    C = s.C;
    h = s.h;
    steps.push(s);
  }
  return steps;
}

/** The largest entry-wise difference of two vectors. */
export function maxDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((x, k) => Math.abs(x - b[k])));
}
