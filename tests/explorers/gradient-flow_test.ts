/**
 * Tests of the gradient flow explorer: every Jacobian norm it draws against
 * Jacobians differentiated by the scalar autodiff (the networks rebuilt here
 * step by step, not with `scripts/lib/rnn.ts` or `lstm.ts`), their norms by
 * power iteration, and the facts of the constant error carousel.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertLess,
  assertStringIncludes,
} from "@std/assert";
import { sum, Value } from "../../scripts/lib/autodiff.ts";
import { explorerTranslator } from "../../scripts/explorers/_controls.ts";
import {
  configure,
  DEFAULTS,
  explorer,
  gradientFlow,
  type GradientFlowResults,
  type GradientFlowSettings,
  NETWORKS,
  networks,
  readout,
} from "../../scripts/explorers/gradient-flow.ts";
import { compute as rnn3c, MODELS } from "../../scripts/exercises/rnn-3c.ts";
import type { LstmParams } from "../../scripts/lib/lstm.ts";
import { RESULT_SOURCES } from "../../scripts/results.ts";
import { type Matrix, powerNorm, relative } from "../_independent.ts";
import { referenceGru } from "../_reference.ts";
import {
  compute as gruExercise,
  MODELS as GRU_MODELS,
} from "../../scripts/exercises/gru.ts";

type Activation = (v: Value) => Value;
const activations: Record<string, Activation> = {
  sigmoid: (v) => v.sigmoid(),
  tanh: (v) => v.tanh(),
};

const affine = (M: Matrix, v: (Value | number)[]) =>
  M.map((row) => sum(row.map((m, j) => new Value(m).mul(v[j] as Value))));

/** The Jacobian of `outputs` (Values) with respect to `inputs`, row by row, by backward passes. */
function jacobian(build: () => { inputs: Value[]; outputs: Value[] }): Matrix {
  const rows: Matrix = [];
  const { outputs } = build();
  for (let u = 0; u < outputs.length; u++) {
    // A fresh graph for every output, so that no gradient accumulates.
    const fresh = build();
    fresh.outputs[u].backward();
    rows.push(fresh.inputs.map((x) => x.grad));
  }
  return rows;
}

/** `∂h_t/∂h_0` of the plain RNN `h_j = act(W h_{j−1} + U x_j)`, from `h_{−1} = 0`. */
function rnnJacobian(
  W: Matrix,
  U: Matrix,
  xs: number[][],
  t: number,
  act: Activation,
): Matrix {
  const zero = W.map(() => new Value(0));
  const h0 = plus(affine(W, zero), affine(U, xs[0])).map(act).map((v) =>
    v.data
  );
  return jacobian(() => {
    const inputs = h0.map((x) => new Value(x));
    let h: Value[] = inputs;
    for (let j = 1; j <= t; j++) {
      h = plus(affine(W, h), affine(U, xs[j])).map(act);
    }
    return { inputs, outputs: h };
  });
}

function plus(a: Value[], b: Value[]): Value[] {
  return a.map((x, i) => x.add(b[i]));
}

/** One LSTM step on Values; `fixed` holds `f` and `i` at constants. */
function lstmStep(
  p: LstmParams,
  h: Value[],
  C: Value[],
  x: number[],
  fixed?: { f: number; i: number },
) {
  const pre = (block: "f" | "i" | "o" | "c") => {
    const z = plus(affine(p[`W${block}`], h), affine(p[`U${block}`], x));
    const b = p[`b${block}`];
    return b ? z.map((v, u) => v.add(b[u])) : z;
  };
  const f = fixed
    ? h.map(() => new Value(fixed.f))
    : pre("f").map((v) => v.sigmoid());
  const i = fixed
    ? h.map(() => new Value(fixed.i))
    : pre("i").map((v) => v.sigmoid());
  const o = pre("o").map((v) => v.sigmoid());
  const g = pre("c").map((v) => v.tanh());
  const CNext = C.map((c, u) => f[u].mul(c).add(i[u].mul(g[u])));
  const hNext = CNext.map((c, u) => o[u].mul(c.tanh()));
  return { f, o, C: CNext, h: hNext };
}

/**
 * `∂C_t/∂C_0` of the LSTM, every path (through `h_0 = o_0 ⊙ tanh(C_0)` into
 * the later gates and candidates), and the forget gates of every step.
 */
function lstmJacobian(
  p: LstmParams,
  xs: number[][],
  CInit: number[],
  t: number,
  fixed?: { f: number; i: number },
): { J: Matrix; forgets: number[][] } {
  const zero = CInit.map(() => new Value(0));
  const first = lstmStep(p, zero, CInit.map((c) => new Value(c)), xs[0], fixed);
  const C0 = first.C.map((v) => v.data);
  const o0 = first.o.map((v) => v.data);
  const forgets = [first.f.map((v) => v.data)];
  const J = jacobian(() => {
    const inputs = C0.map((c) => new Value(c));
    let C: Value[] = inputs;
    let h = inputs.map((c, u) => c.tanh().mul(o0[u]));
    forgets.length = 1;
    for (let j = 1; j <= t; j++) {
      const step = lstmStep(p, h, C, xs[j], fixed);
      forgets.push(step.f.map((v) => v.data));
      C = step.C;
      h = step.h;
    }
    return { inputs, outputs: C };
  });
  return { J, forgets };
}

