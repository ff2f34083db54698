/**
 * The literate pages' highlighting: the spans they leave out are of scopes
 * the highlighting stylesheet does not colour, so that leaving them out
 * changes nothing on the page.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { UNCOLOURED_SCOPES } from "../../scripts/site/literate.ts";

Deno.test("the spans literate pages leave out are of scopes highlight.css does not colour", async () => {
  const css = await Deno.readTextFile("_includes/assets/highlight.css");
  // Every class the stylesheet's selectors name.
  const styled = new Set(
    [...css.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/\.([\w-]+)/g)].map((
      m,
    ) => m[1]),
  );
  assertEquals(
    UNCOLOURED_SCOPES.filter((scope) => styled.has(scope)),
    [],
    "a scope is coloured now: remove it from UNCOLOURED_SCOPES",
  );
});
