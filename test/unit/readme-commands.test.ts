/**
 * The README's commands, run literally from the repository root as a newcomer types them: every
 * indented `npx model-doctor ...` line of the "Run" section, through npx and the
 * node_modules/.bin link (the way `model-doctor` printed nothing and exited 0 was missed before).
 * `npm install` and `npm test` themselves are what CI runs; the packed package has its own test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The indented command lines of one `## ` section. */
function commands(section: string): string[] {
  const start = readme.indexOf(`\n## ${section}\n`);
  assert.ok(start >= 0, `the README has a "${section}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const body = readme.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/^ {4}(\S.*)$/gm)].map((m) => m[1].trim());
}

test('the README installs with one command and tests with one command', () => {
  assert.deepEqual(commands('Install'), ['npm install']);
  assert.deepEqual(commands('Test'), ['npm test']);
  assert.equal(
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.test.includes('lint'),
    true,
  );
});

const run = commands('Run');

test('the "Run" section starts with the main job on the bundled examples', () => {
  assert.equal(run[0], 'npx model-doctor check examples/');
});

for (const line of run) {
  test(`README: ${line}`, () => {
    const result = spawnSync(line, { cwd: root, shell: true, encoding: 'utf8', timeout: 120_000 });
    assert.ok(result.stdout.trim().length > 0, `"${line}" printed nothing (stderr: ${result.stderr})`);
    if (line.startsWith('npx model-doctor check ')) {
      // The examples hold mistakes on purpose: a linter that finds errors exits 1 and says how many.
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /\n\d+ error\(s\), \d+ warning\(s\), \d+ info in \d+ file\(s\)\n$/);
      assert.match(result.stdout, /examples\/cats_vs_dogs_softmax\.py:\d+:\d+ {2}error .*\[softmax-single-unit\]/);
    } else {
      assert.equal(result.status, 0, result.stderr);
    }
  });
}
