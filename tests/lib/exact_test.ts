import { assertEquals, assertLess } from "@std/assert";
import { createMath } from "../../scripts/lib/mathjs.ts";
import {
  fractionMatpow,
  fractionMatrixToNumbers,
  fractionToNumber,
  rationalEigenvalues2x2,
  toFractionMatrix,
} from "../../scripts/lib/exact.ts";
import { fraction } from "../../scripts/lib/mathjs.ts";

Deno.test("fractionMatpow() equals a 60-digit BigNumber power", () => {
  const big = createMath({ number: "BigNumber", precision: 60 });
  const W = [["0.58", "0.24"], ["0.24", "0.72"]];
  const exact = fractionMatrixToNumbers(
    fractionMatpow(toFractionMatrix(W), 30),
  );
  const bigW = big.matrix(W.map((row) => row.map((x) => big.bignumber(x))));
  const bigPower =
    (big.pow(bigW, 30) as unknown as { toArray(): { toNumber(): number }[][] })
      .toArray();
  exact.forEach((row, i) =>
    row.forEach((x, j) =>
      assertLess(Math.abs(x - bigPower[i][j].toNumber()) / x, 1e-15)
    )
  );
});

Deno.test("fractionToNumber() rounds huge fractions correctly", () => {
  const f = fraction(10n ** 60n + 1n, 3n * 10n ** 60n);
  assertEquals(fractionToNumber(f), 1 / 3);
  assertEquals(fractionToNumber(fraction(-7, 2)), -3.5);
});

Deno.test("rationalEigenvalues2x2() finds rational roots and declines irrational ones", () => {
  assertEquals(
    rationalEigenvalues2x2(toFractionMatrix([[2, 1], [1, 2]]))?.map(String),
    ["3", "1"],
  );
  assertEquals(
    rationalEigenvalues2x2(toFractionMatrix([[1, 1], [1, 0]])),
    undefined,
  ); // golden ratio
  assertEquals(
    rationalEigenvalues2x2(toFractionMatrix([[0, -1], [1, 0]])),
    undefined,
  ); // ±i
});
