/**
 * The training probe on hand-made weights (pure-JS tfjs): gradient and weight
 * norms against the analytic gradient, dead ReLU units, saturated sigmoid
 * outputs, NaN/Inf; and a Flatten on a (batch, n) input, which Keras leaves as
 * it is and tfjs refuses, rebuilt as the identity.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, NodeSpec } from '../../src/trainer/spec';
import { buildModel } from '../../src/trainer/tfjs/build';
import { kerasLoss } from '../../src/trainer/tfjs/losses';
import { makeProber } from '../../src/trainer/tfjs/probe';
import { nodeShapes } from '../../src/trainer/tfjs/shapes';

function spec(nodes: Omit<NodeSpec, 'line'>[], inputShape: number[], loss = 'mean_squared_error'): ModelSpec {
  return {
    name: 'm',
    inputs: [{ id: 'in0', shape: inputShape }],
    nodes: nodes.map((n, i) => ({ ...n, line: 10 + i })),
    outputs: [nodes[nodes.length - 1].id],
    loss: { id: loss, fromLogits: false, written: loss },
    optimizer: { id: 'sgd', learningRate: 0.01, config: {}, written: 'sgd' },
    metrics: [],
    labels: null,
    batchSize: 32,
    notReproduced: [],
  };
}

test('gradient and weight norms are the analytic ones (a linear layer, mean squared error)', () => {
  const s = spec([{ id: 'n0', type: 'Dense', config: { units: 1 }, inputs: ['in0'] }], [2]);
  const built = buildModel(tf, s);
  built.layers.get('n0')!.setWeights([tf.tensor([[1], [2]]), tf.tensor([0.5])]);
  const x = tf.tensor([
    [1, 1],
    [2, 0],
  ]);
  const y = tf.tensor([[0], [1]]);
  const [layer] = makeProber(tf, built, s, kerasLoss(tf, s.loss), { x, y }).probe();
  // pred = [3.5, 2.5], error = [3.5, 1.5]; dL/dw = xᵀ·error = [6.5, 3.5], dL/db = 5.
  assert.equal(layer.label, 'Dense (line 10)');
  assert.ok(Math.abs(layer.grad! - Math.sqrt(6.5 ** 2 + 3.5 ** 2 + 5 ** 2)) < 1e-5, `grad ${layer.grad}`);
  assert.ok(Math.abs(layer.weight! - Math.sqrt(1 + 4 + 0.25)) < 1e-6);
  assert.equal(layer.nonFinite, undefined);
  built.model.dispose();
});

test('dead ReLU units, saturated sigmoid outputs and NaN, measured on the batch', () => {
  const s = spec(
    [
      { id: 'n0', type: 'Dense', config: { units: 4, activation: 'relu' }, inputs: ['in0'] },
      { id: 'n1', type: 'Dense', config: { units: 2, activation: 'sigmoid' }, inputs: ['n0'] },
    ],
    [3],
    'binary_crossentropy',
  );
  const built = buildModel(tf, s);
  // Units 0–2 never positive (bias -100), unit 3 passes the first input through.
  built.layers.get('n0')!.setWeights([
    tf.tensor([
      [0, 0, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]),
    tf.tensor([-100, -100, -100, 0]),
  ]);
  // Output 0 always saturated (bias 50), output 1 only for large inputs.
  built.layers.get('n1')!.setWeights([
    tf.tensor([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 1],
    ]),
    tf.tensor([50, 0]),
  ]);
  const x = tf.tensor([
    [0.1, 1, 1],
    [10, 1, 1],
    [0.5, 0, 0],
    [20, 0, 0],
  ]);
  const y = tf.tensor([
    [1, 0],
    [1, 1],
    [1, 0],
    [1, 1],
  ]);
  const prober = makeProber(tf, built, s, kerasLoss(tf, s.loss), { x, y });
  const [relu, sigmoid] = prober.probe();
  assert.equal(relu.dead, 0.75);
  assert.equal(relu.units, 4);
  // Output 0: 4 of 4 saturated; output 1: sigmoid(10) and sigmoid(20) saturated, sigmoid(0.1), sigmoid(0.5) not.
  assert.equal(sigmoid.saturated, 6 / 8);
  const withNaN = prober.probe(
    tf.tensor([
      [Number.NaN, 0, 0],
      [1, 0, 0],
    ]),
    tf.tensor([
      [1, 0],
      [1, 1],
    ]),
  );
  assert.equal(withNaN[0].nonFinite, true);
  assert.ok(Number.isNaN(withNaN[0].grad!));
  built.model.dispose();
});

test('Flatten on a (batch, n) input is the identity, as in Keras (tfjs refuses rank 2)', () => {
  const s = spec(
    [
      { id: 'n0', type: 'Flatten', config: {}, inputs: ['in0'] },
      { id: 'n1', type: 'Dense', config: { units: 3 }, inputs: ['n0'] },
    ],
    [20],
  );
  assert.deepEqual(nodeShapes(tf, s).get('n0'), [null, 20]);
  const built = buildModel(tf, s);
  assert.deepEqual(built.model.outputs[0].shape, [null, 3]);
  const out = built.model.predict(tf.ones([2, 20])) as tf.Tensor;
  assert.deepEqual(out.shape, [2, 3]);
  built.model.dispose();
});
