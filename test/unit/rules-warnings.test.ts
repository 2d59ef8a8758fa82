/** Warning and information rules: positive cases, silence on correct code, fixes applied. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, findings, py, spanText } from '../helpers';

async function fixedBy(text: string, rule: string, title?: string | RegExp): Promise<string> {
  const [f] = await findings(text, rule);
  assert.ok(f, `${rule} fires`);
  const fixed = applyFix(text, f, title);
  assert.deepEqual(await findings(fixed, rule), [], `after the fix ${rule} no longer fires:\n${fixed}`);
  return fixed;
}

describe('binary-loss-multiclass', () => {
  const text = py`
    import keras
    (x, y), _ = keras.datasets.fashion_mnist.load_data()
    y = keras.utils.to_categorical(y, 10)
    m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
    m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    m.fit(x, y)
  `;
  test('flags binary crossentropy on a 10-class softmax', async () => {
    const [f] = await findings(text, 'binary-loss-multiclass');
    assert.equal(f.severity, 'warning');
    assert.equal(spanText(text, f), "'binary_crossentropy'");
    assert.match(await fixedBy(text, 'binary-loss-multiclass'), /loss='categorical_crossentropy'/);
  });
  test('integer labels get the sparse loss', async () => {
    const integer = text.replace('y = keras.utils.to_categorical(y, 10)\n', '');
    assert.match(await fixedBy(integer, 'binary-loss-multiclass'), /loss='sparse_categorical_crossentropy'/);
  });
  test('multi-label sigmoid outputs are fine', async () => {
    assert.deepEqual(
      await findings(
        text.replace("Dense(10, activation='softmax')", "Dense(10, activation='sigmoid')"),
        'binary-loss-multiclass',
      ),
      [],
    );
  });
});

describe('logits-activation-mismatch', () => {
  test('from_logits=True after softmax', async () => {
    const text = py`
      import keras
      m = keras.Sequential([keras.layers.Dense(10, activation='softmax', input_shape=(4,))])
      m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer='adam')
    `;
    const [f] = await findings(text, 'logits-activation-mismatch');
    assert.equal(spanText(text, f), 'True');
    assert.match(await fixedBy(text, 'logits-activation-mismatch'), /from_logits=False/);
    assert.match(await fixedBy(text, 'logits-activation-mismatch', /linear output/), /activation='linear'/);
  });
  test('a linear last layer with a probability loss', async () => {
    const text = py`
      from keras import Sequential
      from keras.layers import Dense
      m = Sequential([Dense(32, activation='relu', input_shape=(4,)), Dense(1)])
      m.compile(loss='binary_crossentropy', optimizer='adam')
    `;
    const [f] = await findings(text, 'logits-activation-mismatch');
    assert.equal(spanText(text, f), "'binary_crossentropy'");
    assert.match(await fixedBy(text, 'logits-activation-mismatch'), /Dense\(1, activation='sigmoid'\)/);
  });
  test('from_logits=True fix for a linear head when keras is importable', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(5)])\nm.compile(loss='categorical_crossentropy')\n`;
    const fixed = await fixedBy(text, 'logits-activation-mismatch', 'Use from_logits=True');
    assert.match(fixed, /loss=keras\.losses\.CategoricalCrossentropy\(from_logits=True\)/);
  });
  test('silent on consistent pairs', async () => {
    const ok = `import keras\nm = keras.Sequential([keras.layers.Dense(5)])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`;
    assert.deepEqual(await findings(ok), []);
  });
});

describe('sigmoid-categorical-loss', () => {
  const text = `import keras\nm = keras.Sequential([keras.layers.Dense(4, activation='sigmoid', input_shape=(3,))])\nm.compile(loss='categorical_crossentropy')\n`;
  test('flags the activation, fixes to softmax or to a multi-label loss', async () => {
    const [f] = await findings(text, 'sigmoid-categorical-loss');
    assert.equal(spanText(text, f), "'sigmoid'");
    assert.match(await fixedBy(text, 'sigmoid-categorical-loss'), /activation='softmax'/);
    assert.match(await fixedBy(text, 'sigmoid-categorical-loss', /multi-label/), /loss='binary_crossentropy'/);
  });
});

describe('accuracy-regression-loss', () => {
  test('accuracy on a regression model', async () => {
    const text = py`
      from tensorflow import keras
      (x, y), _ = keras.datasets.boston_housing.load_data()
      m = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
      m.compile(optimizer='rmsprop', loss='mse', metrics=['accuracy'])
      m.fit(x, y)
    `;
    const [f] = await findings(text, 'accuracy-regression-loss');
    assert.equal(spanText(text, f), "'accuracy'");
    assert.match(await fixedBy(text, 'accuracy-regression-loss'), /metrics=\['mae'\]/);
  });
});

describe('early-stopping-unknown-metric', () => {
  const base = py`
    import keras
    from keras.callbacks import EarlyStopping
    m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])
    m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
  `;
  test("'val_acc' when Keras logs 'val_accuracy'", async () => {
    const text = `${base}m.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor='val_acc', patience=3)])\n`;
    const [f] = await findings(text, 'early-stopping-unknown-metric');
    assert.equal(spanText(text, f), "'val_acc'");
    assert.match(await fixedBy(text, 'early-stopping-unknown-metric'), /monitor='val_accuracy'/);
  });
  test('the default val_loss without validation data', async () => {
    const text = `${base}m.fit(x, y, callbacks=[EarlyStopping(patience=3)])\n`;
    const [f] = await findings(text, 'early-stopping-unknown-metric');
    assert.match(f.message, /no validation data/);
    assert.equal(spanText(text, f), 'EarlyStopping(patience=3)');
  });
  test('silent when the name is logged or cannot be known', async () => {
    assert.deepEqual(
      await findings(`${base}m.fit(x, y, validation_data=(a, b), callbacks=[EarlyStopping(monitor='val_accuracy')])\n`),
      [],
    );
    assert.deepEqual(await findings(`${base}m.fit(x, y, callbacks=[EarlyStopping(monitor='loss')])\n`), []);
    assert.deepEqual(await findings(`${base}m.fit(x, y, callbacks=callbacks)\n`), []);
    const custom = base.replace("metrics=['accuracy']", 'metrics=[my_metric]');
    assert.deepEqual(
      await findings(`${custom}m.fit(x, y, validation_split=0.1, callbacks=[EarlyStopping(monitor='val_f1')])\n`),
      [],
    );
  });
});

describe('learning-rate-too-high', () => {
  test('Adam above 0.1 and SGD above 1', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5), loss='mse')\n`;
    const [f] = await findings(text, 'learning-rate-too-high');
    assert.equal(spanText(text, f), '0.5');
    assert.match(await fixedBy(text, 'learning-rate-too-high'), /Adam\(learning_rate=0\.001\)/);
    assert.deepEqual(await findings(text.replace('Adam(learning_rate=0.5)', 'SGD(0.5)'), 'learning-rate-too-high'), []);
    assert.equal(
      (await findings(text.replace('Adam(learning_rate=0.5)', 'SGD(2.0)'), 'learning-rate-too-high')).length,
      1,
    );
  });
});

describe('input-shape-ignored', () => {
  test('input_shape on a later layer is removed by the fix', async () => {
    const text = py`
      import keras
      m = keras.Sequential([
          keras.layers.Dense(32, activation='relu', input_shape=(10,)),
          keras.layers.Dense(1, activation='sigmoid', input_shape=(32,)),
      ])
    `;
    const [f] = await findings(text, 'input-shape-ignored');
    assert.equal(f.severity, 'info');
    assert.equal(spanText(text, f), '(32,)');
    const fixed = await fixedBy(text, 'input-shape-ignored');
    assert.match(fixed, /Dense\(1, activation='sigmoid'\),/);
  });
  test('input_shape after an explicit Input is ignored too', async () => {
    const text = `import keras\nm = keras.Sequential([keras.Input((10,)), keras.layers.Dense(4, input_dim=10)])\n`;
    assert.equal((await findings(text, 'input-shape-ignored')).length, 1);
  });
});

describe('stacked-linear-layers', () => {
  test('a Dense without activation feeding a Dense', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(64, input_shape=(10,)), keras.layers.Dense(1, activation='sigmoid')])\n`;
    const [f] = await findings(text, 'stacked-linear-layers');
    assert.equal(spanText(text, f), 'keras.layers.Dense');
    assert.match(await fixedBy(text, 'stacked-linear-layers'), /Dense\(64, input_shape=\(10,\), activation='relu'\)/);
  });
  test('silent when an activation layer or normalisation sits between', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.Dense(1)])\n`;
    assert.deepEqual(await findings(text, 'stacked-linear-layers'), []);
  });
});

describe('suppression comments', () => {
  const text = py`
    import keras
    m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])  # model-doctor: ignore[softmax-single-unit]
    n = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
    # model-doctor: ignore[softmax-single-unit]
    o = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
    p = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])  # model-doctor: ignore[unknown-loss]
  `;
  test('silence one rule on one line only', async () => {
    const found = await findings(text, 'softmax-single-unit');
    assert.equal(found.length, 2);
  });
  test('per-rule settings turn rules off or change severity', async () => {
    assert.deepEqual(await findings(text, 'softmax-single-unit', { rules: { 'softmax-single-unit': 'off' } }), []);
    const [f] = await findings(text, 'softmax-single-unit', { rules: { 'softmax-single-unit': 'warning' } });
    assert.equal(f.severity, 'warning');
  });
});
