/**
 * Keras 3 losses and the "accuracy" metric, written in tfjs ops so they behave
 * like Keras's TensorFlow backend rather than like tfjs's string losses (which
 * have no from_logits, use different label shapes and resolve accuracy by the
 * loss like old Keras). Each function follows keras/src/losses/losses.py and
 * keras/src/backend/tensorflow/nn.py of Keras 3.15: rank alignment of labels,
 * the shape checks that raise before training, epsilon clipping, from_logits.
 *
 * Keras 3 also caches the logits on a final sigmoid/softmax output and, for the
 * three crossentropies, computes the loss from them as if from_logits were
 * true (`_get_logits` in nn.py), whatever the activation and the flag: with a
 * 1-unit softmax and binary crossentropy its loss falls to 0 while every
 * prediction stays 1.0. The trainer's model exposes those logits as a second
 * output (tfjs/build.ts) and the losses take them when given. Categorical
 * crossentropy from logits uses TensorFlow's fused kernel gradient,
 * softmax(logits) − labels, which differs from the exact derivative when the
 * labels do not sum to 1 (a single 0/1 column, multi-hot rows).
 */
import type * as TF from '@tensorflow/tfjs';
import type { LossSpecJson } from '../spec';
import type { Tf } from './build';

const EPSILON = 1e-7;

/** A shape problem Keras raises before the first batch: the model as written does not train at all. */
export class KerasShapeError extends Error {}

/** A shape as Keras prints it, batch axis as None: (None,) (None, 10). */
const fmt = (shape: number[]) =>
  shape.length === 1
    ? '(None,)'
    : `(None${shape
        .slice(1)
        .map((d) => `, ${d}`)
        .join('')})`;

/** keras.src.losses.loss.squeeze_or_expand_to_same_rank */
function alignRanks(tf: Tf, yTrue: TF.Tensor, yPred: TF.Tensor): [TF.Tensor, TF.Tensor] {
  const t = yTrue.rank;
  const p = yPred.rank;
  if (t === p + 1 && yTrue.shape[t - 1] === 1)
    return p === 1 ? [yTrue, tf.expandDims(yPred, -1)] : [tf.squeeze(yTrue, [-1]), yPred];
  if (p === t + 1 && yPred.shape[p - 1] === 1)
    return t === 1 ? [tf.expandDims(yTrue, -1), yPred] : [yTrue, tf.squeeze(yPred, [-1])];
  return [yTrue, yPred];
}

function sameShape(name: string, yTrue: TF.Tensor, yPred: TF.Tensor): void {
  if (yTrue.rank !== yPred.rank) {
    throw new KerasShapeError(
      `${name}: arguments target and output must have the same rank (ndim); received target.shape=${fmt(yTrue.shape)}, output.shape=${fmt(yPred.shape)}`,
    );
  }
  if (yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new KerasShapeError(
      `${name}: arguments target and output must have the same shape; received target.shape=${fmt(yTrue.shape)}, output.shape=${fmt(yPred.shape)}`,
    );
  }
}

/** A loss: labels, predictions, and the cached logits of a final sigmoid/softmax when the model has them. */
export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor, logits?: TF.Tensor) => TF.Scalar;

/**
 * tf.nn.softmax_cross_entropy_with_logits: −Σ labels·log_softmax(logits), with
 * the gradient TensorFlow's kernel returns (softmax − labels).
 */
function softmaxCrossEntropyWithLogits(tf: Tf, labels: TF.Tensor, logits: TF.Tensor): TF.Tensor {
  const f = tf.customGrad(((z: TF.Tensor, save: (tensors: TF.Tensor[]) => void) => {
    // Tensors the gradient needs must be saved: the forward scope disposes everything else.
    save([z, labels]);
    return {
      value: tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(z)), -1)),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) =>
        tf.mul(tf.expandDims(dy, -1), tf.sub(tf.softmax(saved[0]), saved[1])),
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]);
  return f(logits) as TF.Tensor;
}

