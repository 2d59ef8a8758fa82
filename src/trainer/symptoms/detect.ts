/**
 * Training-dynamics symptoms of one run, from what the probe measured every
 * epoch and from the history: vanishing or exploding gradients, NaN/Inf and
 * the first layer where it appears, dead ReLUs, saturated sigmoid/tanh/softmax
 * outputs, a loss stuck at the chance level, an oscillating loss, constant
 * predictions, accuracy equal to the majority-class share. Each threshold is
 * in thresholds.ts. A symptom is reported when it lasts to the end of the run
 * (its epoch is where that streak starts), so one that training cured is not.
 * Pure: runs in the training process and in the parity benchmark on Keras's
 * measurements alike.
 */
import type { History, LayerProbe, ProbeEpoch, Symptom } from '../protocol';
import { fmt2, formatRow, learningMargin, type PredictionSummary } from '../verdict';
import type { WatchedActivation } from './layers';
import { THRESHOLDS as T } from './thresholds';

export interface WatchedLayer {
  id: string;
  label: string;
  activation: WatchedActivation | null;
  /** The model's output layer (its saturation is a symptom only while the run is not learning). */
  output: boolean;
}

export interface RunTrace {
  history: History;
  /** The probe before training (epoch 0) and after each epoch. */
  probe: ProbeEpoch[];
  /** Validation predictions after each epoch. */
  predictions: PredictionSummary[];
  /** The batch whose loss first became NaN/Inf, probed before its update. */
  firstNonFinite?: { epoch: number; batch: number; loss: number; layers: LayerProbe[] };
  task: 'classification' | 'regression';
  /** Classes (classification) and the majority-class share of the validation set. */
  classes: number;
  majorityRate: number;
  validationSize: number;
  /** Keras loss id (`binary_crossentropy`…). */
  lossId: string;
  /** Output units of the model (1 for a single sigmoid/softmax unit). */
  outputUnits: number;
  layers: WatchedLayer[];
  /** Regression: the loss of always predicting the mean. */
  baselineLoss?: number;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;
const num = (x: number) =>
  x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4) ? x.toExponential(1) : `${+x.toPrecision(3)}`;

/** Index where the run of `true` that reaches the end of `flags` starts, or -1 when the last is false. */
function finalStreak(flags: boolean[]): number {
  if (!flags.length || !flags[flags.length - 1]) return -1;
  let i = flags.length - 1;
  while (i > 0 && flags[i - 1]) i--;
  return i;
}

const since = (epoch: number) => (epoch === 0 ? 'from initialisation on' : `from epoch ${epoch} on`);

/** Crossentropy of predicting every class with probability 1/K, when the loss has one. */
function chanceLoss(lossId: string, classes: number, outputUnits: number): number | null {
  if (lossId === 'categorical_crossentropy' || lossId === 'sparse_categorical_crossentropy')
    return Math.log(Math.max(2, classes));
  if (lossId === 'binary_crossentropy' && outputUnits === 1) return Math.log(2);
  return null;
}

