/**
 * # Explorer: powers of a 2×2 matrix
 *
 * Choose `W`, by its four entries or by its eigenvalues and the angle between
 * its eigenvectors, and watch `‖Wⁿ‖₂` as `n` grows: it falls to zero when
 * every eigenvalue is inside the unit circle, explodes when one is outside,
 * and stays bounded, grows linearly or rotates on the circle itself. When the
 * eigenvectors are far from perpendicular, `‖Wⁿ‖₂` first grows far above
 * `ρ(W)ⁿ` before it decays: the spectral radius decides the long run, not
 * the first steps.
 *
 * The default is the matrix of exercise rnn-2c,
 * `W = [[0.58, 0.24], [0.24, 0.72]]`, whose eigenvalues are 0.9 and 0.4.
 *
 * Pure functions of the settings, used by the site at build time and by the
 * browser; 2×2 only, with the closed forms of `scripts/lib` that need no
 * mathjs, so that the browser bundle stays small.
 *
 * @module
 */
import {
  type Complex,
  eigenvalues2x2,
  powerByEigendecomposition,
  spectralNorm2x2,
} from "../lib/eigen2x2.ts";
import { inverse2x2, matmul, matpow, type Matrix } from "../lib/matrix.ts";
import { numHtml } from "../site/plugins/numbers.ts";
import { formatNumberHtml } from "../lib/format.ts";
import {
  defaultSettings,
  type Explorer,
  explorerTranslator,
  readoutItem,
  type Settings,
  type Translate,
} from "./_controls.ts";

/** How `W` is given. */
export type MatrixMode = "matrix" | "eigen";

/** The settings of the explorer (also the keys of its query string). */
export interface MatrixPowersSettings extends Settings {
  /** `"matrix"`: the four entries; `"eigen"`: eigenvalues and angle. */
  mode: MatrixMode;
  /** The entries of `W`, row by row, when `mode` is `"matrix"`. */
  w11: number;
  w12: number;
  w21: number;
  w22: number;
  /** The eigenvalues, when `mode` is `"eigen"`. */
  l1: number;
  l2: number;
  /** The angle between the two eigenvectors, in degrees. */
  angle: number;
  /** The power whose matrix is shown. */
  n: number;
  /** The largest power in the chart: the setting `horizon`, or `n` when larger. */
  horizon: number;
}

/** The direction of the first eigenvector in eigenvalue mode: (3, 4)/5, as for the default `W`. */
export const FIRST_EIGENVECTOR: readonly [number, number] = [0.6, 0.8];

/** The names of the two lines of the chart. */
export const SERIES = {
  norm: "‖Wⁿ‖₂",
  radius: "ρ(W)ⁿ",
} as const;

/** One row of the chart: the size of one power. */
export interface MatrixPowersRow {
  n: number;
  /** Which line: {@link SERIES}. */
  series: string;
  value: number;
  /** True on the rows of the chosen power `n`. */
  chosen: boolean;
}

/** What {@link matrixPowers} returns. */
export interface MatrixPowersResults {
  mode: MatrixMode;
  /** `W`. */
  W: Matrix;
  /** Its eigenvalues: real (larger first) or a conjugate pair. */
  eigenvalues: Complex[];
  /** Which case: two real, a complex pair, repeated (diagonalizable or not). */
  eigenvalueKind: string;
  /** `ρ(W) = max |λ|`. */
  spectralRadius: number;
  /** `‖W‖₂`. */
  normW: number;
  /** The chosen power. */
  n: number;
  /** `Wⁿ`, by `n − 1` products. */
  Wn: Matrix;
  /** `‖Wⁿ‖₂`. */
  normAtN: number;
  /** `ρ(W)ⁿ`, the long-run rate. */
  radiusPowerAtN: number;
  /** The largest power in the chart: the setting `horizon`, or `n` when larger. */
  horizon: number;
  /** The largest `‖Wᵏ‖₂` for `0 ≤ k ≤ horizon` (ties within rounding go to the first `k`). */
  peak: { n: number; norm: number };
  /** The data of the chart `matrix-powers-norms`. */
  rows: MatrixPowersRow[];
}

