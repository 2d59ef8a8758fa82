/**
 * Channel order: the session's image data format (keras/image-data-format.ts)
 * and the shapes of layers built in it. Layer-by-layer channels_first shapes
 * are checked against Keras by the parity fixture (models/21_channels_first_layers.py).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_IMAGE_DATA_FORMAT,
  formatValue,
  imageDataFormatCall,
} from '../../src/analyzer/keras/image-data-format';
import { inferShapes } from '../../src/analyzer/shapes';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

const str = (value: string) => ({ kind: 'string', value }) as const;

test("Keras's default is channels_last, and its getters say so in their own spelling", () => {
  assert.equal(DEFAULT_IMAGE_DATA_FORMAT, 'channels_last');
  const get = imageDataFormatCall('keras.backend.image_data_format', undefined);
  assert.deepEqual(get, { kind: 'get', spelling: 'data_format' });
  assert.deepEqual(formatValue(get as { spelling: 'data_format' }, 'channels_last'), str('channels_last'));
  const legacy = imageDataFormatCall('keras.backend.image_dim_ordering', undefined);
  assert.deepEqual(formatValue(legacy as { spelling: 'dim_ordering' }, 'channels_first'), str('th'));
  assert.deepEqual(formatValue(legacy as { spelling: 'dim_ordering' }, 'channels_last'), str('tf'));
  assert.deepEqual(formatValue({ spelling: 'data_format' }, null), { kind: 'unknown' });
  assert.deepEqual(imageDataFormatCall('keras.config.image_data_format', undefined), get);
});

test('setters: set_image_data_format, and Keras 1/2 set_image_dim_ordering th / tf', () => {
  assert.deepEqual(imageDataFormatCall('keras.backend.set_image_data_format', str('channels_first')), {
    kind: 'set',
    format: 'channels_first',
  });
  assert.deepEqual(imageDataFormatCall('keras.config.set_image_data_format', str('Channels_Last')), {
    kind: 'set',
    format: 'channels_last',
  });
  assert.deepEqual(imageDataFormatCall('keras.backend.set_image_dim_ordering', str('th')), {
    kind: 'set',
    format: 'channels_first',
  });
  assert.deepEqual(imageDataFormatCall('keras.backend.common.set_image_dim_ordering', str('tf')), {
    kind: 'set',
    format: 'channels_last',
  });
  // A value the analyzer cannot read (or Keras refuses) leaves the format unknown.
  assert.deepEqual(imageDataFormatCall('keras.backend.set_image_data_format', { kind: 'unknown' }), {
    kind: 'set',
    format: null,
  });
  assert.equal(imageDataFormatCall('keras.backend.epsilon', undefined), null);
  assert.equal(imageDataFormatCall('keras.layers.Conv2D', undefined), null);
});

const CNN = py`
  import keras
  from keras import layers
  model = keras.Sequential([
      keras.Input(shape=(1, 28, 28)),
      layers.Conv2D(8, 3),
      layers.MaxPooling2D(),
      layers.GlobalAveragePooling2D(),
  ])
`;

test('layers built while the session is channels_first take it when they do not say data_format', async () => {
  const result = await analyze(CNN);
  const model = result.models[0];
  // What the construction layer records when K.set_image_data_format('channels_first') ran before.
  for (const node of model.nodes) node.layer.imageDataFormat = 'channels_first';
  const shapes = inferShapes([model]);
  assert.deepEqual(
    summarizeModel(model, shapes).rows.map((r) => [r.type, r.outputShape, r.params]),
    [
      ['Conv2D', [null, 8, 26, 26], 80],
      ['MaxPooling2D', [null, 8, 13, 13], 0],
      ['GlobalAveragePooling2D', [null, 8], 0],
    ],
  );
  // An explicit data_format wins over the session's.
  const explicit = await analyze(
    CNN.replace('layers.Conv2D(8, 3)', "layers.Conv2D(8, 1, data_format='channels_last')"),
  );
  const m = explicit.models[0];
  for (const node of m.nodes) node.layer.imageDataFormat = 'channels_first';
  assert.deepEqual(summarizeModel(m, inferShapes([m])).rows[0].outputShape, [null, 1, 28, 8]);
  // Unknown session format: unknown shapes, never channels_last by guess.
  for (const node of m.nodes) node.layer.imageDataFormat = null;
  assert.equal(summarizeModel(m, inferShapes([m])).rows[1].outputShape, null);
});

test('the mnist_cnn idiom takes the branch Keras takes on a fresh install', async () => {
  const text = py`
    import keras
    from keras import backend as K
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense
    img_rows, img_cols = 28, 28
    if K.image_data_format() == 'channels_first':
        input_shape = (1, img_rows, img_cols)
    else:
        input_shape = (img_rows, img_cols, 1)
    model = Sequential()
    model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))
    model.add(Flatten())
    model.add(Dense(10, activation='softmax'))
  `;
  const result = await analyze(text);
  assert.deepEqual(
    summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.outputShape, r.params]),
    [
      [[null, 26, 26, 32], 320],
      [[null, 21632], 0],
      [[null, 10], 216330],
    ],
  );
});

test("K.set_image_dim_ordering('th') makes later layers channels_first", async () => {
  const text = py`
    from keras import backend as K
    from keras.models import Sequential
    from keras.layers import Convolution2D, MaxPooling2D
    K.set_image_dim_ordering('th')
    model = Sequential()
    model.add(Convolution2D(16, 5, 5, input_shape=(3, 32, 32)))
    model.add(MaxPooling2D(pool_size=(2, 2)))
  `;
  const result = await analyze(text);
  assert.deepEqual(
    summarizeModel(result.models[0], result.shapes).rows.map((r) => r.outputShape),
    [
      [null, 16, 28, 28],
      [null, 16, 14, 14],
    ],
  );
});
