#!/usr/bin/env node
// `npm run test:e2e`: packages the extension, installs it from the .vsix into
// a fresh real VS Code (code-server), and runs
//   integration  the mocha suite inside the extension host (real `vscode` API)
//   ui           the UI suite in headless Chromium (playwright-core), with screenshots
// Usage: node test/e2e/run.mjs [integration|ui]... [--readme-images]   (default: both)
// --readme-images copies the README screenshots from the UI run to docs/images/.
// Output: test-results/e2e/ (screenshots, logs). KEEP_TMP=1 keeps the temp folders.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSuite } from './harness/build-suite.mjs';
import { runIntegration } from './harness/integration.mjs';
import { ensureTools, ROOT } from './harness/tools.mjs';
import { runUi } from './ui/ui-suite.mjs';

const started = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const which = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const want = (name) => which.length === 0 || which.includes(name);
const outDir = path.join(ROOT, 'test-results', 'e2e');
fs.mkdirSync(outDir, { recursive: true });

let tools;
try {
  tools = ensureTools(log);
} catch (error) {
  console.error(`e2e: cannot run the end-to-end tests: ${error.message}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
log(`code-server: ${tools.codeServer}; chromium: ${tools.chromium}`);

const vsix = path.join(ROOT, 'out', 'e2e', 'model-doctor.vsix');
fs.mkdirSync(path.dirname(vsix), { recursive: true });
const pack = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (pack.status !== 0) {
  console.error(`e2e: packaging failed:\n${pack.stdout}\n${pack.stderr}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
log(pack.stdout.trim().split('\n').pop());

const totals = { passed: 0, failed: 0 };
if (want('integration')) {
  const testsPath = await buildSuite();
  log('integration suite (mocha in the extension host)');
  const r = await runIntegration({ tools, vsix, testsPath, outDir, log });
  totals.passed += r.passed;
  totals.failed += r.failed;
  log(`integration: ${r.passed} passed, ${r.failed} failed`);
  log('integration suite in Restricted Mode (workspace not trusted)');
  const rr = await runIntegration({ tools, vsix, testsPath, outDir, log, restricted: true });
  totals.passed += rr.passed;
  totals.failed += rr.failed;
  log(`restricted: ${rr.passed} passed, ${rr.failed} failed`);
}
if (want('ui')) {
  log('UI suite (Chromium + playwright-core)');
  const r = await runUi({ tools, vsix, outDir, log });
  totals.passed += r.passed;
  totals.failed += r.failed;
  log(`ui: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}
log(
  `done in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots and logs in ${path.relative(process.cwd(), outDir)}`,
);
console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed ? 1 : 0;
