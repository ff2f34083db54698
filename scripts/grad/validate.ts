/**
 * The input of `deno task grad`, checked strictly.
 *
 * {@link validateProblem} accepts exactly the documented input (see the README
 * section "Check your own gradients") and nothing looser: every field has one
 * meaning, every shape is checked against the sizes it must agree with, and an
 * unknown field is an error rather than something silently ignored, because a
 * misspelt `"h_0"` that is ignored gives a student a wrong gradient with no
 * warning.
 *
 * Every error is an {@link InputError} naming the field by its path in the
 * JSON (`params.U`, `xs[2]`, `loss.labels[4]`), what was expected there and
 * what was found, on one line:
 *
 * ```
 * params.U: expected a 3×2 matrix of finite numbers (n = 3 from params.W, d = 2 from xs[0]), found a 2×3 matrix (transposed?)
 * ```
 *
 * The sizes are read in this order: `d` from the first input `xs[0]`, `n` from
 * `W` (the lstm: `Wf`, the gru: `Wz`), `m` from the output layer `V`; everything else must
 * agree with them.
 *
 * @module
 */
import type { ActivationName } from "../lib/activations.ts";
import type { GruParams } from "../lib/gru.ts";
import type { LstmParams } from "../lib/lstm.ts";
import type { Matrix, Vector } from "../lib/matrix.ts";
import type { Loss, RnnParams } from "../lib/rnn.ts";

/** The activations of the RNN, the first one the default. */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  "sigmoid",
  "tanh",
  "relu",
];
/** The RNN's parameter names, in the order the output lists them. */
export const RNN_PARAMETERS = ["W", "U", "b", "V", "c"] as const;
/** The LSTM's parameter names, in the order the output lists them. */
export const LSTM_PARAMETERS = [
  "Wf",
  "Uf",
  "bf",
  "Wi",
  "Ui",
  "bi",
  "Wo",
  "Uo",
  "bo",
  "Wc",
  "Uc",
  "bc",
  "V",
  "c",
] as const;

/** The GRU's parameter names, in the order the output lists them. */
export const GRU_PARAMETERS = [
  "Wz",
  "Uz",
  "bz",
  "Wr",
  "Ur",
  "br",
  "Wh",
  "Uh",
  "bh",
  "V",
  "c",
] as const;

/** A validated RNN problem; `params` holds exactly the parameters given. */
export interface RnnProblem {
  model: "rnn";
  /** `"sigmoid"` when the input does not name one. */
  activation: ActivationName;
  params: RnnParams;
  /** The state before the first input; zeros when not given. */
  h0?: Vector;
  xs: Vector[];
  loss: Loss;
}

/** A validated LSTM problem; `params` holds exactly the parameters given. */
export interface LstmProblem {
  model: "lstm";
  params: LstmParams;
  /** The state before the first input; zeros when not given. */
  h0?: Vector;
  /** The cell state before the first input; zeros when not given. */
  C0?: Vector;
  xs: Vector[];
  loss: Loss;
}

/** A validated GRU problem; `params` holds exactly the parameters given. */
export interface GruProblem {
  model: "gru";
  params: GruParams;
  /** The state before the first input; zeros when not given. */
  h0?: Vector;
  xs: Vector[];
  loss: Loss;
}

/** The input of `deno task grad`, after validation. */
export type GradProblem = RnnProblem | LstmProblem | GruProblem;

