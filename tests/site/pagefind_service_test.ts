/**
 * The client of Pagefind's service protocol, against stand-ins for the
 * binary (shell scripts): an answer that arrives in many small pieces is
 * read whole, and an answer that is not a message stops the service with a
 * clear error.
 *
 * @module
 */
import { assertEquals, assertRejects } from "@std/assert";
import { join } from "@std/path";
import {
  PagefindError,
  PagefindService,
} from "../../scripts/site/plugins/pagefind_service.ts";

/** A stand-in for Pagefind that writes `pieces`, a pause between each. */
async function standIn(dir: string, pieces: string[]): Promise<string> {
  const file = join(dir, "pagefind");
  await Deno.writeTextFile(
    file,
    "#!/bin/sh\n" +
      pieces.map((piece) => `printf '%s' '${piece}'; sleep 0.02\n`).join("") +
      // Stay until the client closes its end.
      "cat > /dev/null\n",
  );
  await Deno.chmod(file, 0o755);
  return file;
}

const base64 = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value)).toBase64();

Deno.test("Pagefind's service: an answer in pieces of any length, cut anywhere in its base64, is read whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const answer = base64({
      message_id: 1,
      payload: { type: "NewIndex", index_id: 7 },
    }) + ",";
    // Pieces of 1, 2, 3, … characters: cut inside groups of four.
    const pieces: string[] = [];
    for (let at = 0, size = 1; at < answer.length; at += size++) {
      pieces.push(answer.slice(at, at + size));
    }
    const service = PagefindService.start(await standIn(dir, pieces));
    try {
      assertEquals(await service.newIndex(), 7);
    } finally {
      await service.kill();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Pagefind's service: an answer that is not a message (not base64, not JSON, no payload) stops it, and the request says so in one line", async () => {
  const bytes64 = (text: string) => new TextEncoder().encode(text).toBase64();
  for (
    const junk of [
      "not*base64,", // not base64
      `${bytes64("{")},`, // not JSON
      `${base64("a string")},`, // JSON, not a message
      `${base64({ message_id: 1 })},`, // a message without its payload
    ]
  ) {
    const dir = await Deno.makeTempDir();
    try {
      const service = PagefindService.start(await standIn(dir, [junk]));
      try {
        await assertRejects(
          () => service.newIndex(),
          PagefindError,
          "Pagefind stopped: it answered something that is not a message",
          junk,
        );
      } finally {
        await service.kill();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});
