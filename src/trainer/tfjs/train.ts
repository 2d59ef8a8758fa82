/**
 * The training loop for one variant. A loop of our own rather than
 * model.fit: Keras-faithful losses and accuracy (tfjs's fit checks targets
 * against tfjs's own loss conventions), seeded batch order, and per-batch
 * progress. Keras semantics kept: training-mode forward pass (dropout,
 * BatchNormalization batch statistics), running means of loss/accuracy over
 * the epoch, validation in inference mode, regularisation losses added.
 *
 * It also runs the training probe (tfjs/probe.ts) before training and after
 * every epoch, finds the layer where NaN/Inf first appears (on the batch whose
 * loss first becomes non-finite, before that batch's update), and stops when
 * the caller says the verdict can no longer change.
 */
import type * as TF from '@tensorflow/tfjs';
import type { EpochLogs, History, LayerProbe, ProbeEpoch } from '../protocol';
import { seededRandom, shuffle } from '../random';
import type { ModelSpec } from '../spec';
import type { Dataset, EncodedLabels } from '../synthetic';
import type { PredictionSummary } from '../verdict';
import type { BuiltModel, Tf } from './build';
import { outputsOf, regularisation } from './forward';
import { kerasAccuracy, kerasLoss, KerasShapeError } from './losses';
import { kerasOptimizer } from './optimizers';
import { makeProber } from './probe';

/** What the run looks like after an epoch, for deciding whether to go on. */
export interface RunSoFar {
  history: History;
  /** The validation predictions after each epoch. */
  predictions: PredictionSummary[];
  baselineLoss?: number;
}

export interface TrainCallbacks {
  onEpoch(epoch: number, logs: EpochLogs, probe: LayerProbe[]): void;
  onBatch(epoch: number, batch: number, batches: number): void;
  /** The probe before training. */
  onProbe(layers: LayerProbe[]): void;
  /** Epochs to run, asked before each epoch (the time budget may lower it after the first). */
  epochs(): number;
  /** After each epoch: why the run stops now (its verdict can no longer change), or null to go on. */
  stopAfter?(run: RunSoFar): string | null;
}

/** Where NaN/Inf first appeared: the batch whose loss first became non-finite, probed before its update. */
interface FirstNonFinite {
  /** 1-based epoch and batch. */
  epoch: number;
  batch: number;
  loss: number;
  layers: LayerProbe[];
}

export interface TrainOutcome {
  history: History;
  predictions: PredictionSummary | null;
  /** Validation predictions after every epoch. */
  predictionHistory: PredictionSummary[];
  probe: ProbeEpoch[];
  firstNonFinite?: FirstNonFinite;
  error?: string;
  baselineLoss?: number;
  epochSeconds: number[];
  weightsUnchanged: boolean;
  /** Why the run stopped before its last epoch. */
  stoppedBecause?: string;
}

/** Training inputs the probe uses every epoch: the first ones of the (shuffled) training set. */
const PROBE_BATCH = 64;

/** A checksum per trainable weight, to tell whether training changed any weight at all. */
function weightChecksums(model: TF.LayersModel): number[] {
  return model.trainableWeights.map((w) => {
    const values = w.read().dataSync();
    let a = 0;
    let b = 0;
    for (let i = 0; i < values.length; i++) {
      a += values[i];
      b += values[i] * ((i % 1013) + 1);
    }
    return a * 31 + b;
  });
}

export function summarisePredictions(
  values: Float32Array | Int32Array | Uint8Array,
  rows: number,
  width: number,
): PredictionSummary {
  let constant = true;
  let nonFinite = false;
  const firstRow = Array.from(values.slice(0, width));
  const low = [...firstRow];
  const high = [...firstRow];
  const classOf = (r: number) => {
    if (width === 1) return values[r] > 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < width; j++) if (values[r * width + j] > values[r * width + best]) best = j;
    return best;
  };
  const firstClass = classOf(0);
  let sameClass = true;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const v = values[r * width + j];
      if (!Number.isFinite(v)) nonFinite = true;
      if (Math.abs(v - firstRow[j]) > 1e-6 * Math.max(1, Math.abs(firstRow[j]))) constant = false;
      if (v < low[j]) low[j] = v;
      if (v > high[j]) high[j] = v;
    }
    if (sameClass && classOf(r) !== firstClass) sameClass = false;
  }
  const spread = rows ? Math.max(0, ...high.map((h, j) => h - low[j])) : 0;
  return { constant, sameClass, nonFinite, firstRow, spread };
}

