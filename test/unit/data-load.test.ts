import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  encodeLabels,
  formatDataReport,
  loadTrainingData,
  probeTrainingData,
  splitForValidation,
} from '../../src/trainer/data';
import { classesFromRows, classesFromValues } from '../../src/trainer/data/labels';
import { sampleIndices, stratifiedQuotas } from '../../src/trainer/data/sampling';
import { removeDir, tempDir, writeImageFolder, writeNpy, writeNpz, rejects } from './data-fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'data');
const dir = tempDir();
after(() => removeDir(dir));
const span = { start: 0, end: 0 };

describe('sampling', () => {
  it('allocates a sample to classes in proportion, keeping every class', () => {
    assert.deepEqual(stratifiedQuotas([1150, 1150], 512), [256, 256]);
    assert.deepEqual(stratifiedQuotas([900, 100], 100), [90, 10]);
    assert.deepEqual(stratifiedQuotas([995, 5], 10), [9, 1]); // 9.95 and 0.05: the rare class still gets one
    assert.deepEqual(stratifiedQuotas([10, 0, 3], 100), [10, 0, 3]);
    assert.deepEqual(
      stratifiedQuotas([7, 7, 7], 10).reduce((a, b) => a + b),
      10,
    );
  });

  it('picks distinct indices, stratified, the same for the same seed', () => {
    const ids = Int32Array.from({ length: 1000 }, (_, i) => (i < 800 ? 0 : 1));
    const a = sampleIndices(1000, ids, 2, 100, 42);
    assert.equal(new Set(a).size, 100);
    assert.equal([...a].filter((i) => ids[i] === 1).length, 20);
    assert.deepEqual(sampleIndices(1000, ids, 2, 100, 42), a);
    assert.notDeepEqual(sampleIndices(1000, ids, 2, 100, 43), a);
    // Classes are interleaved, not one block after another.
    assert.ok([...a.subarray(0, 20)].some((i) => ids[i] === 0));
    assert.equal(sampleIndices(5, null, 0, 100, 1).length, 5);
  });
});

describe('labels', () => {
  it('reads class ids, renumbers other integer sets, and spots continuous targets', () => {
    const dense = classesFromValues([0, 2, 1, 2]);
    assert.ok(dense.kind === 'classes' && !dense.renumbered && dense.names.join() === '0,1,2');
    const shifted = classesFromValues([1, 2, 2, 1]);
    assert.ok(shifted.kind === 'classes' && shifted.renumbered && [...shifted.ids].join() === '0,1,1,0');
    assert.equal(classesFromValues([0.5, 1, 2]).kind, 'continuous');
    const hot = classesFromRows([0, 1, 1, 0, 0, 1], 2);
    assert.ok(hot.kind === 'classes' && [...hot.ids].join() === '1,0,1');
    assert.equal(classesFromRows([1, 1, 0, 1], 2).kind, 'continuous');
  });

  it('encodes class ids as integer, binary or one-hot labels', () => {
    const ids = Int32Array.from([1, 0, 1]);
    assert.deepEqual(encodeLabels(ids, 'integer', 2), { y: Float32Array.from([1, 0, 1]), yShape: [3] });
    assert.deepEqual(encodeLabels(ids, 'binary', 2), { y: Float32Array.from([1, 0, 1]), yShape: [3, 1] });
    assert.deepEqual(encodeLabels(ids, 'one-hot', 3), {
      y: Float32Array.from([0, 1, 0, 1, 0, 0, 0, 1, 0]),
      yShape: [3, 3],
    });
    assert.throws(
      () => encodeLabels(Int32Array.from([0, 1, 2]), 'binary', 3),
      /binary labels need two classes, but the data has 3/,
    );
  });
});

