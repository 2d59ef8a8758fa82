import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { applyFix, findings, py, spanText } from '../helpers';

const RULE = 'softmax-single-unit';

const binary = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Dense(16, activation='relu', input_shape=(8,)),
      layers.Dense(1, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
`;

test('flags Dense(1, softmax) on the activation argument', async () => {
  const [f, ...rest] = await findings(binary, RULE);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(spanText(binary, f), "'softmax'");
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.isPreferred]),
    [
      ['Use sigmoid (keep 1 unit)', true],
      ['Use 2 units with softmax and sparse_categorical_crossentropy', false],
    ],
  );
});

test('each fix yields code on which the rule no longer fires', async () => {
  const [f] = await findings(binary, RULE);
  const sigmoid = applyFix(binary, f, 'Use sigmoid (keep 1 unit)');
  assert.match(sigmoid, /layers\.Dense\(1, activation='sigmoid'\)/);
  assert.deepEqual(await findings(sigmoid), []);
  const twoUnits = applyFix(binary, f, 'Use 2 units with softmax and sparse_categorical_crossentropy');
  assert.match(twoUnits, /layers\.Dense\(2, activation='softmax'\)/);
  assert.match(twoUnits, /loss='sparse_categorical_crossentropy'/);
  assert.deepEqual(await findings(twoUnits), []);
});

test('correct models stay silent', async () => {
  assert.deepEqual(
    await findings(binary.replace("Dense(1, activation='softmax')", "Dense(1, activation='sigmoid')"), RULE),
    [],
  );
  assert.deepEqual(
    await findings(binary.replace("Dense(1, activation='softmax')", "Dense(10, activation='softmax')"), RULE),
    [],
  );
});

test('the bundled example is caught', async () => {
  const text = fs.readFileSync('examples/cats_vs_dogs_softmax.py', 'utf8');
  const result = await findings(text, RULE);
  assert.equal(result.length, 1);
});
