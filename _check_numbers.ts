import { parseHTML } from "linkedom";
import { checkPage } from "./tests/site/_number_rule.ts";
import { listFiles, urlOf } from "./tests/site/_build.ts";
const dir = Deno.args[0] ?? "_site";
const all = [];
for (const file of await listFiles(dir)) {
  if (!file.endsWith(".html") || file.startsWith("pagefind/")) continue;
  const { document } = parseHTML(await Deno.readTextFile(`${dir}/${file}`));
  all.push(...checkPage(document as unknown as Document, urlOf(file)));
}
for (const p of all) console.log(`${p.url} [${p.where}] "${p.shown}": ${p.why}`);
console.log(all.length, "problems");
