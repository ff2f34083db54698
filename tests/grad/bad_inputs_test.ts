/**
 * `deno task grad` given bad input, one row a case: every row must exit with
 * 2, print nothing on standard output and one line on standard error that
 * starts `grad: ` and names what is wrong (the field, or the limit), with no
 * stack trace. Sizes past the limits of `scripts/grad/limits.ts` (a hidden
 * layer of 10,000 units, 100,000 steps of `--terms`, `--check` on a network
 * of 100 units) are refused before any computation: the row's message is the
 * limit's, where a computation would have printed its results or run V8 out
 * of memory. (How long a row takes is no test's business: a timed assertion
 * failed under a loaded machine's contention, 30 s for a row that takes 3.)
 * Runs in-process (`_run.ts`).
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { runGrad } from "./_run.ts";
import { LIMITS } from "../../scripts/grad/limits.ts";

/** An RNN input with `n` hidden units, `d` inputs and `steps` steps (zeros). */
function rnn(
  n: number,
  d: number,
  steps: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const zeros = (rows: number, cols: number) =>
    Array.from({ length: rows }, () => new Array(cols).fill(0));
  return {
    model: "rnn",
    params: { W: zeros(n, n), U: zeros(n, d) },
    xs: zeros(steps, d),
    loss: { type: "mse", targets: zeros(steps, n) },
    ...extra,
  };
}

/** An LSTM input of the same shape. */
function lstm(n: number, d: number, steps: number): Record<string, unknown> {
  const zeros = (rows: number, cols: number) =>
    Array.from({ length: rows }, () => new Array(cols).fill(0));
  const params: Record<string, unknown> = {};
  for (const gate of ["f", "i", "o", "c"]) {
    params[`W${gate}`] = zeros(n, n);
    params[`U${gate}`] = zeros(n, d);
  }
  return {
    model: "lstm",
    params,
    xs: zeros(steps, d),
    loss: { type: "mse", targets: zeros(steps, n) },
  };
}

/** The small valid input each malformed row changes one thing of. */
const GOOD = rnn(2, 1, 3);

// deno-lint-ignore no-explicit-any
type Loose = any;

function with_(change: (input: Loose) => void): string {
  const input = structuredClone(GOOD) as Loose;
  change(input);
  return JSON.stringify(input);
}

interface Row {
  name: string;
  args?: string[];
  stdin?: string;
  files?: Record<string, string>;
  /** What the line must say (after `grad: `). */
  says: RegExp;
}

const json = JSON.stringify;

