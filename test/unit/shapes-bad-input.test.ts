/** Absurd sizes, deep nesting, cycles and reused layers: inference finishes quickly with unknowns, never throws. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallSite, LayerNode, ModelIR, TensorNode, Value } from '../../src/analyzer/ir';
import { ModelBuilder } from '../../src/analyzer/model-builder';
import { RULES } from '../../src/analyzer/rules';
import type { Report } from '../../src/analyzer/rules/rule';
import { inferShapes } from '../../src/analyzer/shapes';
import { summarizeModel } from '../../src/analyzer/summary';
import { PythonDialect } from '../../src/analyzer/python/dialect';
import { analyze, findings, py } from '../helpers';

function site(args: Record<string, Value>): CallSite {
  const span = { start: 0, end: 0 };
  const map = new Map(Object.entries(args).map(([k, value]) => [k, { value, span, removal: span, literal: true }]));
  return { span, calleeSpan: span, args: map, insert: { offset: 0, prefix: '', suffix: '' } };
}
const num = (value: number): Value => ({ kind: 'number', value, isInt: Number.isInteger(value) });
const seq = (...items: Value[]): Value => ({ kind: 'sequence', items, tuple: true });

/** Runs every rule the way the analyzer does; returns the reports and any exception. */
function runRules(model: ModelIR, builder: ModelBuilder) {
  const shapes = inferShapes([model]);
  const reports: (Report & { rule: string })[] = [];
  const dialect = new PythonDialect('', builder, new Map());
  const timings: Record<string, number> = {};
  for (const rule of RULES) {
    const t = performance.now();
    rule.check({ model, dialect, shapes, report: (r) => reports.push({ ...r, rule: rule.meta.id }) });
    timings[rule.meta.id] = Math.round(performance.now() - t);
  }
  return { shapes, reports, timings };
}

test('a kernel of 10^9 is a negative dimension, found at once', async () => {
  const started = performance.now();
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 10**9), layers.Flatten(), layers.Dense(10)])
  `;
  const result = await findings(text);
  assert.deepEqual(
    result.map((f) => f.rule),
    ['negative-dimension'],
  );
  assert.ok(performance.now() - started < 2000);
});

test('counts too large to be exact are unknown, never wrong', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([keras.Input((10**9,)), layers.Dense(10**9), layers.Dense(10**9), layers.Reshape((-1, 10**9))])
  `;
  const result = await analyze(text);
  const summary = summarizeModel(result.models[0], result.shapes);
  // 10^18 weights exceed 2^53: not representable exactly.
  assert.deepEqual(
    summary.rows.map((r) => r.params),
    [null, null, 0],
  );
  assert.equal(summary.totalParams, null);
  assert.deepEqual(summary.rows[2].outputShape, [null, 1, 10 ** 9]);
});

test('50 nested Dense calls', async () => {
  const started = performance.now();
  let expr = 'inputs';
  for (let i = 0; i < 50; i++) expr = `layers.Dense(8)(${expr})`;
  const text = `import keras\nfrom keras import layers\ninputs = keras.Input((4,))\noutputs = ${expr}\nmodel = keras.Model(inputs, outputs)\n`;
  const result = await analyze(text);
  const summary = summarizeModel(result.models[0], result.shapes);
  assert.equal(summary.rows.length, 50);
  // 4*8+8, then 49 times 8*8+8
  assert.equal(summary.totalParams, 40 + 49 * 72);
  // Python builds the outermost Dense first (the callee before its argument), as Keras names them.
  assert.equal(summary.rows[0].name, 'dense_49');
  assert.equal(summary.rows[49].name, 'dense');
  assert.ok(performance.now() - started < 3000);
});

test('a chain of 10,000 layers: inference, the table and every rule stay fast', () => {
  const started = performance.now();
  const builder = new ModelBuilder('python');
  const model = builder.newModel('sequential', 'long', { start: 0, end: 0 });
  builder.addToSequential(
    model,
    builder.newLayer('Dense', true, site({ units: num(16), input_shape: seq(num(16)) }), false),
    { start: 0, end: 0 },
    false,
  );
  for (let i = 1; i < 10_000; i++) {
    const type = i % 2 ? 'Dense' : 'Dropout';
    builder.addToSequential(
      model,
      builder.newLayer(type, true, site(type === 'Dense' ? { units: num(16) } : {}), false),
      { start: 0, end: 0 },
      false,
    );
  }
  const { shapes, reports, timings } = runRules(model, builder);
  const summary = summarizeModel(model, shapes);
  assert.equal(summary.rows.length, 10_000);
  assert.ok(
    Object.values(timings).every((ms) => ms < 1000),
    JSON.stringify(timings),
  );
  // Dense at 0 and every odd position: 5001 of them.
  assert.equal(summary.totalParams, 5001 * (16 * 16 + 16));
  assert.equal(summary.rows[9999].name, 'dense_5000');
  assert.ok(reports.every((r) => r.rule === 'stacked-linear-layers'));
  assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
});

