/**
 * Which learning rates make small realistic models fail to train, per optimizer
 * and loss: the measurements behind learning-rate-too-high's thresholds
 * (docs/rules/learning-rate-too-high.md). Each case is a Keras script trained
 * by Model Doctor's own trainer (`model-doctor verify`, native TensorFlow, full
 * size, synthetic data) over a grid of rates; it prints one Markdown row per case.
 *
 *   node scripts/build.mjs && npx tsx bench/learning-rates.ts [--epochs 10] [--samples 1024] [--seeds 1] [--only NAME]
 *
 * A run "fails" when the trainer's verdict is not `learns` (NaN, stuck at chance,
 * or no better than predicting the mean target).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const epochs = option('epochs', '10');
const samples = option('samples', '1024');
const seeds = Number(option('seeds', '1'));
const only = option('only', '');

interface Case {
  name: string;
  /** What the model is, for the table. */
  what: string;
  optimizer: string;
  rates: number[];
  source: (optimizer: string) => string;
}

const ADAPTIVE_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const SGD_RATES = [0.01, 0.1, 0.3, 1, 3, 10, 30, 100];

/** Nielsen's textbook MNIST network: 784-30-10 sigmoid, mean squared error, mini-batches of 10. */
const sigmoidMlp = (optimizer: string) => `
import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Rescaling(1.0 / 255),
    layers.Flatten(),
    layers.Dense(30, activation="sigmoid"),
    layers.Dense(10, activation="sigmoid"),
])
model.compile(optimizer=${optimizer}, loss="mse", metrics=["accuracy"])
model.fit(x_train, keras.utils.to_categorical(y_train, 10), batch_size=10, epochs=10)
`;

const reluMlp = (optimizer: string) => `
import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Rescaling(1.0 / 255),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=${optimizer}, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=10)
`;

const cnn = (optimizer: string) => `
import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=${optimizer}, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=10)
`;

/** Cats vs dogs from folders of 64×64 photos: a binary CNN. */
const binaryCnn = (optimizer: string) => `
import keras
from keras import layers
train = keras.utils.image_dataset_from_directory("data/pets", image_size=(64, 64), label_mode="binary", batch_size=32)
model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=${optimizer}, loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train, epochs=10)
`;

const binaryMlp = (optimizer: string) => `
import keras
from keras import layers
model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=${optimizer}, loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=10)
`;

const regressionMlp = (optimizer: string) => `
import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([
    keras.Input(shape=(13,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=${optimizer}, loss="mse", metrics=["mae"])
model.fit(x_train, y_train, batch_size=16, epochs=10)
`;

const CASES: Case[] = [
  {
    name: 'mlp-sigmoid-mse-sgd',
    what: 'MLP 784-30-10 sigmoid, mse, batch 10',
    optimizer: 'SGD',
    rates: SGD_RATES,
    source: sigmoidMlp,
  },
  {
    name: 'mlp-relu-cce-sgd',
    what: 'MLP 784-128-10 relu/softmax, crossentropy',
    optimizer: 'SGD',
    rates: SGD_RATES,
    source: reluMlp,
  },
  { name: 'cnn-cce-sgd', what: 'CNN 2×conv, crossentropy', optimizer: 'SGD', rates: SGD_RATES, source: cnn },
  {
    name: 'mlp-bce-sgd',
    what: 'MLP 20-64-32-1, binary crossentropy',
    optimizer: 'SGD',
    rates: SGD_RATES,
    source: binaryMlp,
  },
  {
    name: 'cnn-bce-sgd',
    what: 'CNN 2×conv, 64×64×3, binary crossentropy',
    optimizer: 'SGD',
    rates: SGD_RATES,
    source: binaryCnn,
  },
  {
    name: 'mlp-mse-regression-sgd',
    what: 'MLP 13-64-64-1 regression, mse',
    optimizer: 'SGD',
    rates: SGD_RATES,
    source: regressionMlp,
  },
  {
    name: 'mlp-sigmoid-mse-adam',
    what: 'MLP 784-30-10 sigmoid, mse, batch 10',
    optimizer: 'Adam',
    rates: ADAPTIVE_RATES,
    source: sigmoidMlp,
  },
  {
    name: 'mlp-relu-cce-adam',
    what: 'MLP 784-128-10 relu/softmax, crossentropy',
    optimizer: 'Adam',
    rates: ADAPTIVE_RATES,
    source: reluMlp,
  },
  { name: 'cnn-cce-adam', what: 'CNN 2×conv, crossentropy', optimizer: 'Adam', rates: ADAPTIVE_RATES, source: cnn },
  {
    name: 'mlp-bce-adam',
    what: 'MLP 20-64-32-1, binary crossentropy',
    optimizer: 'Adam',
    rates: ADAPTIVE_RATES,
    source: binaryMlp,
  },
  {
    name: 'cnn-bce-adam',
    what: 'CNN 2×conv, 64×64×3, binary crossentropy',
    optimizer: 'Adam',
    rates: ADAPTIVE_RATES,
    source: binaryCnn,
  },
  {
    name: 'mlp-mse-regression-adam',
    what: 'MLP 13-64-64-1 regression, mse',
    optimizer: 'Adam',
    rates: ADAPTIVE_RATES,
    source: regressionMlp,
  },
  {
    name: 'mlp-relu-cce-rmsprop',
    what: 'MLP 784-128-10 relu/softmax, crossentropy',
    optimizer: 'RMSprop',
    rates: ADAPTIVE_RATES,
    source: reluMlp,
  },
  {
    name: 'cnn-cce-rmsprop',
    what: 'CNN 2×conv, crossentropy',
    optimizer: 'RMSprop',
    rates: ADAPTIVE_RATES,
    source: cnn,
  },
  {
    name: 'mlp-mse-regression-rmsprop',
    what: 'MLP 13-64-64-1 regression, mse',
    optimizer: 'RMSprop',
    rates: ADAPTIVE_RATES,
    source: regressionMlp,
  },
  {
    name: 'mlp-relu-cce-adagrad',
    what: 'MLP 784-128-10 relu/softmax, crossentropy',
    optimizer: 'Adagrad',
    rates: ADAPTIVE_RATES,
    source: reluMlp,
  },
  {
    name: 'mlp-relu-cce-adamax',
    what: 'MLP 784-128-10 relu/softmax, crossentropy',
    optimizer: 'Adamax',
    rates: ADAPTIVE_RATES,
    source: reluMlp,
  },
];

