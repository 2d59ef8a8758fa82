/** `model-doctor summary`: the JSON contract, the Keras-like table, --input-shape and bad input. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/args';
import { parseInputShape, runSummary } from '../../src/cli/summary';
import { memorySize } from '../../src/cli/summary-format';
import { py } from '../helpers';
import { Capture } from '../cli-capture';

async function summary(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runSummary(args, out, err);
  return { code, out: out.text, err: err.text };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-summary-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const source = py`
  import keras
  from keras import layers

  inputs = keras.Input(shape=(64, 64, 1))
  x = layers.Conv2D(32, 3, activation="relu")(inputs)
  x = layers.MaxPooling2D()(x)
  x = layers.Flatten()(x)
  outputs = layers.Dense(2, name="head")(x)
  classifier = keras.Model(inputs, outputs)

  tabular = keras.Sequential([
      layers.Dense(16, input_shape=features.shape[1:]),
      layers.Dense(1),
  ])
`;

test('JSON: the versioned contract, models in source order, no InputLayer rows, unknown dimensions null', async () => {
  const { code, out } = await summary(['--format', 'json', file('models.py', source)]);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out), {
    version: 1,
    models: [
      {
        name: 'classifier',
        range: { start: { line: 9, column: 14 }, end: { line: 9, column: 42 } },
        layers: [
          { name: 'conv2d', type: 'Conv2D', outputShape: [null, 62, 62, 32], params: 320 },
          { name: 'max_pooling2d', type: 'MaxPooling2D', outputShape: [null, 31, 31, 32], params: 0 },
          { name: 'flatten', type: 'Flatten', outputShape: [null, 30752], params: 0 },
          { name: 'head', type: 'Dense', outputShape: [null, 2], params: 61506 },
        ],
        totalParams: 61826,
        trainableParams: 61826,
      },
      {
        name: 'tabular',
        range: { start: { line: 11, column: 11 }, end: { line: 14, column: 3 } },
        layers: [
          { name: 'dense', type: 'Dense', outputShape: null, params: null },
          { name: 'dense_1', type: 'Dense', outputShape: null, params: 17 },
        ],
        totalParams: null,
        trainableParams: null,
      },
    ],
  });
});

test('--input-shape fills in the shape the code does not give', async () => {
  const { out } = await summary(['--input-shape', '10', '--format=json', file('models.py', source)]);
  const tabular = JSON.parse(out).models[1];
  assert.deepEqual(tabular.layers[0], { name: 'dense', type: 'Dense', outputShape: [null, 16], params: 176 });
  assert.equal(tabular.totalParams, 193);
});

test('text: a table like model.summary()', async () => {
  const { code, out } = await summary([file('models.py', source)]);
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.match(lines[0], /^Model: "classifier" {2}\(.*models\.py:9:14\)$/);
  assert.ok(lines.includes('│ conv2d (Conv2D)                 │ (None, 62, 62, 32)     │           320 │'), out);
  assert.ok(lines.includes('│ head (Dense)                    │ (None, 2)              │        61,506 │'), out);
  assert.ok(lines.includes(' Total params: 61,826 (241.51 KB)'), out);
  assert.ok(lines.includes(' Non-trainable params: 0 (0.00 B)'), out);
  assert.ok(lines.includes('│ dense (Dense)                   │ ?                      │             ? │'), out);
  assert.ok(
    lines.some((l) =>
      l.startsWith(' Total params: unknown (depends on shapes the code does not give; try --input-shape)'),
    ),
    out,
  );
});

test('an unknown parameter total is unknown (JSON null), never 0, when layers could not be resolved', async () => {
  const unresolved = file(
    'unresolved.py',
    py`
      import keras
      from my_blocks import make_blocks, make_head

      backbone = keras.Sequential(make_blocks())
      classifier = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
      classifier.add(make_head())
    `,
  );
  const json = JSON.parse((await summary(['--format', 'json', unresolved])).out);
  assert.deepEqual(
    json.models.map((m: { name: string; totalParams: number | null; trainableParams: number | null }) => [
      m.name,
      m.totalParams,
      m.trainableParams,
    ]),
    [
      ['backbone', null, null],
      ['classifier', null, null],
    ],
  );
  const { out } = await summary([unresolved]);
  const totals = out.split('\n').filter((l) => l.startsWith(' Total params:'));
  assert.deepEqual(totals, [
    ' Total params: unknown (some layers could not be resolved)',
    ' Total params: unknown (some layers could not be resolved)',
  ]);
  // A model that really has no weights still says 0.
  const empty = file(
    'empty.py',
    'import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Flatten()])\n',
  );
  assert.equal(JSON.parse((await summary(['--format', 'json', empty])).out).models[0].totalParams, 0);
});

test('Keras memory sizes: 4 bytes per float32 weight, 1024-based units', () => {
  assert.equal(memorySize(0), '0.00 B');
  assert.equal(memorySize(39), '156.00 B');
  assert.equal(memorySize(1624705), '6.20 MB');
});

test('notebooks: ranges are in the cell, which JSON names (1-based)', async () => {
  const cells = [
    { cell_type: 'markdown', source: ['# A model'], metadata: {} },
    {
      cell_type: 'code',
      source: ['import keras\n', 'from keras import layers\n'],
      metadata: {},
      outputs: [],
      execution_count: 1,
    },
    {
      cell_type: 'code',
      source: ['model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n'],
      metadata: {},
      outputs: [],
      execution_count: 2,
    },
  ];
  const notebook = file('nb.ipynb', JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const { out } = await summary(['--format', 'json', notebook]);
  const [model] = JSON.parse(out).models;
  assert.equal(model.cell, 3);
  assert.deepEqual(model.range, { start: { line: 1, column: 9 }, end: { line: 1, column: 63 } });
  assert.deepEqual(model.layers, [{ name: 'dense', type: 'Dense', outputShape: [null, 3], params: 15 }]);
});

test('a file without models, a missing file and bad options', async () => {
  const empty = await summary([file('empty.py', 'print("hello")\n')]);
  assert.equal(empty.code, 0);
  assert.match(empty.out, /^No Keras or TensorFlow\.js models found in /);
  assert.deepEqual(JSON.parse((await summary(['--format', 'json', file('empty.py', 'x = 1\n')])).out), {
    version: 1,
    models: [],
  });
  const missing = await summary([path.join(dir, 'nope.py')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.py: cannot read/);
  await assert.rejects(summary([]), UsageError);
  await assert.rejects(summary(['a.py', 'b.py']), UsageError);
  await assert.rejects(summary(['--format', 'sarif', 'a.py']), UsageError);
  await assert.rejects(summary(['--input-shape', '64,x', 'a.py']), /'x' is not a positive integer/);
  await assert.rejects(summary(['notes.txt']), UsageError);
});

test('--input-shape syntax', () => {
  assert.deepEqual(parseInputShape('64,64,1'), [64, 64, 1]);
  assert.deepEqual(parseInputShape('(64, 64, 1)'), [64, 64, 1]);
  assert.deepEqual(parseInputShape('[None,10]'), [null, 10]);
  assert.deepEqual(parseInputShape('?,8'), [null, 8]);
  for (const bad of ['', '0', '-1,2', '1.5', '1e3', 'abc', '99999999999999999999'])
    assert.throws(() => parseInputShape(bad), UsageError, bad);
});

test("text: a total left unknown by a custom layer's add_weight says so (not --input-shape)", async () => {
  const linear = [
    'import keras',
    'from keras import layers, ops',
    'class Scale(layers.Layer):',
    '    def build(self, input_shape):',
    '        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones")',
    '    def call(self, x):',
    '        return x * self.gamma',
    'inputs = keras.Input(shape=(6,))',
    'model = keras.Model(inputs, layers.Dense(2)(Scale()(inputs)))',
    '',
  ].join('\n');
  const { out } = await summary([file('scale.py', linear)]);
  const lines = out.split('\n');
  assert.ok(lines.includes('│ dense (Dense)                   │ (None, 2)              │            14 │'), out);
  assert.ok(
    lines.includes(" Total params: unknown (the weights of some layers (a custom layer's add_weight) are not counted)"),
    out,
  );
});

test('text: a total left unknown by third-party layers names them (not add_weight, not --input-shape)', async () => {
  const cyclegan = [
    'import tensorflow as tf',
    'import tensorflow_addons as tfa',
    'from tensorflow.keras import layers',
    'inputs = tf.keras.Input(shape=(32, 32, 3))',
    'x = layers.Conv2D(8, 3, padding="same")(inputs)',
    'x = tfa.layers.InstanceNormalization()(x)',
    'model = tf.keras.Model(inputs, layers.Conv2D(3, 1)(x))',
    '',
  ].join('\n');
  const { out } = await summary([file('cyclegan.py', cyclegan)]);
  const lines = out.split('\n');
  assert.ok(
    lines.some((l) => l.includes('(InstanceNormalization)') && l.includes('(None, 32, 32, 8)')),
    out,
  );
  assert.ok(
    lines.includes(
      ' Total params: unknown (the weights of third-party layers (InstanceNormalization) are not counted)',
    ),
    out,
  );
});
