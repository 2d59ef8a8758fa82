/**
 * Shape inference and the shape rules on a TensorFlow.js-shaped IR (what the
 * tfjs front end produces: Keras class names and parameter names, tfjs source
 * text). Shapes and counts are compared with tfjs-layers itself; the rules only
 * see the IR and a dialect, so the same rule code must work unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Dialect } from '../../src/analyzer/dialect';
import { applyEdits, type Edit } from '../../src/analyzer/findings';
import type { ArgInfo, CallSite, LayerNode, ModelIR, Span, TensorNode, Value } from '../../src/analyzer/ir';
import { ModelBuilder } from '../../src/analyzer/model-builder';
import { KERAS_NAME_SETS } from '../../src/analyzer/python/dialect';
import { RULES } from '../../src/analyzer/rules';
import type { Report } from '../../src/analyzer/rules/rule';
import { inferShapes } from '../../src/analyzer/shapes';
import { summarizeModel } from '../../src/analyzer/summary';

type Config = Record<string, unknown>;
interface Spec {
  /** tfjs factory: `conv2d`, `dense`… */
  factory: string;
  /** Keras class name the tfjs front end reports. */
  type: string;
  config: Config;
  /** Bidirectional/TimeDistributed: the wrapped layer. */
  inner?: Spec;
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (snakeName: string) => snakeName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function valueText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  return String(v);
}

/** Writes `model.add(tf.layers.x({...}))` lines and the IR a front end would build for them, spans included. */
class TfjsSource {
  text = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\n";
  readonly builder = new ModelBuilder('javascript');
  readonly model: ModelIR = this.builder.newModel('sequential', 'model', { start: 31, end: 46 });
  readonly statements = new Map<TensorNode, number>();

  add(spec: Spec): TensorNode {
    const statementStart = this.text.length;
    this.text += 'model.add(';
    const layer = this.layerExpression(spec);
    this.text += ');\n';
    const node = this.builder.addToSequential(this.model, layer, layer.call.span, false);
    this.statements.set(node, statementStart);
    return node;
  }

  private layerExpression(spec: Spec): LayerNode {
    const start = this.text.length;
    const callee = `tf.layers.${spec.factory}`;
    this.text += `${callee}({`;
    const args = new Map<string, ArgInfo>();
    let inner: LayerNode | undefined;
    Object.entries(spec.config).forEach(([key, v], i) => {
      if (i > 0) this.text += ', ';
      const keyStart = this.text.length;
      this.text += `${key}: `;
      const valueStart = this.text.length;
      this.text += valueText(v);
      const span = { start: valueStart, end: this.text.length };
      args.set(snake(key), {
        value: this.value(v, valueStart),
        span,
        removal: { start: keyStart, end: span.end },
        literal: true,
      });
    });
    if (spec.inner) {
      if (spec.config && Object.keys(spec.config).length) this.text += ', ';
      this.text += 'layer: ';
      const valueStart = this.text.length;
      inner = this.layerExpression(spec.inner);
      const span = { start: valueStart, end: this.text.length };
      args.set('layer', { value: { kind: 'layer', layer: inner }, span, removal: span, literal: false });
    }
    const insertAt = this.text.length;
    this.text += '})';
    const call: CallSite = {
      span: { start, end: this.text.length },
      calleeSpan: { start, end: start + callee.length },
      args,
      insert: { offset: insertAt, prefix: args.size ? ', ' : '', suffix: '' },
    };
    return this.builder.newLayer(spec.type, true, call, false, inner);
  }

  /** Abstract value of a literal written at `at` (arrays keep their elements' spans). */
  private value(v: unknown, at: number): Value {
    if (Array.isArray(v)) {
      const elements: ArgInfo[] = [];
      let offset = at + 1;
      const items = v.map((item) => {
        const text = valueText(item);
        const span: Span = { start: offset, end: offset + text.length };
        const value = this.value(item, offset);
        elements.push({ value, span, removal: span, literal: true });
        offset += text.length + 2;
        return value;
      });
      return { kind: 'sequence', items, tuple: false, elements };
    }
    if (typeof v === 'number') return { kind: 'number', value: v, isInt: Number.isInteger(v) };
    if (typeof v === 'string') return { kind: 'string', value: v };
    if (typeof v === 'boolean') return { kind: 'bool', value: v };
    return { kind: 'none' };
  }
}

