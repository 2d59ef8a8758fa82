/**
 * The trainer's Keras losses against values computed by Keras 3.15.1
 * (TensorFlow 2.21) on the same inputs, including from_logits, label smoothing,
 * label-rank alignment and the shape errors Keras raises.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { kerasAccuracy, kerasLoss, KerasShapeError } from '../../src/trainer/tfjs/losses';

// Reference values: keras.losses.<Loss>()(y_true, y_pred) in Keras 3.15.1.
const KERAS = {
  bce: 4.296794891357422,
  bce_logits: 0.9907134771347046,
  bce_smooth: 4.137240886688232,
  cce: 0.42432188987731934,
  cce_logits: 0.3688865005970001,
  scce: 0.42432188987731934,
  scce_logits: 0.3688865005970001,
  mse: 0.06444444507360458,
  mae: 0.2222222238779068,
  huber: 0.6222221851348877,
};

const yb = tf.tensor([[1], [0], [1], [0]]);
const pb = tf.tensor([[0.9], [0.2], [0.4], [1.0]]);
const zb = tf.tensor([[2.0], [-1.0], [0.5], [3.0]]);
const yc = tf.tensor([
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
]);
const pc = tf.tensor([
  [0.2, 0.7, 0.1],
  [0.5, 0.3, 0.2],
  [0.1, 0.1, 0.8],
]);
const zc = tf.tensor([
  [1, 2, 0],
  [0.5, 0, -1],
  [0, 0, 3],
]);
const ys = tf.tensor([1, 0, 2]);

function loss(id: string, yTrue: tf.Tensor, yPred: tf.Tensor, fromLogits = false, labelSmoothing?: number): number {
  return kerasLoss(tf, { id, fromLogits, written: id, labelSmoothing })(yTrue, yPred).dataSync()[0];
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-4, `${actual} ≠ ${expected}`);

test('binary crossentropy: probabilities (clipped), logits, label smoothing, 1-D labels', () => {
  close(loss('binary_crossentropy', yb, pb), KERAS.bce);
  close(loss('binary_crossentropy', yb, zb, true), KERAS.bce_logits);
  close(loss('binary_crossentropy', yb, pb, false, 0.1), KERAS.bce_smooth);
  close(loss('binary_crossentropy', tf.tensor([1, 0, 1, 0]), pb), KERAS.bce);
});

test('categorical and sparse categorical crossentropy, with and without logits', () => {
  close(loss('categorical_crossentropy', yc, pc), KERAS.cce);
  close(loss('categorical_crossentropy', yc, zc, true), KERAS.cce_logits);
  close(loss('sparse_categorical_crossentropy', ys, pc), KERAS.scce);
  close(loss('sparse_categorical_crossentropy', ys, zc, true), KERAS.scce_logits);
  close(loss('sparse_categorical_crossentropy', ys.reshape([3, 1]), pc), KERAS.scce);
});

test('regression losses', () => {
  close(loss('mean_squared_error', yc, pc), KERAS.mse);
  close(loss('mean_absolute_error', yc, pc), KERAS.mae);
  close(loss('huber', tf.mul(yc, 3), pc), KERAS.huber);
});

test('the shape errors Keras raises before training', () => {
  assert.throws(
    () => loss('sparse_categorical_crossentropy', yc, pc),
    (e: unknown) => e instanceof KerasShapeError && /rank \(ndim\) target.ndim - 1/.test((e as Error).message),
  );
  assert.throws(
    () => loss('categorical_crossentropy', ys, pc),
    (e: unknown) => e instanceof KerasShapeError && /same rank/.test((e as Error).message),
  );
  assert.throws(
    () => loss('sparse_categorical_crossentropy', tf.tensor([5, 0, 1]), pc),
    /outside the valid range of \[0, 3\)/,
  );
});

test('a 1-unit softmax output is 1.0 everywhere, so binary crossentropy is flat near 8 (tfjs / tf.keras 2 behaviour)', () => {
  const ones = tf.ones([4, 1]);
  const value = loss('binary_crossentropy', yb, ones);
  assert.ok(value > 7.5 && value < 8.2, String(value));
});

test('Keras 3 "accuracy": binary for one unit, sparse for integer labels, categorical for one-hot', () => {
  assert.deepEqual(Array.from(kerasAccuracy(tf, yb, pb).dataSync()), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(kerasAccuracy(tf, ys, pc).dataSync()), [1, 1, 1]);
  assert.deepEqual(Array.from(kerasAccuracy(tf, yc, pc).dataSync()), [1, 1, 1]);
  assert.deepEqual(Array.from(kerasAccuracy(tf, tf.tensor([[2], [1], [0]]), pc).dataSync()), [0, 0, 0]);
});

test("categorical crossentropy from logits has TensorFlow's kernel gradient (softmax − labels), as Keras 3 trains with", () => {
  // tf.nn.softmax_cross_entropy_with_logits in TensorFlow 2.21, gradients by tf.GradientTape.
  const grad = (labels: number[][], logits: number[][]) =>
    Array.from(
      tf
        .grad((z: tf.Tensor) =>
          kerasLoss(tf, { id: 'categorical_crossentropy', fromLogits: true, written: '' })(tf.tensor(labels), z),
        )(tf.tensor(logits))
        .dataSync(),
    );
  const single = grad([[0], [1]], [[2], [-1]]);
  assert.deepEqual(
    single.map((v) => +v.toFixed(5)),
    [0.5, 0],
  );
  const multiHot = grad([[1, 1, 0]], [[1, 2, 0]]);
  [-0.7552715539932251, -0.33475905656814575, 0.09003057330846786].forEach((v, i) => close(multiHot[i], v));
});

test('Keras 3 computes crossentropy from the cached logits of a final sigmoid/softmax', () => {
  // A 1-unit softmax: every prediction is 1.0, but binary crossentropy is taken from the logits.
  const logits = tf.tensor([[2.0], [-1.0], [0.5], [3.0]]);
  const ones = tf.ones([4, 1]);
  close(
    kerasLoss(tf, { id: 'binary_crossentropy', fromLogits: false, written: '' })(yb, ones, logits).dataSync()[0],
    KERAS.bce_logits,
  );
});
