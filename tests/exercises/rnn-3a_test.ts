import { assert, assertEquals, assertLess } from "@std/assert";
import {
  compute,
  INITIAL_CELL,
  type RunName,
  RUNS,
} from "../../scripts/exercises/rnn-3a.ts";
import { maxDiff, scalarLstm } from "./_scalar_lstm.ts";

const r = compute();

// Every trace is checked against the scalar LSTM of _scalar_lstm.ts, which
// shares no code with scripts/lib/lstm.ts.
const run = (name: RunName, CInit = r.CInit) =>
  scalarLstm(r.params, r.xs, { CInit, hInit: r.hInit, gates: RUNS[name] });

const names = Object.keys(RUNS) as RunName[];

Deno.test("every run matches a scalar LSTM written independently in the test", () => {
  for (const name of names) {
    const ours = r.runs[name].steps;
    const theirs = run(name);
    assertEquals(ours.length, 3);
    ours.forEach((s, t) => {
      const ref = theirs[t];
      const CPrev = t > 0 ? theirs[t - 1].C : r.CInit;
      for (
        const [a, b] of [
          [s.f, ref.f],
          [s.i, ref.i],
          [s.o, ref.o],
          [s.candidate, ref.g],
          [s.C, ref.C],
          [s.h, ref.h],
          [s.kept, ref.f.map((f, u) => f * CPrev[u])],
          [s.written, ref.i.map((i, u) => i * ref.g[u])],
        ]
      ) assertLess(maxDiff(a, b), 1e-14, `${name}, t = ${t}`);
    });
  }
});

Deno.test("the fixed-gate descriptions name the gates held fixed", () => {
  assertEquals(r.runs.free.fixed, "none");
  assertEquals(r.runs.forgetClosed.fixed, "f_t = 0");
  assertEquals(r.runs.carousel.fixed, "f_t = 1,\\ i_t = 0");
});

Deno.test("free gates lie strictly between 0 and 1, and C_t = kept + written", () => {
  for (const s of r.runs.free.steps) {
    for (const g of [...s.f, ...s.i, ...s.o]) assert(g > 0 && g < 1);
    assertLess(maxDiff(s.C, s.kept.map((k, u) => k + s.written[u])), 1e-15);
  }
});

Deno.test("f = 0 forgets: C_t = i_t ⊙ C̃_t, and the run does not depend on C_{−1}", () => {
  for (const s of r.runs.forgetClosed.steps) {
    assertEquals(s.C, s.i.map((i, u) => i * s.candidate[u]));
  }
  const withMemory = run("forgetClosed", INITIAL_CELL);
  const without = run("forgetClosed", [0, 0]);
  assertEquals(withMemory, without);
  assertEquals(r.forgetClosedMemoryEffect, 0);
  // In the free run the initial memory does matter.
  const freeWith = run("free", INITIAL_CELL);
  const freeWithout = run("free", [0, 0]);
  const effect = Math.max(
    ...freeWith.flatMap((s, t) => [
      maxDiff(s.C, freeWithout[t].C),
      maxDiff(s.h, freeWithout[t].h),
    ]),
  );
  assertLess(Math.abs(r.freeMemoryEffect - effect), 1e-15);
  assert(r.freeMemoryEffect > 0.1);
});

Deno.test("f = 1 keeps everything: C_t = C_{t−1} + i_t ⊙ C̃_t", () => {
  r.runs.forgetOpen.steps.forEach((s, t) => {
    const CPrev = t > 0 ? r.runs.forgetOpen.steps[t - 1].C : r.CInit;
    const expected = CPrev.map((c, u) => c + s.i[u] * s.candidate[u]);
    assertLess(maxDiff(s.C, expected), 1e-15);
  });
});

Deno.test("i = 0 writes nothing: C_t = f_t ⊙ C_{t−1}, so the memory only fades", () => {
  r.runs.inputClosed.steps.forEach((s, t) => {
    const CPrev = t > 0 ? r.runs.inputClosed.steps[t - 1].C : r.CInit;
    assertEquals(s.C, s.f.map((f, u) => f * CPrev[u]));
    s.C.forEach((c, u) => assert(Math.abs(c) < Math.abs(CPrev[u])));
    // The sign of every entry of the memory is kept.
    s.C.forEach((c, u) => assertEquals(Math.sign(c), Math.sign(r.CInit[u])));
  });
});

Deno.test("i = 1 writes the whole candidate: C_t = f_t ⊙ C_{t−1} + C̃_t", () => {
  r.runs.inputOpen.steps.forEach((s, t) => {
    const CPrev = t > 0 ? r.runs.inputOpen.steps[t - 1].C : r.CInit;
    const expected = s.f.map((f, u) => f * CPrev[u] + s.candidate[u]);
    assertLess(maxDiff(s.C, expected), 1e-15);
  });
});

Deno.test("o = 0 hides the cell: h_t = 0 while C_t still carries the memory", () => {
  for (const s of r.runs.outputClosed.steps) {
    assertEquals(s.h.map(Math.abs), [0, 0]);
    for (const c of s.C) assert(Math.abs(c) > 0.01);
  }
  // At t = 0 the output gate has not yet fed anything back: C_0 is the free C_0.
  assertEquals(r.runs.outputClosed.steps[0].C, r.runs.free.steps[0].C);
});

Deno.test("o = 1 shows everything: h_t = tanh(C_t)", () => {
  for (const s of r.runs.outputOpen.steps) {
    assertLess(maxDiff(s.h, s.C.map(Math.tanh)), 1e-15);
  }
});

Deno.test("f = 1 and i = 0 freeze the memory: C_t = C_{−1} exactly", () => {
  for (const s of r.runs.carousel.steps) assertEquals(s.C, INITIAL_CELL);
});

Deno.test("what the page says about t = 0: unit 1 is overwritten (sign change), unit 2 keeps most of its memory", () => {
  const s = r.runs.free.steps[0];
  // Unit 1: forget gate above ½, input gate nearly open, candidate of the opposite sign.
  assert(s.f[0] > 0.5 && s.i[0] > 0.9);
  assert(Math.sign(s.candidate[0]) !== Math.sign(r.CInit[0]));
  assert(Math.abs(s.written[0]) > Math.abs(s.kept[0]));
  assert(Math.sign(s.C[0]) !== Math.sign(r.CInit[0]));
  // Unit 2: more kept than written.
  assert(s.f[1] > s.i[1]);
});
