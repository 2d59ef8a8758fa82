/**
 * When a run can stop before its last epoch because its verdict (verdict.ts)
 * can no longer change in a way that matters:
 * - the loss or the validation loss is NaN/Inf: "diverges" whatever follows;
 * - a fix of a static finding has reached its target (the accuracy that
 *   counts as learning, or for regression 0.6 × the loss of predicting the
 *   mean) in two epochs running (the model as written and the mechanical
 *   fixes train on: their later epochs are where an oscillating loss or a
 *   late divergence shows, and the fixes are compared over the same epochs);
 * - every epoch so far is at chance and, for the last three epochs, the
 *   predictions have been the same for every input (or the validation loss
 *   bit-identical): the run is "cannot learn" now, and a model whose output
 *   does not depend on its input does not start learning later.
 * Each reason is said in the result, with the numbers.
 */
import type { TrainingPlan } from './spec';
import type { RunSoFar } from './tfjs/train';
import { fmt2, learningMargin } from './verdict';

/** Epochs the "cannot learn" evidence must hold, and epochs at the target for "learns". */
const STUCK_EPOCHS = 3;
const TARGET_EPOCHS = 2;
/** Regression target, as in verdict.ts: the validation loss at most this share of the mean's. */
const REGRESSION_TARGET = 0.6;

export interface RunFacts {
  /** A fix of a static finding may stop once it learns; other runs only once they are stuck or diverge. */
  stopWhenLearning: boolean;
  task: 'classification' | 'regression';
  majorityRate: number;
  validationSize: number;
  hasBatchNorm: boolean;
}

const lastN = <T>(xs: T[], n: number) => (xs.length >= n ? xs.slice(-n) : null);

export function settledVerdict(run: RunSoFar, facts: RunFacts): string | null {
  const h = run.history;
  const epochs = h.loss.length;
  const at = epochs ? h.loss.length - 1 : -1;
  if (at < 0) return null;
  if (!Number.isFinite(h.loss[at]) || !Number.isFinite(h.val_loss[at]))
    return `the loss is ${Number.isNaN(h.loss[at]) || Number.isNaN(h.val_loss[at]) ? 'NaN' : 'infinite'}, from which training does not recover`;
  if (facts.task === 'regression') {
    const base = run.baselineLoss;
    if (base === undefined || !Number.isFinite(base)) return null;
    const tail = lastN(h.val_loss, TARGET_EPOCHS);
    if (facts.stopWhenLearning && tail?.every((l) => l <= REGRESSION_TARGET * base))
      return `the validation loss has been below ${+(REGRESSION_TARGET * base).toPrecision(3)} (${REGRESSION_TARGET} × the loss of predicting the mean) for ${TARGET_EPOCHS} epochs`;
    const stuck = lastN(run.predictions, STUCK_EPOCHS);
    if (stuck?.every((p) => p.constant) && h.val_loss.every((l) => l >= 0.9 * base))
      return `the predictions have been the same for every input for ${STUCK_EPOCHS} epochs, at the loss of predicting the mean`;
    return null;
  }
  const target = facts.majorityRate + learningMargin(facts.majorityRate, facts.validationSize);
  const reached = (xs: number[]) =>
    facts.stopWhenLearning && (lastN(xs, TARGET_EPOCHS)?.every((a) => a >= target) ?? false);
  if (reached(h.val_accuracy))
    return `the accuracy has been at least ${fmt2(target)} (chance ${fmt2(facts.majorityRate)} plus the margin) for ${TARGET_EPOCHS} epochs`;
  if (facts.hasBatchNorm && reached(h.accuracy))
    return `the training accuracy has been at least ${fmt2(target)} (chance ${fmt2(facts.majorityRate)} plus the margin) for ${TARGET_EPOCHS} epochs`;
  const atChance = [...h.accuracy, ...h.val_accuracy].every((a) => a <= target);
  if (!atChance) return null;
  const predictions = lastN(run.predictions, STUCK_EPOCHS);
  if (predictions?.every((p) => p.constant))
    return `every prediction has been ${predictions[predictions.length - 1].firstRow.length === 1 ? predictions[predictions.length - 1].firstRow[0].toPrecision(3) : 'the same'} for every input for ${STUCK_EPOCHS} epochs, at chance accuracy`;
  const losses = lastN(h.val_loss, STUCK_EPOCHS);
  if (losses?.every((l) => Object.is(l, losses[0])))
    return `the validation loss has been identical for ${STUCK_EPOCHS} epochs (no gradient reaches the weights), at chance accuracy`;
  return null;
}

/** Whether runs may stop early (off for `--all-epochs` and the parity benchmark, which compares full curves). */
export const stopsEarly = (plan: TrainingPlan) => plan.stopEarly !== false;
