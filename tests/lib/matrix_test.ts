import { assertEquals, assertLess, assertThrows } from "@std/assert";
import { inv } from "../../scripts/lib/mathjs.ts";
import {
  identity,
  inverse2x2,
  matmul,
  type Matrix,
  relativeError,
} from "../../scripts/lib/matrix.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

Deno.test("inverse2x2() agrees with mathjs inv, and M M⁻¹ = I", () => {
  const rng = seededRandom(5);
  for (let trial = 0; trial < 50; trial++) {
    const m = rng.matrix(2, 2);
    const inverse = inverse2x2(m);
    assertLess(relativeError(inverse, inv(m) as Matrix), 1e-12);
    assertLess(relativeError(matmul(m, inverse), identity(2)), 1e-12);
  }
});

Deno.test("inverse2x2() refuses a singular matrix", () => {
  assertThrows(() => inverse2x2([[1, 2], [2, 4]]), RangeError, "determinant");
  assertThrows(() => inverse2x2([[1, 2, 3]]), RangeError);
  assertEquals(inverse2x2([[0, 1], [1, 0]]), [[-0, 1], [1, -0]]);
});
