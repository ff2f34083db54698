/**
 * Math as the search index reads it: a formula's MathML, read by Pagefind,
 * is its symbols run together (`ft=1` for $f_t = 1$), and in a heading
 * Pagefind drops it altogether ("Gates held at ,"). So each formula gets a
 * readable plain-text twin, made from its TeX (`f_t = 1`, `∂L/∂W`,
 * `[0.58, 0.24; 0.24, 0.72]`), in an element with the `hidden` attribute:
 * no browser shows it and no screen reader reads it, and Pagefind indexes it
 * instead of the MathML (the search plugin leaves out a formula that follows
 * its twin). A figure's caption, rendered inline, asks for them with
 * `{ searchTwins: true }` in its environment.
 *
 * @module
 */
import type { Site } from "../core/site.ts";
import { escapeHtml } from "./_format.ts";
import { formatNumberText } from "../../lib/format.ts";
import type { StateCore, Token } from "./_markdown_it.ts";

/**
 * Add a hidden plain-text twin after every formula (but a lone symbol
 * outside a heading).
 */
export function searchText() {
  return (site: Site) => {
    site.markdownItPlugins.push((md) =>
      md.core.ruler.push("search_text", (state: StateCore) => {
        // A fragment rendered inline (a self-check's label) is left alone,
        // but for a figure's caption, which asks for the twins.
        if (state.inlineMode && !state.env?.searchTwins) return;
        const tokens: Token[] = state.tokens;
        for (let i = tokens.length - 1; i >= 0; i--) {
          const token = tokens[i];
          if (token.type === "math_block") {
            const twin = new state.Token("html_block", "", 0);
            twin.content = `<div hidden>${
              readableTexHtml(token.content)
            }</div>\n`;
            tokens.splice(i + 1, 0, twin);
          } else if (token.type === "inline" && token.children) {
            const children: Token[] = token.children ?? [];
            const inHeading = tokens[i - 1]?.type === "heading_open";
            for (let j = children.length - 1; j >= 0; j--) {
              if (!children[j].type.startsWith("math_inline")) continue;
              // A lone symbol ($W$, $n$) needs no twin: the index reads its
              // one letter from the MathML (the pagefind plugin leaves out
              // only a formula after its twin). In a heading it keeps its
              // twin, so that the hit reads whole.
              if (
                !inHeading && [...readableTex(children[j].content)].length <= 1
              ) continue;
              const html = `<span hidden>${
                readableTexHtml(children[j].content)
              }</span>`;
              if (children[j].type === "math_inline") {
                // Inside the formula's box, before the punctuation it keeps
                // (math.ts), so that the index reads them in order.
                (children[j].meta ??= {}).twin = html;
              } else {
                const twin = new state.Token("html_inline", "", 0);
                twin.content = html;
                children.splice(j + 1, 0, twin);
              }
            }
          }
        }
      })
    );
  };
}

const SYMBOLS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  eta: "η",
  theta: "θ",
  lambda: "λ",
  Lambda: "Λ",
  mu: "μ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  Sigma: "Σ",
  tau: "τ",
  phi: "φ",
  varphi: "φ",
  psi: "ψ",
  omega: "ω",
  partial: "∂",
  nabla: "∇",
  sum: "∑",
  prod: "∏",
  infty: "∞",
  odot: "⊙",
  otimes: "⊗",
  cdot: "·",
  times: "×",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  propto: "∝",
  pm: "±",
  mp: "∓",
  angle: "∠",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  Rightarrow: "⇒",
  Longrightarrow: "⟹",
  mapsto: "↦",
  in: "∈",
  dots: "…",
  ldots: "…",
  cdots: "⋯",
  top: "⊤",
  lVert: "‖",
  rVert: "‖",
  Vert: "‖",
  lvert: "|",
  rvert: "|",
  mid: "|",
  R: "ℝ",
};

