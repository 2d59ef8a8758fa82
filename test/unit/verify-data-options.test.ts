/**
 * Choosing the data to verify on, without training: the CLI's --data/--labels/
 * --sample/--synthetic and their errors, how the CLI prints which data was
 * used, and the editor's decision from workspace trust.
 */
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/args';
import { dataRequest, runVerify } from '../../src/cli/verify';
import { dataLines } from '../../src/cli/verify-format';
import { chooseData, offersOwnData, restrictedHint, UNTRUSTED_REASON } from '../../src/extension/verify/data-choice';

const request = (options: Record<string, string>, ...flags: string[]) =>
  dataRequest(new Map(Object.entries(options)), new Set(flags));

test('CLI: the data the code names by default, --data/--labels/--sample as given, --synthetic for generated data', () => {
  assert.deepEqual(request({}), { fromCode: true });
  assert.deepEqual(request({ sample: '200' }), { fromCode: true, sample: 200 });
  assert.deepEqual(request({ data: 'photos' }), { path: 'photos' });
  assert.deepEqual(request({ data: 'x.npy', labels: 'y.npy', sample: '64' }), {
    path: 'x.npy',
    labelsPath: 'y.npy',
    sample: 64,
  });
  assert.deepEqual(request({ data: 'd.npz:x_train', labels: 'd.npz:y_train' }), {
    path: 'd.npz:x_train',
    labelsPath: 'd.npz:y_train',
  });
  assert.equal(request({}, 'synthetic'), undefined);
});

test('CLI: contradictory or incomplete data options are usage errors that say why', () => {
  const usage = (options: Record<string, string>, flags: string[], message: RegExp) =>
    assert.throws(
      () => request(options, ...flags),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  usage(
    { data: 'photos' },
    ['synthetic'],
    /--synthetic trains on generated data; it cannot be combined with --data or --labels/,
  );
  usage(
    { sample: '100' },
    ['synthetic'],
    /--sample is the number of examples read from your data; with --synthetic use --samples/,
  );
  usage({ labels: 'y.npy' }, [], /--labels needs --data/);
  usage({ data: '' }, [], /--data needs a path/);
  usage({ data: 'photos', sample: 'many' }, [], /--sample must be a positive whole number/);
  usage({ data: 'photos', sample: '0' }, [], /--sample must be a positive whole number/);
});

test('CLI text: your data is described by its report, labels per run, and the split', () => {
  const yours = {
    source: 'yours',
    train: 40,
    validation: 10,
    majority_rate: 0.5,
    report_lines: [
      'Data: /d/photos (image folders, named in the code); labels from the class folders',
      'Sample: 50 of 60 images (seed 1234), each 32×32×3; per class: cats 25 of 30, dogs 25 of 30',
      'Labels: binary',
      'Read 1.0 MB in 0.10 s, decoded with tfjs-node',
    ],
    labels: {
      'as written': 'binary 0/1 labels, shape (n, 1) (label_mode)',
      'Use sigmoid (keep 1 unit)': 'binary 0/1 labels, shape (n, 1) (label_mode)',
    },
  };
  assert.deepEqual(dataLines(yours), [
    'Data: /d/photos (image folders, named in the code); labels from the class folders',
    'Sample: 50 of 60 images (seed 1234), each 32×32×3; per class: cats 25 of 30, dogs 25 of 30',
    'Labels: binary 0/1 labels, shape (n, 1) (label_mode)',
    'Read 1.0 MB in 0.10 s, decoded with tfjs-node',
    'Split: 40 training / 10 validation examples, stratified by class',
  ]);
  const differing = dataLines({
    ...yours,
    labels: { 'as written': 'one-hot labels of width 2', 'Use sparse': 'integer class ids 0..1' },
  });
  assert.deepEqual(differing.slice(2, 4), [
    'Labels (as written): one-hot labels of width 2',
    'Labels (Use sparse): integer class ids 0..1',
  ]);
  const { majority_rate: _, ...regression } = yours;
  assert.equal(dataLines(regression).at(-1), 'Split: 40 training / 10 validation examples');
});

test('CLI text: synthetic data says so, and why when the code names data that was not used', () => {
  const synthetic = {
    source: 'synthetic',
    description: '20-dimensional vectors from Gaussian clusters, 2 balanced classes',
    train: 512,
    validation: 128,
  };
  assert.deepEqual(dataLines(synthetic), [
    'Data: synthetic — 20-dimensional vectors from Gaussian clusters, 2 balanced classes; 512 training / 128 validation samples',
  ]);
  assert.deepEqual(
    dataLines({
      ...synthetic,
      synthetic_reason: "the code loads the image folder 'photos' (line 3), but photos was not found (looked in /w)",
    }).at(-1),
    "Synthetic because the code loads the image folder 'photos' (line 3), but photos was not found (looked in /w) (--data PATH trains on yours)",
  );
});

test('editor: a trusted workspace reads the data the code names or the data picked; an untrusted one trains on synthetic data and says why', () => {
  assert.deepEqual(chooseData(true), { kind: 'train', data: { fromCode: true } });
  assert.deepEqual(chooseData(true, { path: '/w/photos' }), { kind: 'train', data: { path: '/w/photos' } });
  assert.deepEqual(chooseData(true, { path: '/w/x.npy', labelsPath: '/w/y.npy' }), {
    kind: 'train',
    data: { path: '/w/x.npy', labelsPath: '/w/y.npy' },
  });
  assert.deepEqual(chooseData(false), { kind: 'train', syntheticReason: UNTRUSTED_REASON });
  const refused = chooseData(false, { path: '/w/photos' });
  assert.equal(refused.kind, 'refuse');
  assert.match(refused.kind === 'refuse' ? refused.message : '', /training on \/w\/photos needs a trusted workspace/);
});

test('editor: "Train on your data…" after synthetic runs in a trusted workspace; a hint in an untrusted one when nothing else says why', () => {
  assert.equal(offersOwnData(true, { source: 'synthetic' }), true);
  assert.equal(offersOwnData(true, { source: 'yours' }), false);
  assert.equal(offersOwnData(false, { source: 'synthetic' }), false);
  assert.equal(offersOwnData(true, undefined), false);
  assert.match(restrictedHint(false, { source: 'synthetic' }) ?? '', /needs a trusted workspace/);
  assert.equal(restrictedHint(false, { source: 'synthetic', synthetic_reason: 'the code loads …' }), undefined);
  assert.equal(restrictedHint(true, { source: 'synthetic' }), undefined);
});

test('CLI: --seed takes a whole number only (it was accepted as NaN and printed as null)', async () => {
  for (const seed of ['abc', '-1', '1.5', '4294967296', '']) {
    await assert.rejects(
      runVerify(['examples/cats_vs_dogs_softmax.py', '--seed', seed], new PassThrough(), new PassThrough()),
      (e: unknown) => e instanceof UsageError && /--seed must be a whole number from 0 to 4294967295/.test(e.message),
    );
  }
});
