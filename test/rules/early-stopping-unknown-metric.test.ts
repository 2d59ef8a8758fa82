import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const base = py`
  import keras
  from keras.callbacks import EarlyStopping
  m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])
  m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
`;
const acc = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['acc'])\n`;
const accuracy = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['accuracy'])\n`;

ruleTester('early-stopping-unknown-metric', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'a logged name',
      python: `${base}m.fit(x, y, validation_data=(a, b), callbacks=[EarlyStopping(monitor='val_accuracy')])\n`,
      clean: true,
    },
    {
      name: 'the training loss without validation',
      python: `${base}m.fit(x, y, callbacks=[EarlyStopping(monitor='loss')])\n`,
      clean: true,
    },
    { name: 'callbacks it cannot see', python: `${base}m.fit(x, y, callbacks=callbacks)\n`, clean: true },
    {
      name: 'a custom metric could log anything',
      python: `${base.replace("metrics=['accuracy']", 'metrics=[my_metric]')}m.fit(x, y, validation_split=0.1, callbacks=[EarlyStopping(monitor='val_f1')])\n`,
      clean: true,
    },
    {
      name: 'a plain checkpoint without save_best_only',
      python: `${accuracy}m.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint('m.keras')])\n`,
    },
    {
      name: 'tfjs logs val_acc',
      js: tfjsClassifier({
        output: "{units: 1, activation: 'sigmoid'}",
        compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}",
        labels: 'tf.tensor2d(labelIds, [n, 1])',
        fit: "{validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc'})]}",
      }),
      clean: true,
    },
  ],
  invalid: [
    {
      name: "'val_acc' when Keras logs 'val_accuracy': the only close name, a safe fix",
      python: `${base}m.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor='val_acc', patience=3)])\n`,
      errors: [
        {
          at: "'val_acc'",
          fixes: [
            {
              title: "Monitor 'val_accuracy'",
              preferred: true,
              applicability: 'safe',
              output: /monitor='val_accuracy'/,
            },
          ],
        },
      ],
    },
    {
      name: 'the default val_loss without validation data',
      python: `${base}m.fit(x, y, callbacks=[EarlyStopping(patience=3)])\n`,
      errors: [{ at: 'EarlyStopping(patience=3)', message: /no validation data/ }],
    },
    {
      name: "with mode='auto' Keras 3 raises after the first epoch; a name the written one extends",
      python: `${acc}m.fit(x, y, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy')])\n`,
      errors: [
        {
          message: /ValueError after the first epoch/,
          fixes: [{ title: "Monitor 'val_acc'", preferred: true, applicability: 'safe' }],
        },
      ],
    },
    {
      name: 'a checkpoint saving the best on a name never logged only warns',
      python: `${acc}m.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint('m.keras', save_best_only=True)])\n`,
      errors: [{ message: /saves every epoch, not the best one/ }],
    },
    {
      name: 'an explicit mode never stops early',
      python: `${acc}m.fit(x, y, validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping(monitor='val_auc', mode='max')])\n`,
      errors: [{ message: /never stops early/ }],
    },
    {
      name: 'val_ of a compiled metric without validation data only warns',
      python: `${accuracy}m.fit(x, y, callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy')])\n`,
      errors: [
        {
          message: /only warns/,
          // Monitoring the training metric instead is another quantity: not a safe fix.
          fixes: [{ title: "Monitor 'accuracy'", preferred: true, applicability: 'unsafe' }],
        },
      ],
    },
    {
      name: 'a misspelt val_loss raises',
      python: `${accuracy}m.fit(x, y, validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping(monitor='vall_loss')])\n`,
      errors: [{ message: /ValueError/ }],
    },
    {
      name: 'a helper fitted twice: the second fit is checked too',
      python: py`
        import keras
        def build():
            m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])
            m.compile(loss='binary_crossentropy', metrics=['accuracy'])
            return m
        a = build()
        a.fit(x, y, validation_split=0.2)
        b = build()
        b.fit(x, y, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_acc')])
      `,
      errors: [{}],
    },
    {
      name: "tfjs logs 'accuracy' as acc/val_acc",
      js: tfjsClassifier({
        fit: "{epochs: 50, validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_accuracy', patience: 5})]}",
      }),
      errors: [
        {
          message:
            /^EarlyStopping monitors 'val_accuracy', which is never logged: the model logs 'loss', 'acc', 'val_loss', 'val_acc'\. .*TensorFlow\.js only warns? and the callback never acts\.$/,
          // The same metric under the name tfjs logs it as: safe.
          fixes: [{ title: "Monitor 'val_acc'", preferred: true, applicability: 'safe' }],
        },
      ],
    },
    {
      name: 'tfjs without validation data nothing val_ is logged',
      js: tfjsClassifier({ fit: "{epochs: 50, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc'})]}" }),
      errors: [
        {
          message: /fit\(\) has no validation data \(validationData or validationSplit\)/,
          fixes: [{ title: "Monitor 'acc'", preferred: true }],
        },
      ],
    },
    {
      name: 'tfjs: the default monitor (val_loss) without validation is reported on the callback call',
      js: tfjsClassifier({ fit: '{callbacks: tf.callbacks.earlyStopping()}' }),
      errors: [{ at: 'tf.callbacks.earlyStopping()' }],
    },
  ],
});
