/**
 * Every failure of a build as one line for the terminal: a {@link BuildError}
 * as `error: file:line: message`; a permission Deno refused, with the command
 * that grants it; anything else (a full disk, a folder that cannot be
 * written) as the first line of its message, never a stack trace.
 *
 * @module
 */
import { BuildError } from "./page.ts";
import { buildCommand, type BuildPlaces } from "./permissions.ts";

/**
 * One line that says what went wrong. `places` are the build's `--src`,
 * `--dest`, `--config` and `--cache`, for the command of a refused
 * permission.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { describeError } from "./errors.ts";
 * import { BuildError } from "./site.ts";
 * assertEquals(describeError(new BuildError("bad", "a.md", 3)), "error: a.md:3: bad");
 * const full = new Error("No space left on device (os error 28): write '_site.tmp/next/a'\n    at x");
 * assertEquals(describeError(full), "error: No space left on device (os error 28): write '_site.tmp/next/a'");
 * ```
 */
export function describeError(
  error: unknown,
  places: BuildPlaces = {},
): string {
  if (error instanceof BuildError) return `error: ${oneLine(String(error))}`;
  const message = error instanceof Error
    ? error.message
    : String(error ?? "unknown error");
  const refused =
    /^Requires (read|write|run|net|env|sys|ffi) access to "?([^",]*)"?/.exec(
      message,
    );
  if (refused) {
    const verb = { read: "read", write: "write" }[refused[1]] ?? refused[1];
    let command = "";
    try {
      command = `deno ${buildCommand(places).join(" ")}`;
    } catch {
      // No deno.json to read the task from.
    }
    return `error: ${
      refused[2]
    }: the build may not ${verb} there (its permissions grant the project, ${
      places.dest ?? "_site"
    }/ and ${places.cache ?? "_cache"}/ only)${
      command ? `; run it with those folders granted: ${command}` : ""
    }`;
  }
  return `error: ${oneLine(message)}`;
}

/** The first line of `text`, without stack frames. */
function oneLine(text: string): string {
  return text.split("\n")[0].trim();
}
