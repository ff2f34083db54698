// Self-check, as progressive enhancement: each `form.check` of an exercise
// page carries the computed value (full precision, `data-expected`) and the
// tolerance (`data-tolerance`, a relative error; absolute when the value is
// 0). The student types a value and the page says whether it matches and by
// how much it is off. Nothing is sent anywhere. Without this script the
// fields stay disabled and a note says why. The messages are in the page's
// language (`<html lang>`): one table a language in MESSAGES, a number tied
// to its Chinese word by a no-break space (\u00a0) as the build ties the
// page's own text.
globalThis.addEventListener("DOMContentLoaded", () => {
  const forms = document.querySelectorAll("form.check[data-expected]");
  if (!forms.length) return;
  document.documentElement.classList.add("has-self-check");
  for (const form of forms) {
    const input = form.querySelector("input");
    const output = form.querySelector("output");
    for (const control of form.querySelectorAll("input, button")) {
      control.disabled = false;
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const verdict = judge(
        input.value,
        Number(form.dataset.expected),
        Number(form.dataset.tolerance),
      );
      output.textContent = verdict.text;
      form.dataset.verdict = verdict.kind;
      input.setAttribute("aria-invalid", String(verdict.kind !== "match"));
    });
  }
});

/**
 * Read what a student types: `0.015`, `-1.5e-3`, `1.5×10^-3`, `9/10`, a
 * power copied from the page (`1.5×10⁻³`), or full-width characters and an
 * ideographic full stop from a Chinese input method (`０。０１５`).
 */
function parse(text) {
  const clean = text.normalize("NFKC").trim()
    .replace(/(\d)\u3002(?=\d)/g, "$1.") // 。 between digits: a decimal point
    .replace(/\u3002$/, "") // and at the end, the sentence's
    .replace(/\u2044/g, "/") // the fraction slash of ½
    .replace(/[\u2212\u2013]/g, "-") // the minus sign, an en dash
    .replace(/[\s\u00a0\u2009\u202f]/g, "")
    .replace(/^(-?\d+),(\d+)$/, "$1.$2") // a decimal comma
    .replace(/(?:[×x*·]10\^?|E)/, "e")
    .replace(/e\(?([+-]?\d+)\)?$/, "e$1");
  const fraction = /^([+-]?[\d.]+(?:e[+-]?\d+)?)\/([+-]?[\d.]+(?:e[+-]?\d+)?)$/
    .exec(clean);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(clean)) return NaN;
  return Number(clean);
}

/** A small number in words: two significant digits, `×10⁻⁵` for powers. */
function short(x) {
  if (x === 0) return "0";
  const [mantissa, exponent] = x.toExponential(1).split("e");
  const power = Number(exponent);
  if (power >= -3 && power < 5) return String(Number(x.toPrecision(2)));
  const superscript = String(power).replace(/-/g, "\u207b").replace(
    /\d/g,
    (d) => "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"[d],
  );
  return `${mantissa}\u00d710${superscript}`;
}

/**
 * A relative error as a percentage, its number written as `short` writes
 * one: `0.0054%`, and `1.6×10⁻¹³%` for a value typed to the last digit
 * (not JavaScript's `1.6e-13%`).
 */
function percent(x) {
  return `${short(x * 100)}%`;
}

/** The messages, by language; a language left out gets the English. */
const MESSAGES = {
  en: {
    empty: "Type a number first.",
    unreadable: (typed) =>
      `\u201c${typed}\u201d is not a number I can read: ` +
      "write it as 0.0153, -1.5e-3 or 9/10.",
    exact: "the exact value",
    absolute: (at) => `a difference of at most ${at}`,
    relative: (at) => `a relative error of at most ${at}`,
    same: "exactly the computed value",
    lastDigits: "the computed value, to the last digits a number holds",
    off: (by, relative, high) =>
      `off by ${by}` + (relative ? ` (relative error ${relative})` : "") +
      `, ${high ? "too high" : "too low"}`,
    match: (by, allowed) =>
      `\u2713 Matches: ${by}; the check allows ${allowed}.`,
    mismatch: (by, allowed) =>
      `\u2717 Does not match: ${by}; the check allows ${allowed}.`,
  },
  zh: {
    empty: "请先输入一个数。",
    unreadable: (typed) =>
      `\u201c${typed}\u201d无法识别为数：` +
      "请写成\u00a00.0153、-1.5e-3 或 9/10 这样的形式。",
    exact: "精确值",
    absolute: (at) => `绝对误差不超过\u00a0${at}`,
    relative: (at) => `相对误差不超过\u00a0${at}`,
    same: "与计算值完全相同",
    lastDigits: "与计算值相同，差别只在数的末位",
    off: (by, relative, high) =>
      `${high ? "偏大" : "偏小"}\u00a0${by}` +
      (relative ? `（相对误差\u00a0${relative}）` : ""),
    match: (by, allowed) => `\u2713 相符：${by}；本题允许${allowed}。`,
    mismatch: (by, allowed) => `\u2717 不相符：${by}；本题允许${allowed}。`,
  },
};

/** The messages of the page's language. */
function messages() {
  const lang = (document.documentElement.lang || "en").split("-")[0];
  return MESSAGES[lang] ?? MESSAGES.en;
}

/** Compare a typed value with the computed one. */
function judge(text, expected, tolerance) {
  const say = messages();
  if (!text.trim()) return { kind: "empty", text: say.empty };
  const value = parse(text);
  if (!Number.isFinite(value)) {
    return { kind: "unreadable", text: say.unreadable(text.trim()) };
  }
  const off = Math.abs(value - expected);
  const relative = expected === 0 ? off : off / Math.abs(expected);
  const allowed = tolerance === 0
    ? say.exact
    : expected === 0
    ? say.absolute(short(tolerance))
    : say.relative(percent(tolerance));
  // Numbers are doubles: a count typed exactly matches exactly, and a
  // decimal typed in full matches to the last bit or so.
  const rounding = 4 * Number.EPSILON;
  const matches = relative <= tolerance + rounding;
  // A difference in the last bits is the computation's rounding, not the
  // reader's: 0.25 typed for a maximum found as 0.24999999999999997. (Of a
  // 0 there are no last bits: any difference is the reader's.)
  const by = off === 0
    ? say.same
    : expected !== 0 && relative <= rounding
    ? say.lastDigits
    : say.off(
      short(off),
      expected === 0 ? "" : percent(relative),
      value > expected,
    );
  return matches
    ? { kind: "match", text: say.match(by, allowed) }
    : { kind: "mismatch", text: say.mismatch(by, allowed) };
}
