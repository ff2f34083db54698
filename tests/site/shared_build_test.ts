/**
 * The site the tests share (`_build.ts`): one build per run, found by every
 * test file of the run under the same folder, and a fingerprint that changes
 * with any byte of the project but not with what a build writes.
 *
 * @module
 */
import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { basename, dirname, join } from "@std/path";
import { builtSite, inputsFingerprint } from "./_build.ts";

Deno.test("the fingerprint changes with a byte of any file, and not with _site/, _cache/ or node_modules/", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notes-fingerprint-" });
  try {
    await Deno.mkdir(join(dir, "content"));
    await Deno.writeTextFile(join(dir, "content", "a.md"), "# A\n");
    await Deno.writeTextFile(join(dir, "_config.ts"), "export {};\n");
    const before = await inputsFingerprint([dir]);
    assertEquals(await inputsFingerprint([dir]), before);
    for (const built of ["_site", "_cache", "node_modules"]) {
      await Deno.mkdir(join(dir, built));
      await Deno.writeTextFile(join(dir, built, "x.html"), "x");
    }
    assertEquals(await inputsFingerprint([dir]), before);
    await Deno.writeTextFile(join(dir, "content", "a.md"), "# B\n");
    assertNotEquals(await inputsFingerprint([dir]), before);
    await Deno.writeTextFile(join(dir, "content", "a.md"), "# A\n");
    assertEquals(await inputsFingerprint([dir]), before);
    // A file moved is another input, though its bytes are the same.
    await Deno.rename(
      join(dir, "content", "a.md"),
      join(dir, "content", "b.md"),
    );
    assertNotEquals(await inputsFingerprint([dir]), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the shared site is this run's (named by the test process), built, and its build cache beside it", async () => {
  const dest = await builtSite();
  const folder = dirname(dest);
  assert(
    basename(folder).startsWith(`notes-test-site-${Deno.pid}-`),
    folder,
  );
  await Deno.stat(join(folder, "built"));
  await Deno.stat(join(dest, "index.html"));
  await Deno.stat(join(folder, "_cache"));
  assertEquals(await builtSite(), dest);
});