export function detectSymptoms(trace: RunTrace): Symptom[] {
  const symptoms: Symptom[] = [];
  const { history: h, probe } = trace;
  const epochs = h.loss.length;
  const finiteEpochs = h.loss.findIndex((l) => !Number.isFinite(l));
  const finite = finiteEpochs < 0 ? epochs : finiteEpochs;

  // Learning at an epoch (1-based): above chance (classification) or clearly below the mean's loss (regression).
  const margin = learningMargin(trace.majorityRate, trace.validationSize);
  const learningAt = (epoch: number): boolean => {
    if (epoch === 0) return false;
    if (trace.task === 'classification') return (h.val_accuracy[epoch - 1] ?? 0) > trace.majorityRate + margin;
    const base = trace.baselineLoss;
    return base !== undefined && Number.isFinite(base) && h.val_loss[epoch - 1] < 0.9 * base;
  };
  // Gradients near zero are expected once the loss is near its minimum: only a loss still far from it counts.
  const firstLoss = h.loss[0];
  const unconverged = (epoch: number) => {
    const loss = h.loss[Math.max(0, epoch - 1)];
    return epoch === 0 || !Number.isFinite(firstLoss) || loss > 0.01 * firstLoss;
  };

  symptoms.push(...nonFinite(trace));
  const layersOf = (e: ProbeEpoch) => new Map(e.layers.map((l) => [l.id, l]));
  const probes = probe.filter((p) => p.epoch <= finite).map(layersOf);
  const probeEpochs = probe.filter((p) => p.epoch <= finite).map((p) => p.epoch);
  const ratio = (l: LayerProbe | undefined) =>
    l?.grad === undefined || l.weight === undefined
      ? undefined
      : l.weight > 0
        ? l.grad / l.weight
        : l.grad > 0
          ? Infinity
          : 0;

  // Gradients: the layer nearest the input with the symptom (where vanishing is worst, and where exploding starts).
  for (const kind of ['vanishing-gradient', 'exploding-gradient'] as const) {
    for (const layer of trace.layers) {
      const flags = probes.map((p, i) => {
        const r = ratio(p.get(layer.id));
        if (r === undefined || !Number.isFinite(r)) return false;
        return kind === 'vanishing-gradient'
          ? r < T.vanishingRatio && unconverged(probeEpochs[i])
          : r > T.explodingRatio;
      });
      const start = finalStreak(flags);
      if (start < 0) continue;
      const epoch = probeEpochs[start];
      const last = probes[probes.length - 1].get(layer.id)!;
      const value = ratio(last)!;
      const threshold = kind === 'vanishing-gradient' ? T.vanishingRatio : T.explodingRatio;
      const words =
        kind === 'vanishing-gradient'
          ? `vanishing gradient in ${layer.label}: its gradient is ${value === 0 ? 'zero' : `${num(value)} × its weights' norm (below ${num(threshold)})`} ${since(epoch)}, so its weights barely move`
          : `exploding gradient in ${layer.label}: its gradient is ${num(value)} × its weights' norm (above ${threshold}) ${since(epoch)}`;
      symptoms.push({ kind, layer: layer.label, epoch, value, threshold, message: `${words}.` });
      break;
    }
  }

  for (const layer of trace.layers) {
    if (layer.activation === 'relu') {
      const flags = probes.map((p) => (p.get(layer.id)?.dead ?? 0) >= T.deadShare);
      const start = finalStreak(flags);
      if (start < 0) continue;
      const last = probes[probes.length - 1].get(layer.id)!;
      const units = last.units;
      const count = units ? `${Math.round(last.dead! * units)} of ${units} units` : `${pct(last.dead!)} of its units`;
      symptoms.push({
        kind: 'dead-relu',
        layer: layer.label,
        epoch: probeEpochs[start],
        value: last.dead!,
        threshold: T.deadShare,
        message: `dead ReLUs in ${layer.label}: ${count} are never positive on the probe batch ${since(probeEpochs[start])}.`,
      });
    } else if (layer.activation) {
      const flags = probes.map(
        (p, i) =>
          (p.get(layer.id)?.saturated ?? 0) >= T.saturatedShare && (!layer.output || !learningAt(probeEpochs[i])),
      );
      const start = finalStreak(flags);
      if (start < 0) continue;
      const last = probes[probes.length - 1].get(layer.id)!;
      const where = layer.activation === 'softmax' ? 'rows whose top probability is' : 'outputs';
      const bound =
        layer.activation === 'tanh'
          ? `beyond ±${T.saturationLevel}`
          : layer.activation === 'softmax'
            ? `above ${T.saturationLevel}`
            : `below ${+(1 - T.saturationLevel).toFixed(2)} or above ${T.saturationLevel}`;
      symptoms.push({
        kind: 'saturated',
        layer: layer.label,
        epoch: probeEpochs[start],
        value: last.saturated!,
        threshold: T.saturatedShare,
        message: `saturated ${layer.activation} in ${layer.label}: ${pct(last.saturated!)} of its ${where} ${bound} ${since(probeEpochs[start])}, where its gradient is nearly zero.`,
      });
    }
  }

  const chance = trace.task === 'classification' ? chanceLoss(trace.lossId, trace.classes, trace.outputUnits) : null;
  if (chance !== null && finite >= T.flatEpochs) {
    const losses = h.loss.slice(0, finite);
    const atChance = losses.map((l) => Math.abs(l - chance) <= T.chanceLossTolerance * chance);
    const start = finalStreak(atChance);
    const window = losses.slice(-T.flatEpochs);
    const flat = (Math.max(...window) - Math.min(...window)) / chance < T.flatChange;
    if (start >= 0 && losses.length - start >= T.flatEpochs && flat) {
      const last = losses[losses.length - 1];
      symptoms.push({
        kind: 'loss-at-chance',
        layer: null,
        epoch: start + 1,
        value: last,
        threshold: chance,
        message: `the loss stays at the chance level: ${num(last)} ≈ ln ${Math.round(Math.exp(chance))} = ${num(chance)} (predicting every class equally likely) ${since(start + 1)}, and does not move.`,
      });
    }
  }

  if (finite >= 5) {
    const losses = h.loss.slice(0, finite);
    // A loss near zero (under 1 % of the first epoch's) fluctuates by large shares that mean nothing.
    const rises = losses.slice(1).map((l, i) => l > losses[i] * (1 + T.oscillationRise) && unconverged(i + 2));
    const count = rises.filter(Boolean).length;
    const share = count / rises.length;
    // Bumps on the way down are not oscillation: the best loss of the second half must not halve the first half's.
    const half = Math.ceil(losses.length / 2);
    const bestBefore = Math.min(...losses.slice(0, half));
    const bestAfter = Math.min(...losses.slice(half));
    if (count >= 2 && share >= T.oscillationShare && bestAfter > T.oscillationProgress * bestBefore) {
      const first = rises.indexOf(true) + 2;
      symptoms.push({
        kind: 'oscillating-loss',
        layer: null,
        epoch: first,
        value: share,
        threshold: T.oscillationShare,
        message: `the loss oscillates: it rises by ${pct(T.oscillationRise)} or more in ${count} of ${rises.length} epochs (first in epoch ${first}) and makes little progress: its best over the last ${losses.length - half} epochs is ${num(bestAfter)}, against ${num(bestBefore)} before.`,
      });
    }
  }

  const preds = trace.predictions.slice(0, Math.max(finite, 0));
  const constantStart = finalStreak(preds.map((p) => p.constant && !p.nonFinite));
  if (constantStart >= 0) {
    const last = preds[preds.length - 1];
    const row = formatRow(last.firstRow);
    symptoms.push({
      kind: 'constant-predictions',
      layer: null,
      epoch: constantStart + 1,
      value: last.spread ?? 0,
      threshold: T.constantSpread,
      message: `the predictions are the same for every input (${row}) ${since(constantStart + 1)}.`,
    });
  }

  if (trace.task === 'classification') {
    const tolerance = 0.5 / Math.max(1, trace.validationSize);
    const flags = preds.map(
      (p, i) => p.sameClass && Math.abs((h.val_accuracy[i] ?? NaN) - trace.majorityRate) <= tolerance,
    );
    const start = finalStreak(flags);
    if (start >= 0) {
      const acc = h.val_accuracy[preds.length - 1];
      symptoms.push({
        kind: 'majority-accuracy',
        layer: null,
        epoch: start + 1,
        value: acc,
        threshold: trace.majorityRate,
        message: `the accuracy equals the majority-class share (${fmt2(acc)}): every input gets the same class ${since(start + 1)}.`,
      });
    }
  }
  return symptoms;
}

