import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

// "Can I use MSE as loss function in a classification problem?": MNIST, softmax, one-hot labels, mse.
const mnistMse = py`
  from keras.datasets import mnist
  from keras import models, layers
  from keras.utils import to_categorical

  (train_images, train_labels), (test_images, test_labels) = mnist.load_data()
  network = models.Sequential()
  network.add(layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
  network.add(layers.Dense(10, activation='softmax'))
  network.compile(optimizer='rmsprop', loss='mean_squared_error', metrics=['accuracy'])
  train_images = train_images.reshape((60000, 28 * 28)).astype('float32') / 255
  train_labels = to_categorical(train_labels)
  network.fit(train_images, train_labels, epochs=5, batch_size=128)
`;

const mnistMseJs = js`
  import * as tf from '@tensorflow/tfjs-node';

  export async function train(images, labelIds) {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    model.compile({ optimizer: 'rmsprop', loss: 'meanSquaredError', metrics: ['accuracy'] });
    await model.fit(images, tf.oneHot(tf.tensor1d(labelIds, 'int32'), 10), { epochs: 5, batchSize: 128 });
  }
`;

// XOR with a sigmoid output and mse, the way many first networks are written.
const xorJs = js`
  import * as tf from '@tensorflow/tfjs';

  const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const ys = tf.tensor2d([[0], [1], [1], [0]]);
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError', metrics: ['accuracy'] });
  await model.fit(xs, ys, { epochs: 500 });
`;

// Cats and dogs from folders, one sigmoid unit, trained with mae.
const folders = py`
  import tensorflow as tf
  from tensorflow.keras.preprocessing.image import ImageDataGenerator

  train = ImageDataGenerator(rescale=1. / 255).flow_from_directory('data/train', target_size=(150, 150), class_mode='binary')
  model = tf.keras.Sequential([
      tf.keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(150, 150, 3)),
      tf.keras.layers.MaxPooling2D(2, 2),
      tf.keras.layers.Flatten(),
      tf.keras.layers.Dense(1, activation='sigmoid'),
  ])
  model.compile(optimizer='adam', loss=tf.keras.losses.MeanAbsoluteError(), metrics=['accuracy'])
  model.fit(train, epochs=10)
`;

ruleTester('regression-loss-class-labels', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'the matching crossentropy',
      python: mnistMse.replace("loss='mean_squared_error'", "loss='categorical_crossentropy'"),
      js: mnistMseJs.replace("loss: 'meanSquaredError'", "loss: 'categoricalCrossentropy'"),
      clean: true,
    },
    {
      name: 'mse on a real regression (continuous targets, linear output)',
      python: py`
        from tensorflow import keras
        (x, y), _ = keras.datasets.boston_housing.load_data()
        m = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
        m.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])
        m.fit(x, y)
      `,
      clean: true,
    },
    {
      name: 'softmax with mse but labels the analyzer cannot see (soft targets, distillation)',
      python: mnistMse.replace(
        'train_labels = to_categorical(train_labels)\n',
        'train_labels = teacher.predict(train_images)\n',
      ),
    },
    {
      name: 'a linear output on 0/1 targets: no probabilities, nothing to say',
      js: xorJs.replace("units: 1, activation: 'sigmoid'", 'units: 1'),
    },
  ],
  invalid: [
    {
      name: 'softmax over 10 classes with one-hot labels and mse',
      python: mnistMse,
      js: mnistMseJs,
      errors: [
        {
          severity: 'warning',
          at: { python: "'mean_squared_error'", js: "'meanSquaredError'" },
          message: {
            python:
              /^mean_squared_error is a regression loss, but this model is a classifier: a softmax output trained on one-hot labels from to_categorical\(\.\.\., 10\)\. .*Use categorical_crossentropy\.$/,
            js: /^meanSquaredError is a regression loss, but this model is a classifier: a softmax output trained on one-hot labels from tf\.oneHot\(\.\.\., 10\)\. .*Use categoricalCrossentropy\.$/,
          },
          related: {
            python: [{ at: "'softmax'" }, { at: 'to_categorical(train_labels)' }],
            js: [{ at: "'softmax'" }, { at: "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 10)" }],
          },
          fixes: [
            {
              title: { python: 'Use categorical_crossentropy', js: 'Use categoricalCrossentropy' },
              preferred: true,
              output: {
                python: (s) => s.replace("loss='mean_squared_error'", "loss='categorical_crossentropy'"),
                js: (s) => s.replace("loss: 'meanSquaredError'", "loss: 'categoricalCrossentropy'"),
              },
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'XOR: a sigmoid unit on 0/1 labels with mse',
      js: xorJs,
      errors: [
        {
          at: "'meanSquaredError'",
          message: /a sigmoid output trained on 0\/1 labels from tf\.tensor2d\(\.\.\.\)\..*Use binaryCrossentropy\.$/,
          fixes: [
            {
              title: 'Use binaryCrossentropy',
              preferred: true,
              output: (s) => s.replace("loss: 'meanSquaredError'", "loss: 'binaryCrossentropy'"),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'a loss object: binary 0/1 labels from flow_from_directory with MeanAbsoluteError()',
      python: folders,
      errors: [
        {
          at: 'tf.keras.losses.MeanAbsoluteError()',
          fixes: [
            {
              title: 'Use binary_crossentropy',
              preferred: true,
              output: (s) => s.replace('tf.keras.losses.MeanAbsoluteError()', "'binary_crossentropy'"),
            },
          ],
        },
      ],
    },
  ],
});
