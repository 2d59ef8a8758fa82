import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

ruleTester('unknown-activation', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'known names', python: `import keras\nm = keras.Sequential([keras.layers.Dense(3, activation='gelu')])\n` },
    { name: 'tfjs camelCase names', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'on a layer and on an Activation layer',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(8, activation='rleu'), keras.layers.Activation('softmaxx')])\n`,
      errors: [
        {
          at: "'rleu'",
          severity: 'error',
          fixes: [
            {
              title: "Change to 'relu'",
              preferred: true,
              applicability: 'safe',
              output: (s) => s.replace("'rleu'", "'relu'"),
            },
            { title: /^Change to / },
            { title: /^Change to / },
          ],
        },
        { at: "'softmaxx'" },
      ],
    },
    {
      name: 'a typo in a constant is fixed at its definition (both uses at once)',
      python: py`
        import keras
        ACT = "rleu"
        m = keras.Sequential([keras.layers.Dense(8, activation=ACT), keras.layers.Dense(1, activation=ACT)])
      `,
      errors: [
        {
          fixes: [
            {
              title: "Change to 'relu'",
              preferred: true,
              applicability: 'safe',
              output: (s) => s.replace('ACT = "rleu"', 'ACT = "relu"'),
              clears: 2,
              clean: true,
            },
            { title: /^Change to /, clears: 2 },
            { title: /^Change to /, clears: 2 },
          ],
        },
        {},
      ],
    },
    {
      // relu6 is as close to 'reluu' as relu is: ranked second, and the fix is not safe.
      name: 'a suggestion ranks by edit distance before prefixes',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='reluu')])\nm.compile(optimizer='adamm', loss='msee')\n`,
      errors: [
        {
          fixes: [{ title: "Change to 'relu'", preferred: true }, { title: "Change to 'relu6'" }, { title: /^Change/ }],
        },
      ],
    },
    {
      name: 'tfjs: snake_case gets its camelCase name',
      js: tfjsClassifier({ hidden: "{units: 32, activation: 'log_softmax', inputShape: [20]}" }),
      errors: [{ message: /Did you mean 'logSoftmax'\?/, check: (f) => void f.fixes.find((x) => x.isPreferred) }],
    },
    {
      name: 'tfjs: no close name, no fix',
      js: tfjsClassifier({ hidden: "{units: 32, activation: 'leaky_relu', inputShape: [20]}" }),
      errors: [
        {
          message:
            "Unknown activation 'leaky_relu': TensorFlow.js does not know this name and the layer cannot be created.",
          fixes: [],
        },
      ],
    },
    {
      name: 'tfjs: the recurrent activation of an LSTM',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        const m = tf.sequential({layers: [tf.layers.lstm({units: 4, recurrentActivation: 'hard_sigmoid', inputShape: [5, 2]})]});
      `,
      errors: [{ fixes: [{ title: "Change to 'hardSigmoid'", preferred: true, applicability: 'safe' }] }],
    },
  ],
});