/** Bad input: the field's path, what was expected there, what was found. */
export class InputError extends Error {
  /**
   * @param path where in the JSON, e.g. `params.W[1][0]` (`input` for the whole)
   * @param expected what the field must hold
   * @param found what it holds instead
   */
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}`);
    this.name = "InputError";
  }
}

const TOP_LEVEL = {
  rnn: ["model", "activation", "params", "h0", "xs", "loss"],
  lstm: ["model", "params", "h0", "C0", "xs", "loss"],
  gru: ["model", "params", "h0", "xs", "loss"],
} as const;

/** Each model's parameter names. */
const PARAMETERS = {
  rnn: RNN_PARAMETERS,
  lstm: LSTM_PARAMETERS,
  gru: GRU_PARAMETERS,
} as const;

const MISSING = "nothing (the field is missing)";

/**
 * Check a parsed JSON value against the documented input and return it typed,
 * or throw an {@link InputError} for the first thing that is wrong.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { validateProblem } from "./validate.ts";
 * const input = {
 *   model: "rnn",
 *   params: { W: [[0.5]], U: [[1, 2]] },
 *   xs: [[1, 0], [0, 1]],
 *   loss: { type: "mse", targets: [[0], [1]] },
 * };
 * const problem = validateProblem(input);
 * assertEquals(problem.model === "rnn" && problem.activation, "sigmoid");
 * assertThrows(
 *   () => validateProblem({ ...input, params: { W: [[0.5]], U: [[1], [2]] } }),
 *   Error,
 *   "params.U: expected a 1×2 matrix of finite numbers (n = 1 from params.W, d = 2 from xs[0]), found a 2×1 matrix (transposed?)",
 * );
 * ```
 */
export function validateProblem(input: unknown): GradProblem {
  if (!isObject(input)) {
    throw new InputError("input", "a JSON object", describe(input));
  }
  const model = field(input, "model");
  if (model !== "rnn" && model !== "lstm" && model !== "gru") {
    throw new InputError("model", '"rnn", "lstm" or "gru"', describe(model));
  }
  onlyFields(
    input,
    "input",
    `the fields ${list(TOP_LEVEL[model])}`,
    TOP_LEVEL[model],
    (key) =>
      key === "C0" && model !== "lstm"
        ? "only the lstm has a cell state"
        : key === "activation" && model !== "rnn"
        ? `the ${model}'s activations are fixed: σ for the gates, tanh for the candidate${
          model === "lstm" ? " and the cell" : ""
        }`
        : undefined,
  );
  const xs = readInputs(field(input, "xs"));
  const d = xs[0].length;
  return model === "rnn"
    ? validateRnn(input, xs, d)
    : model === "lstm"
    ? validateLstm(input, xs, d)
    : validateGru(input, xs, d);
}

function validateRnn(
  input: Record<string, unknown>,
  xs: Vector[],
  d: number,
): RnnProblem {
  const activation = hasField(input, "activation")
    ? readActivation(field(input, "activation"))
    : "sigmoid";
  const raw = readParamsObject(field(input, "params"), "rnn");
  const W = readMatrix(
    field(raw, "W"),
    "params.W",
    { square: true },
    "a square matrix of finite numbers (n×n, n the number of hidden units)",
  );
  const n = W.length;
  const nFrom = `n = ${n} from params.W`;
  const params: RnnParams = {
    W,
    U: readMatrix(
      field(raw, "U"),
      "params.U",
      { rows: n, cols: d },
      `a ${n}×${d} matrix of finite numbers (${nFrom}, d = ${d} from xs[0])`,
    ),
  };
  if (hasField(raw, "b")) {
    params.b = readVector(field(raw, "b"), "params.b", n, vectorOf(n, nFrom));
  }
  const output = readOutputLayer(raw, n, nFrom);
  if (output) Object.assign(params, output);
  const h0 = hasField(input, "h0")
    ? readVector(field(input, "h0"), "h0", n, vectorOf(n, nFrom))
    : undefined;
  const loss = readLoss(field(input, "loss"), xs.length, n, nFrom, output?.V);
  return { model: "rnn", activation, params, ...(h0 && { h0 }), xs, loss };
}

function validateLstm(
  input: Record<string, unknown>,
  xs: Vector[],
  d: number,
): LstmProblem {
  const raw = readParamsObject(field(input, "params"), "lstm");
  const { n, nFrom, params } = readBlocks(raw, ["f", "i", "o", "c"], d);
  const output = readOutputLayer(raw, n, nFrom);
  if (output) Object.assign(params, output);
  const initial = (name: "h0" | "C0") =>
    hasField(input, name)
      ? readVector(field(input, name), name, n, vectorOf(n, nFrom))
      : undefined;
  const h0 = initial("h0");
  const C0 = initial("C0");
  const loss = readLoss(field(input, "loss"), xs.length, n, nFrom, output?.V);
  return {
    model: "lstm",
    params: params as unknown as LstmParams,
    ...(h0 && { h0 }),
    ...(C0 && { C0 }),
    xs,
    loss,
  };
}

