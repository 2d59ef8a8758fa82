/** Python-only use never loads the TypeScript compiler; the first JS/TS file does. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers';

const loadedTypescript = () => Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]typescript[\\/]/.test(k));

test('the TypeScript compiler is loaded only when a JS/TS file is analysed', async () => {
  await analyze(
    "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n",
  );
  assert.equal(loadedTypescript(), false);
  const result = await analyze(
    "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});\n",
    { language: 'javascript' },
  );
  assert.equal(result.findings.length, 1);
  assert.equal(loadedTypescript(), true);
});
