import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const text = `import keras\nm = keras.Sequential([keras.layers.Dense(4, activation='sigmoid', input_shape=(3,))])\nm.compile(loss='categorical_crossentropy')\n`;

ruleTester('sigmoid-categorical-loss', {
  dialects: ['python', 'js'],
  valid: [{ name: 'softmax', python: text.replace("'sigmoid'", "'softmax'"), js: tfjsClassifier({}), clean: true }],
  invalid: [
    {
      name: 'sigmoid units with categorical crossentropy: softmax, or a multi-label loss',
      python: text,
      errors: [
        {
          at: "'sigmoid'",
          fixes: [
            { title: 'Use softmax', preferred: true, output: /activation='softmax'/ },
            { title: 'Use binary_crossentropy (multi-label)', output: /loss='binary_crossentropy'/ },
          ],
        },
      ],
    },
    {
      name: 'binary accuracy tracked: the multi-label fix is preferred',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(5, activation='sigmoid')])\nm.compile(loss='categorical_crossentropy', metrics=['binary_accuracy'])\n`,
      errors: [
        { fixes: [{ title: 'Use softmax' }, { title: 'Use binary_crossentropy (multi-label)', preferred: true }] },
      ],
    },
    {
      name: 'multi-label rows (several 1s): the multi-label fix is preferred',
      js: tfjsClassifier({
        output: "{units: 3, activation: 'sigmoid'}",
        labels: 'tf.tensor2d([[1, 0, 1], [0, 1, 1], [1, 0, 0]])',
      }),
      errors: [
        { fixes: [{ title: 'Use softmax' }, { title: 'Use binaryCrossentropy (multi-label)', preferred: true }] },
      ],
    },
    {
      name: '3 sigmoid outputs with categoricalCrossentropy (TensorFlow.js)',
      js: tfjsClassifier({ output: "{units: 3, activation: 'sigmoid'}" }),
      errors: [
        { fixes: [{ title: 'Use softmax', preferred: true }, { title: 'Use binaryCrossentropy (multi-label)' }] },
      ],
    },
  ],
});