/**
 * A formula's TeX as plain text that reads like it: subscripts with `_`,
 * Greek letters and operators as Unicode, fractions with `/`, matrices as
 * `[a, b; c, d]`, numbers of the `tex` filter as shown, no backslash left.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { readableTex } from "./search_text.ts";
 * assertEquals(readableTex("f_t = 1"), "f_t = 1");
 * assertEquals(readableTex("\\frac{\\partial L}{\\partial W_{hh}}"), "∂L/(∂W_hh)");
 * assertEquals(readableTex("\\frac{\\partial E}{\\partial W_{\\mathrm{rec}}}"), "∂E/(∂W_rec)");
 * assertEquals(readableTex("\\sigma' \\le \\frac14"), "σ' ≤ 1/4");
 * assertEquals(readableTex("J = \\frac1N \\sum_n e_n"), "J = 1/N ∑_n e_n");
 * assertEquals(readableTex("\\rho(W) \\le \\|W\\|_2"), "ρ(W) ≤ ‖W‖_2");
 * assertEquals(readableTex("W_{\\mathrm{rec}}h_{t-1}"), "W_rec h_t-1");
 * assertEquals(readableTex("x \\in \\{0, 1\\}"), "x ∈ {0, 1}");
 * // A `<` is the formula's, not a tag's.
 * assertEquals(readableTex("a < 1 \\\\ b > 2"), "a < 1; b > 2");
 * assertEquals(readableTex("a \\\\{b} = \\{c\\}"), "a; b = {c}");
 * assertEquals(
 *   readableTex("\\begin{bmatrix} \\htmlData{num=0.5}{0.5} & 1 \\\\ 2 & 3 \\end{bmatrix}"),
 *   "[0.5, 1; 2, 3]",
 * );
 * ```
 */
/**
 * Every `\frac` (`\dfrac`, `\tfrac`) with its two arguments in braces, as
 * TeX reads them: a group, a command, or one character (`\frac1N` is
 * `\frac{1}{N}`).
 */
function bracedFractions(tex: string): string {
  const command = /\\[dt]?frac(?![A-Za-z])/g;
  let out = "";
  let at = 0;
  for (let match; (match = command.exec(tex));) {
    let i = match.index + match[0].length;
    const args: string[] = [];
    for (let n = 0; n < 2; n++) {
      while (i < tex.length && /\s/.test(tex[i])) i++;
      if (i >= tex.length) break;
      if (tex[i] === "{") {
        let depth = 0;
        const start = i;
        for (; i < tex.length; i++) {
          if (tex[i] === "{") depth++;
          else if (tex[i] === "}" && --depth === 0) break;
        }
        args.push(tex.slice(start + 1, i));
        i++;
      } else if (tex[i] === "\\") {
        const word = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))![0];
        args.push(word);
        i += word.length;
      } else args.push(tex[i++]);
    }
    if (args.length < 2) continue; // not TeX: left as it is
    out += `${tex.slice(at, match.index)}${match[0]}{${args[0]}}{${args[1]}}`;
    at = i;
    command.lastIndex = i;
  }
  return out + tex.slice(at);
}

export function readableTex(tex: string): string {
  return readable(tex).replace(
    MARKED,
    (_, value, digits, shown) => asText(value, digits, shown),
  );
}

/**
 * {@link readableTex} as HTML for the page. The numbers of the `num` and
 * `tex` filters are plain text, written by the notes' rule: the twin is
 * hidden, and the formula it stands beside carries each number's full value
 * (`data-num`) for readers and the tests (a third of a twin's bytes were
 * those marks, and a page held up to 6 KiB of them).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { readableTexHtml } from "./search_text.ts";
 * assertEquals(
 *   readableTexHtml("L = \\htmlData{num=0.123456,digits=4}{0.1235} < 1"),
 *   "L = 0.1235 &lt; 1",
 * );
 * assertEquals(
 *   readableTexHtml("\\htmlData{num=52379.38,digits=4}{5.238 \\times 10^{4}}"),
 *   "5.238\u202f×\u202f10⁴",
 * );
 * ```
 */
export function readableTexHtml(tex: string): string {
  return escapeHtml(readable(tex)).replace(
    MARKED,
    (_, value: string, digits: string, shown: string) =>
      asText(value, digits, shown),
  );
}

/**
 * A marked number as plain text, by the notes' rule (`1.5 × 10⁻⁴`, not the
 * TeX it was typeset from); what was shown when the mark holds no number.
 */
function asText(value: string, digits: string, shown: string): string {
  const x = Number(value);
  return value.trim() !== "" && Number.isFinite(x)
    ? formatNumberText(x, digits ? Number(digits) : undefined)
    : shown;
}

/** Letters of `\mathbb`. */
const DOUBLE_STRUCK: Record<string, string> = {
  R: "ℝ",
  N: "ℕ",
  Z: "ℤ",
  E: "𝔼",
  "1": "𝟙",
};

/** Commands that only set out a formula: a twin drops them. */
const LAYOUT =
  /\\(hline|textstyle|displaystyle|scriptstyle|allowbreak|nobreak|limits|nolimits|strut)(?![A-Za-z])/g;

// A marked number inside the text: private-use characters around its value,
// its digits and what is shown, which no step below touches.
const MARKED =
  /\uE000([^\uE001\uE003]*)\uE003([^\uE001]*)\uE001([^\uE002]*)\uE002/g;

