/**
 * Every rule that applies to TensorFlow.js, on tfjs code: what it reports, and
 * that each fix yields valid JavaScript on which the rule no longer fires.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../src/analyzer';
import { spanText } from '../helpers';
import { applyJsFix, findingsJs, js } from '../tfjs-helpers';

/** A small classifier; each test swaps in the part it is about. */
function classifier(opts: {
  output?: string;
  compile?: string;
  labels?: string;
  fit?: string;
  hidden?: string;
}): string {
  return js`
    import * as tf from '@tensorflow/tfjs-node';

    export async function train(xs, labelIds) {
      const model = tf.sequential();
      model.add(tf.layers.dense(${opts.hidden ?? "{units: 32, activation: 'relu', inputShape: [20]}"}));
      model.add(tf.layers.dense(${opts.output ?? "{units: 3, activation: 'softmax'}"}));
      model.compile(${opts.compile ?? "{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']}"});
      const ys = ${opts.labels ?? "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 3)"};
      await model.fit(xs, ys, ${opts.fit ?? '{epochs: 10, batchSize: 32}'});
      return model;
    }
  `;
}

async function only(text: string, rule: string, fileName = 'model.js'): Promise<Finding> {
  const found = await findingsJs(text, rule, fileName);
  assert.equal(found.length, 1, `expected one ${rule}, got ${found.length}`);
  return found[0];
}

/** Applies each fix and checks the rule is silent on the result. */
async function fixesSilence(text: string, finding: Finding, fileName = 'model.js'): Promise<string[]> {
  const outputs: string[] = [];
  for (const fix of finding.fixes) {
    const fixed = applyJsFix(text, finding, fix.title, fileName);
    assert.deepEqual(await findingsJs(fixed, finding.rule, fileName), [], `after "${fix.title}":\n${fixed}`);
    outputs.push(fixed);
  }
  return outputs;
}

const titles = (f: Finding) => f.fixes.map((x) => [x.title, x.isPreferred]);

test('softmax-single-unit: Dense(1, softmax) with binaryCrossentropy', async () => {
  const text = classifier({
    output: "{units: 1, activation: 'softmax'}",
    compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}",
    labels: "tf.tensor1d(labelIds, 'int32').toFloat()",
  });
  const f = await only(text, 'softmax-single-unit');
  assert.equal(f.severity, 'error');
  assert.equal(spanText(text, f), "'softmax'");
  assert.deepEqual(titles(f), [
    ['Use sigmoid (keep 1 unit)', true],
    ['Use 2 units with softmax and sparseCategoricalCrossentropy', false],
  ]);
  const [sigmoid, twoUnits] = await fixesSilence(text, f);
  assert.match(sigmoid, /dense\(\{units: 1, activation: 'sigmoid'\}\)/);
  assert.match(twoUnits, /dense\(\{units: 2, activation: 'softmax'\}\)/);
  assert.match(twoUnits, /loss: 'sparseCategoricalCrossentropy'/);
  assert.deepEqual(await findingsJs(sigmoid), []);
  assert.deepEqual(await findingsJs(twoUnits), []);
  // With int32 labels tfjs's sparse loss throws (tf.floor rejects int32): that fix is not offered.
  const int32 = text.replace('.toFloat()', '');
  assert.deepEqual(titles(await only(int32, 'softmax-single-unit')), [['Use sigmoid (keep 1 unit)', true]]);
});