describe('loadTrainingData on arrays', () => {
  it('loads np.load sources from the code, relative to the file folder', async () => {
    const data = await loadTrainingData(
      {
        source: { kind: 'npy', path: 'x-f4.npy', span, rescale: 1 / 255 },
        labels: { kind: 'npy', path: 'y-i8.npy', span, rescale: null },
      },
      { baseDirs: ['/nonexistent', FIXTURES], sample: 6, labelEncoding: 'one-hot' },
    );
    assert.deepEqual(data.xShape, [6, 3]);
    assert.deepEqual(data.yShape, [6, 2]);
    for (let i = 0; i < 6; i++) {
      const row = Math.round((data.x[i * 3] * 255) / 10);
      assert.equal(data.y[i * 2 + (row % 2)], 1);
    }
    assert.equal(data.report.origin, 'code');
    assert.equal(data.report.path, path.join(FIXTURES, 'x-f4.npy'));
    assert.deepEqual(data.report.transforms, [
      'values multiplied by 0.00392157 (as the code does)',
      'class labels one-hot encoded',
    ]);
  });

  it('loads an npz named in the code by key, and one picked by the user with file:key', async () => {
    const fromCode = await loadTrainingData(
      {
        source: { kind: 'npz', path: 'stored.npz', span, key: 'x_train', rescale: null },
        labels: { kind: 'npz', path: 'stored.npz', span, key: 'y_train', rescale: null },
      },
      { baseDirs: [FIXTURES], sample: 4 },
    );
    assert.equal(fromCode.report.key, 'x_train');
    assert.equal(fromCode.report.labels, "stored.npz['y_train']");
    const fromUser = await loadTrainingData(
      { path: 'stored.npz:x_train', labelsPath: 'stored.npz:y_train' },
      { baseDirs: [FIXTURES], sample: 4 },
    );
    assert.deepEqual(fromUser.x, fromCode.x);
    await rejects(
      loadTrainingData({ path: 'stored.npz:nope' }, { baseDirs: [FIXTURES] }),
      'npz-key',
      /no array 'nope'/,
    );
  });

  it('asks which arrays to use when an archive does not say', async () => {
    writeNpz(path.join(dir, 'three.npz'), {
      a: { descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4] },
      b: { descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4] },
      c: { descr: '<f4', shape: [2], values: [1, 2] },
    });
    await rejects(
      loadTrainingData({ path: 'three.npz' }, { baseDirs: [dir] }),
      'npz-key',
      /holds 'a', 'b', 'c': it is not clear which array is the inputs.*--data three\.npz:a --labels three\.npz:b/,
    );
  });

  it('says when inputs come without labels', async () => {
    await rejects(
      loadTrainingData({ path: 'x-f4.npy' }, { baseDirs: [FIXTURES] }),
      'labels-unusable',
      /x-f4\.npy holds the inputs only: say where the labels are/,
    );
  });

  it('says when inputs and labels differ in length', async () => {
    writeNpy(path.join(dir, 'y5.npy'), { descr: '<i8', shape: [5], values: [0, 1, 0, 1, 0] });
    await rejects(
      loadTrainingData({ path: path.join(FIXTURES, 'x-f4.npy'), labelsPath: 'y5.npy' }, { baseDirs: [dir] }),
      'length-mismatch',
      /x-f4\.npy has 6 rows but y5\.npy has 5; every example needs exactly one label/,
    );
  });

  it('says when every label is the same class', async () => {
    writeNpy(path.join(dir, 'ones.npy'), { descr: '<i8', shape: [6], values: [1, 1, 1, 1, 1, 1] });
    await rejects(
      loadTrainingData({ path: path.join(FIXTURES, 'x-f4.npy'), labelsPath: 'ones.npy' }, { baseDirs: [dir] }),
      'single-class',
      /every label in ones\.npy is '1'/,
    );
  });

  it('refuses an object array as input with the reason', async () => {
    await rejects(
      loadTrainingData({ path: 'object.npy', labelsPath: 'y-i8.npy' }, { baseDirs: [FIXTURES] }),
      'object-array',
      /object\.npy holds Python objects/,
    );
  });

  it('reshapes rows whose values fit the model, and says when they cannot', async () => {
    const values = Array.from({ length: 4 * 6 }, (_, i) => i);
    writeNpy(path.join(dir, 'x46.npy'), { descr: '<f4', shape: [4, 2, 3], values });
    writeNpy(path.join(dir, 'y4.npy'), { descr: '|u1', shape: [4], values: [0, 1, 0, 1] });
    const data = await loadTrainingData(
      { path: 'x46.npy', labelsPath: 'y4.npy' },
      { baseDirs: [dir], inputShape: [6] },
    );
    assert.deepEqual(data.xShape, [4, 6]);
    assert.deepEqual(data.report.transforms, ["reshaped each row from 2×3 to 6 to match the model's input"]);
    const open = await loadTrainingData(
      { path: 'x46.npy', labelsPath: 'y4.npy' },
      { baseDirs: [dir], inputShape: [null, 3] },
    );
    assert.deepEqual(open.xShape, [4, 2, 3]);
    await rejects(
      loadTrainingData({ path: 'x46.npy', labelsPath: 'y4.npy' }, { baseDirs: [dir], inputShape: [28, 28, 1] }),
      'shape-mismatch',
      /each example in x46\.npy has shape 2×3 \(6 values\) but the model's input is 28×28×1: the data cannot fit this model/,
    );
  });

  it('encodes text labels as classes in sorted order and one-hot labels as they are stored', async () => {
    const text = await loadTrainingData(
      { path: 'x-f4.npy', labelsPath: 'y-text.npy' },
      { baseDirs: [FIXTURES], sample: 6, labelEncoding: 'binary' },
    );
    assert.deepEqual(text.classNames, ['cat', 'dog']);
    assert.deepEqual(text.yShape, [6, 1]);
    const hot = await loadTrainingData(
      { path: 'x-f4.npy', labelsPath: 'y-onehot.npy' },
      { baseDirs: [FIXTURES], sample: 6 },
    );
    assert.deepEqual(hot.yShape, [6, 2]);
    assert.equal(hot.report.labelEncoding, 'one-hot');
    const ids = await loadTrainingData(
      { path: 'x-f4.npy', labelsPath: 'y-onehot.npy' },
      { baseDirs: [FIXTURES], sample: 6, labelEncoding: 'integer' },
    );
    assert.deepEqual(ids.yShape, [6]);
    assert.deepEqual(ids.report.transforms, ['one-hot labels turned into class ids']);
  });

  it('says what it cannot read', async () => {
    fs.writeFileSync(path.join(dir, 'model.h5'), 'HDF');
    await rejects(
      loadTrainingData({ path: 'model.h5' }, { baseDirs: [dir] }),
      'unknown-format',
      /is not data Model Doctor reads/,
    );
    await rejects(
      loadTrainingData({ path: '/no/such/file.npy' }, { baseDirs: [dir] }),
      'not-found',
      /\/no\/such\/file\.npy does not exist/,
    );
  });
});

