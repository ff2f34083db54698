/**
 * The link check's readers of HTML: what is unsafe on a page, read as a
 * browser reads a tag (attribute names, values with entities), and what
 * only looks like it.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import {
  findUnsafe,
  linkTarget,
  sourceLine,
} from "../../scripts/site/plugins/check_links.ts";

const needles = (html: string) => findUnsafe(html).map((u) => u.needle);

Deno.test("an event handler is an attribute's name, never a word inside a value", () => {
  for (
    const html of [
      '<img alt="a ratio of one = 1" src="/a.png">',
      "<span title='turn it on=off'>x</span>",
      '<p data-note="x onclick=y">z</p>',
      // Text, not a tag.
      "<p>one = 1, only = 2</p>",
      // A name with no value runs nothing.
      "<input onfocus>",
    ]
  ) assertEquals(needles(html), [], html);
  assertEquals(needles('<p title="a > b" onclick="f()">'), ["onclick="]);
  assertEquals(needles('<p class="x"onclick="f()">'), ["onclick="]);
  assertEquals(needles("<p ONMOUSEOVER=f()>"), ["ONMOUSEOVER="]);
});

Deno.test("a javascript: URL is found however its scheme is written", () => {
  for (
    const [html, message] of [
      ['<a href="javascript:f()">', "javascript:"],
      ['<a href="  JavaScript:f()">', "JavaScript:"],
      ['<a href="java&#x09;script:f()">', "javascript:"],
      ['<a href="&#106;avascript&colon;f()">', "javascript:"],
      ['<a href="jav&#97;script&#58;f()">', "javascript:"],
      ['<a href="java\tscript:f()">', "javascript:"],
      ["<form action='vbscript:f()'>", "vbscript:"],
      ['<svg><a xlink:href="javascript:f()">', "javascript:"],
    ]
  ) {
    const found = findUnsafe(html);
    assertEquals(found.length, 1, html);
    assertEquals(
      found[0].message.includes(`a ${message} URL`),
      true,
      `${html}: ${found[0].message}`,
    );
  }
  // Words about the scheme are not a URL.
  for (
    const html of [
      '<p title="javascript: a scheme">x</p>',
      '<a href="/notes/javascript/">x</a>',
      "<p>write javascript: in no link</p>",
    ]
  ) assertEquals(needles(html), [], html);
});

Deno.test("an empty link is a problem, found at its line", () => {
  const link = (value: string) => ({ tag: "a", attribute: "href", value });
  assertEquals(
    linkTarget(link(""), "/a/", new Map())?.problem,
    'an empty link: <a href=""> leads nowhere (a Markdown link needs its target between the parentheses)',
  );
  assertEquals(linkTarget(link("#"), "/a/", new Map())?.problem, undefined);
  const page = (content: string) => ({
    src: "a.md",
    url: "/a/",
    data: {},
    content,
    line: 4,
    engine: "md" as const,
  });
  assertEquals(sourceLine(page("Text.\n\nSee [x]().\n"), ""), 6);
  assertEquals(sourceLine(page("Text.\nSee [x](<>).\n"), ""), 5);
  assertEquals(sourceLine(page('Text.\n\n<a href="">x</a>\n'), ""), 6);
});
