/**
 * The BPTT terms explorer's chart: the Frobenius norm of every term `(t, k)`
 * of `∂L/∂W = Σ_t Σ_{k ≤ t} ∂L_t/∂h_t · ∂h_t/∂h_k · ∂⁺h_k/∂W` as a heat map,
 * one colour per decade. Drawn at build time for the default setting and in
 * the browser for the reader's.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { BpttTermsResults } from "../explorers/bptt-terms.ts";
import {
  type ChartSpec,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { formatNumberText } from "../lib/format.ts";
import { WIDE } from "./_layout.ts";
import { decadeTicks, logDomain, logTick } from "./_log_domain.ts";

/** The chart of the BPTT terms explorer. */
export const chart: ChartSpec = {
  name: "bptt-terms-heatmap",
  exercise: "bptt-terms",
  title: "The size of each term of the double sum",
  caption: "Each cell is one term ∂Lₜ/∂hₜ · ∂hₜ/∂hₖ · ∂⁺hₖ/∂W of ∂L/∂W: the " +
    "row is the loss Lₜ, the column the step k where W acts directly, and " +
    "the colour the decade of its Frobenius norm (darker is larger), " +
    "written in the cell. The diagonal k = t holds the terms that do not " +
    "travel back at all; each column further left goes back one more step " +
    "through a factor diag(act′(zⱼ)) W. Before any change, T = 10, the " +
    "activation is the sigmoid and ‖W‖₂ = 2.",
  alt:
    "Heat map of a triangle of cells, rows t from 0 to T, columns k from 0 " +
    "to t. For the default setting the cells on the diagonal are the " +
    "darkest and the colour fades by about one decade every two or three " +
    "steps to the left, so the terms reaching furthest back are the " +
    "smallest; the numbers above the chart give the values for the current " +
    "setting.",
  // The explorer's default settings.
  fixed: ["T = 10", "‖W‖₂ = 2", "from 0 to"],
  words: {
    zh: {
      title: "双重求和中每一项的大小",
      caption:
        "每个格子是 ∂L/∂W 的一项 ∂Lₜ/∂hₜ · ∂hₜ/∂hₖ · ∂⁺hₖ/∂W：行是损失 Lₜ，" +
        "列是 W 直接起作用的时间步 k，颜色是该项弗罗贝尼乌斯范数的数量级（越深越大），数值写在格子里。" +
        "对角线 k = t 上是完全不回传的项；每向左一列，就多回溯一步，多乘一个因子 diag(act′(zⱼ)) W。" +
        "未作任何改动时，T = 10，激活函数为 sigmoid，‖W‖₂ = 2。",
      alt: "由格子组成的三角形热图，行 t 从 0 到 T，列 k 从 0 到 t。" +
        "在默认设定下，对角线上的格子颜色最深，每向左两三步颜色约变浅一个数量级，" +
        "所以回溯得最远的项最小；图上方的数给出当前设定下的值。",
      fixed: ["T = 10", "‖W‖₂ = 2", "从 0 到"],
      labels: {
        "step k where W acts directly": "W 直接起作用的时间步 k",
        "loss Lₜ, row t": "损失 Lₜ，第 t 行",
        "Frobenius norm of the term": "该项的弗罗贝尼乌斯范数",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as BpttTermsResults).rows.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const T = Math.max(...rows.map((row) => Number(row.t)));
    const steps = Array.from({ length: T + 1 }, (_, i) => i);
    const [low, high] = logDomain(rows.map((row) => Number(row.norm)));
    // One colour a decade, or a band of 2, 5, 10, … decades when the norms
    // span many: a legend of at most 6 ticks (4 on a phone) that do not
    // overlap, whatever the setting.
    const decades = decadeTicks([low, high], layout.narrow ? 4 : 6)
      .filter((tick) => tick > low && tick < high);
    if (decades.length === 0) decades.push(high);
    const color = {
      type: "threshold" as const,
      domain: decades,
      scheme: "blues" as const,
    };
    // Dark cells get white text, light cells black: by the cell's colour.
    const scale = Plot.scale({ color });
    const dark = (row: Row) => luminance(scale.apply(row.norm)) < 0.35;
    // Each cell names its norm where a cell is wide enough for 12-pixel text
    // (on a phone, for small T); the CSV has every number.
    const marginLeft = 50;
    const cellWidth = (layout.width - marginLeft - 20) / (T + 1);
    const text = (rows: Row[], fill: string) =>
      cellWidth < 56 ? [] : [
        Plot.text(rows, {
          x: "k",
          y: "t",
          text: (row: Row) => formatNumberText(Number(row.norm), 1),
          fill,
          fontSize: 12,
        }),
      ];
    return Plot.plot({
      document,
      width: layout.width,
      ariaLabel: "Heat map of the norms of the BPTT terms",
      marginLeft,
      marginRight: 20,
      marginBottom: 40,
      // Square cells at most 34 units high: a phone's map is no taller than wide.
      height: 60 + Math.min(34, cellWidth) * (T + 1),
      padding: 0.06,
      x: { label: t("step k where W acts directly"), domain: steps },
      y: { label: t("loss Lₜ, row t"), domain: steps },
      color: {
        ...color,
        legend: true,
        label: t("Frobenius norm of the term"),
        tickFormat: logTick,
      },
      marks: [
        Plot.cell(rows, { x: "k", y: "t", fill: "norm", inset: 0.5 }),
        ...text(rows.filter(dark), "white"),
        ...text(rows.filter((row) => !dark(row)), "black"),
      ],
    });
  },
};

/** The relative luminance of a `#rrggbb` or `rgb(r, g, b)` colour, 0 to 1. */
function luminance(color: string): number {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const rgb = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  const parts = hex
    ? hex.slice(1).map((h) => parseInt(h, 16))
    : rgb
    ? rgb.slice(1).map(Number)
    : [255, 255, 255];
  const [r, g, b] = parts.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
