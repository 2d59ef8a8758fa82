/**
 * CategoryEncoding's output shape for each mode and input rank, as Keras 3.15.1
 * gives it (`keras.Input(shape=s, dtype='int64')` then
 * `CategoryEncoding(num_tokens=5, output_mode=m)`), and no weights.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

async function encoded(shape: string, mode: string | null) {
  const result = await analyze(py`
    import keras
    from keras import layers
    ids = keras.Input(shape=${shape}, dtype="int64")
    x = layers.CategoryEncoding(num_tokens=5${mode ? `, output_mode="${mode}"` : ''})(ids)
    model = keras.Model(ids, x)
  `);
  const [row] = summarizeModel(result.models[0], result.shapes).rows;
  return [row.outputShape, row.params];
}

const KERAS: [string, string | null, (number | null)[]][] = [
  ['(1,)', 'one_hot', [null, 5]],
  ['(3,)', 'one_hot', [null, 3, 5]],
  ['(4, 1)', 'one_hot', [null, 4, 5]],
  ['(4, 3)', 'one_hot', [null, 4, 3, 5]],
  ['(1,)', 'multi_hot', [null, 5]],
  ['(3,)', 'multi_hot', [null, 5]],
  ['(4, 3)', 'count', [null, 4, 5]],
  ['(3,)', null, [null, 5]], // multi_hot is the default
];

for (const [shape, mode, expected] of KERAS) {
  test(`CategoryEncoding(num_tokens=5${mode ? `, output_mode='${mode}'` : ''}) on ${shape}`, async () => {
    assert.deepEqual(await encoded(shape, mode), [expected, 0]);
  });
}

test('num_tokens the code does not give leaves the shape unknown', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers
    ids = keras.Input(shape=(1,), dtype="int64")
    x = layers.CategoryEncoding(num_tokens=vocab_size, output_mode="one_hot")(ids)
    model = keras.Model(ids, x)
  `);
  assert.equal(summarizeModel(result.models[0], result.shapes).rows[0].outputShape, null);
});
