/**
 * The flow engine both front ends share, seen from TensorFlow.js: a layer
 * applied in a loop whose count is not known, and a model with several
 * outputs applied like a layer and destructured. Expected shapes and counts
 * are what tfjs-layers gives (the same as Keras for these layers).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyzeJs, js } from '../tfjs-helpers';

async function rowsOf(text: string, name: string) {
  const result = await analyzeJs(text);
  const model = result.models.find((m) => m.name === name);
  assert.ok(model, `no model ${name}: ${result.models.map((m) => m.name).join(', ')}`);
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

describe('TensorFlow.js: values through loops', () => {
  test('hidden layers added in a loop of unknown count keep the width they all have', async () => {
    const rows = await rowsOf(
      js`
        const tf = require('@tensorflow/tfjs');

        function buildModel(numHidden) {
          const input = tf.input({shape: [32]});
          let x = tf.layers.dense({units: 64, activation: 'relu'}).apply(input);
          for (let i = 0; i < numHidden; i++) {
            x = tf.layers.dense({units: 64, activation: 'relu'}).apply(x);
          }
          const output = tf.layers.dense({units: 3, activation: 'softmax'}).apply(x);
          return tf.model({inputs: input, outputs: output});
        }
      `,
      'buildModel',
    );
    assert.deepEqual(rows.at(-1), ['Dense', [null, 3], 195]);
  });

  test('a loop of unknown count that doubles the width each time: the weights of the last layer are unknown', async () => {
    const rows = await rowsOf(
      js`
        const tf = require('@tensorflow/tfjs');

        function buildModel(numHidden) {
          const input = tf.input({shape: [32]});
          let units = 16;
          let x = tf.layers.dense({units: 16}).apply(input);
          for (let i = 0; i < numHidden; i++) {
            x = tf.layers.dense({units}).apply(x);
            units *= 2;
          }
          const output = tf.layers.dense({units: 3, activation: 'softmax'}).apply(x);
          return tf.model({inputs: input, outputs: output});
        }
      `,
      'buildModel',
    );
    // One iteration gives 16 inputs, two give 32.
    assert.equal(rows.at(-1)?.[2], null);
  });

  test('a model with two outputs applied like a layer gives an array to destructure', async () => {
    const rows = await rowsOf(
      js`
        const tf = require('@tensorflow/tfjs');

        const trunkIn = tf.input({shape: [20]});
        const hidden = tf.layers.dense({units: 16, activation: 'relu'}).apply(trunkIn);
        const small = tf.layers.dense({units: 4}).apply(hidden);
        const trunk = tf.model({inputs: trunkIn, outputs: [hidden, small]});

        const input = tf.input({shape: [20]});
        const [features, code] = trunk.apply(input);
        const joined = tf.layers.concatenate().apply([features, code]);
        const head = tf.layers.dense({units: 1, activation: 'sigmoid'}).apply(joined);
        const model = tf.model({inputs: input, outputs: head});
      `,
      'model',
    );
    assert.deepEqual(rows.slice(1), [
      ['Concatenate', [null, 20], 0],
      ['Dense', [null, 1], 21],
    ]);
    assert.deepEqual(rows[0], ['Functional', [null, 16], 404]);
  });
});

describe('TensorFlow.js: layers that give several tensors', () => {
  test('an LSTM encoder with returnState: its states start the decoder', async () => {
    const rows = await rowsOf(
      js`
        const tf = require('@tensorflow/tfjs');

        const encoderInput = tf.input({shape: [null, 20]});
        const [, stateH, stateC] = tf.layers.lstm({units: 32, returnState: true}).apply(encoderInput);
        const decoderInput = tf.input({shape: [null, 30]});
        const decoderSeq = tf.layers
          .lstm({units: 32, returnSequences: true})
          .apply(decoderInput, {initialState: [stateH, stateC]});
        const probs = tf.layers.dense({units: 30, activation: 'softmax'}).apply(decoderSeq);
        const model = tf.model({inputs: [encoderInput, decoderInput], outputs: probs});
      `,
      'model',
    );
    assert.deepEqual(rows.at(-1), ['Dense', [null, null, 30], 990]);
    assert.deepEqual(rows[0], ['LSTM', [null, 32], 6784]);
  });
});
