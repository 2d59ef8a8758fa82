import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

// "How does Keras handle multilabel classification?": genres from MultiLabelBinarizer, softmax output.
const genres = py`
  import numpy as np
  from sklearn.preprocessing import MultiLabelBinarizer
  from tensorflow.keras.models import Sequential
  from tensorflow.keras.layers import Dense, Dropout

  mlb = MultiLabelBinarizer()
  y = mlb.fit_transform(genres)
  model = Sequential()
  model.add(Dense(512, activation='relu', input_dim=X.shape[1]))
  model.add(Dropout(0.5))
  model.add(Dense(y.shape[1], activation='softmax'))
  model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X, y, epochs=10, batch_size=64)
`;

const tagsJs = js`
  import * as tf from '@tensorflow/tfjs';

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }));
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const tags = tf.tensor2d([[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 1]]);
  await model.fit(features, tags, { epochs: 30 });
`;

ruleTester('softmax-multi-label', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'sigmoid with binary crossentropy',
      python: genres
        .replace("activation='softmax'", "activation='sigmoid'")
        .replace("loss='categorical_crossentropy'", "loss='binary_crossentropy'"),
      js: tagsJs
        .replace("activation: 'softmax'", "activation: 'sigmoid'")
        .replace("loss: 'categoricalCrossentropy'", "loss: 'binaryCrossentropy'"),
      clean: true,
    },
    {
      name: 'one 1 per row is one-hot, softmax is right',
      js: tagsJs.replace(
        '[[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 1]]',
        '[[1, 0, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]',
      ),
      clean: true,
    },
    {
      name: 'LabelBinarizer gives one class per row',
      python: genres.replace('MultiLabelBinarizer', 'LabelBinarizer'),
    },
  ],
  invalid: [
    {
      name: 'softmax on tags from MultiLabelBinarizer / rows with several 1s',
      python: genres,
      js: tagsJs,
      errors: [
        {
          severity: 'warning',
          at: "'softmax'",
          message: {
            python:
              'The targets are multi-label (multi-label rows from MultiLabelBinarizer: a row can have several 1s), but softmax makes the outputs share one total of 1, ' +
              'so at most one tag can pass 0.5 and a sample with two tags is never predicted right. ' +
              'Use sigmoid on the last layer (one independent probability per tag) with binary_crossentropy.',
            js: /^The targets are multi-label \(multi-label rows of width 4 from tf\.tensor2d: a row can have several 1s\), but softmax makes the 4 outputs share one total of 1, .*with binaryCrossentropy\.$/,
          },
          related: {
            python: [{ at: 'mlb.fit_transform(genres)' }],
            js: [{ at: 'tf.tensor2d([[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 1]])' }],
          },
          fixes: [
            {
              title: { python: 'Use sigmoid with binary_crossentropy', js: 'Use sigmoid with binaryCrossentropy' },
              preferred: true,
              output: {
                python: (s) =>
                  s
                    .replace("activation='softmax'", "activation='sigmoid'")
                    .replace("loss='categorical_crossentropy'", "loss='binary_crossentropy'"),
                js: (s) =>
                  s
                    .replace("activation: 'softmax'", "activation: 'sigmoid'")
                    .replace("loss: 'categoricalCrossentropy'", "loss: 'binaryCrossentropy'"),
              },
              clean: true,
            },
          ],
        },
      ],
    },
  ],
});
