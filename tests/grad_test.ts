/**
 * `deno task grad` as a student runs it: the real command in a subprocess
 * (`deno run --allow-read scripts/grad.ts`), its exit code, its standard
 * output and its one line on standard error, for every kind of bad input the
 * issue lists and for the shipped examples.
 */
import { programStderr } from "./_stderr.ts";
import { assertEquals, assertLess } from "@std/assert";
import { add, relativeError, zeros } from "../scripts/lib/matrix.ts";
import { referenceGru, referenceLstm, referenceRnn } from "./_reference.ts";
import { runGrad } from "./grad/_run.ts";
import { LIMITS_HELP } from "../scripts/grad/limits.ts";

const ROOT = new URL("..", import.meta.url);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `deno run --allow-read scripts/grad.ts ...args`, feeding `stdin` if given. */
async function grad(args: string[], stdin?: string | Uint8Array): Promise<Ran> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "scripts/grad.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(
      typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin,
    );
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: programStderr(stderr) };
}

/** `f` over `items`, at most `limit` at a time (the machine has two cores). */
async function inPool<T, R>(
  items: T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

// A valid RNN input (n = 2 hidden units, d = 3 inputs, m = 3 outputs, three
// steps) and a valid LSTM input; each bad input below changes one thing.
const RNN = {
  model: "rnn",
  activation: "tanh",
  params: {
    W: [[0.5, -0.2], [0.1, 0.3]],
    U: [[1, 0, 0.5], [0, 1, -0.5]],
    b: [0, 0.1],
    V: [[1, 0], [0, 1], [1, 1]],
    c: [0, 0, 0.2],
  },
  h0: [0.1, 0.2],
  xs: [[1, 0, 0], [0, 1, 0], [1, 1, 1]],
  loss: { type: "softmax-ce", labels: [0, 2, 1] },
};

const LSTM = {
  model: "lstm",
  params: Object.fromEntries(
    ["f", "i", "o", "c"].flatMap((g) => [
      [`W${g}`, [[0.1, 0.2], [-0.3, 0.4]]],
      [`U${g}`, [[0.5], [-0.5]]],
    ]),
  ),
  xs: [[1], [-1]],
  loss: { type: "mse", targets: [[0.1, 0.2], [0.3, 0.4]] },
};

const GRU = {
  model: "gru",
  params: Object.fromEntries(
    ["z", "r", "h"].flatMap((g) => [
      [`W${g}`, [[0.1, 0.2], [-0.3, 0.4]]],
      [`U${g}`, [[0.5], [-0.5]]],
    ]),
  ),
  xs: [[1], [-1]],
  loss: { type: "mse", targets: [[0.1, 0.2], [0.3, 0.4]] },
};

type Input = Record<string, unknown> & {
  params: Record<string, unknown>;
  loss?: Record<string, unknown>;
};

function changed(base: object, change: (input: Input) => void): string {
  const input = structuredClone(base) as Input;
  change(input);
  return JSON.stringify(input, null, 2);
}

// The input of the issue, verbatim: its `//` comments document the format but
// are not JSON, so the checker must refuse it at the first comment.
const ISSUE_EXAMPLE = `{
  "model": "rnn",                 // or "lstm"
  "activation": "sigmoid",        // rnn only: "sigmoid" (default) | "tanh" | "relu"
  "params": {
    "W": [[...]], "U": [[...]], "b": [...]
  }
}`;

const n2d3 = "n = 2 from params.W, d = 3 from xs[0]";
const missing = "found nothing (the field is missing)";

/** Each kind of bad input: arguments, standard input, the one expected line. */
const BAD_INPUTS: {
  kind: string;
  args?: string[];
  stdin?: string | Uint8Array;
  line: string;
}[] = [
  {
    kind: "wrong shape",
    stdin: changed(RNN, (i) => (i.params.U = [[1, 0], [0, 1], [0.5, -0.5]])),
    line:
      `params.U: expected a 2×3 matrix of finite numbers (${n2d3}), found a 3×2 matrix (transposed?)`,
  },
  {
    kind: "W not square",
    stdin: changed(RNN, (i) => (i.params.W = [[0.5, -0.2, 0], [0.1, 0.3, 0]])),
    line:
      "params.W: expected a square matrix of finite numbers (n×n, n the number of hidden units), found a 2×3 matrix",
  },
  {
    kind: "a missing parameter",
    stdin: changed(RNN, (i) => delete i.params.U),
    line:
      `params.U: expected a 2×3 matrix of finite numbers (${n2d3}), ${missing}`,
  },
  {
    kind: "a missing lstm parameter",
    stdin: changed(LSTM, (i) => delete i.params.Wo),
    line:
      `params.Wo: expected a 2×2 matrix of finite numbers (n = 2 from params.Wf), ${missing}`,
  },
  {
    kind: "an unknown model",
    stdin: changed(RNN, (i) => (i.model = "transformer")),
    line:
      'model: expected "rnn", "lstm" or "gru", found the string "transformer"',
  },
  {
    kind: "unknown activation",
    stdin: changed(RNN, (i) => (i.activation = "softplus")),
    line:
      'activation: expected "sigmoid", "tanh" or "relu", found the string "softplus"',
  },
  {
    kind: "unknown loss type",
    stdin: changed(RNN, (i) => (i.loss!.type = "cross-entropy")),
    line:
      'loss.type: expected "mse" or "softmax-ce", found the string "cross-entropy"',
  },
  {
    kind: "a number that overflows to Infinity",
    stdin: changed(RNN, () => {}).replace("-0.2", "1e999"),
    line:
      "params.W[0][1]: expected a finite number, found a number too large for double precision (it overflows to Infinity)",
  },
  {
    kind: "a number written as a string",
    stdin: changed(RNN, (i) => (i.params.b = [0, "0.1"])),
    line: 'params.b[1]: expected a finite number, found the string "0.1"',
  },
  {
    kind: "a label out of range",
    stdin: changed(RNN, (i) => (i.loss!.labels = [0, 3, 1])),
    line:
      "loss.labels[1]: expected an integer from 0 to 2 (a class index: params.V has 3 rows), found the number 3",
  },
  {
    kind: "a label that is not an integer",
    stdin: changed(RNN, (i) => (i.loss!.labels = [0, 1.5, 1])),
    line:
      "loss.labels[1]: expected an integer from 0 to 2 (a class index: params.V has 3 rows), found the number 1.5",
  },
  {
    kind: "inputs of different lengths",
    stdin: changed(RNN, (i) => (i.xs = [[1, 0, 0], [0, 1, 0], [1, 1]])),
    line:
      "xs[2]: expected a vector of 3 finite numbers (d = 3, the length of xs[0]: all inputs have one size), found a vector of 2 numbers",
  },
  {
    kind: "a target of the wrong length",
    stdin: changed(
      RNN,
      (
        i,
      ) => (i.loss = { type: "mse", targets: [[0, 0, 1], [1, 0], [0, 1, 0]] }),
    ),
    line:
      "loss.targets[1]: expected a vector of 3 finite numbers (m = 3, the rows of params.V), found a vector of 2 numbers",
  },
  {
    kind: "the wrong number of targets",
    stdin: changed(
      RNN,
      (i) => (i.loss = { type: "mse", targets: [[0, 0, 1], [1, 0, 0]] }),
    ),
    line:
      "loss.targets: expected an array of 3 target vectors, one per input in xs, found an array of 2 items",
  },
  {
    kind: "the wrong number of labels",
    stdin: changed(RNN, (i) => (i.loss!.labels = [0, 1, 2, 1])),
    line:
      "loss.labels: expected an array of 3 integer labels, one per input in xs, found an array of 4 items",
  },
  {
    kind: "an empty sequence",
    stdin: changed(RNN, (i) => (i.xs = [])),
    line:
      "xs: expected a non-empty array of input vectors x_0 … x_T, found an empty array",
  },
  {
    kind: "V without c",
    stdin: changed(RNN, (i) => delete i.params.c),
    line:
      `params.c: expected a vector of 3 finite numbers (m = 3, the rows of params.V; V and c come together), ${missing}`,
  },
  {
    kind: "c without V",
    stdin: changed(RNN, (i) => delete i.params.V),
    line:
      `params.V: expected a 3×2 matrix of finite numbers (m = 3 from params.c, n = 2 from params.W; V and c come together), ${missing}`,
  },
  {
    kind: "softmax-ce without V",
    stdin: changed(RNN, (i) => {
      delete i.params.V;
      delete i.params.c;
    }),
    line:
      'loss.type: expected "mse" when there is no output layer (softmax-ce needs params.V and params.c), found the string "softmax-ce"',
  },
  {
    kind: "an unknown top-level field",
    stdin: changed(RNN, (i) => (i.steps = [2])),
    line:
      'input: expected only the fields model, activation, params, h0, xs and loss, found an unknown field "steps"',
  },
  {
    kind: "a cell state for the rnn",
    stdin: changed(RNN, (i) => (i.C0 = [0, 0])),
    line:
      'input: expected only the fields model, activation, params, h0, xs and loss, found an unknown field "C0" (only the lstm has a cell state)',
  },
  {
    kind: "an activation for the lstm",
    stdin: changed(LSTM, (i) => (i.activation = "sigmoid")),
    line:
      'input: expected only the fields model, params, h0, C0, xs and loss, found an unknown field "activation" (the lstm\'s activations are fixed: σ for the gates, tanh for the candidate and the cell)',
  },
  {
    kind: "an unknown parameter name",
    stdin: changed(RNN, (i) => (i.params.Wf = [[1, 0], [0, 1]])),
    line:
      'params: expected only the rnn\'s parameters W, U, b, V and c, found an unknown field "Wf" (a parameter of the lstm: is "model" right?)',
  },
  {
    kind: "an extra field in loss",
    stdin: changed(RNN, (i) => (i.loss!.steps = [2])),
    line:
      'loss: expected only the fields type and labels (for "softmax-ce"), found an unknown field "steps"',
  },
  {
    kind: "h0 of the wrong length",
    stdin: changed(RNN, (i) => (i.h0 = [0, 0, 0])),
    line:
      "h0: expected a vector of 2 finite numbers (n = 2 from params.W), found a vector of 3 numbers",
  },
  {
    kind: "not an object",
    stdin: "[1, 2]",
    line: "input: expected a JSON object, found a vector of 2 numbers",
  },
  {
    kind: "JSON with comments (the issue's own example)",
    stdin: ISSUE_EXAMPLE,
    line: `standard input:2:${
      ISSUE_EXAMPLE.split("\n")[1].indexOf("//") + 1
    }: malformed JSON: expected a property name in double quotes, found a comment (JSON has no comments)`,
  },
  {
    kind: "a trailing comma",
    stdin: '{"model": "rnn",\n "xs": [[1], [2],]}',
    // The column of the ']' after the comma, counted from 1.
    line: `standard input:2:${
      ' "xs": [[1], [2],]}'.indexOf(",]") + 2
    }: malformed JSON: expected a value, found ']' (JSON allows no comma before ']')`,
  },
  {
    kind: "a duplicate field",
    stdin: '{"model": "rnn", "model": "lstm"}',
    line:
      'standard input:1:18: malformed JSON: expected each property name once per object, found "model" again (first at line 1, column 2)',
  },
  {
    kind: "an empty input",
    stdin: "",
    line:
      "standard input:1:1: malformed JSON: expected a JSON value, found the end of the input (the input is empty)",
  },
  {
    kind: "bytes that are not UTF-8",
    stdin: new Uint8Array([0x7b, 0xff, 0x7d]),
    line: "standard input: expected UTF-8 text, found bytes that are not UTF-8",
  },
  {
    kind: "--terms for an lstm",
    args: ["--terms", "-"],
    stdin: JSON.stringify(LSTM),
    line:
      '--terms: expected an input with model "rnn" (the double sum over (t, k) is written for the RNN\'s W), found model "lstm" in standard input',
  },
  {
    kind: "file not found",
    args: ["no/such/input.json"],
    line: "no/such/input.json: cannot read it: no such file",
  },
  {
    kind: "no file",
    args: [],
    line:
      "expected one input FILE, or - for standard input, found none (usage: deno task grad [--terms] [--check] FILE|-)",
  },
  {
    kind: "an unknown option",
    args: ["--verbose", "-"],
    stdin: JSON.stringify(RNN),
    line:
      'expected the option --terms, --check or --help, found "--verbose" (usage: deno task grad [--terms] [--check] FILE|-)',
  },
  {
    kind: "gru: a transposed input matrix",
    stdin: changed(GRU, (i) => (i.params.Ur = [[0.5, -0.5]])),
    line:
      "params.Ur: expected a 2×1 matrix of finite numbers (n = 2 from params.Wz, d = 1 from xs[0]), found a 1×2 matrix (transposed?)",
  },
  {
    kind: "gru: a missing parameter",
    stdin: changed(GRU, (i) => delete i.params.Wh),
    line:
      "params.Wh: expected a 2×2 matrix of finite numbers (n = 2 from params.Wz), found nothing (the field is missing)",
  },
  {
    kind: "gru: an LSTM parameter",
    stdin: changed(GRU, (i) => (i.params.Wf = [[0, 0], [0, 0]])),
    line:
      'params: expected only the gru\'s parameters Wz, Uz, bz, Wr, Ur, br, Wh, Uh, bh, V and c, found an unknown field "Wf" (a parameter of the lstm: is "model" right?)',
  },
  {
    kind: "gru: a cell state",
    stdin: changed(GRU, (i) => (i.C0 = [0, 0])),
    line:
      'input: expected only the fields model, params, h0, xs and loss, found an unknown field "C0" (only the lstm has a cell state)',
  },
  {
    kind: "gru: an activation",
    stdin: changed(GRU, (i) => (i.activation = "relu")),
    line:
      'input: expected only the fields model, params, h0, xs and loss, found an unknown field "activation" (the gru\'s activations are fixed: σ for the gates, tanh for the candidate)',
  },
  {
    kind: "gru: a bias of the wrong length",
    stdin: changed(GRU, (i) => (i.params.bz = [1, 2, 3])),
    line:
      "params.bz: expected a vector of 2 finite numbers (n = 2 from params.Wz), found a vector of 3 numbers",
  },
  {
    kind: "gru: --terms",
    args: ["--terms", "-"],
    stdin: JSON.stringify(GRU),
    line:
      '--terms: expected an input with model "rnn" (the double sum over (t, k) is written for the RNN\'s W), found model "gru" in standard input',
  },
];

Deno.test("deno task grad: every kind of bad input exits with 2 and one line naming the field, what was expected and what was found", async () => {
  const results = await inPool(
    BAD_INPUTS,
    4,
    ({ args, stdin }) => grad(args ?? ["-"], stdin),
  );
  BAD_INPUTS.forEach(({ kind, args, line }, i) => {
    const { code, stdout, stderr } = results[i];
    const source = args === undefined ? "standard input: " : "";
    const expected = line.startsWith("standard input:") ? line : source + line;
    assertEquals(
      { code, stdout, stderr },
      { code: 2, stdout: "", stderr: `grad: ${expected}\n` },
      kind,
    );
  });
});

Deno.test("deno task grad: the RNN example, with --terms and --check, agrees with autodiff; its terms sum to ∂L/∂W", async () => {
  const { code, stdout, stderr } = await grad([
    "--terms",
    "--check",
    "examples/grad-rnn.json",
  ]);
  assertEquals([code, stderr], [0, ""]);
  const out = JSON.parse(stdout);
  const input = JSON.parse(
    await Deno.readTextFile(new URL("examples/grad-rnn.json", ROOT)),
  );
  const ref = referenceRnn(
    { ...input.params, hInit: input.h0 },
    input.xs,
    input.loss,
    input.activation,
  );
  assertLess(Math.abs(out.loss - ref.loss), 1e-12);
  assertEquals(Object.keys(out.grads), ["W", "U", "h0"]);
  for (const [name, refName] of [["W", "W"], ["U", "U"], ["h0", "hInit"]]) {
    assertLess(relativeError(out.grads[name], ref.grads[refName]), 1e-9, name);
  }
  const T = input.xs.length - 1;
  assertEquals(out.terms.length, ((T + 1) * (T + 2)) / 2);
  const sum = out.terms.reduce(
    (s: number[][], term: { value: number[][] }) => add(s, term.value),
    zeros(2, 2),
  );
  assertLess(relativeError(sum, ref.grads.W), 1e-9);
  assertEquals(Object.keys(out.check), ["W", "U", "h0"]);
  for (const error of Object.values(out.check)) {
    assertLess(error as number, 1e-6);
  }
});

Deno.test("deno task grad: the LSTM example read from standard input agrees with autodiff", async () => {
  const text = await Deno.readTextFile(
    new URL("examples/grad-lstm.json", ROOT),
  );
  const { code, stdout, stderr } = await grad(["-"], text);
  assertEquals([code, stderr], [0, ""]);
  const out = JSON.parse(stdout);
  const input = JSON.parse(text);
  const ref = referenceLstm(
    { ...input.params, hInit: input.h0, CInit: input.C0 },
    input.xs,
    input.loss,
  );
  assertLess(Math.abs(out.loss - ref.loss), 1e-12);
  const names = [...Object.keys(input.params), "h0", "C0"];
  assertEquals(Object.keys(out.grads), names);
  for (const name of names) {
    const refName = name === "h0" ? "hInit" : name === "C0" ? "CInit" : name;
    assertLess(relativeError(out.grads[name], ref.grads[refName]), 1e-9, name);
  }
});

Deno.test("deno task grad: the GRU example, with --check, agrees with autodiff", async () => {
  const { code, stdout, stderr } = await grad([
    "--check",
    "examples/grad-gru.json",
  ]);
  assertEquals([code, stderr], [0, ""]);
  const out = JSON.parse(stdout);
  const input = JSON.parse(
    await Deno.readTextFile(new URL("examples/grad-gru.json", ROOT)),
  );
  const ref = referenceGru(
    { ...input.params, hInit: input.h0 },
    input.xs,
    input.loss,
  );
  assertLess(Math.abs(out.loss - ref.loss), 1e-12);
  const names = [...Object.keys(input.params), "h0"];
  assertEquals(Object.keys(out.grads), names);
  for (const name of names) {
    const refName = name === "h0" ? "hInit" : name;
    assertLess(relativeError(out.grads[name], ref.grads[refName]), 1e-9, name);
  }
  for (const error of Object.values(out.check)) {
    assertLess(error as number, 1e-6);
  }
});

Deno.test("deno task grad: --help describes the input of each model and names a worked example for each, which runs", async () => {
  const { code, stdout, stderr } = await grad(["--help"]);
  assertEquals([code, stderr], [0, ""]);
  assertEquals(
    stdout.split("\n")[0],
    "usage: deno task grad [--terms] [--check] FILE|-",
  );
  const fields = [
    "model",
    "params",
    "h0",
    "C0",
    "activation",
    "xs",
    "loss",
    "mse",
    "softmax-ce",
    "targets",
    "labels",
    "--terms",
    "--check",
  ];
  const params = [
    "W",
    "U",
    "b",
    "Wf",
    "Wi",
    "Wo",
    "Wc",
    "Uf",
    "Ui",
    "Uo",
    "Uc",
    "Wz",
    "Wr",
    "Wh",
    "Uz",
    "Ur",
    "Uh",
    "V",
    "c",
  ];
  for (const word of [...fields, ...params]) {
    assertEquals(
      new RegExp(`(^|[^\\w-])${word.replace(/-/g, "\\-")}([^\\w]|$)`, "m").test(
        stdout,
      ),
      true,
      word,
    );
  }
  assertEquals(/at most\s+\d+\s+levels\s+of\s+nesting/.test(stdout), true);
  const examples = [...stdout.matchAll(/examples\/grad-(\w+)\.json/g)].map((
    m,
  ) => m[1]);
  assertEquals(examples, ["rnn", "lstm", "gru"]);
  for (const model of examples) {
    const ran = await grad([`examples/grad-${model}.json`]);
    assertEquals([ran.code, ran.stderr], [0, ""], model);
    const text = await Deno.readTextFile(
      new URL(`examples/grad-${model}.json`, ROOT),
    );
    assertEquals(JSON.parse(text).model, model);
  }
  assertEquals(stdout.includes(LIMITS_HELP), true, "the size limits");
});

Deno.test("deno task grad runs with read permission only and reads paths from where it is called", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "grad", "grad-rnn.json"],
    cwd: new URL("examples/", ROOT),
    // A student's shell: no INIT_CWD left over from an enclosing `deno task`.
    clearEnv: true,
    env: Object.fromEntries(
      ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]
        .filter((name) => Deno.env.get(name) !== undefined)
        .map((name) => [name, Deno.env.get(name)!])
        .concat([["NO_COLOR", "1"]]),
    ),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals([code, programStderr(stderr)], [0, ""]);
  assertEquals(Object.keys(JSON.parse(new TextDecoder().decode(stdout))), [
    "loss",
    "grads",
  ]);
});

Deno.test("the README section shows the shipped RNN example and an error line the command really prints", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const section =
    readme.split("## Check your own gradients")[1].split("\n## ")[0];
  const example = await Deno.readTextFile(
    new URL("examples/grad-rnn.json", ROOT),
  );
  const shown = section.match(/```json\n([\s\S]*?)```/)![1];
  assertEquals(shown, example);
  // The error shown: the example with U written as a row instead of a column.
  const line = section.match(/```\n(grad: [^\n]*)\n```/)![1];
  const mine = example.replace('"U": [[0.5], [-0.3]]', '"U": [[0.5, -0.3]]');
  const { code, stderr } = await runGrad(["mine.json"], "", {
    "mine.json": mine,
  });
  assertEquals([code, stderr], [2, `${line}\n`]);
});
