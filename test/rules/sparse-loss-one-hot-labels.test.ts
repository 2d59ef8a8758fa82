import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const mnist = py`
  import tensorflow as tf
  (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
  x_train = x_train / 255.0
  y_train = tf.keras.utils.to_categorical(y_train, 10)
  model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=5)
`;

const sparseJs = tfjsClassifier({
  compile: "{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}",
});

ruleTester('sparse-loss-one-hot-labels', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'integer labels',
      python: mnist.replace('y_train = tf.keras.utils.to_categorical(y_train, 10)\n', ''),
      js: tfjsClassifier({}),
      clean: true,
    },
    {
      name: 'LabelBinarizer on two classes gives a single column',
      python: py`
        import keras
        from sklearn.preprocessing import LabelBinarizer
        y = LabelBinarizer().fit_transform(labels)
        m = keras.Sequential([keras.layers.Dense(2, activation='softmax')])
        m.compile(loss='sparse_categorical_crossentropy')
        m.fit(x, y)
      `,
    },
  ],
  invalid: [
    {
      name: 'sparse categorical crossentropy fed to_categorical / tf.oneHot labels',
      python: mnist,
      js: sparseJs,
      errors: [
        {
          at: { python: "'sparse_categorical_crossentropy'", js: "'sparseCategoricalCrossentropy'" },
          message: { js: /one-hot labels from tf\.oneHot\(\.\.\., 3\)/ },
          related: {
            python: [{ at: 'tf.keras.utils.to_categorical(y_train, 10)' }],
            js: [{ at: "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 3)" }],
          },
          fixes: [
            {
              title: { python: 'Use categorical_crossentropy', js: 'Use categoricalCrossentropy' },
              preferred: true,
              clean: true,
            },
          ],
        },
      ],
    },
  ],
});