/** The norms the explorer drew, by line and distance. */
function drawn(settings: GradientFlowSettings) {
  const results = gradientFlow(settings);
  const at = (network: string, t: number) =>
    results.rows.find((row) => row.network === network && row.distance === t)!
      .norm;
  return { results, at };
}

const CASES: Partial<GradientFlowSettings>[] = [
  {},
  {
    activation: "tanh",
    rnnNorm: 3.5,
    gates: "fixed",
    f: 0.95,
    i: 0.5,
    seed: 5,
    distance: 40,
  },
  { forgetBias: -2, rnnNorm: 8, seed: 1234, distance: 30 },
];

Deno.test("gradientFlow() draws the norms of autodiff Jacobians of both networks", () => {
  for (const change of CASES) {
    const settings = { ...DEFAULTS, ...change } as GradientFlowSettings;
    const { results, at } = drawn(settings);
    const nets = networks(settings.seed);
    const { rnn, lstm } = configure(settings, nets);
    // The RNN's W has the norm asked for (power iteration, not the library).
    assertLess(relative(powerNorm(rnn.W), settings.rnnNorm), 1e-9);
    const fixed = settings.gates === "fixed"
      ? { f: settings.f, i: settings.i }
      : undefined;
    const act = activations[settings.activation];
    for (const t of [0, 1, 2, 5, 10, settings.distance]) {
      const J = rnnJacobian(rnn.W, rnn.U, nets.xs, t, act);
      assertLess(
        relative(at(NETWORKS.rnn, t), powerNorm(J)),
        1e-9,
        `RNN, ${JSON.stringify(change)}, t = ${t}`,
      );
      const cell = lstmJacobian(lstm, nets.xs, nets.CInit, t, fixed);
      assertLess(
        relative(at(NETWORKS.lstm, t), powerNorm(cell.J)),
        1e-9,
        `LSTM, ${JSON.stringify(change)}, t = ${t}`,
      );
      // The direct path: the largest product of one unit's forget gates.
      const products = [0, 1].map((u) =>
        cell.forgets.slice(1).reduce((p, f) => p * f[u], 1)
      );
      assertLess(
        relative(at(NETWORKS.direct, t), Math.max(...products)),
        1e-12,
      );
    }
    assertEquals(results.distance, settings.distance);
    assertEquals(results.rows.length, 4 * (settings.distance + 1));
    assertLess(
      relative(
        results.rnn.perStep,
        at(NETWORKS.rnn, settings.distance) ** (1 / settings.distance),
      ),
      1e-12,
    );
    // No step of the RNN stretches by more than ‖W‖₂ · max act′.
    const bound = settings.rnnNorm *
      (settings.activation === "sigmoid" ? 0.25 : 1);
    for (let t = 0; t <= settings.distance; t++) {
      assert(at(NETWORKS.rnn, t) <= bound ** t * (1 + 1e-9));
    }
  }
});

Deno.test("the constant error carousel (f = 1, i = 0) keeps ∂C_t/∂C_0 = I: norm exactly 1 at every distance", () => {
  const { results, at } = drawn({ ...DEFAULTS, gates: "fixed", f: 1, i: 0 });
  for (let t = 0; t <= results.distance; t++) {
    assertEquals(at(NETWORKS.lstm, t), 1);
    assertEquals(at(NETWORKS.direct, t), 1);
  }
  assertEquals(results.lstm.meanForget, 1);
  assertEquals(results.lstm.perStep, 1);
});

Deno.test("fixed gates: the direct path is fⁿ and the mean forget gate is f", () => {
  const { results, at } = drawn({
    ...DEFAULTS,
    gates: "fixed",
    f: 0.9,
    i: 0.2,
    distance: 20,
  });
  for (let t = 0; t <= 20; t++) {
    assertLess(relative(at(NETWORKS.direct, t), 0.9 ** t), 1e-13);
  }
  assertLess(relative(results.lstm.meanForget, 0.9), 1e-15);
});

Deno.test("with seed 33 and a forget bias of +3 the LSTM is exercise rnn-3c's", () => {
  // The same draws in the same order: the explorer's default LSTM line is
  // the exercise's "forget bias +3" line, bit for bit.
  const { at } = drawn(DEFAULTS);
  const exercise = rnn3c().flow.filter((row) =>
    row.model === MODELS.forgetBias
  );
  assertEquals(exercise.length, 101);
  for (const row of exercise) {
    assertEquals(at(NETWORKS.lstm, row.distance), row.norm);
  }
});

Deno.test("gradient-flow: the page's example without a forget bias, in results.json, says what the prose says", () => {
  const source = RESULT_SOURCES.find((s) => s.id === "gradient-flow")!;
  const results = source.compute() as {
    examples: { noForgetBias: GradientFlowResults };
  };
  const example = results.examples.noForgetBias;
  // The same numbers as a direct computation with that one setting changed.
  assertEquals(example, gradientFlow({ ...DEFAULTS, forgetBias: 0 }));
  // "vanishes too": many orders of magnitude below 1 …
  assertLess(example.lstm.normAtEnd, 1e-10);
  // … "still far more than the RNN keeps": by many orders of magnitude.
  assertLess(example.rnn.normAtEnd, example.lstm.normAtEnd * 1e-10);
});