function readable(tex: string): string {
  let text = bracedFractions(tex)
    // A row's end (with the space after it, `\\[4pt]`) first: in `\\{`
    // the brace opens a group.
    .replace(/\\\\(\[[^\]]*\])?/g, "\uE006")
    // Braces shown (`\{0, 1\}`) are kept apart from those of groups.
    .replace(/\\\{/g, "\uE004")
    .replace(/\\\}/g, "\uE005")
    // Numbers written by the num and tex filters: as shown, value kept.
    .replace(
      /<span data-num="([^"]+)"(?: data-digits="(\d+)")?[^>]*>(.*?)<\/span>/g,
      "\uE000$1\uE003$2\uE001$3\uE002",
    )
    // What is left of the filters' markup (a `<` of the formula is no tag).
    .replace(/<\/?span\b[^>]*>/g, "")
    .replace(
      /\\htmlData\{num=([^,}]*)(?:,digits=(\d+))?\}\{((?:[^{}]|\{[^{}]*\})*)\}/g,
      "\uE000$1\uE003$2\uE001$3\uE002",
    )
    .replace(/\\htmlData\{[^}]*\}/g, "")
    .replace(/\\(label|eqref|tag)\{[^}]*\}/g, "")
    // A matrix as [a, b; c, d]; the columns of an alignment as spaces.
    .replace(
      /\\begin\{[pbvB]?matrix\}([\s\S]*?)\\end\{[pbvB]?matrix\}/g,
      (_, body: string) =>
        `[${body.replace(/\uE006/g, ";").replace(/&/g, ",")}]`,
    )
    .replace(/\\(begin|end)\{[a-z*]+\}(\{[^}]*\})?/g, " ")
    .replace(/\uE006/g, ";")
    .replace(/&/g, " ")
    .replace(/\\(left|right|big|Big|bigl|bigr|Bigl|Bigr|biggl|biggr)\b/g, "")
    // Commands of layout only: nothing to read.
    .replace(/\\def\\arraystretch\{[^}]*\}/g, "")
    .replace(LAYOUT, "")
    .replace(/\\\|/g, "‖")
    .replace(/\\(q?quad)(?![A-Za-z])/g, " ")
    // A font's argument is its text (`W_{\mathrm{rec}}` is `W_rec`).
    .replace(
      /\\(operatorname|mathrm|text|mathbf|mathit|boldsymbol|mathcal)\s*\{([^{}]*)\}/g,
      "$2",
    )
    .replace(
      /\\(operatorname|mathrm|text|mathbf|mathit|boldsymbol|mathcal)\b/g,
      "",
    )
    .replace(
      /\\(tilde|hat|bar)\s*\{?([A-Za-z])\}?/g,
      (_, accent, letter) =>
        letter +
        { tilde: "\u0303", hat: "\u0302", bar: "\u0304" }[accent as string],
    )
    .replace(
      /\\mathbb\s*\{?([A-Za-z0-9])\}?/g,
      (_, letter: string) => DOUBLE_STRUCK[letter] ?? letter,
    )
    // A brace's label in brackets after what it marks.
    .replace(
      /\\(?:underbrace|overbrace)\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*[_^]\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g,
      "$1 ($2)",
    )
    .replace(/\\[,;:! ]|~/g, " ");
  // Symbols first (but the commands that take arguments), then groups
  // from the innermost out: a sub- or superscript loses its braces,
  // \frac{a}{b} becomes (a)/(b), a single symbol bare.
  text = text.replace(
    /\\([A-Za-z]+)/g,
    (command, name) =>
      /^[dt]?frac$|^sqrt$/.test(name) ? command : SYMBOLS[name] ?? name,
  );
  const wrap = (part: string) => {
    const bare = part.replace(/\s+/g, "");
    return [...bare].length <= 2 && !/[+\-=]/.test(bare)
      ? bare
      : `(${part.trim()})`;
  };
  for (let guard = 0; guard < 100; guard++) {
    const next = text
      // A letter right after a script starts a new symbol: `W_rec h`.
      .replace(
        /([_^])\{([^{}]*)\}(\p{L})?/gu,
        (_, mark, inner, next = "") =>
          `${mark}${inner.replace(/\s+/g, "")}${next && ` ${next}`}`,
      )
      .replace(
        /\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g,
        (_, a, b) => `${wrap(a)}/${wrap(b)}`,
      )
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, "√($1)");
    if (next === text) break;
    text = next;
  }
  text = text
    .replace(/[{}]/g, "")
    .replace(/\uE004/g, "{")
    .replace(/\uE005/g, "}")
    .replace(/\s*([,;])\s*/g, "$1 ")
    .replace(/\s+/g, " ")
    .replace(/\[\s+/g, "[")
    .replace(/\s+\]/g, "]")
    .trim();
  // "∂ L" reads as "∂L".
  return text.replace(/∂ (?=\w)/gu, "∂");
}

export default searchText;
