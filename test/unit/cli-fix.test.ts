/** `model-doctor check --fix [--unsafe-fixes]`: what is applied, in rounds, written atomically, never losing text. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fixText } from '../../src/cli/fix';
import { analyzer, py } from '../helpers';
import { check } from '../cli-capture';

// A pasted model with typos (safe to fix) next to a 1-unit softmax (its fixes change the model).
const pasted = py`
  import keras
  model = keras.Sequential([
      keras.layers.Dense(8, activation='rleu', input_shape=(4,)),
      keras.layers.Dense(1, activation='softmax', input_shape=(8,)),
  ])
  model.compile(optimizer='adamm', loss='binary_crossentrophy', metrics=['acuracy'])
`;

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'md-fix-'));
}

describe('check --fix', () => {
  test('applies only safe fixes, prints each, reports what is left, exit status from what is left', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'model.py');
    fs.writeFileSync(file, pasted);
    const { code, out } = await check('--fix', file);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.equal(
      fixed,
      pasted
        .replace("'rleu'", "'relu'")
        .replace(', input_shape=(8,))', ')')
        .replace("'binary_crossentrophy'", "'binary_crossentropy'")
        .replace("'acuracy'", "'accuracy'"),
    );
    const lines = out.trim().split('\n');
    assert.match(lines[0], /model\.py:3:38 {2}fixed \(safe\) {2}Change to 'relu' {2}\[unknown-activation\]$/);
    assert.ok(lines.some((l) => /fixed \(safe\) {2}Remove input_shape {2}\[input-shape-ignored\]$/.test(l)));
    assert.ok(
      lines.includes(
        'Fixed 4 problem(s) in 1 file(s); 2 more have unsafe fixes (they change the model, the loss or the learning rate): review them, or use --unsafe-fixes.',
      ),
    );
    // What is left: the 1-unit softmax and 'adamm' (adam or adamw: a choice, not a typo fix).
    assert.ok(lines.some((l) => l.endsWith('[softmax-single-unit]')));
    assert.ok(lines.some((l) => l.endsWith('[unknown-optimizer]')));
    assert.equal(lines[lines.length - 1], '2 error(s), 0 warning(s), 0 info in 1 file(s)');
    assert.equal(code, 1);
    assert.deepEqual(fs.readdirSync(dir), ['model.py'], 'no temporary file left behind');
    fs.rmSync(dir, { recursive: true });
  });

  test('--unsafe-fixes applies the preferred fix of every finding', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'model.py');
    fs.writeFileSync(file, pasted);
    const { code, out } = await check('--fix', '--unsafe-fixes', file);
    assert.equal(code, 0);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.match(fixed, /Dense\(1, activation='sigmoid'\)/);
    assert.match(fixed, /optimizer='adam'/);
    assert.match(out, /fixed \(unsafe\) {2}Use sigmoid \(keep 1 unit\) {2}\[softmax-single-unit\]/);
    assert.match(out, /Fixed 6 problem\(s\) in 1 file\(s\)\.\n0 error\(s\), 0 warning\(s\), 0 info in 1 file\(s\)\n$/);
    fs.rmSync(dir, { recursive: true });
  });

  test('in JSON, stdout stays one document and the fixes go to stderr', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'model.js');
    fs.writeFileSync(
      file,
      "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [3]})]});\nm.compile({optimizer: 'sgd', loss: 'mse'});\n",
    );
    const { out, err } = await check('--fix', '--format', 'json', file);
    assert.deepEqual(JSON.parse(out).files[0].findings, []);
    assert.match(err, /fixed \(safe\) {2}Change to 'meanSquaredError' {2}\[unknown-loss\]/);
    assert.match(fs.readFileSync(file, 'utf8'), /loss: 'meanSquaredError'/);
    fs.rmSync(dir, { recursive: true });
  });

  test('files it must not rewrite are left byte for byte: invalid UTF-8, notebooks', async () => {
    const dir = scratchDir();
    const latin1 = path.join(dir, 'latin1.py');
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${pasted}`)]);
    fs.writeFileSync(latin1, bytes);
    const notebook = path.join(dir, 'nb.ipynb');
    const nb = JSON.stringify({
      cells: [{ cell_type: 'code', source: [pasted], execution_count: 1, outputs: [], metadata: {} }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    fs.writeFileSync(notebook, nb);
    const { err } = await check('--fix', dir);
    assert.ok(fs.readFileSync(latin1).equals(bytes), 'the Latin-1 file is untouched');
    assert.equal(fs.readFileSync(notebook, 'utf8'), nb, 'the notebook is untouched');
    assert.match(err, /latin1\.py: not valid UTF-8, left unchanged/);
    assert.match(err, /nb\.ipynb: notebooks are not fixed from the command line/);
    fs.rmSync(dir, { recursive: true });
  });

  test('--unsafe-fixes without --fix is a usage error', async () => {
    await assert.rejects(check('--unsafe-fixes', 'examples'), /--unsafe-fixes goes with --fix/);
  });
});

describe('fixText', () => {
  test('re-analyses between rounds: a fix that reveals another finding is followed by its fix', async () => {
    // Round 1 fixes the loss name; only then is the 1-unit categorical loss visible (round 2, unsafe).
    const text = py`
      import keras
      m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])
      m.compile(optimizer='adam', loss='categorical_crossentrophy')
    `;
    const result = fixText(await analyzer(), text, 'python', 'model.py', { unsafe: true });
    assert.deepEqual(
      result.applied.map((a) => [a.rule, a.title]),
      [
        ['unknown-loss', "Change to 'categorical_crossentropy'"],
        ['categorical-loss-single-unit', 'Use binary_crossentropy'],
      ],
    );
    assert.match(result.text, /loss='binary_crossentropy'/);
  });

  test('text without findings comes back unchanged', async () => {
    const text =
      "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])\n";
    const result = fixText(await analyzer(), text, 'python', 'model.py', { unsafe: true });
    assert.equal(result.text, text);
    assert.deepEqual(result.applied, []);
  });
});
