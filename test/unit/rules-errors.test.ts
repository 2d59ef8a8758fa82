/** Error rules: positive cases, correct code staying silent, and every fix making the finding go away. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFix, findings, py, spanText } from '../helpers';

/** Applies every fix of every finding of `rule` in turn; each result must be free of that rule's finding at that place. */
async function assertFixesClear(text: string, rule: string): Promise<string[]> {
  const found = await findings(text, rule);
  assert.ok(found.length > 0, `${rule} fires`);
  const outputs: string[] = [];
  for (const f of found) {
    assert.ok(f.fixes.length > 0, 'the finding offers a fix');
    assert.equal(f.fixes.filter((x) => x.isPreferred).length, 1, 'exactly one preferred fix');
    for (const fix of f.fixes) {
      const fixed = applyFix(text, f, fix.title);
      const after = await findings(fixed, rule);
      assert.equal(after.length, found.length - 1, `after "${fix.title}" ${rule} no longer fires there:\n${fixed}`);
      outputs.push(fixed);
    }
  }
  return outputs;
}

describe('softmax-single-unit', () => {
  const head = 'import keras\nfrom keras import layers\n';
  test('Activation and Softmax layers after a 1-unit Dense', async () => {
    for (const tail of ["layers.Activation('softmax')", 'layers.Softmax()']) {
      const text = `${head}m = keras.Sequential([layers.Dense(1, input_shape=(3,)), ${tail}])\nm.compile(loss='binary_crossentropy')\n`;
      const [f] = await findings(text, 'softmax-single-unit');
      assert.ok(f, tail);
      const [fixed] = await assertFixesClear(text, 'softmax-single-unit');
      assert.deepEqual(await findings(fixed), [], `the sigmoid fix leaves a correct model:\n${fixed}`);
    }
  });

  test('with categorical loss the sigmoid fix also switches to binary crossentropy, the 2-unit fix is preferred', async () => {
    const text = `${head}m = keras.Sequential([layers.Dense(1, activation='softmax', input_shape=(3,))])\nm.compile(loss='categorical_crossentropy')\n`;
    const [f] = await findings(text, 'softmax-single-unit');
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Use sigmoid with binary_crossentropy (keep 1 unit)', false],
        ['Use 2 units with softmax and sparse_categorical_crossentropy', true],
      ],
    );
    for (const fixed of await assertFixesClear(text, 'softmax-single-unit'))
      assert.deepEqual(await findings(fixed), []);
  });

  test('one-hot labels with two columns: only the 2-unit fix, keeping categorical crossentropy', async () => {
    const text = py`
      import keras
      from keras.utils import to_categorical
      m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
      m.compile(loss='categorical_crossentropy')
      m.fit(x, to_categorical(y, 2))
    `;
    const [f] = await findings(text, 'softmax-single-unit');
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['Use 2 units with softmax and categorical_crossentropy'],
    );
    const fixed = applyFix(text, f);
    assert.match(fixed, /Dense\(2, activation='softmax'/);
    assert.match(fixed, /loss='categorical_crossentropy'/);
    assert.deepEqual(await findings(fixed), []);
  });

  test('tf.nn.softmax as activation is fixed to a sigmoid string', async () => {
    const text = `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1, activation=tf.nn.softmax, input_shape=(3,))])\nm.compile(loss='binary_crossentropy')\n`;
    const [f] = await findings(text, 'softmax-single-unit');
    assert.equal(spanText(text, f), 'tf.nn.softmax');
    assert.match(applyFix(text, f), /activation='sigmoid'/);
  });

  test('silent when units come from data it cannot see', async () => {
    assert.deepEqual(
      await findings(
        `${head}m = keras.Sequential([layers.Dense(y.shape[1], activation='softmax')])\n`,
        'softmax-single-unit',
      ),
      [],
    );
  });
});

