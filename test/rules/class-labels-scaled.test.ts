import { py } from '../helpers';
import { ruleTester } from './rule-tester';

// The TensorFlow quickstart, "normalised" a little too far: "accuracy stays at 0.0987".
const quickstart = py`
  import tensorflow as tf

  mnist = tf.keras.datasets.mnist
  (x_train, y_train), (x_test, y_test) = mnist.load_data()
  x_train, y_train = x_train / 255.0, y_train / 255.0

  model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation='softmax')
  ])
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=5)
`;

// One-hot rows scaled in the same line as the CIFAR images.
const oneHot = py`
  from tensorflow import keras
  from tensorflow.keras.utils import to_categorical

  (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
  y_train = to_categorical(y_train, 10)
  x_train = x_train.astype('float32')
  x_train /= 255
  y_train /= 255

  model = keras.Sequential([
      keras.layers.Conv2D(32, 3, activation='relu', input_shape=(32, 32, 3)),
      keras.layers.Flatten(),
      keras.layers.Dense(10, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=10)
`;

ruleTester('class-labels-scaled', {
  dialects: ['python'],
  valid: [
    {
      name: 'only the images scaled',
      python: quickstart.replace('x_train, y_train = x_train / 255.0, y_train / 255.0', 'x_train = x_train / 255.0'),
      clean: true,
    },
    {
      name: 'regression targets may be scaled',
      python: py`
        from tensorflow import keras

        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        y_train = y_train / 50.0
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
        model.compile(optimizer='adam', loss='mse')
        model.fit(x_train, y_train, epochs=100)
      `,
    },
  ],
  invalid: [
    {
      name: 'class ids divided by 255 with the images',
      python: quickstart,
      errors: [
        {
          severity: 'error',
          at: 'y_train',
          line: 14,
          message:
            'The labels are integer labels 0..9 from mnist.load_data(), divided by 255: scaling is for the inputs, class labels must stay as they are. ' +
            'The sparse crossentropy casts them back to whole numbers, so every label below 1 becomes class 0: the model learns to answer 0 whatever the input. Scale only the images.',
          related: [{ at: 'y_train / 255.0', message: 'labels divided by 255 here' }, { at: 'mnist.load_data()' }],
          fixes: [
            {
              title: 'Do not scale the labels',
              preferred: true,
              output: (s) => s.replace('y_train / 255.0', 'y_train'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'one-hot rows divided in place (no fix: the statement would have to go)',
      python: oneHot,
      errors: [
        {
          at: 'y_train',
          message:
            /^The labels are one-hot labels from to_categorical\(\.\.\., 10\), divided by 255: .* The 1s of the label rows become small fractions/,
          related: [{ at: 'y_train /= 255' }, { at: 'to_categorical(y_train, 10)' }],
          fixes: [],
        },
      ],
    },
  ],
});
