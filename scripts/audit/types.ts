/**
 * The shape of an erratum, shared by the audit modules (one per seed) and the
 * errata page, and the few helpers the audit modules share.
 *
 * @module
 */
import {
  add,
  type Matrix,
  relativeError,
  type Vector,
  zeros,
} from "../lib/mod.ts";

/** A computed value: a number, a vector or a small matrix. */
export type AuditValue = number | Vector | Matrix;

/** The source solutions, by file name (in `../shared/seeds/`). */
export const SEED_FILES = {
  s000: "000_b523738f708d2513.txt",
  s001: "001_ce0c9f8b9dfcbdfd.txt",
  s002: "002_852a3f8dd90ed756.txt",
  s003: "003_3e11785897c87e52.txt",
  s004: "004_db333bbe9832a644.txt",
} as const;

/** One demonstrated discrepancy between a seed and the truth. */
export interface Erratum {
  /** A stable slug, prefixed by the source's number (`"000-q-typo"`). */
  id: string;
  /** A short title, TeX allowed. */
  title: string;
  /** The source's file name. */
  seed: string;
  /** Other seeds that contain the same text (for the shared problem statement). */
  alsoIn: string[];
  /**
   * Where the text comes from: the problem statement as the source restates it,
   * the source's own solution, or a passage it quotes from elsewhere.
   */
  part: "statement" | "solution" | "quotation";
  /** Section or equation in the source. */
  location: string;
  /** What the source says, quoted briefly (translated when Chinese); TeX in `$…$`. */
  says: string;
  /** What is right. */
  right: string;
  /** When the source is ambiguous: which reading we checked (empty otherwise). */
  reading: string;
  /** The concrete case on which both versions were evaluated. */
  case: string;
  /** What `seedValue` and `correctValue` are. */
  quantity: string;
  /** Significant digits to show the two values with (4 when absent). */
  digits?: number;
  /** The quantity by the source's version. */
  seedValue: AuditValue;
  /** The quantity by the correct version. */
  correctValue: AuditValue;
  /** How far apart they are (see `measure`); always positive. */
  difference: number;
  /** How `difference` is measured. */
  measure: string;
  /** Further computed numbers of the case worth showing (a counterexample's values, …). */
  details?: { label: string; value: AuditValue }[];
  /** `"wrong"`: a false formula or claim; `"imprecise"`: true only under a reading, or a slip. */
  severity: "wrong" | "imprecise";
  /** Ids of the catalogue exercises it concerns (`["rnn-2c"]`). */
  exercises: string[];
  /** The test that demonstrates it. */
  test: { file: string; name: string };
}

/** What a seed gets right, each claim checked by a test. */
export interface CorrectClaims {
  /** The source's file name. */
  seed: string;
  /** A short description of the source. */
  title: string;
  /** The claims, one sentence each; TeX in `$…$`. */
  claims: string[];
}

/** A claim we did not check, and why. */
export interface UncheckedClaim {
  seed: string;
  location: string;
  says: string;
  why: string;
}

/**
 * How an erratum names the notes' one error measure (defined on the notation
 * page): the relative error of the source's value against the right one.
 */
export const RELATIVE_ERROR =
  "[relative error](/notation/#relative-error), max |source − right| / max |right|";

/**
 * The relative error of `a` (what a source solution writes) against `b` (the
 * right value): `max |a − b| / max |b|`, the notes' one error measure
 * (`relativeError` of the library), here also for single numbers.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { relativeDifference } from "./types.ts";
 * assertEquals(relativeDifference([[1, 0]], [[2, 0]]), 0.5);
 * assertEquals(relativeDifference(5, 4), 0.25);
 * ```
 */
export function relativeDifference(a: AuditValue, b: AuditValue): number {
  return relativeError(
    typeof a === "number" ? [a] : a,
    typeof b === "number" ? [b] : b,
  );
}

/**
 * `x` rounded to `digits` decimals (by `toFixed`), as a seed prints it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { roundTo } from "./types.ts";
 * assertEquals(roundTo(0.9 ** 30, 8), 0.04239116);
 * ```
 */
export function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/**
 * The sum of `rows × cols` matrices, added one by one from the zero matrix
 * (which is also the sum of none): a selection of BPTT terms, for instance.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { sumMatrices } from "./types.ts";
 * assertEquals(sumMatrices([[[1, 2]], [[3, 4]]], 1, 2), [[4, 6]]);
 * assertEquals(sumMatrices([], 1, 2), [[0, 0]]);
 * ```
 */
export function sumMatrices(ms: Matrix[], rows: number, cols: number): Matrix {
  return ms.reduce((acc, m) => add(acc, m), zeros(rows, cols));
}
