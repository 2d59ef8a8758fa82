import assert from 'node:assert/strict';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

ruleTester('unknown-metric', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'names Keras accepts, in any case',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(3, activation='softmax')])\nm.compile(loss='categorical_crossentropy', metrics=['ACC', 'top_k_categorical_accuracy', 'auc'])\n`,
    },
    { name: 'a tfjs name', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'a misspelt metric',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='Adamm', loss='mse', metrics=['mae', 'mean_absolute_eror'])\n`,
      errors: [{ at: "'mean_absolute_eror'" }],
    },
    {
      name: 'each suggestion once, the closest first (and the only close one: safe)',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(loss='mse', metrics=['acuracy'])\n`,
      errors: [
        {
          check: (f) => {
            const titles = f.fixes.map((x) => x.title);
            assert.deepEqual(titles, [...new Set(titles)]);
            assert.equal(titles[0], "Change to 'accuracy'");
            assert.equal(f.fixes[0].applicability, 'safe');
          },
        },
      ],
    },
    {
      name: 'tfjs: a Keras spelling and a name tfjs does not have',
      js: tfjsClassifier({
        compile:
          "{optimizer: 'RMSprop', loss: 'categoricalCrossentropy', metrics: ['accuracy', 'mean_absolute_error', 'recall']}",
      }),
      errors: [
        { at: "'mean_absolute_error'", check: (f) => assert.equal(f.fixes[0]?.title, "Change to 'mae'") },
        { at: "'recall'", fixes: [] },
      ],
    },
  ],
});