const ROWS: Row[] = [
  // Sizes past the limits.
  {
    name: "a hidden layer of 1,001 units",
    stdin: json(rnn(1001, 1, 1)),
    says: /n \(hidden units\) = 1001: at most 1000/,
  },
  {
    name: "1,001 inputs",
    stdin: json(rnn(1, 1001, 1)),
    says: /d \(inputs\) = 1001: at most 1000/,
  },
  {
    name: "1,001 outputs",
    stdin: json({
      ...rnn(1, 1, 1),
      params: {
        W: [[0]],
        U: [[0]],
        V: Array.from({ length: 1001 }, () => [0]),
        c: new Array(1001).fill(0),
      },
      loss: { type: "mse", targets: [new Array(1001).fill(0)] },
    }),
    says: /m \(outputs\) = 1001: at most 1000/,
  },
  {
    name: "10,001 steps",
    stdin: json(rnn(1, 1, LIMITS.steps + 1)),
    says: /xs has 10001 steps: at most 10000/,
  },
  {
    name: "an LSTM of 10,001 steps",
    stdin: json(lstm(1, 1, LIMITS.steps + 1)),
    says: /xs has 10001 steps/,
  },
  {
    name: "--terms with 100,000 steps",
    args: ["--terms", "-"],
    stdin: json(rnn(1, 1, 100_000)),
    says: /xs has 100000 steps: at most 10000/,
  },
  {
    name: "--terms with 3,000 steps (474 MB of output)",
    args: ["--terms", "-"],
    stdin: json(rnn(2, 1, 3000)),
    says: /--terms would print 1\.8e7 numbers \(4501500 terms of 2×2/,
  },
  {
    name: "--terms with 1,500 steps of one unit",
    args: ["--terms", "-"],
    stdin: json(rnn(1, 1, 1500)),
    says: /--terms would print 1\.1e6 numbers/,
  },
  {
    name: "--check of 100 units over 100 steps",
    args: ["--check", "-"],
    stdin: json(rnn(100, 1, 100)),
    // W (10,000), U (100) and h0 (100).
    says: /--check would take about .* multiply-adds \(10200 parameters/,
  },
  {
    name: "--check of an LSTM of 40 units over 100 steps",
    args: ["--check", "-"],
    stdin: json(lstm(40, 1, 100)),
    says: /--check would take about/,
  },
  {
    name: "--check and --terms of 60 units over 60 steps",
    args: ["--terms", "--check", "-"],
    stdin: json(rnn(60, 1, 60)),
    says: /would (print|take)/,
  },
  {
    name: "a gradient of 500 units and 500 inputs over 400 steps",
    stdin: json(rnn(500, 500, 400)),
    says: /the computation would take about .* multiply-adds/,
  },
  {
    name: "17 MiB of input",
    stdin: " ".repeat(LIMITS.inputBytes + 1) + "{}",
    says: /standard input: 16777219 bytes: at most 16777216/,
  },
  {
    name: "17 MiB in a file",
    args: ["big.json"],
    files: { "big.json": " ".repeat(LIMITS.inputBytes + 1) },
    says: /big\.json: 16777217 bytes/,
  },
  // Not JSON.
  { name: "nothing", stdin: "", says: /malformed JSON/ },
  { name: "only spaces", stdin: "   \n", says: /malformed JSON/ },
  { name: "an unclosed object", stdin: "{", says: /1:2: malformed JSON/ },
  {
    name: "a trailing comma",
    stdin: '{"model": "rnn",}',
    says: /malformed JSON/,
  },
  { name: "a comment", stdin: "// mine\n{}", says: /1:1: malformed JSON/ },
  {
    name: "NaN",
    stdin: with_((i) => (i.h0 = [0, 0])).replace("[0,0]", "[NaN,0]"),
    says: /malformed JSON/,
  },
  { name: "single quotes", stdin: "{'model': 'rnn'}", says: /malformed JSON/ },
  { name: "two values", stdin: "{} {}", says: /malformed JSON/ },
  {
    name: "deep nesting",
    stdin: "[".repeat(100_000),
    says: /malformed JSON|nest/,
  },
  { name: "not UTF-8", stdin: "\u00ff", says: /./ },
  // Wrong shapes of the whole.
  { name: "null", stdin: "null", says: /input: expected/ },
  { name: "a list", stdin: "[]", says: /input: expected/ },
  { name: "a number", stdin: "1", says: /input: expected/ },
  { name: "a string", stdin: '"rnn"', says: /input: expected/ },
  { name: "an empty object", stdin: "{}", says: /model/ },
  // Fields.
  { name: "no model", stdin: with_((i) => delete i.model), says: /model/ },
  {
    name: "an unknown model",
    stdin: with_((i) => (i.model = "transformer")),
    says: /model.*transformer/,
  },
  {
    name: "a model that is a number",
    stdin: with_((i) => (i.model = 1)),
    says: /model/,
  },
  {
    name: "an unknown activation",
    stdin: with_((i) => (i.activation = "softmax")),
    says: /activation/,
  },
  {
    name: "an unknown field",
    stdin: with_((i) => (i.hidden = 10000)),
    says: /hidden/,
  },
  {
    name: "a misspelt field",
    stdin: with_((i) => (i.parmas = i.params)),
    says: /parmas/,
  },
  {
    name: "a __proto__ field",
    stdin: with_((i) => i).replace("{", '{"__proto__": {},'),
    says: /__proto__/,
  },
  { name: "no params", stdin: with_((i) => delete i.params), says: /params/ },
  {
    name: "params as a list",
    stdin: with_((i) => (i.params = [])),
    says: /params/,
  },
  { name: "no W", stdin: with_((i) => delete i.params.W), says: /params\.W/ },
  {
    name: "an unknown parameter",
    stdin: with_((i) => (i.params.Wx = [[0]])),
    says: /Wx/,
  },
  {
    name: "W not square",
    stdin: with_((i) => (i.params.W = [[0, 0]])),
    says: /params\.W/,
  },
  {
    name: "W empty",
    stdin: with_((i) => (i.params.W = [])),
    says: /params\.W/,
  },
  {
    name: "W ragged",
    stdin: with_((i) => (i.params.W = [[0, 0], [0]])),
    says: /params\.W/,
  },
  {
    name: "W with a string",
    stdin: with_((i) => (i.params.W[0][0] = "0.5")),
    says: /params\.W/,
  },
  {
    name: "W with null",
    stdin: with_((i) => (i.params.W[1][1] = null)),
    says: /params\.W/,
  },
  {
    name: "W with 1e400",
    stdin: with_((i) => i).replace('"W":[[0,0]', '"W":[[1e400,0]'),
    says: /params\.W/,
  },
  {
    name: "U transposed",
    stdin: with_((i) => (i.params.U = [[0, 0]])),
    says: /params\.U/,
  },
  {
    name: "b too long",
    stdin: with_((i) => (i.params.b = [0, 0, 0])),
    says: /params\.b/,
  },
  {
    name: "V without c",
    stdin: with_((i) => (i.params.V = [[1, 0]])),
    says: /params\.(V|c)/,
  },
  { name: "h0 too short", stdin: with_((i) => (i.h0 = [0])), says: /h0/ },
  { name: "C0 on an RNN", stdin: with_((i) => (i.C0 = [0, 0])), says: /C0/ },
  { name: "no xs", stdin: with_((i) => delete i.xs), says: /xs/ },
  { name: "xs empty", stdin: with_((i) => (i.xs = [])), says: /xs/ },
  {
    name: "xs ragged",
    stdin: with_((i) => (i.xs = [[0], [0, 1], [0]])),
    says: /xs/,
  },
  {
    name: "xs of strings",
    stdin: with_((i) => (i.xs = ["a", "b", "c"])),
    says: /xs/,
  },
  { name: "no loss", stdin: with_((i) => delete i.loss), says: /loss/ },
  {
    name: "an unknown loss",
    stdin: with_((i) => (i.loss.type = "l1")),
    says: /loss\.type/,
  },
  {
    name: "too few targets",
    stdin: with_((i) => i.loss.targets.pop()),
    says: /loss\.targets/,
  },
  {
    name: "targets too wide",
    stdin: with_((i) => (i.loss.targets[0] = [0, 0, 0])),
    says: /loss\.targets/,
  },
  {
    name: "softmax-ce without V",
    stdin: with_((i) => (i.loss = { type: "softmax-ce", labels: [0, 0, 0] })),
    says: /softmax-ce|V/,
  },
  // Arguments and files.
  { name: "no file", args: [], says: /expected one input FILE/ },
  {
    name: "two files",
    args: ["a.json", "b.json"],
    says: /found 2: a\.json b\.json/,
  },
  {
    name: "an unknown option",
    args: ["--terms=yes", "-"],
    says: /--terms=yes/,
  },
  {
    name: "a missing file",
    args: ["mine.json"],
    says: /mine\.json: cannot read it: no such file/,
  },
  {
    name: "--terms of an LSTM",
    args: ["--terms", "-"],
    stdin: json(lstm(2, 1, 2)),
    says: /--terms: expected an input with model "rnn"/,
  },
];

Deno.test(`deno task grad: ${ROWS.length} bad inputs, each exit 2 and one line naming what is wrong, before any computation`, async (t) => {
  assert(ROWS.length >= 60, `${ROWS.length} rows`);
  for (const row of ROWS) {
    await t.step(row.name, async () => {
      const { code, stdout, stderr } = await runGrad(
        row.args ?? ["-"],
        row.stdin ?? "",
        row.files ?? {},
      );
      assertEquals(code, 2, stderr);
      assertEquals(stdout, "");
      const lines = stderr.trimEnd().split("\n");
      assertEquals(lines.length, 1, stderr);
      assert(lines[0].startsWith("grad: "), lines[0]);
      assert(!/\n\s+at /.test(stderr), "a stack trace");
      assertMatch(lines[0], row.says);
    });
  }
});
