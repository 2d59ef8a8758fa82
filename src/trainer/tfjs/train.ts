/**
 * The training loop for one variant. A loop of our own rather than
 * model.fit: Keras-faithful losses and accuracy (tfjs's fit checks targets
 * against tfjs's own loss conventions), seeded batch order, and per-batch
 * progress. Keras semantics kept: training-mode forward pass (dropout,
 * BatchNormalization batch statistics), running means of loss/accuracy over
 * the epoch, validation in inference mode, regularisation losses added.
 */
import type * as TF from '@tensorflow/tfjs';
import type { EncodedLabels } from '../synthetic';
import type { Dataset } from '../synthetic';
import type { EpochLogs, History } from '../protocol';
import { seededRandom, shuffle } from '../random';
import type { ModelSpec } from '../spec';
import type { PredictionSummary } from '../verdict';
import type { Tf } from './build';
import { kerasAccuracy, kerasLoss, KerasShapeError } from './losses';
import { kerasOptimizer } from './optimizers';

export interface TrainCallbacks {
  onEpoch(epoch: number, logs: EpochLogs): void;
  onBatch(epoch: number, batch: number, batches: number): void;
  /** Epochs to run, asked before each epoch (the time budget may lower it after the first). */
  epochs(): number;
}

export interface TrainOutcome {
  history: History;
  predictions: PredictionSummary | null;
  error?: string;
  baselineLoss?: number;
  epochSeconds: number[];
  weightsUnchanged: boolean;
}

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

function regularisation(tf: Tf, model: TF.LayersModel): TF.Scalar | null {
  const calc = (model as unknown as { calculateLosses?: () => TF.Scalar[] }).calculateLosses;
  const losses = calc ? calc.call(model) : [];
  return losses.length ? (tf.addN(losses) as TF.Scalar) : null;
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
      low[j] = Math.min(low[j], v);
      high[j] = Math.max(high[j], v);
    }
    if (sameClass && classOf(r) !== firstClass) sameClass = false;
  }
  const spread = Math.max(0, ...high.map((h, j) => h - low[j]));
  return { constant, sameClass, nonFinite, firstRow, spread };
}

/** The prediction and, when the model caches them (second output), the logits. */
function outputsOf(
  out: TF.Tensor | TF.Tensor[] | TF.SymbolicTensor | TF.SymbolicTensor[],
): [TF.Tensor, TF.Tensor | undefined] {
  return Array.isArray(out) ? [out[0] as TF.Tensor, out[1] as TF.Tensor | undefined] : [out as TF.Tensor, undefined];
}

export async function trainVariant(
  tf: Tf,
  model: TF.LayersModel,
  spec: ModelSpec,
  dataset: Dataset,
  labels: { train: EncodedLabels; validation: EncodedLabels },
  seed: number,
  callbacks: TrainCallbacks,
): Promise<TrainOutcome> {
  const classification = dataset.task.kind === 'classification';
  const shape = spec.inputs[0].shape;
  const xTrain = tf.tensor(dataset.train.x, [dataset.train.n, ...shape]);
  const yTrain = tf.tensor(labels.train.values, labels.train.shape);
  const xVal = tf.tensor(dataset.validation.x, [dataset.validation.n, ...shape]);
  const yVal = tf.tensor(labels.validation.values, labels.validation.shape);
  const lossFn = kerasLoss(tf, spec.loss);
  const optimizer = kerasOptimizer(tf, spec.optimizer);
  const random = seededRandom(seed);
  const history: History = { loss: [], accuracy: [], val_loss: [], val_accuracy: [] };
  const epochSeconds: number[] = [];
  const batchSize = spec.batchSize;
  const n = dataset.train.n;
  const batches = Math.ceil(n / batchSize);
  let predictions: PredictionSummary | null = null;
  let error: string | undefined;
  let baselineLoss: number | undefined;
  const before = weightChecksums(model);
  try {
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
          const cost = optimizer.minimize(() => {
            const [pred, logits] = outputsOf(model.apply(xb, { training: true }));
            if (classification) acc = tf.keep(tf.mean(kerasAccuracy(tf, yb, pred)));
            const reg = regularisation(tf, model);
            const l = lossFn(yb, pred, logits);
            return reg ? (tf.add(l, reg) as TF.Scalar) : l;
          }, true);
          return [cost!.dataSync()[0], acc ? (acc as TF.Tensor).dataSync()[0] : NaN];
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
      predictions = summary;
      const logs: EpochLogs = { loss: lossSum / n, val_loss: valLoss };
      history.loss.push(logs.loss);
      history.val_loss.push(valLoss);
      if (classification) {
        logs.accuracy = accSum / n;
        logs.val_accuracy = valAcc;
        history.accuracy.push(logs.accuracy);
        history.val_accuracy.push(valAcc);
      }
      epochSeconds.push((Date.now() - started) / 1000);
      callbacks.onEpoch(epoch, logs);
      await new Promise((r) => setImmediate(r));
      if (!Number.isFinite(logs.loss) && !Number.isFinite(valLoss)) break;
    }
    if (!classification) {
      baselineLoss = tf.tidy(() => {
        const mean = tf.mean(yTrain, 0, true);
        return lossFn(yVal, tf.mul(tf.onesLike(yVal), mean)).dataSync()[0];
      });
    }
  } catch (e) {
    if (!(e instanceof KerasShapeError)) throw e;
    error = e.message;
  } finally {
    tf.dispose([xTrain, yTrain, xVal, yVal]);
    optimizer.dispose();
  }
  const after = weightChecksums(model);
  const weightsUnchanged = !error && history.loss.length > 0 && before.every((c, i) => Object.is(c, after[i]));
  return { history, predictions, error, baselineLoss, epochSeconds, weightsUnchanged };
}
