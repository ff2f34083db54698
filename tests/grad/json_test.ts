/**
 * The strict JSON parser of `deno task grad` against the platform's
 * `JSON.parse`: the same documents accepted with the same values (on a list
 * of valid documents and on seeded random corruptions of the shipped
 * examples), and each error reported at the right line and column.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  type JsonSyntaxError,
  MAX_DEPTH,
  parseJson,
} from "../../scripts/grad/json.ts";
import { seededRandom } from "../../scripts/lib/random.ts";

const VALID = [
  "0",
  "-0",
  "1.5e-3",
  "-12E+2",
  "1e999",
  '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00"',
  '"é ∂L/∂W"',
  "true",
  "false",
  "null",
  "[]",
  "{}",
  ' \t\r\n[ 1 , [ 2 , { "a" : [ ] } ] ] \n',
  '{"W": [[0.58, 0.24], [0.24, 0.72]], "b": null, "ok": true}',
];

Deno.test("parseJson() returns what JSON.parse returns on valid documents", () => {
  for (const text of VALID) {
    assertEquals(
      JSON.stringify(parseJson(text)),
      JSON.stringify(JSON.parse(text)),
      text,
    );
  }
});

/** Does `f` throw? */
function fails(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

Deno.test("parseJson() accepts exactly what JSON.parse accepts on random corruptions of the examples", async () => {
  const rng = seededRandom(31);
  const pieces = [..."{}[],:\"'/\\ \n\t0123456789.-+eEtrufalsn", "//", "NaN"];
  let accepted = 0;
  for (const file of ["grad-rnn.json", "grad-lstm.json"]) {
    const text = await Deno.readTextFile(
      new URL(`../../examples/${file}`, import.meta.url),
    );
    for (let trial = 0; trial < 400; trial++) {
      let mutated = text;
      for (let edits = 1 + Math.floor(rng.uniform() * 2); edits > 0; edits--) {
        const at = Math.floor(rng.uniform() * mutated.length);
        const piece = pieces[Math.floor(rng.uniform() * pieces.length)];
        const kind = rng.uniform();
        mutated = kind < 1 / 3
          ? mutated.slice(0, at) + mutated.slice(at + 1) // delete
          : kind < 2 / 3
          ? mutated.slice(0, at) + piece + mutated.slice(at) // insert
          : mutated.slice(0, at) + piece + mutated.slice(at + 1); // replace
      }
      const platformFails = fails(() => JSON.parse(mutated));
      let ours: unknown;
      let oursFails = false;
      try {
        ours = parseJson(mutated);
      } catch (error) {
        oursFails = true;
        // The one deliberate difference: a repeated property name.
        if (!platformFails) {
          assert(
            (error as JsonSyntaxError).expected.startsWith(
              "each property name",
            ),
            `${mutated}\n${(error as Error).message}`,
          );
          continue;
        }
      }
      assertEquals(oursFails, platformFails, mutated);
      if (!oursFails) {
        accepted++;
        assertEquals(JSON.stringify(ours), JSON.stringify(JSON.parse(mutated)));
      }
    }
  }
  // Some corruptions (inside a number, in whitespace) leave valid JSON.
  assert(accepted > 50, `only ${accepted} corruptions stayed valid`);
});

/** Where the marker `⟨here⟩` is, as 1-based line and column; and the text without it. */
function marked(text: string): { text: string; line: number; column: number } {
  const at = text.indexOf("⟨here⟩");
  const before = text.slice(0, at).split("\n");
  return {
    text: text.replace("⟨here⟩", ""),
    line: before.length,
    column: before.at(-1)!.length + 1,
  };
}

Deno.test("parseJson() reports each error at the line and column where it is, with what was expected and found", () => {
  const cases: [string, string, string][] = [
    [
      '{\n  "model": "rnn", ⟨here⟩// or "lstm"\n}',
      "a property name in double quotes",
      "a comment (JSON has no comments)",
    ],
    [
      '{"xs": [[1], [2] ⟨here⟩[3]]}',
      "',' or ']' after an array element",
      "'['",
    ],
    [
      "{⟨here⟩'model': 1}",
      "a property name in double quotes or '}'",
      "a single quote ' (JSON strings take double quotes)",
    ],
    [
      '{"W": ⟨here⟩NaN}',
      "a value (an object, array, string, number, true, false or null)",
      "the word NaN (JSON has no NaN: every number must be finite)",
    ],
    [
      '{"W": ⟨here⟩.5}',
      "a value (an object, array, string, number, true, false or null)",
      "'.' (write 0.5, not .5)",
    ],
    ['{"W": ⟨here⟩007}', "a number without a leading zero", "007"],
    ['{"W": 1.⟨here⟩}', "a digit after the decimal point", "'}'"],
    ['{"W": 1e⟨here⟩}', "a digit in the exponent", "'}'"],
    [
      '{"a": "one⟨here⟩\ttwo"}',
      "a character of the string (write a line break as \\n, a tab as \\t)",
      "the control character U+0009",
    ],
    [
      '{"a": 1,\n ⟨here⟩}',
      "a property name in double quotes",
      "'}' (JSON allows no comma before '}')",
    ],
    ['{"a" ⟨here⟩= 1}', "':' after the property name", "'='"],
    [
      '{"b": ⟨here⟩True}',
      "a value (an object, array, string, number, true, false or null)",
      "the word True (JSON writes true, false and null in lower case)",
    ],
  ];
  for (const [source, expected, found] of cases) {
    const { text, line, column } = marked(source);
    const error = assertThrows(() => parseJson(text)) as JsonSyntaxError;
    assertEquals(
      [error.line, error.column, error.expected, error.found],
      [line, column, expected, found],
      source,
    );
  }
});

Deno.test("parseJson() refuses nesting deeper than MAX_DEPTH and keeps __proto__ as a plain field", () => {
  const deep = "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH);
  assertEquals(JSON.stringify(parseJson(deep)), deep);
  const tooDeep = "[" + deep + "]";
  const error = assertThrows(() => parseJson(tooDeep)) as JsonSyntaxError;
  assertEquals([error.line, error.column], [1, MAX_DEPTH + 1]);
  const parsed = parseJson('{"__proto__": {"polluted": true}}') as Record<
    string,
    unknown
  >;
  assertEquals(Object.getPrototypeOf(parsed), null);
  assertEquals(Object.keys(parsed), ["__proto__"]);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
});
