/**
 * einsum, pad and image resize: output shapes from their own arguments, each
 * expected value what TensorFlow 2.21 (eager, batch 3) or Keras 3.15.1
 * (symbolic, batch None) gave for the same call.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../../src/analyzer/ir';
import { einsumShape, padShape, resizeShape } from '../../src/analyzer/shapes/shaped-operations';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

const int = (value: number): Value => ({ kind: 'number', value, isInt: true });
const tuple = (...items: Value[]): Value => ({ kind: 'sequence', items, tuple: true });
const pairs = (...p: [number, number][]): Value => tuple(...p.map(([a, b]) => tuple(int(a), int(b))));

describe('einsum', () => {
  const cases: [string, (number | null)[][], (number | null)[] | null][] = [
    [
      'bhwc, bHWc->bhwHW',
      [
        [3, 4, 5, 8],
        [3, 6, 7, 8],
      ],
      [3, 4, 5, 6, 7],
    ],
    [
      'bqd,bkd->bqk',
      [
        [3, 10, 16],
        [3, 12, 16],
      ],
      [3, 10, 12],
    ],
    [
      'ij,jk',
      [
        [2, 3],
        [3, 4],
      ],
      [2, 4],
    ], // implicit output: the letters used once, sorted
    [
      'bij,bjk->bik',
      [
        [3, 2, 3],
        [3, 3, 4],
      ],
      [3, 2, 4],
    ],
    [
      '...ij,...jk->...ik',
      [
        [null, 2, 3],
        [null, 3, 4],
      ],
      [null, 2, 4],
    ],
    ['ij->ji', [[2, 3]], [3, 2]],
    ['ii->i', [[4, 4]], [4]],
    ['bij->bji', [[3, 4, 5]], [3, 5, 4]],
    [
      'ij,jk',
      [
        [2, 3],
        [4, 5],
      ],
      null,
    ], // TensorFlow: InvalidArgumentError
    ['ijk->ij', [[2, 3]], null], // more letters than axes
  ];
  for (const [equation, operands, expected] of cases) {
    test(`${equation} on ${JSON.stringify(operands)}`, () => {
      assert.deepEqual(einsumShape(equation, operands), expected);
    });
  }
});

test('pad adds each (before, after) pair to its axis', () => {
  assert.deepEqual(padShape([3, 4, 5, 8], pairs([0, 0], [1, 2], [3, 3], [0, 0])), [3, 7, 11, 8]);
  assert.deepEqual(padShape([null, 4, 5, 8], pairs([0, 0], [1, 1], [1, 1], [0, 0])), [null, 6, 7, 8]);
  assert.equal(padShape([3, 4], pairs([1, 1])), null); // one pair short
});

test('resize sets height and width of a batch or of one image', () => {
  assert.deepEqual(resizeShape([3, 4, 5, 8], tuple(int(10), int(12))), [3, 10, 12, 8]);
  assert.deepEqual(resizeShape([4, 5, 8], tuple(int(10), int(12))), [10, 12, 8]);
  assert.equal(resizeShape([3, 4, 5, 8], { kind: 'unknown' }), null);
});

test("TensorFlow's extract_patches: windows, strides, rates and padding as TensorFlow 2.21 gives them", async () => {
  const patches = async (size: number, stride: number, rate: number, padding: string) => {
    const result = await analyze(py`
      import tensorflow as tf
      from tensorflow.keras import layers

      class Patches(layers.Layer):
          def call(self, images):
              return tf.image.extract_patches(
                  images=images,
                  sizes=[1, ${size}, ${size}, 1],
                  strides=[1, ${stride}, ${stride}, 1],
                  rates=[1, ${rate}, ${rate}, 1],
                  padding="${padding}",
              )

      inputs = tf.keras.Input(shape=(32, 30, 3))
      model = tf.keras.Model(inputs, Patches()(inputs))
    `);
    return summarizeModel(result.models[0], result.shapes).rows.at(-1)?.outputShape;
  };
  assert.deepEqual(await patches(4, 4, 1, 'VALID'), [null, 8, 7, 48]);
  assert.deepEqual(await patches(3, 2, 1, 'SAME'), [null, 16, 15, 27]);
  assert.deepEqual(await patches(3, 1, 2, 'VALID'), [null, 28, 26, 27]);
  assert.deepEqual(await patches(5, 3, 1, 'VALID'), [null, 10, 9, 75]);
});

test("a shift written with TensorFlow's crop_to_bounding_box and pad_to_bounding_box keeps the image size (keras.io ShiftViT)", async () => {
  // TensorFlow 2.21 on (2, 12, 12, 8): the crop (2, 12, 11, 8), the pad back (2, 12, 12, 8); a crop past the
  // image (offset 2 + width 11 > 12) raises a ValueError.
  const shifted = async (offset: number) => {
    const result = await analyze(py`
      import tensorflow as tf
      from tensorflow.keras import layers

      class Shift(layers.Layer):
          def build(self, input_shape):
              self.H = input_shape[1]
              self.W = input_shape[2]

          def call(self, x):
              crop = tf.image.crop_to_bounding_box(
                  x, offset_height=0, offset_width=${offset}, target_height=self.H, target_width=self.W - 1
              )
              return tf.image.pad_to_bounding_box(
                  crop, offset_height=0, offset_width=1, target_height=self.H, target_width=self.W
              )

      inputs = tf.keras.Input(shape=(12, 12, 8))
      model = tf.keras.Model(inputs, Shift()(inputs))
    `);
    return summarizeModel(result.models[0], result.shapes).rows.map((r) => r.outputShape);
  };
  assert.deepEqual(await shifted(1), [
    [null, 12, 11, 8],
    [null, 12, 12, 8],
  ]);
  assert.deepEqual(await shifted(2), [null, null]);
});

test("a mel spectrogram layer: tf.signal.stft's frames and bins, the mel filterbank, tfio's dbscale (keras.io MelGAN)", async () => {
  // Keras 3.15.1 (with dbscale left out: tensorflow_io is not installed there; it keeps its input's shape):
  // the Conv1D after it (None, None, 512), 287,232 weights.
  const result = await analyze(py`
    import tensorflow as tf
    import tensorflow_io as tfio
    import keras
    from keras import layers

    class MelSpec(layers.Layer):
        def __init__(self, frame_length=1024, frame_step=256, fft_length=None, sampling_rate=22050, num_mel_channels=80, freq_min=125, freq_max=7600, **kwargs):
            super().__init__(**kwargs)
            self.frame_length = frame_length
            self.frame_step = frame_step
            self.fft_length = fft_length
            self.mel_filterbank = tf.signal.linear_to_mel_weight_matrix(
                num_mel_bins=num_mel_channels,
                num_spectrogram_bins=self.frame_length // 2 + 1,
                sample_rate=sampling_rate,
                lower_edge_hertz=freq_min,
                upper_edge_hertz=freq_max,
            )

        def call(self, audio, training=True):
            if training:
                stft = tf.signal.stft(tf.squeeze(audio, -1), self.frame_length, self.frame_step, self.fft_length, pad_end=True)
                magnitude = tf.abs(stft)
                mel = tf.matmul(tf.square(magnitude), self.mel_filterbank)
                return tfio.audio.dbscale(mel, top_db=80)
            return audio

    inp = keras.Input((None, 1))
    x = MelSpec()(inp)
    x = layers.Conv1D(512, 7, padding="same")(x)
    model = keras.Model(inp, x)
  `);
  const conv = summarizeModel(result.models[0], result.shapes).rows.at(-1);
  assert.deepEqual([conv?.type, conv?.outputShape, conv?.params], ['Conv1D', [null, null, 512], 287232]);
});

test('tf.signal.stft counts frames as TensorFlow 2.21 does, padded at the end or not', async () => {
  // TensorFlow 2.21 on 8,000 samples: (1024, 256) gives 28 frames of 513 bins, padded 32; (400, 160, fft 512)
  // 48 frames of 257 bins; 100 samples with 1024-sample frames give none.
  const frames = async (samples: number, args: string) => {
    const result = await analyze(py`
      import tensorflow as tf
      from tensorflow.keras import layers

      class Spectrogram(layers.Layer):
          def call(self, x):
              return tf.abs(tf.signal.stft(x, ${args}))

      inputs = tf.keras.Input(shape=(${samples},))
      model = tf.keras.Model(inputs, Spectrogram()(inputs))
    `);
    return summarizeModel(result.models[0], result.shapes).rows.at(-1)?.outputShape;
  };
  assert.deepEqual(await frames(8000, '1024, 256'), [null, 28, 513]);
  assert.deepEqual(await frames(8000, 'frame_length=1024, frame_step=256, pad_end=True'), [null, 32, 513]);
  assert.deepEqual(await frames(8000, '400, 160, fft_length=512'), [null, 48, 257]);
  assert.deepEqual(await frames(100, '1024, 256'), [null, 0, 513]);
});

test('a custom attention layer written with tf.einsum keeps the graph known (as Keras traces it)', async () => {
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Attention(layers.Layer):
        def call(self, x):
            scores = tf.einsum("bqd,bkd->bqk", x, x) / 4.0
            weights = tf.nn.softmax(scores, axis=-1)
            return tf.einsum("bqk,bkd->bqd", weights, x)

    inp = keras.Input(shape=(10, 16))
    h = layers.Dense(16)(inp)
    h = Attention()(h)
    h = layers.GlobalAveragePooling1D()(h)
    out = layers.Dense(3, activation="softmax")(h)
    model = keras.Model(inp, out)
  `);
  const summary = summarizeModel(result.models[0], result.shapes);
  // Keras 3.15.1: 272 + 51, the attention itself has no weights.
  assert.equal(summary.totalParams, 323);
  assert.deepEqual(summary.rows.at(-1)?.outputShape, [null, 3]);
});

test('keras.ops.pad and keras.ops.image.resize in a functional graph are Keras 3 Pad and Resize operations', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    inputs = keras.Input(shape=(4, 5, 8))
    x = ops.pad(inputs, [[0, 0], [1, 2], [3, 3], [0, 0]])
    x = ops.image.resize(x, (10, 12))
    x = layers.Conv2D(4, 3)(x)
    model = keras.Model(inputs, x)
  `);
  const rows = summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.name, r.type, r.outputShape]);
  assert.deepEqual(rows, [
    ['pad', 'Pad', [null, 7, 11, 8]],
    ['resize', 'Resize', [null, 10, 12, 8]],
    ['conv2d', 'Conv2D', [null, 8, 10, 4]],
  ]);
});
