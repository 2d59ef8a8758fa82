/**
 * The construction layer's call table as real programs reach it: Keras 1
 * merges, graphs that stay connected through what the analyzer cannot read,
 * frozen layers, tensor subscripts and shape reads, and the TensorFlow.js
 * spellings of the same constructs. Shapes of whole models are checked against
 * Keras by the parity fixture (models 22-33); these pin the edges.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, analyzer, py } from '../helpers';

async function rows(text: string, language: 'python' | 'javascript' = 'python') {
  const result = language === 'python' ? await analyze(text) : await (await analyzer()).analyze(text, { language });
  const model = result.models[result.models.length - 1];
  return summarizeModel(model, result.shapes);
}

test("Keras 1 merge(mode='concat', concat_axis=…) is the Concatenate it stands for; an unread mode stays unknown", async () => {
  const text = py`
    from keras.layers import Input, Dense, merge
    from keras.models import Model
    a = Input(shape=(8,))
    b = Input(shape=(4,))
    x = merge([Dense(16)(a), Dense(16)(b)], mode='sum')
    y = merge([x, b], mode='concat', concat_axis=-1)
    model = Model(input=[a, b], output=Dense(1)(y))
  `;
  const summary = await rows(text);
  assert.deepEqual(
    summary.rows.map((r) => [r.type, r.outputShape]),
    [
      ['Dense', [null, 16]],
      ['Dense', [null, 16]],
      ['Add', [null, 16]],
      ['Concatenate', [null, 20]],
      ['Dense', [null, 1]],
    ],
  );
  const unread = await rows(text.replace("mode='sum'", 'mode=MODE'));
  assert.equal(
    unread.rows.find((r) => r.type === 'Add'),
    undefined,
    'no class is guessed for an unknown mode',
  );
});

test('a list with an item the analyzer cannot read keeps the layers before the known items', async () => {
  const summary = await rows(py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(16,))
    x = layers.Dense(8)(inputs)
    extra = some_library.features(inputs)
    outputs = layers.Dense(1)(layers.concatenate([x, extra]))
    model = keras.Model(inputs, outputs)
  `);
  const dense = summary.rows.find((r) => r.name === 'dense');
  assert.deepEqual(dense?.outputShape, [null, 8]);
  assert.equal(dense?.params, 136);
  assert.equal(summary.rows.find((r) => r.type === 'Concatenate')?.outputShape, null);
  assert.equal(summary.totalParams, null, 'an unknown input size makes the total unknown, never 0');
});

test('trainable=False and layer.trainable = False count weights as non-trainable; a maybe-freeze keeps the split as built', async () => {
  const text = py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(16,))
    embed = layers.Dense(8, trainable=False)
    head = layers.Dense(1)
    head.trainable = False
    outputs = head(embed(inputs))
    model = keras.Model(inputs, outputs)
  `;
  const frozen = await rows(text);
  assert.deepEqual([frozen.trainableParams, frozen.nonTrainableParams], [0, 136 + 9]);
  const maybe = await rows(text.replace('head.trainable = False', 'if FREEZE:\n    head.trainable = False'));
  assert.deepEqual([maybe.trainableParams, maybe.nonTrainableParams], [9, 136]);
});

test('tensor subscripts follow Python slicing; a key the analyzer cannot read leaves the shape unknown', async () => {
  const summary = await rows(py`
    import keras
    inputs = keras.Input(shape=(10, 6, 4))
    a = inputs[:, 2:8:2, -1]
    b = inputs[..., None, ::-1]
    c = inputs[:, :, :, 0:n]
    model = keras.Model(inputs, [a, b, c])
  `);
  assert.deepEqual(
    summary.rows.map((r) => [r.type, r.outputShape]),
    [
      ['GetItem', [null, 3, 4]],
      ['GetItem', [null, 10, 6, 1, 4]],
      ['GetItem', [null, 10, 6, null]],
    ],
  );
});

test('x.shape read while building gives the inferred sizes; an unresolved one is unknown, not None', async () => {
  const summary = await rows(py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(8, 3)(inputs)
    y = layers.Dense(x.shape[-1] * 2)(x)
    z = layers.Dense(width_from(x))(y)
    w = layers.Dense(keras.ops.shape(z)[-1])(z)
    model = keras.Model(inputs, [y, w])
  `);
  assert.deepEqual(
    summary.rows.map((r) => [r.type, r.outputShape]),
    [
      ['Conv2D', [null, 26, 26, 8]],
      ['Dense', [null, 26, 26, 16]],
      ['Dense', [null, 26, 26, null]],
      ['Dense', [null, 26, 26, null]],
    ],
  );
});

test('TensorFlow.js: tf.layers.add / concatenate applied to symbolic tensors are merge layers', async () => {
  const summary = await rows(
    `
    const tf = require('@tensorflow/tfjs');
    const input = tf.input({shape: [32]});
    const a = tf.layers.dense({units: 16}).apply(input);
    const b = tf.layers.dense({units: 16}).apply(input);
    const sum = tf.layers.add().apply([a, b]);
    const both = tf.layers.concatenate({axis: -1}).apply([sum, a]);
    const output = tf.layers.dense({units: 1}).apply(both);
    const model = tf.model({inputs: input, outputs: output});
    `,
    'javascript',
  );
  assert.deepEqual(
    summary.rows.map((r) => [r.type, r.outputShape]),
    [
      ['Dense', [null, 16]],
      ['Dense', [null, 16]],
      ['Add', [null, 16]],
      ['Concatenate', [null, 32]],
      ['Dense', [null, 1]],
    ],
  );
});

test('a keras.applications classifier as the last layer makes no claim about its activation', async () => {
  const result = await analyze(py`
    from tensorflow import keras
    model = keras.Sequential([keras.applications.ResNet50(weights=None, classes=3, input_shape=(64, 64, 3))])
    model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
  `);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(summarizeModel(result.models[0], result.shapes).rows[0].outputShape, [null, 3]);
});

test('snippets without imports: K is the Keras backend, concatenate and Keras 1 merge are the merge functions', async () => {
  const summary = await rows(py`
    K.set_image_dim_ordering('th')
    a = Input(shape=(3, 32, 32))
    x = Convolution2D(16, 3, 3, border_mode='same')(a)
    y = Convolution2D(16, 3, 3, border_mode='same')(a)
    m = merge([x, y], mode='concat', concat_axis=1)
    c = concatenate([m, x], axis=1)
    model = Model(input=a, output=Flatten()(c))
  `);
  assert.deepEqual(
    summary.rows.map((r) => [r.type, r.outputShape]),
    [
      ['Conv2D', [null, 16, 32, 32]],
      ['Conv2D', [null, 16, 32, 32]],
      ['Concatenate', [null, 32, 32, 32]],
      ['Concatenate', [null, 48, 32, 32]],
      ['Flatten', [null, 49152]],
    ],
  );
});
