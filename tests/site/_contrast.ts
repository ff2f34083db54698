/**
 * Colour contrast for axe-core to judge: every text of a page, each pair of
 * colours once.
 *
 * axe's `color-contrast` rule works out the colours behind each text element
 * one at a time: on a page of formulas some 1,700 elements and half of axe's
 * time, though on the whole site the texts share 23 pairs of colours a theme.
 * And it gives up ("incomplete", which a test reads as a pass) on every text
 * over a gradient: the formulas, tables and code listings in the boxes whose
 * background draws the scroll shadows, a fifth of the site's text, were
 * never judged.
 *
 * So before axe runs, {@link markContrastChecks}:
 * - takes the gradients off (`data-contrast-flat`): they are drawn at a
 *   box's edges, over its surface colour (the every-page test checks that
 *   they are that colour), and the text is read against the surface;
 * - gives each visible text element a signature, all that decides its
 *   contrast when nothing else is drawn over it (its colours, what lies
 *   behind it up to the first opaque background, its size and weight, the
 *   length of its text, whether it is clipped), and marks
 *   (`data-contrast-check`) one element of each signature not yet in `seen`;
 * - marks every element whose contrast depends on more: under a translucent,
 *   filtered or blended ancestor, over an image or a pseudo-element's
 *   background, or overlapped by a positioned, floating or transformed box.
 *
 * `axeViolations` then has axe's rule check the marked elements only, and
 * puts the gradients back. A signature seen on an earlier page of the run is
 * not checked again: its contrast is the same number.
 *
 * @module
 */

/** What lies behind an element, and whether more than colours decide it. */
interface Behind {
  background: string;
  complex: boolean;
}

/**
 * In the page (passed to `page.evaluate`): take the gradients off, mark the
 * text elements axe is to check and return the signatures of those marked
 * for being new (the others are not worth remembering).
 */
