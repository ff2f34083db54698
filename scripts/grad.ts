/**
 * # `deno task grad`: check your own gradients
 *
 * Give it a small RNN, LSTM or GRU and a sequence as JSON; it prints the loss and
 * the exact gradient of every parameter, computed by the project's own
 * backpropagation through time:
 *
 * ```sh
 * deno task grad examples/grad-rnn.json          # a file
 * deno task grad --terms --check - < mine.json   # standard input
 * ```
 *
 * `--terms` adds, for an RNN, the terms `(t, k)` of the BPTT double sum for
 * `W`; `--check` adds the relative error of each gradient against
 * central finite differences (largest difference over the largest entry of
 * the finite differences). The input format is in the README section
 * "Check your own gradients" and in `scripts/grad/validate.ts`.
 *
 * Exit codes: 0 with one JSON object on standard output; 2 for bad input or
 * bad arguments, with one line on standard error naming the field, what was
 * expected and what was found; 1 for a bug in this program (also one line).
 *
 * @module
 */
import { computeGradients, type GradOptions } from "./grad/gradients.ts";
import { formatJson } from "./grad/format.ts";
import { JsonSyntaxError, parseJson } from "./grad/json.ts";
import { InputError, validateProblem } from "./grad/validate.ts";
import { LIMITS, LIMITS_HELP, overLimit } from "./grad/limits.ts";
import { HELP, USAGE } from "./grad/help.ts";

export { USAGE };

/** The outside world of the command, replaceable in tests. */
export interface GradIo {
  /** The bytes of a file (rejects with a `Deno.errors` error). */
  readFile(path: string): Promise<Uint8Array>;
  /** All of standard input. */
  readStdin(): Promise<Uint8Array>;
  /** Write to standard output. */
  stdout(text: string): void;
  /** Write to standard error. */
  stderr(text: string): void;
}

/** The real files, standard input and output. */
export const denoIo: GradIo = {
  readFile: (path) => Deno.readFile(path),
  readStdin: () => new Response(Deno.stdin.readable).bytes(),
  stdout: (text) => writeAll(Deno.stdout, text),
  stderr: (text) => writeAll(Deno.stderr, text),
};

/** A usage or input problem: one line for standard error, exit code 2. */
class GradError extends Error {}

/**
 * Run the command with `args` (without the program name) and return its exit
 * code. Never throws: every failure becomes one line on standard error.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { run } from "./grad.ts";
 * const input = '{"model": "rnn", "params": {"W": [[0]], "U": [[0]]}, "xs": [[1]], ' +
 *   '"loss": {"type": "mse", "targets": [[0]]}}';
 * let out = "";
 * const code = await run(["-"], {
 *   readFile: () => Promise.reject(new Error("no files here")),
 *   readStdin: () => Promise.resolve(new TextEncoder().encode(input)),
 *   stdout: (text) => (out += text),
 *   stderr: () => {},
 * });
 * assertEquals(code, 0);
 * assertEquals(JSON.parse(out).loss, 0.125); // ½ σ(0)² = ½ · ¼
 * ```
 */
export async function run(
  args: string[],
  io: GradIo = denoIo,
): Promise<number> {
  try {
    const { source, options, help } = parseArgs(args);
    if (help) {
      io.stdout(`${HELP}\n${LIMITS_HELP}\n`);
      return 0;
    }
    const name = source === "-" ? "standard input" : source;
    const text = await readSource(source, name, io);
    const output = solve(text, name, options);
    io.stdout(`${formatJson(output)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof GradError) {
      io.stderr(`grad: ${error.message}\n`);
      return 2;
    }
    // The reader went away (`deno task grad … | head`): nothing to say.
    if (error instanceof Deno.errors.BrokenPipe) return 1;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `grad: internal error (please report it): ${firstLine(message)}\n`,
    );
    return 1;
  }
}

function parseArgs(
  args: string[],
): { source: string; options: GradOptions; help: boolean } {
  const options: GradOptions = {};
  const files: string[] = [];
  let help = false;
  for (const arg of args) {
    if (arg === "--terms") options.terms = true;
    else if (arg === "--check") options.check = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg.startsWith("-") && arg !== "-") {
      throw new GradError(
        `expected the option --terms, --check or --help, found ${
          JSON.stringify(arg)
        } (${USAGE})`,
      );
    } else files.push(arg);
  }
  if (help) return { source: "", options, help };
  if (files.length !== 1) {
    throw new GradError(
      `expected one input FILE, or - for standard input, found ${
        files.length === 0 ? "none" : `${files.length}: ${files.join(" ")}`
      } (${USAGE})`,
    );
  }
  return { source: files[0], options, help };
}

async function readSource(
  source: string,
  name: string,
  io: GradIo,
): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = source === "-" ? await io.readStdin() : await io.readFile(source);
  } catch (error) {
    throw new GradError(`${name}: cannot read it: ${readProblem(error)}`);
  }
  if (bytes.length > LIMITS.inputBytes) {
    throw new GradError(
      `${name}: ${bytes.length} bytes: at most ${LIMITS.inputBytes} (see --help)`,
    );
  }
  try {
    // A byte order mark at the start is dropped, as RFC 8259 allows.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new GradError(
      `${name}: expected UTF-8 text, found bytes that are not UTF-8`,
    );
  }
}

function readProblem(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  if (error instanceof Deno.errors.PermissionDenied) {
    return "permission denied";
  }
  return firstLine(error instanceof Error ? error.message : String(error));
}

/** Parse, validate and compute; input problems become a {@link GradError}. */
function solve(text: string, name: string, options: GradOptions) {
  try {
    const problem = validateProblem(parseJson(text));
    if (options.terms && problem.model !== "rnn") {
      throw new GradError(
        `--terms: expected an input with model "rnn" (the double sum over (t, k) is written for the RNN's W), found model "${problem.model}" in ${name}`,
      );
    }
    const over = overLimit(problem, options);
    if (over) throw new GradError(`${name}: ${over}`);
    return computeGradients(problem, options);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new GradError(
        `${name}:${error.line}:${error.column}: malformed JSON: expected ${error.expected}, found ${error.found}`,
      );
    }
    if (error instanceof InputError) {
      throw new GradError(`${name}: ${error.message}`);
    }
    throw error;
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

function writeAll(
  stream: { writeSync(bytes: Uint8Array): number },
  text: string,
): void {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) {
    written += stream.writeSync(bytes.subarray(written));
  }
}

if (import.meta.main) Deno.exit(await run(Deno.args));
