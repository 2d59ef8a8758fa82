import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArgInfo, LayerNode, ModelIR, Value } from '../../src/analyzer/ir';
import { analyzeJs, js, layerTypes, onlyModel } from '../tfjs-helpers';

function layer(model: ModelIR, i: number): LayerNode {
  return model.nodes[i].layer;
}

function arg(l: LayerNode, name: string): ArgInfo {
  const a = l.call.args.get(name);
  if (!a) throw new Error(`no ${name} among ${[...l.call.args.keys()].join(', ')}`);
  return a;
}

const text = (t: string, a: ArgInfo) => t.slice(a.span.start, a.span.end);

/** A value without where it was written, for comparing. */
function plain(v: Value): Value {
  if ((v.kind === 'number' || v.kind === 'string') && v.origin) {
    const { origin, ...rest } = v;
    void origin;
    return rest as Value;
  }
  return v;
}

test('tf.sequential() + model.add(...)', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu'}));
    model.add(tf.layers.maxPooling2d({poolSize: [2, 2]}));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
  `;
  const m = await onlyModel(src);
  assert.equal(m.kind, 'sequential');
  assert.equal(m.name, 'model');
  assert.equal(m.language, 'javascript');
  assert.deepEqual(layerTypes(m), ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
  assert.equal(m.complete, true);
  assert.deepEqual(
    m.nodes.map((n) => n.inputs.length),
    [0, 1, 1, 1],
  );
  assert.equal(src.slice(m.span.start, m.span.end), 'tf.sequential()');
});

test('tf.sequential({layers: [...]}) with layers and configs held in consts', async () => {
  const src = js`
    const tf = require('@tensorflow/tfjs');
    const hiddenConfig = {units: 32, activation: 'relu', inputShape: [10]};
    const hidden = tf.layers.dense(hiddenConfig);
    const output = tf.layers.dense({units: 1, activation: 'sigmoid'});
    const classifier = tf.sequential({layers: [hidden, tf.layers.dropout({rate: 0.2}), output], name: 'spam_filter'});
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['Dense', 'Dropout', 'Dense']);
  assert.equal(m.name, 'spam_filter');
  // Spans point at the values in the config object where they are written.
  assert.equal(text(src, arg(layer(m, 0), 'units')), '32');
  assert.equal(text(src, arg(layer(m, 0), 'activation')), "'relu'");
  assert.equal(arg(layer(m, 0), 'activation').literal, true);
  assert.deepEqual(arg(layer(m, 0), 'input_shape').value.kind, 'sequence');
});

test('functional: tf.input + layer.apply + tf.model, with several inputs', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const image = tf.input({shape: [64, 64, 3], name: 'image'});
    const meta = tf.input({shape: [5]});
    let x = tf.layers.conv2d({filters: 16, kernelSize: 3, activation: 'relu'}).apply(image);
    x = tf.layers.globalAveragePooling2d({}).apply(x);
    const merged = tf.layers.concatenate().apply([x, meta]);
    const out = tf.layers.dense({units: 4, activation: 'softmax'}).apply(merged);
    const net = tf.model({inputs: [image, meta], outputs: out});
  `;
  const m = await onlyModel(src);
  assert.equal(m.kind, 'functional');
  assert.equal(m.name, 'net');
  assert.deepEqual(layerTypes(m), [
    'InputLayer',
    'Conv2D',
    'GlobalAveragePooling2D',
    'InputLayer',
    'Concatenate',
    'Dense',
  ]);
  assert.equal(m.inputs.length, 2);
  assert.equal(m.outputs[0].layer.type, 'Dense');
  assert.equal(m.complete, true);
  const concat = m.nodes.find((n) => n.layer.type === 'Concatenate')!;
  assert.equal(concat.inputs.length, 2);
  const shape = arg(m.inputs[0].layer, 'shape').value;
  assert.deepEqual(
    shape.kind === 'sequence' ? shape.items.map((v) => (v.kind === 'number' ? v.value : null)) : null,
    [64, 64, 3],
  );
});

test('layers chained with reduce over an array', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const input = tf.input({shape: [20]});
    const stack = [64, 32].map((units) => tf.layers.dense({units, activation: 'relu'}));
    const hidden = stack.reduce((x, l) => l.apply(x), input);
    const model = tf.model({inputs: input, outputs: tf.layers.dense({units: 1}).apply(hidden)});
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['InputLayer', 'Dense', 'Dense', 'Dense']);
  assert.deepEqual(
    m.nodes.slice(1, 3).map((n) => plain(arg(n.layer, 'units').value)),
    [
      { kind: 'number', value: 64, isInt: true },
      { kind: 'number', value: 32, isInt: true },
    ],
  );
});

test('models built and returned by functions, async functions, arrows and class methods', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs-node';
    function buildMlp(inputSize) {
      const model = tf.sequential();
      model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [inputSize]}));
      model.add(tf.layers.dense({units: 1, activation: 'sigmoid'}));
      return model;
    }
    async function loadAndBuild() {
      const data = await fetchData();
      return tf.sequential({layers: [tf.layers.dense({units: 3, inputShape: [data.width]})]});
    }
    const makeTiny = () => tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [2]})]});
    class Trainer {
      constructor(units) { this.units = units; }
      build() {
        this.model = tf.sequential();
        this.model.add(tf.layers.dense({units: this.units, inputShape: [8]}));
        return this.model;
      }
      async train(xs, ys) {
        const model = this.build();
        model.compile({optimizer: 'adam', loss: 'meanSquaredError'});
        await model.fit(xs, ys, {epochs: 3});
      }
    }
    async function main() {
      const m = buildMlp(8);
      m.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
      await new Trainer(4).train(null, null);
    }
    main();
  `;
  const { models } = await analyzeJs(src);
  const byName = new Map(models.map((m) => [m.name, m]));
  assert.deepEqual([...byName.keys()].sort(), ['build', 'buildMlp', 'loadAndBuild', 'makeTiny']);
  assert.equal(byName.get('buildMlp')!.compile?.loss?.id, 'binary_crossentropy');
  const trainer = byName.get('build')!;
  assert.equal(trainer.compile?.loss?.id, 'mean_squared_error');
  assert.equal(trainer.fits.length, 1);
  assert.deepEqual(plain(arg(layer(trainer, 0), 'units').value), { kind: 'number', value: 4, isInt: true });
});

