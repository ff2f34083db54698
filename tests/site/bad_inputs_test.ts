/**
 * The build, the command line and the development server given bad input,
 * one row a case (issue 15): every build case must fail with one line (no
 * stack trace) naming the file, and the line where there is one, and leave
 * the previous `_site/` byte for byte as it was and no staging folder; every
 * request must get an answer that stays on this host. Build cases run
 * in-process on one fixture (`_fixture.ts`); the few that need the command
 * line (a template loop stopped by the render time limit, a `--dest` that is
 * the pages, a folder not granted) run it as `deno task build` does.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertThrows,
} from "@std/assert";
import { join, resolve, toFileUrl } from "@std/path";
import { BuildError, swap } from "../../scripts/site/core/site.ts";
import { describeError } from "../../scripts/site/core/errors.ts";
import { lockStaging, MARKER } from "../../scripts/site/core/dest.ts";
import {
  numberOption,
  parseArgs,
  siteOptions,
} from "../../scripts/site/cli.ts";
import { answer } from "../../scripts/site/serve.ts";
import {
  computeInWorkers,
  ScriptTimeout,
} from "../../scripts/site/core/parallel.ts";
import {
  buildCommand,
  buildFlags,
  buildTask,
} from "../../scripts/site/core/permissions.ts";
import {
  BASE,
  changedFiles,
  fixture,
  fixtureSite,
  type FixtureVariant,
  GOOD,
  runDeno,
  snapshot,
  stagingLeft,
} from "./_fixture.ts";

/** One bad input to the build. */
interface BuildRow {
  name: string;
  /** Text files written into the fixture, by path from its folder. */
  files?: Record<string, string>;
  /** Files written as bytes. */
  bytes?: Record<string, Uint8Array>;
  /** The file the error names, from the fixture's folder. */
  file: string;
  /** The line it names, where there is one. */
  line?: number;
  /** What the line says. */
  says: RegExp;
  variant?: FixtureVariant;
}

const BAD = "content/bptt/bad.md";
/** A page with front matter `front` and the body `body`. */
const page = (front: string, body = "Text.\n") => `---\n${front}\n---\n${body}`;
/** A page whose body (from line 5) is `body`. */
const body = (text: string) => ({ [BAD]: page("title: T", `\n${text}\n`) });
const foreign = /loads from another host/;
/** Three lines of template that render as seven. */
const LOOP = "{{ for i of [1, 2, 3] }}\n- item {{ i }}\n{{ /for }}\n";