/**
 * `W` from the settings: the typed entries, or `Q diag(λ₁, λ₂) Q⁻¹` with
 * unit eigenvectors `q₁ = (0.6, 0.8)` and `q₂` turned from `q₁` by the
 * angle. At 90° the eigenvectors are perpendicular and `W` is symmetric.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { matrixOf } from "./matrix-powers.ts";
 * const W = matrixOf({ mode: "eigen", l1: 0.9, l2: 0.4, angle: 90 });
 * assertAlmostEquals(W[0][1], 0.24, 1e-15); // the matrix of exercise rnn-2c
 * ```
 */
export function matrixOf(
  settings:
    & Pick<
      MatrixPowersSettings,
      "mode" | "l1" | "l2" | "angle"
    >
    & Partial<MatrixPowersSettings>,
): Matrix {
  if (settings.mode === "matrix") {
    const { w11 = 0, w12 = 0, w21 = 0, w22 = 0 } = settings;
    return [[w11, w12], [w21, w22]];
  }
  return powerByEigendecomposition(eigenbasis(settings), 1);
}

/** `Q`, `Λ` and `Q⁻¹` of eigenvalue mode. */
function eigenbasis(
  { l1, l2, angle }: Pick<MatrixPowersSettings, "l1" | "l2" | "angle">,
) {
  const [x, y] = FIRST_EIGENVECTOR;
  const turn = (angle * Math.PI) / 180;
  const second = [
    x * Math.cos(turn) - y * Math.sin(turn),
    x * Math.sin(turn) + y * Math.cos(turn),
  ];
  const Q = [[x, second[0]], [y, second[1]]];
  return { values: [l1, l2], Q, Qinv: inverse2x2(Q) };
}

/**
 * Name the case of the eigenvalues: a 2×2 matrix with one repeated
 * eigenvalue is diagonalizable only if it is `λI`; otherwise it is a Jordan
 * block in disguise and `‖Wⁿ‖` grows like `n ρⁿ⁻¹`.
 */
function eigenvalueKind(W: Matrix, eigenvalues: Complex[]): string {
  const [a, b] = eigenvalues;
  if (a.im !== 0) return "a complex pair: Wⁿ turns as it scales";
  if (a.re !== b.re) return "two real eigenvalues";
  return W[0][1] === 0 && W[1][0] === 0
    ? "one repeated eigenvalue: W = λI"
    : "one repeated eigenvalue, not diagonalizable: ‖Wⁿ‖ behaves like n ρⁿ⁻¹";
}

/**
 * Switching how `W` is given keeps `W`: from the eigenvalues to the entries,
 * the entries of the `W` shown (to 6 significant digits); from the entries
 * to the eigenvalues, when `W` has two real eigenvalues in the sliders'
 * range, those eigenvalues and the angle between the eigenvectors (a `W`
 * with the same powers' norms: the two differ by a rotation or reflection
 * of the plane, and the sliders' steps). Any other change is left as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { carryMatrix, DEFAULTS } from "./matrix-powers.ts";
 * const eigen = { ...DEFAULTS, mode: "eigen" as const, l1: 0.5, l2: 0.2, angle: 90 };
 * const entries = carryMatrix(eigen, { ...eigen, mode: "matrix" });
 * assertEquals([entries.w11, entries.w12, entries.w21, entries.w22], [0.308, 0.144, 0.144, 0.392]);
 * ```
 */
