/**
 * The package as users get it: `npm pack` (whose prepack step builds the production bundles), the
 * tarball installed into an empty project, and `npx model-doctor` run there through the
 * node_modules/.bin link that npx and global installs use.
 *
 * The pack runs in a staging copy of the package (sources and node_modules linked) so that the
 * production build does not replace the development bundles other tests are reading.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const root = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-package-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

let tarball = '';
let project = '';

/** A child process environment without the outer `npm test`'s lifecycle variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(lifecycle|package|command)/.test(k)));
}

function npx(...args: string[]) {
  return spawnSync('npx', ['--no-install', 'model-doctor', ...args], {
    cwd: project,
    encoding: 'utf8',
    env: cleanEnv(),
    timeout: 120_000,
  });
}

before(
  () => {
    const stage = path.join(work, 'stage');
    fs.mkdirSync(stage);
    for (const entry of ['package.json', 'README.md', 'LICENSE', 'bin', 'docs', 'scripts'])
      fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    for (const entry of ['src', 'node_modules']) fs.symlinkSync(path.join(root, entry), path.join(stage, entry));
    const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: stage,
      encoding: 'utf8',
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string; size: number }[];
    tarball = path.join(work, info.filename);
    console.log(`packed ${info.filename}: ${(info.size / 1e6).toFixed(2)} MB`);

    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', tarball], {
      cwd: project,
      env: cleanEnv(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    fs.writeFileSync(
      path.join(project, 'classifier.py'),
      [
        'from tensorflow import keras',
        'model = keras.Sequential([',
        '    keras.Input(shape=(32, 32, 3)),',
        '    keras.layers.Flatten(),',
        "    keras.layers.Dense(1, activation='softmax'),",
        '])',
        "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])",
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(project, 'clean.py'),
      fs.readFileSync(path.join(project, 'classifier.py'), 'utf8').replace("'softmax'", "'sigmoid'"),
    );
    fs.writeFileSync(
      path.join(project, 'model.js'),
      [
        "const tf = require('@tensorflow/tfjs');",
        'const model = tf.sequential();',
        "model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'softmax' }));",
        "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
        '',
      ].join('\n'),
    );
  },
  { timeout: 600_000 },
);

test('the tarball holds the bundles, the bin and the docs, and no sources, tests or source maps', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  for (const needed of [
    'package/bin/model-doctor.js',
    'package/dist/cli.js',
    'package/dist/tfjs-front-end.js',
    'package/dist/trainer-worker.js',
    'package/dist/check-worker.js',
    'package/dist/tree-sitter.wasm',
    'package/dist/tree-sitter-python.wasm',
    'package/docs/rules/softmax-single-unit.md',
    'package/THIRD_PARTY_LICENSES.txt',
  ])
    assert.ok(files.includes(needed), `${needed} is in the tarball`);
  const stray = files.filter((f) => /^package\/(src|test|tools|bench|scripts|examples)\/|\.map$|\.ts$/.test(f));
  assert.deepEqual(stray, []);
});

test('installing it pays for no bundled package twice', () => {
  const installed = fs.readdirSync(path.join(project, 'node_modules'));
  for (const bundled of ['typescript', 'web-tree-sitter', 'tree-sitter-python', 'jpeg-js', 'pngjs'])
    assert.ok(!installed.includes(bundled), `${bundled} is bundled into dist/, not installed`);
});

test('npx model-doctor --help prints the usage', () => {
  const help = npx('--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: model-doctor <command>/);
});

test('npx model-doctor check: exit 1 with the finding on a mistake, exit 0 on a clean file', () => {
  const bad = npx('check', 'classifier.py');
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stdout, /classifier\.py:5:\d+ {2}error .*\[softmax-single-unit\]/);
  const js = npx('check', 'model.js');
  assert.equal(js.status, 1, js.stderr);
  assert.match(js.stdout, /model\.js:3:\d+ {2}error .*\[softmax-single-unit\]/);
  const clean = npx('check', 'clean.py');
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /0 error\(s\), 0 warning\(s\)/);
});

test('npx model-doctor summary reads the model without running it', () => {
  const summary = npx('summary', 'clean.py');
  assert.equal(summary.status, 0, summary.stderr);
  assert.match(summary.stdout, /dense \(Dense\) +│ \(None, 1\) +│ +3,073 │/);
});