/**
 * The weights of a gated model, block by block: `W•` (n×n, n taken from the
 * first block's), `U•` (n×d) and an optional `b•` (n) for each block.
 */
function readBlocks(
  raw: Record<string, unknown>,
  blocks: string[],
  d: number,
): { n: number; nFrom: string; params: Record<string, Vector | Matrix> } {
  const first = `W${blocks[0]}`;
  const n = readMatrix(
    field(raw, first),
    `params.${first}`,
    { square: true },
    "a square matrix of finite numbers (n×n, n the number of hidden units)",
  ).length;
  const nFrom = `n = ${n} from params.${first}`;
  const params: Record<string, Vector | Matrix> = {};
  for (const block of blocks) {
    params[`W${block}`] = readMatrix(
      field(raw, `W${block}`),
      `params.W${block}`,
      { rows: n, cols: n },
      `a ${n}×${n} matrix of finite numbers (${nFrom})`,
    );
    params[`U${block}`] = readMatrix(
      field(raw, `U${block}`),
      `params.U${block}`,
      { rows: n, cols: d },
      `a ${n}×${d} matrix of finite numbers (${nFrom}, d = ${d} from xs[0])`,
    );
    if (hasField(raw, `b${block}`)) {
      params[`b${block}`] = readVector(
        field(raw, `b${block}`),
        `params.b${block}`,
        n,
        vectorOf(n, nFrom),
      );
    }
  }
  return { n, nFrom, params };
}

function validateGru(
  input: Record<string, unknown>,
  xs: Vector[],
  d: number,
): GruProblem {
  const raw = readParamsObject(field(input, "params"), "gru");
  const { n, nFrom, params } = readBlocks(raw, ["z", "r", "h"], d);
  const output = readOutputLayer(raw, n, nFrom);
  if (output) Object.assign(params, output);
  const h0 = hasField(input, "h0")
    ? readVector(field(input, "h0"), "h0", n, vectorOf(n, nFrom))
    : undefined;
  const loss = readLoss(field(input, "loss"), xs.length, n, nFrom, output?.V);
  return {
    model: "gru",
    params: params as unknown as GruParams,
    ...(h0 && { h0 }),
    xs,
    loss,
  };
}

function readActivation(value: unknown): ActivationName {
  if (!ACTIVATION_NAMES.includes(value as ActivationName)) {
    throw new InputError(
      "activation",
      '"sigmoid", "tanh" or "relu"',
      describe(value),
    );
  }
  return value as ActivationName;
}

function readInputs(value: unknown): Vector[] {
  const expected = "a non-empty array of input vectors x_0 … x_T";
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError("xs", expected, describe(value));
  }
  if (value.every((x) => typeof x === "number")) {
    throw new InputError(
      "xs",
      expected,
      `${describe(value)} (write one-number inputs as [[0.5], [1], …])`,
    );
  }
  const first = readVector(
    value[0],
    "xs[0]",
    undefined,
    "a non-empty vector of finite numbers (its length is the input size d)",
  );
  const d = first.length;
  return value.map((x, t) =>
    t === 0 ? first : readVector(
      x,
      `xs[${t}]`,
      d,
      vectorOf(d, `d = ${d}, the length of xs[0]: all inputs have one size`),
    )
  );
}

function readParamsObject(
  value: unknown,
  model: "rnn" | "lstm" | "gru",
): Record<string, unknown> {
  const names = PARAMETERS[model];
  if (!isObject(value)) {
    throw new InputError(
      "params",
      `an object of the ${model}'s parameters ${list(names)}`,
      describe(value),
    );
  }
  onlyFields(
    value,
    "params",
    `the ${model}'s parameters ${list(names)}`,
    names,
    (key) => {
      const owner = (Object.keys(PARAMETERS) as (keyof typeof PARAMETERS)[])
        .find((other) =>
          other !== model &&
          (PARAMETERS[other] as readonly string[]).includes(key)
        );
      return owner
        ? `a parameter of the ${owner}: is "model" right?`
        : undefined;
    },
  );
  return value;
}

