/**
 * The generated two-class image folder the end-to-end verification test uses is
 * learnable from what the loader hands over: a small correct CNN separates it,
 * and the 1-unit softmax head cannot (its output is always 1.0). This checks the
 * loader and the fixture, with tfjs directly; the verification itself (the
 * trainer) is tested on the same folder once it reads user data.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type * as TF from '@tensorflow/tfjs';
import { loadTrainingData, splitForValidation } from '../../src/trainer/data';
import { removeDir, tempDir, writeImageFolder } from './data-fixtures';

function loadTf(): typeof TF {
  try {
    return require('@tensorflow/tfjs-node') as typeof TF;
  } catch {
    return require('@tensorflow/tfjs') as typeof TF;
  }
}

const dir = tempDir();
after(() => removeDir(dir));

describe('a generated photo folder, loaded', () => {
  it('is separated by a correct CNN and not by a 1-unit softmax head', async () => {
    const tf = loadTf();
    const root = writeImageFolder(
      path.join(dir, 'photos'),
      { cats: 150, dogs: 150 },
      { width: 48, height: 40, format: (i) => (i % 3 ? 'jpeg' : 'png') },
    );
    const data = await loadTrainingData(
      { path: root },
      { baseDirs: [], sample: 256, seed: 1, inputShape: [32, 32, 3], labelEncoding: 'binary' },
    );
    const { train, validation } = splitForValidation(data, 0.25);
    const accuracies: Record<string, number> = {};
    for (const activation of ['sigmoid', 'softmax'] as const) {
      const model = tf.sequential({
        layers: [
          tf.layers.rescaling?.({ scale: 1 / 255, inputShape: [32, 32, 3] }) ??
            tf.layers.inputLayer({ inputShape: [32, 32, 3] }),
          tf.layers.conv2d({
            filters: 4,
            kernelSize: 3,
            activation: 'relu',
            kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
          }),
          tf.layers.maxPooling2d({ poolSize: 4 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 1, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      const xs = tf.tensor(train.x, train.xShape);
      const ys = tf.tensor(train.y, train.yShape);
      const vx = tf.tensor(validation.x, validation.xShape);
      const vy = tf.tensor(validation.y, validation.yShape);
      const history = await model.fit(xs, ys, {
        epochs: 8,
        batchSize: 32,
        validationData: [vx, vy],
        shuffle: false,
        verbose: 0,
      });
      const acc = history.history.val_acc ?? history.history.val_accuracy;
      accuracies[activation] = Number(acc[acc.length - 1]);
      tf.dispose([xs, ys, vx, vy]);
      model.dispose();
    }
    assert.ok(accuracies.sigmoid >= 0.9, `correct model: ${accuracies.sigmoid}`);
    assert.ok(Math.abs(accuracies.softmax - 0.5) <= 0.05, `1-unit softmax: ${accuracies.softmax}`);
  });
});
