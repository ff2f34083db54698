import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertThrows,
} from "@std/assert";
import {
  angleBetween,
  clipByNorm,
  clipByValue,
  globalNorm,
} from "../../scripts/lib/clip.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import { relative } from "../_independent.ts";

const rng = seededRandom(17);
const grads = () => ({
  W: rng.matrix(3, 3, 50),
  U: rng.matrix(3, 2, 0.1),
  b: rng.vector(3, 5),
});

// Plain sums, no scaling: the second method for the norm.
function naiveNorm(g: Record<string, number[] | number[][]>): number {
  let s = 0;
  for (const v of Object.values(g)) for (const x of v.flat()) s += x * x;
  return Math.sqrt(s);
}

// The cosine by a plain dot product, and the angle by acos (fine away from 0 and 180°).
function acosAngle(
  a: Record<string, number[] | number[][]>,
  b: Record<string, number[] | number[][]>,
): number {
  let dot = 0;
  for (const name of Object.keys(a)) {
    const x = a[name].flat(), y = b[name].flat();
    x.forEach((v, i) => (dot += v * y[i]));
  }
  return Math.acos(dot / (naiveNorm(a) * naiveNorm(b))) * 180 / Math.PI;
}

Deno.test("globalNorm() agrees with the plain sum of squares, and survives entries whose squares overflow", () => {
  for (let i = 0; i < 20; i++) {
    const g = grads();
    assertLess(relative(globalNorm(g), naiveNorm(g)), 1e-14);
  }
  assertAlmostEquals(
    globalNorm({ w: [1e300, 1e300] }) / (Math.SQRT2 * 1e300),
    1,
    1e-15,
  );
  assertEquals(globalNorm({ w: [0, 0], V: [[0]] }), 0);
});

Deno.test("clipByNorm() scales to the limit and keeps the direction; clipByValue() bounds every entry and turns it", () => {
  for (let i = 0; i < 20; i++) {
    const g = grads();
    const c = 1 + 10 * rng.uniform();
    const byNorm = clipByNorm(g, c);
    assertLess(relative(naiveNorm(byNorm), Math.min(c, naiveNorm(g))), 1e-14);
    // Same direction: every entry has the same ratio to the original.
    const ratio = (byNorm.W as number[][])[0][0] / g.W[0][0];
    for (const name of Object.keys(g) as (keyof typeof g)[]) {
      (g[name].flat() as number[]).forEach((x, j) =>
        assertLess(
          Math.abs((byNorm[name].flat() as number[])[j] - ratio * x),
          1e-12 * Math.abs(x) + 1e-300,
        )
      );
    }
    assertLess(angleBetween(g, byNorm), 1e-6);
    const byValue = clipByValue(g, c);
    for (const name of Object.keys(g) as (keyof typeof g)[]) {
      (g[name].flat() as number[]).forEach((x, j) => {
        const y = (byValue[name].flat() as number[])[j];
        assert(Math.abs(y) <= c);
        assertEquals(y, Math.abs(x) <= c ? x : Math.sign(x) * c);
      });
    }
    assertLess(
      Math.abs(angleBetween(g, byValue) - acosAngle(g, byValue)),
      1e-6,
    );
  }
  // A short gradient is left alone.
  assertEquals(clipByNorm({ w: [0.3, 0.4] }, 1), { w: [0.3, 0.4] });
  assertThrows(() => clipByNorm({ w: [1] }, 0), RangeError);
  assertThrows(() => clipByValue({ w: [1] }, -1), RangeError);
});

Deno.test("angleBetween() against acos of the cosine, and exact angles", () => {
  for (let i = 0; i < 20; i++) {
    const a = grads(), b = grads();
    assertLess(Math.abs(angleBetween(a, b) - acosAngle(a, b)), 1e-9);
  }
  assertAlmostEquals(angleBetween({ w: [1, 0] }, { w: [0, 3] }), 90, 1e-12);
  assertAlmostEquals(angleBetween({ w: [1, 0] }, { w: [-2, 0] }), 180, 1e-12);
  assertAlmostEquals(
    angleBetween({ w: [1, 0] }, { w: [1, Math.sqrt(3)] }),
    60,
    1e-12,
  );
  // A tiny angle, where acos loses digits: tan θ = 1e-9.
  assertAlmostEquals(
    angleBetween({ w: [1, 0] }, { w: [1, 1e-9] }),
    1e-9 * 180 / Math.PI,
    1e-20,
  );
  assertEquals(angleBetween({ w: [0, 0] }, { w: [1, 0] }), 0);
});
