import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

// IMDB sentiment with the LSTM's return_sequences=True left in: "expected dense_1 to have 3 dimensions".
const imdb = py`
  from keras.datasets import imdb
  from keras.preprocessing import sequence
  from keras.models import Sequential
  from keras.layers import Dense, Embedding, LSTM

  (X_train, y_train), (X_test, y_test) = imdb.load_data(num_words=5000)
  X_train = sequence.pad_sequences(X_train, maxlen=500)
  model = Sequential()
  model.add(Embedding(5000, 32, input_length=500))
  model.add(LSTM(100, return_sequences=True))
  model.add(Dense(1, activation='sigmoid'))
  model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X_train, y_train, epochs=3, batch_size=64)
`;

const sensorJs = js`
  const tf = require('@tensorflow/tfjs-node');

  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: 32, returnSequences: true, inputShape: [10, 3] }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const labels = tf.tensor2d([[1], [0], [1], [0]]);
  model.fit(sequences, labels, { epochs: 20 });
`;

// Stacked LSTMs for a house-price-like regression: the second one keeps return_sequences=True too.
const stackedMse = py`
  from tensorflow import keras
  from tensorflow.keras import layers

  (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
  x_train = x_train.reshape((-1, 13, 1))
  model = keras.Sequential()
  model.add(layers.LSTM(64, return_sequences=True, input_shape=(13, 1)))
  model.add(layers.Bidirectional(layers.LSTM(32, return_sequences=True)))
  model.add(layers.Dropout(0.2))
  model.add(layers.Dense(1))
  model.compile(optimizer='adam', loss='mse')
  model.fit(x_train, y_train, epochs=10)
`;

ruleTester('return-sequences-single-label', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'the last LSTM returns its last step',
      python: imdb.replace('LSTM(100, return_sequences=True)', 'LSTM(100)'),
      js: sensorJs.replace('returnSequences: true, ', ''),
      clean: true,
    },
    {
      name: 'stacked LSTMs: only the last one drops the sequence',
      python: stackedMse.replace(
        'layers.Bidirectional(layers.LSTM(32, return_sequences=True))',
        'layers.Bidirectional(layers.LSTM(32))',
      ),
    },
    {
      name: 'a sequence model with per-step labels the analyzer cannot see (addition RNN)',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential()
        model.add(layers.Input((7, 12)))
        model.add(layers.LSTM(128))
        model.add(layers.RepeatVector(4))
        model.add(layers.LSTM(128, return_sequences=True))
        model.add(layers.Dense(12, activation="softmax"))
        model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(x, y, epochs=30)
      `,
    },
    {
      name: 'the last state of an LSTM that returns sequences and its states feeds the classifier',
      python: py`
        import keras
        from keras import layers
        from keras.datasets import imdb
        from keras.utils import pad_sequences

        (x_train, y_train), _ = imdb.load_data(num_words=5000)
        x_train = pad_sequences(x_train, maxlen=200)
        inputs = keras.Input(shape=(200,))
        x = layers.Embedding(5000, 32)(inputs)
        seq, state_h, state_c = layers.LSTM(64, return_sequences=True, return_state=True)(x)
        outputs = layers.Dense(1, activation="sigmoid")(state_h)
        model = keras.Model(inputs, outputs)
        model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(x_train, y_train, epochs=3)
      `,
    },
    {
      name: 'pooled over the steps',
      python: imdb
        .replace('from keras.layers import Dense', 'from keras.layers import GlobalMaxPooling1D, Dense')
        .replace(
          "model.add(Dense(1, activation='sigmoid'))",
          "model.add(GlobalMaxPooling1D())\nmodel.add(Dense(1, activation='sigmoid'))",
        ),
    },
  ],
  invalid: [
    {
      name: 'IMDB: return_sequences=True before Dense(1) with binary crossentropy',
      python: imdb,
      errors: [
        {
          severity: 'error',
          at: 'True',
          message:
            "LSTM 'lstm' returns the whole sequence (return_sequences=True) and it is the last recurrent layer, so the layers after it act on every time step " +
            'and the model outputs (None, 500, 1), while the labels have one value per sample (integer labels 0..1 from imdb.load_data()): ' +
            'Keras raises at fit() ("Arguments `target` and `output` must have the same rank"). ' +
            'Remove return_sequences from the last recurrent layer so it returns only its last step (or pool over the steps, e.g. GlobalMaxPooling1D).',
          related: [{ at: 'imdb.load_data(num_words=5000)' }],
          fixes: [
            {
              title: 'Return only the last step (remove return_sequences)',
              preferred: true,
              output: (s) => s.replace('LSTM(100, return_sequences=True)', 'LSTM(100)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'TensorFlow.js throws at fit() whatever the loss',
      js: sensorJs,
      errors: [
        {
          severity: 'error',
          at: 'true',
          message:
            /^LSTM '.*' returns the whole sequence \(returnSequences: true\) .* outputs \(None, 10, 1\), .*TensorFlow\.js throws at fit\(\)/,
          fixes: [
            {
              title: 'Return only the last step (remove returnSequences)',
              preferred: true,
              output: (s) => s.replace('returnSequences: true, ', ''),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'Keras with mse trains every step without an error: a warning, through Bidirectional and Dropout',
      python: stackedMse,
      errors: [
        {
          severity: 'warning',
          at: 'True',
          line: 8,
          message:
            /^Bidirectional 'bidirectional' returns the whole sequence .*outputs \(None, 13, 1\).*Keras broadcasts the labels over the steps and trains every step/,
          fixes: [
            {
              title: 'Return only the last step (remove return_sequences)',
              preferred: true,
              output: (s) =>
                s.replace(
                  'layers.Bidirectional(layers.LSTM(32, return_sequences=True))',
                  'layers.Bidirectional(layers.LSTM(32))',
                ),
            },
          ],
        },
      ],
    },
  ],
});
