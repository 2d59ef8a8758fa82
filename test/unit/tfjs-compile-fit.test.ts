import assert from 'node:assert/strict';
import { test } from 'node:test';
import { js, onlyModel } from '../tfjs-helpers';

const model = (compile: string, fit = '') => js`
  import * as tf from '@tensorflow/tfjs';
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [8]}));
  model.add(tf.layers.dense({units: 3, activation: 'softmax'}));
  model.compile(${compile});
  ${fit}
`;

test('string loss names: tfjs camelCase names map to Keras ids, others are unknown', async () => {
  const cases: [string, string | null][] = [
    ['categoricalCrossentropy', 'categorical_crossentropy'],
    ['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy'],
    ['binaryCrossentropy', 'binary_crossentropy'],
    ['meanSquaredError', 'mean_squared_error'],
    ['logcosh', 'log_cosh'],
    ['kullbackLeiblerDivergence', 'kl_divergence'],
    // tfjs's hinge keeps 0/1 labels as they are; Keras's maps them to -1/1 first.
    ['hinge', null],
    ['binary_crossentropy', null],
    ['mse', null],
  ];
  for (const [name, id] of cases) {
    const m = await onlyModel(model(`{optimizer: 'adam', loss: '${name}'}`));
    assert.equal(m.compile?.loss?.id, id, name);
    assert.equal(m.compile?.loss?.form, 'string');
    assert.equal(m.compile?.loss?.written, name);
    assert.equal(m.compile?.loss?.fromLogits, false);
  }
});

test('tf.losses functions: logits-taking ones say so', async () => {
  const cases: [string, string | null, boolean | null][] = [
    ['softmaxCrossEntropy', 'categorical_crossentropy', true],
    ['sigmoidCrossEntropy', 'binary_crossentropy', true],
    ['logLoss', 'binary_crossentropy', false],
    ['meanSquaredError', 'mean_squared_error', false],
    ['absoluteDifference', 'mean_absolute_error', false],
    ['huberLoss', 'huber', false],
    ['cosineDistance', null, null],
  ];
  for (const [fn, id, logits] of cases) {
    const m = await onlyModel(model(`{optimizer: 'adam', loss: tf.losses.${fn}}`));
    assert.equal(m.compile?.loss?.id, id, fn);
    assert.equal(m.compile?.loss?.form, 'function');
    assert.equal(m.compile?.loss?.fromLogits, logits, fn);
    assert.equal(m.compile?.loss?.written, `tf.losses.${fn}`);
  }
});

test('custom loss functions are custom, unknown values unknown', async () => {
  assert.equal(
    (await onlyModel(model(`{optimizer: 'adam', loss: (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, yPred)}`)))
      .compile?.loss?.form,
    'custom',
  );
  assert.equal((await onlyModel(model(`{optimizer: 'adam', loss: someLoss}`))).compile?.loss?.form, 'unknown');
});

test('optimizers: strings with the learning rate tfjs picks, tf.train factories with their arguments or defaults', async () => {
  const cases: [string, string | null, number | null, boolean][] = [
    ["'adam'", 'adam', 0.001, false],
    ["'Adam'", 'adam', 0.001, false],
    ["'sgd'", 'sgd', 0.01, false],
    ["'adagrad'", 'adagrad', 0.01, false],
    ["'adadelta'", 'adadelta', 1, false],
    ["'rmsprop'", 'rmsprop', 0.001, false],
    ["'RMSprop'", null, null, false],
    ['tf.train.adam(0.5)', 'adam', 0.5, true],
    ['tf.train.adam()', 'adam', 0.001, false],
    ['tf.train.adamax()', 'adamax', 0.002, false],
    ['tf.train.sgd(0.1)', 'sgd', 0.1, true],
    ['tf.train.momentum(0.05, 0.9)', 'sgd', 0.05, true],
    ['tf.train.rmsprop(LR)', 'rmsprop', null, true],
  ];
  for (const [code, id, lr, hasArg] of cases) {
    const m = await onlyModel(
      `const LR = getRate();\n${model(`{optimizer: ${code}, loss: 'categoricalCrossentropy'}`)}`,
    );
    const opt = m.compile?.optimizer;
    assert.equal(opt?.id, id, code);
    assert.equal(opt?.learningRate, lr, code);
    assert.equal(!!opt?.learningRateArg, hasArg, code);
  }
});