test('softmax-single-unit: a tf.layers.softmax() layer after a 1-unit Dense becomes an activation layer', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [4]}));
    model.add(tf.layers.dense({units: 1}));
    model.add(tf.layers.softmax());
    model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
  `;
  const f = await only(text, 'softmax-single-unit');
  assert.equal(spanText(text, f), 'tf.layers.softmax()');
  const [sigmoid] = await fixesSilence(text, f);
  assert.match(sigmoid, /model\.add\(tf\.layers\.activation\(\{activation: 'sigmoid'\}\)\);/);
});

test('categorical-loss-single-unit: categoricalCrossentropy on a 1-unit sigmoid', async () => {
  const text = classifier({
    output: "{units: 1, activation: 'sigmoid'}",
    labels: 'tf.tensor2d(labelIds, [labelIds.length, 1])',
  });
  const f = await only(text, 'categorical-loss-single-unit');
  assert.match(f.message, /^categoricalCrossentropy on a 1-unit output/);
  assert.deepEqual(titles(f), [['Use binaryCrossentropy', true]]);
  await fixesSilence(text, f);
});

test('categorical-loss-single-unit: a single 0/1 label column with several outputs', async () => {
  const text = classifier({ labels: 'tf.tensor2d([[0], [1], [1], [0]], [4, 1])' });
  const f = await only(text, 'categorical-loss-single-unit');
  assert.match(f.message, /single 0\/1 column \(0\/1 labels from tf\.tensor2d/);
  assert.deepEqual(titles(f), [['Use sparseCategoricalCrossentropy', true]]);
  await fixesSilence(text, f);
});

test('sparse-loss-one-hot-labels: sparseCategoricalCrossentropy fed tf.oneHot labels', async () => {
  const text = classifier({
    compile: "{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}",
  });
  const f = await only(text, 'sparse-loss-one-hot-labels');
  assert.equal(spanText(text, f), "'sparseCategoricalCrossentropy'");
  assert.match(f.message, /one-hot labels from tf\.oneHot\(\.\.\., 3\)/);
  assert.equal(
    text.slice(f.related[0].span.start, f.related[0].span.end),
    "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 3)",
  );
  const [fixed] = await fixesSilence(text, f);
  assert.deepEqual(await findingsJs(fixed), []);
});

test('categorical-loss-integer-labels: categoricalCrossentropy fed class ids', async () => {
  const text = classifier({ labels: "tf.tensor1d(labelIds, 'int32').toFloat()" });
  const f = await only(text, 'categorical-loss-integer-labels');
  assert.deepEqual(titles(f), [['Use sparseCategoricalCrossentropy', true]]);
  const [fixed] = await fixesSilence(text, f);
  assert.deepEqual(await findingsJs(fixed), []);
  // int32 ids: the sparse loss would throw on them in tfjs, so the message says so and no loss-only fix is offered.
  const int32 = await only(classifier({ labels: "tf.tensor1d(labelIds, 'int32')" }), 'categorical-loss-integer-labels');
  assert.match(int32.message, /Use sparseCategoricalCrossentropy with float labels, or one-hot encode the labels\.$/);
  assert.deepEqual(int32.fixes, []);
});

test('output-units-mismatch: 10 one-hot columns, 5 outputs', async () => {
  const text = classifier({
    output: "{units: 5, activation: 'softmax'}",
    labels: "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 10)",
  });
  const f = await only(text, 'output-units-mismatch');
  assert.equal(spanText(text, f), '5');
  assert.deepEqual(titles(f), [['Use 10 output units', true]]);
  await fixesSilence(text, f);
});

test('unknown-loss: Keras spellings get the exact camelCase name', async () => {
  for (const [written, expected] of [
    ['binary_crossentropy', 'binaryCrossentropy'],
    ['categorical_crossentropy', 'categoricalCrossentropy'],
    ['mse', 'meanSquaredError'],
    ['categoricalCrossentropyy', 'categoricalCrossentropy'],
  ]) {
    const text = classifier({ compile: `{optimizer: 'adam', loss: "${written}"}` });
    const f = await only(text, 'unknown-loss');
    assert.equal(
      f.message,
      `Unknown loss '${written}': TensorFlow.js does not know this name and training cannot start (an error is raised before the first epoch). Did you mean '${expected}'?`,
    );
    assert.equal(f.fixes[0].title, `Change to '${expected}'`);
    const fixed = applyJsFix(text, f);
    assert.ok(fixed.includes(`loss: "${expected}"`), 'keeps the quote style');
    assert.deepEqual(await findingsJs(fixed, 'unknown-loss'), []);
  }
});

test('unknown-activation: snake_case and unknown names', async () => {
  const text = classifier({ hidden: "{units: 32, activation: 'log_softmax', inputShape: [20]}" });
  const f = await only(text, 'unknown-activation');
  assert.match(f.message, /Did you mean 'logSoftmax'\?/);
  await fixesSilence(text, f);
  const leaky = classifier({ hidden: "{units: 32, activation: 'leaky_relu', inputShape: [20]}" });
  const g = await only(leaky, 'unknown-activation');
  assert.equal(
    g.message,
    "Unknown activation 'leaky_relu': TensorFlow.js does not know this name and the layer cannot be created.",
  );
  assert.deepEqual(g.fixes, []);
  const lstm = js`
    import * as tf from '@tensorflow/tfjs';
    const m = tf.sequential({layers: [tf.layers.lstm({units: 4, recurrentActivation: 'hard_sigmoid', inputShape: [5, 2]})]});
  `;
  const h = await only(lstm, 'unknown-activation');
  assert.equal(h.fixes[0].title, "Change to 'hardSigmoid'");
});

test('unknown-optimizer and unknown-metric', async () => {
  const text = classifier({
    compile:
      "{optimizer: 'RMSprop', loss: 'categoricalCrossentropy', metrics: ['accuracy', 'mean_absolute_error', 'recall']}",
  });
  const opt = await only(text, 'unknown-optimizer');
  assert.equal(opt.fixes[0].title, "Change to 'rmsprop'");
  await fixesSilence(text, opt);
  const metrics = await findingsJs(text, 'unknown-metric');
  assert.deepEqual(
    metrics.map((m) => [spanText(text, m), m.fixes[0]?.title ?? null]),
    [
      ["'mean_absolute_error'", "Change to 'mae'"],
      ["'recall'", null],
    ],
  );
});

test('binary-loss-multiclass: binaryCrossentropy on a 3-class softmax', async () => {
  const text = classifier({ compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}" });
  const f = await only(text, 'binary-loss-multiclass');
  assert.match(f.message, /^binaryCrossentropy on a 3-class softmax output/);
  assert.deepEqual(titles(f), [['Use categoricalCrossentropy', true]]);
  await fixesSilence(text, f);
});

test('logits-activation-mismatch: tf.losses.softmaxCrossEntropy takes logits, the model already applies softmax', async () => {
  const text = classifier({ compile: '{optimizer: tf.train.adam(0.001), loss: tf.losses.softmaxCrossEntropy}' });
  const f = await only(text, 'logits-activation-mismatch');
  assert.equal(spanText(text, f), 'tf.losses.softmaxCrossEntropy');
  assert.match(
    f.message,
    /^tf\.losses\.softmaxCrossEntropy takes raw scores \(logits\), but the last layer already applies softmax/,
  );
  assert.deepEqual(titles(f), [
    ["Use 'categoricalCrossentropy'", true],
    ['Use a linear output (logits) instead of softmax', false],
  ]);
  const [probabilities, logits] = await fixesSilence(text, f);
  assert.match(probabilities, /loss: 'categoricalCrossentropy'/);
  assert.match(logits, /activation: 'linear'/);
});

test('logits-activation-mismatch: a linear output with a probability loss', async () => {
  const text = classifier({ output: '{units: 3}' });
  const f = await only(text, 'logits-activation-mismatch');
  assert.match(
    f.message,
    /Add activation: 'softmax', or use tf\.losses\.softmaxCrossEntropy, which takes raw scores\.$/,
  );
  assert.deepEqual(titles(f), [
    ["Add activation 'softmax' to the last layer", true],
    ['Use tf.losses.softmaxCrossEntropy', false],
  ]);
  const [activation, logits] = await fixesSilence(text, f);
  assert.match(activation, /dense\(\{units: 3, activation: 'softmax'\}\)/);
  assert.match(logits, /loss: tf\.losses\.softmaxCrossEntropy/);
});

test('sigmoid-categorical-loss: 3 sigmoid outputs with categoricalCrossentropy', async () => {
  const text = classifier({ output: "{units: 3, activation: 'sigmoid'}" });
  const f = await only(text, 'sigmoid-categorical-loss');
  assert.deepEqual(titles(f), [
    ['Use softmax', true],
    ['Use binaryCrossentropy (multi-label)', false],
  ]);
  await fixesSilence(text, f);
});

test('accuracy-regression-loss: accuracy with meanSquaredError', async () => {
  const text = classifier({
    output: '{units: 1}',
    compile: "{optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['accuracy']}",
    labels: 'tf.tensor2d(prices, [n, 1])',
  });
  const f = await only(text, 'accuracy-regression-loss');
  assert.deepEqual(titles(f), [["Track 'mae' instead", true]]);
  await fixesSilence(text, f);
});

test("early-stopping-unknown-metric: tfjs logs 'accuracy' as acc/val_acc", async () => {
  const text = classifier({
    fit: "{epochs: 50, validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_accuracy', patience: 5})]}",
  });
  const f = await only(text, 'early-stopping-unknown-metric');
  assert.match(
    f.message,
    /^EarlyStopping monitors 'val_accuracy', which is never logged: the model logs 'loss', 'acc', 'val_loss', 'val_acc'\. .*TensorFlow\.js only warns? and the callback never acts\.$/,
  );
  assert.deepEqual(titles(f), [["Monitor 'val_acc'", true]]);
  await fixesSilence(text, f);
  // Without validation data nothing val_ is logged.
  const noVal = classifier({ fit: "{epochs: 50, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc'})]}" });
  const g = await only(noVal, 'early-stopping-unknown-metric');
  assert.match(g.message, /fit\(\) has no validation data \(validationData or validationSplit\)/);
  assert.deepEqual(titles(g), [["Monitor 'acc'", true]]);
  // The default monitor (val_loss) without validation: reported on the callback call.
  const byDefault = classifier({ fit: '{callbacks: tf.callbacks.earlyStopping()}' });
  const h = await only(byDefault, 'early-stopping-unknown-metric');
  assert.equal(spanText(byDefault, h), 'tf.callbacks.earlyStopping()');
});

test('learning-rate-too-high: the default offered is tfjs’s own', async () => {
  for (const [code, fixed] of [
    ['tf.train.adam(0.5)', '0.001'],
    ['tf.train.adamax(1)', '0.002'],
    ['tf.train.sgd(5)', '0.01'],
    ['tf.train.momentum(3, 0.9)', '0.01'],
  ]) {
    const text = classifier({ compile: `{optimizer: ${code}, loss: 'categoricalCrossentropy'}` });
    const f = await only(text, 'learning-rate-too-high');
    assert.deepEqual(titles(f), [[`Use the default learning rate ${fixed}`, true]], code);
    await fixesSilence(text, f);
  }
  assert.deepEqual(
    await findingsJs(
      classifier({ compile: "{optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy'}" }),
      'learning-rate-too-high',
    ),
    [],
  );
});

test('input-shape-ignored: inputShape on a later layer', async () => {
  const text = classifier({ output: "{units: 3, activation: 'softmax', inputShape: [32]}" });
  const f = await only(text, 'input-shape-ignored');
  assert.match(f.message, /^inputShape on Dense is ignored/);
  assert.deepEqual(titles(f), [['Remove inputShape', true]]);
  const [fixed] = await fixesSilence(text, f);
  assert.match(fixed, /dense\(\{units: 3, activation: 'softmax'\}\)/);
});

test('stacked-linear-layers: the activation is added inside the config object, whatever its layout', async () => {
  const layouts: [string, RegExp][] = [
    ['{units: 32, inputShape: [20]}', /\{units: 32, inputShape: \[20\], activation: 'relu'\}/],
    ['{units: 32, inputShape: [20],}', /\{units: 32, inputShape: \[20\], activation: 'relu',\}/],
    ['{\n        units: 32,\n        inputShape: [20],\n      }', /inputShape: \[20\], activation: 'relu',\n/],
  ];
  for (const [hidden, expected] of layouts) {
    const text = classifier({ hidden });
    const f = await only(text, 'stacked-linear-layers');
    assert.equal(f.message.endsWith("Add a non-linearity such as activation: 'relu'."), true);
    assert.deepEqual(titles(f), [["Add activation: 'relu'", true]]);
    const [fixed] = await fixesSilence(text, f);
    assert.match(fixed, expected);
  }
});

test('a config held in a const is edited where it is written', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const outputConfig = {
      units: 1,
      activation: 'softmax',
    };
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 8, activation: 'relu', inputShape: [4]}));
    model.add(tf.layers.dense(outputConfig));
    model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
  `;
  const f = await only(text, 'softmax-single-unit');
  const [sigmoid] = await fixesSilence(text, f);
  assert.match(sigmoid, /activation: 'sigmoid',\n/);
});

