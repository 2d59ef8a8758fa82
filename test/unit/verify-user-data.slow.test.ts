/**
 * Verifying on the user's own data, end to end in the training process: a
 * generated folder of two image classes that a correct model separates, and a
 * copy of examples/cats_vs_dogs_softmax.py pointing at it. As written (1-unit
 * softmax) the model cannot learn on that folder; each fix learns on it.
 * Through startVerification and through `model-doctor verify --format json`;
 * bad data stops the CLI with exit 2 and the loader's message.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { startVerification, type VerifyEvent } from '../../src/trainer';
import { skipWithoutNative, tracked } from '../trainer-helpers';
import type { DataReport } from '../../src/trainer/data';
import { analyzer } from '../helpers';
import { removeDir, tempDir, writeImageFolder, writeNpy } from './data-fixtures';

const root = path.join(__dirname, '..', '..');
const dir = tempDir('md-verify-data-');
after(() => removeDir(dir));

// 160 photos per class, JPEG and PNG, not the model's size (resized to 64×64) and in colour (converted to grayscale).
writeImageFolder(
  path.join(dir, 'photos'),
  { cats: 160, dogs: 160 },
  { width: 72, height: 60, format: (i) => (i % 3 ? 'jpeg' : 'png') },
);
// The example as the user would have it next to their photos (without .prefetch, so the data is traced to the folder).
const example = fs
  .readFileSync(path.join(root, 'examples', 'cats_vs_dogs_softmax.py'), 'utf8')
  .replace(/\.prefetch\(tf\.data\.AUTOTUNE\)/g, '')
  .replace('"data/cats_and_dogs"', '"photos"');
assert.ok(example.includes('load_data("photos")'), 'the example still loads its data through load_data(...)');
const file = path.join(dir, 'cats_vs_dogs.py');
fs.writeFileSync(file, example);

type DataRecord = {
  source: string;
  train: number;
  validation: number;
  report: DataReport;
  report_lines: string[];
  labels: Record<string, string>;
};

// The replica sizes and times asserted here are the native backend's; the pure-JS one trains a smaller replica.
test('on a generated folder of two image classes: as written cannot learn, the fixes learn (startVerification)', {
  timeout: 90_000,
  skip: skipWithoutNative(),
}, async () => {
  const events: VerifyEvent[] = [];
  const started = Date.now();
  const v = tracked(
    startVerification(
      {
        source: example,
        language: 'python',
        fileName: 'cats_vs_dogs.py',
        epochs: 8,
        data: { fromCode: true },
        dataBaseDirs: [dir],
      },
      (e) => events.push(e),
      { analyzer: analyzer() },
    ),
  );
  const result = await v.done;
  const seconds = (Date.now() - started) / 1000;
  assert.deepEqual(
    result.runs.map((r) => [r.label, r.verdict]),
    [
      ['as written', 'cannot-learn'],
      ['Use sigmoid (keep 1 unit)', 'learns'],
      ['Use 2 units with softmax and sparse_categorical_crossentropy', 'learns'],
    ],
  );
  assert.match(result.runs[0].detail, /every prediction is 1\.0, accuracy stays at 0\.50/);
  assert.equal(result.confirmed, true);
  // The started event already says which data: the user's folder, as the code loads it.
  const startedEvent = events.find((e) => e.type === 'started');
  assert.ok(startedEvent && startedEvent.type === 'started');
  const data = startedEvent.data as DataRecord;
  assert.equal(data.source, 'yours');
  assert.equal(data.report.path, path.join(dir, 'photos'));
  assert.equal(data.report.origin, 'code');
  // Decoded by the TensorFlow the backend loaded, or by the pure-JS decoders on the other backends.
  assert.equal(data.report.decoder, result.backend === 'tfjs-node' ? 'tfjs-node' : 'pure-js');
  assert.deepEqual(data.report.perClass, [
    { name: 'cats', found: 160, sampled: 160 },
    { name: 'dogs', found: 160, sampled: 160 },
  ]);
  assert.deepEqual([data.train, data.validation], [256, 64]);
  assert.deepEqual(data.report.sampleShape, [64, 64, 1]);
  assert.ok(
    data.report.transforms.includes('converted colour to grayscale in 320 images'),
    data.report.transforms.join('\n'),
  );
  assert.ok(data.report.notes.some((n) => /validation_split=0\.2 \(subset='training'\)/.test(n)));
  // The 64×64 model trains as a 32×32 replica; the report says the images were resized for it.
  assert.deepEqual((result.scaled as { input_shape?: unknown }).input_shape, { from: [64, 64, 1], to: [32, 32, 1] });
  assert.ok(data.report.transforms.includes('resized from 64×64 to 32×32 for the scaled replica (bilinear)'));
  // Each run's labels as its code encodes them: label_mode='binary' in all three.
  const labels = (result.data as DataRecord).labels;
  assert.deepEqual(
    Object.keys(labels),
    result.runs.map((r) => r.label),
  );
  for (const how of Object.values(labels)) assert.match(how, /^binary 0\/1 labels, shape \(n, 1\)/);
  console.log(
    `verify on a generated 2-class image folder (320 images, 3 runs × 8 epochs): ${seconds.toFixed(1)} s, loading ${data.report.seconds.toFixed(2)} s`,
  );
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/cli-process.ts'), 'verify', ...args], {
    cwd: root,
    encoding: 'utf8',
    // spawnSync blocks the test's own timeout: this one kills the CLI (its trainer child follows it).
    timeout: 85_000,
    killSignal: 'SIGKILL',
  });
}

test('the same through the CLI (--format json): the data the code names is found next to the file and reported', {
  timeout: 90_000,
  skip: skipWithoutNative(),
}, () => {
  const run = cli(file, '--epochs', '8', '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.deepEqual(
    json.runs.map((r: { verdict: string }) => r.verdict),
    ['cannot-learn', 'learns', 'learns'],
  );
  assert.equal(json.confirmed, true);
  assert.equal(json.data.source, 'yours');
  assert.equal(json.data.report.path, path.join(dir, 'photos'));
  assert.equal(
    json.data.report_lines[0],
    `Data: ${path.join(dir, 'photos')} (image folders, named in the code); labels from the class folders`,
  );
  // --synthetic: the same file on generated data, and it says so.
  const synthetic = cli(file, '--epochs', '2', '--synthetic', '--format', 'json');
  assert.equal(synthetic.status, 0, synthetic.stderr);
  assert.equal(JSON.parse(synthetic.stdout).data.source, 'synthetic');
});

test('CLI: bad data stops with exit 2 and the specific message', { timeout: 90_000 }, () => {
  writeImageFolder(path.join(dir, 'one-class'), { cats: 12 }, { width: 16, height: 16 });
  fs.mkdirSync(path.join(dir, 'empty', 'cats'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'empty', 'dogs'), { recursive: true });
  writeNpy(path.join(dir, 'x.npy'), { descr: '<f4', shape: [20, 4], values: Array.from({ length: 80 }, (_, i) => i) });
  writeNpy(path.join(dir, 'y.npy'), { descr: '<i8', shape: [18], values: Array.from({ length: 18 }, (_, i) => i % 2) });
  const mlp = path.join(root, 'test/fixtures/trainer/correct_mlp.py');
  const cases: [string[], RegExp][] = [
    [
      [file, '--data', path.join(dir, 'one-class')],
      /has only one class folder \('cats'\): a classifier needs at least two classes/,
    ],
    [[file, '--data', path.join(dir, 'empty')], /none of the class folders in .*empty \(cats, dogs\) holds an image/],
    [
      [file, '--data', path.join(dir, 'x.npy'), '--labels', path.join(dir, 'y.npy')],
      /x\.npy has 20 rows but y\.npy has 18/,
    ],
    [[mlp, '--data', path.join(dir, 'photos')], /the images are 256×256×3 .* but the model's input is 20/],
    [[file, '--data', 'nowhere/photos'], /nowhere\/photos was not found \(looked in /],
  ];
  for (const [args, message] of cases) {
    const run = cli(...args, '--epochs', '1');
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /internal error/);
  }
});
