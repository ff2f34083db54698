/**
 * The validator of `deno task grad` in-process: the documented input in all
 * its optional variants is accepted as given, and each finer way of getting
 * it wrong (beyond the kinds in `tests/grad_test.ts`, which run the real
 * command) gets its one precise message.
 */
import { assertEquals, assertThrows } from "@std/assert";
import { parseJson } from "../../scripts/grad/json.ts";
import {
  describe,
  InputError,
  validateProblem,
} from "../../scripts/grad/validate.ts";
import { runGrad } from "./_run.ts";

const RNN = {
  model: "rnn",
  params: { W: [[0.5, -0.2], [0.1, 0.3]], U: [[1], [-1]] },
  xs: [[1], [0], [-1]],
  loss: { type: "mse", targets: [[0, 1], [1, 0], [0.5, 0.5]] },
};

const LSTM = {
  model: "lstm",
  params: Object.fromEntries(
    ["f", "i", "o", "c"].flatMap((g) => [[`W${g}`, [[0.3]]], [`U${g}`, [[1]]]]),
  ),
  xs: [[1], [2]],
  loss: { type: "mse", targets: [[0], [1]] },
};

type Input = Record<string, unknown> & {
  params: Record<string, unknown>;
  loss?: Record<string, unknown>;
};

function changed(base: object, change: (input: Input) => void): Input {
  const input = structuredClone(base) as Input;
  change(input);
  return input;
}

Deno.test("validateProblem() accepts the minimal documented input and keeps exactly the parameters given", () => {
  const rnn = validateProblem(RNN);
  assertEquals(rnn, { ...RNN, activation: "sigmoid" } as never);
  const lstm = validateProblem(LSTM);
  assertEquals(lstm, LSTM as never);
});

Deno.test("validateProblem() accepts every optional field of the documented input", () => {
  const rnn = changed(RNN, (i) => {
    i.activation = "relu";
    Object.assign(i.params, { b: [0, 1], V: [[1, 2]], c: [3] });
    i.h0 = [0.5, 0.5];
    i.loss = { type: "softmax-ce", labels: [0, 0, 0] };
  });
  assertEquals(validateProblem(rnn), rnn as never);
  const lstm = changed(LSTM, (i) => {
    for (const g of ["f", "i", "o", "c"]) i.params[`b${g}`] = [1];
    Object.assign(i.params, { V: [[1], [2]], c: [0, 0] });
    Object.assign(i, { h0: [0.1], C0: [0.2] });
    i.loss = { type: "softmax-ce", labels: [1, 0] };
  });
  assertEquals(validateProblem(lstm), lstm as never);
});

