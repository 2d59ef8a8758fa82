/**
 * Keras 1 and 2 spellings read as the Keras they were written for: the
 * rename table (keras/legacy.ts), keyword spellings end to end today, and the
 * positional forms the construction layer must normalise. Expected shapes and
 * counts are those of the Keras 3 translation (Keras 2 documented each
 * conversion), worked by hand in the comments and checked against Keras 3.15.1
 * by the parity fixture (models/26_legacy_keywords.py).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../src/analyzer/ir';
import { keras1Class, normalizeLegacyArgs, type WrittenArgs } from '../../src/analyzer/keras/legacy';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

const int = (value: number): Value => ({ kind: 'number', value, isInt: true });
const str = (value: string): Value => ({ kind: 'string', value });
const ops = { valueOf: (v: Value) => v, make: (v: Value) => v };

function normalize(className: string, positional: Value[], keyword: Record<string, Value> = {}) {
  const args: WrittenArgs<Value> = { positional, keyword: new Map(Object.entries(keyword)) };
  const out = normalizeLegacyArgs(className, args, ops);
  return {
    className: out.className,
    positional: out.args.positional,
    keyword: Object.fromEntries(out.args.keyword),
    converted: out.converted,
  };
}

const pair = (a: number, b: number): Value => ({ kind: 'sequence', items: [int(a), int(b)], tuple: true });

test("Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2)) is Conv2D(32, (3, 3), padding='same', strides=(2, 2))", () => {
  const out = normalize('Convolution2D', [int(32), int(3), int(3)], {
    border_mode: str('same'),
    subsample: pair(2, 2),
  });
  assert.equal(out.className, 'Conv2D');
  assert.deepEqual(out.positional, [int(32), pair(3, 3)]);
  assert.deepEqual(out.keyword, { padding: str('same'), strides: pair(2, 2) });
  assert.deepEqual(out.converted, [
    ['subsample', 'strides'],
    ['border_mode', 'padding'],
    ['nb_row/nb_col', 'kernel_size'],
  ]);
});

test('Keras 3 code is left alone: Conv2D(32, 3, 3) is strides=3 there', () => {
  const out = normalize('Conv2D', [int(32), int(3), int(3)]);
  assert.deepEqual(out.positional, [int(32), int(3), int(3)]);
  assert.deepEqual(out.converted, []);
});

test('kernel sizes given as nb_row / nb_col keywords, or partly positional', () => {
  assert.deepEqual(normalize('Convolution2D', [int(64)], { nb_row: int(5), nb_col: int(3) }).positional, [
    int(64),
    pair(5, 3),
  ]);
  assert.deepEqual(normalize('Convolution2D', [], { nb_filter: int(8), nb_row: int(5), nb_col: int(3) }).keyword, {
    filters: int(8),
    kernel_size: pair(5, 3),
  });
  assert.deepEqual(normalize('Convolution2D', [int(64), int(5)], { nb_col: int(3) }).positional, [int(64), pair(5, 3)]);
  const conv3d = normalize('Convolution3D', [int(16), int(3), int(3), int(3)]);
  assert.deepEqual(conv3d.positional[1], { kind: 'sequence', items: [int(3), int(3), int(3)], tuple: true });
});

test("dim_ordering='th' is data_format='channels_first'; 'default' leaves the session's format", () => {
  assert.deepEqual(normalize('MaxPooling2D', [], { dim_ordering: str('th'), border_mode: str('same') }).keyword, {
    data_format: str('channels_first'),
    padding: str('same'),
  });
  assert.deepEqual(normalize('Convolution2D', [int(8), int(3), int(3)], { dim_ordering: str('default') }).keyword, {
    data_format: { kind: 'none' },
  });
});

test('Dense, Dropout, 1-D convolutions and pooling, recurrent layers, BatchNormalization, fit', () => {
  assert.deepEqual(normalize('Dense', [], { output_dim: int(64), init: str('normal') }).keyword, {
    units: int(64),
    kernel_initializer: str('normal'),
  });
  assert.deepEqual(normalize('Dropout', [], { p: { kind: 'number', value: 0.5, isInt: false } }).keyword, {
    rate: { kind: 'number', value: 0.5, isInt: false },
  });
  assert.deepEqual(
    normalize('Convolution1D', [], { nb_filter: int(64), filter_length: int(3), subsample_length: int(2) }).keyword,
    { filters: int(64), kernel_size: int(3), strides: int(2) },
  );
  assert.deepEqual(normalize('MaxPooling1D', [], { pool_length: int(4), stride: int(2) }).keyword, {
    pool_size: int(4),
    strides: int(2),
  });
  const lstm = normalize('LSTM', [int(32)], { input_dim: int(64), input_length: int(10), consume_less: str('gpu') });
  assert.deepEqual(lstm.keyword, {
    implementation: int(2),
    input_shape: { kind: 'sequence', items: [int(10), int(64)], tuple: true },
  });
  assert.deepEqual(normalize('LSTM', [int(8)], { forget_bias_init: str('one') }).keyword, {
    unit_forget_bias: { kind: 'bool', value: true },
  });
  assert.deepEqual(normalize('BatchNormalization', [], { mode: int(0), gamma_init: str('one') }).keyword, {
    gamma_initializer: str('one'),
  });
  assert.deepEqual(normalize('fit', [], { nb_epoch: int(10) }).keyword, { epochs: int(10) });
  assert.deepEqual(normalize('Model', [], { input: str('a'), output: str('b') }).keyword, {
    inputs: str('a'),
    outputs: str('b'),
  });
});

test('Keras 1 classes Keras 2 removed map to their successors', () => {
  assert.equal(keras1Class('AtrousConvolution2D'), 'Conv2D');
  assert.equal(keras1Class('Deconvolution2D'), 'Conv2DTranspose');
  assert.equal(keras1Class('Conv2D'), null);
  const atrous = normalize('AtrousConvolution2D', [int(8), int(3), int(3)], { atrous_rate: pair(2, 2) });
  assert.deepEqual(
    [atrous.className, atrous.positional, atrous.keyword],
    ['Conv2D', [int(8), pair(3, 3)], { dilation_rate: pair(2, 2) }],
  );
  // Deconvolution2D(filters, nb_row, nb_col, output_shape): Keras 2 dropped the output shape.
  const deconv = normalize('Deconvolution2D', [int(3), int(3), int(3), { kind: 'sequence', items: [], tuple: true }]);
  assert.deepEqual(deconv.positional, [int(3), pair(3, 3)]);
});

async function rows(text: string) {
  const result = await analyze(text);
  return summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

test('keyword spellings are read today: subsample, border_mode, nb_filter, output_dim, pool_length, dim_ordering', async () => {
  const text = py`
    from keras.models import Sequential
    from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense, Dropout
    model = Sequential()
    model.add(Convolution2D(nb_filter=32, kernel_size=(3, 3), border_mode='same', subsample=(2, 2), input_shape=(64, 64, 3)))
    model.add(MaxPooling2D(pool_size=(2, 2), border_mode='valid'))
    model.add(Flatten())
    model.add(Dense(output_dim=128, init='uniform', activation='relu'))
    model.add(Dropout(p=0.5))
    model.add(Dense(output_dim=1, activation='sigmoid'))
  `;
  assert.deepEqual(await rows(text), [
    // 'same' with stride 2: 64 → 32; 3*3*3*32 + 32.
    ['Conv2D', [null, 32, 32, 32], 896],
    ['MaxPooling2D', [null, 16, 16, 32], 0],
    ['Flatten', [null, 8192], 0],
    ['Dense', [null, 128], 8192 * 128 + 128],
    ['Dropout', [null, 128], 0],
    ['Dense', [null, 1], 129],
  ]);
});

test("Keras 1 channels-first code: dim_ordering='th' on each layer", async () => {
  const text = py`
    from keras.models import Sequential
    from keras.layers import Convolution2D, MaxPooling2D, Flatten
    model = Sequential()
    model.add(Convolution2D(nb_filter=16, kernel_size=5, dim_ordering='th', input_shape=(1, 28, 28)))
    model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='th'))
    model.add(Flatten())
  `;
  assert.deepEqual(await rows(text), [
    ['Conv2D', [null, 16, 24, 24], 416],
    ['MaxPooling2D', [null, 16, 12, 12], 0],
    ['Flatten', [null, 2304], 0],
  ]);
});

test('Keras 2 recurrent input_dim / input_length is the input shape (input_length, input_dim)', async () => {
  const text = py`
    from keras.models import Sequential
    from keras.layers import LSTM, Dense
    model = Sequential()
    model.add(LSTM(32, input_dim=64, input_length=10, return_sequences=True))
    model.add(LSTM(16))
    model.add(Dense(1))
  `;
  assert.deepEqual(await rows(text), [
    // 4 * (32 * (64 + 32) + 32)
    ['LSTM', [null, 10, 32], 12416],
    ['LSTM', [null, 16], 3136],
    ['Dense', [null, 1], 17],
  ]);
});

test('positional Keras 1 kernel sizes: Convolution2D(32, 3, 3)', async () => {
  const text = py`
    from keras.models import Sequential
    from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense
    model = Sequential()
    model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))
    model.add(Convolution2D(64, 3, 3, subsample=(2, 2)))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(10))
  `;
  assert.deepEqual(await rows(text), [
    ['Conv2D', [null, 32, 32, 32], 896],
    // valid, stride 2: (32 - 3) // 2 + 1 = 15
    ['Conv2D', [null, 15, 15, 64], 18496],
    ['MaxPooling2D', [null, 7, 7, 64], 0],
    ['Flatten', [null, 3136], 0],
    ['Dense', [null, 10], 31370],
  ]);
});

test("tf.keras 2's Input(shape=(1024)): a bare int is a one-axis shape (Keras 3 refuses it)", async () => {
  // The parentheses make no tuple; tf.keras 2's InputLayer turned the int into (1024,).
  const text = py`
    from tensorflow import keras
    inputs = keras.layers.Input(shape=(1024), name="embedding")
    x = keras.layers.Dense(256, activation="relu")(inputs)
    outputs = keras.layers.Dense(6, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `;
  assert.deepEqual(await rows(text), [
    // 1024 * 256 + 256; 256 * 6 + 6
    ['Dense', [null, 256], 262400],
    ['Dense', [null, 6], 1542],
  ]);
  // Only Input's `shape`: a layer's `input_shape=10` raised in tf.keras 2 as well, so it stays unread.
  const layerArg = py`
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(4, input_shape=10)])
  `;
  assert.deepEqual(await rows(layerArg), [['Dense', null, null]]);
});