test('metrics: the names fit() logs for each spelling', async () => {
  const cases: [string, string | null, string | null][] = [
    ["'accuracy'", 'accuracy', 'acc'],
    ["'acc'", 'accuracy', 'acc'],
    ["'ce'", null, 'ce'],
    ["'mse'", 'mean_squared_error', 'mse'],
    ["'MAE'", 'mean_absolute_error', 'MAE'],
    ["'binaryAccuracy'", 'binary_accuracy', 'binaryAccuracy'],
    ["'precision'", 'precision', 'precision'],
    ['tf.metrics.recall', 'recall', 'recall'],
    ['tf.metrics.meanSquaredError', 'mean_squared_error', 'meanSquaredError'],
    ['tf.metrics.categoricalAccuracy', 'categorical_accuracy', 'categoricalAccuracy'],
    ["'recall'", null, null],
    ["'binary_accuracy'", null, null],
  ];
  for (const [code, id, logged] of cases) {
    const m = await onlyModel(model(`{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: [${code}]}`));
    const [metric] = m.compile!.metrics!;
    assert.equal(metric.id, id, code);
    assert.equal(metric.loggedName, logged, code);
  }
  const single = await onlyModel(model(`{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: 'accuracy'}`));
  assert.deepEqual(
    single.compile?.metrics?.map((m) => m.loggedName),
    ['acc'],
  );
  const none = await onlyModel(model(`{optimizer: 'adam', loss: 'categoricalCrossentropy'}`));
  assert.deepEqual(none.compile?.metrics, []);
  const perOutput = await onlyModel(
    model(`{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: {out: ['acc']}}`),
  );
  assert.equal(perOutput.compile?.metrics, null);
});

test('an unreadable compile config leaves everything unknown', async () => {
  const m = await onlyModel(model('compileOptions'));
  assert.equal(m.compile?.loss?.form, 'unknown');
  assert.equal(m.compile?.optimizer?.form, 'unknown');
  assert.equal(m.compile?.metrics, null);
});

test('labels: tf.oneHot, int32 class ids, 0/1 columns, literal one-hot rows', async () => {
  const fit = async (y: string) =>
    (
      await onlyModel(
        model(
          `{optimizer: 'adam', loss: 'categoricalCrossentropy'}`,
          `const ys = ${y};\nmodel.fit(xs, ys, {epochs: 2});`,
        ),
      )
    ).fits[0].labels;
  assert.deepEqual(await fit('tf.oneHot(tf.tensor1d(labels, "int32"), 3)').then((l) => [l?.encoding, l?.numClasses]), [
    'one-hot',
    3,
  ]);
  assert.deepEqual(await fit('tf.oneHot(indices, NUM)').then((l) => [l?.encoding, l?.numClasses]), ['one-hot', null]);
  assert.deepEqual(await fit("tf.tensor1d(labels, 'int32')").then((l) => [l?.encoding, l?.numClasses]), [
    'integer',
    null,
  ]);
  assert.deepEqual(await fit("tf.tensor1d([0, 2, 1, 4], 'int32')").then((l) => [l?.encoding, l?.numClasses]), [
    'integer',
    5,
  ]);
  assert.deepEqual(await fit('tf.tensor2d([[0], [1], [1]], [3, 1])').then((l) => [l?.encoding, l?.numClasses]), [
    'binary',
    2,
  ]);
  assert.deepEqual(await fit('tf.tensor2d([[0, 1, 0], [1, 0, 0]])').then((l) => [l?.encoding, l?.numClasses]), [
    'one-hot',
    3,
  ]);
  // Only claim what is known: float labels, non-one-hot rows, unknown data.
  assert.equal(await fit('tf.tensor1d(labels)'), null);
  assert.equal(await fit('tf.tensor2d([[0.5, 0.5], [1, 0]])'), null);
  assert.equal(await fit('ysFromSomewhere'), null);
  // Passing through casts keeps the provenance.
  assert.deepEqual(await fit('tf.oneHot(idx, 3).toFloat()').then((l) => l?.encoding), 'one-hot');
  assert.deepEqual(await fit('tf.tidy(() => tf.oneHot(idx, 3))').then((l) => l?.encoding), 'one-hot');
  assert.deepEqual(await fit('tf.oneHot(idx, 3).argMax(-1)').then((l) => [l?.encoding, l?.numClasses]), ['integer', 3]);
  // The element type follows casts (tfjs's sparse loss rejects int32 labels).
  assert.equal(await fit("tf.tensor1d(ids, 'int32')").then((l) => l?.dtype), 'int32');
  assert.equal(await fit("tf.tensor1d(ids, 'int32').toFloat()").then((l) => l?.dtype), 'float32');
  assert.equal(await fit("tf.cast(tf.tensor1d(ids, 'int32'), 'float32')").then((l) => l?.dtype), 'float32');
  assert.equal(await fit('tf.oneHot(idx, 3)').then((l) => l?.dtype), 'int32');
});

