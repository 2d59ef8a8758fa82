import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const fashion = py`
  import keras
  (x, y), _ = keras.datasets.fashion_mnist.load_data()
  y = keras.utils.to_categorical(y, 10)
  m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
  m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
  m.fit(x, y)
`;

// Cats vs dogs with two softmax units and binary crossentropy: numerically the categorical loss (issue 12).
const twoUnits = py`
  import tensorflow as tf
  from tensorflow.keras.utils import to_categorical

  model = tf.keras.Sequential([
      tf.keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(150, 150, 3)),
      tf.keras.layers.MaxPooling2D(2, 2),
      tf.keras.layers.Flatten(),
      tf.keras.layers.Dense(2, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
  model.fit(images, to_categorical(labels, 2), epochs=10)
`;

ruleTester('binary-loss-multiclass', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'multi-label sigmoid outputs',
      python: fashion.replace("Dense(10, activation='softmax')", "Dense(10, activation='sigmoid')"),
    },
    {
      name: 'a 2-unit softmax with one-hot labels: binary crossentropy equals the categorical loss',
      python: twoUnits,
      clean: true,
    },
    {
      name: 'a 2-unit softmax in TensorFlow.js',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        const model = tf.sequential();
        model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [8]}));
        model.add(tf.layers.dense({units: 2, activation: 'softmax'}));
        model.compile({optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']});
        await model.fit(xs, tf.oneHot(tf.tensor1d(labels, 'int32'), 2), {epochs: 10});
      `,
      clean: true,
    },
    { name: 'categorical crossentropy', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'binary crossentropy on a 10-class softmax',
      python: fashion,
      errors: [
        {
          severity: 'warning',
          at: "'binary_crossentropy'",
          fixes: [
            {
              title: 'Use categorical_crossentropy',
              preferred: true,
              output: /loss='categorical_crossentropy'/,
            },
          ],
        },
      ],
    },
    {
      name: 'integer labels get the sparse loss',
      python: fashion.replace('y = keras.utils.to_categorical(y, 10)\n', ''),
      errors: [
        {
          fixes: [
            {
              title: 'Use sparse_categorical_crossentropy',
              preferred: true,
              output: /loss='sparse_categorical_crossentropy'/,
            },
          ],
        },
      ],
    },
    {
      name: 'binaryCrossentropy on a 3-class softmax (TensorFlow.js)',
      js: tfjsClassifier({ compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}" }),
      errors: [
        {
          message: /^binaryCrossentropy on a 3-class softmax output/,
          fixes: [{ title: 'Use categoricalCrossentropy', preferred: true }],
        },
      ],
    },
  ],
});
