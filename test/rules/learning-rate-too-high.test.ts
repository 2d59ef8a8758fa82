import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

// The textbook MNIST network: 784-30-10 sigmoid, mean squared error, SGD at 3.0 (reaches about 0.96). Issue 12.
const textbook = py`
  import keras
  from keras import layers
  from keras.utils import to_categorical

  (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
  x_train = x_train.reshape(60000, 784).astype("float32") / 255
  model = keras.Sequential([
      keras.Input(shape=(784,)),
      layers.Dense(30, activation="sigmoid"),
      layers.Dense(10, activation="sigmoid"),
  ])
  model.compile(optimizer=keras.optimizers.SGD(learning_rate=3.0), loss="mse", metrics=["accuracy"])
  model.fit(x_train, to_categorical(y_train, 10), batch_size=10, epochs=30)
`;

// A CIFAR-10 CNN with Adam at 0.1, "accuracy stuck at 0.10".
const cnnAdam = py`
  from tensorflow import keras
  from tensorflow.keras import layers

  (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
  x_train = x_train / 255.0
  model = keras.Sequential([
      layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)),
      layers.MaxPooling2D((2, 2)),
      layers.Conv2D(64, (3, 3), activation='relu'),
      layers.MaxPooling2D((2, 2)),
      layers.Flatten(),
      layers.Dense(64, activation='relu'),
      layers.Dense(10, activation='softmax'),
  ])
  model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=10)
`;

const regression = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5), loss='mse')\n`;

ruleTester('learning-rate-too-high', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'SGD(3.0) on a sigmoid MLP with mse (the textbook MNIST setup)', python: textbook, clean: true },
    { name: 'Adam at 0.01 on a CNN', python: cnnAdam.replace('learning_rate=0.1', 'learning_rate=0.01'), clean: true },
    { name: 'SGD(0.5) on a linear regression', python: regression.replace('Adam(learning_rate=0.5)', 'SGD(0.5)') },
    // Measured on small regressions: Adam learned at 0.3 and failed at 1.
    { name: 'Adam(0.5) on a regression', python: regression },
    // Momentum is not counted: SGD(0.1, momentum=0.9) is a standard recipe.
    {
      name: 'SGD with momentum at 0.1',
      python: cnnAdam.replace(
        'keras.optimizers.Adam(learning_rate=0.1)',
        'keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)',
      ),
    },
    {
      // Measured without momentum; SGD(0.3, momentum=0.9) trains graph attention networks (keras-io).
      name: 'SGD(0.3) with momentum, judged only where every measured model failed',
      python: cnnAdam.replace(
        'keras.optimizers.Adam(learning_rate=0.1)',
        'keras.optimizers.SGD(learning_rate=0.3, momentum=0.9)',
      ),
    },
    {
      name: 'tf.train.adam(0.01)',
      js: tfjsClassifier({ compile: "{optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy'}" }),
    },
    { name: "a string optimizer uses the framework's default", js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'Adam at 0.1 on a CNN with a categorical loss (issue 12: silent at the edge before)',
      python: cnnAdam,
      errors: [
        {
          severity: 'warning',
          at: '0.1',
          message:
            "learning rate 0.1 is too high for adam: at 0.1 and above, small models trained with adam and a categorical loss failed to learn in Model Doctor's measurements " +
            '(the loss went to NaN, or accuracy or the error stayed at chance level). The default is 0.001.',
          fixes: [
            {
              title: 'Use the default learning rate 0.001',
              preferred: true,
              output: (s) => s.replace('Adam(learning_rate=0.1)', 'Adam(learning_rate=0.001)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'plain SGD at 0.3 with a categorical loss (half the measured models failed there)',
      python: cnnAdam.replace('keras.optimizers.Adam(learning_rate=0.1)', 'keras.optimizers.SGD(learning_rate=0.3)'),
      errors: [
        {
          at: '0.3',
          message:
            /^learning rate 0\.3 is too high for sgd: at 0\.3 and above, small models trained with sgd and a categorical loss failed/,
        },
      ],
    },
    {
      name: 'SGD at 1 with momentum: every measured model failed',
      python: cnnAdam.replace(
        'keras.optimizers.Adam(learning_rate=0.1)',
        'keras.optimizers.SGD(learning_rate=1.0, momentum=0.9)',
      ),
      errors: [{ message: /at 1 and above, small models trained with sgd and a categorical loss failed/ }],
    },
    {
      name: 'Adam at 0.1 on a binary CNN (cats and dogs from folders)',
      python: py`
        import tensorflow as tf
        train_ds = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(64, 64), label_mode='binary')
        model = tf.keras.Sequential([
            tf.keras.layers.Rescaling(1. / 255, input_shape=(64, 64, 3)),
            tf.keras.layers.Conv2D(16, 3, activation='relu'),
            tf.keras.layers.MaxPooling2D(),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(1, activation='sigmoid'),
        ])
        model.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss='binary_crossentropy', metrics=['accuracy'])
        model.fit(train_ds, epochs=10)
      `,
      errors: [
        {
          at: '0.1',
          message: /and a binary loss failed/,
          fixes: [{ title: 'Use the default learning rate 0.001', preferred: true, output: /Adam\(0\.001\)/ }],
        },
      ],
    },
    {
      name: 'SGD(30) on the textbook sigmoid MLP',
      python: textbook.replace('SGD(learning_rate=3.0)', 'SGD(learning_rate=30.0)'),
      errors: [
        { message: /at 30 and above, small models trained with sgd and a squared-error on probabilities loss failed/ },
      ],
    },
    {
      name: 'SGD(2.0) on a linear regression',
      python: regression.replace('Adam(learning_rate=0.5)', 'SGD(2.0)'),
      errors: [{ at: '2.0', fixes: [{ title: 'Use the default learning rate 0.01', preferred: true }] }],
    },
    {
      name: 'a learning-rate constant is fixed at its definition',
      python: `import keras\nLR = 3.0\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss='mse')\n`,
      errors: [
        {
          fixes: [
            {
              title: 'Use the default learning rate 0.001',
              preferred: true,
              output: (s) => s.replace('LR = 3.0', 'LR = 0.001'),
            },
          ],
        },
      ],
    },
    // The default offered is tfjs's own.
    ...[
      ['tf.train.adam(0.5)', '0.001'],
      ['tf.train.adamax(1)', '0.002'],
      ['tf.train.sgd(5)', '0.01'],
      ['tf.train.momentum(3, 0.9)', '0.01'],
    ].map(([code, fixed]) => ({
      name: `tfjs ${code}`,
      js: tfjsClassifier({ compile: `{optimizer: ${code}, loss: 'categoricalCrossentropy'}` }),
      errors: [{ fixes: [{ title: `Use the default learning rate ${fixed}`, preferred: true }] }],
    })),
    {
      name: 'TypeScript: the fix keeps the type assertion valid',
      ts: js`
        import * as tf from '@tensorflow/tfjs';
        export function build(inputs: number): tf.Sequential {
          const model: tf.Sequential = tf.sequential();
          model.add(tf.layers.dense({units: 3, activation: 'softmax', inputShape: [inputs]} as tf.layers.DenseLayerArgs));
          model.compile({optimizer: tf.train.adam(0.5) as tf.Optimizer, loss: 'categoricalCrossentropy'});
          return model;
        }
      `,
      errors: [{ fixes: [{ title: 'Use the default learning rate 0.001', preferred: true, clean: true }] }],
    },
  ],
});
