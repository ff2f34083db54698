/**
 * mathjs, as every script and test here imports it.
 *
 * It is loaded from the single file the mathjs package ships
 * (`lib/browser/math.js`), not from its entry point: the same library and
 * version, but one file to read instead of some 1,260 ES modules, which takes
 * 0.2 s instead of 0.5 s. That matters because each worker of a build loads it
 * (`scripts/site/core/parallel.ts`). The types are mathjs' own.
 *
 * Everything must come through this module: a `Fraction` made by one copy of
 * mathjs is not one to the other.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createMath, fraction } from "./mathjs.ts";
 * assertEquals(fraction(1, 3).add(fraction(1, 6)).toFraction(), "1/2");
 * const big = createMath({ number: "BigNumber", precision: 40 });
 * assertEquals(big.evaluate("1/3").toString(), "0." + "3".repeat(40));
 * ```
 *
 * @module
 */
import type { ConfigOptions, MathJsInstance } from "mathjs";
// The bundle has no types of its own; it is the default instance of mathjs.
import bundle from "mathjs/lib/browser/math.js";

export type { BigNumber, Fraction, MathJsInstance } from "mathjs";

/** The default instance of mathjs (numbers are JavaScript numbers). */
export const math: MathJsInstance = bundle as MathJsInstance;

/**
 * A separate instance of mathjs with its own configuration, such as
 * `{ number: "BigNumber", precision: 60 }`, leaving {@link math} as it is.
 */
export function createMath(config: ConfigOptions): MathJsInstance {
  // The bundle's `create()` makes a full instance with every function (it
  // has no `all` to pass, as the entry point does).
  const instance = (math.create as unknown as () => MathJsInstance)();
  instance.config(config);
  return instance;
}

export const { eigs, fraction, inv, multiply, pow, qr } = math;
