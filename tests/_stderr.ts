/**
 * What a `deno` process a test started printed on its standard error, as
 * the program printed it.
 *
 * @module
 */

/**
 * Deno's own line while it waits for another process's lock (a test
 * running beside this one, on a fresh clone, setting up `node_modules`).
 */
const LOCK_NOTE = /^Blocking waiting for file lock on [^\n]*\n/gm;

/**
 * The error output of a `deno` process, without Deno's lock notes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { programStderr } from "./_stderr.ts";
 * const bytes = new TextEncoder().encode(
 *   "Blocking waiting for file lock on node_modules directory\nerror: x\n",
 * );
 * assertEquals(programStderr(bytes), "error: x\n");
 * ```
 */
export function programStderr(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replace(LOCK_NOTE, "");
}