/** NaN/Inf: the batch where the loss first became non-finite and the first layer whose output (or gradient) was. */
function nonFinite(trace: RunTrace): Symptom[] {
  const first = trace.firstNonFinite;
  const h = trace.history;
  if (first) {
    const culprit =
      first.layers.find((l) => l.nonFinite) ??
      first.layers.find((l) => l.grad !== undefined && !Number.isFinite(l.grad));
    const what = Number.isNaN(first.loss) ? 'NaN' : 'infinite';
    const where = culprit
      ? first.layers.find((l) => l.nonFinite)
        ? `the first layer whose output is NaN/Inf on that batch is ${culprit.label}`
        : `every layer's output is finite on that batch, but the gradient of ${culprit.label} is not`
      : 'every layer output is finite on that batch: the loss itself overflows';
    const weight = culprit?.weight;
    return [
      {
        kind: 'non-finite',
        layer: culprit?.label ?? null,
        epoch: first.epoch,
        value: weight !== undefined && Number.isFinite(weight) ? weight : null,
        threshold: null,
        message: `the loss becomes ${what} at batch ${first.batch} of epoch ${first.epoch}; ${where}${weight !== undefined && Number.isFinite(weight) ? ` (its weights' norm there: ${num(weight)})` : ''}.`,
      },
    ];
  }
  // Finite training loss, but the validation loss or the predictions are not: the first probe that shows it.
  const bad = trace.probe.find((p) => p.layers.some((l) => l.nonFinite));
  const badEpoch = h.val_loss.findIndex((l) => !Number.isFinite(l));
  if (!bad && badEpoch < 0) return [];
  const layer = bad?.layers.find((l) => l.nonFinite);
  const epoch = bad ? bad.epoch : badEpoch + 1;
  return [
    {
      kind: 'non-finite',
      layer: layer?.label ?? null,
      epoch,
      value: null,
      threshold: null,
      message: layer
        ? `NaN/Inf appears in epoch ${epoch}, first in the output of ${layer.label}.`
        : `the validation loss becomes NaN/Inf in epoch ${epoch}.`,
    },
  ];
}