test('cyclic graphs terminate with unknowns and every rule runs', () => {
  const builder = new ModelBuilder('python');
  const dense = (units: number) => builder.newLayer('Dense', true, site({ units: num(units) }), false);
  const input = builder.apply(
    builder.newLayer('InputLayer', true, site({ shape: seq(num(4)) }), false),
    [],
    { start: 0, end: 0 },
    false,
  );
  const a = builder.apply(dense(8), [input], { start: 0, end: 0 }, false);
  const b = builder.apply(dense(8), [a], { start: 0, end: 0 }, false);
  const c = builder.apply(builder.newLayer('Add', true, site({}), false), [b, a], { start: 0, end: 0 }, false);
  // Close the loop: a now also reads c (a -> b -> c -> a); and a node that feeds itself.
  (a as { inputs: TensorNode[] }).inputs.push(c);
  const selfLoop = builder.apply(dense(2), [], { start: 0, end: 0 }, false);
  (selfLoop as { inputs: TensorNode[] }).inputs.push(selfLoop, c);
  const model = builder.newModel('functional', 'cyclic', { start: 0, end: 0 });
  builder.setGraph(model, [input], [selfLoop]);
  const { shapes, reports } = runRules(model, builder);
  const summary = summarizeModel(model, shapes);
  assert.equal(summary.rows.length, 4);
  for (const node of model.nodes) shapes.outputShape(node);
  assert.deepEqual(reports, []);
});

test('wrappers nested beyond reason are unknown', () => {
  const builder = new ModelBuilder('python');
  let inner: LayerNode = builder.newLayer('Dense', true, site({ units: num(4) }), false);
  for (let i = 0; i < 200; i++)
    inner = builder.newLayer('TimeDistributed', true, site({ layer: { kind: 'layer', layer: inner } }), false, inner);
  const input = builder.apply(
    builder.newLayer('InputLayer', true, site({ shape: seq(...Array.from({ length: 201 }, () => num(2))) }), false),
    [],
    { start: 0, end: 0 },
    false,
  );
  const out = builder.apply(inner, [input], { start: 0, end: 0 }, false);
  const model = builder.newModel('functional', 'deep', { start: 0, end: 0 });
  builder.setGraph(model, [input], [out]);
  const { shapes } = runRules(model, builder);
  assert.equal(shapes.outputShape(out), null);
  assert.equal(shapes.params(inner), null);
});

test('a reused layer is counted once and listed once', async () => {
  const text = py`
    import keras
    from keras import layers
    a = keras.Input((16,))
    b = keras.Input((16,))
    shared = layers.Dense(4)
    out = layers.Concatenate()([shared(a), shared(b), shared(shared(b) if False else b)])
    model = keras.Model([a, b], out)
  `;
  const result = await analyze(text);
  const summary = summarizeModel(result.models[0], result.shapes);
  assert.deepEqual(
    summary.rows.map((r) => [r.name, r.params]),
    [
      ['dense', 68],
      ['concatenate', 0],
    ],
  );
  assert.equal(summary.totalParams, 68);
});

test('nonsense arguments give unknowns, not exceptions', async () => {
  const text = py`
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        layers.Conv2D(-4, (3,)),
        layers.Conv2D(8, 3, strides=0),
        layers.MaxPooling2D("big"),
        layers.Reshape((-1, -1)),
        layers.Permute((1, 1, 2)),
        layers.ZeroPadding2D(((1, 2, 3),)),
        layers.Dense(2.5),
        layers.Dense("wide"),
        layers.Dense(0),
        layers.Concatenate(axis=7),
        layers.BatchNormalization(axis=12),
        layers.Bidirectional(None),
        layers.TimeDistributed(42),
    ])
    other = keras.Sequential([keras.Input(shape=-3), layers.Dense(4), keras.Input((2,)), layers.Dense(4)(None)])
  `;
  const result = await analyze(text);
  assert.deepEqual(result.internalErrors, []);
  for (const model of result.models) {
    const summary = summarizeModel(model, result.shapes);
    assert.ok(summary.rows.length > 0);
  }
  assert.deepEqual(
    result.findings.filter((f) => ['negative-dimension', 'input-rank-mismatch', 'missing-flatten'].includes(f.rule)),
    [],
  );
});
