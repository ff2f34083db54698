/**
 * What the browser tests of the self-check share: rnn-2c's matrix and its
 * powers, computed here (the second answer), and how a reader uses a check.
 *
 * @module
 */
import type { Loose } from "./_browser.ts";

/** The matrix of the question of rnn-2c. */
export const W = [[0.58, 0.24], [0.24, 0.72]];

/** `matrix` (2 × 2) to the power `n`, by repeated multiplication. */
export function power(matrix: number[][], n: number): number[][] {
  let result = [[1, 0], [0, 1]];
  for (let i = 0; i < n; i++) {
    result = result.map((row) =>
      [0, 1].map((j) => row[0] * matrix[0][j] + row[1] * matrix[1][j])
    );
  }
  return result;
}

/**
 * Type `value` into check number `n` (1-based) of the open page, press its
 * button, and read the verdict.
 */
export async function check(
  page: Loose,
  n: number,
  value: string,
): Promise<{ text: string; verdict: string }> {
  const form = page.locator("form.check").nth(n - 1);
  await form.locator("input").fill(value);
  await form.locator("button").click();
  return {
    text: await form.locator("output").textContent() as string,
    verdict: await form.getAttribute("data-verdict") as string,
  };
}