if (!fs.existsSync(path.join(root, 'dist', 'cli.js')) || !fs.existsSync(path.join(root, 'dist', 'trainer-worker.js'))) {
  console.error('learning-rates: build first (node scripts/build.mjs)');
  process.exit(2);
}

interface Outcome {
  verdict: string;
  /** Validation accuracy (classification) or validation loss (regression) at the last epoch. */
  last: number | null;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learning-rates-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function train(source: string, seed: number): Outcome {
  const file = path.join(dir, 'model.py');
  fs.writeFileSync(file, source);
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin', 'model-doctor.js'),
      'verify',
      file,
      '--format',
      'json',
      '--backend',
      'tfjs-node',
      '--full-size',
      '--synthetic',
      '--epochs',
      epochs,
      '--samples',
      samples,
      '--seed',
      String(seed),
      '--time-budget',
      '600',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0) return { verdict: `error: ${run.stderr.trim().split('\n').pop()}`, last: null };
  const result = JSON.parse(run.stdout) as {
    backend: string;
    runs: { verdict: string; history: { val_accuracy: number[]; val_loss: number[] } }[];
  };
  if (!result.backend.includes('tfjs-node')) {
    console.error(`learning-rates: trained on ${result.backend}, not tfjs-node; install it (see DEVELOPERS.md)`);
    process.exit(2);
  }
  const [asWritten] = result.runs;
  const h = asWritten.history;
  const last = h.val_accuracy.length ? h.val_accuracy[h.val_accuracy.length - 1] : h.val_loss[h.val_loss.length - 1];
  return { verdict: asWritten.verdict, last: last ?? null };
}

const started = Date.now();
console.log(`Learning-rate grid: ${epochs} epochs, ${samples} synthetic training samples, ${seeds} seed(s), tfjs-node`);
console.log(
  '(each cell: verdict of the trainer, then validation accuracy — or validation mse for regression — at the last epoch)\n',
);
for (const c of CASES) {
  if (only && !c.name.includes(only)) continue;
  const cells: string[] = [];
  for (const rate of c.rates) {
    const outcomes: Outcome[] = [];
    for (let s = 0; s < seeds; s++)
      outcomes.push(train(c.source(`keras.optimizers.${c.optimizer}(learning_rate=${rate})`), 1234 + s));
    const learned = outcomes.filter((o) => o.verdict === 'learns').length;
    const shown = outcomes.map((o) =>
      o.last === null || !Number.isFinite(o.last) ? String(o.last) : o.last.toFixed(2),
    );
    const mark = learned === outcomes.length ? '✓' : learned === 0 ? '✗' : '~';
    cells.push(
      `${rate}: ${mark} ${shown.join('/')}${
        learned < outcomes.length
          ? ` (${outcomes
              .filter((o) => o.verdict !== 'learns')
              .map((o) => o.verdict)
              .join(',')})`
          : ''
      }`,
    );
    console.error(`${c.name} lr=${rate}: ${outcomes.map((o) => `${o.verdict} ${o.last}`).join('; ')}`);
  }
  console.log(`| ${c.name} | ${c.optimizer} | ${c.what} | ${cells.join(' · ')} |`);
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
