/**
 * The numerical core: matrices, exact arithmetic, activations, a vanilla RNN
 * and an LSTM with their gradients, finite differences and a scalar autodiff
 * for checking them.
 *
 * @example
 * ```ts
 * import { assertLess } from "@std/assert";
 * import { finiteDifferenceGradient, relativeError, rnnBptt, rnnForward, rnnLoss } from "./mod.ts";
 * const xs = [[1], [-1], [0.5]];
 * const loss = { type: "mse" as const, targets: [[0.2], [0.4], [0.6]] };
 * const params = { W: [[0.9]], U: [[0.5]] };
 * const bptt = rnnBptt(params, xs, loss).grads.W;
 * const fd = finiteDifferenceGradient((p) => rnnLoss(rnnForward(p, xs), loss), params).W;
 * assertLess(relativeError(bptt, fd), 1e-8);
 * ```
 *
 * @module
 */
export * from "./activations.ts";
export * from "./autodiff.ts";
export * from "./clip.ts";
export * from "./eigen.ts";
export * from "./exact.ts";
export * from "./gradcheck.ts";
export * from "./gru.ts";
export * from "./lstm.ts";
export * from "./matrix.ts";
export * from "./random.ts";
export * from "./rnn.ts";
