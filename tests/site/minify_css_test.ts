/**
 * The CSS minifier in `serve`: it keeps what it found in each page and each
 * stylesheet between updates, and must still prune by the classes the pages
 * use now, as a fresh build does.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import minifyCss from "../../scripts/site/plugins/minify_css.ts";
import { BASE, fixture, fixtureSite } from "./_fixture.ts";

const VENDOR = `/* A vendor's sheet: every class it can style. */
.kept { color: red; }
.later { color: blue; }
@media print { .later { color: black; } }
`;

const page = (body: string) => `---\ntitle: A\n---\n${body}\n`;

Deno.test("serve's updates prune a stylesheet by the classes the pages use now, as a fresh build does", async (t) => {
  const dir = await fixture({
    ...BASE,
    "a.md": page('<span class="kept">K</span>'),
  });
  const vendor = join(dir, "static", "vendor.css");
  await Deno.mkdir(join(dir, "static"), { recursive: true });
  await Deno.writeTextFile(vendor, VENDOR);
  const siteOf = () =>
    fixtureSite(join(dir, "content"))
      .copy(join(dir, "static"), "/static")
      .use(minifyCss({ dir: "/static", prune: ["vendor.css"] }));
  const served = siteOf();
  served.options.serve = true;
  const dest = join(dir, "_site");
  const css = () => Deno.readTextFile(join(dest, "static", "vendor.css"));
  const fresh = async () => {
    const out = join(dir, "_fresh");
    await siteOf().build({ dest: out });
    return await Deno.readTextFile(join(out, "static", "vendor.css"));
  };
  const a = join(dir, "content", "a.md");
  try {
    await served.update(undefined, { dest });
    assertEquals((await css()).trim(), ".kept{color:red;}");

    await t.step("a page that starts using a pruned class", async () => {
      await Deno.writeTextFile(
        a,
        page('<span class="kept">K</span> <span class="later">L</span>'),
      );
      await served.update([a], { dest });
      assertEquals(
        (await css()).trim(),
        ".kept{color:red;}.later{color:blue;}@media print{.later{color:black;}}",
      );
      assertEquals(await css(), await fresh());
    });

    await t.step("and stops", async () => {
      await Deno.writeTextFile(a, page('<span class="kept">K</span>'));
      await served.update([a], { dest });
      assertEquals((await css()).trim(), ".kept{color:red;}");
      assertEquals(await css(), await fresh());
    });

    await t.step("the stylesheet edited", async () => {
      await Deno.writeTextFile(vendor, VENDOR.replace("red", "green"));
      await served.update([vendor], { dest });
      assertEquals((await css()).trim(), ".kept{color:green;}");
      assertEquals(await css(), await fresh());
    });

    await t.step("the page that used the class removed", async () => {
      await Deno.remove(a);
      await served.update([a], { dest });
      assertEquals((await css()).trim(), "");
      assertEquals(await css(), await fresh());
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
