import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { applyEdits } from '../../src/analyzer';
import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { tfjsClassifier } from './fixtures';
import { analyzeIn, ruleTester } from './rule-tester';

const SIGMOID = 'Use sigmoid (keep 1 unit)';

const binary = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Dense(16, activation='relu', input_shape=(8,)),
      layers.Dense(1, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
`;

const binaryJs = tfjsClassifier({
  output: "{units: 1, activation: 'softmax'}",
  compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}",
  labels: "tf.tensor1d(labelIds, 'int32').toFloat()",
});

const head = 'import keras\nfrom keras import layers\n';

ruleTester('softmax-single-unit', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'sigmoid on one unit',
      python: binary.replace("Dense(1, activation='softmax')", "Dense(1, activation='sigmoid')"),
      js: tfjsClassifier({
        output: "{units: 1, activation: 'sigmoid'}",
        compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}",
        labels: 'tf.tensor2d(labelIds, [n, 1])',
        fit: "{validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc'})]}",
      }),
      clean: true,
    },
    {
      name: 'softmax over 10 units',
      python: binary.replace("Dense(1, activation='softmax')", "Dense(10, activation='softmax')"),
    },
    {
      name: 'a correct tfjs classifier',
      js: tfjsClassifier({}),
      clean: true,
    },
    {
      name: 'units from data it cannot see',
      python: `${head}m = keras.Sequential([layers.Dense(y.shape[1], activation='softmax')])\n`,
    },
    {
      name: 'softmax over 4 convolution filters',
      python: `import keras\nm = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3, activation='softmax')])\n`,
    },
    {
      // channels_first: softmax still runs over the last axis, here a spatial one of 30 (Input((32, 32, 3)) would leave 1).
      name: 'one filter, channels_first: softmax runs over a spatial axis',
      python: `import keras\nm = keras.Sequential([keras.Input((3, 32, 32)), keras.layers.Conv2D(1, 3, activation='softmax', data_format='channels_first')])\n`,
    },
    {
      name: 'Conv1D with 4 filters',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((100, 8)), layers.Conv1D(4, 3, activation="softmax")])
      `,
    },
    {
      name: 'a suppression comment on the line (JavaScript)',
      js: tfjsClassifier({
        output: "{units: 1, activation: 'softmax'} // model-doctor: ignore[softmax-single-unit]",
        compile: "{optimizer: 'adam', loss: 'binaryCrossentropy'}",
      }),
    },
  ],
  invalid: [
    {
      name: 'Dense(1, softmax) with binary crossentropy',
      python: binary,
      js: binaryJs,
      errors: [
        {
          severity: 'error',
          at: "'softmax'",
          message:
            'softmax over a single unit always outputs 1.0, so every prediction is the same and the model cannot learn ' +
            '(accuracy stays at the share of samples labelled 1, whatever the loss shows). Use sigmoid for one output unit, or 2 units with softmax and a categorical loss.',
          fixes: [
            {
              title: SIGMOID,
              preferred: true,
              output: {
                python: /layers\.Dense\(1, activation='sigmoid'\)/,
                js: /dense\(\{units: 1, activation: 'sigmoid'\}\)/,
              },
              clean: true,
            },
            {
              title: {
                python: 'Use 2 units with softmax and sparse_categorical_crossentropy',
                js: 'Use 2 units with softmax and sparseCategoricalCrossentropy',
              },
              output: {
                python: (s) =>
                  s
                    .replace("Dense(1, activation='softmax')", "Dense(2, activation='softmax')")
                    .replace("loss='binary_crossentropy'", "loss='sparse_categorical_crossentropy'"),
                js: (s) =>
                  s
                    .replace("{units: 1, activation: 'softmax'}", "{units: 2, activation: 'softmax'}")
                    .replace("loss: 'binaryCrossentropy'", "loss: 'sparseCategoricalCrossentropy'"),
              },
              clean: true,
            },
          ],
        },
      ],
    },
    {
      // tfjs's sparse loss throws on int32 labels (tf.floor rejects int32): that fix is not offered.
      name: 'int32 labels in TensorFlow.js: only the sigmoid fix',
      js: binaryJs.replace('.toFloat()', ''),
      errors: [{ fixes: [{ title: SIGMOID, preferred: true }] }],
    },
    ...["layers.Activation('softmax')", 'layers.Softmax()'].map((tail) => ({
      name: `${tail} after a 1-unit Dense`,
      python: `${head}m = keras.Sequential([layers.Dense(1, input_shape=(3,)), ${tail}])\nm.compile(loss='binary_crossentropy')\n`,
      errors: [{ fixes: [{ title: SIGMOID, preferred: true, clean: true }, { title: /^Use 2 units/ }] }],
    })),
    {
      name: 'a categorical loss: the sigmoid fix also switches to binary crossentropy, the 2-unit fix is preferred',
      python: `${head}m = keras.Sequential([layers.Dense(1, activation='softmax', input_shape=(3,))])\nm.compile(loss='categorical_crossentropy')\n`,
      errors: [
        {
          fixes: [
            { title: 'Use sigmoid with binary_crossentropy (keep 1 unit)', clean: true },
            { title: 'Use 2 units with softmax and sparse_categorical_crossentropy', preferred: true, clean: true },
          ],
        },
      ],
    },
    {
      name: 'one-hot labels with two columns: only the 2-unit fix, keeping categorical crossentropy',
      python: py`
        import keras
        from keras.utils import to_categorical
        m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
        m.compile(loss='categorical_crossentropy')
        m.fit(x, to_categorical(y, 2))
      `,
      errors: [
        {
          fixes: [
            {
              title: 'Use 2 units with softmax and categorical_crossentropy',
              preferred: true,
              output: (s) => s.replace('Dense(1,', 'Dense(2,'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'tf.nn.softmax as the activation is fixed to a sigmoid string',
      python: `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1, activation=tf.nn.softmax, input_shape=(3,))])\nm.compile(loss='binary_crossentropy')\n`,
      errors: [
        {
          at: 'tf.nn.softmax',
          fixes: [{ title: SIGMOID, preferred: true, output: /activation='sigmoid'/ }, { title: /^Use 2 units/ }],
        },
      ],
    },
    {
      name: 'softmax over a single convolution filter',
      python: `import keras\nm = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(1, 3, activation='softmax')])\n`,
      errors: [{ at: "'softmax'" }],
    },
    {
      name: 'softmax over one Conv1D channel, a layer without units',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((100, 8)), layers.Conv1D(1, 3, activation="softmax")])
      `,
      errors: [{ at: '"softmax"' }],
    },
    {
      name: "a user's own loss is neither named nor replaced",
      python: py`
        import keras
        def focal(y, p): return y
        m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
        m.compile(loss=focal)
      `,
      errors: [{ related: [], fixes: [{ title: SIGMOID, preferred: true }] }],
    },
    {
      name: 'switching to sigmoid drops from_logits (every rule silent after each sigmoid fix)',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])\nm.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n`,
      errors: [
        {
          check: async (_finding, source, dialect) => {
            const result = await analyzeIn(source, dialect);
            for (const f of result.findings) {
              for (const fix of f.fixes.filter((x) => /sigmoid/.test(x.title))) {
                const fixed = applyEdits(source, fix.edits);
                const after = await analyzeIn(fixed, dialect);
                assert.deepEqual(
                  after.findings.map((x) => x.rule),
                  [],
                  `${f.rule}: ${fix.title}\n${fixed}`,
                );
              }
            }
          },
        },
      ],
    },
    {
      name: 'a tf.layers.softmax() layer after a 1-unit Dense becomes an activation layer',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        const model = tf.sequential();
        model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [4]}));
        model.add(tf.layers.dense({units: 1}));
        model.add(tf.layers.softmax());
        model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
      `,
      errors: [
        {
          at: 'tf.layers.softmax()',
          fixes: [
            {
              title: SIGMOID,
              preferred: true,
              output: /model\.add\(tf\.layers\.activation\(\{activation: 'sigmoid'\}\)\);/,
            },
            { title: 'Use 2 units with softmax and sparseCategoricalCrossentropy' },
          ],
        },
      ],
    },
    {
      name: 'a config held in a const is edited where it is written',
      js: js`
        import * as tf from '@tensorflow/tfjs';
        const outputConfig = {
          units: 1,
          activation: 'softmax',
        };
        const model = tf.sequential();
        model.add(tf.layers.dense({units: 8, activation: 'relu', inputShape: [4]}));
        model.add(tf.layers.dense(outputConfig));
        model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
      `,
      errors: [
        {
          fixes: [
            { title: SIGMOID, preferred: true, output: /activation: 'sigmoid',\n/ },
            { title: 'Use 2 units with softmax and sparseCategoricalCrossentropy' },
          ],
        },
      ],
    },
    {
      name: 'TypeScript: fixes keep type annotations valid',
      ts: js`
        import * as tf from '@tensorflow/tfjs';
        export function build(inputs: number): tf.Sequential {
          const model: tf.Sequential = tf.sequential();
          model.add(tf.layers.dense({units: 1, activation: 'softmax', inputShape: [inputs]} as tf.layers.DenseLayerArgs));
          model.compile({optimizer: tf.train.adam(1) as tf.Optimizer, loss: 'binary_crossentropy'});
          return model;
        }
      `,
      errors: [
        {
          check: async (_f, source, dialect) => {
            const result = await analyzeIn(source, dialect);
            assert.deepEqual(
              result.findings.map((f) => f.rule),
              ['softmax-single-unit', 'learning-rate-too-high', 'unknown-loss'],
            );
            // Every fix of every rule writes TypeScript that parses and silences its rule.
            for (const f of result.findings) {
              for (const fix of f.fixes) {
                const fixed = applyEdits(source, fix.edits);
                const after = await analyzeIn(fixed, dialect);
                assert.equal(after.syntaxErrors, 0, `${fix.title}:\n${fixed}`);
                assert.deepEqual(
                  after.findings.filter((x) => x.rule === f.rule),
                  [],
                  `${f.rule} after "${fix.title}"`,
                );
              }
            }
          },
        },
      ],
    },
  ],
});

test('the bundled example is caught', async () => {
  const text = fs.readFileSync('examples/cats_vs_dogs_softmax.py', 'utf8');
  const result = await analyzeIn(text, 'python');
  assert.equal(result.findings.filter((f) => f.rule === 'softmax-single-unit').length, 1);
});
