/**
 * Every chart of the site, by name. Add a chart module and list it here.
 *
 * @module
 */
import type { ChartSpec } from "./types.ts";

/** All charts. */
export const CHARTS: ChartSpec[] = [];
