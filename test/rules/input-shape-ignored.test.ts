import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

ruleTester('input-shape-ignored', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'batch_input_shape is not reported as ignored',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1, batch_input_shape=(None, 4))])\n`,
    },
    {
      name: 'alternatives under an undecidable condition do not make each other second',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        export function build(rnnType) {
          const model = tf.sequential();
          switch (rnnType) {
            case 'GRU':
              model.add(tf.layers.gru({units: 8, inputShape: [10, 4]}));
              break;
            default:
              model.add(tf.layers.lstm({units: 8, inputShape: [10, 4]}));
          }
          if (rnnType === 'deep') model.add(tf.layers.dense({units: 8, inputShape: [8]}));
          model.add(tf.layers.dense({units: 1, activation: 'sigmoid', inputShape: [8]}));
          return model;
        }
      `,
    },
  ],
  invalid: [
    {
      // Keras never reads it there: removing it cannot change the model, so the fix is safe.
      name: 'input_shape on a later layer is removed by a safe fix',
      python: py`
        import keras
        m = keras.Sequential([
            keras.layers.Dense(32, activation='relu', input_shape=(10,)),
            keras.layers.Dense(1, activation='sigmoid', input_shape=(32,)),
        ])
      `,
      errors: [
        {
          severity: 'info',
          at: '(32,)',
          fixes: [
            {
              title: 'Remove input_shape',
              preferred: true,
              applicability: 'safe',
              output: /Dense\(1, activation='sigmoid'\),/,
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'input_shape after an explicit Input is ignored too',
      python: `import keras\nm = keras.Sequential([keras.Input((10,)), keras.layers.Dense(4, input_dim=10)])\n`,
      errors: [{}],
    },
    {
      name: 'inputShape on a later layer (TensorFlow.js)',
      js: tfjsClassifier({ output: "{units: 3, activation: 'softmax', inputShape: [32]}" }),
      errors: [
        {
          message: /^inputShape on Dense is ignored/,
          fixes: [
            {
              title: 'Remove inputShape',
              preferred: true,
              applicability: 'safe',
              output: /dense\(\{units: 3, activation: 'softmax'\}\)/,
            },
          ],
        },
      ],
    },
  ],
});
