/**
 * A real third-party LSP client: Neovim (Debian's package) runs headless with
 * its built-in LSP client configured by docs/editors/neovim.lua, against the
 * built `model-doctor lsp --stdio`. It opens the seed example, receives the
 * softmax-single-unit diagnostic at the argument, requests code actions,
 * applies the preferred fix and writes the file, which then passes
 * `model-doctor check`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI, check, ensureBuilt, ensureTools, ROOT, version } from './tools';

test('Neovim: diagnostic, preferred quick fix, written file passes check', { timeout: 300_000 }, (t) => {
  ensureTools('nvim');
  ensureBuilt();
  t.diagnostic(version('nvim', ['--version']));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-nvim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'cats_vs_dogs_softmax.py');
  fs.copyFileSync(path.join(ROOT, 'examples', 'cats_vs_dogs_softmax.py'), file);
  assert.equal(check(file).status, 1, 'the seed example has the error before');
  const report = path.join(dir, 'report.json');

  const result = spawnSync(
    'nvim',
    ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'neovim', 'apply-preferred-fix.lua')}`],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...process.env,
        MD_FILE: file,
        MD_REPORT: report,
        MD_CONFIG: path.join(ROOT, 'docs', 'editors', 'neovim.lua'),
        MD_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
      },
    },
  );
  const seen = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null;
  assert.ok(seen, `Neovim wrote no report (status ${result.status}): ${result.stderr}${result.stdout}`);
  assert.equal(seen.error, undefined, `Neovim stopped after ${JSON.stringify(seen.steps)}: ${seen.error}`);
  assert.equal(result.status, 0);
  assert.deepEqual(seen.steps, [
    'opened as python',
    'attached',
    'diagnostics',
    'code actions',
    'written',
    'clean after save',
    'stopped',
  ]);

  // The diagnostic Neovim shows: the 'softmax' argument on line 48, columns 36–45 (0-based 35–44).
  assert.equal(seen.diagnostics.length, 1);
  const [d] = seen.diagnostics;
  assert.deepEqual([d.lnum, d.col, d.end_lnum, d.end_col], [47, 35, 47, 44]);
  assert.equal(d.code, 'softmax-single-unit');
  assert.equal(d.source, 'Model Doctor');
  assert.equal(d.severity, 1);

  assert.deepEqual(
    seen.actions.map((a: { title: string; isPreferred: boolean }) => [a.title, a.isPreferred]),
    [
      ['Use sigmoid (keep 1 unit)', true],
      ['Use 2 units with softmax and sparse_categorical_crossentropy', false],
      ['Ignore softmax-single-unit on this line', false],
    ],
  );
  assert.equal(seen.applied, 'Use sigmoid (keep 1 unit)');
  assert.equal(seen.line_after_fix.trim(), 'layers.Dense(1, activation="sigmoid"),');

  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /layers\.Dense\(1, activation="sigmoid"\),/, 'the fix is on disk');
  const after = check(file);
  assert.equal(after.status, 0, `model-doctor check after the fix:\n${after.output}`);
  assert.match(after.output, /0 error\(s\), 0 warning\(s\), 0 info in 1 file\(s\)/);
});