// ∂h_t/∂h_0 of the explorer's GRU by autodiff, h_0 from referenceGru's first step.
function gruJacobians(settings: GradientFlowSettings): Matrix[] {
  const nets = networks(settings.seed);
  const p = {
    ...nets.gru,
    bz: [settings.updateBias, settings.updateBias],
  } as unknown as Record<string, number[][]>;
  const xs = nets.xs.slice(0, settings.distance + 1);
  const first = referenceGru({ ...p, hInit: nets.gruInit }, xs.slice(0, 1), {
    type: "mse",
    targets: [[0, 0]],
  }).states[0].map((v) => v.data);
  const { states, leaves } = referenceGru(
    { ...p, hInit: first },
    xs.slice(1),
    { type: "mse", targets: xs.slice(1).map(() => [0, 0]) },
  );
  const h0 = leaves.hInit as Value[];
  return [
    [[1, 0], [0, 1]],
    ...states.map((h) =>
      h.map((v) => {
        v.backward();
        return h0.map((leaf) => leaf.grad);
      })
    ),
  ];
}

Deno.test("the GRU line matches autodiff, and at the defaults it is exercise gru's GRU with update bias +3", () => {
  for (
    const settings of [
      DEFAULTS,
      { ...DEFAULTS, updateBias: -2, seed: 7, distance: 40 },
    ]
  ) {
    const { rows, gru } = gradientFlow(settings);
    const reference = gruJacobians(settings);
    const line = rows.filter((row) => row.network === NETWORKS.gru);
    assertEquals(line.length, settings.distance + 1);
    for (const row of line) {
      assertLess(relative(row.norm, powerNorm(reference[row.distance])), 1e-8);
    }
    assertLess(
      relative(gru.normAtEnd, powerNorm(reference[settings.distance])),
      1e-8,
    );
  }
  const exercise = gruExercise().flow.filter((row) =>
    row.model === GRU_MODELS.bias
  );
  const ours = gradientFlow(DEFAULTS).rows.filter((row) =>
    row.network === NETWORKS.gru
  );
  assertEquals(ours.map((row) => row.norm), exercise.map((row) => row.norm));
});

Deno.test("what the page says about the GRU's update-gate bias: 0 lets the gradient vanish, +8 keeps it near 1", () => {
  const none = gradientFlow({ ...DEFAULTS, updateBias: 0 }).gru;
  const large = gradientFlow({ ...DEFAULTS, updateBias: 8 }).gru;
  assertLess(Math.abs(none.meanUpdate - 0.5), 0.1);
  assertLess(none.normAtEnd, 1e-20);
  assert(large.meanUpdate > 0.99);
  assertLess(Math.abs(large.normAtEnd - 1), 0.1);
});

Deno.test("a norm that rounds to 0 is said to, with no factor per step of 0; a true 0 (f = i = 0 held fixed) keeps its factor", () => {
  // ‖W‖₂ = 10 with tanh: units saturate, tanh′ = 1 − tanh² rounds to 0.
  const saturated = gradientFlow({
    ...DEFAULTS,
    rnnNorm: 10,
    activation: "tanh",
  });
  assertEquals(saturated.rnn.normAtEnd, 0);
  const text = readout(saturated);
  assertStringIncludes(text, "rounds to 0 in double precision");
  assert(!/a factor <span[^>]*>0<\/span> per step/.test(text), text);
  const stopped = gradientFlow({ ...DEFAULTS, gates: "fixed", f: 0, i: 0 });
  assertEquals(stopped.lstm.normAtEnd, 0);
  assertStringIncludes(readout(stopped), "direct path ∏ f alone");
  assert(!readout(stopped).includes("in double precision"));
  // In Chinese, each note whole in full-width parentheses, its parts joined
  // by a full-width semicolon, and no English word left.
  const zh = explorerTranslator(explorer, "zh");
  const notes = (html: string) =>
    [...html.matchAll(/<span class="readout-note">(.*?)<\/span><\/dd>/g)]
      .map((m) => m[1].replace(/<[^>]+>/g, ""));
  for (const results of [saturated, stopped, gradientFlow(DEFAULTS)]) {
    const said = notes(readout(results, zh));
    assertEquals(said.length, 3, readout(results, zh));
    for (const note of said) {
      assert(/^（.*）$/.test(note) && !/[()]/.test(note), note);
      assert(!/\b(a|the|per|path|bias|alone|rounds)\b/.test(note), note);
    }
  }
  const [rnnNote, lstmNote, gruNote] = notes(readout(saturated, zh));
  assertStringIncludes(rnnNote, "在双精度下舍入为 0");
  assert(/平均每步乘以因子 .+；仅直接路径 ∏ f：/.test(lstmNote), lstmNote);
  assert(/^（更新门偏置 b/.test(gruNote), gruNote);
});