test('TypeScript files: fixes keep type annotations valid', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    export function build(inputs: number): tf.Sequential {
      const model: tf.Sequential = tf.sequential();
      model.add(tf.layers.dense({units: 1, activation: 'softmax', inputShape: [inputs]} as tf.layers.DenseLayerArgs));
      model.compile({optimizer: tf.train.adam(0.5) as tf.Optimizer, loss: 'binary_crossentropy'});
      return model;
    }
  `;
  const found = await findingsJs(text, undefined, 'model.ts');
  assert.deepEqual(
    found.map((f) => f.rule),
    ['softmax-single-unit', 'learning-rate-too-high', 'unknown-loss'],
  );
  for (const f of found) await fixesSilence(text, f, 'model.ts');
});

test('suppression comments work in JavaScript', async () => {
  const text = classifier({
    output: "{units: 1, activation: 'softmax'} // model-doctor: ignore[softmax-single-unit]",
    compile: "{optimizer: 'adam', loss: 'binaryCrossentropy'}",
  });
  assert.deepEqual(await findingsJs(text, 'softmax-single-unit'), []);
});

test('correct models stay silent', async () => {
  assert.deepEqual(await findingsJs(classifier({})), []);
  assert.deepEqual(
    await findingsJs(
      classifier({
        output: "{units: 1, activation: 'sigmoid'}",
        compile: "{optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']}",
        labels: 'tf.tensor2d(labelIds, [n, 1])',
        fit: "{validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc'})]}",
      }),
    ),
    [],
  );
});

test('input-shape-ignored: alternatives under an undecidable condition do not make each other second', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    export function build(rnnType) {
      const model = tf.sequential();
      switch (rnnType) {
        case 'GRU':
          model.add(tf.layers.gru({units: 8, inputShape: [10, 4]}));
          break;
        default:
          model.add(tf.layers.lstm({units: 8, inputShape: [10, 4]}));
      }
      if (rnnType === 'deep') model.add(tf.layers.dense({units: 8, inputShape: [8]}));
      model.add(tf.layers.dense({units: 1, activation: 'sigmoid', inputShape: [8]}));
      return model;
    }
  `;
  const found = await findingsJs(text, 'input-shape-ignored');
  assert.deepEqual(found, []);
});

