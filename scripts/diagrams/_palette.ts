/**
 * The colours a diagram's DOT may use. Graphviz knows nothing of CSS, so a
 * diagram names each colour by a placeholder hex value, and the build turns
 * it into the site's custom property (`var(--accent)`), which switches for
 * dark mode and print. Any other fixed colour in a drawn diagram is an error.
 *
 * @module
 */

/** The placeholder colours of DOT, by role. */
export const INK = {
  /** The text colour: lines, labels, arrows. */
  text: "#000000",
  /** Secondary lines and labels. */
  soft: "#010101",
  /** Hairlines and light fills. */
  rule: "#020202",
  /** The page background (fills that hide what is behind them). */
  bg: "#030303",
  /** A tinted background for boxes. */
  bgSoft: "#040404",
  /** What a diagram points at: a path, a highlighted term. */
  accent: "#050505",
  /** A second highlight. */
  link: "#060606",
} as const;

/** What each placeholder becomes in the SVG. */
export const INK_CSS: Record<string, string> = {
  [INK.text]: "currentColor",
  black: "currentColor",
  [INK.soft]: "var(--text-soft)",
  [INK.rule]: "var(--rule)",
  [INK.bg]: "var(--bg)",
  [INK.bgSoft]: "var(--bg-soft)",
  [INK.accent]: "var(--accent)",
  [INK.link]: "var(--link)",
};