test('exported helpers and classes nobody calls in the file are still analysed', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    export function createModel(numClasses) {
      const model = tf.sequential();
      model.add(tf.layers.dense({units: 1, activation: 'softmax', inputShape: [4]}));
      model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
      return model;
    }
    export default class Classifier {
      build() {
        return tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [4]})]});
      }
    }
  `;
  const result = await analyzeJs(src);
  assert.deepEqual(
    result.models.map((m) => m.name),
    ['createModel', 'build'],
  );
  assert.equal(result.findings.filter((f) => f.rule === 'softmax-single-unit').length, 2);
});

test('loops with known bounds unroll; unknown ones add conditional layers', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 64, activation: 'relu', inputShape: [10]}));
    for (let i = 0; i < 2; i++) {
      model.add(tf.layers.dense({units: 64 / (i + 1), activation: 'relu'}));
    }
    for (const units of [16, 8]) model.add(tf.layers.dense({units, activation: 'relu'}));
    for (let i = 0; i < extraLayers; i++) model.add(tf.layers.dropout({rate: 0.1}));
    model.add(tf.layers.dense({units: 1}));
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['Dense', 'Dense', 'Dense', 'Dense', 'Dense', 'Dropout', 'Dense']);
  assert.deepEqual(
    m.nodes.map((n) => n.conditional),
    [false, false, false, false, false, true, false],
  );
  assert.deepEqual(
    m.nodes.slice(0, 5).map((n) => (arg(n.layer, 'units').value as { value: number }).value),
    [64, 64, 32, 16, 8],
  );
});

test('if/else: known conditions pick a branch, unknown ones join what both agree on', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const BINARY = true;
    let units = 3;
    let act;
    if (BINARY) { units = 1; act = 'sigmoid'; } else { units = 5; act = 'softmax'; }
    let width = 8;
    if (process.env.WIDE) { width = 32; } else { width = 32; }
    let other = 4;
    if (process.env.OTHER) other = 5;
    const model = tf.sequential({layers: [
      tf.layers.dense({units: width, inputShape: [other]}),
      tf.layers.dense({units, activation: act}),
    ]});
  `;
  const m = await onlyModel(src);
  assert.deepEqual(plain(arg(layer(m, 0), 'units').value), { kind: 'number', value: 32, isInt: true });
  assert.equal((arg(layer(m, 0), 'input_shape').value as { items: { kind: string }[] }).items[0].kind, 'unknown');
  assert.deepEqual(plain(arg(layer(m, 1), 'units').value), { kind: 'number', value: 1, isInt: true });
  assert.deepEqual(plain(arg(layer(m, 1), 'activation').value), { kind: 'string', value: 'sigmoid' });
});

