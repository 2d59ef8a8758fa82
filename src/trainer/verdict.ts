/**
 * The verdict on one training run, from what the model does rather than from
 * the loss alone: predictions that are the same for every input, accuracy
 * stuck at the majority-class rate, a loss that is bit-identical every epoch
 * (no gradient), NaN/Inf (diverges), versus clearly learning.
 *
 * Why not the loss: Keras 3 computes binary crossentropy from the cached
 * pre-softmax logits, so a 1-unit softmax model's loss falls towards 0 while
 * its accuracy stays at chance; tfjs and tf.keras 2 keep that loss flat near
 * 7.6–8.0. Predictions and accuracy tell the same story under both.
 *
 * BatchNormalization: its moving statistics lag for the first epochs, so a
 * model with BatchNormalization that learns on the training batches counts as
 * learning even while its validation accuracy (inference mode) still lags.
 */
import type { History, Verdict } from './protocol';

export interface PredictionSummary {
  /** Every row of predictions equal (to 1e-6) across the validation inputs. */
  constant: boolean;
  /** Every input gets the same class (argmax, or the 0.5 threshold for one unit). */
  sameClass: boolean;
  nonFinite: boolean;
  /** The first row of predictions, for "every prediction is 1.0". */
  firstRow: number[];
  /** The largest range (max − min across inputs) of any output column (absent: not measured). */
  spread?: number;
}

export interface RunObservation {
  history: History;
  task: 'classification' | 'regression';
  /** Accuracy of always guessing the most frequent class. */
  majorityRate: number;
  validationSize: number;
  predictions: PredictionSummary | null;
  /** Training stopped with an error (e.g. the label/output shape checks Keras makes). */
  error?: string;
  /** Regression: the loss of always predicting the mean target. */
  baselineLoss?: number;
  hasBatchNorm: boolean;
  /** No trainable weight changed at all during training: the gradient is zero everywhere. */
  weightsUnchanged?: boolean;
}

export interface RunJudgement {
  verdict: Verdict;
  detail: string;
  /** Best accuracy (classification) or lowest validation loss (regression) near the end of the run. */
  reached: number | null;
}

export const fmt2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/** A prediction row as the verdict writes it: `1.0`, `[0.333, 0.667]`. */
export function formatRow(row: number[]): string {
  const f = (v: number) => {
    if (v !== 0 && Math.abs(v) < 0.01) return v.toExponential(2);
    const s = String(+v.toFixed(3));
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  };
  return row.length === 1 ? f(row[0]) : `[${row.map(f).join(', ')}]`;
}

/** Margin above chance that counts as clearly learning: 0.1, or three binomial standard errors when larger. */
export function learningMargin(majorityRate: number, n: number): number {
  return Math.max(0.1, 3 * Math.sqrt((majorityRate * (1 - majorityRate)) / Math.max(1, n)));
}

const tailOf = <T>(xs: T[]): T[] => xs.slice(-Math.max(2, Math.ceil(xs.length / 3)));

