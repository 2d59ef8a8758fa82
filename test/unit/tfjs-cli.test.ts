/** The CLI treats .js/.ts files like .py files: same discovery, same JSON contract, same exit codes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { runCheck } from '../../src/cli/check';

async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write: (chunk, _enc, done) => {
        append(String(chunk));
        done();
      },
    });
  const code = await runCheck(
    argv,
    sink((s) => (out += s)),
    sink((s) => (err += s)),
  );
  return { code, out, err };
}

/** Every key path in a JSON value (array items merged), to compare shapes. */
function shape(value: unknown, prefix = ''): Set<string> {
  const keys = new Set<string>();
  if (Array.isArray(value)) for (const item of value) for (const k of shape(item, `${prefix}[]`)) keys.add(k);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(`${prefix}.${k}:${Array.isArray(v) ? 'array' : typeof v}`);
      for (const inner of shape(v, `${prefix}.${k}`)) keys.add(inner);
    }
  }
  return keys;
}

test('check finds .js/.mjs/.cjs/.ts/.tsx files in a folder and reports them', async () => {
  const { code, out, err } = await check(['examples/tfjs']);
  assert.equal(err, '');
  assert.equal(code, 1, 'errors found');
  for (const name of ['DigitPad.tsx', 'browser-mnist.js', 'cats-vs-dogs.js', 'house-prices.cjs', 'iris.mjs']) {
    assert.match(out, new RegExp(`examples/tfjs/${name.replace('.', '\\.')}:\\d+:\\d+  (error|warning|info)  `), name);
  }
  assert.match(out, /4 error\(s\), 3 warning\(s\), 0 info in 7 file\(s\)\n$/);
});

test('the JSON of a tfjs file has exactly the shape of a Python file’s', async () => {
  const js = JSON.parse((await check(['--format', 'json', 'examples/tfjs/cats-vs-dogs.js'])).out);
  const py = JSON.parse((await check(['--format', 'json', 'examples/cats_vs_dogs_softmax.py'])).out);
  assert.deepEqual([...shape(js)].sort(), [...shape(py)].sort());
  const [finding] = js.files[0].findings;
  assert.deepEqual(finding.range, { start: { line: 45, column: 52 }, end: { line: 45, column: 61 } });
  assert.deepEqual(finding.fixes[0], {
    title: 'Use sigmoid (keep 1 unit)',
    edits: [{ range: { start: { line: 45, column: 52 }, end: { line: 45, column: 61 } }, newText: "'sigmoid'" }],
  });
});

test('SARIF lists tfjs results too', async () => {
  const sarif = JSON.parse((await check(['--format', 'sarif', 'examples/tfjs/iris.mjs'])).out);
  assert.deepEqual(
    sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
    ['unknown-loss'],
  );
});

test('a clean tfjs file exits 0; a file the parser cannot take is reported and the others still checked', async () => {
  assert.equal((await check(['examples/tfjs/sentiment.ts'])).code, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tfjs-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'deep.js'),
      `import * as tf from '@tensorflow/tfjs';\nx = ${'['.repeat(30000)}${']'.repeat(30000)};\n`,
    );
    fs.copyFileSync('examples/tfjs/iris.mjs', path.join(dir, 'iris.mjs'));
    const { code, out, err } = await check([dir]);
    assert.match(err, /deep\.js: the code is nested too deeply for the JavaScript parser; not analysed/);
    assert.match(out, /iris\.mjs:30:11 {2}error/);
    assert.equal(code, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the bundled CLI loads the TypeScript front end from its own file, only for JS/TS input', {
  skip: !fs.existsSync('dist/cli.js') && 'dist/ not built',
}, () => {
  const run = (file: string) =>
    spawnSync(
      process.execPath,
      [
        '-e',
        `
    const Module = require('module');
    const load = Module._load;
    const seen = [];
    Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };
    process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(seen.filter((r) => r.includes('tfjs-front-end')))));
    require('./dist/cli.js').main(['check', ${JSON.stringify(file)}]).then((code) => { process.exitCode = code; });
  `,
      ],
      { encoding: 'utf8' },
    );
  const py = run('examples/cats_vs_dogs_softmax.py');
  assert.match(py.stderr, /LOADED \[\]/);
  assert.match(py.stdout, /softmax-single-unit/);
  const js = run('examples/tfjs/cats-vs-dogs.js');
  assert.match(js.stderr, /LOADED \["\.\/tfjs-front-end\.js"\]/);
  assert.match(js.stdout, /cats-vs-dogs\.js:45:52 {2}error/);
});
