/**
 * `templateLine` against Vento itself: seeded random pages of plain lines
 * and loops, rendered by Vento; every line of the render must map back to the
 * line of the template that wrote it, a plain line to itself and a loop's
 * output to its body.
 */
import { assertEquals } from "@std/assert";
import ventoEngine from "ventojs/web.js";
import { templateLine } from "../../scripts/site/core/page.ts";

/** A small seeded generator (mulberry32), so that every run is the same. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("templateLine maps every line of a render to the template line that wrote it", async () => {
  const vento = ventoEngine({
    includes: new URL("file:///nowhere/"),
    autoescape: false,
  });
  const next = random(20261207);
  for (let trial = 0; trial < 200; trial++) {
    const template: string[] = [];
    // What each line of the render must map to, by its text.
    const origin = new Map<string, number>();
    for (let block = 0; block < 3 + Math.floor(next() * 8); block++) {
      const kind = next();
      if (kind < 0.5) {
        origin.set(`plain ${block}`, template.length);
        template.push(`plain ${block}`);
      } else if (kind < 0.8) {
        // A loop whose body is a line of its own: the loop's tags leave
        // empty lines around every pass.
        const times = Math.floor(next() * 4);
        template.push(
          `{{ for i of ${JSON.stringify([...Array(times).keys()])} }}`,
        );
        for (let i = 0; i < times; i++) {
          origin.set(`body ${block} ${i}`, template.length);
        }
        template.push(`body ${block} {{ i }}`);
        template.push("{{ /for }}");
      } else {
        // A loop on one line: its passes are lines of that line.
        const times = 1 + Math.floor(next() * 3);
        for (let i = 0; i < times; i++) {
          origin.set(`row ${block} ${i}`, template.length);
        }
        template.push(
          `{{ for i of ${
            JSON.stringify([...Array(times).keys()])
          } }}row ${block} {{ i }}\n{{ /for }}`,
        );
        template.push(...template.pop()!.split("\n"));
      }
    }
    const source = template.join("\n");
    const { content } = await vento.runString(source, {});
    const rendered = content.split("\n");
    let checked = 0;
    rendered.forEach((line, index) => {
      const expected = origin.get(line);
      if (expected === undefined) return; // an empty line a tag left
      assertEquals(
        templateLine(source, content, index),
        expected,
        `${JSON.stringify(line)} of\n${source}\n---\n${content}`,
      );
      checked++;
    });
    assertEquals(checked, origin.size);
  }
});

Deno.test("templateLine matches a line of many tags in one pass: a long written line that matches none of them maps at once", () => {
  // As a regular expression of `.*`s, this would backtrack for minutes.
  const tags = "{{ a }}x{{ b }}x{{ c }}x{{ d }}x{{ e }}x{{ f }}y";
  const template = `# A\n${tags}\n{{ g }}\n# B`;
  const rendered = `# A\n${"x".repeat(400)}\nmore\n# B`;
  assertEquals(templateLine(template, rendered, 1), 1); // its place in the gap
  assertEquals(templateLine(template, rendered, 2), 2);
  // And one that matches: its tags stand for anything.
  const row = "| {{ r.a |> num }} | {{ r.b |> num }} |";
  assertEquals(
    templateLine(`x\n${row}\n{{ set q = 1 }}\ny`, "x\n\n| 0.5 | 0.25 |\ny", 2),
    1,
  );
});