export function judgeRun(o: RunObservation): RunJudgement {
  const h = o.history;
  if (o.error)
    return { verdict: 'cannot-learn', detail: `training stops at the first batch: ${o.error}`, reached: null };
  const badEpoch = h.loss.findIndex(
    (l, i) => !Number.isFinite(l) || (h.val_loss[i] !== undefined && !Number.isFinite(h.val_loss[i])),
  );
  if (badEpoch >= 0 || o.predictions?.nonFinite) {
    const at = badEpoch >= 0 ? badEpoch : h.loss.length - 1;
    const bad = Number.isFinite(h.loss[at]) ? h.val_loss[at] : h.loss[at];
    const what = Number.isNaN(bad) ? 'NaN' : 'infinite';
    return {
      verdict: 'diverges',
      detail: badEpoch >= 0 ? `the loss becomes ${what} in epoch ${at + 1}` : 'the predictions become NaN or infinite',
      reached: null,
    };
  }
  if (h.loss.length === 0) return { verdict: 'inconclusive', detail: 'no epoch finished', reached: null };
  const lastAcc = h.val_accuracy.length ? `, accuracy stays at ${fmt2(h.val_accuracy[h.val_accuracy.length - 1])}` : '';
  if (o.weightsUnchanged) {
    // Say what the user would see first; the unchanged weights are the reason.
    if (o.predictions?.constant)
      return {
        verdict: 'cannot-learn',
        detail: `every prediction is ${formatRow(o.predictions.firstRow)}${lastAcc}`,
        reached: null,
      };
    return {
      verdict: 'cannot-learn',
      detail: `no weight changes during training: the gradient is zero${lastAcc}`,
      reached: null,
    };
  }
  // The training loss is a running mean over shuffled batches (float rounding differs); the validation loss is computed the same way every epoch.
  const identical = (xs: number[]) => xs.length >= 2 && xs.every((l) => Object.is(l, xs[0]));
  const lossFlat = identical(h.loss) || identical(h.val_loss);
  const p = o.predictions;
  if (o.task === 'regression') return judgeRegression(o, lossFlat);

  const m = o.majorityRate;
  const margin = learningMargin(m, o.validationSize);
  const valTail = Math.max(...tailOf(h.val_accuracy));
  const trainTail = Math.max(...tailOf(h.accuracy));
  const finalVal = h.val_accuracy[h.val_accuracy.length - 1];
  if (valTail >= m + margin)
    return { verdict: 'learns', detail: `accuracy reaches ${fmt2(valTail)} (chance ${fmt2(m)})`, reached: valTail };
  if (o.hasBatchNorm && trainTail >= m + margin) {
    return {
      verdict: 'learns',
      detail: `training accuracy reaches ${fmt2(trainTail)} (chance ${fmt2(m)}); validation accuracy (${fmt2(finalVal)}) lags while BatchNormalization's moving statistics settle`,
      reached: trainTail,
    };
  }
  const atChance = [...h.accuracy, ...h.val_accuracy].every((a) => a <= m + margin);
  if (atChance && (p?.constant || lossFlat || p?.sameClass)) {
    const acc = `accuracy stays at ${fmt2(finalVal)}`;
    if (p?.constant)
      return {
        verdict: 'cannot-learn',
        detail: `every prediction is ${formatRow(p.firstRow)}, ${acc}`,
        reached: valTail,
      };
    if (lossFlat)
      return {
        verdict: 'cannot-learn',
        detail: `the loss is identical every epoch (${+h.val_loss[0].toPrecision(4)}): no gradient reaches the weights; ${acc}`,
        reached: valTail,
      };
    return { verdict: 'cannot-learn', detail: `every input gets the same class, ${acc}`, reached: valTail };
  }
  if (trainTail >= m + margin)
    return {
      verdict: 'inconclusive',
      detail: `training accuracy reaches ${fmt2(trainTail)} but validation accuracy stays at ${fmt2(finalVal)} (chance ${fmt2(m)})`,
      reached: valTail,
    };
  if (valTail > m + margin / 2)
    return {
      verdict: 'inconclusive',
      detail: `accuracy reaches ${fmt2(valTail)}, above chance (${fmt2(m)}) but not clearly; more epochs may tell`,
      reached: valTail,
    };
  return {
    verdict: 'inconclusive',
    detail: `accuracy stays near chance (${fmt2(finalVal)}) although the predictions vary; more epochs or samples may tell`,
    reached: valTail,
  };
}

/**
 * Regression learns when its validation loss is at most this share of the loss
 * of always predicting the mean (it explains at least 40 % of what can be
 * explained): far from chance, yet reached within the default epochs by slow
 * but sound models such as a dense autoencoder.
 */
const LEARNS_BELOW_BASELINE = 0.6;

function judgeRegression(o: RunObservation, lossFlat: boolean): RunJudgement {
  const h = o.history;
  const base = o.baselineLoss ?? NaN;
  const best = Math.min(...tailOf(h.val_loss));
  const vs = `the loss of always predicting the mean is ${+base.toPrecision(3)}`;
  if (Number.isFinite(base) && best <= LEARNS_BELOW_BASELINE * base)
    return { verdict: 'learns', detail: `validation loss falls to ${+best.toPrecision(3)} (${vs})`, reached: best };
  const stuck = !Number.isFinite(base) || best >= 0.9 * base;
  // Predictions that vary a hundred times less than the targets do (a sigmoid saturated at 1.0 on house
  // prices) are one prediction for every input, even where they are not bit-identical.
  const flatPredictions =
    o.predictions?.spread !== undefined && Number.isFinite(base) && o.predictions.spread < 0.01 * Math.sqrt(base);
  if (stuck && (o.predictions?.constant || flatPredictions))
    return {
      verdict: 'cannot-learn',
      detail: `every prediction is ${o.predictions!.constant ? '' : 'about '}${formatRow(o.predictions!.firstRow)}; ${vs}`,
      reached: best,
    };
  if (stuck && lossFlat)
    return {
      verdict: 'cannot-learn',
      detail: `the loss is identical every epoch (${+h.loss[0].toPrecision(4)}): no gradient reaches the weights`,
      reached: best,
    };
  return {
    verdict: 'inconclusive',
    detail: `validation loss reaches ${+best.toPrecision(3)} (${vs}); more epochs may tell`,
    reached: best,
  };
}
