/**
 * A strict JSON parser for the input of `deno task grad`, with messages a
 * student can act on.
 *
 * `JSON.parse` accepts the same language, but its messages do not always say
 * where the problem is ("Unexpected token 'N', … is not valid JSON") and it
 * silently keeps the last of two properties with the same name. This parser
 * accepts exactly RFC 8259 JSON and reports every error with its line and
 * column, what was expected there and what was found, with a hint for the
 * usual slips: comments, trailing commas, single quotes, `NaN`.
 *
 * Objects come back with a `null` prototype, so that a key such as
 * `__proto__` or `toString` is an ordinary (and, for the validator, unknown)
 * field.
 *
 * @module
 */

/** A JSON value as this parser returns it. */
export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };

/** Malformed JSON: where, what was expected, what was found. */
export class JsonSyntaxError extends Error {
  /**
   * @param line 1-based line of the offending character
   * @param column 1-based column (in UTF-16 code units, tabs count as one)
   * @param expected what the grammar allows at that position
   * @param found what is there instead, with a hint when one helps
   */
  constructor(
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `malformed JSON at line ${line}, column ${column}: expected ${expected}, found ${found}`,
    );
    this.name = "JsonSyntaxError";
  }
}

/** Deeper nesting than this is refused (the input needs three levels). */
export const MAX_DEPTH = 64;

/**
 * Parse `text` as one JSON value, strictly.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { parseJson } from "./json.ts";
 * assertEquals(JSON.stringify(parseJson('{"W": [[0.5]]}')), '{"W":[[0.5]]}');
 * assertThrows(
 *   () => parseJson('{\n  // a comment\n  "W": 1\n}'),
 *   Error,
 *   "line 2, column 3: expected a property name in double quotes or '}', found a comment (JSON has no comments)",
 * );
 * ```
 */
