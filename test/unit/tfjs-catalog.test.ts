import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { lossIdFor } from '../../src/analyzer/keras/catalog';
import {
  LOSS_FUNCTIONS,
  lossIdForTfjs,
  metricIdForTfjs,
  tfjsCatalog,
  tfjsLossName,
  tfjsMetricName,
} from '../../src/analyzer/tfjs/catalog';
import { TFJS_NAME_SETS } from '../../src/analyzer/tfjs/dialect';
import { CATALOG_PATH, catalogText, extractTfjsCatalog } from '../../tools/tfjs-catalog';

test('catalog.json matches the installed TensorFlow.js (regenerate with npx tsx tools/extract-tfjs-catalog.ts)', () => {
  const fresh = extractTfjsCatalog();
  assert.equal(catalogText(fresh), fs.readFileSync(CATALOG_PATH, 'utf8'));
  assert.equal(fresh.tfjsVersion, require('@tensorflow/tfjs/package.json').version);
});

test('the catalog holds what tfjs 4.22 is known to accept and reject', () => {
  assert.ok(tfjsCatalog.losses.includes('binaryCrossentropy'));
  assert.ok(!tfjsCatalog.losses.includes('binary_crossentropy'));
  assert.ok(!tfjsCatalog.losses.includes('mse'), "compile({loss: 'mse'}) throws Unknown loss mse in tfjs");
  assert.equal(tfjsCatalog.metrics.accuracy, 'acc');
  assert.equal(tfjsCatalog.metrics.acc, 'acc');
  assert.ok(!('recall' in tfjsCatalog.metrics), "'recall' is only a tf.metrics function, not a metric string");
  assert.ok(tfjsCatalog.activations.includes('hardSigmoid') && !tfjsCatalog.activations.includes('leakyRelu'));
  assert.deepEqual(tfjsCatalog.callbacks.earlyStopping, { className: 'EarlyStopping', monitor: 'val_loss' });
  assert.equal(tfjsCatalog.layers.maxPool2d, 'MaxPooling2D');
});

test('every tfjs loss name has a decided Keras id, and the mapping round-trips', () => {
  for (const name of tfjsCatalog.losses) {
    const id = lossIdForTfjs(name);
    if (id === null) {
      assert.ok(['hinge', 'squaredHinge'].includes(name), `${name} maps to nothing`);
      continue;
    }
    assert.equal(lossIdFor(id), id, `${name} → ${id} is a Keras loss id`);
    assert.equal(tfjsLossName(id), name);
  }
  for (const fn of tfjsCatalog.lossFunctions) assert.ok(fn in LOSS_FUNCTIONS, `tf.losses.${fn} is decided`);
});

test('metric ids: accuracy spellings, Keras aliases', () => {
  assert.equal(metricIdForTfjs('acc'), 'accuracy');
  assert.equal(metricIdForTfjs('MSE'), 'mean_squared_error');
  assert.equal(metricIdForTfjs('cosine'), null);
  assert.equal(tfjsMetricName('mean_absolute_error'), 'mae');
});

test('names spelt the Keras way have an exact tfjs alias', () => {
  const { loss, metric, activation, optimizer } = TFJS_NAME_SETS;
  assert.equal(loss.alias?.('binary_crossentropy'), 'binaryCrossentropy');
  assert.equal(loss.alias?.('mse'), 'meanSquaredError');
  assert.equal(loss.alias?.('MAE'), 'meanAbsoluteError');
  assert.equal(loss.alias?.('kld'), 'kullbackLeiblerDivergence');
  assert.equal(loss.alias?.('categorical_focal_crossentropy'), null);
  assert.equal(loss.alias?.('hinge'), null, 'accepted names need no alias');
  assert.equal(metric.alias?.('mean_squared_error'), 'mse');
  assert.equal(metric.alias?.('binary_accuracy'), 'binaryAccuracy');
  assert.equal(activation.alias?.('log_softmax'), 'logSoftmax');
  assert.equal(activation.alias?.('silu'), 'swish');
  assert.equal(activation.alias?.('hard_sigmoid'), null, 'Keras 3 and tfjs hard sigmoids differ');
  assert.equal(activation.alias?.('leaky_relu'), null);
  assert.equal(optimizer.alias?.('RMSprop'), null);
});