test('loss-rejects-label-dtype: tfjs sparse crossentropy on int32 class ids throws at fit()', async () => {
  const text = classifier({
    compile: "{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}",
    labels: "tf.tensor1d(labelIds, 'int32')",
  });
  const f = await only(text, 'loss-rejects-label-dtype');
  assert.equal(f.severity, 'error');
  assert.equal(spanText(text, f), "'sparseCategoricalCrossentropy'");
  assert.match(
    f.message,
    /^sparseCategoricalCrossentropy cannot train on int32 labels \(integer class ids from tf\.tensor1d\(\.\.\., 'int32'\)\): in TensorFlow\.js it floors/,
  );
  assert.equal(text.slice(f.related[0].span.start, f.related[0].span.end), "tf.tensor1d(labelIds, 'int32')");
  // Float labels (a cast anywhere on the way) are fine; one-hot ones are the other rule's business.
  for (const labels of [
    "tf.tensor1d(labelIds, 'int32').toFloat()",
    'tf.tensor1d(labelIds)',
    "tf.cast(tf.tensor1d(labelIds, 'int32'), 'float32')",
    'tf.oneHot(tf.tensor1d(labelIds, "int32"), 3)',
  ]) {
    const ok = classifier({ compile: "{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy'}", labels });
    assert.deepEqual(await findingsJs(ok, 'loss-rejects-label-dtype'), [], labels);
  }
});