export function parseJson(text: string): Json {
  return new Parser(text).parseDocument();
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = [["true", true], ["false", false], ["null", null]] as const;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): Json {
    this.skipWhitespace();
    if (this.pos === this.text.length) {
      this.fail("a JSON value", "the end of the input (the input is empty)");
    }
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.fail("the end of the input after the JSON value", this.foundHere());
    }
    return value;
  }

  private parseValue(depth: number): Json {
    const c = this.text[this.pos];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) {
        this.fail(`at most ${MAX_DEPTH} levels of nesting`, "more");
      }
      return c === "{" ? this.parseObject(depth) : this.parseArray(depth);
    }
    if (c === '"') return this.parseString();
    if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
    for (const [word, value] of LITERALS) {
      if (
        this.text.startsWith(word, this.pos) &&
        !isWordChar(this.at(word.length))
      ) {
        this.pos += word.length;
        return value;
      }
    }
    this.fail(
      "a value (an object, array, string, number, true, false or null)",
      this.foundHere(),
    );
  }

  private parseObject(depth: number): Json {
    const object: { [key: string]: Json } = Object.create(null);
    const seen = new Map<string, string>();
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return object;
    }
    let afterComma = false;
    for (;;) {
      if (this.text[this.pos] !== '"') {
        this.fail(
          afterComma
            ? "a property name in double quotes"
            : "a property name in double quotes or '}'",
          this.foundHere(afterComma ? "}" : undefined),
        );
      }
      const where = this.position();
      const key = this.parseString();
      const first = seen.get(key);
      if (first !== undefined) {
        this.failAt(
          where,
          "each property name once per object",
          `${JSON.stringify(key)} again (first at ${first})`,
        );
      }
      seen.set(key, `line ${where.line}, column ${where.column}`);
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") {
        this.fail("':' after the property name", this.foundHere());
      }
      this.pos++;
      this.skipWhitespace();
      object[key] = this.parseValue(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === "}") {
        this.pos++;
        return object;
      }
      if (next !== ",") {
        this.fail("',' or '}' after a property value", this.foundHere());
      }
      this.pos++;
      this.skipWhitespace();
      afterComma = true;
    }
  }

  private parseArray(depth: number): Json {
    const array: Json[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return array;
    }
    for (;;) {
      if (this.text[this.pos] === "]") {
        this.fail("a value", this.foundHere("]"));
      }
      array.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === "]") {
        this.pos++;
        return array;
      }
      if (next !== ",") {
        this.fail("',' or ']' after an array element", this.foundHere());
      }
      this.pos++;
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const start = this.position();
    this.pos++; // "
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) {
        this.fail(
          `the closing '"' of the string that starts at line ${start.line}, column ${start.column}`,
          "the end of the input",
        );
      }
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < " ") {
        this.fail(
          "a character of the string (write a line break as \\n, a tab as \\t)",
          `the control character U+${
            c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")
          }`,
        );
      }
      if (c !== "\\") {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      if (e in ESCAPES) {
        out += ESCAPES[e];
        this.pos += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.at(2, 4))) {
        out += String.fromCharCode(parseInt(this.at(2, 4), 16));
        this.pos += 6;
      } else {
        this.fail(
          'an escape \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by 4 hex digits',
          `\\${e ?? ""}`,
        );
      }
    }
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) {
      this.pos++; // the '-'
      this.fail("a digit after '-'", this.foundHere());
    }
    const start = this.pos;
    this.pos += match[0].length;
    const next = this.text[this.pos];
    if (next === ".") {
      this.pos++;
      this.fail("a digit after the decimal point", this.foundHere());
    }
    if (next === "e" || next === "E") {
      this.pos++;
      if (this.text[this.pos] === "+" || this.text[this.pos] === "-") {
        this.pos++;
      }
      this.fail("a digit in the exponent", this.foundHere());
    }
    if (next >= "0" && next <= "9") {
      this.pos = start;
      this.fail("a number without a leading zero", this.word(/[-0-9.eE+]/));
    }
    // Number() of a valid JSON number never fails; a huge one like 1e999
    // becomes ±Infinity, which the validator reports with the field's name.
    return Number(match[0]);
  }

  /** Describe what stands at the current position, with a hint for common slips. */
  private foundHere(closer?: "]" | "}"): string {
    if (this.pos >= this.text.length) return "the end of the input";
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("//") || rest.startsWith("/*")) {
      return "a comment (JSON has no comments)";
    }
    const c = rest[0];
    if (closer !== undefined && c === closer) {
      return `'${c}' (JSON allows no comma before '${c}')`;
    }
    if (c === "'") return "a single quote ' (JSON strings take double quotes)";
    if (c === "+") return "'+' (JSON numbers have no plus sign)";
    if (c === ".") return "'.' (write 0.5, not .5)";
    if (/[A-Za-z_$]/.test(c)) {
      const word = this.word(/[A-Za-z0-9_$]/);
      const hint = ["NaN", "Infinity", "undefined"].includes(word)
        ? ` (JSON has no ${word}: every number must be finite)`
        : ["True", "False", "None", "TRUE", "FALSE", "NULL", "Null"].includes(
            word,
          )
        ? " (JSON writes true, false and null in lower case)"
        : "";
      return `the word ${word}${hint}`;
    }
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code === 0xfeff) {
      return `the character U+${code.toString(16).toUpperCase()}`;
    }
    return `'${String.fromCodePoint(code)}'`;
  }

  private word(char: RegExp): string {
    let end = this.pos;
    while (end < this.text.length && end - this.pos < 20) {
      if (!char.test(this.text[end])) break;
      end++;
    }
    return this.text.slice(this.pos, end);
  }

  private at(offset: number, length = 1): string {
    return this.text.substr(this.pos + offset, length);
  }

  private skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.pos])) this.pos++;
  }

  private position(): { line: number; column: number } {
    const before = this.text.slice(0, this.pos);
    const lineStart = before.lastIndexOf("\n") + 1;
    return {
      line: before.split("\n").length,
      column: this.pos - lineStart + 1,
    };
  }

  private fail(expected: string, found: string): never {
    this.failAt(this.position(), expected, found);
  }

  private failAt(
    where: { line: number; column: number },
    expected: string,
    found: string,
  ): never {
    throw new JsonSyntaxError(where.line, where.column, expected, found);
  }
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && c !== "" && /[A-Za-z0-9_$]/.test(c);
}