export function carryMatrix(
  previous: MatrixPowersSettings,
  next: MatrixPowersSettings,
): MatrixPowersSettings {
  if (previous.mode === next.mode) return next;
  if (next.mode === "matrix") {
    // Back to the entries with the eigenvalues as they were carried from
    // them: the typed entries come back as typed.
    const typed = carryMatrix({ ...next, mode: "matrix" }, {
      ...previous,
      mode: "eigen",
    });
    if (
      typed.l1 === previous.l1 && typed.l2 === previous.l2 &&
      typed.angle === previous.angle
    ) return next;
    const [[w11, w12], [w21, w22]] = matrixOf(previous).map((row) =>
      row.map((x) => Number(x.toPrecision(6)))
    );
    return { ...next, w11, w12, w21, w22 };
  }
  const W = matrixOf(previous);
  const [a, b] = eigenvalues2x2(W);
  if (a.im !== 0 || a.re === b.re) return next;
  const [l1, l2] = [a.re, b.re].sort((p, q) => q - p);
  if (Math.max(Math.abs(l1), Math.abs(l2)) > 1.5) return next;
  // An eigenvector of λ is orthogonal to a row of W − λI that is not zero.
  const direction = (l: number) => {
    const rows = [[W[0][0] - l, W[0][1]], [W[1][0], W[1][1] - l]];
    const [p, q] = Math.hypot(...rows[0]) >= Math.hypot(...rows[1])
      ? rows[0]
      : rows[1];
    return Math.atan2(p, -q);
  };
  let angle = Math.abs(direction(l2) - direction(l1)) * 180 / Math.PI % 180;
  if (angle > 90) angle = 180 - angle;
  return {
    ...next,
    l1: Math.round(l1 * 100) / 100,
    l2: Math.round(l2 * 100) / 100,
    angle: Math.min(179, Math.max(1, Math.round(angle))),
  };
}

/**
 * Every number of the explorer for the given settings.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * import { matrixPowers, DEFAULTS } from "./matrix-powers.ts";
 * const results = matrixPowers({ ...DEFAULTS, mode: "matrix", w11: 1, w12: 1, w21: 0, w22: 1, n: 5 });
 * assertEquals(results.Wn, [[1, 5], [0, 1]]); // a shear: Wⁿ = [[1, n], [0, 1]]
 * assertAlmostEquals(results.spectralRadius, 1, 0);
 * ```
 */
export function matrixPowers(
  settings: MatrixPowersSettings,
): MatrixPowersResults {
  const W = matrixOf(settings);
  // In eigenvalue mode the eigenvalues are the ones chosen; from the entries
  // they are the roots of the characteristic polynomial.
  const eigenvalues: Complex[] = settings.mode === "eigen"
    ? [settings.l1, settings.l2]
      .sort((p, q) => q - p)
      .map((re) => ({ re, im: 0 }))
    : eigenvalues2x2(W);
  const spectralRadius = Math.max(
    ...eigenvalues.map((z) => Math.hypot(z.re, z.im)),
  );
  const { n } = settings;
  // The chart reaches n when n is beyond the chosen horizon: its marker
  // never leaves the chart.
  const horizon = Math.max(settings.horizon, n);
  const rows: MatrixPowersRow[] = [];
  let power = matpow(W, 0);
  let peak = { n: 0, norm: spectralNorm2x2(power) };
  for (let k = 0; k <= horizon; k++) {
    if (k > 0) power = matmul(power, W);
    const norm = spectralNorm2x2(power);
    // A new peak must beat the old one by more than rounding (a projection's
    // powers all have norm 1, give or take a few units in the last place).
    if (norm > peak.norm * (1 + 1e-9)) peak = { n: k, norm };
    rows.push({ n: k, series: SERIES.norm, value: norm, chosen: k === n });
    rows.push({
      n: k,
      series: SERIES.radius,
      value: spectralRadius ** k,
      chosen: k === n,
    });
  }
  const Wn = matpow(W, n);
  return {
    mode: settings.mode,
    W,
    eigenvalues,
    eigenvalueKind: settings.mode === "eigen"
      ? settings.l1 === settings.l2
        ? "one repeated eigenvalue: W = λI"
        : "two real eigenvalues"
      : eigenvalueKind(W, eigenvalues),
    spectralRadius,
    normW: spectralNorm2x2(W),
    n,
    Wn,
    normAtN: spectralNorm2x2(Wn),
    radiusPowerAtN: spectralRadius ** n,
    horizon,
    peak,
    rows,
  };
}