export function kerasLoss(tf: Tf, spec: LossSpecJson): LossFn {
  const fromLogits = spec.fromLogits;
  const smoothing = spec.labelSmoothing ?? 0;
  const meanLast = (x: TF.Tensor) => tf.mean(x, -1);
  const batchMean = (perSample: TF.Tensor) => tf.mean(perSample) as TF.Scalar;
  switch (spec.id) {
    case 'binary_crossentropy':
      return (yt, yp, cached) => {
        let [t, p] = alignRanks(tf, yt, cached ?? yp);
        sameShape('binary_crossentropy', t, p);
        if (smoothing) t = tf.add(tf.mul(t, 1 - smoothing), 0.5 * smoothing);
        let elementwise: TF.Tensor;
        if (fromLogits || cached) {
          // sigmoid_cross_entropy_with_logits: max(x, 0) - x*z + log(1 + exp(-|x|))
          elementwise = tf.add(tf.sub(tf.relu(p), tf.mul(p, t)), tf.log1p(tf.exp(tf.neg(tf.abs(p)))));
        } else {
          const c = tf.clipByValue(p, EPSILON, 1 - EPSILON);
          elementwise = tf.neg(tf.add(tf.mul(t, tf.log(c)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, c)))));
        }
        return batchMean(meanLast(elementwise));
      };
    case 'categorical_crossentropy':
      return (yt, yp, cached) => {
        let [t, p] = alignRanks(tf, yt, cached ?? yp);
        sameShape('categorical_crossentropy', t, p);
        const k = p.shape[p.rank - 1];
        if (smoothing) t = tf.add(tf.mul(t, 1 - smoothing), smoothing / k);
        if (fromLogits || cached) return batchMean(softmaxCrossEntropyWithLogits(tf, t, p));
        const normalised = tf.div(p, tf.sum(p, -1, true));
        const c = tf.clipByValue(normalised, EPSILON, 1 - EPSILON);
        return batchMean(tf.neg(tf.sum(tf.mul(t, tf.log(c)), -1)));
      };
    case 'sparse_categorical_crossentropy':
      return (yt, yp, cached) => {
        let [t, p] = alignRanks(tf, yt, cached ?? yp);
        if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = tf.squeeze(t, [-1]);
        if (t.rank !== p.rank - 1) {
          throw new KerasShapeError(
            `sparse_categorical_crossentropy: argument output must have rank (ndim) target.ndim - 1; received target.shape=${fmt(t.shape)}, output.shape=${fmt(p.shape)}`,
          );
        }
        if (t.shape.some((d, i) => d !== p.shape[i])) {
          throw new KerasShapeError(
            `sparse_categorical_crossentropy: arguments target and output must have the same shape up until the last dimension; received target.shape=${fmt(t.shape)}, output.shape=${fmt(p.shape)}`,
          );
        }
        const k = p.shape[p.rank - 1];
        const labels = t.dataSync();
        for (const v of labels) {
          if (v < 0 || v >= k || !Number.isInteger(v))
            throw new KerasShapeError(
              `sparse_categorical_crossentropy: received a label value of ${v} which is outside the valid range of [0, ${k})`,
            );
        }
        const logits = fromLogits || cached ? p : tf.log(tf.clipByValue(p, EPSILON, 1 - EPSILON));
        const oneHot = tf.oneHot(tf.cast(t, 'int32'), k);
        return batchMean(tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)));
      };
    default:
      return regressionLoss(tf, spec.id);
  }
}

function regressionLoss(tf: Tf, id: string): LossFn {
  const wrap =
    (f: (t: TF.Tensor, p: TF.Tensor) => TF.Tensor): LossFn =>
    (yt, yp) => {
      const [t, p] = alignRanks(tf, yt, yp);
      return tf.mean(f(t, p)) as TF.Scalar;
    };
  switch (id) {
    case 'mean_squared_error':
      return wrap((t, p) => tf.mean(tf.square(tf.sub(p, t)), -1));
    case 'mean_absolute_error':
      return wrap((t, p) => tf.mean(tf.abs(tf.sub(p, t)), -1));
    case 'mean_absolute_percentage_error':
      return wrap((t, p) => tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(t, p), tf.maximum(tf.abs(t), EPSILON))), -1)));
    case 'mean_squared_logarithmic_error':
      return wrap((t, p) =>
        tf.mean(tf.square(tf.sub(tf.log1p(tf.maximum(p, EPSILON)), tf.log1p(tf.maximum(t, EPSILON)))), -1),
      );
    case 'huber':
      return wrap((t, p) => {
        const e = tf.abs(tf.sub(p, t));
        return tf.mean(tf.where(tf.lessEqual(e, 1), tf.mul(0.5, tf.square(e)), tf.sub(e, 0.5)), -1);
      });
    case 'log_cosh':
      return wrap((t, p) => {
        const x = tf.sub(p, t);
        return tf.mean(tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.log(2)), -1);
      });
    case 'hinge':
    case 'squared_hinge':
      return wrap((t, p) => {
        // Keras converts 0/1 labels to -1/1.
        const binary = tf.all(tf.logicalOr(tf.equal(t, 0), tf.equal(t, 1))).dataSync()[0];
        const s = binary ? tf.sub(tf.mul(2, t), 1) : t;
        const m = tf.relu(tf.sub(1, tf.mul(s, p)));
        return tf.mean(id === 'hinge' ? m : tf.square(m), -1);
      });
    case 'kl_divergence':
      return wrap((t, p) => {
        const tc = tf.clipByValue(t, EPSILON, 1);
        const pc = tf.clipByValue(p, EPSILON, 1);
        return tf.sum(tf.mul(tc, tf.log(tf.div(tc, pc))), -1);
      });
    case 'poisson':
      return wrap((t, p) => tf.mean(tf.sub(p, tf.mul(t, tf.log(tf.add(p, EPSILON)))), -1));
    default:
      throw new Error(`loss ${id} is not implemented`);
  }
}

/**
 * Keras 3's "accuracy" (compile_utils.get_metric): binary accuracy (threshold
 * 0.5) for one output unit, sparse categorical accuracy when the labels have a
 * lower rank (or one column against several units), else categorical accuracy.
 * Returns per-sample correctness (0/1).
 */
export function kerasAccuracy(tf: Tf, yTrue: TF.Tensor, yPred: TF.Tensor): TF.Tensor {
  const outUnits = yPred.shape[yPred.rank - 1];
  if (outUnits === 1) {
    const [t, p] = alignRanks(tf, yTrue, yPred);
    return tf.mean(tf.cast(tf.equal(t, tf.cast(tf.greater(p, 0.5), 'float32')), 'float32'), -1);
  }
  const sparse = yTrue.rank < yPred.rank || yTrue.shape[yTrue.rank - 1] === 1;
  const predicted = tf.argMax(yPred, -1);
  if (sparse) {
    const t = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [-1]) : yTrue;
    return tf.cast(tf.equal(tf.cast(t, 'int32'), predicted), 'float32');
  }
  return tf.cast(tf.equal(tf.argMax(yTrue, -1), predicted), 'float32');
}
