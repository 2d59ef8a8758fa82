/**
 * Data given to `fit` as a keras.utils.Sequence (or PyDataset) of the file's own,
 * the way generators for images on disk are written in answers: Keras reads
 * batches with `__getitem__`, builds an unbuilt model on the first one's x and
 * trains on its y. And models whose class overrides `train_step`, where what
 * fit's data means is that method's business. Shapes and counts are what Keras
 * 3.15.1 gives for the same code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { VerifyError } from '../../src/trainer/errors';
import { planVerification } from '../../src/trainer/plan';
import { analyze, analyzer, findings, py, rejection } from '../helpers';

function rows(result: Awaited<ReturnType<typeof analyze>>, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

/** A DataGenerator as answers write it: paths in, one batch of images and one-hot labels out. */
const generator = py`
  import numpy as np
  import tensorflow as tf
  from tensorflow import keras
  from tensorflow.keras import layers

  class DataGenerator(keras.utils.Sequence):
      'Generates data for Keras'
      def __init__(self, list_IDs, labels, batch_size=32, dim=(128, 128), n_channels=3,
                   n_classes=10, shuffle=True):
          self.dim = dim
          self.batch_size = batch_size
          self.labels = labels
          self.list_IDs = list_IDs
          self.n_channels = n_channels
          self.n_classes = n_classes
          self.shuffle = shuffle
          self.on_epoch_end()

      def __len__(self):
          return int(np.floor(len(self.list_IDs) / self.batch_size))

      def __getitem__(self, index):
          indexes = self.indexes[index*self.batch_size:(index+1)*self.batch_size]
          list_IDs_temp = [self.list_IDs[k] for k in indexes]
          X, y = self.__data_generation(list_IDs_temp)
          return X, y

      def on_epoch_end(self):
          self.indexes = np.arange(len(self.list_IDs))
          if self.shuffle == True:
              np.random.shuffle(self.indexes)

      def __data_generation(self, list_IDs_temp):
          X = np.empty((self.batch_size, *self.dim, self.n_channels))
          y = np.empty((self.batch_size), dtype=int)
          for i, ID in enumerate(list_IDs_temp):
              X[i,] = np.load('data/' + ID + '.npy')
              y[i] = self.labels[ID]
          return X, keras.utils.to_categorical(y, num_classes=self.n_classes)

  class Net(keras.Model):
      def __init__(self):
          super().__init__()
          self.conv = layers.Conv2D(16, 3, activation="relu")
          self.pool = layers.GlobalAveragePooling2D()
          self.out = layers.Dense(10, activation="softmax")

      def call(self, x):
          return self.out(self.pool(self.conv(x)))

`;

describe('fit on a keras.utils.Sequence of the file', () => {
  test('a subclassed model is built on the first batch, its size left variable', async () => {
    const result = await analyze(
      generator +
        py`
      training_generator = DataGenerator(partition['train'], labels, batch_size=16)
      model = Net()
      model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
      model.fit(training_generator, epochs=5)
    `,
    );
    const model = result.models.find((m) => m.name === 'Net');
    assert.ok(model);
    assert.deepEqual(model.builtInputShape, [null, 128, 128, 3]);
    assert.deepEqual(rows(result, model), [
      ['Conv2D', [null, 126, 126, 16], 448],
      ['GlobalAveragePooling2D', [null, 16], 0],
      ['Dense', [null, 10], 170],
    ]);
    assert.equal(result.findings.length, 0, result.findings.map((f) => f.message).join('\n'));
  });

  test('the labels of its batches meet the loss: one-hot labels with a sparse loss', async () => {
    const found = await findings(
      generator +
        py`
      model = Net()
      model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
      model.fit(DataGenerator(partition['train'], labels), epochs=5)
    `,
      'sparse-loss-one-hot-labels',
    );
    assert.equal(found.length, 1);
    assert.match(found[0].message, /to_categorical/);
  });

  test('a class that only looks like one (no Sequence base) is not read as batches', async () => {
    const result = await analyze(
      generator.replace('(keras.utils.Sequence)', '') +
        py`
      model = Net()
      model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
      model.fit(DataGenerator(partition['train'], labels), epochs=5)
    `,
    );
    assert.equal(result.models.find((m) => m.name === 'Net')?.builtInputShape, undefined);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
    );
  });
});

