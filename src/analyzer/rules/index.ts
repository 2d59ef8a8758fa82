/** The rule catalog, in the order rules run and are documented. */
import { accuracyRegressionLoss } from './accuracy-regression-loss';
import { binaryLossMulticlass } from './binary-loss-multiclass';
import { boundedOutputRegression } from './bounded-output-regression';
import { categoricalLossIntegerLabels } from './categorical-loss-integer-labels';
import { categoricalLossSingleUnit } from './categorical-loss-single-unit';
import { earlyStoppingUnknownMetric } from './early-stopping-unknown-metric';
import { inputRankMismatch } from './input-rank-mismatch';
import { inputShapeDataMismatch } from './input-shape-data-mismatch';
import { inputsNotScaled } from './inputs-not-scaled';
import { classLabelsScaled } from './class-labels-scaled';
import { inputShapeIgnored } from './input-shape-ignored';
import { largeDenseAfterFlatten } from './large-dense-after-flatten';
import { learningRateTooHigh } from './learning-rate-too-high';
import { logitsActivationMismatch } from './logits-activation-mismatch';
import { lossRejectsLabelDtype } from './loss-rejects-label-dtype';
import { missingFlatten } from './missing-flatten';
import { negativeDimension } from './negative-dimension';
import { outputNotProbability } from './output-not-probability';
import { outputShapeTargetMismatch } from './output-shape-target-mismatch';
import { outputUnitsMismatch } from './output-units-mismatch';
import { regressionLossClassLabels } from './regression-loss-class-labels';
import { returnSequencesSingleLabel } from './return-sequences-single-label';
import type { Rule } from './rule';
import { sigmoidCategoricalLoss } from './sigmoid-categorical-loss';
import { softmaxMultiLabel } from './softmax-multi-label';
import { softmaxSingleUnit } from './softmax-single-unit';
import { sparseLossOneHotLabels } from './sparse-loss-one-hot-labels';
import { stackedLinearLayers } from './stacked-linear-layers';
import { unknownActivation } from './unknown-activation';
import { unknownLoss } from './unknown-loss';
import { unknownMetric } from './unknown-metric';
import { unknownOptimizer } from './unknown-optimizer';

export const RULES: readonly Rule[] = [
  softmaxSingleUnit,
  categoricalLossSingleUnit,
  sparseLossOneHotLabels,
  categoricalLossIntegerLabels,
  lossRejectsLabelDtype,
  outputUnitsMismatch,
  negativeDimension,
  inputRankMismatch,
  inputShapeDataMismatch,
  outputShapeTargetMismatch,
  outputNotProbability,
  boundedOutputRegression,
  returnSequencesSingleLabel,
  unknownLoss,
  unknownActivation,
  unknownOptimizer,
  unknownMetric,
  binaryLossMulticlass,
  missingFlatten,
  logitsActivationMismatch,
  sigmoidCategoricalLoss,
  regressionLossClassLabels,
  softmaxMultiLabel,
  inputsNotScaled,
  classLabelsScaled,
  accuracyRegressionLoss,
  earlyStoppingUnknownMetric,
  learningRateTooHigh,
  inputShapeIgnored,
  stackedLinearLayers,
  largeDenseAfterFlatten,
];

export type { Rule } from './rule';
