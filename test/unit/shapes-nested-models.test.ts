/**
 * Models used as layers: `data_augmentation(inputs)`, `encoder(x)`, a
 * Sequential inside a functional model or added to a Sequential, a subclassed
 * model called in a graph. The shape the inner model computes is passed on, the
 * inner model is one row with all its weights (as Keras's summary shows it; the
 * exact figures are checked against real Keras by the parity fixture, models
 * 21–23), and a model built without an input shape is built by its first call.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, applyFix, findings, py } from '../helpers';
import { analyzeJs, js } from '../tfjs-helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

function rows(result: Analysis, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.name, r.type, r.outputShape, r.params]);
}

const byName = (result: Analysis, name: string) => result.models.find((m) => m.name === name)!;

describe('Python', () => {
  test('a data augmentation Sequential without input shape is built by its first call', async () => {
    // The keras-io image classification recipe.
    const result = await analyze(py`
      import keras
      from keras import layers

      data_augmentation = keras.Sequential(
          [layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)]
      )

      inputs = keras.Input(shape=(180, 180, 3))
      x = data_augmentation(inputs)
      x = layers.Rescaling(1.0 / 255)(x)
      x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
      x = layers.GlobalAveragePooling2D()(x)
      outputs = layers.Dense(1, activation="sigmoid")(x)
      model = keras.Model(inputs, outputs)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['sequential', 'Sequential', [null, 180, 180, 3], 0],
      ['rescaling', 'Rescaling', [null, 180, 180, 3], 0],
      ['conv2d', 'Conv2D', [null, 90, 90, 32], 896],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [null, 32], 0],
      ['dense', 'Dense', [null, 1], 33],
    ]);
    assert.deepEqual(rows(result, byName(result, 'data_augmentation')), [
      ['random_flip', 'RandomFlip', [null, 180, 180, 3], 0],
      ['random_rotation', 'RandomRotation', [null, 180, 180, 3], 0],
    ]);
  });

  test('Dense right after a convolutional feature extractor model: missing-flatten, with its fix', async () => {
    const text = py`
      from tensorflow import keras
      from tensorflow.keras import layers

      feature_extractor = keras.Sequential([
          layers.Conv2D(32, (3, 3), activation='relu'),
          layers.MaxPooling2D((2, 2)),
          layers.Conv2D(64, (3, 3), activation='relu'),
      ], name='features')

      inputs = keras.Input(shape=(64, 64, 3))
      x = feature_extractor(inputs)
      x = layers.Dense(128, activation='relu')(x)
      outputs = layers.Dense(5, activation='softmax')(x)
      model = keras.Model(inputs, outputs)
      model.compile(optimizer='adam', loss='categorical_crossentropy')
    `;
    const [f, ...rest] = await findings(text, 'missing-flatten');
    assert.equal(rest.length, 0);
    assert.match(f.message, /receives \(None, 29, 29, 64\) from Sequential 'features'/);
    const fixed = applyFix(text, f);
    assert.match(fixed, /layers\.Dense\(128, activation='relu'\)\(layers\.Flatten\(\)\(x\)\)/);
    assert.deepEqual(await findings(fixed, 'missing-flatten'), []);
  });

  test('a pretrained-style base added to a Sequential is one row', async () => {
    const result = await analyze(py`
      from keras.models import Sequential, Model
      from keras.layers import Input, Conv2D, Flatten, Dense, Dropout

      inp = Input(shape=(28, 28, 1))
      base = Model(inp, Flatten()(Conv2D(8, 3, activation='relu')(inp)), name='base')

      model = Sequential()
      model.add(Input(shape=(28, 28, 1)))
      model.add(base)
      model.add(Dropout(0.5))
      model.add(Dense(10, activation='softmax'))
    `);
    assert.deepEqual(rows(result, result.models[result.models.length - 1]), [
      ['base', 'Functional', [null, 5408], 80],
      ['dropout', 'Dropout', [null, 5408], 0],
      ['dense', 'Dense', [null, 10], 54090],
    ]);
  });

  test('an autoencoder stacked from its encoder and decoder models', async () => {
    const result = await analyze(py`
      from keras.layers import Input, Dense
      from keras.models import Model

      encoder_in = Input(shape=(784,))
      encoder = Model(encoder_in, Dense(32, activation='relu')(encoder_in), name='encoder')
      decoder_in = Input(shape=(32,))
      decoder = Model(decoder_in, Dense(784, activation='sigmoid')(decoder_in), name='decoder')

      x = Input(shape=(784,))
      autoencoder = Model(x, decoder(encoder(x)))
      autoencoder.compile(optimizer='adam', loss='binary_crossentropy')
    `);
    const summary = summarizeModel(byName(result, 'autoencoder'), result.shapes);
    assert.deepEqual(
      summary.rows.map((r) => [r.name, r.outputShape, r.params]),
      [
        ['encoder', [null, 32], 25120],
        ['decoder', [null, 784], 25872],
      ],
    );
    assert.equal(summary.totalParams, 50992);
  });

  test('a subclassed model called in a functional graph', async () => {
    const result = await analyze(py`
      import tensorflow as tf

      class Tower(tf.keras.Model):
          def __init__(self):
              super().__init__()
              self.conv = tf.keras.layers.Conv2D(8, 3, activation='relu')
              self.pool = tf.keras.layers.GlobalMaxPooling2D()

          def call(self, inputs):
              return self.pool(self.conv(inputs))

      tower = Tower()
      image = tf.keras.Input(shape=(32, 32, 3))
      logits = tf.keras.layers.Dense(3)(tower(image))
      model = tf.keras.Model(image, logits)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['tower', 'Tower', [null, 8], 224],
      ['dense', 'Dense', [null, 3], 27],
    ]);
  });

  test('a model whose layers depend on an undecided condition: shapes through it are not trusted', async () => {
    const text = py`
      import sys
      import keras
      from keras import layers

      extractor = keras.Sequential()
      extractor.add(layers.Conv2D(16, 3))
      if len(sys.argv) > 1:
          extractor.add(layers.GlobalAveragePooling2D())

      inputs = keras.Input(shape=(32, 32, 3))
      outputs = layers.Dense(10, activation='softmax')(extractor(inputs))
      model = keras.Model(inputs, outputs)
    `;
    assert.deepEqual(await findings(text, 'missing-flatten'), []);
  });

  test("one model's input_shape / output_shape sizes the next (Keras 3: tuples, None first, a list for several)", async () => {
    // Keras 3.15.1 prints base.output_shape (None, 7200) and base.input_shape (None, 32, 32, 3).
    const result = await analyze(py`
      import keras
      from keras import layers

      base = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(8, 3), layers.Flatten()])
      head_in = keras.Input(shape=base.output_shape[1:])
      head = keras.Model(head_in, layers.Dense(10)(head_in))
      inp = keras.Input(shape=base.input_shape[1:])
      model = keras.Model(inp, head(base(inp)))
      two = keras.Model(inp, [layers.Dense(2)(inp), layers.Dense(3)(inp)])
      first, second = two.output_shape
      third = keras.Model(i3 := keras.Input(shape=second[1:]), layers.Dense(1)(i3))
    `);
    const typed = (name: string) => rows(result, byName(result, name)).map((r) => r.slice(1));
    assert.deepEqual(typed('head'), [['Dense', [null, 10], 72010]]);
    assert.deepEqual(typed('model'), [
      ['Sequential', [null, 7200], 224],
      ['Functional', [null, 10], 72010],
    ]);
    assert.deepEqual(typed('third'), [['Dense', [null, 32, 32, 1], 4]]);
  });

  test("a model's layers reused: get_layer(name).input/.output and layers[-2].output, as Keras 3 counts them", async () => {
    // Keras 3.15.1: the four models have 1,385,482 / 1,384,897 / 1,384,832 / 1,384,832 weights.
    const result = await analyze(py`
      import keras
      from keras import layers

      inputs = keras.Input(shape=(28, 28, 1))
      x = layers.Conv2D(32, 3, activation="relu")(inputs)
      x = layers.Flatten()(x)
      x = layers.Dense(64, activation="relu", name="features")(x)
      outputs = layers.Dense(10, activation="softmax", name="classification_head")(x)
      model = keras.Model(inputs, outputs)

      y = model.get_layer("classification_head").input
      out = layers.Dense(1, activation="sigmoid")(y)
      binary = keras.Model(model.input, out)
      feat = keras.Model(model.input, model.get_layer("features").output)
      last = keras.Model(inputs=model.inputs, outputs=model.layers[-2].output)
      shared = layers.Dense(8)
      a, b = shared(x), shared(x)
      twice = keras.Model(inputs, shared.output)
    `);
    const total = (name: string) => summarizeModel(byName(result, name), result.shapes).totalParams;
    assert.deepEqual(['model', 'binary', 'feat', 'last'].map(total), [1385482, 1384897, 1384832, 1384832]);
    // A layer called twice has no single output (Keras raises); the model stays unknown.
    assert.equal(total('twice'), null);
  });

  test('a keras.Model subclass whose __init__ ends in super().__init__(inputs=..., outputs=...) is functional', async () => {
    // keras-io's "packaging Keras models" recipe; Keras 3.15.1 counts 76,810 weights.
    const result = await analyze(py`
      import keras

      class MnistModel(keras.Model):
          def __init__(self, **kwargs):
              inputs = keras.layers.Input(shape=(None, None, 1), dtype="uint8")
              y = keras.layers.Rescaling(1 / 255.0)(inputs)
              y = keras.layers.Conv2D(filters=16, kernel_size=3, padding="same", activation="relu")(y)
              y = keras.layers.Conv2D(filters=32, kernel_size=6, padding="same", activation="relu", strides=2)(y)
              y = keras.layers.Conv2D(filters=48, kernel_size=6, padding="same", activation="relu", strides=2)(y)
              y = keras.layers.GlobalAveragePooling2D()(y)
              y = keras.layers.Dense(48, activation="relu")(y)
              y = keras.layers.Dropout(0.4)(y)
              outputs = keras.layers.Dense(10, activation="softmax", name="classification_head")(y)
              super().__init__(inputs=inputs, outputs=outputs, **kwargs)

      model = MnistModel()
      model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
    `);
    assert.equal(result.models.length, 1);
    const model = result.models[0];
    assert.equal(model.kind, 'functional');
    assert.equal(model.name, 'MnistModel');
    assert.equal(summarizeModel(model, result.shapes).totalParams, 76810);
    assert.ok(model.compile);
  });

  test("model.predict(x) is an array: a row per sample of x, the model's output after it", async () => {
    // An autoencoder's encoder gives the features a classifier is then fitted on.
    const text = (declared: string) => py`
      from tensorflow import keras
      from tensorflow.keras import layers

      (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
      x_train = x_train.reshape(-1, 784).astype("float32") / 255

      input_img = keras.Input(shape=(784,))
      encoded = layers.Dense(32, activation='relu')(input_img)
      decoded = layers.Dense(784, activation='sigmoid')(encoded)
      autoencoder = keras.Model(input_img, decoded)
      encoder = keras.Model(input_img, encoded)
      autoencoder.compile(optimizer='adam', loss='binary_crossentropy')
      autoencoder.fit(x_train, x_train, epochs=50, batch_size=256)

      features = encoder.predict(x_train)
      clf = keras.Sequential([layers.Dense(10, activation='softmax', input_shape=${declared})])
      clf.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
      clf.fit(features, y_train, epochs=10)
    `;
    const result = await analyze(text('(features.shape[1],)'));
    assert.deepEqual(
      rows(result, byName(result, 'clf')).map((r) => r.slice(1)),
      [['Dense', [null, 10], 330]],
    );
    const wrong = await findings(text('(64,)'), 'input-shape-data-mismatch');
    assert.equal(wrong.length, 1);
    assert.match(wrong[0].message, /features \(the predictions of encoder\) has shape \(60000, 32\)/);
  });
});

describe('TensorFlow.js', () => {
  test('a truncated model: getLayer(name).output and getLayer(undefined, index).output', async () => {
    // The transfer-learning idiom of tfjs-examples, on a model of the file.
    const result = await analyzeJs(js`
      import * as tf from '@tensorflow/tfjs';

      const model = tf.sequential();
      model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu'}));
      model.add(tf.layers.flatten({name: 'flat'}));
      model.add(tf.layers.dense({units: 10, activation: 'softmax'}));

      const layer = model.getLayer('flat');
      const truncated = tf.model({inputs: model.inputs, outputs: layer.output});
      const first = tf.model({inputs: model.inputs, outputs: model.getLayer(undefined, 0).output});
      const missing = tf.model({inputs: model.inputs, outputs: model.getLayer('conv2d_Conv2D1').output});
    `);
    const types = (name: string) => rows(result, byName(result, name)).map((r) => r.slice(1));
    assert.deepEqual(types('truncated'), [
      ['Conv2D', [null, 26, 26, 8], 80],
      ['Flatten', [null, 5408], 0],
    ]);
    assert.deepEqual(types('first'), [['Conv2D', [null, 26, 26, 8], 80]]);
    // Names tfjs makes up are not followed: the model stays unknown.
    assert.equal(summarizeModel(byName(result, 'missing'), result.shapes).totalParams, null);
  });

  test('model.apply(input) in a functional model, and a Sequential added to a Sequential', async () => {
    const result = await analyzeJs(js`
      import * as tf from '@tensorflow/tfjs';

      const base = tf.sequential({layers: [tf.layers.dense({units: 8, inputShape: [4], activation: 'relu'})]});
      const input = tf.input({shape: [4]});
      const output = tf.layers.dense({units: 1}).apply(base.apply(input));
      const classifier = tf.model({inputs: input, outputs: output});

      const stacked = tf.sequential();
      stacked.add(tf.layers.dense({units: 4, inputShape: [5]}));
      stacked.add(base);
    `);
    assert.deepEqual(rows(result, byName(result, 'classifier')), [
      ['sequential_1', 'Sequential', [null, 8], 40],
      // The base's own Dense was constructed first: tfjs-layers counts it too.
      ['dense_Dense2', 'Dense', [null, 1], 9],
    ]);
    assert.deepEqual(rows(result, byName(result, 'stacked')), [
      ['dense_Dense2', 'Dense', [null, 4], 24],
      ['sequential_1', 'Sequential', [null, 8], 40],
    ]);
  });
});
