/** The verdict logic on recorded histories: Keras 3 and tfjs behaviour, BatchNormalization lag, divergence. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { History } from '../../src/trainer/protocol';
import { summarise } from '../../src/trainer/summary';
import { judgeRun, learningMargin, type RunObservation } from '../../src/trainer/verdict';

const constantOne = { constant: true, sameClass: true, nonFinite: false, firstRow: [1] };
const varied = { constant: false, sameClass: false, nonFinite: false, firstRow: [0.3] };

function obs(history: Partial<History>, extra: Partial<RunObservation> = {}): RunObservation {
  return {
    history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [], ...history },
    task: 'classification',
    majorityRate: 0.5,
    validationSize: 128,
    predictions: varied,
    hasBatchNorm: false,
    ...extra,
  };
}

const flat = (v: number, n = 6) => Array(n).fill(v);

test('1-unit softmax under tfjs / tf.keras 2: flat loss near 8, accuracy 0.50, every prediction 1.0 → cannot learn', () => {
  const j = judgeRun(
    obs(
      { loss: flat(7.971), accuracy: flat(0.5), val_loss: flat(7.971), val_accuracy: flat(0.5) },
      { predictions: constantOne },
    ),
  );
  assert.equal(j.verdict, 'cannot-learn');
  assert.equal(j.detail, 'every prediction is 1.0, accuracy stays at 0.50');
});

test('1-unit softmax under Keras 3: the loss falls to 0 from cached logits, yet accuracy stays at chance → still cannot learn', () => {
  // Recorded with Keras 3.15.1 / TF 2.21 (docs/verify.md): loss from the pre-softmax logits falls, predictions stay 1.0.
  const loss = [0.62, 0.21, 0.05, 0.01, 0.002, 0.0004];
  const j = judgeRun(
    obs({ loss, accuracy: flat(0.499), val_loss: loss, val_accuracy: flat(0.5) }, { predictions: constantOne }),
  );
  assert.equal(j.verdict, 'cannot-learn');
});

test('a bit-identical loss every epoch is a zero gradient', () => {
  const j = judgeRun(obs({ loss: flat(0), accuracy: flat(0.52), val_loss: flat(0), val_accuracy: flat(0.48) }));
  assert.equal(j.verdict, 'cannot-learn');
  assert.match(j.detail, /no gradient/);
});

test('accuracy well above chance learns', () => {
  const j = judgeRun(
    obs({
      loss: [0.6, 0.3, 0.1],
      accuracy: [0.7, 0.9, 0.97],
      val_loss: [0.5, 0.2, 0.1],
      val_accuracy: [0.8, 0.95, 0.97],
    }),
  );
  assert.equal(j.verdict, 'learns');
  assert.equal(j.reached, 0.97);
});

test('BatchNormalization: validation accuracy lags at chance while training accuracy rises → learns, not cannot-learn', () => {
  const h = {
    loss: [0.7, 0.4, 0.2, 0.1],
    accuracy: [0.6, 0.85, 0.95, 0.98],
    val_loss: [0.9, 0.8, 0.75, 0.7],
    val_accuracy: [0.5, 0.5, 0.5, 0.52],
  };
  assert.equal(judgeRun(obs(h, { hasBatchNorm: true })).verdict, 'learns');
  // Without BatchNormalization the same curves do not prove learning (it may be memorising).
  assert.equal(judgeRun(obs(h)).verdict, 'inconclusive');
});

test('BatchNormalization does not excuse a model whose training accuracy stays at chance too', () => {
  const j = judgeRun(
    obs(
      { loss: flat(7.9), accuracy: flat(0.5), val_loss: flat(7.9), val_accuracy: flat(0.5) },
      { hasBatchNorm: true, predictions: constantOne },
    ),
  );
  assert.equal(j.verdict, 'cannot-learn');
});

test('NaN or Inf in the loss diverges', () => {
  const j = judgeRun(
    obs({
      loss: [2.3, Infinity, NaN],
      accuracy: [0.3, 0.3, 0.3],
      val_loss: [2.1, NaN, NaN],
      val_accuracy: [0.3, 0.3, 0.3],
    }),
  );
  assert.equal(j.verdict, 'diverges');
  assert.equal(j.detail, 'the loss becomes infinite in epoch 2');
});

test('a Keras shape error before the first batch cannot learn', () => {
  const j = judgeRun(
    obs({}, { error: 'sparse_categorical_crossentropy: argument output must have rank target.ndim - 1' }),
  );
  assert.equal(j.verdict, 'cannot-learn');
  assert.match(j.detail, /^training stops at the first batch/);
});

test('near chance with varying predictions is inconclusive, never a false "cannot learn"', () => {
  const j = judgeRun(
    obs({
      loss: [0.69, 0.69, 0.68],
      accuracy: [0.5, 0.52, 0.53],
      val_loss: [0.694, 0.691, 0.689],
      val_accuracy: [0.5, 0.51, 0.52],
    }),
  );
  assert.equal(j.verdict, 'inconclusive');
});

test('regression: learns against the predict-the-mean baseline, constant predictions cannot learn', () => {
  const learns = judgeRun(
    obs({ loss: [1, 0.3, 0.05], val_loss: [0.9, 0.2, 0.04] }, { task: 'regression', baselineLoss: 1 }),
  );
  assert.equal(learns.verdict, 'learns');
  const stuck = judgeRun(
    obs(
      { loss: flat(1.01, 3), val_loss: [1, 1.01, 1] },
      { task: 'regression', baselineLoss: 1, predictions: { ...constantOne, firstRow: [0.02] } },
    ),
  );
  assert.equal(stuck.verdict, 'cannot-learn');
});

test('regression: predictions saturated at a bound (varying far less than the targets) cannot learn', () => {
  // A sigmoid output on house prices: every prediction 0.9999…, the targets spread over tens.
  const saturated = { constant: false, sameClass: true, nonFinite: false, firstRow: [0.99998], spread: 3e-5 };
  const decreasing = { loss: [1900, 1200, 1150], val_loss: [1800, 1160, 1140] };
  const j = judgeRun(obs(decreasing, { task: 'regression', baselineLoss: 121, predictions: saturated }));
  assert.equal(j.verdict, 'cannot-learn');
  assert.match(j.detail, /^every prediction is about 1\.0; the loss of always predicting the mean is 121$/);
  // The same losses with predictions that follow the inputs: too early to say.
  const varied = { ...saturated, sameClass: false, spread: 25 };
  assert.equal(
    judgeRun(obs(decreasing, { task: 'regression', baselineLoss: 121, predictions: varied })).verdict,
    'inconclusive',
  );
});

test('the learning margin grows for small validation sets', () => {
  assert.equal(learningMargin(0.5, 10_000), 0.1);
  assert.ok(learningMargin(0.5, 20) > 0.3);
});

test('summary: confirmed only when as written fails and a fix learns', () => {
  const s = summarise(
    [
      {
        label: 'as written',
        verdict: 'cannot-learn',
        detail: 'every prediction is 1.0, accuracy stays at 0.50',
        reached: 0.5,
      },
      { label: 'Use sigmoid (keep 1 unit)', verdict: 'learns', detail: '', reached: 0.97 },
    ],
    'classification',
  );
  assert.equal(s.confirmed, true);
  assert.equal(
    s.summary,
    'Confirmed: as written the model cannot learn — every prediction is 1.0, accuracy stays at 0.50. With “Use sigmoid (keep 1 unit)” it reaches 0.97.',
  );
  const notConfirmed = summarise(
    [
      { label: 'as written', verdict: 'learns', detail: 'accuracy reaches 0.98 (chance 0.50)', reached: 0.98 },
      { label: 'fix', verdict: 'learns', detail: '', reached: 0.98 },
    ],
    'classification',
  );
  assert.equal(notConfirmed.confirmed, false);
  assert.match(notConfirmed.summary, /^Not confirmed/);
  const alone = summarise(
    [{ label: 'as written', verdict: 'learns', detail: 'accuracy reaches 0.98 (chance 0.50)', reached: 0.98 }],
    'classification',
  );
  assert.equal(alone.confirmed, false);
  assert.equal(alone.summary, 'The model learns: accuracy reaches 0.98 (chance 0.50).');
});

test('weights that never change are a zero gradient, whatever the accuracy', () => {
  const j = judgeRun(
    obs(
      { loss: [5e-8, 5.1e-8], accuracy: [0.62, 0.62], val_loss: [5e-8, 5e-8], val_accuracy: [0.61, 0.61] },
      { weightsUnchanged: true },
    ),
  );
  assert.equal(j.verdict, 'cannot-learn');
  assert.equal(j.detail, 'no weight changes during training: the gradient is zero, accuracy stays at 0.61');
});

test('zero gradient and constant predictions: the message says what the user sees', () => {
  const j = judgeRun(
    obs(
      { loss: flat(7.97), accuracy: flat(0.5), val_loss: flat(7.97), val_accuracy: flat(0.5) },
      { weightsUnchanged: true, predictions: constantOne },
    ),
  );
  assert.equal(j.detail, 'every prediction is 1.0, accuracy stays at 0.50');
});
