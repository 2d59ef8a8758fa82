/**
 * `model-doctor check` on big trees: worker threads give the same reports as
 * one thread, the content-hash cache, what git ignores, the project settings
 * (`rules`, `exclude`) and the progress line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Analyzer } from '../../src/analyzer';
import { analyzeFile } from '../../src/cli/analyze-file';
import { ProgressLine } from '../../src/cli/progress';
import { fromPlainReport, toPlainReport } from '../../src/cli/report-transfer';
import { analyzeOnWorkers } from '../../src/cli/worker-pool';
import { Capture, check } from '../cli-capture';

const SEED = fs.readFileSync('examples/cats_vs_dogs_softmax.py', 'utf8');
const CLEAN = fs.readFileSync('examples/correct_regression.py', 'utf8');
const temporary: string[] = [];
after(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-scale-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const filesOf = (json: string) =>
  (JSON.parse(json) as { files: { path: string }[] }).files.map((f) => path.basename(f.path)).sort();

describe('check at scale', () => {
  test('worker threads report exactly what one thread reports, in input order', async () => {
    const examples = [
      'examples/cats_vs_dogs_softmax.py',
      'examples/typos_in_names.py',
      'examples/notebooks/churn_softmax.ipynb',
      'examples/tfjs/iris.mjs',
      'examples/tfjs/sentiment.ts',
      'examples/correct_mnist_cnn.py',
    ];
    const analyzer = await Analyzer.create();
    const expected = examples.map((f) => toPlainReport(analyzeFile(analyzer, f)));
    const got: unknown[] = [];
    await analyzeOnWorkers(examples, {}, 2, (i, report) => (got[i] = toPlainReport(report)));
    assert.deepEqual(got, expected);
    // Positions survive the trip for every span the formats use.
    const finding = fromPlainReport(expected[0]).findings[0];
    assert.deepEqual(finding.toPosition(finding.finding.span.start), { line: 47, character: 35 });
  });

  test('--cache: an unchanged file comes from the cache, a changed one is analysed again', async () => {
    const dir = tree({ 'model.py': SEED });
    const cache = path.join(dir, 'cache');
    const first = await check('--format', 'json', '--cache-location', cache, dir);
    assert.equal(first.code, 1);
    const [stored] = fs.readdirSync(cache).filter((n) => n.startsWith('results-'));
    assert.ok(stored, 'the cache file is written');
    assert.match(fs.readFileSync(path.join(cache, '.gitignore'), 'utf8'), /^\*$/m);
    assert.ok(fs.existsSync(path.join(cache, 'CACHEDIR.TAG')));
    // Tamper with the stored message: the next run must print it, proving it read the cache.
    const file = path.join(cache, stored);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/softmax over a single unit[^"]*/, 'FROM THE CACHE'));
    const second = await check('--format', 'json', '--cache-location', cache, dir);
    assert.match(second.out, /FROM THE CACHE/);
    assert.equal(second.code, 1);
    // A changed file is analysed again (and its new result stored).
    fs.writeFileSync(path.join(dir, 'model.py'), `${SEED}\n# edited\n`);
    const third = await check('--format', 'json', '--cache-location', cache, dir);
    assert.doesNotMatch(third.out, /FROM THE CACHE/);
    assert.match(third.out, /softmax over a single unit/);
  });

  test('--cache is keyed by the settings: other rule severities do not reuse results', async () => {
    const dir = tree({ 'model.py': SEED, 'settings.json': '{ "rules": { "softmax-single-unit": "off" } }' });
    const cache = path.join(dir, 'cache');
    assert.equal((await check('--cache-location', cache, path.join(dir, 'model.py'))).code, 1);
    const off = await check(
      '--cache-location',
      cache,
      '--config',
      path.join(dir, 'settings.json'),
      path.join(dir, 'model.py'),
    );
    assert.equal(off.code, 0, off.out);
    assert.match(off.out, /^0 error\(s\)/m);
  });

  test('what git ignores is left out of walked folders; a file named on the command line is still checked', async () => {
    const dir = tree({
      '.git/info/exclude': 'scratch/\n',
      '.gitignore': 'generated/\n*_gen.py\n',
      'src/model.py': SEED,
      'src/.gitignore': '!keep_gen.py\n',
      'src/keep_gen.py': SEED,
      'src/other_gen.py': SEED,
      'generated/model.py': SEED,
      'scratch/model.py': SEED,
    });
    const walked = await check('--format', 'json', dir);
    assert.deepEqual(filesOf(walked.out), ['keep_gen.py', 'model.py']);
    const named = await check('--format', 'json', path.join(dir, 'generated', 'model.py'));
    assert.deepEqual(filesOf(named.out), ['model.py']);
  });

  test('exclude (gitignore syntax, relative to the settings file) applies to walked and named files', async () => {
    const dir = tree({
      '.model-doctor.json': '{ "exclude": ["legacy/", "*_old.py"] }',
      'model.py': CLEAN,
      'model_old.py': SEED,
      'legacy/model.py': SEED,
    });
    const config = path.join(dir, '.model-doctor.json');
    const walked = await check('--format', 'json', '--config', config, dir);
    assert.deepEqual(filesOf(walked.out), ['model.py']);
    assert.equal(walked.code, 0);
    const named = await check('--format', 'json', '--config', config, path.join(dir, 'legacy', 'model.py'));
    assert.deepEqual(filesOf(named.out), []);
  });

  test('bad settings and options are usage errors', async () => {
    const dir = tree({ 'bad.json': '{ "exclude": "legacy/" }', 'broken.json': '{ rules: ', 'model.py': CLEAN });
    await assert.rejects(check('--config', path.join(dir, 'bad.json'), dir), /"exclude" must be a list/);
    await assert.rejects(check('--config', path.join(dir, 'broken.json'), dir), /not valid JSON/);
    await assert.rejects(check('--config', path.join(dir, 'none.json'), dir), /cannot read --config/);
    await assert.rejects(check('--jobs', '0', dir), /--jobs must be a whole number/);
    const unknown = tree({ 's.json': '{ "rules": { "no-such-rule": "off" }, "colour": 1 }', 'model.py': CLEAN });
    const warned = await check('--config', path.join(unknown, 's.json'), unknown);
    assert.match(warned.err, /unknown setting "colour"/);
    assert.match(warned.err, /unknown rule id "no-such-rule"/);
  });

  test('the progress line: only on a terminal, only for long runs, erased at the end', async () => {
    const pipe = new Capture();
    const quiet = new ProgressLine(pipe, 10);
    await new Promise((r) => setTimeout(r, 600));
    quiet.update(3, 'a.py');
    quiet.clear();
    assert.equal(pipe.text, '', 'nothing on a pipe');
    const terminal = new Capture();
    terminal.isTTY = true;
    const line = new ProgressLine(terminal, 10);
    line.update(1, 'early.py');
    assert.equal(terminal.text, '', 'not in the first half second');
    await new Promise((r) => setTimeout(r, 600));
    line.update(3, 'src/model.py');
    assert.equal(terminal.text, '\r\x1b[2Kmodel-doctor: checking 3/10 files src/model.py');
    line.clear();
    const erased = terminal.text as string;
    assert.equal(erased.slice(-5), '\r\x1b[2K', 'the line is erased');
  });
});
