// Runs the unit tests with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [--fast] [folder or file...]   (--fast skips *.slow.test.ts)
//
// The runner gets a process group of its own: when it ends, anything still alive in the group (a
// training child a test forgot to stop) is killed and reported as a failure, so `npm test` never
// leaves processes behind and never passes while leaking them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const roots = args.filter((a) => !a.startsWith('--'));
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.test.ts') && !(fast && e.name.endsWith('.slow.test.ts'))) files.push(full);
  }
};
for (const root of roots.length ? roots : ['test/unit']) {
  if (fs.statSync(root).isDirectory()) walk(root);
  else files.push(root);
}

const runner = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  detached: true,
});
const stop = (signal) => groupKill(signal) || process.exit(130);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
runner.on('exit', (code, signal) => {
  let status = code ?? 1;
  if (groupKill(0)) {
    groupKill('SIGKILL');
    console.error('run-tests: processes were still running after the tests ended (killed): a test leaks a child');
    status = status || 1;
  }
  process.exit(signal ? 1 : status);
});

/** Signals the runner's process group; true when some process in it was there to receive it. */
function groupKill(signal) {
  try {
    process.kill(-runner.pid, signal);
    return true;
  } catch {
    return false;
  }
}