describe('a model whose class overrides train_step', () => {
  /** Metric learning as keras-io writes it: fit gets anchor/positive pairs, not model inputs. */
  const pairs = (trainStep: string) => py`
    import numpy as np
    import keras
    from keras import layers

    class AnchorPositivePairs(keras.utils.Sequence):
        def __init__(self, num_batches):
            super().__init__()
            self.num_batches = num_batches

        def __len__(self):
            return self.num_batches

        def __getitem__(self, _idx):
            x = np.empty((2, 10, 32, 32, 3), dtype=np.float32)
            return x

    class EmbeddingModel(keras.Model):
    ${trainStep}
        def get_config(self):
            return {}

    inputs = layers.Input(shape=(32, 32, 3))
    x = layers.Conv2D(filters=32, kernel_size=3, strides=2, activation="relu")(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    embeddings = layers.Dense(units=8, activation=None)(x)
    model = EmbeddingModel(inputs, embeddings)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(AnchorPositivePairs(num_batches=1000), epochs=20)
  `;
  const ownStep = `    def train_step(self, data):
        anchors, positives = data[0], data[1]
        return {"loss": 0.0}
`;

  test('its data is not compared with the model input (the same data without it is refused)', async () => {
    const own = await findings(pairs(ownStep), 'input-shape-data-mismatch');
    assert.deepEqual(own, []);
    const plain = await findings(pairs(''), 'input-shape-data-mismatch');
    assert.equal(plain.length, 1);
  });

  test('verify refuses to train it the standard way, and says why', async () => {
    const refused = await rejection(
      planVerification(await analyzer(), { source: pairs(ownStep), language: 'python' }),
      VerifyError,
    );
    assert.match(refused.message, /overrides train_step \(line 18\)/);
  });
});

describe('fit on a generator function', () => {
  /** A batch generator the way questions write them for fit_generator. */
  const generator = py`
    import numpy as np
    from keras.models import Model
    from keras.layers import Dense, Conv2D, Flatten, Input
    from keras.utils import to_categorical

    def generator(features, labels, batch_size):
        batch_features = np.zeros((batch_size, 64, 64, 3))
        batch_labels = np.zeros((batch_size, 1))
        while True:
            for i in range(batch_size):
                index = np.random.choice(len(features), 1)
                batch_features[i] = features[index]
                batch_labels[i] = labels[index]
            yield batch_features, to_categorical(batch_labels, num_classes=5)

  `;

  test('fit_generator builds a subclassed model on what the generator yields', async () => {
    const result = await analyze(
      generator +
        py`
      class Net(Model):
          def __init__(self):
              super().__init__()
              self.conv = Conv2D(8, 3)
              self.flat = Flatten()
              self.out = Dense(5, activation='softmax')
          def call(self, x):
              return self.out(self.flat(self.conv(x)))

      model = Net()
      model.compile(loss='categorical_crossentropy', optimizer='adam')
      model.fit_generator(generator(X, Y, 32), steps_per_epoch=50, epochs=10)
    `,
    );
    const model = result.models.find((m) => m.name === 'Net');
    assert.ok(model);
    assert.deepEqual(rows(result, model), [
      ['Conv2D', [null, 62, 62, 8], 224],
      ['Flatten', [null, 30752], 0],
      ['Dense', [null, 5], 153765],
    ]);
  });

  test('its labels meet the loss', async () => {
    const found = await findings(
      generator +
        py`
      model = Model(inp := Input(shape=(64, 64, 3)), Dense(5, activation='softmax')(Flatten()(inp)))
      model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
      model.fit(generator(X, Y, 32), steps_per_epoch=50, epochs=10)
    `,
      'sparse-loss-one-hot-labels',
    );
    assert.equal(found.length, 1);
  });

  test('next() and a for loop hand out its items: an input shape read off a batch', async () => {
    const result = await analyze(
      generator +
        py`
      gen = generator(X, Y, 32)
      x_batch, y_batch = next(gen)
      inputs = Input(shape=x_batch.shape[1:])
      outputs = Dense(5, activation='softmax')(Flatten()(inputs))
      first = Model(inputs, outputs)
      for xb, yb in generator(X, Y, 8):
          second = Model(i2 := Input(shape=xb.shape[1:]), Dense(2)(Flatten()(i2)))
          break
    `,
    );
    assert.deepEqual(
      result.models.map((m) => rows(result, m).find((r) => r[0] === 'Flatten')),
      [
        ['Flatten', [null, 12288], 0],
        ['Flatten', [null, 12288], 0],
      ],
    );
  });

  test('a function with a yield only in a nested function is no generator', async () => {
    const result = await analyze(py`
      import keras
      def make():
          def batches():
              yield 1
          return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
      model = make()
      model.compile(optimizer="adam", loss="mse")
    `);
    assert.equal(result.models.length, 1);
    assert.deepEqual(rows(result, result.models[0]), [['Dense', [null, 1], 5]]);
    // make() returned the model (a generator would have handed back a generator object): compile reached it.
    assert.ok(result.models[0].compile);
  });
});
