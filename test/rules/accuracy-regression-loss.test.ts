import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const boston = py`
  from tensorflow import keras
  (x, y), _ = keras.datasets.boston_housing.load_data()
  m = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
  m.compile(optimizer='rmsprop', loss='mse', metrics=['accuracy'])
  m.fit(x, y)
`;

// XOR with mse: the targets are 0/1 and the sigmoid output is a probability, so accuracy is meaningful (issue 12).
const xor = py`
  import numpy as np
  from keras.models import Sequential
  from keras.layers import Dense

  X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
  y = np.array([[0], [1], [1], [0]])
  model = Sequential()
  model.add(Dense(8, input_dim=2, activation='tanh'))
  model.add(Dense(1, activation='sigmoid'))
  model.compile(loss='mean_squared_error', optimizer='sgd', metrics=['accuracy'])
  model.fit(X, y, epochs=1000, verbose=0)
`;

const xorJs = js`
  import * as tf from '@tensorflow/tfjs';
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['accuracy'] });
  await model.fit(xs, tf.tensor2d([[0], [1], [1], [0]]), { epochs: 500 });
`;

ruleTester('accuracy-regression-loss', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'an error metric', python: boston.replace("metrics=['accuracy']", "metrics=['mae']"), clean: true },
    { name: 'XOR with mse on a sigmoid output', python: xor },
    { name: 'XOR on 0/1 labels with a linear output (TensorFlow.js)', js: xorJs },
    {
      name: 'MNIST with mse on one-hot labels: the loss is the mistake (regression-loss-class-labels), not the metric',
      python: py`
        from keras.datasets import mnist
        from keras import models, layers
        from keras.utils import to_categorical
        (x, y), _ = mnist.load_data()
        network = models.Sequential([layers.Dense(512, activation='relu', input_shape=(784,)), layers.Dense(10, activation='softmax')])
        network.compile(optimizer='rmsprop', loss='mean_squared_error', metrics=['accuracy'])
        network.fit(x, to_categorical(y), epochs=5)
      `,
    },
  ],
  invalid: [
    {
      name: 'accuracy on a regression model',
      python: boston,
      errors: [
        {
          severity: 'warning',
          at: "'accuracy'",
          related: [{ at: "'mse'", message: 'regression loss' }],
          fixes: [{ title: "Track 'mae' instead", preferred: true, output: /metrics=\['mae'\]/ }],
        },
      ],
    },
    {
      name: 'accuracy with meanSquaredError on continuous targets (TensorFlow.js)',
      js: tfjsClassifier({
        output: '{units: 1}',
        compile: "{optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['accuracy']}",
        labels: 'tf.tensor2d(prices, [n, 1])',
      }),
      errors: [{ fixes: [{ title: "Track 'mae' instead", preferred: true }] }],
    },
    {
      // mse is the loss itself (logged anyway) and mae is tracked: accuracy is simply removed.
      name: 'never duplicates a tracked metric',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(loss='mse', metrics=['mae', 'accuracy'])\n`,
      errors: [{ fixes: [{ title: "Remove 'accuracy'", preferred: true, output: /metrics=\['mae'\]\)/ }] }],
    },
    {
      name: 'metrics compared by what they compute',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(loss='huber', metrics=['mean_absolute_error', 'accuracy'])\n`,
      errors: [
        {
          fixes: [
            { title: "Track 'mse' instead", preferred: true, output: /metrics=\['mean_absolute_error', 'mse'\]\)/ },
          ],
        },
      ],
    },
  ],
});
