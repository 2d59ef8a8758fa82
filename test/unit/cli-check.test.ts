/** `model-doctor check`: the text, JSON and SARIF contracts, exit codes, notebooks and bad paths. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runSummary } from '../../src/cli/summary';
import { runVerify } from '../../src/cli/verify';
import { Capture, check } from '../cli-capture';

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
      applicability: 'unsafe',
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
    assert.match(missing.out, /^no\/such\/file\.py: not analysed: no such file or folder$/m);
  });

  describe('a file not analysed is never reported clean (exit 2, the other files still checked)', () => {
    const mistake =
      "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(2,))])\n";
    const withBadFiles = (body: (dir: string) => Promise<void>) => async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-not-analysed-'));
      try {
        // 550 nested blocks with a string inside: what corrupted tree-sitter-python's scanner for the rest of the run.
        const deep = Array.from({ length: 550 }, (_, i) => `${' '.repeat(i)}if True:\n`).join('');
        fs.writeFileSync(path.join(dir, 'a_deep.py'), `${deep}${' '.repeat(550)}x = "a" + f"{y}"\n`);
        fs.writeFileSync(path.join(dir, 'b_deep_copy.py'), `${deep}${' '.repeat(550)}x = "a" + f"{y}"\n`);
        fs.writeFileSync(path.join(dir, 'c_binary.py'), Buffer.from([0x00, 0x01, 0x02]));
        fs.writeFileSync(path.join(dir, 'd_broken.ipynb'), '{"cells": [');
        fs.writeFileSync(path.join(dir, 'e_mistake.py'), mistake);
        await body(dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };

    test(
      'text: each file not analysed is listed with its reason, findings of the others follow',
      withBadFiles(async (dir) => {
        const { code, out } = await check(dir, path.join(dir, 'missing.py'));
        assert.equal(code, 2);
        const lines = out.trim().split('\n');
        assert.match(lines[0], /e_mistake\.py:2:56 {2}error .*\[softmax-single-unit\]$/);
        assert.match(out, /missing\.py: not analysed: no such file or folder$/m);
        assert.match(out, /a_deep\.py: not analysed: nested too deeply: 550 levels of indentation/);
        assert.match(out, /b_deep_copy\.py: not analysed: nested too deeply/);
        assert.match(out, /c_binary\.py: not analysed: binary file$/m);
        assert.match(out, /d_broken\.ipynb: not analysed: /);
        assert.equal(lines.at(-1), '1 error(s), 0 warning(s), 0 info in 6 file(s); 5 not analysed');
      }),
    );

    test(
      'JSON: an error field on each such file',
      withBadFiles(async (dir) => {
        const { code, out, err } = await check('--format', 'json', dir);
        assert.equal(code, 2);
        const files = JSON.parse(out).files as { path: string; error?: string; findings: unknown[] }[];
        const byName = new Map(files.map((f) => [path.basename(f.path), f]));
        assert.match(byName.get('a_deep.py')?.error ?? '', /^nested too deeply/);
        assert.equal(byName.get('c_binary.py')?.error, 'binary file');
        assert.equal(byName.get('e_mistake.py')?.error, undefined);
        assert.equal(byName.get('e_mistake.py')?.findings.length, 1);
        assert.match(err, /a_deep\.py: not analysed: nested too deeply/);
      }),
    );

    test(
      'SARIF: toolExecutionNotifications, and the run not successful',
      withBadFiles(async (dir) => {
        const { code, out } = await check('--format', 'sarif', dir);
        assert.equal(code, 2);
        const run = JSON.parse(out).runs[0];
        const [invocation] = run.invocations;
        assert.equal(invocation.executionSuccessful, false);
        const notified = invocation.toolExecutionNotifications.map(
          (n: {
            message: { text: string };
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }) => `${path.basename(n.locations[0].physicalLocation.artifactLocation.uri)}: ${n.message.text}`,
        );
        assert.equal(notified.length, 4);
        assert.match(notified[0], /^a_deep\.py: not analysed: nested too deeply/);
        assert.equal(run.results.length, 1);
        const clean = JSON.parse((await check('--format', 'sarif', 'examples/correct_mnist_cnn.py')).out).runs[0];
        assert.deepEqual(clean.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
      }),
    );

    test('named pipes and devices are refused unread instead of blocking', {
      skip: process.platform === 'win32',
    }, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-fifo-'));
      try {
        const fifo = path.join(dir, 'model.py');
        assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
        const { code, out } = await check(fifo, '/dev/zero');
        assert.equal(code, 2);
        assert.match(out, /model\.py: not analysed: a named pipe \(FIFO\), not a file to analyse/);
        assert.match(out, /\/dev\/zero: not analysed: a device, not a file to analyse/);
        // summary and verify read their file the same way.
        const err = new Capture();
        assert.equal(await runSummary([fifo], new Capture(), err), 2);
        assert.match(err.text, /model\.py: a named pipe \(FIFO\), not a file to analyse/);
        await assert.rejects(runVerify([fifo], new Capture(), new Capture()), /a named pipe \(FIFO\)/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('files larger than the limit are refused before they are read', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-large-'));
      try {
        const big = path.join(dir, 'big.py');
        // Sparse: 50 MB that take no disk and, refused by size, no memory.
        fs.closeSync(fs.openSync(big, 'w'));
        fs.truncateSync(big, 50_000_000);
        const { code, out } = await check(big);
        assert.equal(code, 2);
        assert.match(out, /big\.py: not analysed: too large to analyse \(50\.0 MB; the limit is 10 MB\)/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  test('notebooks: a null cell, a byte-order mark, the old format 3', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-nb-'));
    try {
      const cell = (source: string) => ({
        cell_type: 'code',
        execution_count: null,
        metadata: {},
        outputs: [],
        source,
      });
      const code =
        "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\nm.compile(loss='categorical_crossentropy')\n";
      const v4 = (cells: unknown[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
      fs.writeFileSync(path.join(dir, 'null_cell.ipynb'), v4([null, cell(code)]));
      fs.writeFileSync(path.join(dir, 'bom.ipynb'), `\uFEFF${v4([cell(code)])}`);
      fs.writeFileSync(
        path.join(dir, 'v3.ipynb'),
        JSON.stringify({
          nbformat: 3,
          nbformat_minor: 0,
          metadata: {},
          worksheets: [{ cells: [{ cell_type: 'code', input: [code], language: 'python', outputs: [] }] }],
        }),
      );
      const { code: exit, out } = await check('--format', 'json', dir);
      assert.equal(exit, 2);
      const files = JSON.parse(out).files as {
        path: string;
        error?: string;
        findings: { rule: string; cell: number }[];
      }[];
      const byName = new Map(files.map((f) => [path.basename(f.path), f]));
      // The null cell is skipped; the findings of the other cell keep its number (2).
      assert.deepEqual(
        byName.get('null_cell.ipynb')?.findings.map((f) => `${f.rule}@${f.cell}`),
        ['softmax-single-unit@2', 'categorical-loss-single-unit@2'],
      );
      assert.equal(byName.get('bom.ipynb')?.findings.length, 2);
      assert.equal(
        byName.get('v3.ipynb')?.error,
        'a Jupyter notebook in the old format 3, which is not supported; convert it to format 4 with: jupyter nbconvert --to notebook --nbformat 4 v3.ipynb',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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

  test('a reader that closes the pipe early (| head) ends the command quietly, as SIGPIPE does', async () => {
    // A file with many models, so the summary is longer than one pipe buffer.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-epipe-'));
    const file = path.join(dir, 'many.py');
    const block = (i: number) =>
      `m${i} = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(${i + 1}), keras.layers.Dense(1)])\n`;
    fs.writeFileSync(file, `import keras\n${Array.from({ length: 400 }, (_, i) => block(i)).join('')}`);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli-process.ts', 'summary', file]);
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      // Read one chunk, then close our end, as `head -1` does.
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      assert.equal(status, 141);
      assert.equal(stderr, '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