describe('categorical-loss-single-unit', () => {
  test('categorical crossentropy on one sigmoid unit', async () => {
    const text = py`
      import keras
      m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(5,))])
      m.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
    `;
    const [f] = await findings(text, 'categorical-loss-single-unit');
    assert.equal(f.severity, 'error');
    assert.equal(spanText(text, f), "'categorical_crossentropy'");
    assert.equal(f.related.length, 1);
    const [fixed] = await assertFixesClear(text, 'categorical-loss-single-unit');
    assert.deepEqual(await findings(fixed), []);
  });

  test('binary 0/1 labels from flow_from_directory with a categorical loss', async () => {
    const text = py`
      import keras
      from keras.preprocessing.image import ImageDataGenerator
      train = ImageDataGenerator(rescale=1/255).flow_from_directory('data/train', target_size=(64, 64), class_mode='binary')
      m = keras.Sequential([keras.layers.Flatten(input_shape=(64, 64, 3)), keras.layers.Dense(2, activation='softmax')])
      m.compile(optimizer='adam', loss='categorical_crossentropy')
      m.fit(train, epochs=5)
    `;
    const [f] = await findings(text, 'categorical-loss-single-unit');
    assert.match(f.message, /single 0\/1 column/);
    assert.match(applyFix(text, f), /loss='sparse_categorical_crossentropy'/);
    await assertFixesClear(text, 'categorical-loss-single-unit');
  });

  test('silent for categorical crossentropy on several units with one-hot labels', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(3, activation='softmax')])\nm.compile(loss='categorical_crossentropy')\nm.fit(x, keras.utils.to_categorical(y, 3))\n`;
    assert.deepEqual(await findings(text), []);
  });
});

describe('sparse-loss-one-hot-labels', () => {
  const text = py`
    import tensorflow as tf
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    y_train = tf.keras.utils.to_categorical(y_train, 10)
    model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    model.fit(x_train, y_train, epochs=5)
  `;
  test('flags the loss and points at the one-hot encoding', async () => {
    const [f] = await findings(text, 'sparse-loss-one-hot-labels');
    assert.equal(spanText(text, f), "'sparse_categorical_crossentropy'");
    assert.equal(
      text.slice(f.related[0].span.start, f.related[0].span.end),
      'tf.keras.utils.to_categorical(y_train, 10)',
    );
    const [fixed] = await assertFixesClear(text, 'sparse-loss-one-hot-labels');
    assert.deepEqual(await findings(fixed), []);
  });
  test('silent with integer labels', async () => {
    assert.deepEqual(await findings(text.replace('y_train = tf.keras.utils.to_categorical(y_train, 10)\n', '')), []);
  });
  test('silent for LabelBinarizer on two classes (a single column)', async () => {
    const binary = py`
      import keras
      from sklearn.preprocessing import LabelBinarizer
      y = LabelBinarizer().fit_transform(labels)
      m = keras.Sequential([keras.layers.Dense(2, activation='softmax')])
      m.compile(loss='sparse_categorical_crossentropy')
      m.fit(x, y)
    `;
    assert.deepEqual(await findings(binary, 'sparse-loss-one-hot-labels'), []);
  });
});

describe('categorical-loss-integer-labels', () => {
  const text = py`
    from tensorflow import keras
    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
    model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(), metrics=['accuracy'])
    model.fit(x_train, y_train)
  `;
  test('flags the loss object and fixes it', async () => {
    const [f] = await findings(text, 'categorical-loss-integer-labels');
    assert.equal(spanText(text, f), 'keras.losses.CategoricalCrossentropy()');
    const [fixed] = await assertFixesClear(text, 'categorical-loss-integer-labels');
    assert.match(fixed, /loss='sparse_categorical_crossentropy'/);
    assert.deepEqual(await findings(fixed), []);
  });
  test('silent once labels are one-hot encoded', async () => {
    assert.deepEqual(
      await findings(
        text.replace('model.fit(x_train, y_train)', 'model.fit(x_train, keras.utils.to_categorical(y_train))'),
      ),
      [],
    );
  });
});

describe('output-units-mismatch', () => {
  test('one-hot width differs from the output units', async () => {
    const text = py`
      import keras
      NUM_CLASSES = 5
      y = keras.utils.to_categorical(labels, NUM_CLASSES)
      m = keras.Sequential([keras.layers.Dense(16, activation='relu', input_shape=(8,)), keras.layers.Dense(4, activation='softmax')])
      m.compile(loss='categorical_crossentropy', optimizer='adam')
      m.fit(x, y)
    `;
    const [f] = await findings(text, 'output-units-mismatch');
    assert.equal(spanText(text, f), '4');
    assert.match(f.message, /5 classes/);
    const [fixed] = await assertFixesClear(text, 'output-units-mismatch');
    assert.match(fixed, /Dense\(5, activation='softmax'\)/);
    assert.deepEqual(await findings(fixed), []);
  });
  test('integer labels with more classes than outputs', async () => {
    const text = py`
      import keras
      (x, y), _ = keras.datasets.mnist.load_data()
      m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(8, activation='softmax')])
      m.compile(loss='sparse_categorical_crossentropy')
      m.fit(x, y)
    `;
    const [f] = await findings(text, 'output-units-mismatch');
    assert.match(f.message, /0\.\.9/);
    await assertFixesClear(text, 'output-units-mismatch');
  });
  test('silent when it matches or is unknown', async () => {
    const text = `import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nm = keras.Sequential([keras.layers.Dense(10, activation='softmax')])\nm.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n`;
    assert.deepEqual(await findings(text), []);
    assert.deepEqual(await findings(text.replace('Dense(10', 'Dense(n')), []);
  });
});

describe('unknown names', () => {
  test('unknown-loss with a did-you-mean fix', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.compile(optimizer='adam', loss="binary_crossentrophy")\n`;
    const [f] = await findings(text, 'unknown-loss');
    assert.equal(spanText(text, f), '"binary_crossentrophy"');
    assert.match(f.message, /Did you mean 'binary_crossentropy'\?/);
    assert.equal(applyFix(text, f), text.replace('"binary_crossentrophy"', '"binary_crossentropy"'));
    await assertFixesClear(text, 'unknown-loss');
  });
  test('unknown-activation on layers and Activation layers', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(8, activation='rleu'), keras.layers.Activation('softmaxx')])\n`;
    const found = await findings(text, 'unknown-activation');
    assert.deepEqual(
      found.map((f) => spanText(text, f)),
      ["'rleu'", "'softmaxx'"],
    );
    assert.equal(applyFix(text, found[0]), text.replace("'rleu'", "'relu'"));
    await assertFixesClear(text, 'unknown-activation');
  });
  test('unknown-optimizer (case-insensitive like Keras) and unknown-metric', async () => {
    const text = `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='Adamm', loss='mse', metrics=['mae', 'mean_absolute_eror'])\n`;
    const [opt] = await findings(text, 'unknown-optimizer');
    assert.equal(spanText(text, opt), "'Adamm'");
    await assertFixesClear(text, 'unknown-optimizer');
    const [metric] = await findings(text, 'unknown-metric');
    assert.equal(spanText(text, metric), "'mean_absolute_eror'");
    await assertFixesClear(text, 'unknown-metric');
    assert.deepEqual(await findings(text.replace("'Adamm'", "'ADAM'"), 'unknown-optimizer'), []);
  });
  test('names Keras accepts, user functions and compile-only names are never unknown', async () => {
    const text = py`
      import keras
      def focal(y, p): return y
      m = keras.Sequential([keras.layers.Dense(3, activation='gelu')])
      m.compile(optimizer='nadam', loss=focal, metrics=['ACC', 'top_k_categorical_accuracy', 'auc'])
      m2 = keras.Sequential([keras.layers.Dense(3, activation='softmax')])
      m2.compile(optimizer='adamw', loss='crossentropy')
    `;
    assert.deepEqual(await findings(text), []);
  });
});