test('a 2D tensor of width k counts as one-hot only with a categorical loss', async () => {
  const labelsWith = async (loss: string) =>
    (
      await onlyModel(
        model(`{optimizer: 'adam', loss: '${loss}'}`, `const ys = tf.tensor2d(data, [n, 3]);\nmodel.fit(xs, ys);`),
      )
    ).fits[0].labels;
  assert.deepEqual(await labelsWith('categoricalCrossentropy').then((l) => [l?.encoding, l?.numClasses]), [
    'one-hot',
    3,
  ]);
  assert.deepEqual(await labelsWith('sparseCategoricalCrossentropy').then((l) => [l?.encoding, l?.numClasses]), [
    'one-hot',
    3,
  ]);
  assert.equal(await labelsWith('meanSquaredError'), null);
  assert.equal(await labelsWith('binaryCrossentropy'), null);
});

test('fit: validation, callbacks, and the labels argument span', async () => {
  const src = model(
    `{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']}`,
    js`
      const ys = tf.oneHot(labels, 3);
      await model.fit(xs, ys, {
        epochs: 20,
        validationSplit: 0.1,
        callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc', patience: 3}), {onEpochEnd: (e, logs) => console.log(logs)}],
      });
      model.fit(xs, ys, {validationData: [vx, vy], callbacks: tf.callbacks.earlyStopping()});
      model.fit(xs, ys);
      model.fit(xs, ys, fitOptions);
    `,
  );
  const m = await onlyModel(src);
  assert.equal(m.fits.length, 4);
  const [a, b, c, d] = m.fits;
  assert.equal(a.hasValidation, true);
  assert.deepEqual(
    a.callbacks?.map((cb) => [cb.type, cb.monitor]),
    [['EarlyStopping', 'val_acc']],
  );
  assert.equal(src.slice(a.labelsArg!.span.start, a.labelsArg!.span.end), 'ys');
  assert.equal(b.hasValidation, true);
  assert.deepEqual(
    b.callbacks?.map((cb) => [cb.type, cb.monitor, !!cb.monitorArg]),
    [['EarlyStopping', 'val_loss', false]],
  );
  assert.equal(c.hasValidation, false);
  assert.deepEqual(c.callbacks, []);
  assert.equal(d.hasValidation, null);
  assert.equal(d.callbacks, null);
});

test('fitDataset: labels from what the dataset yields as ys', async () => {
  const src = model(
    `{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy'}`,
    js`
      const ds = tf.data.array(rows)
        .map((row) => ({xs: tf.tensor1d(row.features), ys: tf.oneHot(row.label, 3)}))
        .shuffle(100)
        .batch(32);
      await model.fitDataset(ds, {epochs: 5, validationData: valDs});
    `,
  );
  const m = await onlyModel(src);
  assert.equal(m.fits.length, 1);
  assert.deepEqual([m.fits[0].labels?.encoding, m.fits[0].labels?.numClasses], ['one-hot', 3]);
  assert.equal(m.fits[0].hasValidation, true);
});

test('model naming: name: beats the function, which beats the variable', async () => {
  const named = await onlyModel(js`
    import * as tf from '@tensorflow/tfjs';
    function makeNet() { return tf.sequential({name: 'digits', layers: [tf.layers.dense({units: 1, inputShape: [1]})]}); }
    const net = makeNet();
  `);
  assert.equal(named.name, 'digits');
  const byFunction = await onlyModel(js`
    import * as tf from '@tensorflow/tfjs';
    function makeNet() { return tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [1]})]}); }
    const net = makeNet();
  `);
  assert.equal(byFunction.name, 'makeNet');
});
