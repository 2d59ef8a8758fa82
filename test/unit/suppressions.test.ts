/** Suppression comments and per-rule settings: how findings of any rule are silenced or re-ranked. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findings, py } from '../helpers';

describe('suppression comments', () => {
  const text = py`
    import keras
    m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])  # model-doctor: ignore[softmax-single-unit]
    n = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
    # model-doctor: ignore[softmax-single-unit]
    o = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
    p = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])  # model-doctor: ignore[unknown-loss]
  `;
  test('silence one rule on one line only', async () => {
    const found = await findings(text, 'softmax-single-unit');
    assert.equal(found.length, 2);
  });
  test('per-rule settings turn rules off or change severity', async () => {
    assert.deepEqual(await findings(text, 'softmax-single-unit', { rules: { 'softmax-single-unit': 'off' } }), []);
    const [f] = await findings(text, 'softmax-single-unit', { rules: { 'softmax-single-unit': 'warning' } });
    assert.equal(f.severity, 'warning');
  });
});
