import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='Adamm', loss='mse', metrics=['mae', 'mean_absolute_eror'])\n`;

ruleTester('unknown-optimizer', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'case-insensitive like Keras', python: text.replace("'Adamm'", "'ADAM'") },
    { name: 'a tfjs name', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      // adam and adamw are equally close: the choice is the user's (unsafe).
      name: "'Adamm': two close names, so no safe fix",
      python: text,
      errors: [
        {
          at: "'Adamm'",
          fixes: [{ title: "Change to 'adam'", preferred: true }, { title: "Change to 'adamw'" }, { title: /^Change/ }],
        },
      ],
    },
    {
      name: 'a suggestion ranks by edit distance before prefixes',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='reluu')])\nm.compile(optimizer='adamm', loss='msee')\n`,
      errors: [{ fixes: [{ title: "Change to 'adam'", preferred: true }, { title: /^Change/ }, { title: /^Change/ }] }],
    },
    {
      name: "tfjs: 'RMSprop' is 'rmsprop'",
      js: tfjsClassifier({
        compile:
          "{optimizer: 'RMSprop', loss: 'categoricalCrossentropy', metrics: ['accuracy', 'mean_absolute_error', 'recall']}",
      }),
      errors: [{ check: (f) => void assertTitle(f.fixes[0]?.title, "Change to 'rmsprop'") }],
    },
  ],
});

function assertTitle(actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new Error(`first fix: expected ${expected}, got ${actual}`);
}