describe('the data report', () => {
  it('says which data was used, the sample, per-class counts and what changed', async () => {
    const root = writeImageFolder(path.join(dir, 'photos'), { cats: 6, dogs: 4 }, { width: 8, height: 8 });
    fs.writeFileSync(path.join(root, 'cats', 'broken.jpg'), 'nope');
    const data = await loadTrainingData(
      { path: root },
      { baseDirs: [], sample: 100, inputShape: [4, 4, 3], decoder: 'pure-js' },
    );
    const lines = formatDataReport(data.report);
    assert.equal(lines[0], `Data: ${root} (image folders, chosen by you); labels from the class folders`);
    assert.equal(lines[1], 'Sample: 10 of 11 images (seed 0), each 4×4×3; per class: cats 6 of 7, dogs 4 of 4');
    assert.equal(lines[2], 'Labels: integer');
    assert.match(lines[3], /^Skipped: 1 unreadable files \(cats\/broken\.jpg: not a JPEG, PNG, BMP or GIF image\)$/);
    assert.ok(lines.includes('Changed: resized 10 of 10 images to 4×4 (bilinear; from 8×8)'), lines.join('\n'));
    assert.match(lines[lines.length - 1], /^Read [\d.]+ KB in [\d.]+ s, decoded with pure-js$/);
  });
});

describe('probeTrainingData', () => {
  it('gives the example shape and classes without sampling', async () => {
    assert.deepEqual(
      await probeTrainingData({ path: 'x-f4.npy', labelsPath: 'y-text.npy' }, { baseDirs: [FIXTURES] }),
      {
        kind: 'npy',
        sampleShape: [3],
        classNames: ['cat', 'dog'],
        found: 6,
      },
    );
    const root = writeImageFolder(path.join(dir, 'probe-photos'), { a: 2, b: 3 }, { width: 8, height: 8 });
    const source = {
      kind: 'image-directory' as const,
      path: root,
      span,
      imageSize: [20, 30] as [number, number],
      colorMode: 'rgb' as const,
      rescale: null,
      validationSplit: null,
      subset: null,
    };
    assert.deepEqual(await probeTrainingData({ source }, { baseDirs: [] }), {
      kind: 'image-directory',
      sampleShape: [20, 30, 3],
      classNames: ['a', 'b'],
      found: 5,
    });
    await rejects(
      probeTrainingData({ source }, { baseDirs: [], inputShape: [10, 10, 3] }),
      'shape-mismatch',
      /loads images at 20×30/,
    );
  });
});

describe('splitForValidation', () => {
  it('keeps each class its share on both sides, and rows with their labels', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${i < 80 ? 0 : 1}`);
    fs.writeFileSync(path.join(dir, 'split.csv'), ['v,label', ...rows].join('\n'));
    const data = await loadTrainingData(
      { path: 'split.csv' },
      { baseDirs: [dir], sample: 100, labelEncoding: 'one-hot' },
    );
    const { train, validation } = splitForValidation(data, 0.25);
    assert.equal(train.n + validation.n, 100);
    assert.deepEqual([validation.n, [...validation.classIds!].filter((c) => c === 1).length], [25, 5]);
    assert.deepEqual(validation.yShape, [25, 2]);
    const seen = new Set<number>();
    for (const part of [train, validation]) {
      for (let i = 0; i < part.n; i++) {
        const v = part.x[i];
        seen.add(v);
        assert.equal(part.y[i * 2 + (v < 80 ? 0 : 1)], 1);
        assert.equal(part.classIds![i], v < 80 ? 0 : 1);
      }
    }
    assert.equal(seen.size, 100);
  });
});
