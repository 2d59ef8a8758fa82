import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

// Iris in the style of many first Keras questions: "loss: nan, accuracy stuck at 0.33".
const iris = py`
  from keras.models import Sequential
  from keras.layers import Dense
  from keras.utils import np_utils

  model = Sequential()
  model.add(Dense(64, input_dim=4, activation='relu'))
  model.add(Dense(3, activation='relu'))
  model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X, np_utils.to_categorical(y), epochs=200, batch_size=10)
`;

const irisJs = js`
  import * as tf from '@tensorflow/tfjs';

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'relu' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(xs, tf.oneHot(tf.tensor1d(labels, 'int32'), 3), { epochs: 50 });
`;

// A binary classifier whose last layer kept the tanh of the hidden ones.
const tanhBinary = py`
  import tensorflow as tf

  model = tf.keras.models.Sequential([
      tf.keras.layers.Dense(32, activation='tanh', input_shape=(20,)),
      tf.keras.layers.Dense(1, activation='tanh'),
  ])
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
`;

ruleTester('output-not-probability', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'softmax before categorical crossentropy',
      python: iris.replace("Dense(3, activation='relu')", "Dense(3, activation='softmax')"),
      js: irisJs.replace("units: 3, activation: 'relu'", "units: 3, activation: 'softmax'"),
      clean: true,
    },
    {
      name: 'relu outputs taken as logits (from_logits=True)',
      python: iris
        .replace("loss='categorical_crossentropy'", 'loss=keras.losses.CategoricalCrossentropy(from_logits=True)')
        .replace('from keras.models import Sequential', 'import keras\nfrom keras.models import Sequential'),
    },
    {
      name: 'relu on a regression output',
      python: iris.replace("loss='categorical_crossentropy'", "loss='mse'"),
    },
    {
      name: 'a linear output is the business of logits-activation-mismatch',
      js: irisJs.replace("units: 3, activation: 'relu'", 'units: 3'),
    },
  ],
  invalid: [
    {
      name: 'relu before categorical crossentropy: NaN from the first epoch',
      python: iris,
      js: irisJs,
      errors: [
        {
          severity: 'error',
          at: "'relu'",
          line: { python: 7, js: 5 },
          message: {
            python:
              /^The last layer applies relu, whose outputs are not probabilities, but categorical_crossentropy reads them as probabilities: it divides them by their sum .*training fails from the first epoch.*Use softmax on the last layer\.$/,
            js: /^The last layer applies relu, .* but categoricalCrossentropy reads them as probabilities: .*Use softmax on the last layer\.$/,
          },
          related: {
            python: [{ at: "'categorical_crossentropy'", message: 'categorical_crossentropy expects probabilities' }],
            js: [{ at: "'categoricalCrossentropy'", message: 'categoricalCrossentropy expects probabilities' }],
          },
          fixes: [
            {
              title: 'Use softmax',
              preferred: true,
              output: {
                python: (s) => s.replace("Dense(3, activation='relu')", "Dense(3, activation='softmax')"),
                js: (s) => s.replace("units: 3, activation: 'relu'", "units: 3, activation: 'softmax'"),
              },
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'tanh before binary crossentropy: it trains, worse (a warning)',
      python: tanhBinary,
      errors: [
        {
          severity: 'warning',
          at: "'tanh'",
          message:
            /it clips them into \[1e-7, 1 − 1e-7\], so wherever tanh leaves that range the gradient is zero: it trains, but worse than with sigmoid\. Use sigmoid on the last layer\.$/,
          fixes: [
            {
              title: 'Use sigmoid',
              preferred: true,
              output: (s) => s.replace("Dense(1, activation='tanh')", "Dense(1, activation='sigmoid')"),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'a user setting overrides the per-finding severity',
      python: tanhBinary,
      options: { rules: { 'output-not-probability': 'error' } },
      errors: [{ severity: 'error' }],
    },
  ],
});
