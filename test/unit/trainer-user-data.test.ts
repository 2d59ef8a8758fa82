/**
 * Verifying on the user's data, without training: which data the plan takes
 * (given, named by the code, or synthetic with the reason), the input shape
 * from the data, refusals with the loader's message, and the Dataset every run
 * trains on (split, labels per run, images resized for a replica).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { asDataError, refusingBadData, VerifyError } from '../../src/trainer/errors';
import { planVerification } from '../../src/trainer/plan';
import type { VerifyRequest } from '../../src/trainer/protocol';
import { describeTask } from '../../src/trainer/synthetic';
import { loadEncoding, loadUserDataset, resizeForReplica, runLabels } from '../../src/trainer/user-data';
import { analyzer, py, rejection } from '../helpers';
import { removeDir, tempDir, writeImageFolder, writeNpy } from './data-fixtures';

const dir = tempDir('md-userdata-');
after(() => removeDir(dir));
writeImageFolder(path.join(dir, 'photos'), { cats: 30, dogs: 30 }, { width: 40, height: 36 });

const PHOTOS_MODEL = py`
  import tensorflow as tf
  from tensorflow.keras import layers, models
  train_ds = tf.keras.utils.image_dataset_from_directory("photos", image_size=(32, 32), label_mode="binary")
  model = models.Sequential([
      layers.Rescaling(1.0 / 255, input_shape=(32, 32, 3)),
      layers.Conv2D(4, 3, activation="relu"),
      layers.Flatten(),
      layers.Dense(1, activation="softmax"),
  ])
  model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
  model.fit(train_ds, epochs=3)
`;

async function plan(source: string, extra: Partial<VerifyRequest> = {}) {
  return planVerification(await analyzer(), { source, language: 'python', dataBaseDirs: [dir], ...extra });
}

function refusal(source: string, extra: Partial<VerifyRequest>): Promise<VerifyError> {
  return rejection(plan(source, extra), VerifyError);
}

test('the code names an image folder that exists: the plan trains on it, 512 + 128 of it by default', async () => {
  const { plan: p, codeData } = await plan(PHOTOS_MODEL, { data: { fromCode: true } });
  assert.equal(codeData?.described, "the image folder 'photos' (line 3)");
  const user = p.data.user!;
  assert.equal(user.origin, 'code');
  assert.equal(user.sample, 640);
  assert.deepEqual(user.baseDirs, [dir]);
  assert.ok(
    'source' in user.input && user.input.source.kind === 'image-directory' && user.input.source.path === 'photos',
  );
  assert.deepEqual([p.data.train, p.data.validation], [512, 128]);
  assert.equal(p.data.syntheticReason, undefined);
  const sampled = (await plan(PHOTOS_MODEL, { data: { fromCode: true, sample: 50 } })).plan.data;
  assert.deepEqual([sampled.user?.sample, sampled.train, sampled.validation], [50, 40, 10]);
});

test('data the code names but that is not there: synthetic data, and the reason says where it looked', async () => {
  const source = PHOTOS_MODEL.replace('"photos"', '"data/cats_and_dogs"');
  const { plan: p } = await plan(source, {
    data: { fromCode: true },
    dataBaseDirs: [dir, path.join(dir, 'elsewhere')],
  });
  assert.equal(p.data.user, undefined);
  assert.equal(
    p.data.syntheticReason,
    `the code loads the image folder 'data/cats_and_dogs' (line 3), but data/cats_and_dogs was not found (looked in ${dir}, ${path.join(dir, 'elsewhere')})`,
  );
});

test('a caller that may not read the data (untrusted workspace): synthetic, with its reason only when the code names data', async () => {
  const reason = 'reading workspace files needs a trusted workspace';
  const named = (await plan(PHOTOS_MODEL, { syntheticReason: reason })).plan.data;
  assert.equal(named.user, undefined);
  assert.equal(named.syntheticReason, `the code loads the image folder 'photos' (line 3), but ${reason}`);
  const unnamed = (
    await plan(fs.readFileSync(path.join(__dirname, '../fixtures/trainer/correct_mlp.py'), 'utf8'), {
      syntheticReason: reason,
    })
  ).plan.data;
  assert.equal(unnamed.syntheticReason, undefined);
  const asked = (
    await plan(fs.readFileSync(path.join(__dirname, '../fixtures/trainer/correct_mlp.py'), 'utf8'), {
      data: { fromCode: true },
    })
  ).plan.data;
  assert.equal(asked.syntheticReason, 'the code does not name data Model Doctor can read');
});

test('data the user gives: resolved from the file folder first; a path that is nowhere is refused with where it looked', async () => {
  const source = PHOTOS_MODEL.replace('"photos"', '"data/cats_and_dogs"');
  const { plan: p } = await plan(source, { data: { path: 'photos' } });
  // In place of the code's image folder: loaded with the code's loader settings (size, colour, label mode's rescale…).
  const user = p.data.user!;
  assert.ok('source' in user.input && user.input.source.kind === 'image-directory');
  assert.equal(user.input.source.path, path.join(dir, 'photos'));
  assert.deepEqual(user.input.source.imageSize, [32, 32]);
  assert.equal(user.origin, 'user');
  assert.equal(user.loadedLike, "the image folder 'data/cats_and_dogs' (line 3)");
  const spec = p.variants[0].spec;
  const { report } = await loadUserDataset(user, spec, describeTask(spec, 1), 1, { seed: 1, decoder: 'pure-js' });
  assert.equal(report.origin, 'user');
  assert.ok(
    report.notes.includes(
      "loaded as the code loads the image folder 'data/cats_and_dogs' (line 3): its image size, colour mode and rescaling",
    ),
    report.notes.join('\n'),
  );
  // Code that loads no image folder: the folder as it is.
  const mlp = fs.readFileSync(path.join(__dirname, '../fixtures/trainer/correct_mlp.py'), 'utf8');
  assert.deepEqual((await plan(mlp, { data: { path: 'photos' } })).plan.data.user?.input, { path: 'photos' });
  const missing = await refusal(source, { data: { path: 'no/such/folder' } });
  assert.equal(missing.kind, 'bad-input');
  assert.equal(missing.dataError, 'not-found');
  assert.equal(missing.message, `no/such/folder was not found (looked in ${dir})`);
  const small = await refusal(source, { data: { path: 'photos', sample: 4 } });
  assert.match(small.message, /the sample of your data must be a whole number from 10 to 1000000/);
});

test('the input shape the code does not state comes from the data, and the report will say so', async () => {
  const x = Array.from({ length: 40 * 5 }, (_, i) => (i % 5) + Math.floor(i / 5) * 0.01);
  writeNpy(path.join(dir, 'features.npy'), { descr: '<f4', shape: [40, 5], values: x });
  writeNpy(path.join(dir, 'classes.npy'), {
    descr: '<i8',
    shape: [40],
    values: Array.from({ length: 40 }, (_, i) => i % 2),
  });
  const source = py`
    import numpy as np
    from tensorflow import keras
    X = np.load("features.npy")
    y = np.load("classes.npy")
    model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=X.shape[1:]), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=3)
  `;
  const { plan: p } = await plan(source, { data: { fromCode: true } });
  assert.deepEqual(p.variants[0].spec.inputs[0].shape, [5]);
  assert.deepEqual(p.data.user?.inputShapeFromData, [5]);
  // Without the data the shape is asked for, as before.
  await assert.rejects(plan(source), (e: unknown) => e instanceof VerifyError && e.kind === 'input-shape-unknown');
  // Inputs without traceable labels: synthetic data, and why.
  const noLabels = source.replace('model.fit(X, y, epochs=3)', 'model.fit(X, make_labels(), epochs=3)');
  const fallback = await plan(noLabels, { data: { fromCode: true }, inputShape: [5] });
  assert.equal(fallback.plan.data.user, undefined);
  assert.equal(
    fallback.plan.data.syntheticReason,
    "the code loads its inputs from the array 'features.npy' (line 3), but where its labels come from could not be traced",
  );
});

test('an autoencoder (fit(x, x)) falls back to synthetic data when the code names it, and is refused when given', async () => {
  writeNpy(path.join(dir, 'signals.npy'), {
    descr: '<f4',
    shape: [20, 4],
    values: Array.from({ length: 80 }, (_, i) => i),
  });
  const source = py`
    import numpy as np
    from tensorflow import keras
    x = np.load("signals.npy")
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(4,)), keras.layers.Dense(4)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, x, epochs=3)
  `;
  const named = await plan(source, { data: { fromCode: true } });
  assert.deepEqual(named.codeData?.input.labels?.path, 'signals.npy');
  assert.equal(named.plan.data.user, undefined);
  assert.equal(
    named.plan.data.syntheticReason,
    'the model is trained on its own inputs (fit(x, x)), which verifying on your data does not support yet',
  );
  const given = await refusal(source, { data: { path: 'signals.npy' } });
  assert.match(given.message, /cannot verify on your data: the model is trained on its own inputs \(fit\(x, x\)\)/);
});

test('bad data the code names (one class folder only) is refused with the loader message when probed', async () => {
  writeImageFolder(path.join(dir, 'one-class'), { cats: 5 }, { width: 8, height: 8 });
  const source = PHOTOS_MODEL.replace('"photos"', '"one-class"').replace(
    'input_shape=(32, 32, 3)',
    'input_shape=(None, None, 3)',
  );
  const e = await refusal(source, { data: { fromCode: true } });
  assert.equal(e.dataError, 'single-class');
  assert.match(e.message, /has only one class folder \('cats'\): a classifier needs at least two classes/);
});

test('the dataset every run trains on: stratified split, class ids kept, labels encoded per run; images resized for a replica', async () => {
  const { plan: p } = await plan(PHOTOS_MODEL, { data: { fromCode: true, sample: 40 } });
  const [asWritten, sigmoid, twoUnits] = p.variants.map((v) => v.spec);
  const task = describeTask(asWritten, 1);
  assert.deepEqual(loadEncoding(task, asWritten, 'code'), { labelEncoding: 'binary' });
  const { dataset, report } = await loadUserDataset(p.data.user!, asWritten, task, 1, { seed: 7, decoder: 'pure-js' });
  assert.deepEqual([dataset.train.n, dataset.validation.n], [32, 8]);
  assert.deepEqual(dataset.task.shape, [32, 32, 3]);
  assert.equal(dataset.task.classes, 2);
  assert.equal(dataset.majorityRate, 0.5);
  assert.deepEqual(
    report.perClass.map((c) => [c.name, c.found, c.sampled]),
    [
      ['cats', 30, 20],
      ['dogs', 30, 20],
    ],
  );
  assert.equal(report.origin, 'code');
  assert.equal(report.decoder, 'pure-js');
  const count = (ids: Int32Array, k: number) => ids.filter((v) => v === k).length;
  assert.deepEqual([count(dataset.validation.classIds, 0), count(dataset.validation.classIds, 1)], [4, 4]);
  // Same samples for every run; each run's code decides its labels (label_mode='binary' → (n, 1) 0/1 columns).
  for (const spec of [asWritten, sigmoid, twoUnits]) {
    const labels = runLabels(dataset.train, dataset.task, spec, spec === twoUnits ? 2 : 1, report.labels);
    assert.deepEqual(labels.shape, [32, 1]);
    assert.deepEqual(Array.from(labels.values), Array.from(dataset.train.classIds));
  }
  const resized = resizeForReplica(tf, dataset, [16, 16, 3], report);
  assert.deepEqual(resized.task.shape, [16, 16, 3]);
  assert.equal(resized.train.x.length, 32 * 16 * 16 * 3);
  assert.deepEqual(resized.train.classIds, dataset.train.classIds);
  assert.equal(report.transforms.at(-1), 'resized from 32×32 to 16×16 for the scaled replica (bilinear)');
  // Bilinear with half-pixel centres halving the size averages 2×2 blocks.
  const at = (x: Float32Array, w: number, r: number, c: number) => x[(r * w + c) * 3];
  const block =
    (at(dataset.train.x, 32, 0, 0) +
      at(dataset.train.x, 32, 0, 1) +
      at(dataset.train.x, 32, 1, 0) +
      at(dataset.train.x, 32, 1, 1)) /
    4;
  assert.ok(Math.abs(at(resized.train.x, 16, 0, 0) - block) < 1e-3);
});

test('labels whose encoding the analyzer cannot tell: as stored when the code names them, else what the loss expects', async () => {
  writeNpy(path.join(dir, 'x3.npy'), {
    descr: '<f4',
    shape: [30, 4],
    values: Array.from({ length: 120 }, (_, i) => i % 7),
  });
  writeNpy(path.join(dir, 'y3.npy'), {
    descr: '<i8',
    shape: [30],
    values: Array.from({ length: 30 }, (_, i) => i % 3),
  });
  const source = py`
    import numpy as np
    from tensorflow import keras
    X = np.load("x3.npy")
    y = np.load("y3.npy")
    model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=3)
  `;
  const fromCode = await plan(source, { data: { fromCode: true } });
  const spec = fromCode.plan.variants[0].spec;
  assert.equal(spec.labels, null);
  const task = describeTask(spec, 3);
  const stored = await loadUserDataset(fromCode.plan.data.user!, spec, task, 3, { seed: 1, decoder: 'pure-js' });
  const asStored = runLabels(stored.dataset.train, stored.dataset.task, spec, 3, stored.report.labels);
  assert.deepEqual(asStored.shape, [24]);
  assert.equal(asStored.description, 'labels as stored in y3.npy, shape (n,) (the code passes them to fit unchanged)');
  const given = await plan(source.replace('"x3.npy"', 'path_from_cli'), {
    data: { path: 'x3.npy', labelsPath: 'y3.npy' },
  });
  const loaded = await loadUserDataset(given.plan.data.user!, spec, task, 3, { seed: 1, decoder: 'pure-js' });
  const inferred = runLabels(loaded.dataset.train, loaded.dataset.task, spec, 3, loaded.report.labels);
  assert.deepEqual(inferred.shape, [24, 3]);
  assert.match(inferred.description, /one-hot labels of width 3 \(inferred from the loss\)/);
});

test('continuous labels for a classification loss, and too few examples, are refused with what is wrong', async () => {
  writeNpy(path.join(dir, 'prices.npy'), {
    descr: '<f8',
    shape: [30],
    values: Array.from({ length: 30 }, (_, i) => i * 1.37),
  });
  writeNpy(path.join(dir, 'x4.npy'), {
    descr: '<f4',
    shape: [30, 4],
    values: Array.from({ length: 120 }, (_, i) => i),
  });
  writeNpy(path.join(dir, 'x5.npy'), { descr: '<f4', shape: [6, 4], values: Array.from({ length: 24 }, (_, i) => i) });
  writeNpy(path.join(dir, 'y5.npy'), { descr: '<i8', shape: [6], values: [0, 1, 0, 1, 0, 1] });
  const source = py`
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
  `;
  const continuous = await plan(source, { data: { path: 'x4.npy', labelsPath: 'prices.npy' } });
  const spec = continuous.plan.variants[0].spec;
  await assert.rejects(
    loadUserDataset(continuous.plan.data.user!, spec, describeTask(spec, 1), 1, { seed: 1, decoder: 'pure-js' }),
    /prices\.npy are continuous values/,
  );
  const few = await plan(source, { data: { path: 'x5.npy', labelsPath: 'y5.npy' } });
  await assert.rejects(
    loadUserDataset(few.plan.data.user!, spec, describeTask(spec, 1), 1, { seed: 1, decoder: 'pure-js' }),
    /the data has 6 usable examples .*verifying needs at least 10/,
  );
});

test('a file system error while reading the data (permission denied…) is a refusal about the data, not an internal failure', async () => {
  const denied = Object.assign(new Error("EACCES: permission denied, open '/w/photos/cats/1.jpg'"), { code: 'EACCES' });
  const refused = await refusingBadData(() => Promise.reject(denied)).catch((e: unknown) => e);
  assert.ok(refused instanceof VerifyError);
  assert.equal(refused.kind, 'bad-input');
  assert.equal(refused.dataError, 'unreadable');
  assert.equal(refused.message, "your data could not be read: EACCES: permission denied, open '/w/photos/cats/1.jpg'");
  const bug = new TypeError('x is undefined');
  assert.equal(await refusingBadData(() => Promise.reject(bug)).catch((e: unknown) => e), bug);
  assert.equal(asDataError(bug), null);
});
