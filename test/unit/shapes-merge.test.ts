/**
 * Merge functions (`layers.add`, `concatenate`, Keras 1's `merge`/`Merge`) →
 * the class they stand for, and the Dot layer's shapes, worked from
 * keras/src/layers/merging/dot.py.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeFunction } from '../../src/analyzer/keras/merge-functions';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

test('each lowercase keras.layers merge function stands for its class, with its own parameters', () => {
  const classes = Object.fromEntries(
    ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum', 'concatenate', 'dot'].map((n) => [
      n,
      mergeFunction(n)?.className,
    ]),
  );
  assert.deepEqual(classes, {
    add: 'Add',
    subtract: 'Subtract',
    multiply: 'Multiply',
    average: 'Average',
    maximum: 'Maximum',
    minimum: 'Minimum',
    concatenate: 'Concatenate',
    dot: 'Dot',
  });
  assert.deepEqual(mergeFunction('concatenate')?.params, ['inputs', 'axis']);
  assert.deepEqual(mergeFunction('concatenate')?.defaults, { axis: -1 });
  assert.deepEqual(mergeFunction('dot')?.params, ['inputs', 'axes']);
  assert.equal(mergeFunction('Dense'), null);
  assert.equal(mergeFunction('Add'), null, 'the class itself is a layer, not a merge function');
});

test("Keras 1's merge and Merge choose the class by mode and rename its axis argument", () => {
  assert.equal(mergeFunction('merge')?.className, 'Add', "Keras 1's default mode is 'sum'");
  const concat = mergeFunction('merge', 'concat')!;
  assert.equal(concat.className, 'Concatenate');
  assert.deepEqual(concat.renamed, { concat_axis: 'axis' });
  assert.ok(concat.dropped.includes('dot_axes') && concat.dropped.includes('mode'));
  const cos = mergeFunction('Merge', 'cos')!;
  assert.deepEqual(
    [cos.className, cos.implied, cos.renamed, cos.params[0]],
    ['Dot', { normalize: true }, { dot_axes: 'axes' }, 'layers'],
  );
  assert.equal(mergeFunction('merge', 'mul')?.className, 'Multiply');
  assert.equal(mergeFunction('merge', 'ave')?.className, 'Average');
  assert.equal(mergeFunction('merge', 'max')?.className, 'Maximum');
  assert.equal(mergeFunction('merge', null), null, 'a mode the analyzer cannot read');
  assert.equal(mergeFunction('merge', 'abs'), null, 'not a Keras 1 mode');
});

async function dotRows(code: string) {
  const text = py`
    import keras
    from keras import layers
    a = keras.Input(shape=(5, 8))
    b = keras.Input(shape=(7, 8))
    v = keras.Input(shape=(8,))
    w = keras.Input(shape=(8,))
    ${code}
    model = keras.Model([a, b, v, w], out)
  `;
  const result = await analyze(text);
  return summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

test('Dot: each input loses its contracted axis, the second its batch axis too', async () => {
  // (None, 5, 8) · (None, 7, 8) over the feature axis: attention scores (None, 5, 7).
  assert.deepEqual(await dotRows('out = layers.Dot(axes=(2, 2))([a, b])'), [['Dot', [null, 5, 7], 0]]);
  assert.deepEqual(await dotRows('out = layers.Dot(axes=-1)([a, b])'), [['Dot', [null, 5, 7], 0]]);
  // Two vectors: a lone batch axis gets a trailing 1.
  assert.deepEqual(await dotRows('out = layers.Dot(axes=1, normalize=True)([v, w])'), [['Dot', [null, 1], 0]]);
  // Contracted sizes that differ (5 vs 7): Keras refuses; the shape stays unknown.
  assert.deepEqual(await dotRows('out = layers.Dot(axes=1)([a, b])'), [['Dot', null, 0]]);
});

const MERGE_FUNCTIONS = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  inputs = keras.Input(shape=(32,))
  x = layers.Dense(16, activation="relu")(inputs)
  y = layers.Dense(16, activation="relu")(inputs)
  s = layers.add([x, y])
  c = layers.concatenate([s, x], axis=-1)
  m = keras.layers.multiply([x, y])
  outputs = layers.Dense(1, activation="sigmoid")(layers.concatenate([c, m]))
  model = keras.Model(inputs, outputs)
`;

test('layers.add / concatenate / multiply in a functional graph are the layers they create', async () => {
  const result = await analyze(MERGE_FUNCTIONS);
  const rows = summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.name, r.type, r.outputShape]);
  // Keras 3.15.1 model.summary(): functions share the classes' name counters.
  assert.deepEqual(rows, [
    ['dense', 'Dense', [null, 16]],
    ['dense_1', 'Dense', [null, 16]],
    ['add', 'Add', [null, 16]],
    ['concatenate', 'Concatenate', [null, 32]],
    ['multiply', 'Multiply', [null, 16]],
    ['concatenate_1', 'Concatenate', [null, 48]],
    ['dense_2', 'Dense', [null, 1]],
  ]);
});