export function markContrastChecks(seenBefore: string[]): string[] {
  const TRANSPARENT = "rgba(0, 0, 0, 0)";
  const seen = new Set(seenBefore);
  const fresh: string[] = [];
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (element: Element) => {
    let computed = styles.get(element);
    if (!computed) {
      computed = getComputedStyle(element);
      styles.set(element, computed);
    }
    return computed;
  };
  for (const element of document.querySelectorAll("[data-contrast-check]")) {
    element.removeAttribute("data-contrast-check");
  }
  if (!document.getElementById("contrast-flat")) {
    const sheet = document.createElement("style");
    sheet.id = "contrast-flat";
    sheet.textContent =
      "[data-contrast-flat] { background-image: none !important; }";
    document.head.append(sheet);
  }
  const overlays: [Element, DOMRect][] = [];
  for (const element of document.body.querySelectorAll("*")) {
    const computed = style(element);
    if (/gradient\(/.test(computed.backgroundImage)) {
      element.setAttribute("data-contrast-flat", "");
    }
    if (
      computed.position !== "static" || computed.float !== "none" ||
      computed.transform !== "none"
    ) overlays.push([element, element.getBoundingClientRect()]);
  }
  // The elements whose ::before or ::after a style sheet may give a
  // background (only a style sheet styles them): asking each element for
  // its pseudo-elements' styles would cost half of this function's time.
  const painters = new Set<Element>();
  const visit = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if ("cssRules" in rule) visit((rule as CSSGroupingRule).cssRules);
      if (!(rule instanceof CSSStyleRule)) continue;
      if (!/:(before|after)\b/.test(rule.selectorText)) continue;
      const { background, backgroundColor, backgroundImage } = rule.style;
      if (!background && !backgroundColor && !backgroundImage) continue;
      try {
        const selector = rule.selectorText.replace(/::?(before|after)\b/g, "");
        for (const element of document.querySelectorAll(selector)) {
          painters.add(element);
        }
      } catch {
        // A selector the browser reads only with its pseudo-element.
      }
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      visit(sheet.cssRules);
    } catch {
      // Another origin's sheet: this site has none.
    }
  }
  const paintsPseudo = (element: Element) =>
    painters.has(element) &&
    ["::before", "::after"].some((pseudo) => {
      const computed = getComputedStyle(element, pseudo);
      return computed.content !== "none" && computed.content !== "normal" &&
        (computed.backgroundColor !== TRANSPARENT ||
          computed.backgroundImage !== "none");
    });
  const behindCache = new Map<Element, Behind>();
  const behind = (element: Element | null): Behind => {
    if (!element) return { background: "canvas", complex: false };
    const cached = behindCache.get(element);
    if (cached) return cached;
    const computed = style(element);
    const parent = behind(element.parentElement);
    const color = computed.backgroundColor;
    // Chromium writes an sRGB colour as rgb() when opaque, rgba() when not;
    // a colour in another form is left to axe.
    const opaque = color.startsWith("rgb(");
    const known = opaque || color.startsWith("rgba(");
    const result = {
      background: color === TRANSPARENT
        ? parent.background
        : opaque
        ? color
        : `${color} over ${parent.background}`,
      // Opacity, filters and blending reach every descendant, whatever
      // background lies between.
      complex: parent.complex || !known || computed.opacity !== "1" ||
        computed.filter !== "none" || computed.mixBlendMode !== "normal" ||
        computed.backgroundImage !== "none" || paintsPseudo(element),
    };
    behindCache.set(element, result);
    return result;
  };
  // The part of the page an element's clipping ancestors leave in view.
  const clipCache = new Map<Element, DOMRect | null>();
  const clipOf = (element: Element | null): DOMRect | null => {
    if (!element) return null;
    if (clipCache.has(element)) return clipCache.get(element)!;
    const outer = clipOf(element.parentElement);
    const computed = style(element);
    let clip = outer;
    if (computed.overflowX !== "visible" || computed.overflowY !== "visible") {
      const own = element.getBoundingClientRect();
      clip = outer
        ? new DOMRect(
          Math.max(own.left, outer.left),
          Math.max(own.top, outer.top),
          Math.max(
            0,
            Math.min(own.right, outer.right) - Math.max(own.left, outer.left),
          ),
          Math.max(
            0,
            Math.min(own.bottom, outer.bottom) - Math.max(own.top, outer.top),
          ),
        )
        : own;
    }
    clipCache.set(element, clip);
    return clip;
  };
  const done = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || done.has(element) || !node.textContent?.trim()) continue;
    done.add(element);
    if (
      !element.checkVisibility({
        opacityProperty: true,
        visibilityProperty: true,
      })
    ) continue;
    const computed = style(element);
    const what = behind(element);
    const box = element.getBoundingClientRect();
    const overlaid = overlays.some(([other, rect]) =>
      rect.left < box.right && box.left < rect.right &&
      rect.top < box.bottom && box.top < rect.bottom && other !== element &&
      !other.contains(element) && !element.contains(other)
    );
    if (what.complex || overlaid) {
      element.setAttribute("data-contrast-check", "");
      continue;
    }
    const clip = clipOf(element.parentElement);
    const clipped = clip !== null &&
      (box.left < clip.left || box.right > clip.right ||
        box.top < clip.top || box.bottom > clip.bottom);
    const text = element.textContent.trim();
    const signature = [
      element.namespaceURI,
      element.closest("button, input, select, textarea, option, label")
        ?.localName ?? "",
      !!element.closest("[disabled], [aria-disabled='true']"),
      computed.color,
      computed.getPropertyValue("-webkit-text-fill-color"),
      computed.getPropertyValue("-webkit-text-stroke"),
      computed.fill,
      computed.textShadow,
      what.background,
      computed.fontSize,
      computed.fontWeight,
      text.length === 1,
      /[\p{L}\p{N}]/u.test(text),
      clipped,
    ].join("|");
    if (!seen.has(signature)) {
      seen.add(signature);
      fresh.push(signature);
      element.setAttribute("data-contrast-check", "");
    }
  }
  return fresh;
}

/** In the page: put back what {@link markContrastChecks} took off. */
export function unmarkContrastChecks(): void {
  for (
    const element of document.querySelectorAll(
      "[data-contrast-check], [data-contrast-flat]",
    )
  ) {
    element.removeAttribute("data-contrast-check");
    element.removeAttribute("data-contrast-flat");
  }
  document.getElementById("contrast-flat")?.remove();
}
