import { py } from '../helpers';
import { ruleTester } from './rule-tester';

// "My regression model predicts 1.0 for every house": a sigmoid left on the output of a Boston housing model.
const boston = py`
  import tensorflow as tf
  from tensorflow import keras

  (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
  model = keras.Sequential([
      keras.layers.Dense(64, activation='relu', input_shape=(13,)),
      keras.layers.Dense(64, activation='relu'),
      keras.layers.Dense(1, activation='sigmoid'),
  ])
  model.compile(optimizer='adam', loss='mse', metrics=['mae'])
  model.fit(x_train, y_train, epochs=100, validation_split=0.2)
`;

const california = py`
  import keras
  from keras import layers

  (x_train, y_train), _ = keras.datasets.california_housing.load_data()
  inputs = keras.Input(shape=(8,))
  x = layers.Dense(32, activation="relu")(inputs)
  outputs = layers.Dense(1, activation="tanh")(x)
  model = keras.Model(inputs, outputs)
  model.compile(optimizer="adam", loss="huber")
  model.fit(x_train, y_train, epochs=20)
`;

ruleTester('bounded-output-regression', {
  // TensorFlow.js code has no loader whose target range is documented.
  dialects: ['python'],
  valid: [
    {
      name: 'a linear output',
      python: boston.replace("Dense(1, activation='sigmoid')", 'Dense(1)'),
      clean: true,
    },
    {
      name: 'relu reaches every positive price',
      python: boston.replace("Dense(1, activation='sigmoid')", "Dense(1, activation='relu')"),
      clean: true,
    },
    {
      name: 'targets whose range is not known (they may have been scaled into [0, 1])',
      python: boston.replace('model.fit(x_train, y_train,', 'model.fit(x_train, y_train_scaled,'),
    },
  ],
  invalid: [
    {
      name: 'sigmoid on Boston house prices (10 to 50)',
      python: boston,
      errors: [
        {
          severity: 'error',
          at: "'sigmoid'",
          message:
            'The output applies sigmoid, so every prediction is between 0 and 1, but the targets are regression targets from boston_housing.load_data(), typically 10 to 50: ' +
            'the model can never predict them; its outputs saturate at the bound and the loss stays about as large as the targets. ' +
            "Use a linear output (no activation) for regression, or scale the targets into sigmoid's range.",
          related: [{ at: 'keras.datasets.boston_housing.load_data()' }],
          fixes: [
            {
              title: 'Use a linear output',
              preferred: true,
              output: (s) => s.replace("Dense(1, activation='sigmoid')", "Dense(1, activation='linear')"),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'tanh on California prices in dollars, functional model',
      python: california,
      errors: [
        {
          at: '"tanh"',
          message: /every prediction is between −1 and 1, .*typically 25,000 to 500,000/,
          fixes: [
            {
              title: 'Use a linear output',
              preferred: true,
              output: (s) => s.replace('activation="tanh"', 'activation="linear"'),
            },
          ],
        },
      ],
    },
  ],
});
