/**
 * Make a Plot drawing one accessible image: its main SVG gets `role="img"`
 * and the chart's alt text as its name, Plot's labels of the parts go, and
 * the small SVGs of the legend are hidden from assistive technology. Used by
 * the build (`scripts/site/plugins/charts.ts`) and by the explorers in the browser,
 * so that a chart redrawn in the browser is marked up like the one built.
 *
 * @module
 */
import { plainSubscripts, subscriptTexts } from "./_subscripts.ts";

/**
 * Label the drawing `element` (an SVG, or Plot's `<figure>` of legend and
 * SVG) in place; returns its main SVG, or `undefined` when it drew none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseHTML } from "linkedom";
 * import { labelChart } from "./_label.ts";
 * const { document } = parseHTML(
 *   '<figure><svg class="plot-1a-ramp"><g></g></svg><svg class="plot-1a"><g aria-label="dot"></g></svg></figure>',
 * );
 * const svg = labelChart(document.querySelector("figure")!, "Dots");
 * assertEquals(svg?.getAttribute("class"), "plot-1a"); // not the legend's ramp
 * assertEquals(svg?.getAttribute("aria-label"), "Dots");
 * assertEquals(svg?.getAttribute("role"), "img");
 * ```
 */
export function labelChart(element: Element, alt: string): Element | undefined {
  // Ticks and legends are plain text: `h_t` is written `hₜ`.
  subscriptTexts(element);
  const svgs = element.tagName.toLowerCase() === "svg"
    ? [element]
    : [...element.querySelectorAll("svg")];
  // The main plot's class is `plot-<hash>`; a legend's is `plot-<hash>-ramp`
  // (a colour ramp) or its swatches have none.
  const main =
    svgs.find((svg) =>
      /(^|\s)plot-[0-9a-f]+(\s|$)/.test(svg.getAttribute("class") ?? "") &&
      svg.querySelector("g")
    ) ?? svgs[0];
  if (!main) return undefined;
  // The SVG is one image with one name: Plot's labels of its parts go.
  for (
    const part of main.querySelectorAll("[aria-label], [aria-description]")
  ) {
    part.removeAttribute("aria-label");
    part.removeAttribute("aria-description");
  }
  main.setAttribute("role", "img");
  main.setAttribute("aria-label", plainSubscripts(alt));
  main.removeAttribute("aria-description");
  for (const svg of svgs) {
    if (svg !== main) svg.setAttribute("aria-hidden", "true");
  }
  return main;
}
