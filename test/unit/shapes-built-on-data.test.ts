/**
 * Models whose input shape Keras only learns when they first get data: a
 * Sequential with no Input and no `input_shape=` (the Stack Overflow
 * `model = Sequential(); model.add(Dense(64, …)); model.fit(X_train, y_train)`)
 * is built by its first `fit`/`predict`/`evaluate`/call on data of known
 * shape, the batch axis variable, as Keras 3 builds it. Parameter counts are
 * those real Keras 3.15 gives for the same code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

function rows(result: Analysis, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

const byName = (result: Analysis, name: string) => result.models.find((m) => m.name === name)!;

describe('a Sequential with no input shape is built by its first use on data', () => {
  const mlp = `
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    X_train = np.random.rand(500, 20)
    y_train = np.random.randint(0, 2, size=(500,))
    model = Sequential()
    model.add(Dense(64, activation='relu'))
    model.add(Dense(32, activation='relu'))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  `;
  const built = (batch: number | null) => [
    ['Dense', [batch, 64], 1344],
    ['Dense', [batch, 32], 2080],
    ['Dense', [batch, 1], 33],
  ];

  test('fit on arrays of known shape', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10, batch_size=32)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(null));
  });

  test('predict, evaluate and train_on_batch build it with the batch Keras traces', async () => {
    // Keras 3.15.1: evaluate traces a variable batch, predict its first batch (32 rows by
    // default), train_on_batch the whole array.
    const calls: [string, number | null][] = [
      ['model.evaluate(X_train, y_train)', null],
      ['model.predict(X_train)', 32],
      ['model.predict(X_train, batch_size=100)', 100],
      ['model.predict(X_train[:10])', 10],
      ['model.train_on_batch(X_train, y_train)', 500],
    ];
    for (const [call, batch] of calls) {
      const result = await analyze(py`${mlp}
    ${call}
      `);
      assert.deepEqual(rows(result, byName(result, 'model')), built(batch), call);
    }
  });

  test('called eagerly on a NumPy batch: built on that batch, its size included', async () => {
    const result = await analyze(py`${mlp}
    out = model(np.zeros((1, 20)))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(1));
  });

  test('only the first use counts (Keras builds once)', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10)
    model.predict(np.zeros((3, 7)))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(null));
  });

  test('a use that may not run does not build it', async () => {
    const result = await analyze(py`${mlp}
    import sys
    if len(sys.argv) > 1:
        model.fit(X_train, y_train)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('a declared input shape wins over the data (the data-mismatch rule still sees the declaration)', async () => {
    const result = await analyze(py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    X_train = np.random.rand(500, 20)
    y_train = np.random.randint(0, 2, size=(500,))
    model = Sequential()
    model.add(Dense(64, activation='relu', input_shape=(500, 20)))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam')
    model.fit(X_train, y_train)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', [null, 500, 64], 1344]);
    assert.equal(result.findings.filter((f) => f.rule === 'input-shape-data-mismatch').length, 1);
  });

  test('data of unknown shape (read from a file) leaves it unknown', async () => {
    const result = await analyze(py`
    import pandas as pd
    from keras.models import Sequential
    from keras.layers import Dense

    df = pd.read_csv("train.csv")
    X = df.drop("label", axis=1).values
    y = df["label"].values
    model = Sequential()
    model.add(Dense(16, activation='relu'))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam')
    model.fit(X, y)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('built from its data, no rule about input shape against data fires', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10, validation_split=0.2)
    `);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
    );
  });
});

describe('tf.data element shapes build the model fitted on the dataset', () => {
  test('mnist → from_tensor_slices → batch → map(cast, /255, expand_dims, resize) → fit, in a function', async () => {
    // The keras-io reproducibility recipe's pipeline.
    const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    def train_model(train_data):
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model.fit(train_data, epochs=2)

    (train_images, train_labels), _ = keras.datasets.mnist.load_data()
    train_ds = tf.data.Dataset.from_tensor_slices((train_images, train_labels))

    def prepare_dataset(image, label):
        image = tf.cast(image, tf.float32) / 255.0
        image = tf.expand_dims(image, axis=-1)
        image = tf.image.resize(image, (32, 32))
        return image, label

    train_data = (
        train_ds.shuffle(buffer_size=len(train_images))
        .batch(batch_size=64)
        .map(prepare_dataset, num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(buffer_size=tf.data.AUTOTUNE)
    )
    history = train_model(train_data)
    `);
    assert.deepEqual(rows(result, byName(result, 'train_model')), [
      ['Conv2D', [null, 30, 30, 32], 320],
      ['MaxPooling2D', [null, 15, 15, 32], 0],
      ['GlobalAveragePooling2D', [null, 32], 0],
      ['Dense', [null, 10], 330],
    ]);
    // The labels still flow through map: sparse labels with a sparse loss, nothing to say.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
    );
  });

  test('labels followed through map still reach the label rules', async () => {
    const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    model = keras.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(ds, epochs=3)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['Flatten', [null, 784], 0],
      ['Dense', [null, 10], 7850],
    ]);
    assert.ok(result.findings.some((f) => f.rule === 'categorical-loss-integer-labels'));
  });

  test('labels one-hot encoded in map reach the loss rule, and the images still build the model', async () => {
    const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    ds = ds.map(lambda image, label: (tf.cast(image, tf.float32) / 255.0, tf.one_hot(label, 10))).batch(64)
    model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(ds, epochs=3)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Conv2D', [null, 30, 30, 8], 224]);
    assert.ok(result.findings.some((f) => f.rule === 'sparse-loss-one-hot-labels'));
  });

  test('an augmentation Sequential mapped over single images resizes them unbatched (keras.io focal modulation)', async () => {
    // Keras 3.15.1: train_aug's rows (32, 32, 3), (52, 52, 3), (32, 32, 3), (32, 32, 3); the dataset's
    // images (None, 32, 32, 3); the model's Conv2D (None, 30, 30, 4), 112 parameters.
    const result = await analyze(py`
    import keras
    import tensorflow as tf
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    train_aug = keras.Sequential(
        [
            layers.Rescaling(1 / 255.0),
            layers.Resizing(52, 52),
            layers.RandomCrop(32, 32),
            layers.RandomFlip("horizontal"),
        ],
        name="train_data_augmentation",
    )
    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    train_ds = train_ds.map(lambda image, label: (train_aug(image), label)).batch(8)
    model = keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(train_ds, epochs=1)
    `);
    assert.deepEqual(rows(result, byName(result, 'train_data_augmentation')), [
      ['Rescaling', [32, 32, 3], 0],
      ['Resizing', [52, 52, 3], 0],
      ['RandomCrop', [32, 32, 3], 0],
      ['RandomFlip', [32, 32, 3], 0],
    ]);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Conv2D', [null, 30, 30, 4], 112]);
  });

  test('padded_batch with padded_shapes (axes padded longer) leaves the shape unknown', async () => {
    const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    x = np.random.rand(100, 20, 8)
    y = np.random.rand(100, 1)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).padded_batch(10, padded_shapes=([40, 8], [1]))
    model = keras.Sequential([layers.LSTM(4), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(ds)
    `);
    // LSTM(4) gives (None, 4) whatever comes in; its weights depend on the features.
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['LSTM', [null, 4], null]);
    assert.equal(byName(result, 'model').builtInputShape, undefined);
  });

  test('a dataset never batched is not built on (Keras would take an element as a batch)', async () => {
    const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    x = np.random.rand(200, 16)
    y = np.random.rand(200, 1)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(200)
    model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(ds, epochs=3)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('batch(n, drop_remainder=True) fixes the batch axis; a subclassed model is built the same way', async () => {
    const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    class Regressor(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(8, activation="relu")
            self.out = layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    x = np.random.rand(200, 16).astype("float32")
    y = np.random.rand(200, 1).astype("float32")
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(16, drop_remainder=True)
    model = Regressor()
    model.compile(optimizer="adam", loss="mse")
    model.fit(ds, epochs=3)
    `);
    assert.deepEqual(rows(result, byName(result, 'Regressor')), [
      ['Dense', [16, 8], 136],
      ['Dense', [16, 1], 9],
    ]);
  });

  test('a dict of features gives no single input to build a Sequential on', async () => {
    const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    features = {"age": np.random.rand(100, 1), "income": np.random.rand(100, 1)}
    labels = np.random.randint(0, 2, size=(100,))
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).batch(10)
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(ds)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('image_dataset_from_directory: image_size, color_mode and batch_size give the batches', async () => {
    const source = (options: string) => py`
    import keras
    from keras import layers

    train_ds = keras.utils.image_dataset_from_directory("data/train", image_size=(64, 64)${options})
    model = keras.Sequential([
        layers.Rescaling(1.0 / 255),
        layers.Conv2D(16, 3, activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train_ds, epochs=3)
    `;
    const rgb = await analyze(source(''));
    assert.deepEqual(rows(rgb, byName(rgb, 'model')), [
      ['Rescaling', [null, 64, 64, 3], 0],
      ['Conv2D', [null, 62, 62, 16], 448],
      ['GlobalAveragePooling2D', [null, 16], 0],
      ['Dense', [null, 5], 85],
    ]);
    const gray = await analyze(source(', color_mode="grayscale", batch_size=16'));
    assert.deepEqual(rows(gray, byName(gray, 'model'))[1], ['Conv2D', [null, 62, 62, 16], 160]);
    const unbatched = await analyze(source(', batch_size=None'));
    assert.deepEqual(rows(unbatched, byName(unbatched, 'model'))[1], ['Conv2D', null, null]);
  });

  test('the tf.keras.preprocessing spelling with its default 256×256 images', async () => {
    const result = await analyze(py`
    import tensorflow as tf

    train_ds = tf.keras.preprocessing.image_dataset_from_directory("flowers", label_mode="categorical")
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(8, 3, strides=2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(train_ds, epochs=3)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['Conv2D', [null, 127, 127, 8], 224],
      ['Flatten', [null, 129032], 0],
      ['Dense', [null, 5], 645165],
    ]);
  });

  test('a data augmentation Sequential applied in map is built on the dataset images', async () => {
    const result = await analyze(py`
    import keras
    from keras import layers

    data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
    train_ds = keras.utils.image_dataset_from_directory("data/train", image_size=(180, 180), batch_size=32)
    train_ds = train_ds.map(lambda img, label: (data_augmentation(img), label))
    `);
    assert.deepEqual(rows(result, byName(result, 'data_augmentation')), [
      ['RandomFlip', [null, 180, 180, 3], 0],
      ['RandomRotation', [null, 180, 180, 3], 0],
    ]);
  });

  test('timeseries_dataset_from_array: windows of sequence_length rows', async () => {
    const result = await analyze(py`
    import numpy as np
    import keras
    from keras import layers

    series = np.random.rand(1000, 7)
    targets = np.random.rand(1000)
    train_ds = keras.utils.timeseries_dataset_from_array(series, targets, sequence_length=24, batch_size=64)
    model = keras.Sequential([layers.LSTM(32), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(train_ds, epochs=5)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['LSTM', [null, 32], 5120],
      ['Dense', [null, 1], 33],
    ]);
  });
});

describe('images decoded from files in a tf.data map', () => {
  test('paths → read_file → decode_jpeg(channels=3) → resize → /255 → batch: built on (None, 128, 128, 3)', async () => {
    const result = await analyze(py`
    from glob import glob
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    IMAGE_SIZE = 128

    def load_image(path):
        image = tf.io.read_file(path)
        image = tf.image.decode_jpeg(image, channels=3)
        image = tf.image.resize(image, [IMAGE_SIZE, IMAGE_SIZE])
        return image / 255.0

    paths = sorted(glob("images/*.jpg"))
    train_ds = tf.data.Dataset.from_tensor_slices(paths).map(load_image).batch(8)
    autoencoder = keras.Sequential([
        layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(3, 3, strides=2, padding="same", activation="sigmoid"),
    ])
    autoencoder.compile(optimizer="adam", loss="mse")
    autoencoder.predict(train_ds)
    `);
    assert.deepEqual(rows(result, byName(result, 'autoencoder')), [
      ['Conv2D', [null, 64, 64, 16], 448],
      ['Conv2DTranspose', [null, 128, 128, 3], 435],
    ]);
  });

  test('decode_png without channels: the channel count stays unknown, and so do the weights', async () => {
    const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    def load(path):
        return tf.image.resize(tf.image.decode_png(tf.io.read_file(path)), (64, 64))

    ds = tf.data.Dataset.from_tensor_slices(["a.png", "b.png"]).map(load).batch(2)
    model = keras.Sequential([layers.Conv2D(4, 3)])
    model.predict(ds)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [['Conv2D', [null, 62, 62, 4], null]]);
  });
});

describe('batches taken from a dataset', () => {
  test('next(iter(ds)) gives the batch: its shape, and a model called on it is built on it', async () => {
    const result = await analyze(py`
    import keras
    from keras import layers

    train_ds = keras.utils.image_dataset_from_directory("data/train", image_size=(180, 180), batch_size=32)
    image_batch, label_batch = next(iter(train_ds))
    height = image_batch.shape[1]
    model = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D(), layers.Dense(height)])
    predictions = model(image_batch)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['Conv2D', [null, 178, 178, 8], 224],
      ['GlobalAveragePooling2D', [null, 8], 0],
      ['Dense', [null, 180], 1620],
    ]);
  });

  test('a custom training loop over the dataset builds the model on the batches', async () => {
    const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    x_train = np.random.rand(512, 32).astype("float32")
    y_train = np.random.randint(0, 4, size=(512,))
    train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(512).batch(64)
    model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(4)])
    optimizer = keras.optimizers.Adam()
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    for epoch in range(3):
        for x_batch, y_batch in train_dataset:
            with tf.GradientTape() as tape:
                logits = model(x_batch, training=True)
                loss = loss_fn(y_batch, logits)
            grads = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['Dense', [null, 16], 528],
      ['Dense', [null, 4], 68],
    ]);
  });
});
