/** The TensorFlow.js dialect: how fixes are spelt in JS/TS with the file's own names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../src/analyzer';
import { setArgument } from '../../src/analyzer/rules/edits';
import { analyzeJs, js, syntaxErrors } from '../tfjs-helpers';

test('spelling: argument names, keyword arguments, strings in the quote style at hand', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const m = tf.sequential({layers: [tf.layers.dense({units: 2, activation: "relu", inputShape: [\`x\`]})]});
  `;
  const { dialect, models } = await analyzeJs(text);
  assert.equal(dialect.framework, 'TensorFlow.js');
  assert.equal(dialect.language, 'javascript');
  assert.equal(dialect.argName('input_shape'), 'inputShape');
  assert.equal(dialect.argName('return_sequences'), 'returnSequences');
  assert.equal(dialect.argName('activation'), 'activation');
  assert.equal(dialect.keywordArg('useBias', 'false'), 'useBias: false');
  const activation = models[0].nodes[0].layer.call.args.get('activation')!;
  assert.equal(dialect.string('sigmoid', activation.span), '"sigmoid"');
  assert.equal(dialect.string("it's"), "'it\\'s'");
  assert.equal(dialect.string('a\\b\n'), "'a\\\\b\\n'");
  const shape = models[0].nodes[0].layer.call.args.get('input_shape')!;
  const element = shape.value.kind === 'sequence' ? shape.value.elements![0] : null;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text a template literal must escape
  assert.equal(dialect.string('${x}`', element!.span), '`\\${x}\\``');
});

test('loss names: tfjs camelCase or nothing; loss objects that take logits are tf.losses functions', async () => {
  const { dialect } = await analyzeJs("import * as tf from '@tensorflow/tfjs';\n");
  assert.equal(dialect.lossName('binary_crossentropy'), 'binaryCrossentropy');
  assert.equal(dialect.lossName('sparse_categorical_crossentropy'), 'sparseCategoricalCrossentropy');
  assert.equal(dialect.lossName('categorical_focal_crossentropy'), null);
  assert.equal(dialect.lossName('hinge'), null);
  const near = { start: 0, end: 0 };
  assert.equal(dialect.lossObject('categorical_crossentropy', true, near), 'tf.losses.softmaxCrossEntropy');
  assert.equal(dialect.lossObject('binary_crossentropy', true, near), 'tf.losses.sigmoidCrossEntropy');
  assert.equal(
    dialect.lossObject('sparse_categorical_crossentropy', true, near),
    null,
    'tfjs has no sparse loss on logits',
  );
  assert.equal(dialect.lossObject('categorical_crossentropy', false, near), "'categoricalCrossentropy'");
  assert.equal(dialect.defaultLearningRate?.('adam'), 0.001);
  assert.equal(dialect.defaultLearningRate?.('sgd'), 0.01);
});

test("the file's own names: namespace, named imports, destructured requires, the global tf", async () => {
  const cases: [string, string, string | null][] = [
    [
      "import * as tfl from '@tensorflow/tfjs-layers'; const { sequential } = tfl;",
      'tfl.layers.dense',
      'tfl.layers.flatten()',
    ],
    ["import { layers, sequential } from '@tensorflow/tfjs';", 'layers.dense', 'layers.flatten()'],
    ["const { layers: L, sequential } = require('@tensorflow/tfjs');", 'L.dense', 'L.flatten()'],
    [
      "const { sequential } = require('@tensorflow/tfjs'); const { dense, flatten } = require('@tensorflow/tfjs').layers;",
      'dense',
      'flatten()',
    ],
    [
      "const { sequential } = require('@tensorflow/tfjs'); const { dense } = require('@tensorflow/tfjs').layers;",
      'dense',
      null,
    ],
    ['/* tf from a script tag */ const sequential = tf.sequential;', 'tf.layers.dense', 'tf.layers.flatten()'],
  ];
  for (const [header, dense, expected] of cases) {
    const text = `${header}\nconst model = sequential();\nmodel.add(${dense}({units: 4, inputShape: [3]}));\n`;
    const { dialect, models } = await analyzeJs(text);
    const layer = models[0].nodes[0].layer;
    assert.equal(dialect.layerExpression('Flatten', layer)?.code ?? null, expected, header);
  }
});