test('shape rules on tfjs code: missing-flatten, negative-dimension, input-rank-mismatch, large-dense-after-flatten', async () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'missing-flatten',
      js`
        import * as tf from '@tensorflow/tfjs';
        const model = tf.sequential();
        model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu'}));
        model.add(tf.layers.maxPooling2d({poolSize: 2}));
        model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
      `,
      'Insert Flatten before the Dense layer',
      /\}\)\);\nmodel\.add\(tf\.layers\.flatten\(\)\);\nmodel\.add\(tf\.layers\.dense/,
    ],
    [
      'negative-dimension',
      "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.conv2d({inputShape: [4, 4, 1], filters: 8, kernelSize: 7}), tf.layers.flatten(), tf.layers.dense({units: 1, activation: 'sigmoid'})]});\n",
      "Use padding: 'same'",
      /kernelSize: 7, padding: 'same'\}/,
    ],
    [
      'input-rank-mismatch',
      "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\nm.add(tf.layers.conv2d({inputShape: [28, 28], filters: 8, kernelSize: 3}));\n",
      'Add a channel axis to inputShape',
      /inputShape: \[28, 28, 1\]/,
    ],
    [
      'large-dense-after-flatten',
      js`
        import * as tf from '@tensorflow/tfjs';
        const input = tf.input({shape: [64, 64, 3]});
        const x = tf.layers.flatten().apply(tf.layers.conv2d({filters: 64, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(input));
        const m = tf.model({inputs: input, outputs: tf.layers.dense({units: 4096, activation: 'relu'}).apply(x)});
      `,
      'Replace Flatten with GlobalAveragePooling2D',
      /tf\.layers\.globalAveragePooling2d\(\)\.apply/,
    ],
  ];
  for (const [rule, text, title, expected] of cases) {
    const f = await only(text, rule);
    const fixed = applyJsFix(text, f, title);
    assert.match(fixed, expected, rule);
    assert.deepEqual(await findingsJs(fixed, rule), [], `${rule} after "${title}":\n${fixed}`);
  }
});