const CASES: [string, unknown, string][] = [
  [
    "a misspelt initial state",
    changed(RNN, (i) => (i.hInit = [0, 0])),
    'input: expected only the fields model, activation, params, h0, xs and loss, found an unknown field "hInit" (did you mean "h0"?)',
  ],
  [
    "a parameter in the wrong case",
    changed(RNN, (i) => (i.params.w = [[1, 0], [0, 1]])),
    'params: expected only the rnn\'s parameters W, U, b, V and c, found an unknown field "w" (did you mean "W"?)',
  ],
  [
    "an rnn parameter for the lstm",
    changed(LSTM, (i) => (i.params.W = [[1]])),
    'params: expected only the lstm\'s parameters Wf, Uf, bf, Wi, Ui, bi, Wo, Uo, bo, Wc, Uc, bc, V and c, found an unknown field "W" (a parameter of the rnn: is "model" right?)',
  ],
  [
    "a missing model",
    changed(RNN, (i) => delete i.model),
    'model: expected "rnn", "lstm" or "gru", found nothing (the field is missing)',
  ],
  [
    "a model in capitals",
    changed(RNN, (i) => (i.model = "RNN")),
    'model: expected "rnn", "lstm" or "gru", found the string "RNN"',
  ],
  [
    "not an object",
    null,
    "input: expected a JSON object, found null",
  ],
  [
    "inputs as plain numbers",
    changed(RNN, (i) => (i.xs = [1, 0, -1])),
    "xs: expected a non-empty array of input vectors x_0 … x_T, found a vector of 3 numbers (write one-number inputs as [[0.5], [1], …])",
  ],
  [
    "an empty first input",
    changed(RNN, (i) => (i.xs = [[], [], []])),
    "xs[0]: expected a non-empty vector of finite numbers (its length is the input size d), found an empty array",
  ],
  [
    "an input of -Infinity",
    changed(RNN, (i) => (i.xs = [[1], [-Infinity], [0]])),
    "xs[1][0]: expected a finite number, found a number too large for double precision (it overflows to -Infinity)",
  ],
  [
    "params that are not an object",
    changed(RNN, (i) => (i.params = [] as never)),
    "params: expected an object of the rnn's parameters W, U, b, V and c, found an empty array",
  ],
  [
    "an empty W",
    changed(RNN, (i) => (i.params.W = [])),
    "params.W: expected a square matrix of finite numbers (n×n, n the number of hidden units), found an empty array",
  ],
  [
    "a W with rows of different lengths",
    changed(RNN, (i) => (i.params.W = [[1, 2], [3]])),
    "params.W: expected a square matrix of finite numbers (n×n, n the number of hidden units), found a matrix with rows of different lengths (2, 1)",
  ],
  [
    "a vector where a matrix belongs",
    changed(RNN, (i) => (i.params.U = [1, -1])),
    "params.U: expected a 2×1 matrix of finite numbers (n = 2 from params.W, d = 1 from xs[0]), found a vector of 2 numbers",
  ],
  [
    "an entry that is an array",
    changed(RNN, (i) => (i.params.W = [[1, [2]], [3, 4]])),
    "params.W[0][1]: expected a finite number, found a vector of 1 number",
  ],
  [
    "a null bias",
    changed(RNN, (i) => (i.params.b = null)),
    "params.b: expected a vector of 2 finite numbers (n = 2 from params.W), found null",
  ],
  [
    "a matrix where a bias belongs",
    changed(RNN, (i) => (i.params.b = [[0], [1]])),
    "params.b: expected a vector of 2 finite numbers (n = 2 from params.W), found a 2×1 matrix",
  ],
  [
    "an lstm gate of the wrong size",
    changed(LSTM, (i) => (i.params.Wi = [[1, 0], [0, 1]])),
    "params.Wi: expected a 1×1 matrix of finite numbers (n = 1 from params.Wf), found a 2×2 matrix",
  ],
  [
    "a C0 of the wrong length",
    changed(LSTM, (i) => (i.C0 = [0, 0])),
    "C0: expected a vector of 1 finite number (n = 1 from params.Wf), found a vector of 2 numbers",
  ],
  [
    "V of the wrong width",
    changed(RNN, (i) => Object.assign(i.params, { V: [[1, 2, 3]], c: [0] })),
    "params.V: expected an m×2 matrix of finite numbers (m outputs, n = 2 from params.W), found a 1×3 matrix",
  ],
  [
    "a missing loss",
    changed(RNN, (i) => delete i.loss),
    'loss: expected an object {"type": "mse", "targets": […]} or {"type": "softmax-ce", "labels": […]}, found nothing (the field is missing)',
  ],
  [
    "labels given to mse",
    changed(RNN, (i) => (i.loss!.labels = [0, 1, 0])),
    'loss: expected only the fields type and targets (for "mse"), found an unknown field "labels" (labels go with "softmax-ce")',
  ],
  [
    "missing targets",
    changed(RNN, (i) => delete i.loss!.targets),
    "loss.targets: expected an array of 3 target vectors, one per input in xs, found nothing (the field is missing)",
  ],
  [
    "targets as plain numbers",
    changed(RNN, (i) => (i.loss!.targets = [0, 1, 0])),
    "loss.targets: expected an array of 3 target vectors, one per input in xs, found a vector of 3 numbers (write one-number targets as [[0.5], [1], …])",
  ],
  [
    "targets of width n without an output layer",
    changed(RNN, (i) => (i.loss!.targets = [[0, 1], [1], [0, 0]])),
    "loss.targets[1]: expected a vector of 2 finite numbers (n = 2 from params.W: without params.V the output y_t is h_t), found a vector of 1 number",
  ],
  [
    "a negative label",
    changed(LSTM, (i) => {
      Object.assign(i.params, { V: [[1], [2]], c: [0, 0] });
      i.loss = { type: "softmax-ce", labels: [0, -1] };
    }),
    "loss.labels[1]: expected an integer from 0 to 1 (a class index: params.V has 2 rows), found the number -1",
  ],
  [
    "a label written as a string, with one output",
    changed(LSTM, (i) => {
      Object.assign(i.params, { V: [[1]], c: [0] });
      i.loss = { type: "softmax-ce", labels: ["0", 0] };
    }),
    'loss.labels[0]: expected the integer 0 (a class index: params.V has 1 row), found the string "0"',
  ],
];

Deno.test("validateProblem() names the field, what was expected and what was found, for each finer mistake", () => {
  for (const [what, input, message] of CASES) {
    const error = assertThrows(() => validateProblem(input), InputError);
    assertEquals(error.message, message, what);
  }
});

Deno.test("validateProblem() treats __proto__ in the JSON as an unknown field, not as a prototype", () => {
  const text = JSON.stringify(RNN).replace(
    '"xs"',
    '"__proto__": {"model": "lstm"}, "xs"',
  );
  assertThrows(
    () => validateProblem(parseJson(text)),
    InputError,
    'found an unknown field "__proto__"',
  );
});

Deno.test("describe() names arrays by shape and everything else by type", () => {
  assertEquals(
    [[], [1], [[1, 2, 3]], [[1], [2, 3]], [1, "a"], {}, { a: 1 }, true, "x"]
      .map(describe),
    [
      "an empty array",
      "a vector of 1 number",
      "a 1×3 matrix",
      "a matrix with rows of different lengths (1, 2)",
      "an array of 2 items",
      "an empty object",
      'an object with the field "a"',
      "true",
      'the string "x"',
    ],
  );
});

Deno.test("deno task grad: finite inputs whose result overflows exit with 2 and say so", async () => {
  const input = changed(RNN, (i) => {
    i.activation = "relu";
    i.params.W = [[1e300, 0], [0, 1e300]];
    i.params.U = [[1e300], [1e300]];
  });
  const { code, stdout, stderr } = await runGrad(["-"], JSON.stringify(input));
  assertEquals({ code, stdout, stderr }, {
    code: 2,
    stdout: "",
    stderr:
      "grad: standard input: loss: expected a finite result, found an overflow of double precision (the inputs are too large: scale them down)\n",
  });
});

Deno.test("deno task grad: an unexpected failure is one line with exit code 1, not a stack trace", async () => {
  let stderr = "";
  const { run } = await import("../../scripts/grad.ts");
  const code = await run(["-"], {
    readFile: () => Promise.reject(new Error("unused")),
    readStdin: () =>
      Promise.resolve(new TextEncoder().encode(JSON.stringify(RNN))),
    stdout: () => {
      throw new Error("the disk is full\n    at somewhere (file.ts:1:1)");
    },
    stderr: (text) => (stderr += text),
  });
  assertEquals([code, stderr], [
    1,
    "grad: internal error (please report it): the disk is full\n",
  ]);
});