test('layerExpression passes a positional Python-style argument as the first config key', async () => {
  const text =
    "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [2]})]});\n";
  const { dialect, models } = await analyzeJs(text);
  const layer = models[0].nodes[0].layer;
  assert.equal(
    dialect.layerExpression('Activation', layer, "'sigmoid'")?.code,
    "tf.layers.activation({activation: 'sigmoid'})",
  );
  assert.equal(dialect.layerExpression('Dropout', layer, '{rate: 0.5}')?.code, 'tf.layers.dropout({rate: 0.5})');
  assert.equal(dialect.layerExpression('MaxPooling2D', layer)?.code, 'tf.layers.maxPool2d()');
  assert.equal(dialect.layerExpression('NotALayer', layer), null);
});

test('insertLayerBefore: list elements, model.add statements, functional applies', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const a = tf.sequential({layers: [
      tf.layers.conv2d({filters: 4, kernelSize: 3, inputShape: [8, 8, 1]}),
      tf.layers.dense({units: 2}),
    ]});
    const b = tf.sequential({layers: [tf.layers.conv2d({filters: 4, kernelSize: 3, inputShape: [8, 8, 1]}), tf.layers.dense({units: 2})]});
    const c = tf.sequential();
    c.add(tf.layers.conv2d({filters: 4, kernelSize: 3, inputShape: [8, 8, 1]}));
    c.add(tf.layers.dense({units: 2}));
    const d = tf.sequential()
    d.add(tf.layers.conv2d({filters: 4, kernelSize: 3, inputShape: [8, 8, 1]}))
    d.add(tf.layers.dense({units: 2}))
    const input = tf.input({shape: [8, 8, 1]});
    const x = tf.layers.conv2d({filters: 4, kernelSize: 3}).apply(input);
    const e = tf.model({inputs: input, outputs: tf.layers.dense({units: 2}).apply(x)});
  `;
  const { dialect, models } = await analyzeJs(text);
  const dense = (i: number) => models[i].nodes.find((n) => n.layer.type === 'Dense')!;
  const results = models.map((_, i) => applyEdits(text, dialect.insertLayerBefore(dense(i), 'Flatten')!));
  assert.match(results[0], /\n {2}tf\.layers\.flatten\(\),\n {2}tf\.layers\.dense\(\{units: 2\}\),/);
  assert.match(results[1], /\}\), tf\.layers\.flatten\(\), tf\.layers\.dense/);
  assert.match(results[2], /\nc\.add\(tf\.layers\.flatten\(\)\);\nc\.add\(tf\.layers\.dense/);
  assert.match(results[3], /\nd\.add\(tf\.layers\.flatten\(\)\)\nd\.add\(tf\.layers\.dense/);
  assert.match(results[4], /tf\.layers\.dense\(\{units: 2\}\)\.apply\(tf\.layers\.flatten\(\)\.apply\(x\)\)/);
  for (const r of results) assert.equal(syntaxErrors(r), 0, r);
  for (const [i, r] of results.entries()) {
    const types = (await analyzeJs(r)).models[i].nodes.map((n) => n.layer.type).filter((t) => t !== 'InputLayer');
    assert.deepEqual(types, ['Conv2D', 'Flatten', 'Dense']);
  }
});

test('a new argument goes inside the config object, or in a new one', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const m = tf.sequential();
    m.add(tf.layers.dense({units: 2, inputShape: [3]}));
    m.add(tf.layers.dense({}));
    m.add(tf.layers.flatten());
    m.add(tf.layers.flatten(
    ));
  `;
  const { dialect, models } = await analyzeJs(text);
  const layers = models[0].nodes.map((n) => n.layer);
  const code = (i: number) => applyEdits(text, [setArgument(layers[i].call, dialect, 'use_bias', 'false')!]);
  assert.match(code(0), /dense\(\{units: 2, inputShape: \[3\], useBias: false\}\)/);
  assert.match(code(1), /dense\(\{useBias: false\}\)/);
  assert.match(code(2), /flatten\(\{useBias: false\}\)/);
  assert.match(code(3), /flatten\(\n\{useBias: false\}\)/);
  for (let i = 0; i < 4; i++) assert.equal(syntaxErrors(code(i)), 0);
});
