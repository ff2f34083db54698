/**
 * How big a problem `deno task grad` takes on: sizes are checked before any
 * computation, so that a network too big for the machine is an error line
 * (exit 2) naming the limit, not minutes of work or a crash of V8 out of
 * memory. The limits are generous for the small networks the checker is for
 * (hand-derived gradients): well under a second of work each.
 *
 * @module
 */
import type { GradProblem } from "./validate.ts";
import type { GradOptions } from "./gradients.ts";

/** The limits, shown by `--help`. */
export const LIMITS = {
  /** Bytes of input. */
  inputBytes: 16 * 1024 * 1024,
  /** Hidden units n, inputs d and outputs m, each. */
  width: 1000,
  /** Steps of the sequence (T + 1). */
  steps: 10_000,
  /** Multiply-adds of the computation asked for (gradients, terms, check). */
  work: 3e8,
  /** Numbers printed by `--terms` (each term is an n×n matrix). */
  termValues: 1e6,
};

/** The limits as lines of `--help`. */
export const LIMITS_HELP = [
  "limits (checked before computing; past one: exit 2 and a line naming it):",
  `  input: at most ${LIMITS.inputBytes / 1024 / 1024} MiB of JSON`,
  `  n (hidden units), d (inputs), m (outputs): at most ${LIMITS.width} each`,
  `  steps (T + 1, the length of xs): at most ${LIMITS.steps}`,
  `  work (about steps × (n² + n·d + m·n), ×4 for an LSTM, × 2 × parameters for --check, steps² × n³ / 2 for --terms): at most ${LIMITS.work}`,
  `  --terms: at most ${LIMITS.termValues} numbers ((T+1)(T+2)/2 terms of n×n)`,
].join("\n");

/** Sizes over a limit: one sentence, or `undefined` if within them all. */
export function overLimit(
  problem: GradProblem,
  options: GradOptions,
): string | undefined {
  const params = problem.params as unknown as Record<
    string,
    number[] | number[][]
  >;
  // The recurrent weights of the model: W, W_f (LSTM) or W_z (GRU), n × n.
  const W = problem.model === "rnn"
    ? params.W
    : problem.model === "lstm"
    ? params.Wf
    : params.Wz;
  const n = W.length;
  const d = problem.xs[0]?.length ?? 0;
  const V = params.V as number[][] | undefined;
  const m = V ? V.length : n;
  const steps = problem.xs.length;
  for (
    const [what, value] of [["n (hidden units)", n], ["d (inputs)", d], [
      "m (outputs)",
      m,
    ]] as const
  ) {
    if (value > LIMITS.width) {
      return `${what} = ${value}: at most ${LIMITS.width} (see --help)`;
    }
  }
  if (steps > LIMITS.steps) {
    return `xs has ${steps} steps: at most ${LIMITS.steps} (see --help)`;
  }
  // Blocks of weights a step multiplies by: 1 (RNN), 4 (LSTM), 3 (GRU).
  const gates = { rnn: 1, lstm: 4, gru: 3 }[problem.model] ?? 1;
  const perStep = gates * (n * n + n * d) + m * n;
  // Forward and backward: about three passes.
  let work = 3 * steps * perStep;
  const sizes = `n = ${n}, d = ${d}, m = ${m}, ${steps} steps`;
  if (options.terms) {
    const terms = (steps * (steps + 1)) / 2;
    if (terms * n * n > LIMITS.termValues) {
      return `--terms would print ${
        fmt(terms * n * n)
      } numbers (${terms} terms of ${n}×${n}, ${sizes}): at most ${LIMITS.termValues} (see --help); use fewer steps`;
    }
    work += terms * n * n * n;
  }
  if (options.check) {
    let count = n + (problem.model === "lstm" ? n : 0); // h0 (and C0)
    for (const value of Object.values(params)) {
      count += Array.isArray(value[0])
        ? value.length * (value[0] as number[]).length
        : value.length;
    }
    work += 2 * count * steps * perStep;
    if (work > LIMITS.work) {
      return `--check would take about ${
        fmt(work)
      } multiply-adds (${count} parameters, two runs each, ${sizes}): at most ${
        fmt(LIMITS.work)
      } (see --help); check a smaller network`;
    }
  }
  if (work > LIMITS.work) {
    return `the computation would take about ${
      fmt(work)
    } multiply-adds (${sizes}): at most ${fmt(LIMITS.work)} (see --help)`;
  }
  return undefined;
}

function fmt(value: number): string {
  return value.toExponential(1).replace("e+", "e");
}
