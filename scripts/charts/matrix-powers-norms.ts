/**
 * The matrix powers explorer's chart: `‖Wⁿ‖₂` and `ρ(W)ⁿ` against `n` on a
 * log scale, the chosen power marked. Drawn at build time for the default
 * setting (the matrix of exercise rnn-2c) and in the browser for the
 * reader's.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type MatrixPowersResults,
  SERIES,
} from "../explorers/matrix-powers.ts";
import {
  type ChartSpec,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { logAxis, logTick } from "./_log_domain.ts";

/** The chart of the matrix powers explorer. */
export const chart: ChartSpec = {
  name: "matrix-powers-norms",
  exercise: "matrix-powers",
  title: "The size of Wⁿ against n",
  caption:
    "The spectral norm ‖Wⁿ‖₂ (solid) and the n-th power of the spectral " +
    "radius ρ(W) = max |λ| (dashed) against n, on a log scale, for the W " +
    "set above; the vertical rule marks the power n whose matrix is shown. " +
    "Before any change, W is the matrix of exercise rnn-2c, whose " +
    "eigenvectors are perpendicular, so the two lines coincide: " +
    "‖Wⁿ‖₂ = 0.9ⁿ. The powers of zero entries (a nilpotent W) are left out " +
    "of the log scale.",
  alt: "Line chart with a logarithmic vertical axis: the size of the powers " +
    "of W against n. For the default matrix both lines fall in a straight " +
    "line, by a factor 0.9 per step; the numbers above the chart give the " +
    "values for the current setting.",
  // The explorer's default W, of eigenvalues 0.9 and 0.4.
  fixed: ["0.9ⁿ", "factor 0.9"],
  words: {
    zh: {
      title: "Wⁿ 的大小随 n 的变化",
      caption:
        "对上面设定的 W，谱范数 ‖Wⁿ‖₂（实线）与谱半径 ρ(W) = max |λ| 的 n 次幂（虚线）随 n 的变化，" +
        "对数坐标；竖线标出读数中所示矩阵的幂次 n。未作任何改动时，W 是习题 rnn-2c 的矩阵，" +
        "其特征向量相互垂直，所以两条线重合：‖Wⁿ‖₂ = 0.9ⁿ。" +
        "取值为零的幂（W 幂零时）不画在对数坐标上。",
      alt: "折线图，纵轴为对数坐标：W 的各次幂的大小随 n 的变化。" +
        "对默认矩阵，两条线都沿直线下降，每步乘以因子 0.9；图上方的数给出当前设定下的值。",
      fixed: ["0.9ⁿ", "因子 0.9"],
      labels: {
        "power n": "幂次 n",
        "size (log scale)": "大小（对数坐标）",
        "line": "线",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as MatrixPowersResults).rows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const shown = rows.filter((row) => Number(row.value) > 0);
    const chosen = shown.filter((row) => row.chosen);
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Size of the powers of W against n, log scale",
      marginLeft: 60,
      marginRight: 20,
      height: 360,
      x: { label: t("power n"), grid: true, tickFormat: tickLabel },
      y: {
        ...logAxis(
          shown.map((row) => Number(row.value)),
          layout.narrow ? 5 : 7,
        ),
        label: t("size (log scale)"),
        grid: true,
        tickFormat: logTick,
      },
      color: {
        legend: true,
        domain: [SERIES.norm, SERIES.radius],
        label: t("line"),
      },
      marks: [
        Plot.ruleY([1], { stroke: "currentColor", strokeOpacity: 0.4 }),
        Plot.ruleX(chosen.slice(0, 1), {
          x: "n",
          stroke: "currentColor",
          strokeOpacity: 0.5,
          strokeDasharray: "2,3",
        }),
        Plot.line(shown.filter((row) => row.series === SERIES.norm), {
          x: "n",
          y: "value",
          stroke: "series",
          strokeWidth: 2,
        }),
        // Dashed, on top: where the two lines coincide both stay visible.
        Plot.line(shown.filter((row) => row.series === SERIES.radius), {
          x: "n",
          y: "value",
          stroke: "series",
          strokeWidth: 2,
          strokeDasharray: "6,6",
        }),
        Plot.dot(chosen.filter((row) => row.series === SERIES.norm), {
          x: "n",
          y: "value",
          fill: "series",
          r: 4,
        }),
      ],
    });
  },
};
