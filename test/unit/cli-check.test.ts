/** `model-doctor check`: the text, JSON and SARIF contracts, exit codes, notebooks and bad paths. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { runCheck } from '../../src/cli/check';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function check(...argv: string[]) {
  const out = new Capture();
  const err = new Capture();
  const code = await runCheck(argv, out, err);
  return { code, out: out.text, err: err.text };
}

describe('model-doctor check', () => {
  test('text format: path:line:col  severity  message  [rule], and exit 1 on errors', async () => {
    const { code, out } = await check('examples/cats_vs_dogs_softmax.py');
    assert.equal(code, 1);
    const [first, summary] = out.trim().split('\n');
    assert.match(
      first,
      /^examples\/cats_vs_dogs_softmax\.py:48:36 {2}error {2}softmax over a single unit .* {2}\[softmax-single-unit\]$/,
    );
    assert.equal(summary, '1 error(s), 0 warning(s), 0 info in 1 file(s)');
  });

  test('exit 0 when there are only warnings or nothing', async () => {
    assert.equal((await check('examples/correct_mnist_cnn.py')).code, 0);
    assert.equal((await check('examples/house_prices_accuracy_metric.py')).code, 0);
  });

  test('JSON contract', async () => {
    const { code, out } = await check(
      '--format',
      'json',
      'examples/cats_vs_dogs_softmax.py',
      'examples/correct_mnist_cnn.py',
    );
    assert.equal(code, 1);
    const json = JSON.parse(out);
    assert.deepEqual(Object.keys(json), ['version', 'files']);
    assert.equal(json.version, 1);
    assert.deepEqual(
      json.files.map((f: { path: string }) => f.path),
      ['examples/cats_vs_dogs_softmax.py', 'examples/correct_mnist_cnn.py'],
    );
    const [finding] = json.files[0].findings;
    assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'range', 'fixes']);
    assert.deepEqual(finding.range, { start: { line: 48, column: 36 }, end: { line: 48, column: 45 } });
    assert.deepEqual(finding.fixes[0], {
      title: 'Use sigmoid (keep 1 unit)',
      edits: [{ range: { start: { line: 48, column: 36 }, end: { line: 48, column: 45 } }, newText: '"sigmoid"' }],
    });
    assert.deepEqual(json.files[1].findings, []);
  });

  test('SARIF 2.1.0 with rules, locations and fixes', async () => {
    const { out } = await check('--format=sarif', 'examples/typos_in_names.py');
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'Model Doctor');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('unknown-loss'));
    const loss = run.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-loss');
    assert.equal(ids[loss.ruleIndex], 'unknown-loss');
    assert.equal(loss.level, 'error');
    assert.deepEqual(loss.locations[0].physicalLocation.region, {
      startLine: 24,
      startColumn: 39,
      endLine: 24,
      endColumn: 61,
    });
    assert.equal(loss.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '"binary_crossentropy"');
  });

  test('folders are walked, dependency folders skipped, notebooks included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.venv'), { recursive: true });
    const bad = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(2,))])\n";
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'a.py'), bad);
    fs.writeFileSync(path.join(dir, '.venv', 'b.py'), bad);
    fs.writeFileSync(path.join(dir, 'model.py'), bad);
    // Real notebooks can carry trailing commas.
    fs.writeFileSync(
      path.join(dir, 'nb.ipynb'),
      `{"cells": [{"cell_type": "code", "source": ["${bad.replace(/\n/g, '\\n').replace(/"/g, '\\"')}"], "execution_count": 1, "outputs": [],},], "nbformat": 4,}`,
    );
    const { out } = await check('--format', 'json', dir);
    const json = JSON.parse(out);
    assert.deepEqual(
      json.files.map((f: { path: string }) => path.basename(f.path)),
      ['model.py', 'nb.ipynb'],
    );
    assert.equal(json.files[1].findings[0].cell, 1);
    assert.deepEqual(json.files[1].findings[0].range.start, { line: 2, column: 56 });
    fs.rmSync(dir, { recursive: true });
  });

  test('usage errors and missing paths exit 2 with a message', async () => {
    await assert.rejects(check('--format', 'xml', 'examples'), /--format must be one of text, json, sarif/);
    await assert.rejects(check(), /at least one file or folder/);
    const missing = await check('no/such/file.py');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such file or folder/);
  });

  test('the command line entry point maps errors to exit codes', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'test/cli-process.ts', ...args], { encoding: 'utf8' });
    assert.equal(run('check', 'examples/cats_vs_dogs_softmax.py').status, 1);
    assert.equal(run('check', 'examples/correct_regression.py').status, 0);
    const usage = run('check', '--bogus', 'x');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown option --bogus/);
    assert.equal(run('frobnicate').status, 2);
    const version = run('--version');
    assert.equal(version.status, 0);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
  });

  test('importing the CLI module runs nothing (bin/model-doctor.js starts it)', () => {
    const imported = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        // Looks like a command line that names the bin: a self-starting module would run `check` here.
        "process.argv.splice(1, Infinity, '/usr/bin/model-doctor.js', 'check', 'examples'); require('./src/cli.ts');",
      ],
      { encoding: 'utf8' },
    );
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(imported.stdout, '');
  });
});