export async function trainVariant(
  tf: Tf,
  built: BuiltModel,
  spec: ModelSpec,
  dataset: Dataset,
  labels: { train: EncodedLabels; validation: EncodedLabels },
  seed: number,
  callbacks: TrainCallbacks,
): Promise<TrainOutcome> {
  const model = built.model;
  const classification = dataset.task.kind === 'classification';
  const shape = spec.inputs[0].shape;
  const xTrain = tf.tensor(dataset.train.x, [dataset.train.n, ...shape]);
  const yTrain = tf.tensor(labels.train.values, labels.train.shape);
  const xVal = tf.tensor(dataset.validation.x, [dataset.validation.n, ...shape]);
  const yVal = tf.tensor(labels.validation.values, labels.validation.shape);
  const probeSize = Math.min(PROBE_BATCH, dataset.train.n);
  const xProbe = tf.slice(xTrain, 0, probeSize);
  const yProbe = tf.slice(yTrain, 0, probeSize);
  const lossFn = kerasLoss(tf, spec.loss);
  const optimizer = kerasOptimizer(tf, spec.optimizer);
  const prober = makeProber(tf, built, spec, lossFn, { x: xProbe, y: yProbe });
  const random = seededRandom(seed);
  const history: History = { loss: [], accuracy: [], val_loss: [], val_accuracy: [] };
  const epochSeconds: number[] = [];
  const batchSize = spec.batchSize;
  const n = dataset.train.n;
  const batches = Math.ceil(n / batchSize);
  const predictionHistory: PredictionSummary[] = [];
  const probe: ProbeEpoch[] = [];
  let firstNonFinite: FirstNonFinite | undefined;
  let error: string | undefined;
  let stoppedBecause: string | undefined;
  const baselineLoss = classification
    ? undefined
    : tf.tidy(() => {
        const mean = tf.mean(yTrain, 0, true);
        return lossFn(yVal, tf.mul(tf.onesLike(yVal), mean)).dataSync()[0];
      });
  const before = weightChecksums(model);
  try {
    const initial = prober.probe();
    probe.push({ epoch: 0, layers: initial });
    callbacks.onProbe(initial);
    for (let epoch = 0; epoch < callbacks.epochs(); epoch++) {
      const started = Date.now();
      const order = shuffle(
        Array.from({ length: n }, (_, i) => i),
        random,
      );
      let lossSum = 0;
      let accSum = 0;
      let lastProgress = Date.now();
      for (let b = 0; b < batches; b++) {
        const idx = order.slice(b * batchSize, (b + 1) * batchSize);
        const [lossValue, accValue] = tf.tidy(() => {
          const indices = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(xTrain, indices);
          const yb = tf.gather(yTrain, indices);
          let acc: TF.Tensor | null = null;
          const { value, grads } = optimizer.computeGradients(() => {
            const [pred, logits] = outputsOf(model.apply(xb, { training: true }));
            if (classification) acc = tf.keep(tf.mean(kerasAccuracy(tf, yb, pred)));
            const reg = regularisation(tf, model);
            const l = lossFn(yb, pred, logits);
            return reg ? (tf.add(l, reg) as TF.Scalar) : l;
          });
          const cost = value.dataSync()[0];
          // The first non-finite loss: find the layer where it starts while the weights are still those of this batch.
          if (!Number.isFinite(cost) && !firstNonFinite)
            firstNonFinite = { epoch: epoch + 1, batch: b + 1, loss: cost, layers: prober.probe(xb, yb) };
          optimizer.applyGradients(grads);
          return [cost, acc ? (acc as TF.Tensor).dataSync()[0] : NaN];
        });
        lossSum += lossValue * idx.length;
        accSum += accValue * idx.length;
        if (Date.now() - lastProgress > 500) {
          callbacks.onBatch(epoch, b + 1, batches);
          lastProgress = Date.now();
        }
        // Yield so a Stop message or a kill is handled between batches.
        if (b % 8 === 7) await new Promise((r) => setImmediate(r));
      }
      let validation: [number, number, PredictionSummary] = [NaN, NaN, null as unknown as PredictionSummary];
      tf.tidy(() => {
        const [pred, logits] = outputsOf(model.predict(xVal, { batchSize: 256 }));
        const reg = regularisation(tf, model);
        let l = lossFn(yVal, pred, logits);
        if (reg) l = tf.add(l, reg) as TF.Scalar;
        const acc = classification ? tf.mean(kerasAccuracy(tf, yVal, pred)).dataSync()[0] : NaN;
        const width = pred.shape.slice(1).reduce((a: number, d) => a * (d ?? 1), 1);
        validation = [
          l.dataSync()[0],
          acc,
          summarisePredictions(pred.dataSync() as Float32Array, pred.shape[0], width),
        ];
      });
      const [valLoss, valAcc, summary] = validation;
      predictionHistory.push(summary);
      const logs: EpochLogs = { loss: lossSum / n, val_loss: valLoss };
      history.loss.push(logs.loss);
      history.val_loss.push(valLoss);
      if (classification) {
        logs.accuracy = accSum / n;
        logs.val_accuracy = valAcc;
        history.accuracy.push(logs.accuracy);
        history.val_accuracy.push(valAcc);
      }
      const layers = prober.probe();
      probe.push({ epoch: epoch + 1, layers });
      epochSeconds.push((Date.now() - started) / 1000);
      callbacks.onEpoch(epoch, logs, layers);
      await new Promise((r) => setImmediate(r));
      if (!Number.isFinite(logs.loss) && !Number.isFinite(valLoss)) break;
      const stop = callbacks.stopAfter?.({ history, predictions: predictionHistory, baselineLoss }) ?? null;
      if (stop && epoch + 1 < callbacks.epochs()) {
        stoppedBecause = stop;
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof KerasShapeError)) throw e;
    error = e.message;
  } finally {
    tf.dispose([xTrain, yTrain, xVal, yVal, xProbe, yProbe]);
    prober.dispose();
    optimizer.dispose();
  }
  const after = weightChecksums(model);
  const weightsUnchanged = !error && history.loss.length > 0 && before.every((c, i) => Object.is(c, after[i]));
  return {
    history,
    predictions: predictionHistory[predictionHistory.length - 1] ?? null,
    predictionHistory,
    probe,
    firstNonFinite,
    error,
    baselineLoss,
    epochSeconds,
    weightsUnchanged,
    stoppedBecause,
  };
}
