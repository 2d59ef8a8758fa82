import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const stacked = `import keras\nm = keras.Sequential([keras.layers.Dense(64, input_shape=(10,)), keras.layers.Dense(1, activation='sigmoid')])\n`;

ruleTester('stacked-linear-layers', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'normalisation between the Dense layers',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.Dense(1)])\n`,
    },
    { name: 'an activation on the hidden layer', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'a Dense without activation feeding a Dense',
      python: stacked,
      errors: [
        {
          at: 'keras.layers.Dense',
          fixes: [
            {
              title: "Add activation='relu'",
              preferred: true,
              output: /Dense\(64, input_shape=\(10,\), activation='relu'\)/,
            },
          ],
        },
      ],
    },
    {
      name: 'a new string follows the quote style of the file',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(64, input_shape=(10,)), keras.layers.Dense(1, activation="sigmoid")])\nm.compile(loss="binary_crossentropy")\n`,
      errors: [
        { fixes: [{ title: /relu/, preferred: true, output: /Dense\(64, input_shape=\(10,\), activation="relu"\)/ }] },
      ],
    },
    {
      name: 'TensorFlow.js: double quotes in the file',
      js: [
        'import * as tf from "@tensorflow/tfjs";',
        'const model = tf.sequential();',
        'model.add(tf.layers.dense({ units: 64, inputShape: [10] }));',
        'model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));',
        'model.compile({ optimizer: "adam", loss: "binaryCrossentropy" });',
        '',
      ].join('\n'),
      errors: [
        {
          fixes: [
            {
              title: /relu/,
              preferred: true,
              output: /dense\(\{ units: 64, inputShape: \[10\], activation: "relu" \}\)/,
            },
          ],
        },
      ],
    },
    // The activation is added inside the config object, whatever its layout.
    ...(
      [
        ['{units: 32, inputShape: [20]}', /\{units: 32, inputShape: \[20\], activation: 'relu'\}/],
        ['{units: 32, inputShape: [20],}', /\{units: 32, inputShape: \[20\], activation: 'relu',\}/],
        ['{\n        units: 32,\n        inputShape: [20],\n      }', /inputShape: \[20\], activation: 'relu',\n/],
      ] as [string, RegExp][]
    ).map(([hidden, expected]) => ({
      name: `tfjs layout ${JSON.stringify(hidden)}`,
      js: tfjsClassifier({ hidden }),
      errors: [
        {
          message: /Add a non-linearity such as activation: 'relu'\.$/,
          fixes: [{ title: "Add activation: 'relu'", preferred: true, output: expected }],
        },
      ],
    })),
  ],
});
