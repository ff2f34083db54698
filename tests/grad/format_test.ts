/**
 * The printer of `deno task grad`: what it prints reads back as the same
 * value (every double exactly), vectors stay on one line, and lines are
 * broken only where they would pass the width.
 */
import { assert, assertEquals } from "@std/assert";
import { formatJson, WIDTH } from "../../scripts/grad/format.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

Deno.test("formatJson() reads back as exactly the numbers JSON.stringify prints", () => {
  const rng = seededRandom(41);
  const value = {
    loss: Math.PI / 7,
    grads: {
      W: rng.matrix(4, 4).map((row) =>
        row.map((x) => x * 10 ** (rng.uniform() * 40 - 20))
      ),
      b: [0, -0, 5e-324, 1.7976931348623157e308, -1 / 3],
    },
    terms: [{ t: 0, k: 0, value: rng.matrix(2, 2) }],
    check: {},
    nothing: [],
  };
  const printed = formatJson(value);
  assertEquals(JSON.parse(printed), JSON.parse(JSON.stringify(value)));
});

Deno.test("formatJson() keeps vectors on one line, a long matrix one row a line, and short lines whole", () => {
  const long = [1 / 3, 2 / 3, 1 / 7, 1 / 9];
  const printed = formatJson({ v: long, M: [long, long], s: [[1, 2], [3, 4]] });
  assertEquals(
    printed,
    [
      "{",
      `  "v": ${JSON.stringify(long).replaceAll(",", ", ")},`,
      '  "M": [',
      `    ${JSON.stringify(long).replaceAll(",", ", ")},`,
      `    ${JSON.stringify(long).replaceAll(",", ", ")}`,
      "  ],",
      '  "s": [[1, 2], [3, 4]]',
      "}",
    ].join("\n"),
  );
  for (const line of printed.split("\n")) {
    assert(
      line.length <= WIDTH || /^\s*("v": )?\[[^\[\]]*\],?$/.test(line),
      line,
    );
  }
});
