import assert from 'node:assert/strict';
import { test } from 'node:test';
import { js, layerTypes, onlyModel, analyzeJs } from '../tfjs-helpers';

const body = `
const model = SEQ();
model.add(LAYERS.dense({units: 8, activation: 'relu', inputShape: [4]}));
model.add(LAYERS.dense({units: 3, activation: 'softmax'}));
model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
`;

const variants: [string, string, string][] = [
  ["import * as tf from '@tensorflow/tfjs';", 'tf.sequential', 'tf.layers'],
  ["import * as tf from '@tensorflow/tfjs-node';", 'tf.sequential', 'tf.layers'],
  ["import * as tfn from '@tensorflow/tfjs-node-gpu';", 'tfn.sequential', 'tfn.layers'],
  ["import * as tfl from '@tensorflow/tfjs-layers';", 'tfl.sequential', 'tfl.layers'],
  ["import tf from '@tensorflow/tfjs';", 'tf.sequential', 'tf.layers'],
  ["import { sequential, layers } from '@tensorflow/tfjs';", 'sequential', 'layers'],
  ["import { sequential as seq, layers as L } from '@tensorflow/tfjs-layers';", 'seq', 'L'],
  ["const tf = require('@tensorflow/tfjs-node');", 'tf.sequential', 'tf.layers'],
  ["const { sequential, layers } = require('@tensorflow/tfjs');", 'sequential', 'layers'],
  ["const { sequential: S, layers: { dense } } = require('@tensorflow/tfjs'); const LL = { dense };", 'S', 'LL'],
  ["import tf = require('@tensorflow/tfjs');", 'tf.sequential', 'tf.layers'],
  ['// tfjs loaded by a <script> tag: the global tf', 'tf.sequential', 'tf.layers'],
];

for (const [header, seq, layers] of variants) {
  test(`imports: ${header}`, async () => {
    const text = `${header}\n${body.replace('SEQ', seq).replace(/LAYERS/g, layers)}`;
    const fileName = header.startsWith('import tf =') ? 'model.ts' : 'model.js';
    const model = await onlyModel(text, fileName);
    assert.deepEqual(layerTypes(model), ['Dense', 'Dense']);
    assert.equal(model.compile?.loss?.id, 'categorical_crossentropy');
  });
}

test('dynamic import and awaited require give the tf namespace', async () => {
  const text = js`
    async function main() {
      const tf = await import('@tensorflow/tfjs');
      const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [2]})]});
      model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
    }
    main();
  `;
  assert.deepEqual(layerTypes(await onlyModel(text)), ['Dense']);
});

test('other modules are not tfjs: no model from a look-alike API', async () => {
  const text = js`
    import * as tf from './my-tf-wrapper';
    import { sequential } from 'some-other-lib';
    const a = tf.sequential();
    a.add(tf.layers.dense({units: 1, activation: 'softmax'}));
    const b = sequential();
  `;
  const result = await analyzeJs(text);
  assert.equal(result.models.length, 0);
  assert.deepEqual(result.findings, []);
});

test('a local binding named tf shadows the global', async () => {
  const text = js`
    const tf = makeSomething();
    const m = tf.sequential();
    m.add(tf.layers.dense({units: 1, activation: 'softmax'}));
  `;
  assert.equal((await analyzeJs(text)).models.length, 0);
});

test('type-only imports bind nothing', async () => {
  const text = js`
    import type { LayersModel } from '@tensorflow/tfjs';
    import { type Tensor, sequential, layers } from '@tensorflow/tfjs';
    const m: LayersModel = sequential({layers: [layers.dense({units: 2, inputShape: [3]})]});
  `;
  assert.deepEqual(layerTypes(await onlyModel(text, 'model.ts')), ['Dense']);
});

test('files that never mention tfjs are not even parsed', async () => {
  const result = await analyzeJs('export const x = ;;; (((', 'util.js');
  assert.equal(result.syntaxErrors, 0);
  assert.equal(result.models.length, 0);
});
