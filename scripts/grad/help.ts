/**
 * What `deno task grad --help` prints: how to call it, and the input it
 * expects for each model, field by field, with the shapes, the losses, the
 * flags, the limits and a worked example for each model.
 *
 * @module
 */
import { MAX_DEPTH } from "./json.ts";

/** How to call it, shown with `--help` and after a usage error. */
export const USAGE = "usage: deno task grad [--terms] [--check] FILE|-";

/**
 * The full help text.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { HELP, USAGE } from "./help.ts";
 * assertStringIncludes(HELP, USAGE);
 * assertStringIncludes(HELP, "examples/grad-gru.json");
 * ```
 */
export const HELP = `${USAGE}

Prints the loss and the exact gradient of every parameter of a small RNN,
LSTM or GRU on one sequence, as one JSON object
{"loss": …, "grads": {…, "h0": …}}, computed by backpropagation through time.
FILE is a JSON file (- reads standard input); paths are read from the
directory you run the task in.

Flags:
  --terms   RNN only: add "terms", the terms (t, k) of the BPTT double sum
            for W, ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W for 0 ≤ k ≤ t ≤ T;
            they add up to grads.W
  --check   add "check": for each gradient, its largest difference from
            central finite differences (step 1e-5) over its largest entry
            (about 1e-9 or less when all is well)
  --help    this text

Input: one JSON object with exactly these fields (an unknown or misspelt
field is an error). Sizes: d inputs (from xs[0]), n hidden units (from W,
Wf or Wz), m outputs (from V). Matrices are arrays of rows.

  model       "rnn", "lstm" or "gru"
  params      the model's parameters (below); V (m×n) and c (m), an output
              layer y_t = V h_t + c, are optional and come together
  h0          the state before x_0, n numbers (zeros if left out)
  C0          lstm only: the cell state before x_0, n numbers (zeros if left out)
  activation  rnn only: "sigmoid" (default), "tanh" or "relu"
  xs          the inputs x_0 … x_T, each of d numbers: [[1], [0], [-1]]
  loss        {"type": "mse", "targets": [...]}: L = Σ_t ½‖y_t − target_t‖²,
              one target of m numbers (n without V; y_t = h_t) per input; or
              {"type": "softmax-ce", "labels": [...]}: L = Σ_t −log softmax(y_t)[label_t],
              one integer label from 0 to m − 1 per input (needs V and c)

params, by model (biases b… optional, n numbers each):
  rnn   W (n×n), U (n×d), b
        h_t = act(W h_{t−1} + U x_t + b)
  lstm  Wf, Wi, Wo, Wc (n×n); Uf, Ui, Uo, Uc (n×d); bf, bi, bo, bc
        f, i, o = σ(W_• h_{t−1} + U_• x_t + b_•), C̃ = tanh(W_c h_{t−1} + U_c x_t + b_c),
        C_t = f ⊙ C_{t−1} + i ⊙ C̃, h_t = o ⊙ tanh(C_t)
  gru   Wz, Wr, Wh (n×n); Uz, Ur, Uh (n×d); bz, br, bh
        z, r = σ(W_• h_{t−1} + U_• x_t + b_•), h̃ = tanh(W_h (r ⊙ h_{t−1}) + U_h x_t + b_h),
        h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃

Limits: plain JSON (no comments, no trailing commas), UTF-8, at most
${MAX_DEPTH} levels of nesting; every number finite, and a result that
overflows double precision is an error.

Worked examples, one per model:
  examples/grad-rnn.json    sigmoid RNN, the W of exercise rnn-2c, mse
  examples/grad-lstm.json   LSTM with an output layer, softmax-ce
  examples/grad-gru.json    GRU, mse

Exit status: 0 with the JSON on standard output; 2 for bad input or
arguments, with one line naming the field, what was expected and what was
found; 1 for an internal error.`;
