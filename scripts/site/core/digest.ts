/**
 * The SHA-256 of a text or of bytes, in hex, computed at once.
 *
 * Node's hash runs in Deno's Rust, in the calling thread: hashing the 184
 * pages of the site takes 8 ms, where `crypto.subtle.digest`, which sends
 * each to the thread pool and back, took 60–95 ms. The build hashes every
 * page's render inputs and search text on each build.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sha256Hex } from "./digest.ts";
 * assertEquals(
 *   sha256Hex("abc"),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * assertEquals(sha256Hex(new TextEncoder().encode("abc")), sha256Hex("abc"));
 * ```
 *
 * @module
 */
import type { createHash } from "node:crypto";

/**
 * Node's hash, taken when first asked for: a module that imports this one
 * may end up, unused, in the explorers' browser bundle, where an import of
 * `node:crypto` would stop the bundle from loading.
 */
let nodeHash: typeof createHash | undefined;

/** The SHA-256 of `data` (a text as UTF-8), as 64 hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  nodeHash ??= (globalThis as unknown as {
    process: {
      getBuiltinModule(name: "node:crypto"): { createHash: typeof createHash };
    };
  }).process.getBuiltinModule("node:crypto").createHash;
  return nodeHash("sha256").update(data).digest("hex");
}
