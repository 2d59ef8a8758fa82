/** Synthetic data (balanced, seeded, label encodings) and scaled replicas. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { describeTask, encodeLabels, generateDataset } from '../../src/trainer/synthetic';
import { planVerification } from '../../src/trainer/plan';
import { decideScale, replicate, REPLICA_LADDER } from '../../src/trainer/scale';
import type { ModelSpec } from '../../src/trainer/spec';
import { nodeShapes } from '../../src/trainer/tfjs/shapes';
import { analyzer } from '../helpers';

const example = fs.readFileSync(path.join(__dirname, '../../examples/cats_vs_dogs_softmax.py'), 'utf8');

async function examplePlan(extra = {}) {
  return (await planVerification(await analyzer(), { source: example, language: 'python', ...extra })).plan;
}

test('images: balanced classes, pixel range when the model rescales by 1/255, reproducible by seed', async () => {
  const spec = (await examplePlan()).variants[0].spec;
  const task = describeTask(spec, 1);
  assert.deepEqual(task, {
    kind: 'classification',
    classes: 2,
    input: 'pattern',
    shape: [64, 64, 1],
    pixelScale: true,
    vocabulary: undefined,
  });
  const a = generateDataset(task, 64, 32, 7);
  const b = generateDataset(task, 64, 32, 7);
  assert.deepEqual(a.train.x, b.train.x);
  assert.notDeepEqual(generateDataset(task, 64, 32, 8).train.x, a.train.x);
  assert.equal(a.train.classIds.filter((k) => k === 1).length, 32);
  assert.equal(a.majorityRate, 0.5);
  const [lo, hi] = a.train.x.reduce(([l, h], v) => [Math.min(l, v), Math.max(h, v)], [Infinity, -Infinity]);
  assert.ok(lo >= 0 && hi <= 255 && hi > 1);
  // The classes differ in their mean pattern (a learnable signal).
  const mean = (k: number) => {
    let s = 0;
    let c = 0;
    a.train.classIds.forEach((id, i) => {
      if (id !== k) return;
      s += a.train.x[i * 4096];
      c++;
    });
    return s / c;
  };
  assert.notEqual(Math.round(mean(0)), Math.round(mean(1)));
});

test('labels are encoded the way the code encodes them, per variant', async () => {
  const p = await examplePlan();
  const [asWritten, , twoUnits] = p.variants.map((v) => v.spec);
  const task = describeTask(asWritten, 1);
  const data = generateDataset(task, 16, 8, 1);
  const binary = encodeLabels(data.train, task, asWritten.labels, asWritten.loss, 1);
  assert.deepEqual(binary.shape, [16, 1]);
  assert.match(binary.description, /binary 0\/1 labels.*label_mode="binary"/);
  // The two-unit fix keeps the code's binary labels (a column of 0/1), which sparse crossentropy accepts.
  assert.deepEqual(encodeLabels(data.train, task, twoUnits.labels, twoUnits.loss, 2).shape, [16, 1]);
  const oneHot = encodeLabels(
    data.train,
    { ...task, classes: 3 },
    { encoding: 'one-hot', numClasses: 3, singleColumn: false, source: 'to_categorical' },
    twoUnits.loss,
    3,
  );
  assert.deepEqual(oneHot.shape, [16, 3]);
  assert.equal(
    oneHot.values.reduce((s, v) => s + v, 0),
    16,
  );
  const integer = encodeLabels(
    data.train,
    task,
    { encoding: 'integer', numClasses: 2, singleColumn: false, source: 'load_data' },
    twoUnits.loss,
    2,
  );
  assert.deepEqual(integer.shape, [16]);
  const inferred = encodeLabels(
    data.train,
    task,
    null,
    { id: 'categorical_crossentropy', fromLogits: false, written: 'x' },
    2,
  );
  assert.deepEqual(inferred.shape, [16, 2]);
});

test('token sequences stay inside the Embedding vocabulary', () => {
  const spec = {
    inputs: [{ id: 'in0', shape: [20] }],
    nodes: [{ id: 'n0', type: 'Embedding', config: { input_dim: 50, output_dim: 8 }, inputs: ['in0'], line: 1 }],
    outputs: ['n0'],
    loss: { id: 'sparse_categorical_crossentropy', fromLogits: false, written: '' },
    labels: null,
  } as unknown as ModelSpec;
  const task = describeTask(spec, 4);
  assert.equal(task.input, 'tokens');
  assert.equal(task.classes, 4);
  const data = generateDataset(task, 40, 8, 3);
  assert.ok(data.train.x.every((t) => Number.isInteger(t) && t >= 1 && t < 50));
});

test('a scaled replica keeps every layer type, activation, the output layer, loss and optimizer', async () => {
  const spec = (await examplePlan()).variants[0].spec;
  const { spec: replica, changes, input } = replicate(spec, REPLICA_LADDER[0], true);
  assert.deepEqual(input, { from: [64, 64, 1], to: [32, 32, 1] });
  assert.deepEqual(
    replica.nodes.map((n) => n.type),
    spec.nodes.map((n) => n.type),
  );
  assert.deepEqual(
    replica.nodes.map((n) => n.config.activation),
    spec.nodes.map((n) => n.config.activation),
  );
  assert.deepEqual(replica.nodes[8].config, spec.nodes[8].config);
  assert.deepEqual([replica.loss, replica.optimizer], [spec.loss, spec.optimizer]);
  assert.deepEqual(
    changes.map((c) => `${c.layer} ${c.argument} ${c.from}→${c.to}`),
    ['Conv2D (line 41) filters 32→16', 'Conv2D (line 43) filters 64→16', 'Dense (line 46) units 128→64'],
  );
});

test('the scaler trains small models at full size, replicates large ones, and honours full size', async () => {
  await tf.setBackend('cpu');
  const shapes = (s: ModelSpec) => nodeShapes(tf, s);
  const p = await examplePlan();
  const decided = decideScale(p, 'tensorflow', shapes);
  assert.ok(decided.scaled.reason, 'the 64×64 CNN is replicated on tfjs-node within 30 s');
  assert.equal(decided.variants.length, 3);
  const full = decideScale({ ...p, fullSize: true }, 'tensorflow', shapes);
  assert.deepEqual(full.scaled, {});
  const small = decideScale(
    { ...p, variants: p.variants.map((v) => ({ ...v, spec: replicate(v.spec, REPLICA_LADDER[1], true).spec })) },
    'tensorflow',
    shapes,
  );
  assert.deepEqual(small.scaled, {});
  // The pure-JS backend is ~15× slower: the replica is smaller still.
  const cpu = decideScale(p, 'cpu', shapes);
  assert.deepEqual((cpu.scaled as { input_shape: { to: number[] } }).input_shape.to, [16, 16, 1]);
});

test('recurrent models train a replica of 16 time steps and 16 units (bench/recurrent-replicas.ts)', async () => {
  await tf.setBackend('cpu');
  const source = fs.readFileSync(
    path.join(__dirname, '..', '..', 'bench', 'cases', 'sentiment_lstm_softmax.py'),
    'utf8',
  );
  const p = (await planVerification(await analyzer(), { source, language: 'python' })).plan;
  const decided = decideScale(p, 'tensorflow', (s) => nodeShapes(tf, s));
  const scaled = decided.scaled as { input_shape: { to: number[] }; layers: { argument: string; to: number }[] };
  assert.deepEqual(scaled.input_shape.to, [16]);
  assert.equal(scaled.layers.find((l) => l.argument === 'units')?.to, 16);
  // Every run the same way.
  assert.ok(decided.variants.every((v) => v.inputs[0].shape[0] === 16));
});

test('a layer that does not fit its input is named', async () => {
  const spec = (await examplePlan()).variants[0].spec;
  const tiny = { ...spec, inputs: [{ id: 'in0', shape: [4, 4, 1] }] };
  await tf.setBackend('cpu');
  assert.throws(() => nodeShapes(tf, tiny), /cannot rebuild layer (Conv2D \(line 43\)|MaxPooling2D \(line 4[24]\))/);
});

test('the memory estimate refuses a full-size model that would not fit, and scales it otherwise', async () => {
  await tf.setBackend('cpu');
  const shapes = (s: ModelSpec) => nodeShapes(tf, s);
  const huge: ModelSpec = {
    name: 'huge',
    inputs: [{ id: 'in0', shape: [60000] }],
    nodes: [
      { id: 'n0', type: 'Dense', config: { units: 60000, activation: 'relu' }, inputs: ['in0'], line: 3 },
      { id: 'n1', type: 'Dense', config: { units: 1, activation: 'sigmoid' }, inputs: ['n0'], line: 4 },
    ],
    outputs: ['n1'],
    loss: { id: 'binary_crossentropy', fromLogits: false, written: 'binary_crossentropy' },
    optimizer: { id: 'adam', learningRate: 0.001, config: {}, written: 'adam' },
    metrics: [],
    labels: null,
    batchSize: 32,
    notReproduced: [],
  };
  const p = await examplePlan();
  const plan = { ...p, variants: [{ label: 'as written', spec: huge }] };
  // 3.6e9 weights: about 54 GB to train.
  assert.throws(
    () => decideScale({ ...plan, fullSize: true }, 'tensorflow', shapes),
    /the full-size model needs about \d+\.\d GB to train, more than the/,
  );
  const scaled = decideScale(plan, 'tensorflow', shapes);
  assert.match(String(scaled.scaled.reason), /needs about \d+\.\d GB|over the 30 s budget/);
  assert.deepEqual((scaled.scaled as { input_shape: { to: number[] } }).input_shape.to, [256]);
});

test('regression targets lie where the real ones do when the output cannot reach that documented range (house prices)', async () => {
  const source = [
    'from tensorflow import keras',
    '(x_train, y_train), _ = keras.datasets.boston_housing.load_data()',
    'model = keras.Sequential([keras.layers.Dense(64, activation="relu", input_shape=(13,)), keras.layers.Dense(1, activation="sigmoid")])',
    'model.compile(optimizer="adam", loss="mse")',
    'model.fit(x_train, y_train)',
    '',
  ].join('\n');
  const { plan } = await planVerification(await analyzer(), { source, language: 'python' });
  const task = describeTask(plan.variants[0].spec, 1);
  assert.deepEqual(task.targetRange, [10, 50]);
  const data = generateDataset(task, 256, 64, 1);
  const targets = [...data.train.targets!];
  const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
  assert.ok(mean > 20 && mean < 40, `centred in the range (mean ${mean})`);
  assert.ok(targets.filter((t) => t > 1).length > 0.95 * targets.length, 'out of a sigmoid’s reach');
  // Without a documented range, or with an output that reaches it (the fix: linear), the teacher's targets stay
  // around 0, which a sound model learns within the default epochs.
  assert.equal(describeTask({ ...plan.variants[0].spec, labels: null }, 1).targetRange, undefined);
  const linear = plan.variants.find((v) => v.label === 'Use a linear output');
  assert.ok(linear);
  assert.equal(describeTask(linear.spec, 1).targetRange, undefined);
});