/** How the tfjs front end spells things; just enough for the shape rules' fixes. */
class TfjsDialect implements Dialect {
  readonly language = 'javascript' as const;
  readonly framework = 'TensorFlow.js';
  readonly names = KERAS_NAME_SETS;
  constructor(private readonly source: TfjsSource) {}
  string(value: string): string {
    return `'${value}'`;
  }
  keywordArg(name: string, valueCode: string): string {
    return `${name}: ${valueCode}`;
  }
  argName(kerasName: string): string {
    return camel(kerasName);
  }
  lossName(): string | null {
    return null;
  }
  lossObject(): string | null {
    return null;
  }
  private factory(type: string): string {
    return type.charAt(0).toLowerCase() + type.slice(1).replace(/(\d)D/, '$1d');
  }
  insertLayerBefore(node: TensorNode, type: string): Edit[] | null {
    const at = this.source.statements.get(node);
    return at === undefined
      ? null
      : [{ span: { start: at, end: at }, newText: `model.add(tf.layers.${this.factory(type)}());\n` }];
  }
  layerExpression(type: string): { code: string; extraEdits: Edit[] } {
    return { code: `tf.layers.${this.factory(type)}()`, extraEdits: [] };
  }
}

function build(specs: Spec[]): { source: TfjsSource; model: ModelIR } {
  const source = new TfjsSource();
  for (const spec of specs) source.add(spec);
  return { source, model: source.model };
}

function check(specs: Spec[]) {
  const { source, model } = build(specs);
  const shapes = inferShapes([model]);
  const reports: (Report & { rule: string })[] = [];
  const dialect = new TfjsDialect(source);
  for (const rule of RULES)
    rule.check({ model, dialect, shapes, report: (r) => reports.push({ ...r, rule: rule.meta.id }) });
  return { source, model, shapes, reports };
}

/** The same layers built by tfjs-layers itself. */
function tfjsModel(specs: Spec[]): tf.Sequential {
  const make = (spec: Spec): tf.layers.Layer => {
    const config: Config = { ...spec.config };
    if (spec.inner) config.layer = make(spec.inner);
    return (tf.layers as unknown as Record<string, (c: Config) => tf.layers.Layer>)[spec.factory](config);
  };
  return tf.sequential({ layers: specs.map(make) });
}

const cnn: Spec[] = [
  {
    factory: 'conv2d',
    type: 'Conv2D',
    config: { filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] },
  },
  { factory: 'maxPooling2d', type: 'MaxPooling2D', config: { poolSize: 2 } },
  { factory: 'conv2d', type: 'Conv2D', config: { filters: 16, kernelSize: [5, 3], strides: 2, padding: 'same' } },
  { factory: 'batchNormalization', type: 'BatchNormalization', config: {} },
  { factory: 'flatten', type: 'Flatten', config: {} },
  { factory: 'dense', type: 'Dense', config: { units: 10, activation: 'softmax' } },
];
const recurrent: Spec[] = [
  { factory: 'gru', type: 'GRU', config: { units: 8, inputShape: [5, 3], returnSequences: true } },
  { factory: 'lstm', type: 'LSTM', config: { units: 4 } },
  { factory: 'dense', type: 'Dense', config: { units: 2 } },
];
const text: Spec[] = [
  { factory: 'embedding', type: 'Embedding', config: { inputDim: 100, outputDim: 8, inputLength: 10 } },
  {
    factory: 'bidirectional',
    type: 'Bidirectional',
    config: { mergeMode: 'concat' },
    inner: { factory: 'lstm', type: 'LSTM', config: { units: 4, returnSequences: true } },
  },
  { factory: 'globalAveragePooling1d', type: 'GlobalAveragePooling1D', config: {} },
  { factory: 'dense', type: 'Dense', config: { units: 1 } },
];
const channelsFirst: Spec[] = [
  {
    factory: 'conv2d',
    type: 'Conv2D',
    config: { filters: 4, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [3, 32, 32] },
  },
  { factory: 'maxPooling2d', type: 'MaxPooling2D', config: { poolSize: 2, dataFormat: 'channelsFirst' } },
  { factory: 'flatten', type: 'Flatten', config: {} },
  { factory: 'dense', type: 'Dense', config: { units: 3 } },
];

test('layer names follow tfjs-layers (dense_Dense1…) and classes stay Keras class names', () => {
  // Built first in this process, so tfjs's own name counters start at 1 as ours do.
  const reference = tfjsModel(cnn);
  const { model, shapes } = check(cnn);
  const rows = summarizeModel(model, shapes).rows;
  assert.deepEqual(
    rows.map((r) => [r.name, r.type]),
    reference.layers.map((l) => [l.name, l.getClassName()]),
  );
});