/**
 * A matrix as a grid of numbers (the markup of the results page), with the
 * full values in `data-nums`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { matrixHtml } from "./matrix-powers.ts";
 * assertEquals(
 *   matrixHtml([[1, -0.5]]),
 *   '<span class="matrix" style="--columns: 2" data-nums="1 -0.5" data-digits="4"><span>1</span> <span>−0.5</span></span>',
 * );
 * ```
 */
export function matrixHtml(m: Matrix, digits = 4): string {
  // An entry 10¹² times smaller than the largest is the rounding residue of
  // a zero (−7.105e-15 in W³ of a rotation): it is shown as 0.
  const largest = Math.max(...m.flat().map(Math.abs));
  const values = m.flat().map((x) => Math.abs(x) < largest * 1e-12 ? 0 : x);
  return `<span class="matrix" style="--columns: ${m[0].length}" data-nums="${
    values.join(" ")
  }" data-digits="${digits}">${
    // Spaced, so that the search index reads the entries apart (the grid
    // shows no space between its items).
    values.map((x) => `<span>${formatNumberHtml(x, digits)}</span>`).join(
      " ",
    )}</span>`;
}

/** An eigenvalue as HTML: `0.9`, or `0.5 ± 0.5i` for a conjugate pair. */
function complexHtml(z: Complex): string {
  if (z.im === 0) return numHtml(z.re);
  return `${numHtml(z.re)} ± ${numHtml(Math.abs(z.im))}<i>i</i>`;
}

/** The numbers of the explorer as HTML, for the read-out beside the controls. */
export function readout(
  results: MatrixPowersResults,
  t: Translate = explorerTranslator({}),
): string {
  const { eigenvalues: [l1, l2], n } = results;
  const power = `W<sup>${n}</sup>`;
  const eigen = l1.im !== 0
    ? `λ = ${complexHtml(l1)}`
    : `λ₁ = ${numHtml(l1.re)}, λ₂ = ${numHtml(l2.re)}`;
  return `<dl class="readout-list">${
    [
      readoutItem("W", matrixHtml(results.W)),
      readoutItem(
        t("eigenvalues"),
        `${eigen} <span class="readout-note">${
          t("({0})", t(results.eigenvalueKind))
        }</span>`,
      ),
      readoutItem(t("spectral radius ρ(W)"), numHtml(results.spectralRadius)),
      readoutItem("‖W‖₂", numHtml(results.normW)),
      readoutItem(power, matrixHtml(results.Wn)),
      readoutItem(
        `‖${power}‖₂`,
        `${
          numHtml(results.normAtN)
        } <span class="readout-note">(ρ<sup>${n}</sup> = ${
          numHtml(results.radiusPowerAtN)
        })</span>`,
      ),
      readoutItem(
        t("largest ‖Wⁿ‖₂, 0 ≤ n ≤ {0}", results.horizon),
        t(
          "{0} at n = {1}",
          numHtml(results.peak.norm),
          numHtml(results.peak.n),
        ),
      ),
    ].join("")
  }</dl>`;
}