/** `V` and `c` together, or neither. */
function readOutputLayer(
  raw: Record<string, unknown>,
  n: number,
  nFrom: string,
): { V: Matrix; c: Vector } | undefined {
  const together = "V and c come together";
  if (hasField(raw, "V")) {
    const V = readMatrix(
      field(raw, "V"),
      "params.V",
      { cols: n },
      `an m×${n} matrix of finite numbers (m outputs, ${nFrom})`,
    );
    const m = V.length;
    const c = readVector(
      field(raw, "c"),
      "params.c",
      m,
      vectorOf(m, `m = ${m}, the rows of params.V; ${together}`),
    );
    return { V, c };
  }
  if (hasField(raw, "c")) {
    const c = readVector(
      field(raw, "c"),
      "params.c",
      undefined,
      "a non-empty vector of finite numbers (one bias per output)",
    );
    const m = c.length;
    throw new InputError(
      "params.V",
      `a ${m}×${n} matrix of finite numbers (m = ${m} from params.c, ${nFrom}; ${together})`,
      MISSING,
    );
  }
  return undefined;
}

function readLoss(
  value: unknown,
  steps: number,
  n: number,
  nFrom: string,
  V: Matrix | undefined,
): Loss {
  if (!isObject(value)) {
    throw new InputError(
      "loss",
      'an object {"type": "mse", "targets": […]} or {"type": "softmax-ce", "labels": […]}',
      describe(value),
    );
  }
  const type = field(value, "type");
  if (type !== "mse" && type !== "softmax-ce") {
    throw new InputError("loss.type", '"mse" or "softmax-ce"', describe(type));
  }
  const data = type === "mse" ? "targets" : "labels";
  onlyFields(
    value,
    "loss",
    `the fields type and ${data} (for "${type}")`,
    ["type", data],
    (key) =>
      key === "labels"
        ? 'labels go with "softmax-ce"'
        : key === "targets"
        ? 'targets go with "mse"'
        : undefined,
  );
  if (type === "softmax-ce" && !V) {
    throw new InputError(
      "loss.type",
      '"mse" when there is no output layer (softmax-ce needs params.V and params.c)',
      describe(type),
    );
  }
  const items = field(value, data);
  const path = `loss.${data}`;
  const expected = `an array of ${steps} ${
    type === "mse" ? "target vectors" : "integer labels"
  }, one per input in xs`;
  if (!Array.isArray(items)) {
    throw new InputError(path, expected, describe(items));
  }
  if (type === "mse" && items.length > 0 && items.every(isNumber)) {
    throw new InputError(
      path,
      expected,
      `${describe(items)} (write one-number targets as [[0.5], [1], …])`,
    );
  }
  if (items.length !== steps) {
    throw new InputError(
      path,
      expected,
      items.length === 0
        ? "an empty array"
        : `an array of ${items.length} item${items.length === 1 ? "" : "s"}`,
    );
  }
  if (type === "mse") {
    const width = V ? V.length : n;
    const why = V
      ? `m = ${width}, the rows of params.V`
      : `${nFrom}: without params.V the output y_t is h_t`;
    return {
      type,
      targets: items.map((target, t) =>
        readVector(target, `${path}[${t}]`, width, vectorOf(width, why))
      ),
    };
  }
  const m = V!.length;
  const range = m === 1 ? "the integer 0" : `an integer from 0 to ${m - 1}`;
  items.forEach((label, t) => {
    if (
      !isNumber(label) || !Number.isInteger(label) || label < 0 || label >= m
    ) {
      throw new InputError(
        `${path}[${t}]`,
        `${range} (a class index: params.V has ${m} row${m === 1 ? "" : "s"})`,
        describe(label),
      );
    }
  });
  return { type, labels: items as number[] };
}

