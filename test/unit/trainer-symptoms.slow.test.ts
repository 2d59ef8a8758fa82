/**
 * Each training-dynamics symptom provoked on a small model, trained for real
 * in the training processes (Stack Overflow-style code: deep sigmoid stacks,
 * unscaled features with SGD, a zero-initialised ReLU layer, raw pixel values,
 * Adam at 0.5, a 1-unit softmax), with the layer, the epoch and the numbers
 * the report gives, the likely causes and which mechanical fix helps.
 * test/unit/trainer-symptoms.test.ts checks the thresholds on measured traces.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { startVerification, type VerifyRequest, type VerifyResult } from '../../src/trainer';
import type { Symptom } from '../../src/trainer/protocol';
import { analyzer } from '../helpers';
import { skipWithoutNative, tracked } from '../trainer-helpers';
import { fixtureRandom, removeDir, tempDir, writeNpy } from './data-fixtures';

const root = path.join(__dirname, '..', '..');
const dir = tempDir('md-symptoms-');
after(() => removeDir(dir));

function verify(request: Partial<VerifyRequest> & { source: string }): Promise<VerifyResult> {
  return tracked(startVerification({ language: 'python', ...request }, () => {}, { analyzer: analyzer() })).done;
}

// The numbers asserted here (where NaN starts, which fix helps) are the native backend's.
const native = { skip: skipWithoutNative() };

const of = (result: VerifyResult, run = 0) => result.runs[run].symptoms;
const find = (symptoms: Symptom[], kind: Symptom['kind']) => {
  const s = symptoms.find((x) => x.kind === kind);
  assert.ok(s, `no ${kind} among ${symptoms.map((x) => x.kind).join(', ') || 'no symptom'}`);
  return s;
};

/** A normal-ish value from the fixture PRNG. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
}

test('a correct model: learns, no symptom, no mechanical fix tried', { timeout: 120_000, ...native }, async () => {
  const result = await verify({
    source: fs.readFileSync(path.join(root, 'test/fixtures/trainer/correct_mlp.py'), 'utf8'),
  });
  assert.equal(result.runs[0].verdict, 'learns');
  assert.deepEqual(of(result), []);
  assert.equal(result.runs.length, 1);
  assert.equal(result.diagnosis, undefined);
  assert.match(result.summary, /^The model learns: .* No symptom\.$/);
});

test('vanishing gradient in a stack of 15 sigmoid layers; relu instead of sigmoid is tried', {
  timeout: 120_000,
  ...native,
}, async () => {
  const source = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential()
model.add(layers.Dense(32, activation="sigmoid", input_shape=(20,)))
for _ in range(14):
    model.add(layers.Dense(32, activation="sigmoid"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
`;
  const result = await verify({ source });
  assert.equal(result.runs[0].verdict, 'cannot-learn');
  const vanishing = find(of(result), 'vanishing-gradient');
  assert.equal(vanishing.layer, 'Dense (line 5)');
  assert.equal(vanishing.epoch, 0);
  assert.ok(vanishing.value! < 1e-7, `ratio ${vanishing.value}`);
  assert.equal(vanishing.threshold, 1e-7);
  const cause = result.diagnosis!.causes.find((c) => c.cause === 'sigmoid or tanh in hidden layers')!;
  assert.match(
    cause.evidence,
    /Dense \(line 5\) applies sigmoid, Dense \(line 7\) applies sigmoid and 13 more hidden layers do the same/,
  );
  const tried = result.diagnosis!.experiments.find((e) => e.fix === 'relu-hidden')!;
  assert.equal(tried.label, 'relu instead of sigmoid in hidden layers');
  // In the relu variant the gradient reaches the first layer.
  assert.ok(!of(result, tried.run).some((s) => s.kind === 'vanishing-gradient'));
});

test('unscaled features with SGD: exploding gradient, NaN and where it starts; standardising the inputs helps', {
  timeout: 120_000,
  ...native,
}, async () => {
  // House-price-like features in very different units (1 to 5000) and a price from them.
  const random = fixtureRandom(3);
  const n = 500;
  const scales = [1, 10, 100, 1000, 3000, 5, 50, 500];
  const weights = scales.map((s) => gaussian(random) / s);
  const x = new Float32Array(n * 8);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 8; j++) x[i * 8 + j] = (1 + 0.5 * gaussian(random)) * scales[j];
    y[i] = scales.reduce((sum, _, j) => sum + weights[j] * x[i * 8 + j], 0) + 0.1 * gaussian(random);
  }
  writeNpy(path.join(dir, 'house_x.npy'), { descr: '<f4', shape: [n, 8], values: x });
  writeNpy(path.join(dir, 'house_y.npy'), { descr: '<f4', shape: [n], values: y });
  const source = `import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

features = np.load("house_x.npy")
prices = np.load("house_y.npy")

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mse")
model.fit(features, prices, epochs=50, batch_size=32, validation_split=0.2)
`;
  const result = await verify({ source, data: { fromCode: true }, dataBaseDirs: [dir] });
  assert.equal(result.data.source, 'yours');
  assert.equal(result.runs[0].verdict, 'diverges');
  const nan = find(of(result), 'non-finite');
  assert.equal(nan.epoch, 1);
  assert.match(nan.message, /^the loss becomes (NaN|infinite) at batch \d+ of epoch 1; /);
  assert.match(nan.layer!, /^Dense \(line 1[01]\)$/);
  const exploding = find(of(result), 'exploding-gradient');
  assert.equal(exploding.layer, 'Dense (line 9)');
  assert.ok(exploding.value! > 10);
  const causes = result.diagnosis!.causes;
  assert.match(
    causes.find((c) => c.cause === 'unscaled inputs')!.evidence,
    /the inputs range from -?\d+ to \d+ \(mean \|x\| \d+\).*; the code loads the array 'house_x\.npy' \(line 5\) and does not rescale it either$/,
  );
  const standardise = result.diagnosis!.experiments.find((e) => e.fix === 'rescale-inputs')!;
  assert.equal(standardise.label, 'Standardise the inputs (Normalization)');
  assert.equal(standardise.verdict, 'learns');
  assert.equal(standardise.helps, true);
  assert.match(result.summary, /“Standardise the inputs \(Normalization\)” helps: it learns/);
});

test('a zero-initialised ReLU layer: dead ReLUs, loss at ln 3, constant predictions; He initialisation helps', {
  timeout: 120_000,
  ...native,
}, async () => {
  const source = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu", kernel_initializer="zeros", input_shape=(20,)),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;
  const result = await verify({ source });
  assert.equal(result.runs[0].verdict, 'cannot-learn');
  const dead = find(of(result), 'dead-relu');
  assert.equal(dead.layer, 'Dense (line 5)');
  assert.equal(dead.value, 1);
  assert.match(dead.message, /64 of 64 units are never positive on the probe batch from initialisation on/);
  const chance = find(of(result), 'loss-at-chance');
  assert.ok(Math.abs(chance.value! - Math.log(3)) < 0.02 * Math.log(3));
  assert.equal(chance.threshold, Math.log(3));
  find(of(result), 'constant-predictions');
  assert.match(result.runs[0].stopped!.reason, /for 3 epochs, at chance accuracy/);
  const he = result.diagnosis!.experiments.find((e) => e.fix === 'he-initializer')!;
  assert.equal(he.verdict, 'learns');
  assert.equal(he.helps, true);
  assert.deepEqual(of(result, he.run), []);
});

test('raw pixel values into a sigmoid layer: saturated sigmoid, with the input range as evidence', {
  timeout: 120_000,
  ...native,
}, async () => {
  const random = fixtureRandom(5);
  const n = 400;
  const patterns = [0, 1].map(() => Array.from({ length: 64 }, () => 255 * random()));
  const x = new Float32Array(n * 64);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let j = 0; j < 64; j++) x[i * 64 + j] = Math.min(255, Math.max(0, patterns[i % 2][j] + 60 * gaussian(random)));
  }
  writeNpy(path.join(dir, 'pixels_x.npy'), { descr: '<f4', shape: [n, 64], values: x });
  writeNpy(path.join(dir, 'pixels_y.npy'), { descr: '<f4', shape: [n], values: y });
  const source = `import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.load("pixels_x.npy")
y_train = np.load("pixels_y.npy")

model = keras.Sequential([
    layers.Dense(32, activation="sigmoid", input_shape=(64,)),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=32)
`;
  const result = await verify({ source, data: { fromCode: true }, dataBaseDirs: [dir] });
  const saturated = find(of(result), 'saturated');
  assert.equal(saturated.layer, 'Dense (line 9)');
  assert.ok(saturated.value! >= 0.9);
  assert.equal(saturated.threshold, 0.9);
  assert.match(
    saturated.message,
    /saturated sigmoid in Dense \(line 9\): \d+ % of its outputs below 0\.01 or above 0\.99/,
  );
  assert.match(
    result.diagnosis!.causes.find((c) => c.cause === 'unscaled inputs')!.evidence,
    /the inputs range from 0 to 255/,
  );
});

test('Adam at 0.5: the loss oscillates; learning rate ÷ 10 helps', { timeout: 120_000, ...native }, async () => {
  const result = await verify({
    source: fs.readFileSync(path.join(root, 'examples/learning_rate_too_high.py'), 'utf8'),
  });
  const oscillating = find(of(result), 'oscillating-loss');
  assert.ok(oscillating.value! >= 0.3);
  assert.equal(oscillating.threshold, 0.3);
  assert.match(
    result.diagnosis!.causes[0].evidence,
    /sets the learning rate to 0\.5 .*500× Keras's default 0\.001 for adam/,
  );
  const lower = result.diagnosis!.experiments.find((e) => e.fix === 'lower-learning-rate')!;
  assert.equal(lower.label, 'Learning rate 0.5 → 0.05');
  assert.equal(lower.helps, true);
  assert.ok(result.runs[lower.run].reached! > result.runs[0].reached!);
});

test('a 1-unit softmax: saturated softmax output, constant predictions, accuracy at the majority share', {
  timeout: 120_000,
  ...native,
}, async () => {
  const source = fs.readFileSync(path.join(root, 'test/fixtures/trainer/unknown_input_shape.py'), 'utf8');
  const result = await verify({ source, inputShape: [20] });
  assert.deepEqual(
    of(result).map((s) => [s.kind, s.layer, s.epoch]),
    [
      ['saturated', 'Dense (line 9)', 0],
      ['constant-predictions', null, 1],
      ['majority-accuracy', null, 1],
    ],
  );
  assert.equal(find(of(result), 'majority-accuracy').value, 0.5);
  // The static finding's fixes learn: no mechanical fix is tried, the diagnosis names the output activation.
  assert.equal(result.confirmed, true);
  assert.deepEqual(result.diagnosis!.experiments, []);
  assert.match(result.diagnosis!.causes[0].evidence, /applies softmax to 1 unit, which is 1\.0 whatever the input/);
  assert.deepEqual(of(result, 1), []);
});
