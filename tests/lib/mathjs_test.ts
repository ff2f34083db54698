import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import { math } from "../../scripts/lib/mathjs.ts";

Deno.test("the bundle loaded is the version deno.json names", async () => {
  const config = JSON.parse(await Deno.readTextFile("deno.json"));
  assertEquals(`npm:mathjs@${math.version}`, config.imports.mathjs);
});

Deno.test("mathjs is imported through scripts/lib/mathjs.ts only", () => {
  // A second copy of mathjs would make Fractions the first does not know.
  const direct: string[] = [];
  for (
    const path of [...typeScriptFiles("scripts"), ...typeScriptFiles("tests")]
  ) {
    if (path === join("scripts", "lib", "mathjs.ts")) continue;
    const text = Deno.readTextFileSync(path);
    if (/^\s*(?:\* )?import (?!type)[^;]*from "mathjs"/m.test(text)) {
      direct.push(path);
    }
  }
  assertEquals(direct, []);
});

function* typeScriptFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* typeScriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}
