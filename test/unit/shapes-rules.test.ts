/** The four shape rules: what fires, what stays silent, and that every fix silences its rule. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, findings, py, spanText } from '../helpers';

// ---------------------------------------------------------------- missing-flatten

const noFlatten = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
      layers.MaxPooling2D(),
      layers.Conv2D(64, 3, activation="relu"),
      layers.MaxPooling2D(),
      layers.Dropout(0.25),
      layers.Dense(128, activation="relu"),
      layers.Dense(10, activation="softmax"),
  ])
  model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;

test('missing-flatten: Dense on feature maps, reported once at the first Dense, with shapes', async () => {
  const [f, ...rest] = await findings(noFlatten, 'missing-flatten');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(spanText(noFlatten, f), 'layers.Dense(128, activation="relu")');
  assert.match(f.message, /Dense 'dense' receives \(None, 5, 5, 64\) from MaxPooling2D 'max_pooling2d_1'/);
  assert.match(f.message, /outputs \(None, 5, 5, 10\) instead of \(None, 10\)/);
  assert.equal(spanText(noFlatten, { ...f, span: f.related[0].span }), 'layers.MaxPooling2D()');
});

test('missing-flatten: the fix inserts Flatten() and the rule no longer fires', async () => {
  const [f] = await findings(noFlatten, 'missing-flatten');
  const fixed = applyFix(noFlatten, f, 'Insert Flatten before the Dense layer');
  assert.match(fixed, /layers\.Dropout\(0\.25\),\n {4}layers\.Flatten\(\),\n {4}layers\.Dense\(128/);
  assert.deepEqual(await findings(fixed, 'missing-flatten'), []);
});

test('missing-flatten: functional and model.add() forms are fixed in place', async () => {
  const functional = py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Conv2D(16, 3)(inputs)
    x = layers.MaxPooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `;
  const [f] = await findings(functional, 'missing-flatten');
  const fixed = applyFix(functional, f);
  assert.match(fixed, /layers\.Dense\(10, activation="softmax"\)\(layers\.Flatten\(\)\(x\)\)/);
  assert.deepEqual(await findings(fixed, 'missing-flatten'), []);

  const added = py`
    from keras.models import Sequential
    from keras.layers import Conv1D, MaxPooling1D, Dense, Embedding
    model = Sequential()
    model.add(Embedding(5000, 32, input_length=100))
    model.add(Conv1D(32, 5, activation="relu"))
    model.add(MaxPooling1D())
    model.add(Dense(1, activation="sigmoid"))
  `;
  const [g] = await findings(added, 'missing-flatten');
  assert.match(g.message, /outputs \(None, 48, 1\) instead of \(None, 1\)/);
  const fixedAdded = applyFix(added, g);
  assert.match(fixedAdded, /from keras\.layers import Flatten\n/);
  assert.match(fixedAdded, /model\.add\(Flatten\(\)\)\nmodel\.add\(Dense\(1/);
  assert.deepEqual(await findings(fixedAdded, 'missing-flatten'), []);
});

test('missing-flatten: silent when the spatial axes are removed or meant to stay', async () => {
  const cases = [
    noFlatten.replace('layers.Dropout(0.25),', 'layers.Flatten(),'),
    noFlatten.replace('layers.Dropout(0.25),', 'layers.GlobalAveragePooling2D(),'),
    noFlatten.replace('layers.Dropout(0.25),', 'layers.Reshape((-1,)),'),
    // A Dense per position followed by Flatten: the output is (None, 10).
    noFlatten.replace(
      'layers.Dense(128, activation="relu"),',
      'layers.Dense(128, activation="relu"), layers.Flatten(),',
    ),
    // Segmentation-style: the model ends in convolutions.
    py`
      import keras
      from keras import layers
      model = keras.Sequential([keras.Input((64, 64, 3)), layers.Conv2D(8, 3, padding="same"), layers.Conv2D(1, 1, activation="sigmoid")])
    `,
    // Unknown input shape: nothing is known about ranks.
    noFlatten.replace('input_shape=(28, 28, 1)', 'input_shape=X.shape[1:]'),
  ];
  for (const text of cases) assert.deepEqual(await findings(text, 'missing-flatten'), [], text);
});

// ------------------------------------------------------------- negative-dimension

const tooDeep = py`
  import keras
  from keras import layers
  model = keras.Sequential([
      keras.Input(shape=(32, 32, 3)),
      layers.Conv2D(32, 5), layers.MaxPooling2D(),
      layers.Conv2D(64, 5), layers.MaxPooling2D(),
      layers.Conv2D(128, 3), layers.MaxPooling2D(),
      layers.Conv2D(256, 3),
      layers.Flatten(),
      layers.Dense(10),
  ])
`;

test('negative-dimension: names the layer and the shapes in and out', async () => {
  const [f, ...rest] = await findings(tooDeep, 'negative-dimension');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(spanText(tooDeep, f), 'layers.Conv2D(256, 3)');
  assert.match(
    f.message,
    /^Conv2D 'conv2d_3' receives \(None, 1, 1, 128\) and would output \(None, -1, -1, 256\): its 3×3 kernel is larger than its 1×1 input/,
  );
});

test('negative-dimension: the padding fix silences it', async () => {
  const [f] = await findings(tooDeep, 'negative-dimension');
  const fixed = applyFix(tooDeep, f, "Use padding='same'");
  assert.match(fixed, /layers\.Conv2D\(256, 3, padding='same'\)/);
  assert.deepEqual(await findings(fixed, 'negative-dimension'), []);
});

test('negative-dimension: too much pooling, pools larger than the input and crops', async () => {
  const pooled = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((4, 4, 1)), layers.MaxPooling2D(2), layers.MaxPooling2D(2), layers.MaxPooling2D(pool_size=2, padding="valid")])
  `;
  const [p] = await findings(pooled, 'negative-dimension');
  assert.match(
    p.message,
    /MaxPooling2D 'max_pooling2d_2' receives \(None, 1, 1, 1\) and would output \(None, 0, 0, 1\): its 2×2 pool/,
  );
  const fixed = applyFix(pooled, p);
  assert.match(
    fixed,
    /MaxPooling2D\(pool_size=2, padding="same"\)/,
    'the quote style of the existing argument is kept',
  );
  assert.deepEqual(await findings(fixed, 'negative-dimension'), []);

  const cropped = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((10, 10, 3)), layers.Cropping2D(((3, 3), (5, 5)))])
  `;
  const [c] = await findings(cropped, 'negative-dimension');
  assert.match(c.message, /Cropping2D 'cropping2d' receives \(None, 10, 10, 3\) and would output \(None, 4, 0, 3\)/);
  assert.deepEqual(c.fixes, []);

  const conv1d = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((100, 8)), layers.Conv1D(8, 10 ** 9)])
  `;
  const [k] = await findings(conv1d, 'negative-dimension');
  assert.match(k.message, /its 1000000000 kernel is larger than its 100 input/);
});

test('negative-dimension: silent on same padding, unknown sizes and conditional layers', async () => {
  const cases = [
    tooDeep.replace('layers.Conv2D(256, 3)', 'layers.Conv2D(256, 3, padding="same")'),
    tooDeep.replace('shape=(32, 32, 3)', 'shape=(None, None, 3)'),
    tooDeep.replace('shape=(32, 32, 3)', 'shape=X.shape[1:]'),
    py`
      import keras
      from keras import layers
      model = keras.Sequential()
      model.add(keras.Input((8, 8, 3)))
      if deep:
          model.add(layers.MaxPooling2D(4))
      model.add(layers.Conv2D(8, 3))
    `,
  ];
  for (const text of cases) assert.deepEqual(await findings(text, 'negative-dimension'), [], text);
});

// ------------------------------------------------------------ input-rank-mismatch

const grayscale = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28)),
      layers.MaxPooling2D((2, 2)),
      layers.Flatten(),
      layers.Dense(10, activation="softmax"),
  ])
`;

test('input-rank-mismatch: Conv2D on input_shape=(28, 28), fixed by adding the channel axis', async () => {
  const [f, ...rest] = await findings(grayscale, 'input-rank-mismatch');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.match(
    f.message,
    /^Conv2D 'conv2d' expects 4 axes \(batch, rows, cols, channels\) but receives \(None, 28, 28\) \(3 axes\): the channel axis is missing/,
  );
  assert.equal(spanText(grayscale, { ...f, span: f.related[0].span }), '(28, 28)');
  const fixed = applyFix(grayscale, f, 'Add a channel axis to input_shape');
  assert.match(fixed, /input_shape=\(28, 28, 1\)/);
  assert.deepEqual(await findings(fixed), []);
});

test('input-rank-mismatch: through Input(), shape-keeping layers and channels_first', async () => {
  const viaInput = py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=[28, 28])
    x = layers.Rescaling(1 / 255)(inputs)
    x = layers.Conv2D(8, 3, data_format="channels_first")(x)
    model = keras.Model(inputs, x)
  `;
  const [f] = await findings(viaInput, 'input-rank-mismatch');
  assert.match(f.message, /expects 4 axes \(batch, channels, rows, cols\)/);
  const fixed = applyFix(viaInput, f);
  assert.match(fixed, /shape=\[1, 28, 28\]/);
  assert.deepEqual(await findings(fixed, 'input-rank-mismatch'), []);

  const batchShape = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input(batch_shape=(None, 50)), layers.LSTM(8)])
  `;
  const [b] = await findings(batchShape, 'input-rank-mismatch');
  assert.match(b.message, /LSTM 'lstm' expects 3 axes \(batch, timesteps, features\)/);
  const fixedBatch = applyFix(batchShape, b);
  assert.match(fixedBatch, /batch_shape=\(None, 50, 1\)/);
  assert.deepEqual(await findings(fixedBatch, 'input-rank-mismatch'), []);
});

test('input-rank-mismatch: other ranks are reported without a fix; a written-out variable gets no edit', async () => {
  const lstmAfterDense = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((20,)), layers.Dense(16), layers.Flatten(), layers.Conv1D(4, 3)])
  `;
  const [f] = await findings(lstmAfterDense, 'input-rank-mismatch');
  assert.match(f.message, /Conv1D 'conv1d' expects 3 axes \(batch, steps, channels\) but receives \(None, 16\)/);
  assert.deepEqual(f.fixes, [], 'the missing axis comes from a Flatten, not the declared input');

  const fromVariable = py`
    import keras
    from keras import layers
    SHAPE = (28, 28)
    model = keras.Sequential([keras.Input(SHAPE), layers.Conv2D(8, 3)])
  `;
  const [g] = await findings(fromVariable, 'input-rank-mismatch');
  assert.deepEqual(g.fixes, []);

  const dense = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input(shape=()), layers.Dense(3)])
  `;
  const [d] = await findings(dense, 'input-rank-mismatch');
  assert.match(d.message, /expects 2 or more axes \(batch, \.\.\., features\) but receives \(None,\) \(1 axes\)/);
});

test('input-rank-mismatch: silent when the rank is right or unknown', async () => {
  const cases = [
    grayscale.replace('input_shape=(28, 28)', 'input_shape=(28, 28, 1)'),
    grayscale.replace('input_shape=(28, 28)', 'input_shape=x_train.shape[1:]'),
    grayscale.replace(', input_shape=(28, 28)', ''),
  ];
  for (const text of cases) assert.deepEqual(await findings(text, 'input-rank-mismatch'), [], text);
});

// ------------------------------------------------------- large-dense-after-flatten

const huge = py`
  import keras
  from keras import layers
  model = keras.Sequential([
      keras.Input(shape=(224, 224, 3)),
      layers.Conv2D(64, 3, padding="same", activation="relu"),
      layers.Flatten(),
      layers.Dropout(0.5),
      layers.Dense(256, activation="relu"),
      layers.Dense(10, activation="softmax"),
  ])
`;

test('large-dense-after-flatten: says the count and suggests pooling', async () => {
  const [f, ...rest] = await findings(huge, 'large-dense-after-flatten');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'info');
  assert.equal(spanText(huge, f), 'layers.Dense(256, activation="relu")');
  assert.match(
    f.message,
    /Dense 'dense' after Flatten has 822,083,840 parameters \(3,211,264 flattened inputs × 256 units\)/,
  );
  assert.match(f.message, /GlobalAveragePooling2D \(16,640 parameters in the Dense layer\)/);
});

test('large-dense-after-flatten: the GlobalAveragePooling2D fix silences it', async () => {
  const [f] = await findings(huge, 'large-dense-after-flatten');
  assert.equal(f.fixes[0].isPreferred, false, 'an architecture change is never applied by fix-all');
  const fixed = applyFix(huge, f, 'Replace Flatten with GlobalAveragePooling2D');
  assert.match(fixed, /layers\.GlobalAveragePooling2D\(\),\n {4}layers\.Dropout/);
  assert.deepEqual(await findings(fixed, 'large-dense-after-flatten'), []);
});

test('large-dense-after-flatten: silent under the threshold, without Flatten, and on unknown sizes', async () => {
  const cases = [
    // 56*56*64*49 + 49 = 9,834,545: under 10M.
    huge.replace('shape=(224, 224, 3)', 'shape=(56, 56, 3)').replace('Dense(256', 'Dense(49'),
    huge.replace('layers.Flatten(),', 'layers.GlobalAveragePooling2D(),'),
    huge.replace('shape=(224, 224, 3)', 'shape=(None, None, 3)'),
  ];
  for (const text of cases) assert.deepEqual(await findings(text, 'large-dense-after-flatten'), [], text);
  // Just over: 56*56*64*50 + 50 = 10,035,250.
  const [over] = await findings(
    huge.replace('shape=(224, 224, 3)', 'shape=(56, 56, 3)').replace('Dense(256', 'Dense(50'),
    'large-dense-after-flatten',
  );
  assert.match(over.message, /10,035,250 parameters/);
});

test('large-dense-after-flatten: no GlobalAveragePooling fix for channels_first feature maps', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((3, 512, 512)), layers.Conv2D(16, 3, data_format="channels_first"), layers.Flatten(), layers.Dense(64)])
  `;
  const [f] = await findings(text, 'large-dense-after-flatten');
  assert.deepEqual(f.fixes, []);
});

// ------------------------------------------------------------ rules using shapes

test('output-units-mismatch sees the width of an output that is not a Dense', async () => {
  const text = py`
    import keras
    from keras import layers
    from keras.utils import to_categorical
    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    y_train = to_categorical(y_train, 10)
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(5, 3),
        layers.GlobalAveragePooling2D(),
        layers.Activation("softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(x_train, y_train)
  `;
  const [f] = await findings(text, 'output-units-mismatch');
  assert.match(f.message, /Output has 5 units for 10 classes/);
  assert.deepEqual(await findings(text.replace('Conv2D(5, 3)', 'Conv2D(10, 3)'), 'output-units-mismatch'), []);
});

test('softmax-single-unit sees one channel on a layer without units', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((100, 8)), layers.Conv1D(1, 3, activation="softmax")])
  `;
  const [f] = await findings(text, 'softmax-single-unit');
  assert.equal(spanText(text, f), '"softmax"');
  assert.deepEqual(await findings(text.replace('Conv1D(1,', 'Conv1D(4,'), 'softmax-single-unit'), []);
});