function readMatrix(
  value: unknown,
  path: string,
  shape: { rows?: number; cols?: number; square?: boolean },
  expected: string,
): Matrix {
  if (
    !Array.isArray(value) || value.length === 0 ||
    !value.every((row) => Array.isArray(row))
  ) {
    throw new InputError(path, expected, describe(value));
  }
  const rows = value as unknown[][];
  rows.forEach((row, i) =>
    row.forEach((x, j) => requireFinite(x, `${path}[${i}][${j}]`))
  );
  const r = rows.length;
  const c = rows[0].length;
  const wrong = c === 0 || rows.some((row) => row.length !== c) ||
    (shape.square && r !== c) ||
    (shape.rows !== undefined && shape.rows !== r) ||
    (shape.cols !== undefined && shape.cols !== c);
  if (wrong) {
    const transposed = shape.rows !== undefined && shape.rows !== shape.cols &&
      shape.rows === c && shape.cols === r;
    throw new InputError(
      path,
      expected,
      `${describe(value)}${transposed ? " (transposed?)" : ""}`,
    );
  }
  return rows as Matrix;
}

function readVector(
  value: unknown,
  path: string,
  length: number | undefined,
  expected: string,
): Vector {
  if (!Array.isArray(value) || value.some((x) => Array.isArray(x))) {
    throw new InputError(path, expected, describe(value));
  }
  value.forEach((x, i) => requireFinite(x, `${path}[${i}]`));
  if (value.length === 0 || (length !== undefined && value.length !== length)) {
    throw new InputError(path, expected, describe(value));
  }
  return value as Vector;
}

function requireFinite(x: unknown, path: string): void {
  if (!isNumber(x) || !Number.isFinite(x)) {
    throw new InputError(path, "a finite number", describe(x));
  }
}

/** Reject every field not in `allowed`, with a hint where one helps. */
function onlyFields(
  object: Record<string, unknown>,
  path: string,
  expected: string,
  allowed: readonly string[],
  hint: (key: string) => string | undefined,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const sameLetters = allowed.find((name) =>
      name.toLowerCase() === key.toLowerCase().replace(/^([hc])_?init$/, "$10")
        .replace(/_/g, "")
    );
    const because = hint(key) ??
      (sameLetters ? `did you mean "${sameLetters}"?` : undefined);
    throw new InputError(
      path,
      `only ${expected}`,
      `an unknown field ${JSON.stringify(key)}${
        because ? ` (${because})` : ""
      }`,
    );
  }
}

/**
 * Say what a JSON value is, in the words of the error messages: "a 3×2
 * matrix", "a vector of 3 numbers", "the string \"0.5\"", "null".
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { describe } from "./validate.ts";
 * assertEquals(describe([[1, 2], [3, 4], [5, 6]]), "a 3×2 matrix");
 * assertEquals(describe([[1, 2], [3]]), "a matrix with rows of different lengths (2, 1)");
 * assertEquals(describe(Infinity), "a number too large for double precision (it overflows to Infinity)");
 * ```
 */
export function describe(value: unknown): string {
  if (value === undefined) return MISSING;
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    return Number.isFinite(value)
      ? `the number ${value}`
      : `a number too large for double precision (it overflows to ${value})`;
  }
  if (typeof value === "string") {
    const shown = value.length > 24 ? `${value.slice(0, 21)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (!Array.isArray(value)) {
    const keys = Object.keys(value as object);
    return keys.length === 0
      ? "an empty object"
      : `an object with the field${keys.length === 1 ? "" : "s"} ${
        list(keys.slice(0, 6).map((key) => JSON.stringify(key)))
      }${keys.length > 6 ? " …" : ""}`;
  }
  if (value.length === 0) return "an empty array";
  if (value.every(isNumber)) {
    return `a vector of ${value.length} number${value.length === 1 ? "" : "s"}`;
  }
  if (value.every((row) => Array.isArray(row) && row.every(isNumber))) {
    const lengths = value.map((row) => row.length);
    if (lengths.every((length) => length === lengths[0])) {
      return `a ${value.length}×${lengths[0]} matrix`;
    }
    const shown = lengths.length > 8
      ? `${lengths.slice(0, 8).join(", ")}, …`
      : lengths.join(", ");
    return `a matrix with rows of different lengths (${shown})`;
  }
  return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
}

function vectorOf(length: number, why: string): string {
  return `a vector of ${length} finite number${
    length === 1 ? "" : "s"
  } (${why})`;
}

function list(names: readonly string[]): string {
  return names.length <= 1
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number";
}

function hasField(object: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(object, key);
}

function field(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
