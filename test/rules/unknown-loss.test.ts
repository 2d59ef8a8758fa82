import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const typo = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(optimizer='adam', loss="binary_crossentrophy")\n`;

const tfjsMessage = (written: string, expected: string) =>
  `Unknown loss '${written}': TensorFlow.js does not know this name and training cannot start (an error is raised before the first epoch). Did you mean '${expected}'?`;

ruleTester('unknown-loss', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'names Keras accepts, user functions and compile-only names',
      python: py`
        import keras
        def focal(y, p): return y
        m = keras.Sequential([keras.layers.Dense(3, activation='gelu')])
        m.compile(optimizer='nadam', loss=focal, metrics=['ACC', 'top_k_categorical_accuracy', 'auc'])
        m2 = keras.Sequential([keras.layers.Dense(3, activation='softmax')])
        m2.compile(optimizer='adamw', loss='crossentropy')
      `,
      clean: true,
    },
    { name: 'a tfjs name', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      // The only close name (BinaryCrossentropy is the same loss spelt as a class): a safe fix.
      name: 'a typo with one close name: did you mean, fixed safely',
      python: typo,
      errors: [
        {
          severity: 'error',
          at: '"binary_crossentrophy"',
          message: /Did you mean 'binary_crossentropy'\?$/,
          fixes: [
            {
              title: "Change to 'binary_crossentropy'",
              preferred: true,
              applicability: 'safe',
              output: (s) => s.replace('"binary_crossentrophy"', '"binary_crossentropy"'),
            },
            { title: "Change to 'BinaryCrossentropy'" },
            { title: "Change to 'binary_focal_crossentropy'" },
          ],
        },
      ],
    },
    {
      name: 'a suggestion ranks by edit distance before prefixes',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='reluu')])\nm.compile(optimizer='adamm', loss='msee')\n`,
      errors: [{ check: (f) => void expectPreferred(f.fixes, "Change to 'mse'") }],
    },
    // Keras spellings in TensorFlow.js get the exact camelCase name (an alias: safe).
    ...[
      ['binary_crossentropy', 'binaryCrossentropy'],
      ['categorical_crossentropy', 'categoricalCrossentropy'],
      ['mse', 'meanSquaredError'],
      ['categoricalCrossentropyy', 'categoricalCrossentropy'],
    ].map(([written, expected]) => ({
      name: `tfjs: '${written}' → '${expected}'`,
      js: tfjsClassifier({ compile: `{optimizer: 'adam', loss: "${written}"}` }),
      errors: [
        {
          message: tfjsMessage(written, expected),
          check: (f: import('../../src/analyzer').Finding) => {
            expectPreferred(f.fixes, `Change to '${expected}'`);
            if (f.fixes[0].applicability !== 'safe') throw new Error(`'${expected}' is the only meaning: safe`);
          },
        },
      ],
    })),
    {
      name: 'tfjs: the fix keeps the quote style',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [3]})]});
        model.compile({optimizer: 'sgd', loss: "mse"});
      `,
      errors: [
        {
          fixes: [
            {
              title: "Change to 'meanSquaredError'",
              preferred: true,
              applicability: 'safe',
              output: (s) => s.replace('loss: "mse"', 'loss: "meanSquaredError"'),
            },
          ],
        },
      ],
    },
  ],
});

function expectPreferred(fixes: { title: string; isPreferred: boolean }[], title: string): void {
  const preferred = fixes.find((x) => x.isPreferred)?.title;
  if (preferred !== title) throw new Error(`preferred fix: expected ${title}, got ${preferred}`);
}
