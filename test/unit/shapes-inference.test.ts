/**
 * Shape inference details the Keras parity fixture cannot show: unknown
 * dimensions, the --input-shape option, legacy arguments, naming, unknown layers.
 * Expected counts are Keras's formulas worked by hand in the comments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalyzeOptions } from '../../src/analyzer';
import { summarizeModel, type LayerRow } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

async function rows(
  text: string,
  options: AnalyzeOptions = {},
  modelIndex = 0,
): Promise<Pick<LayerRow, 'name' | 'type' | 'outputShape' | 'params'>[]> {
  const result = await analyze(text, options);
  const model = result.models[modelIndex];
  assert.ok(model, 'no model found');
  return summarizeModel(model, result.shapes).rows.map(({ name, type, outputShape, params }) => ({
    name,
    type,
    outputShape,
    params,
  }));
}

const tabular = (inputShape: string) => py`
  import keras
  from keras import layers
  model = keras.Sequential([
      layers.Dense(64, activation="relu", input_shape=${inputShape}),
      layers.Dropout(0.2),
      layers.Dense(10, activation="softmax"),
  ])
`;

test('an input shape from data the analyzer cannot see stays unknown, yet later layers are counted', async () => {
  assert.deepEqual(await rows(tabular('X_train.shape[1:]')), [
    { name: 'dense', type: 'Dense', outputShape: null, params: null },
    { name: 'dropout', type: 'Dropout', outputShape: null, params: 0 },
    // 64 * 10 + 10: only the previous layer's units matter.
    { name: 'dense_1', type: 'Dense', outputShape: null, params: 650 },
  ]);
  const result = await analyze(tabular('X_train.shape[1:]'));
  const summary = summarizeModel(result.models[0], result.shapes);
  assert.equal(summary.totalParams, null);
  assert.deepEqual(result.findings, []);
});

test('a partly known input keeps its rank', async () => {
  assert.deepEqual((await rows(tabular('(X.shape[1],)')))[0], {
    name: 'dense',
    type: 'Dense',
    outputShape: [null, 64],
    params: null,
  });
});

test('--input-shape supplies the shape the code does not give, and never overrides one it gives', async () => {
  const given = await rows(tabular('X_train.shape[1:]'), { inputShape: [20] });
  // 20 * 64 + 64 = 1344
  assert.deepEqual(given[0], { name: 'dense', type: 'Dense', outputShape: [null, 64], params: 1344 });
  const declared = await rows(tabular('(8,)'), { inputShape: [20] });
  assert.deepEqual(declared[0].outputShape, [null, 64]);
  assert.equal(declared[0].params, 8 * 64 + 64);
  const noShape = await rows(
    py`
      import keras
      from keras import layers
      model = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalMaxPooling2D()])
    `,
    { inputShape: [32, 32, 3] },
  );
  // 3*3*3*8 + 8 = 224
  assert.deepEqual(noShape, [
    { name: 'conv2d', type: 'Conv2D', outputShape: [null, 30, 30, 8], params: 224 },
    { name: 'global_max_pooling2d', type: 'GlobalMaxPooling2D', outputShape: [null, 8], params: 0 },
  ]);
});

test('a CNN on an unknown input: counts follow from the channels once a layer fixes them', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input(shape=images.shape[1:]),
        layers.Conv2D(32, 3),
        layers.Conv2D(64, 3),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),
        layers.Reshape((5, 2)),
    ])
  `;
  assert.deepEqual(await rows(text), [
    { name: 'conv2d', type: 'Conv2D', outputShape: null, params: null },
    // 3*3*32*64 + 64
    { name: 'conv2d_1', type: 'Conv2D', outputShape: null, params: 18496 },
    // 4 * 64, of which 128 trainable
    { name: 'batch_normalization', type: 'BatchNormalization', outputShape: null, params: 256 },
    { name: 'max_pooling2d', type: 'MaxPooling2D', outputShape: null, params: 0 },
    { name: 'global_average_pooling2d', type: 'GlobalAveragePooling2D', outputShape: [null, 64], params: 0 },
    { name: 'dense', type: 'Dense', outputShape: [null, 10], params: 650 },
    { name: 'reshape', type: 'Reshape', outputShape: [null, 5, 2], params: 0 },
  ]);
});

test('a text model without input shape: Embedding and everything after it are still counted', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([
        layers.Embedding(10000, 16),
        layers.Bidirectional(layers.LSTM(32)),
        layers.Dense(1, activation="sigmoid"),
    ])
  `;
  assert.deepEqual(await rows(text), [
    { name: 'embedding', type: 'Embedding', outputShape: null, params: 160000 },
    // 2 * 4 * (32 * (16 + 32) + 32)
    { name: 'bidirectional', type: 'Bidirectional', outputShape: [null, 64], params: 12544 },
    { name: 'dense', type: 'Dense', outputShape: [null, 1], params: 65 },
  ]);
});

test('tf.keras 2 spellings: batch_input_shape, Embedding input_length, Input batch_size', async () => {
  const text = py`
    import tensorflow as tf
    a = tf.keras.Sequential([tf.keras.layers.Dense(4, batch_input_shape=(None, 9))])
    b = tf.keras.Sequential([tf.keras.layers.Embedding(100, 8, input_length=10), tf.keras.layers.Flatten()])
    c = tf.keras.Sequential([tf.keras.Input(shape=(4,), batch_size=16), tf.keras.layers.Dense(2)])
  `;
  assert.deepEqual(await rows(text, {}, 0), [{ name: 'dense', type: 'Dense', outputShape: [null, 4], params: 40 }]);
  assert.deepEqual(
    (await rows(text, {}, 1)).map((r) => r.outputShape),
    [
      [null, 10, 8],
      [null, 80],
    ],
  );
  assert.deepEqual(await rows(text, {}, 2), [{ name: 'dense', type: 'Dense', outputShape: [16, 2], params: 10 }]);
});

test('names: class in snake case numbered per model, name= kept, wrapped layers take a number, aliases resolved', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input((10, 8)),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
        layers.LSTM(4, return_sequences=True, name="encoder"),
        layers.TimeDistributed(layers.Dense(3)),
        layers.LSTM(2, return_sequences=True),
        layers.Reshape((10, 2, 1)),
        layers.MaxPool2D((2, 1)),
        layers.Convolution2D(2, 1),
        layers.Dense(1),
    ])
  `;
  assert.deepEqual(
    (await rows(text)).map((r) => `${r.name} ${r.type}`),
    [
      'bidirectional Bidirectional',
      'encoder LSTM',
      'time_distributed TimeDistributed',
      'lstm_1 LSTM',
      'reshape Reshape',
      'max_pooling2d MaxPooling2D',
      'conv2d Conv2D',
      'dense_1 Dense',
    ],
  );
});

test('layers the analyzer does not model are unknown, and so is what depends on them', async () => {
  const text = py`
    import keras
    from keras import layers
    from augmentations import jitter
    class Scale(layers.Layer):
        def call(self, x):
            return x * 2
    model = keras.Sequential([
        keras.Input((16,)),
        layers.Lambda(jitter),
        layers.Dense(4),
        Scale(),
        layers.Dense(2),
    ])
  `;
  const table = await rows(text);
  // A Lambda never has weights, whatever its function (here one the analyzer cannot read) returns.
  // Scale's call() runs on an input of unknown shape: its shape is unknown, but it applies no layer, so no weights.
  assert.deepEqual(
    table.map((r) => [r.type, r.outputShape, r.params]),
    [
      ['Lambda', null, 0],
      ['Dense', null, null],
      ['Scale', null, 0],
      ['Dense', null, null],
    ],
  );
});

test('a subclassed model: unknown input unless --input-shape gives it', async () => {
  const text = py`
    import keras
    from keras import layers
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(64, activation="relu")
            self.out = layers.Dense(10)
        def call(self, x):
            return self.out(self.hidden(x))
    model = Net()
  `;
  assert.deepEqual(
    (await rows(text)).map((r) => [r.name, r.outputShape, r.params]),
    [
      ['dense', null, null],
      ['dense_1', null, 650],
    ],
  );
  assert.deepEqual(
    (await rows(text, { inputShape: [20] })).map((r) => [r.name, r.outputShape, r.params]),
    [
      ['dense', [null, 64], 1344],
      ['dense_1', [null, 10], 650],
    ],
  );
});

test('an unexpanded **config may set any argument: those shapes stay unknown', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(16, 5, **conv_options), layers.Conv2D(16, 5)])
  `;
  const table = await rows(text);
  // Even data_format may be in there, so not even the rank is known.
  assert.deepEqual(table[0], { name: 'conv2d', type: 'Conv2D', outputShape: null, params: null });
  const result = await analyze(text);
  assert.deepEqual(
    result.findings.filter((f) => f.rule === 'negative-dimension'),
    [],
  );
});

test('GRU counts follow reset_after; LSTM, SimpleRNN and use_bias=False', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input((5, 3)),
        layers.GRU(8, return_sequences=True),
        layers.GRU(8, reset_after=False, return_sequences=True),
        layers.SimpleRNN(4, use_bias=False, return_sequences=True),
        layers.LSTM(2, return_state=True),
    ])
  `;
  assert.deepEqual(
    (await rows(text)).map((r) => [r.outputShape, r.params]),
    [
      // 3*8*(3+8) + 6*8
      [[null, 5, 8], 312],
      // 3*8*(8+8) + 3*8
      [[null, 5, 8], 408],
      // 4*(8+4)
      [[null, 5, 4], 48],
      // return_state returns several tensors: no single shape; 4*(2*(4+2)+2)
      [null, 56],
    ],
  );
});

test("Embedding's input_dim is its vocabulary size, not an ignored input shape", async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((10,)), layers.Embedding(input_dim=1000, output_dim=16), layers.Dense(4, input_dim=16)])
  `;
  const result = await analyze(text);
  assert.deepEqual(
    result.findings.filter((f) => f.rule === 'input-shape-ignored').map((f) => text.slice(f.span.start, f.span.end)),
    ['16'],
  );
  assert.deepEqual((await rows(text))[0], {
    name: 'embedding',
    type: 'Embedding',
    outputShape: [null, 10, 16],
    params: 16000,
  });
});