/** Every 2-D layer family that takes dataFormat, channels first (issue 11, item 6). */
const channelsFirstFamilies: Spec[] = [
  {
    factory: 'conv2d',
    type: 'Conv2D',
    config: {
      filters: 8,
      kernelSize: [5, 3],
      strides: [2, 1],
      padding: 'same',
      dataFormat: 'channelsFirst',
      inputShape: [3, 40, 36],
    },
  },
  { factory: 'batchNormalization', type: 'BatchNormalization', config: { axis: 1 } },
  {
    factory: 'separableConv2d',
    type: 'SeparableConv2D',
    config: { filters: 12, kernelSize: 3, depthMultiplier: 2, dataFormat: 'channelsFirst' },
  },
  {
    factory: 'depthwiseConv2d',
    type: 'DepthwiseConv2D',
    config: { kernelSize: 3, strides: 2, padding: 'same', dataFormat: 'channelsFirst' },
  },
  {
    factory: 'conv2dTranspose',
    type: 'Conv2DTranspose',
    config: { filters: 6, kernelSize: 3, strides: 2, dataFormat: 'channelsFirst' },
  },
  {
    factory: 'zeroPadding2d',
    type: 'ZeroPadding2D',
    config: {
      padding: [
        [1, 0],
        [2, 3],
      ],
      dataFormat: 'channelsFirst',
    },
  },
  {
    factory: 'cropping2D',
    type: 'Cropping2D',
    config: {
      cropping: [
        [2, 1],
        [0, 4],
      ],
      dataFormat: 'channelsFirst',
    },
  },
  { factory: 'upSampling2d', type: 'UpSampling2D', config: { size: [1, 2], dataFormat: 'channelsFirst' } },
  { factory: 'averagePooling2d', type: 'AveragePooling2D', config: { poolSize: [2, 3], dataFormat: 'channelsFirst' } },
  { factory: 'globalMaxPooling2d', type: 'GlobalMaxPooling2D', config: { dataFormat: 'channelsFirst' } },
];

for (const [name, specs] of Object.entries({ cnn, recurrent, text, channelsFirst, channelsFirstFamilies })) {
  test(`shapes and parameter counts match tfjs-layers 4.22: ${name}`, () => {
    const reference = tfjsModel(specs);
    const { model, shapes } = check(specs);
    const summary = summarizeModel(model, shapes);
    assert.deepEqual(
      summary.rows.map((r) => [r.outputShape, r.params]),
      reference.layers.map((l) => [l.outputShape, l.countParams()]),
    );
    assert.equal(summary.totalParams, reference.countParams());
  });
}

test('missing-flatten fires on tfjs and its fix inserts tf.layers.flatten()', () => {
  const specs = cnn.filter((s) => s.type !== 'Flatten');
  const { source, reports } = check(specs);
  const found = reports.filter((r) => r.rule === 'missing-flatten');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /Dense 'dense_Dense1' receives \(None, 7, 7, 16\) from Conv2D 'conv2d_Conv2D2'/);
  const fixed = applyEdits(source.text, found[0].fixes![0].edits);
  assert.match(
    fixed,
    /model\.add\(tf\.layers\.batchNormalization\(\{\}\)\);\nmodel\.add\(tf\.layers\.flatten\(\)\);\nmodel\.add\(tf\.layers\.dense\(/,
  );
});

test('input-rank-mismatch fixes inputShape: [28, 28] to [28, 28, 1]', () => {
  const specs = [{ ...cnn[0], config: { ...cnn[0].config, inputShape: [28, 28] } }, ...cnn.slice(1)];
  const { source, reports } = check(specs);
  const found = reports.filter((r) => r.rule === 'input-rank-mismatch');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /Add the channel axis to inputShape/);
  assert.equal(found[0].fixes![0].title, 'Add a channel axis to inputShape');
  assert.match(applyEdits(source.text, found[0].fixes![0].edits), /inputShape: \[28, 28, 1\]/);
});

test('negative-dimension and large-dense-after-flatten speak tfjs in their fixes', () => {
  const specs: Spec[] = [
    { factory: 'conv2d', type: 'Conv2D', config: { filters: 8, kernelSize: 7, inputShape: [4, 4, 1] } },
    { factory: 'flatten', type: 'Flatten', config: {} },
    { factory: 'dense', type: 'Dense', config: { units: 1 } },
  ];
  const { source, reports } = check(specs);
  const negative = reports.filter((r) => r.rule === 'negative-dimension');
  assert.equal(negative.length, 1);
  assert.equal(negative[0].fixes![0].title, "Use padding: 'same'");
  assert.match(
    applyEdits(source.text, negative[0].fixes![0].edits),
    /kernelSize: 7, inputShape: \[4, 4, 1\], padding: 'same'\}/,
  );

  const big: Spec[] = [
    {
      factory: 'conv2d',
      type: 'Conv2D',
      config: { filters: 64, kernelSize: 3, padding: 'same', inputShape: [224, 224, 3] },
    },
    { factory: 'flatten', type: 'Flatten', config: {} },
    { factory: 'dense', type: 'Dense', config: { units: 64, activation: 'relu' } },
  ];
  const large = check(big);
  const [info] = large.reports.filter((r) => r.rule === 'large-dense-after-flatten');
  assert.match(info.message, /Dense 'dense_Dense1' after Flatten has 205,520,960 parameters/);
  assert.match(
    applyEdits(large.source.text, info.fixes![0].edits),
    /model\.add\(tf\.layers\.globalAveragePooling2d\(\)\);/,
  );
});
