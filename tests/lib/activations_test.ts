import { assertEquals, assertLess } from "@std/assert";
import { createMath } from "../../scripts/lib/mathjs.ts";
import {
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "../../scripts/lib/activations.ts";
import { Value } from "../../scripts/lib/autodiff.ts";

// 50-digit references: σ'(z) = e^{−z} / (1 + e^{−z})², tanh'(z) = 1 / cosh²(z).
const big = createMath({ number: "BigNumber", precision: 50 });
const num = (x: unknown) => (x as { toNumber(): number }).toNumber();
const exactSigmoidSlope = (z: number) => {
  const e = big.exp(big.bignumber(-z));
  return num(big.divide(e, big.pow(big.add(1, e), 2)));
};
const exactTanhSlope = (z: number) =>
  num(big.divide(1, big.pow(big.cosh(big.bignumber(z)), 2)));

const points = [-60, -37, -20, -5, -0.3, 0, 1e-4, 0.7, 3, 19.5, 25, 60];

Deno.test("sigmoidDerivative() and tanhDerivative() are accurate to 1e-14 even where the units saturate", () => {
  for (const z of points) {
    const s = exactSigmoidSlope(z);
    const t = exactTanhSlope(z);
    assertLess(Math.abs(sigmoidDerivative(z) - s) / s, 1e-14, `σ'(${z})`);
    assertLess(Math.abs(tanhDerivative(z) - t) / t, 1e-14, `tanh'(${z})`);
  }
  assertEquals(sigmoidDerivative(0), 0.25);
  assertEquals(tanhDerivative(0), 1);
  // Far beyond saturation the slopes underflow to 0, as the true values do.
  assertEquals(tanhDerivative(800), 0);
  assertEquals(sigmoidDerivative(-800), 0);
  assertLess(Math.abs(sigmoid(-40) - Math.exp(-40)) / Math.exp(-40), 1e-15);
});

Deno.test("Value.sigmoid() and Value.tanh() carry the same accurate slopes", () => {
  for (const z of points) {
    const a = new Value(z);
    a.sigmoid().backward();
    const s = exactSigmoidSlope(z);
    assertLess(Math.abs(a.grad - s) / s, 1e-14, `σ'(${z})`);
    const b = new Value(z);
    b.tanh().backward();
    const t = exactTanhSlope(z);
    assertLess(Math.abs(b.grad - t) / t, 1e-14, `tanh'(${z})`);
  }
});
