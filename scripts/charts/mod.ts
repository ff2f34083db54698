/**
 * Every chart of the site, by name. Add a chart module and list it here.
 *
 * @module
 */
import type { ChartSpec } from "./types.ts";
import { chart as rnn2aTerms } from "./rnn-2a-terms.ts";
import { chart as rnn2cRegimes } from "./rnn-2c-regimes.ts";
import { chart as rnn3bRanges } from "./rnn-3b-ranges.ts";
import { chart as rnn3cGradientFlow } from "./rnn-3c-gradient-flow.ts";
import { chart as a33CostVsDepth } from "./a3-3-cost-vs-depth.ts";
import { chart as a34ErrorVsK } from "./a3-4-error-vs-k.ts";
import { chart as b3bDerivatives } from "./b3-b-derivatives.ts";
import { chart as n4JacobianNorms } from "./n4-jacobian-norms.ts";
import { chart as matrixPowersNorms } from "./matrix-powers-norms.ts";
import { chart as gradientFlowNorms } from "./gradient-flow-norms.ts";
import { chart as bpttTermsHeatmap } from "./bptt-terms-heatmap.ts";
import { chart as clipTraining } from "./clip-training.ts";
import { chart as tbpttError } from "./tbptt-error.ts";
import { chart as tbpttCost } from "./tbptt-cost.ts";
import { chart as gruGradientFlow } from "./gru-gradient-flow.ts";

/** All charts. */
export const CHARTS: ChartSpec[] = [
  rnn2aTerms,
  rnn2cRegimes,
  rnn3bRanges,
  rnn3cGradientFlow,
  a33CostVsDepth,
  a34ErrorVsK,
  b3bDerivatives,
  n4JacobianNorms,
  matrixPowersNorms,
  gradientFlowNorms,
  bpttTermsHeatmap,
  clipTraining,
  tbpttError,
  tbpttCost,
  gruGradientFlow,
];
