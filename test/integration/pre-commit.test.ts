/**
 * pre-commit (Debian's package) installs this repository as a hook the way
 * users get it (`.pre-commit-hooks.yaml`, `language: node`: npm install, npm
 * pack, npm install -g) and runs it on a scratch git repository: through
 * `pre-commit try-repo`, and as the installed git hook, a commit with the seed
 * mistake is refused with the finding printed, and a clean commit passes.
 * The hook repository is a snapshot of the working tree (uncommitted changes
 * included), so what is tested is what would be committed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ensureTools, ROOT, version } from './tools';

const SEED = fs.readFileSync(path.join(ROOT, 'examples', 'cats_vs_dogs_softmax.py'), 'utf8');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git repository holding the working tree's files (tracked, and new ones not ignored), committed once. */
function snapshotOfWorkingTree(into: string): string {
  const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted but not yet staged
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    fs.copyFileSync(from, path.join(into, file));
  }
  git(into, 'init', '-q');
  git(into, 'add', '-A');
  git(into, '-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'snapshot');
  return git(into, 'rev-parse', 'HEAD').trim();
}

test('pre-commit: a commit with the seed mistake is refused, a clean one passes', { timeout: 1_200_000 }, (t) => {
  ensureTools('pre-commit', 'git');
  t.diagnostic(`pre-commit ${version('pre-commit', ['--version'])}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-pre-commit-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  const hooks = path.join(work, 'model-doctor');
  fs.mkdirSync(hooks);
  const rev = snapshotOfWorkingTree(hooks);

  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  git(project, 'init', '-q');
  git(project, 'config', 'user.name', 'test');
  git(project, 'config', 'user.email', 'test@example.com');
  // pre-commit's own cache (the hook's installed environment) stays inside the scratch folder.
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'cache'), PRE_COMMIT_COLOR: 'never' };
  const run = (command: string, ...args: string[]) => {
    const result = spawnSync(command, args, { cwd: project, env, encoding: 'utf8', timeout: 900_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  // The mistake, staged, next to a file the hook must not look at.
  fs.writeFileSync(path.join(project, 'model.py'), SEED);
  fs.writeFileSync(path.join(project, 'notes.txt'), SEED);
  git(project, 'add', 'model.py', 'notes.txt');

  // 1. try-repo: the hooks repository as a hook on the staged files (this installs its npm environment).
  const tried = run('pre-commit', 'try-repo', hooks, 'model-doctor', '--ref', rev);
  assert.equal(tried.status, 1, tried.output);
  assert.match(tried.output, /Model Doctor\.+Failed/);
  assert.match(tried.output, /model\.py:48:36 {2}error {2}softmax over a single unit .*\[softmax-single-unit\]/);
  assert.doesNotMatch(tried.output, /notes\.txt/, 'only Python, notebook and JS/TS files are passed');
  assert.match(tried.output, /1 error\(s\), 0 warning\(s\), 0 info in 1 file\(s\)/);

  // 2. The same repository and revision as the project's configured hook: `git commit` is refused.
  fs.writeFileSync(
    path.join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${JSON.stringify(hooks)}\n    rev: ${rev}\n    hooks:\n      - id: model-doctor\n`,
  );
  git(project, 'add', '.pre-commit-config.yaml');
  const installed = run('pre-commit', 'install');
  assert.equal(installed.status, 0, installed.output);
  const refused = run('git', 'commit', '-m', 'a model that cannot learn');
  assert.notEqual(refused.status, 0, refused.output);
  assert.match(refused.output, /model\.py:48:36 {2}error {2}softmax over a single unit/);
  assert.throws(() => git(project, 'rev-parse', '--verify', 'HEAD'), 'no commit was made');

  // 3. Fixed (the preferred fix), the commit passes.
  fs.writeFileSync(path.join(project, 'model.py'), SEED.replace('activation="softmax"', 'activation="sigmoid"'));
  git(project, 'add', 'model.py');
  const passed = run('git', 'commit', '-m', 'sigmoid on one unit');
  assert.equal(passed.status, 0, passed.output);
  assert.match(passed.output, /Model Doctor\.+Passed/);
  assert.equal(git(project, 'log', '--format=%s').trim(), 'sigmoid on one unit');
});
