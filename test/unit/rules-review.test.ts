/** Behaviour settled after checking each rule against real Keras 3.15.1 and tfjs 4.22 (see docs/rules). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, findings, py, spanText } from '../helpers';

describe('fixes edit constants where they are written', () => {
  test('a typo in a constant is fixed at its definition', async () => {
    const text = py`
      import keras
      ACT = "rleu"
      m = keras.Sequential([keras.layers.Dense(8, activation=ACT), keras.layers.Dense(1, activation=ACT)])
    `;
    const found = await findings(text, 'unknown-activation');
    assert.equal(found.length, 2);
    const fixed = applyFix(text, found[0]);
    assert.match(fixed, /ACT = "relu"/);
    assert.match(fixed, /activation=ACT\), keras/);
    assert.deepEqual(await findings(fixed), []);
  });
  test('a learning-rate constant is fixed at its definition', async () => {
    const text = `import keras\nLR = 3.0\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss='mse')\n`;
    const [f] = await findings(text, 'learning-rate-too-high');
    assert.equal(applyFix(text, f), text.replace('LR = 3.0', 'LR = 0.001'));
  });
});

describe('softmax-single-unit', () => {
  test('softmax over a single convolution filter', async () => {
    const text = `import keras\nm = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(1, 3, activation='softmax')])\n`;
    const [f] = await findings(text, 'softmax-single-unit');
    assert.equal(spanText(text, f), "'softmax'");
    assert.deepEqual(await findings(text.replace('Conv2D(1', 'Conv2D(4'), 'softmax-single-unit'), []);
    // channels_first: softmax still runs over the last axis, here a spatial one of 30 (Input((32, 32, 3)) would leave 1).
    const channelsFirst = text
      .replace('(32, 32, 3)', '(3, 32, 32)')
      .replace("activation='softmax'", "activation='softmax', data_format='channels_first'");
    assert.deepEqual(await findings(channelsFirst, 'softmax-single-unit'), []);
  });
  test("a user's own loss is neither named nor replaced", async () => {
    const text = py`
      import keras
      def focal(y, p): return y
      m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
      m.compile(loss=focal)
    `;
    const [f] = await findings(text, 'softmax-single-unit');
    assert.deepEqual(f.related, []);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['Use sigmoid (keep 1 unit)'],
    );
  });
});

describe('categorical-loss-single-unit', () => {
  test('sparse categorical crossentropy on one unit', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])\nm.compile(loss='sparse_categorical_crossentropy')\n`;
    const [f] = await findings(text, 'categorical-loss-single-unit');
    assert.match(f.message, /label 1 is out of range/);
    const fixed = applyFix(text, f);
    assert.match(fixed, /loss='binary_crossentropy'/);
    assert.deepEqual(await findings(fixed), []);
  });
  test('with from_logits=True on a linear unit only the loss changes', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`;
    const [f] = await findings(text, 'categorical-loss-single-unit');
    const fixed = applyFix(text, f);
    assert.equal(fixed, text.replace('CategoricalCrossentropy', 'BinaryCrossentropy'));
    assert.deepEqual(await findings(fixed), []);
  });
});

describe('early-stopping-unknown-metric', () => {
  const base = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['acc'])\n`;
  test("with mode='auto' Keras 3 raises after the first epoch", async () => {
    const [f] = await findings(
      `${base}m.fit(x, y, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy')])\n`,
      'early-stopping-unknown-metric',
    );
    assert.match(f.message, /ValueError after the first epoch/);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ["Monitor 'val_acc'"],
      'a name the written one extends',
    );
  });
  test('a loss name or an explicit mode only warns', async () => {
    const [f] = await findings(
      `${base}m.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint('m.keras', save_best_only=True)])\n`,
      'early-stopping-unknown-metric',
    );
    assert.match(f.message, /saves every epoch, not the best one/);
    const [g] = await findings(
      base +
        "m.fit(x, y, validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping(monitor='val_auc', mode='max')])\n",
      'early-stopping-unknown-metric',
    );
    assert.match(g.message, /never stops early/);
  });
  test('a helper fitted twice: the second fit is checked too', async () => {
    const text = py`
      import keras
      def build():
          m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])
          m.compile(loss='binary_crossentropy', metrics=['accuracy'])
          return m
      a = build()
      a.fit(x, y, validation_split=0.2)
      b = build()
      b.fit(x, y, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_acc')])
    `;
    assert.equal((await findings(text, 'early-stopping-unknown-metric')).length, 1);
  });
});

describe('smaller corrections', () => {
  test('batch_input_shape is not reported as ignored', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1, batch_input_shape=(None, 4))])\n`;
    assert.deepEqual(await findings(text, 'input-shape-ignored'), []);
  });
  test('suggestions rank by edit distance before prefixes', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='reluu')])\nm.compile(optimizer='adamm', loss='msee')\n`;
    const titles = (await findings(text)).map((f) => f.fixes.find((x) => x.isPreferred)?.title);
    assert.deepEqual(titles, ["Change to 'relu'", "Change to 'adam'", "Change to 'mse'"]);
  });
  test('a plain checkpoint without save_best_only is not flagged; val_ of a compiled metric only warns', async () => {
    const base = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['accuracy'])\n`;
    assert.deepEqual(
      await findings(
        `${base}m.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint('m.keras')])\n`,
        'early-stopping-unknown-metric',
      ),
      [],
    );
    const [f] = await findings(
      `${base}m.fit(x, y, callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy')])\n`,
      'early-stopping-unknown-metric',
    );
    assert.match(f.message, /only warns/);
    const [g] = await findings(
      `${base}m.fit(x, y, validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping(monitor='vall_loss')])\n`,
      'early-stopping-unknown-metric',
    );
    assert.match(g.message, /ValueError/);
  });
  test('switching to sigmoid drops from_logits', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])\nm.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n`;
    for (const f of await findings(text)) {
      for (const fix of f.fixes.filter((x) => /sigmoid/.test(x.title))) {
        const fixed = applyFix(text, f, fix.title);
        assert.deepEqual(
          (await findings(fixed)).map((x) => x.rule),
          [],
          `${f.rule}: ${fix.title}\n${fixed}`,
        );
      }
    }
  });
  test('unknown-metric offers each suggestion once', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(loss='mse', metrics=['acuracy'])\n`;
    const [f] = await findings(text, 'unknown-metric');
    const titles = f.fixes.map((x) => x.title);
    assert.deepEqual(titles, [...new Set(titles)]);
    assert.equal(titles[0], "Change to 'accuracy'");
  });
  test('accuracy-regression-loss never duplicates a tracked metric', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(loss='mse', metrics=['mae', 'accuracy'])\n`;
    // mse is the loss itself (logged anyway) and mae is tracked: accuracy is simply removed.
    const [f] = await findings(text, 'accuracy-regression-loss');
    assert.match(applyFix(text, f), /metrics=\['mae'\]\)/);
    const spelled = text.replace(
      "loss='mse', metrics=['mae', 'accuracy']",
      "loss='huber', metrics=['mean_absolute_error', 'accuracy']",
    );
    const [g] = await findings(spelled, 'accuracy-regression-loss');
    assert.match(applyFix(spelled, g), /metrics=\['mean_absolute_error', 'mse'\]\)/);
  });
  test('sigmoid-categorical-loss prefers the multi-label fix when binary accuracy is tracked', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(5, activation='sigmoid')])\nm.compile(loss='categorical_crossentropy', metrics=['binary_accuracy'])\n`;
    const [f] = await findings(text, 'sigmoid-categorical-loss');
    assert.equal(f.fixes.find((x) => x.isPreferred)?.title, 'Use binary_crossentropy (multi-label)');
  });
  test('new strings follow the quote style of the file', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(64, input_shape=(10,)), keras.layers.Dense(1, activation="sigmoid")])\nm.compile(loss="binary_crossentropy")\n`;
    const [f] = await findings(text, 'stacked-linear-layers');
    assert.match(applyFix(text, f), /Dense\(64, input_shape=\(10,\), activation="relu"\)/);
  });
});

describe('quote style in TensorFlow.js files', () => {
  test('new strings follow the file: double quotes here', async () => {
    const text = [
      'import * as tf from "@tensorflow/tfjs";',
      'const model = tf.sequential();',
      'model.add(tf.layers.dense({ units: 64, inputShape: [10] }));',
      'model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));',
      'model.compile({ optimizer: "adam", loss: "binaryCrossentropy" });',
      '',
    ].join('\n');
    const [f] = await findings(text, 'stacked-linear-layers', { language: 'javascript' });
    assert.match(applyFix(text, f), /dense\(\{ units: 64, inputShape: \[10\], activation: "relu" \}\)/);
  });
});