/** The explorer: controls, computation and read-out. */
export const explorer: Explorer<MatrixPowersSettings, MatrixPowersResults> = {
  id: "matrix-powers",
  title: "Settings of the matrix powers explorer",
  chart: "matrix-powers-norms",
  fieldsets: [
    {
      legend: "The matrix W",
      controls: [{
        kind: "select",
        name: "mode",
        label: "Give W by",
        options: [
          { value: "matrix", label: "its four entries" },
          { value: "eigen", label: "its eigenvalues and eigenvectors" },
        ],
        default: "matrix",
      }],
    },
    {
      legend: "Entries of W",
      when: { name: "mode", value: "matrix" },
      layout: "matrix",
      controls: ([
        ["w11", "row 1, column 1", 0.58],
        ["w12", "row 1, column 2", 0.24],
        ["w21", "row 2, column 1", 0.24],
        ["w22", "row 2, column 2", 0.72],
      ] as const).map(([name, label, value]) => ({
        kind: "number" as const,
        name,
        label,
        min: -10,
        max: 10,
        step: "any" as const,
        default: value,
      })),
    },
    {
      legend: "Eigenvalues and eigenvectors",
      when: { name: "mode", value: "eigen" },
      controls: [
        {
          kind: "range",
          name: "l1",
          label: "eigenvalue λ₁",
          min: -1.5,
          max: 1.5,
          step: 0.01,
          default: 0.9,
        },
        {
          kind: "range",
          name: "l2",
          label: "eigenvalue λ₂",
          min: -1.5,
          max: 1.5,
          step: 0.01,
          default: 0.4,
        },
        {
          kind: "range",
          name: "angle",
          label: "angle between the eigenvectors",
          min: 1,
          max: 179,
          step: 1,
          default: 90,
          unit: "°",
        },
      ],
    },
    {
      legend: "Powers",
      controls: [
        {
          kind: "range",
          name: "n",
          label: "the power n shown",
          min: 0,
          max: 200,
          step: 1,
          default: 30,
        },
        {
          kind: "range",
          name: "horizon",
          label: "largest n in the chart",
          min: 10,
          max: 200,
          step: 10,
          default: 60,
        },
      ],
    },
  ],
  presets: [
    {
      label: "Nearly parallel eigenvectors",
      values: { mode: "eigen", l1: 0.9, l2: 0.4, angle: 5 },
    },
    {
      label: "Jordan block [[1, 1], [0, 1]]",
      values: { mode: "matrix", w11: 1, w12: 1, w21: 0, w22: 1 },
    },
    {
      label: "Rotation [[0, −1], [1, 0]]",
      values: { mode: "matrix", w11: 0, w12: -1, w21: 1, w22: 0 },
    },
  ],
  carry: carryMatrix,
  compute: matrixPowers,
  readout,
  words: {
    zh: {
      "Settings of the matrix powers explorer": "矩阵幂交互演示的设定",
      "The matrix W": "矩阵 W",
      "Give W by": "W 的给法",
      "its four entries": "给出四个元素",
      "its eigenvalues and eigenvectors": "给出特征值与特征向量",
      "Entries of W": "W 的元素",
      "row 1, column 1": "第 1 行第 1 列",
      "row 1, column 2": "第 1 行第 2 列",
      "row 2, column 1": "第 2 行第 1 列",
      "row 2, column 2": "第 2 行第 2 列",
      "Eigenvalues and eigenvectors": "特征值与特征向量",
      "eigenvalue λ₁": "特征值 λ₁",
      "eigenvalue λ₂": "特征值 λ₂",
      "angle between the eigenvectors": "两个特征向量的夹角",
      "Powers": "幂次",
      "the power n shown": "显示的幂次 n",
      "largest n in the chart": "图中最大的 n",
      "Nearly parallel eigenvectors": "几乎平行的特征向量",
      "Jordan block [[1, 1], [0, 1]]": "若尔当块 [[1, 1], [0, 1]]",
      "Rotation [[0, −1], [1, 0]]": "旋转 [[0, −1], [1, 0]]",
      "eigenvalues": "特征值",
      "({0})": "（{0}）",
      "a complex pair: Wⁿ turns as it scales":
        "一对共轭复数：Wⁿ 在缩放的同时旋转",
      "two real eigenvalues": "两个实特征值",
      "one repeated eigenvalue: W = λI": "一个二重特征值：W = λI",
      "one repeated eigenvalue, not diagonalizable: ‖Wⁿ‖ behaves like n ρⁿ⁻¹":
        "一个二重特征值，不可对角化：‖Wⁿ‖ 的变化如同 n ρⁿ⁻¹",
      "spectral radius ρ(W)": "谱半径 ρ(W)",
      "largest ‖Wⁿ‖₂, 0 ≤ n ≤ {0}": "0 ≤ n ≤ {0} 中最大的 ‖Wⁿ‖₂",
      "{0} at n = {1}": "{0}，在 n = {1} 处",
    },
  },
};

/** The default settings: the matrix of exercise rnn-2c, `n = 30`. */
export const DEFAULTS: MatrixPowersSettings = defaultSettings(explorer);
