/**
 * What truncated BPTT costs against the truncation length `τ` (exercise
 * tbptt): the share of the double sum's terms it evaluates and of the states
 * it keeps in memory.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { TbpttResults } from "../exercises/tbptt.ts";
import {
  type ChartSpec,
  chartText,
  type ChartWords,
  type Row,
  translator,
} from "./types.ts";
import { tickLabel } from "../lib/format.ts";
import { WIDE, X_AXIS_MARGIN } from "./_layout.ts";
import { about, lineOf } from "./_words.ts";

/**
 * What the texts read off the rows, once for every language: T, the terms
 * of the double sum, and where each share starts.
 */
function factsOf(rows: Row[]) {
  const T = Math.max(...rows.map((row) => Number(row.tau)));
  const first = (measure: string) =>
    Number(lineOf(rows, "measure", measure, "tau")[0].share);
  return {
    T,
    terms: (T + 1) * (T + 2) / 2,
    statesFrom: about(first("states")),
    termsFrom: about(first("terms")),
  };
}

/** The second chart of exercise tbptt. */
export const chart: ChartSpec = {
  name: "tbptt-cost",
  exercise: "tbptt",
  title: "What truncation keeps",
  caption: (rows) => {
    const { T, terms } = factsOf(rows);
    return `Against τ (T = ${T}): the share of the ${terms} terms of the ` +
      "double sum that truncation after τ steps evaluates, " +
      "and the share of the states a learner must keep in memory to " +
      "compute it (τ + 1 of T + 1). Full BPTT by the backward recursion " +
      "does not evaluate the terms one by one; what truncation saves in " +
      "practice is the memory, and the wait for the end of the sequence.";
  },
  alt: (rows) => {
    const { T, statesFrom, termsFrom } = factsOf(rows);
    return `Line chart, share from 0 to 1 against τ from 0 to ${T}. The ` +
      "share of states kept rises in a straight line from about " +
      `${statesFrom} to 1. The share of terms evaluated ` +
      `starts at about ${termsFrom} and rises in a curve, ` +
      "bending over, to 1.";
  },
  fixed: [
    "τ + 1 of T + 1",
    "share from 0 to 1",
    "from 0 to",
    "to 1",
  ],
  words: {
    zh: {
      title: "截断保留了什么",
      caption: (rows) => {
        const { T, terms } = factsOf(rows);
        return `随 τ 的变化（T = ${T}）：在 τ 步后截断时实际计算的项占双重求和 ${terms} 项的比例，以及学习者为计算它而须保存在内存中的状态所占的比例（T + 1 个中的 τ + 1 个）。` +
          "完整的随时间反向传播用反向递推计算，并不逐项求值；截断在实践中节省的是内存，" +
          "以及等待序列结束的时间。";
      },
      alt: (rows) => {
        const { T, statesFrom, termsFrom } = factsOf(rows);
        return `折线图，纵轴为比例，从 0 到 1，横轴为 τ，从 0 到 ${T}。` +
          "保存的状态所占比例沿直线从约 " +
          `${statesFrom} 上升到 1。计算的项所占比例起点约为 ` +
          `${termsFrom}，沿一条逐渐变平的曲线上升到 1。`;
      },
      fixed: [
        "T + 1 个中的 τ + 1 个",
        "从 0 到 1",
        "从 0 到",
        "到 1",
      ],
      labels: {
        "τ, steps the gradient is carried back": "τ，梯度回传的步数",
        "share of full BPTT’s": "占完整 BPTT 的比例",
        "what": "内容",
        "terms of the double sum evaluated": "计算的双重求和项",
        "states kept in memory (τ + 1 of T + 1)":
          "保存在内存中的状态（T + 1 个中的 τ + 1 个）",
      },
    },
  },
  data(results: unknown): Row[] {
    return (results as TbpttResults).cost.map((row) => ({ ...row }));
  },
  plot(
    rows: Row[],
    document: Document,
    layout = WIDE,
    words: ChartWords = chart,
  ): Element {
    const t = translator(words);
    const measures = [...new Set(rows.map((row) => String(row.measure)))];
    return Plot.plot({
      document,
      width: layout.width,
      marginBottom: X_AXIS_MARGIN,
      ariaLabel: "Share of terms and of states kept against τ",
      ariaDescription: chartText(words.alt, rows),
      marginLeft: 60,
      marginRight: 20,
      height: 320,
      x: {
        label: t("τ, steps the gradient is carried back"),
        grid: true,
        tickFormat: tickLabel,
      },
      y: {
        label: t("share of full BPTT’s"),
        grid: true,
        domain: [0, 1],
        tickFormat: tickLabel,
      },
      color: {
        legend: true,
        domain: measures,
        label: t("what"),
        tickFormat: t,
      },
      marks: [
        Plot.line(rows, {
          x: "tau",
          y: "share",
          stroke: "measure",
          strokeWidth: 2,
        }),
      ],
    });
  },
};
