// Runs the unit tests with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [--fast] [folder...]   (--fast skips *.slow.test.ts)
import { spawnSync } from 'node:child_process';
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
for (const root of roots.length ? roots : ['test/unit', 'test/rules']) walk(root);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