test('tfjs config keys become Keras parameter names; unknown keys are kept as written', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.lstm({units: 8, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [10, 4]}));
    model.add(tf.layers.conv1d({filters: 4, kernelSize: 3, useBias: false, dataFormat: 'channelsLast', kernelInitializer: 'heNormal'}));
    model.add(tf.layers.maxPool1d({poolSize: 2, madeUpOption: 1}));
    model.add(tf.layers.batchNormalization({axis: -1}));
    model.add(tf.layers.dense({units: 2, inputDim: 3}));
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['LSTM', 'Conv1D', 'MaxPooling1D', 'BatchNormalization', 'Dense']);
  assert.deepEqual(
    [...layer(m, 0).call.args.keys()],
    ['units', 'return_sequences', 'recurrent_activation', 'input_shape'],
  );
  assert.deepEqual(
    [...layer(m, 1).call.args.keys()],
    ['filters', 'kernel_size', 'use_bias', 'data_format', 'kernel_initializer'],
  );
  assert.deepEqual(plain(arg(layer(m, 1), 'data_format').value), { kind: 'string', value: 'channels_last' });
  assert.deepEqual([...layer(m, 2).call.args.keys()], ['pool_size', 'madeUpOption']);
  assert.deepEqual(plain(arg(layer(m, 3), 'axis').value), { kind: 'number', value: -1, isInt: true });
  assert.deepEqual([...layer(m, 4).call.args.keys()], ['units', 'input_dim']);
  assert.ok(m.nodes.every((n) => n.layer.known));
});

test('every tf.layers factory maps to its Keras class', async () => {
  const pairs: [string, string][] = [
    ['dense', 'Dense'],
    ['conv2d', 'Conv2D'],
    ['maxPooling2d', 'MaxPooling2D'],
    ['maxPool2d', 'MaxPooling2D'],
    ['activation', 'Activation'],
    ['softmax', 'Softmax'],
    ['flatten', 'Flatten'],
    ['batchNormalization', 'BatchNormalization'],
    ['avgPool2d', 'AveragePooling2D'],
    ['globalMaxPool1d', 'GlobalMaxPooling1D'],
    ['simpleRNN', 'SimpleRNN'],
    ['gru', 'GRU'],
    ['embedding', 'Embedding'],
    ['reLU', 'ReLU'],
    ['leakyReLU', 'LeakyReLU'],
    ['separableConv2d', 'SeparableConv2D'],
    ['conv2dTranspose', 'Conv2DTranspose'],
    ['upSampling2d', 'UpSampling2D'],
    ['zeroPadding2d', 'ZeroPadding2D'],
    ['reshape', 'Reshape'],
  ];
  const src =
    `import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\n` +
    pairs.map(([f]) => `m.add(tf.layers.${f}({}));`).join('\n');
  assert.deepEqual(
    layerTypes(await onlyModel(src)),
    pairs.map(([, c]) => c),
  );
});

test('InputLayer and wrappers: inputShape is Keras shape, the wrapped layer is kept', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({inputShape: [12, 3]}));
    model.add(tf.layers.bidirectional({layer: tf.layers.lstm({units: 4}), mergeMode: 'concat'}));
    model.add(tf.layers.timeDistributed({layer: tf.layers.dense({units: 2})}));
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['InputLayer', 'Bidirectional', 'TimeDistributed']);
  assert.equal(m.inputs.length, 1);
  assert.ok(layer(m, 0).call.args.has('shape'));
  assert.equal(layer(m, 1).inner?.type, 'LSTM');
  assert.equal(layer(m, 2).inner?.type, 'Dense');
});

