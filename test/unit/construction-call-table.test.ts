/**
 * The extension point for framework calls: handlers registered by canonical
 * name (or prefix, or for operators on tensors) build IR through the shared
 * construction layer, and both front ends consult them before their own
 * semantics. Anything a handler declines falls through unchanged.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallTable, type FrameworkCall } from '../../src/analyzer/construction/call-table';
import { FRAMEWORK_CALLS } from '../../src/analyzer/construction/framework-calls';
import type { Value } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';
import { analyzeJs, js } from '../tfjs-helpers';

describe('CallTable', () => {
  const call = (path: string) => ({ path }) as FrameworkCall;
  const named = (tag: string): Value => ({ kind: 'string', value: tag });

  test('exact names first, then the longest prefix; undefined falls through', () => {
    const table = new CallTable()
      .onPrefix('keras.', () => named('keras'))
      .onPrefix('keras.ops.', () => named('ops'))
      .on('keras.ops.reshape', () => undefined)
      .on('keras.layers.add', () => named('add'));
    assert.deepEqual(table.call(call('keras.layers.add')), named('add'));
    // The exact handler declines: the prefixes are asked, longest first.
    assert.deepEqual(table.call(call('keras.ops.reshape')), named('ops'));
    assert.deepEqual(table.call(call('keras.utils.x')), named('keras'));
    assert.equal(table.call(call('tf.concat')), undefined);
    assert.equal(table.handles('tf.concat'), false);
    assert.equal(table.handles('keras.anything'), true);
  });
});

describe('handlers registered on the shared table', () => {
  // A user library's block, registered the way construction modules register Keras functions.
  FRAMEWORK_CALLS.on('mylib.blocks.dense_block', (c) => {
    const site = c.bind({ positional: ['x', 'units'] });
    const units = site.args.get('units');
    const layer = c.build.layer('Dense', true, { ...site, args: new Map(units ? [['units', units]] : []) });
    return c.build.apply(layer, site.args.get('x')?.value, c.span, null, 'unknown');
  });
  FRAMEWORK_CALLS.onOperator((c) => {
    if (c.op !== '<<' || c.left.kind !== 'tensor' || c.right.kind !== 'tensor') return undefined;
    const site = c.build.fabricatedSite(c.span);
    return c.build.apply(
      c.build.layer('Add', true, site),
      { kind: 'sequence', items: [c.left, c.right], tuple: false },
      c.span,
      null,
      'unknown',
    );
  });

  test('Python: a registered function and a tensor operator build layers with shapes', async () => {
    const result = await analyze(py`
      import keras
      from mylib.blocks import dense_block

      inputs = keras.Input(shape=(8,))
      x = dense_block(inputs, 16)
      y = keras.layers.Dense(16)(inputs)
      outputs = keras.layers.Dense(1)(x << y)
      model = keras.Model(inputs, outputs)
    `);
    const rows = summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
    assert.deepEqual(rows, [
      ['Dense', [null, 16], 144],
      ['Dense', [null, 16], 144],
      ['Add', [null, 16], 0],
      ['Dense', [null, 1], 17],
    ]);
  });

  test('JavaScript: the same handler answers tfjs code that calls it', async () => {
    FRAMEWORK_CALLS.on('tf.custom.denseBlock', (c) => {
      const site = c.bind({ positional: ['x'], keywords: ['units'] });
      const layer = c.build.layer('Dense', true, site);
      return c.build.apply(layer, site.args.get('x')?.value, c.span, null, 'unknown');
    });
    const result = await analyzeJs(js`
      const tf = require('@tensorflow/tfjs');
      const input = tf.input({shape: [8]});
      const hidden = tf.custom.denseBlock(input, {units: 4});
      const model = tf.model({inputs: input, outputs: tf.layers.dense({units: 2}).apply(hidden)});
    `);
    const rows = summarizeModel(result.models[0], result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
    assert.deepEqual(rows, [
      ['Dense', [null, 4], 36],
      ['Dense', [null, 2], 10],
    ]);
  });
});