const BUILD_ROWS: BuildRow[] = [
  // Front matter.
  {
    name: "front matter never closed",
    files: { [BAD]: "---\ntitle: T\n\nText of the page.\n" },
    file: BAD,
    line: 1,
    says: /^the front matter opened by `---` is never closed/,
  },
  {
    name: "a title with a formula",
    files: { [BAD]: page("title: The eigenvalues of $W$") },
    file: BAD,
    line: 2,
    says:
      /^the title holds the formula \$W\$: a title is plain text, shown as written in the browser's tab, the sidebar and the search \(write it in Unicode/,
  },
  {
    name: "a title taken from a heading with a formula",
    files: { [BAD]: page("order: 1", "\n# The power $W^{30}$\n\nText.\n") },
    file: BAD,
    line: 5,
    says:
      /^the title, taken from this heading, holds the formula \$W\^\{30\}\$/,
  },
  {
    name: "a title with emphasis",
    files: { [BAD]: page("title: Why *tanh* saturates") },
    file: BAD,
    line: 2,
    says: /^the title holds the emphasis \*tanh\*: .*\(leave out the marks\)$/,
  },
  {
    name: "a title with an HTML tag",
    files: { [BAD]: page('title: "A <b>bold</b> claim"') },
    file: BAD,
    line: 2,
    says: /^the title holds the HTML tag <b>: /,
  },
  {
    name: "a translation whose order is not its original's",
    files: {
      [BAD]: page("title: T\norder: 2"),
      "content/zh/bptt/bad.md": page("title: 甲\nlang: zh\norder: 3"),
    },
    file: "content/zh/bptt/bad.md",
    line: 4,
    says:
      /^`order: 3`, but its original .*content\/bptt\/bad.md has `order: 2`: a translation keeps the front matter of its original/,
    variant: { languages: ["en", "zh"] },
  },
  {
    name: "a translation whose self-check asks for another value",
    files: {
      [BAD]: page(
        "title: T\nexercise: ex-1\nchecks:\n  - label: the gain\n    value: gain",
        "\n## Solution\n\nText.\n",
      ),
      "content/zh/bptt/bad.md": page(
        "title: 甲\nlang: zh\nexercise: ex-1\nchecks:\n  - label: 增益\n    value: W[0][0]",
        "\n## 解答\n\nText.\n",
      ),
    },
    file: "content/zh/bptt/bad.md",
    line: 5,
    says:
      /^its self-checks ask for other values or tolerances than those of its original/,
    variant: { languages: ["en", "zh"] },
  },
  {
    name: "malformed YAML",
    files: { [BAD]: page("title: [unclosed") },
    file: BAD,
    line: 3,
    says: /malformed front matter/,
  },
  {
    name: "a key given twice",
    files: { [BAD]: page("title: T\ntitle: U") },
    file: BAD,
    says: /malformed front matter/,
  },
  {
    name: "front matter that is a list",
    files: { [BAD]: page("- a\n- b") },
    file: BAD,
    line: 1,
    says: /expected `key: value` lines/,
  },
  {
    name: "front matter that is a sentence",
    files: { [BAD]: page("just words") },
    file: BAD,
    line: 1,
    says: /expected `key: value` lines/,
  },
  {
    name: "a title that is a number",
    files: { [BAD]: page("title: 5") },
    file: BAD,
    line: 2,
    says: /`title` must be a string/,
  },
  {
    name: "an order that is a word",
    files: { [BAD]: page("title: T\norder: first") },
    file: BAD,
    line: 3,
    says: /`order` must be a number/,
  },
  {
    name: "nav: no (a string in YAML 1.2)",
    files: { [BAD]: page("title: T\nnav: no") },
    file: BAD,
    line: 3,
    says: /`nav` must be a boolean/,
  },
  {
    name: "an exercise that is a number",
    files: { [BAD]: page("title: T\nexercise: 5") },
    file: BAD,
    line: 3,
    says: /`exercise` must be a string/,
  },
  {
    name: "a topic that is a list",
    files: { [BAD]: page("title: T\ntopic: [a]") },
    file: BAD,
    line: 3,
    says: /`topic` must be a string/,
  },
  {
    name: "a layout that is a number",
    files: { [BAD]: page("title: T\nlayout: 5") },
    file: BAD,
    line: 3,
    says: /`layout` must be a string/,
  },
  {
    name: 'layout: ""',
    files: { [BAD]: page('title: T\nlayout: ""') },
    file: BAD,
    line: 3,
    says: /`layout` must name a layout in _includes\/layouts\//,
  },
  {
    name: "a partial as the layout (no head, no CSP)",
    files: { [BAD]: page("title: T\nlayout: partials/footer.vto") },
    file: BAD,
    line: 3,
    says: /must name a layout in _includes\/layouts\/.*partials\/footer\.vto/,
  },
  {
    name: "layout: ../README.md",
    files: { [BAD]: page("title: T\nlayout: ../README.md") },
    file: BAD,
    line: 3,
    says: /must name a layout/,
  },
  {
    name: "layout: /etc/passwd",
    files: { [BAD]: page("title: T\nlayout: /etc/passwd") },
    file: BAD,
    line: 3,
    says: /must name a layout/,
  },
  {
    name: "a layout through ..",
    files: { [BAD]: page("title: T\nlayout: layouts/../partials/footer.vto") },
    file: BAD,
    line: 3,
    says: /must name a layout/,
  },
  {
    name: "a layout that does not exist",
    files: { [BAD]: page("title: T\nlayout: layouts/nope.vto") },
    file: BAD,
    line: 3,
    says: /layout "layouts\/nope\.vto" does not exist/,
  },
  {
    name: "scripts: a string",
    files: { [BAD]: page("title: T\nscripts: /a.js") },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list of paths on this site/,
  },
  {
    name: "scripts: another host",
    files: { [BAD]: page('title: T\nscripts: ["//evil.example/x.js"]') },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list of paths.*evil\.example/,
  },
  {
    name: "scripts: javascript:",
    files: { [BAD]: page('title: T\nscripts: ["javascript:alert(1)"]') },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list of paths/,
  },
  {
    name: "scripts: breaking out of the attribute",
    files: { [BAD]: page(`title: T\nscripts: ['/a.js" onload="alert(1)']`) },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list of paths/,
  },
  {
    name: "scripts: a relative path",
    files: { [BAD]: page('title: T\nscripts: ["a.js"]') },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list/,
  },
  {
    name: "scripts: a path through ..",
    files: { [BAD]: page('title: T\nscripts: ["/../x.js"]') },
    file: BAD,
    line: 3,
    says: /`scripts` must be a list/,
  },
  {
    name: "styles: another host",
    files: { [BAD]: page('title: T\nstyles: ["http://evil.example/x.css"]') },
    file: BAD,
    line: 3,
    says: /`styles` must be a list of paths/,
  },
  {
    name: "styles: a number",
    files: { [BAD]: page("title: T\nstyles: [1]") },
    file: BAD,
    line: 3,
    says: /`styles` must be a list/,
  },
  {
    name: "YAML aliases of aliases (a billion laughs)",
    files: {
      [BAD]: page(
        'title: T\na: &a ["x","x","x","x","x","x","x","x","x","x"]\n' +
          "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
          "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      ),
    },
    file: BAD,
    line: 4,
    says: /more than 10000 values once its YAML aliases/,
  },
  {
    name: "exercise: __proto__",
    files: { [BAD]: page("title: T\nexercise: __proto__") },
    file: BAD,
    line: 3,
    says: /exercise "__proto__" has no results/,
  },
  {
    name: "exercise: constructor",
    files: { [BAD]: page("title: T\nexercise: constructor") },
    file: BAD,
    line: 3,
    says: /exercise "constructor" has no results/,
  },
  {
    name: "an exercise with no script",
    files: { [BAD]: page("title: T\nexercise: ex-9") },
    file: BAD,
    line: 3,
    says: /exercise "ex-9" has no results/,
  },
  {
    name: "bytes that are not UTF-8",
    bytes: {
      [BAD]: new Uint8Array([
        ...new TextEncoder().encode("---\ntitle: T\n---\nText "),
        0xff,
        10,
      ]),
    },
    file: BAD,
    line: 4,
    says: /not UTF-8: byte 0xff at byte offset 22/,
  },
  {
    name: "a file name with ?",
    files: { "content/bptt/wh?t.md": page("title: T") },
    file: "content/bptt/wh?t.md",
    says: /file name may not contain "\?"/,
  },
  {
    name: "a file name with #",
    files: { "content/bptt/a#b.md": page("title: T") },
    file: "content/bptt/a#b.md",
    says: /file name may not contain/,
  },
  {
    name: "a file name with %",
    files: { "content/bptt/100%.md": page("title: T") },
    file: "content/bptt/100%.md",
    says: /file name may not contain/,
  },
  {
    name: "a page whose URL is a generated file's folder",
    files: { "content/results.json.md": page("title: T") },
    file: "content/results.json.md",
    says:
      /its URL \/results\.json\/ needs a folder \/results\.json\/ where the site has the file/,
  },
  {
    name: "two pages, one URL",
    files: {
      "content/bptt/same.md": page("title: A"),
      "content/bptt/same/index.md": page("title: B"),
    },
    file: "content/bptt/same.md",
    says: /two pages have the URL \/bptt\/same\//,
  },
  // Templates in the page.
  {
    name: "{{ 1 + }}",
    files: body("{{ 1 + }}"),
    file: BAD,
    line: 5,
    says: /./,
  },
  {
    name: "an if never closed",
    files: body("{{ if true }}\nText."),
    file: BAD,
    says: /if|closing|Unclosed/i,
  },
  {
    name: "a /if never opened",
    files: body("Text.\n{{ /if }}"),
    file: BAD,
    says: /./,
  },
  {
    name: "an unknown name",
    files: body("The {{ nope }}."),
    file: BAD,
    line: 5,
    says: /nope is not defined/,
  },
  {
    name: "an unknown filter",
    files: body('{{ "x" |> nosuchfilter }}'),
    file: BAD,
    line: 5,
    says: /nosuchfilter/,
  },
  {
    name: "a result that does not exist",
    files: {
      [BAD]: page("title: T\nexercise: ex-1", "\n{{ r.nope.deeper }}\n"),
    },
    file: BAD,
    line: 6,
    says: /Cannot read properties of undefined/,
  },
  {
    name: "code that throws",
    files: body('{{> throw new Error("boom") }}'),
    file: BAD,
    says: /boom/,
  },
  {
    name: "a partial that does not exist",
    files: body('{{ include "partials/nope.vto" }}'),
    file: BAD,
    says: /nope\.vto/,
  },
  {
    name: "a partial that includes itself",
    files: {
      ...body('{{ include "partials/loop.vto" }}'),
      "_includes/partials/loop.vto": '<p>{{ include "partials/loop.vto" }}</p>',
    },
    file: "_includes/partials/loop.vto",
    says: /include cycle: partials\/loop\.vto → partials\/loop\.vto/,
  },
  {
    name: "two partials that include each other",
    files: {
      ...body('{{ include "partials/ping.vto" }}'),
      "_includes/partials/ping.vto": '{{ include "partials/pong.vto" }}',
      "_includes/partials/pong.vto": '{{ include "partials/ping.vto" }}',
    },
    file: "_includes/partials/pong.vto",
    says:
      /include cycle: partials\/ping\.vto → partials\/pong\.vto → partials\/ping\.vto/,
  },
  {
    name: "a layout with an error (blamed on the layout)",
    files: {
      [BAD]: page("title: T\nlayout: layouts/broken.vto"),
      "_includes/layouts/broken.vto":
        "<!doctype html>\n<p>{{ nope.deeper }}</p>\n",
    },
    file: "_includes/layouts/broken.vto",
    line: 2,
    says: /while rendering .*bad\.md with this layout/,
  },
  {
    name: "a layout that includes itself",
    files: {
      [BAD]: page("title: T\nlayout: layouts/self.vto"),
      "_includes/layouts/self.vto": '{{ include "layouts/self.vto" }}',
    },
    file: "_includes/layouts/self.vto",
    says: /include cycle/,
  },
  {
    name: "TeX braces read as a tag",
    files: body("$\\frac{1}{{n}}$"),
    file: BAD,
    line: 5,
    says: /n is not defined/,
  },
  {
    name: "TeX that does not parse",
    files: body("Broken $\\frac{1}{$ here."),
    file: BAD,
    line: 5,
    says: /TeX error/,
  },
  // HTML in the Markdown.
  {
    name: "an inline <script>",
    files: body("<script>alert(1)</script>"),
    file: BAD,
    line: 5,
    says: /an inline <script>/,
  },
  {
    name: "an <img onerror>",
    files: body("<img alt=icon src=/assets/favicon.svg onerror=alert(1)>"),
    file: BAD,
    line: 5,
    says: /event handler attribute onerror=/,
  },
  {
    name: "an <svg onload>",
    files: body('<svg onload="alert(1)"></svg>'),
    file: BAD,
    line: 5,
    says: /onload=/,
  },
  {
    name: "a <div onclick>",
    files: body("<div onclick='go()'>x</div>"),
    file: BAD,
    line: 5,
    says: /onclick=/,
  },
  {
    name: "a javascript: link",
    files: body('<a href="javascript:alert(1)">x</a>'),
    file: BAD,
    line: 5,
    says: /a javascript: URL/,
  },
  {
    name: "a JaVaScRiPt: link",
    files: body('<a href="JaVaScRiPt:alert(1)">x</a>'),
    file: BAD,
    line: 5,
    says: /JaVaScRiPt: URL/,
  },
  {
    name: "a javascript: URL written with entities and a tab",
    files: body('<a href="&#106;ava&#x09;script&colon;alert(1)">x</a>'),
    file: BAD,
    line: 5,
    says: /a javascript: URL/,
  },
  {
    name: "a Markdown link with no target",
    files: body("Text.\n\nSee [the next part]() for more."),
    file: BAD,
    line: 7,
    says: /^an empty link: <a href=""> leads nowhere/,
  },
  {
    name: "a Markdown link whose target is <>",
    files: body("See [the next part](<>)."),
    file: BAD,
    line: 5,
    says: /^an empty link/,
  },
  {
    name: "a reference link whose reference is defined nowhere",
    files: body("Text.\n\nSee [the chain rule][chain]\nfor the rest."),
    file: BAD,
    line: 7,
    says:
      /^the reference link \[the chain rule\]\[chain\] has no definition: add a line `\[chain\]: \/url\/`/,
  },
  {
    name: "a reference link in a table cell, defined nowhere",
    files: body("| a | b |\n| - | - |\n| [x][] | 2 |"),
    file: BAD,
    line: 7,
    says: /^the reference link \[x\]\[\] has no definition/,
  },
  {
    name: "a link whose address has a space",
    files: body("Text.\n\nSee [the page](/bptt/my page/)."),
    file: BAD,
    line: 7,
    says:
      /^\[the page\]\(\/bptt\/my page\/\) is not read as a link, and would show as written: an address with a space is written with %20 or between <…>/,
  },
  {
    name: "an image whose file name has a space",
    files: body("![A plot of the norms](my plot.png)"),
    file: BAD,
    line: 5,
    says: /^!\[A plot of the norms\]\(my plot.png\) is not read as an image/,
  },
  {
    name: "a footnote",
    files: body("A claim.[^1]"),
    file: BAD,
    line: 5,
    says: /^a footnote \[\^1\]: these pages have no footnotes/,
  },
  {
    name: "two headings given the same {#id}",
    files: body("## One {#part}\n\nText.\n\n## Two {#part}"),
    file: BAD,
    line: 9,
    says: /^the id \{#part\} is given to two headings/,
  },
  {
    name: "a heading's {.class}",
    files: body("## One {.note}"),
    file: BAD,
    line: 5,
    says: /^\{\.note\} after a heading: only an id is read there/,
  },
  {
    name:
      "an image beside its page in the pages' folder, which is not published",
    files: {
      [BAD]: page("title: T", "\n![A figure](figure.png)\n"),
      "content/bptt/figure.png": "not an image, but a file",
    },
    file: BAD,
    line: 5,
    says:
      /^broken link "figure.png": nothing at \/bptt\/bad\/figure.png \(.*bptt\/figure.png is in the pages' folder, which publishes only pages: publish it with \.copy\(".*bptt\/figure.png", "\/bptt\/figure.png"\) in _config.ts, and link to \/bptt\/figure.png\)$/,
  },
  {
    name: "a link to a page's source file (as on a forge)",
    files: body("See [the results](../results.md)."),
    file: BAD,
    line: 5,
    says:
      /^broken link "..\/results.md": nothing at \/bptt\/results.md \(.*content\/results.md is a page: link to its address, \/results\/\)$/,
  },
  {
    name: "a link to a page without its closing slash",
    files: body("See [the results](/results)."),
    file: BAD,
    line: 5,
    says:
      /^broken link "\/results": nothing at \/results \(the page's address ends with a slash: \/results\/\)$/,
  },
  {
    name: "a self-check with a negative tolerance",
    files: {
      [BAD]:
        "---\ntitle: T\nexercise: ex-1\nchecks:\n  - label: A\n    value: gain\n  - label: B\n    value: gain\n    tolerance: -0.1\n---\n\n## Solution\n\nText.\n",
    },
    file: BAD,
    line: 9,
    says: /^front matter "checks": item 2: "tolerance" must be a number ≥ 0$/,
  },
  {
    name: "a self-check without its label",
    files: {
      [BAD]:
        "---\ntitle: T\nexercise: ex-1\nchecks:\n  - label: A\n    value: gain\n  - value: gain\n---\n\n## Solution\n\nText.\n",
    },
    file: BAD,
    line: 7,
    says: /^front matter "checks": item 2 needs a "label" and a "value"/,
  },
  {
    name: "self-checks on a page without a Solution section",
    files: {
      [BAD]:
        "---\ntitle: T\nexercise: ex-1\nchecks:\n  - label: A\n    value: gain\n---\n\n## Answer\n\nText.\n",
    },
    file: BAD,
    line: 4,
    says: /^front matter "checks" needs a "## Solution" section/,
  },
  {
    name: "a broken link whose address has no quotes",
    files: body("<a href=/nowhere/>there</a>"),
    file: BAD,
    line: 5,
    says: /^broken link "\/nowhere\/": nothing at \/nowhere\/$/,
  },
  {
    name: "an SVG image from another host, by xlink:href",
    files: body(
      '<svg role="img" aria-label="x"><image xlink:href="https://evil.example/a.png"/></svg>',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site image after an attribute holding >",
    files: body(
      '<img alt="x > y" src="https://evil.example/a.png">',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an event handler after an attribute holding >",
    files: body('<span title="a > b" onclick="alert(1)">x</span>'),
    file: BAD,
    line: 5,
    says: /event handler attribute onclick=/,
  },
  {
    name: "a broken link after an attribute holding '>'",
    files: body("<a title='1 > 0' href=\"/nowhere/\">x</a>"),
    file: BAD,
    line: 5,
    says: /broken link "\/nowhere\/"/,
  },
  {
    name: "a <div> never closed",
    files: body(
      'Text.\n\n<div class="note">\n\nMore text, that would be inside it.',
    ),
    file: BAD,
    line: 7,
    says: /^<div> is never closed: the rest of the page would be inside it/,
  },
  {
    name: "a </div> that closes nothing the page opened",
    files: body("Text.\n\n</div>\n\nMore."),
    file: BAD,
    line: 7,
    says: /^<\/div> closes nothing the page opened/,
  },
  {
    name: "a </section> while a <span> is open",
    files: body(
      '<section>\n\nText <span class="x">spanned.\n\n</section>',
    ),
    file: BAD,
    line: 9,
    says: /^<\/section> comes while the <span> opened at line 7 is still open/,
  },
  {
    name: "an off-site meta refresh",
    files: body(
      '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site srcset",
    files: body(
      '<img alt="an icon" src="/assets/favicon.svg" srcset="https://evil.example/a.png 2x">',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site url() in a style",
    files: body(
      '<div style="background: url(https://evil.example/a.png)">x</div>',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "a form sent off-site",
    files: body(
      '<form action="https://evil.example/"><button>Go</button></form>',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "a button's formaction off-site",
    files: body(
      '<form><button formaction="https://evil.example/">Go</button></form>',
    ),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site iframe",
    files: body('<iframe src="https://evil.example/"></iframe>'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site object",
    files: body('<object data="https://evil.example/x"></object>'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an off-site embed",
    files: body('<embed src="https://evil.example/x">'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "an image from //host",
    files: body('<img alt="an icon" src="//evil.example/a.png">'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "a video poster off-site",
    files: body('<video poster="https://evil.example/p.png"></video>'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "a stylesheet off-site",
    files: body('<link rel="stylesheet" href="https://evil.example/x.css">'),
    file: BAD,
    line: 5,
    says: foreign,
  },
  {
    name: "a comment never closed",
    files: body("<!-- the rest\n\nof the page"),
    file: BAD,
    line: 5,
    says: /never closed/,
  },
  {
    name: "a | in a formula in a table: a row of more cells than its header",
    files: body("| a | b |\n|---|---|\n| $x$ | 1 |\n| $|x|$ | 2 |"),
    file: BAD,
    line: 8,
    says:
      /a table row of 4 cells under a header of 2: the last 2 would be dropped \(a \| inside \$…\$ ends a cell/,
  },
  {
    name: "a row of more cells than its header, no formula",
    files: body("| a | b |\n|---|---|\n| 1 | 2 | 3 |"),
    file: BAD,
    line: 7,
    says:
      /a table row of 3 cells under a header of 2: the last 1 would be dropped$/,
  },
  {
    name: "\\| for a norm in a formula in a table",
    files: body("| a | b |\n|---|---|\n| $\\|W\\|$ | 2 |"),
    file: BAD,
    line: 7,
    says: /\\\| inside \$…\$ in a table is an escaped \|/,
  },
  {
    name: "an image without alt text",
    files: body("![](/assets/favicon.svg)"),
    file: BAD,
    line: 5,
    says: /the image \/assets\/favicon\.svg has no alt text/,
  },
  {
    name: "an <img> without alt, in a line of text",
    files: body('An icon <img src="/assets/favicon.svg"> here.'),
    file: BAD,
    line: 5,
    says: /<img src="\/assets\/favicon\.svg"> has no alt text/,
  },
  {
    name: "an <img> with an empty alt, alone",
    files: body('<img alt="" src="/assets/favicon.svg">'),
    file: BAD,
    line: 5,
    says: /has no alt text/,
  },
  // After a template's loop, which writes more lines than it takes: the
  // line named is the file's, not the rendered Markdown's.
  {
    name: "a | in a formula in a table, after a loop",
    files: body(`${LOOP}\n| a | b |\n|---|---|\n| $|x|$ | 2 |`),
    file: BAD,
    line: 11,
    says: /a table row of 4 cells under a header of 2/,
  },
  {
    name: "a bad row that a loop writes, the second time round",
    files: body(
      '| a | b |\n|---|---|\n{{ for x of ["x", "|x|"] }}| ${{ x }}$ | 2 |\n{{ /for }}',
    ),
    file: BAD,
    line: 7,
    says: /a table row of 4 cells under a header of 2/,
  },
  {
    name: "TeX that does not parse, after a loop",
    files: body(`${LOOP}\nBroken $\\frac{1}{$ here.`),
    file: BAD,
    line: 9,
    says: /TeX error/,
  },
  {
    name: "display math never closed, after a loop",
    files: body(`${LOOP}\n$$\nx = 1`),
    file: BAD,
    line: 9,
    says: /display math opened with \$\$ is never closed/,
  },
  {
    name: "a \\label in inline math, after a loop",
    files: body(`${LOOP}\nSee $x \\label{a}$.`),
    file: BAD,
    line: 9,
    says: /\\label\{a\} in inline math/,
  },
  {
    name: "an image without alt text, after a loop",
    files: body(`${LOOP}\n![](/assets/favicon.svg)`),
    file: BAD,
    line: 9,
    says: /has no alt text/,
  },
  {
    name: "a broken link",
    files: body("See [nowhere](/nowhere/)."),
    file: BAD,
    line: 5,
    says: /broken link "\/nowhere\/"/,
  },
  {
    name: "many broken links: still one line, with where the others are",
    files: body(
      Array.from({ length: 30 }, (_, i) => `[x](/no-${i}/)`).join("\n"),
    ),
    file: BAD,
    line: 5,
    // The others are in the same file: their lines, the first ten.
    says: new RegExp(
      String
        .raw`broken link "/no-0/": nothing at /no-0/ \(and 29 more problems: ` +
        Array.from({ length: 10 }, (_, i) => `line ${6 + i} "/no-${1 + i}/"`)
          .join(", ") +
        String.raw` and 19 more\)$`,
    ),
  },
  {
    name: "broken links in two pages: the other page's named with its line",
    files: {
      ...body("See [gone](/gone/)."),
      "content/bptt/other.md": page("title: O", "\nText.\n\n[x](/gone-too/)\n"),
    },
    file: BAD,
    line: 5,
    says:
      /broken link "\/gone\/".*\(and 1 more problem: \S*content\/bptt\/other\.md:7 "\/gone-too\/"\)$/,
  },
  {
    name: "a link with a % that escapes nothing: the link, not a URIError",
    files: body('Text.\n\nSee <a href="/bptt/50%/">half</a>.'),
    file: BAD,
    line: 7,
    says:
      /^broken link "\/bptt\/50%\/": "%\/" is not an escape of a character \(write %25 for "%"\)$/,
  },
  {
    name: "an anchor with a % that escapes nothing",
    files: body("See [there](/#a%E0%A4)."),
    file: BAD,
    line: 5,
    says: /^broken link "\/#a%E0%A4": "%E0%A4" is not an escape/,
  },
  {
    name: "a broken anchor",
    files: body("See [there](/#no-such-id)."),
    file: BAD,
    line: 5,
    says: /broken anchor/,
  },
  {
    name: "an exercise script that throws",
    variant: { throws: "singular matrix" },
    file: "scripts/exercises/ex-1.ts",
    says: /compute\(\) throws: singular matrix/,
  },
];

/** Copy the project's layouts and partials into `dir/_includes`. */
async function copyIncludes(dir: string): Promise<void> {
  for (const folder of ["layouts", "partials", "i18n"]) {
    await Deno.mkdir(join(dir, "_includes", folder), { recursive: true });
    for await (const entry of Deno.readDir(join("_includes", folder))) {
      await Deno.copyFile(
        join("_includes", folder, entry.name),
        join(dir, "_includes", folder, entry.name),
      );
    }
  }
}

function siteIn(dir: string, variant?: FixtureVariant) {
  const site = fixtureSite(join(dir, "content"), variant);
  site.options.includes = join(dir, "_includes");
  return site;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** One line, no stack frame, as the command prints it. */
function assertOneLine(text: string) {
  assertEquals(text.trimEnd().split("\n").length, 1, text);
  assert(!/\n\s+at /.test(text) && !/\bat file:\/\//.test(text), text);
}

Deno.test(`the build: ${BUILD_ROWS.length} kinds of bad content, each one line naming the file (and line), the previous site byte for byte as it was`, async (t) => {
  assert(BUILD_ROWS.length >= 60, `${BUILD_ROWS.length} rows`);
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const dest = join(dir, "_site");
  await siteIn(dir).build({ dest });
  const before = await snapshot(dest);
  for (const row of BUILD_ROWS) {
    await t.step(row.name, async () => {
      const written = [
        ...Object.entries(row.files ?? {}),
        ...Object.entries(row.bytes ?? {}),
      ];
      for (const [path, content] of written) {
        await Deno.mkdir(join(dir, path, ".."), { recursive: true });
        if (typeof content === "string") {
          await Deno.writeTextFile(join(dir, path), content);
        } else await Deno.writeFile(join(dir, path), content);
      }
      try {
        const error = await assertRejects(
          () => siteIn(dir, row.variant).build({ dest }),
          BuildError,
        );
        const line = describeError(error);
        assertOneLine(line);
        const file = row.file.startsWith("scripts/")
          ? row.file
          : join(dir, row.file);
        assertEquals(error.file, file, line);
        if (row.line !== undefined) assertEquals(error.line, row.line, line);
        assertMatch(error.message, row.says);
        assertEquals(
          changedFiles(before, await snapshot(dest)),
          [],
          "the previous site changed",
        );
        assertEquals(
          await stagingLeft(dest),
          [],
          "the staging folder is left",
        );
      } finally {
        for (const [path] of written) await Deno.remove(join(dir, path));
      }
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("front matter reaches the HTML escaped; a BOM before --- is no error; every HTML file carries the CSP, whatever its layout", async () => {
  // A whole tag in a title is refused (titleMarkup); this one, which ends
  // an attribute and opens a tag, is let through, and must be escaped.
  const evil = `x"><img src=x onerror=alert(1)`;
  const dir = await fixture({
    ...BASE,
    "bptt/good.md": GOOD,
    "bptt/evil.md":
      `\ufeff---\ntitle: '${evil}'\ntopic: bptt\ndescription: '"><script>x</script>'\n---\nText.\n`,
  });
  await copyIncludes(dir);
  await Deno.writeTextFile(
    join(dir, "_includes/layouts/bare.vto"),
    "<p>{{ title }}</p>\n",
  );
  await Deno.writeTextFile(
    join(dir, "content/bare.md"),
    "---\ntitle: Bare\nlayout: layouts/bare.vto\nnav: false\n---\nText.\n",
  );
  const dest = join(dir, "_site");
  await siteIn(dir).build({ dest });
  for (
    const path of ["index.html", "bptt/evil/index.html", "bptt/good/index.html"]
  ) {
    const html = await Deno.readTextFile(join(dest, path));
    assert(!html.includes(evil), `${path}: the title is raw`);
    assert(!html.includes("<script>x"), `${path}: the description is raw`);
    assert(html.includes("&lt;img src=x onerror=alert(1)"), path);
  }
  for (
    const path of ["index.html", "bare/index.html", "404.html"].filter((p) =>
      p !== "404.html"
    )
  ) {
    const html = await Deno.readTextFile(join(dest, path));
    assertMatch(
      html,
      /^<meta http-equiv="Content-Security-Policy" content="default-src 'self';|<head>[\s\S]*<meta http-equiv="Content-Security-Policy" content="default-src 'self';/,
      path,
    );
  }
  assert(await exists(join(dest, MARKER)));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a --dest the build did not make is refused before anything is written: the pages, the project, the layouts, a folder with files", async (t) => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  await Deno.writeTextFile(join(dir, "content/notes.txt"), "uncommitted\n");
  await Deno.mkdir(join(dir, "mine"));
  await Deno.writeTextFile(join(dir, "mine/thesis.tex"), "mine\n");
  await Deno.writeTextFile(join(dir, "a-file"), "x\n");
  const all = async () => await snapshot(dir);
  const before = await all();
  const cases: [string, string, RegExp][] = [
    ["the pages", join(dir, "content"), /is the folder of the pages/],
    ["inside the pages", join(dir, "content", "out"), /lies inside the pages/],
    ["the project's folder of the pages' parent", dir, /holds the pages/],
    ["the layouts", join(dir, "_includes"), /the layouts/],
    ["the working directory", ".", /the project folder/],
    ["the scripts", "scripts", /the scripts/],
    [
      "a folder with files and no marker",
      join(dir, "mine"),
      /holds files \(thesis\.tex\) and no \.site-build/,
    ],
    ["a file", join(dir, "a-file"), /is a file/],
  ];
  for (const [name, dest, says] of cases) {
    await t.step(name, async () => {
      const error = await assertRejects(
        () => siteIn(dir).build({ dest }),
        BuildError,
      );
      assertMatch(error.message, says);
      assertOneLine(describeError(error));
      assertEquals(changedFiles(before, await all()), []);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a file put into a built site by hand is never deleted: the next build refuses, naming it, and leaves it and the site as they were", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const dest = join(dir, "_site");
  // Built twice: the second build reads the list of files the first left
  // in the marker, and finds nothing else.
  await siteIn(dir).build({ dest });
  await siteIn(dir).build({ dest });
  // An author's files, at the top and deeper.
  await Deno.writeTextFile(join(dest, "CNAME"), "notes.example.org\n");
  await Deno.mkdir(join(dest, "extra"));
  await Deno.writeTextFile(join(dest, "extra/mine.txt"), "mine\n");
  const before = await snapshot(dir);
  const error = await assertRejects(
    () => siteIn(dir).build({ dest }),
    BuildError,
  );
  assertEquals(error.file, join(dest, "CNAME"));
  assertMatch(
    error.message,
    /^a file no build wrote \(and 1 more: extra\/mine\.txt\): a build replaces .*_site\/ whole and would delete it/,
  );
  assertOneLine(describeError(error));
  assertEquals(changedFiles(before, await snapshot(dir)), []);
  // Moved out, the build goes on; a page the build wrote and the author
  // edited is the build's, and is written again.
  await Deno.remove(join(dest, "CNAME"));
  await Deno.remove(join(dest, "extra"), { recursive: true });
  await Deno.writeTextFile(join(dest, "index.html"), "edited");
  await siteIn(dir).build({ dest });
  assert((await Deno.readTextFile(join(dest, "index.html"))).length > 100);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an output folder that cannot be made: the system's one line, with the path", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  await Deno.writeTextFile(join(dir, "a-file"), "x\n");
  const dest = join(dir, "a-file", "out");
  const error = await assertRejects(() => siteIn(dir).build({ dest }));
  const line = describeError(error);
  assertOneLine(line);
  assertMatch(
    line,
    /^error: Not a directory \(os error 20\).*a-file\/out\.tmp/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a build stopped between the two renames of its swap: the next build, even a failing one, puts the site back", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const dest = join(dir, "_site");
  await siteIn(dir).build({ dest });
  const before = await snapshot(dest);
  // Stop a swap after its first rename, as a killed process would.
  const next = join(dir, "_site.tmp", "next");
  await Deno.mkdir(next, { recursive: true });
  await assertRejects(() =>
    swap(next, dest, join(dir, "_site.tmp"), () => {
      throw new Error("killed");
    })
  );
  assert(!await exists(dest), "the swap was not stopped half-way");
  // A failing build restores it, and leaves it as it was.
  await Deno.writeTextFile(join(dir, "content/bad.md"), page("title: [x"));
  await assertRejects(() => siteIn(dir).build({ dest }), BuildError);
  assertEquals(changedFiles(before, await snapshot(dest)), []);
  assert(!await exists(join(dir, "_site.tmp")));
  await Deno.remove(join(dir, "content/bad.md"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a build while another holds the staging folder (deno task build while serve runs) fails naming the other process", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const dest = join(dir, "_site");
  await siteIn(dir).build({ dest });
  const before = await snapshot(dest);
  const lock = await lockStaging(`${dest}.tmp`, "deno task serve");
  try {
    const error = await assertRejects(
      () => siteIn(dir).build({ dest }),
      BuildError,
    );
    assertMatch(
      error.message,
      new RegExp(
        `in use by another build \\(pid ${Deno.pid}, deno task serve\\)`,
      ),
    );
    assertEquals(changedFiles(before, await snapshot(dest)), []);
  } finally {
    lock.release();
  }
  await siteIn(dir).build({ dest });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a damaged build cache entry ({} under a valid key) counts as missing", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const variant = { dependsOn: ["deno.json"] };
  const cache = join(dir, "_cache");
  await siteIn(dir, variant).build({ dest: join(dir, "a"), cache });
  const expected = await snapshot(join(dir, "a"));
  for await (const entry of Deno.readDir(cache)) {
    const path = join(cache, entry.name);
    const text = await Deno.readTextFile(path);
    const key = text.slice(0, text.indexOf("\n"));
    await Deno.writeTextFile(path, `${key}\n{}`);
  }
  await siteIn(dir, variant).build({ dest: join(dir, "b"), cache });
  assertEquals(changedFiles(expected, await snapshot(join(dir, "b"))), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an exercise script past the time limit: the computation rejects at the limit, naming the script", async () => {
  // The script runs 1.5 s, five times the limit. It does end: Deno cannot
  // stop a thread that runs JavaScript (`_build_worker.ts`), and a loop that
  // never ends would use a core of this test run until its end. (The one
  // that never ends is the command line's test, in a process of its own.)
  const module = "data:text/javascript,export const RESULT_SOURCES = " +
    "[{ id: 'a', compute: () => 1 }, { id: 'loop', source: 'scripts/exercises/loop.ts', compute: () => { const end = Date.now() + 1500; while (Date.now() < end); } }];";
  // (No time is asserted: a loaded machine makes any bound a flaky test.)
  const error = await assertRejects(
    () => computeInWorkers(module, 2, { timeout: 300 }),
    ScriptTimeout,
  );
  assertEquals(error.script.source, "scripts/exercises/loop.ts");
  assertMatch(error.message, /did not finish within 0\.3 s/);
});

Deno.test("the command line: a bad option is one line, and exit status 2", () => {
  const rows: [string[], RegExp][] = [
    [["serve", "--port"], /--port needs a value/],
    [["build", "--dest"], /--dest needs a value/],
    [["build", "--dset", "x"], /unknown option --dset/],
    [["build", "-x"], /unknown option -x/],
    [["build", "serve"], /expected one command, found build serve/],
    [["deploy"], /unknown command "deploy"/],
  ];
  for (const [args, says] of rows) {
    const error = assertThrows(() => parseArgs(args));
    assertMatch(String((error as Error).message), says);
    assertOneLine(describeError(error));
  }
  const number: [string, RegExp][] = [
    ["abc", /--port: expected a whole number from 1 to 65535, found "abc"/],
    ["99999", /found "99999"/],
    ["0", /found "0"/],
    ["80.5", /found "80\.5"/],
    ["-1", /./],
  ];
  for (const [value, says] of number) {
    assertThrows(
      () => numberOption({ port: value }, "port", 1, 65535, true),
      Error,
      undefined,
    );
    try {
      numberOption({ port: value }, "port", 1, 65535, true);
    } catch (error) {
      assertMatch((error as Error).message, says);
    }
  }
  assertThrows(
    () => siteOptions({ "render-timeout": "soon" }),
    Error,
    "--render-timeout: expected a number",
  );
  assertEquals(siteOptions({ "render-timeout": "2.5" }).renderTimeout, 2.5);
});

/** One request to the development server, and what it must get. */
interface ServeRow {
  path: string;
  host?: string | null;
  method?: string;
  status: number;
  location?: string;
}

Deno.test("the development server: 22 requests, none leaves this host or answers with a stack trace", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const dest = join(dir, "_site");
  await siteIn(dir).build({ dest });
  const port = 3999;
  const own = `localhost:${port}`;
  const rows: ServeRow[] = [
    { path: "/", status: 200 },
    { path: "/bptt/good/", status: 200 },
    { path: "/bptt", status: 301, location: "/bptt/" },
    { path: "//evil.example/..%2fbptt", status: 301, location: "/bptt/" },
    { path: "/%2fevil.example%2f..%2fbptt", status: 301, location: "/bptt/" },
    { path: "/%5cevil.example/..%2fbptt", status: 400 },
    { path: "///evil.example/..%2fbptt", status: 301, location: "/bptt/" },
    { path: "//evil.example", status: 404 },
    { path: "/..%2f..%2f..%2fetc%2fpasswd", status: 404 },
    { path: "/%2e%2e/%2e%2e/etc/passwd", status: 404 },
    { path: "/%00", status: 400 },
    { path: "/%ZZ", status: 400 },
    { path: "/nope/", status: 404 },
    { path: "/bptt/good/?q=<script>", status: 200 },
    { path: "/", method: "POST", status: 405 },
    { path: "/", method: "HEAD", status: 200 },
    { path: "/", host: "evil.example", status: 421 },
    { path: "/", host: `evil.example:${port}`, status: 421 },
    { path: "/", host: `localhost:${port + 1}`, status: 421 },
    { path: "/", host: "127.0.0.1", status: 421 },
    { path: "/", host: null, status: 421 },
    { path: "/", host: `127.0.0.1:${port}`, status: 200 },
  ];
  const logged: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    for (const row of rows) {
      const host = row.host === undefined ? own : row.host;
      const headers = new Headers();
      if (host !== null) headers.set("host", host);
      const request = new Request(`http://${own}${row.path}`, {
        method: row.method ?? "GET",
        headers,
      });
      const response = await answer(request, dest, port);
      const text = await response.text();
      const label = `${row.method ?? "GET"} ${row.path} (Host ${host})`;
      assertEquals(response.status, row.status, label);
      assertEquals(
        response.headers.get("location") ?? undefined,
        row.location,
        label,
      );
      assert(!/\n\s+at /.test(text), `${label}: a stack trace`);
      assert(!text.includes("root:"), `${label}: a file outside the site`);
    }
  } finally {
    console.error = error;
  }
  for (const line of logged) assertOneLine(line);
  await Deno.remove(dir, { recursive: true });
});

/**
 * Write a `_config.ts` for the fixture in `dir`, as cli_test.ts does (with
 * `variant`, given as the text of an object literal).
 */
async function writeConfig(dir: string, variant = "{}"): Promise<string> {
  // The project's layouts (the command may read the project, not more).
  const module = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, `_config.${crypto.randomUUID()}.ts`);
  await Deno.writeTextFile(
    config,
    `import { fixtureSite } from ${JSON.stringify(module)};\n` +
      `const site = fixtureSite("content", ${variant});\n` +
      `export default site;\n`,
  );
  return config;
}

Deno.test("deno task build: the scripts run in threads the command's main thread starts for the build's worker; one that never ends is stopped at --script-timeout and named, the site untouched", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  // The configuration is the scripts' module too (the build may read it).
  const fixtureModule = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, "_config.ts");
  const write = (loop: boolean) =>
    Deno.writeTextFile(
      config,
      `import { fixtureSite, RESULTS } from ${
        JSON.stringify(fixtureModule)
      };\n` +
        `export const RESULT_SOURCES = [\n` +
        `  { id: "ex-1", compute: () => RESULTS["ex-1"] },\n` +
        (loop
          ? `  { id: "spin", source: "scripts/spin.ts", compute: () => { for (;;) {} } },\n`
          : "") +
        `];\n` +
        `export default fixtureSite("content", { scripts: import.meta.url });\n`,
    );
  await write(false);
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  const cache = join(dir, "_cache");
  try {
    const good = await runDeno(buildCommand({ src, dest, config, cache }));
    assertEquals(good.code, 0, good.stderr);
    // The result came back through the relay, into the page.
    assertMatch(
      await Deno.readTextFile(join(dest, "bptt/good/index.html")),
      /0\.123/,
    );
    const before = await snapshot(dest);
    await write(true);
    const { code, stderr } = await runDeno(
      buildCommand({ src, dest, config, cache }, ["--script-timeout", "1"]),
    );
    assertEquals(code, 1, stderr);
    assertOneLine(stderr);
    assertMatch(
      stderr,
      /scripts\/spin\.ts: compute\(\) did not finish within 1 s/,
    );
    // The process ended (the command returned): the spinning thread did not
    // keep it alive.
    assertEquals(changedFiles(before, await snapshot(dest)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task build: a template loop stopped at --render-timeout, --dest of the pages refused, a --dest not granted named with the command that grants it", async (t) => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const config = await writeConfig(dir);
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  const cache = join(dir, "_cache");
  const good = await runDeno(buildCommand({ src, dest, config, cache }));
  assertEquals(good.code, 0, good.stderr);
  const before = await snapshot(dest);
  const pages = await snapshot(src);

  await t.step("a template that loops forever", async () => {
    await Deno.writeTextFile(
      join(src, "bptt/a-loop.md"),
      page("title: Loop", "\n{{> while (true) {} }}\n"),
    );
    // The command returns at all: the loop never ends by itself.
    const { code, stderr } = await runDeno(
      buildCommand({ src, dest, config, cache }, ["--render-timeout", "2"]),
    );
    await Deno.remove(join(src, "bptt/a-loop.md"));
    assertEquals(code, 1, stderr);
    assertOneLine(stderr);
    assertMatch(
      stderr,
      new RegExp(
        `^error: ${
          join(src, "bptt/a-loop.md")
        }: rendering it took longer than 2 s`,
      ),
    );
    assertEquals(changedFiles(before, await snapshot(dest)), []);
    assertEquals(
      await stagingLeft(dest),
      [],
      "the staging folder is left",
    );
  });

  await t.step(
    "page code cannot start programs (the indexer is started before it)",
    async () => {
      const probe = join(src, "probe.md");
      await Deno.writeTextFile(
        probe,
        page(
          "title: Probe\nnav: false",
          '\nRun: {{ Deno.permissions.querySync({ name: "run" }).state }}\n',
        ),
      );
      const out = join(dir, "probe-out");
      const { code, stderr } = await runDeno(
        buildCommand({ src, dest: out, config, cache }),
      );
      await Deno.remove(probe);
      assertEquals(code, 0, stderr);
      const html = await Deno.readTextFile(join(out, "probe/index.html"));
      assertMatch(html, /Run: (prompt|denied)/);
    },
  );

  await t.step("--dest content (the pages)", async () => {
    const { code, stderr } = await runDeno(
      buildCommand({ src, dest: src, config, cache }),
    );
    assertEquals(code, 1, stderr);
    assertOneLine(stderr);
    assertMatch(
      stderr,
      /refusing to build into .*content\/ \(--dest\): it is the folder of the pages/,
    );
    assertEquals(changedFiles(pages, await snapshot(src)), []);
  });

  await t.step("a --dest the permissions do not grant", async () => {
    const elsewhere = await Deno.makeTempDir({ prefix: "notes-elsewhere-" });
    const flags = buildFlags(buildTask(), { src, config });
    const { code, stderr } = await runDeno([
      "run",
      "--no-prompt",
      ...flags,
      "scripts/site/cli.ts",
      "build",
      "--src",
      src,
      "--config",
      config,
      "--dest",
      join(elsewhere, "out"),
    ]);
    assertEquals(code, 1, stderr);
    assertOneLine(stderr);
    assertMatch(
      stderr,
      /the build may not (read|write) there .*; run it with those folders granted: deno run --no-prompt --allow-read=/,
    );
    await Deno.remove(elsewhere, { recursive: true });
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task build: a time limit in _config.ts that is not seconds from 0.1 to 86400 is one line naming it, the site untouched", async () => {
  const dir = await fixture({ ...BASE, "bptt/good.md": GOOD });
  await copyIncludes(dir);
  const fixtureModule = toFileUrl(resolve("tests/site/_fixture.ts")).href;
  const config = join(dir, "_config.ts");
  const src = join(dir, "content");
  const dest = join(dir, "_site");
  const cache = join(dir, "_cache");
  const write = (option: string) =>
    Deno.writeTextFile(
      config,
      `import { fixtureSite, RESULTS } from ${
        JSON.stringify(fixtureModule)
      };\n` +
        `export const RESULT_SOURCES = [{ id: "ex-1", compute: () => RESULTS["ex-1"] }];\n` +
        `const site = fixtureSite("content", { scripts: import.meta.url });\n` +
        `${option}\nexport default site;\n`,
    );
  try {
    await write("");
    const good = await runDeno(buildCommand({ src, dest, config, cache }));
    assertEquals(good.code, 0, good.stderr);
    const before = await snapshot(dest);
    const bad = [
      ['site.options.renderTimeout = "soon";', /renderTimeout .*found "soon"/],
      ["site.options.renderTimeout = 0;", /renderTimeout .*found 0$/],
      ["site.options.renderTimeout = Infinity;", /found Infinity$/],
      ["site.options.scriptTimeout = -1;", /scriptTimeout .*found -1$/],
      ['site.options.scriptTimeout = "60";', /scriptTimeout .*found "60"/],
    ] as const;
    for (const [option, says] of bad) {
      await write(option);
      // No cache: the script runs (and reads its limit) every time.
      const { code, stderr } = await runDeno(
        buildCommand({ src, dest, config, cache }, ["--no-cache"]),
      );
      assertEquals(code, 1, `${option}: ${stderr}`);
      assertOneLine(stderr);
      assertMatch(stderr.trim(), says, option);
      assertMatch(stderr, /expected seconds, a number from 0\.1 to 86400/);
      assertEquals(changedFiles(before, await snapshot(dest)), [], option);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