test('spread configs: resolvable spreads carry values without text; unknown spreads make everything unknown', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const base = {activation: 'relu', kernelInitializer: 'heNormal'};
    function block(opts) {
      return tf.layers.dense({...opts, units: 16});
    }
    const model = tf.sequential();
    model.add(tf.layers.dense({...base, units: 32, inputShape: [4]}));
    model.add(block(options));
    model.add(tf.layers.dense({units: 1, ...base, activation: 'sigmoid'}));
  `;
  const m = await onlyModel(src);
  const a0 = arg(layer(m, 0), 'activation');
  assert.deepEqual(plain(a0.value), { kind: 'string', value: 'relu' });
  assert.equal(a0.fromSplat, true);
  assert.equal(text(src, a0), '...base');
  const a1 = arg(layer(m, 1), 'activation');
  assert.equal(a1.value.kind, 'unknown');
  assert.equal(a1.fromSplat, true);
  assert.deepEqual(plain(arg(layer(m, 1), 'units').value), { kind: 'number', value: 16, isInt: true });
  const a2 = arg(layer(m, 2), 'activation');
  assert.equal(text(src, a2), "'sigmoid'");
  assert.equal(a2.fromSplat, undefined);
  // No stacked-linear finding: the second layer's activation is unknown, not missing.
  assert.deepEqual(
    (await analyzeJs(src)).findings.filter((f) => f.rule === 'stacked-linear-layers'),
    [],
  );
});

test('shorthand properties have no value text of their own', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const units = 1;
    const model = tf.sequential({layers: [tf.layers.dense({units, activation: 'softmax', inputShape: [3]})]});
  `;
  const m = await onlyModel(src);
  const units = arg(layer(m, 0), 'units');
  assert.deepEqual(plain(units.value), { kind: 'number', value: 1, isInt: true });
  assert.equal(units.fromSplat, true);
});

test('removal spans delete a property with one comma', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 4, inputShape: [2], activation: 'relu'}));
  `;
  const a = arg(layer(await onlyModel(src), 0), 'input_shape');
  assert.equal(src.slice(a.removal.start, a.removal.end), 'inputShape: [2], ');
});

test('nested models and opaque layers keep the model honest', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const encoder = tf.sequential({layers: [tf.layers.dense({units: 8, inputShape: [4]})]});
    const full = tf.sequential();
    full.add(encoder);
    full.add(somethingUnknown);
    full.add(tf.layers.dense({units: 1}));
  `;
  const { models } = await analyzeJs(src);
  const full = models.find((m) => m.name === 'full')!;
  assert.deepEqual(layerTypes(full), ['Sequential', 'Unknown', 'Dense']);
  assert.equal(full.complete, false);
});

test('custom layers (classes extending tf.layers.Layer) are unknown layers of their class name', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    class Scale extends tf.layers.Layer {
      constructor(config) { super(config); }
      call(inputs) { return inputs; }
      static get className() { return 'Scale'; }
    }
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 4, inputShape: [3]}));
    model.add(new Scale({}));
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['Dense', 'Scale']);
  assert.equal(layer(m, 1).known, false);
});

test('an unreadable config marks the call site: any parameter may have been passed', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential();
    model.add(tf.layers.dense(layerConfig));
    model.add(tf.layers.dense({...more, units: 2}));
    model.add(tf.layers.dense({units: 1}));
  `;
  const m = await onlyModel(src);
  assert.deepEqual(
    m.nodes.map((n) => !!n.layer.call.opaqueSplat),
    [true, true, false],
  );
  assert.equal(arg(layer(m, 0), 'units').value.kind, 'unknown');
});

test('anonymous default exports, object-literal methods, class-field arrows and callbacks are run', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    export default function () {
      return tf.sequential({name: 'anonymous', layers: [tf.layers.dense({units: 1, inputShape: [1]})]});
    }
    export const api = {
      build() { return tf.sequential({name: 'method', layers: [tf.layers.dense({units: 1, inputShape: [1]})]}); },
    };
    class Page {
      onTrain = async () => {
        this.model = tf.sequential({name: 'field', layers: [tf.layers.dense({units: 1, inputShape: [1]})]});
      };
    }
    setTimeout(() => tf.sequential({name: 'timer', layers: [tf.layers.dense({units: 1, inputShape: [1]})]}), 0);
    loadData().then((data) => tf.sequential({name: 'then', layers: [tf.layers.dense({units: data.k, inputShape: [1]})]}));
  `;
  const { models } = await analyzeJs(src);
  assert.deepEqual(
    models.map((m) => m.name),
    ['anonymous', 'method', 'field', 'timer', 'then'],
  );
});

test('callbacks of array methods on arrays we cannot see run in place, maybe', async () => {
  const src = js`
    import * as tf from '@tensorflow/tfjs';
    export function build(hiddenSizes) {
      const model = tf.sequential();
      hiddenSizes.forEach((units, i) => {
        model.add(tf.layers.dense({units, activation: 'elu', inputShape: i === 0 ? [4] : undefined}));
      });
      model.add(tf.layers.dense({units: 1}));
      return model;
    }
  `;
  const m = await onlyModel(src);
  assert.deepEqual(layerTypes(m), ['Dense', 'Dense']);
  assert.deepEqual(
    m.nodes.map((n) => n.conditional),
    [true, false],
  );
  assert.deepEqual((await analyzeJs(src)).findings, []);
});
