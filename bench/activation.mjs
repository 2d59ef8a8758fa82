#!/usr/bin/env node
// Activation time of the packaged extension in a real VS Code (code-server
// 1.100), each run in a fresh server and window:
//   activate()        time spent in activate() itself (registration only)
//   parsers ready     until tree-sitter's WASM is loaded (asynchronous, after activate returns)
//   open -> active    from opening a .py file to the extension being active
//   open -> 1st diag  from opening the file to its first diagnostic
// It also checks that no TensorFlow module was loaded.
// Usage: node bench/activation.mjs [runs]   (default 3)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildEntry } from '../test/e2e/harness/build-suite.mjs';
import { runIntegration } from '../test/e2e/harness/integration.mjs';
import { ensureTools, ROOT } from '../test/e2e/harness/tools.mjs';

const runs = Number(process.argv[2] ?? 3);
const quiet = () => {};
const tools = ensureTools(quiet);
const outDir = path.join(ROOT, 'test-results', 'bench');
fs.mkdirSync(outDir, { recursive: true });
const vsix = path.join(ROOT, 'out', 'e2e', 'model-doctor.vsix');
fs.mkdirSync(path.dirname(vsix), { recursive: true });
const pack = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (pack.status !== 0) throw new Error(`packaging failed:\n${pack.stderr}`);
const probe = await buildEntry(path.join(ROOT, 'bench', 'activation-probe.ts'));

const samples = [];
for (let i = 0; i < runs; i++) {
  let sample = null;
  const r = await runIntegration({
    tools,
    vsix,
    testsPath: probe,
    outDir,
    log: quiet,
    onLine: (line) => {
      const m = /^BENCH (.*)$/.exec(line.trim());
      if (m) sample = JSON.parse(m[1]);
    },
  });
  if (r.code !== 0 || !sample) throw new Error(`run ${i + 1} failed (see ${outDir})`);
  if (sample.tensorflowModules) throw new Error(`activation loaded ${sample.tensorflowModules} TensorFlow module(s)`);
  samples.push(sample);
}
const median = (k) => {
  const v = samples.map((s) => s[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const fmt = (k) => `${median(k).toFixed(1).padStart(8)} ms  (runs: ${samples.map((s) => s[k].toFixed(0)).join(', ')})`;
const size = (f) => `${(fs.statSync(path.join(ROOT, 'dist', f)).size / 1024).toFixed(0)} KiB`;
console.log(
  `activation of the packaged extension, median of ${runs} fresh windows (code-server 1.100, Node ${process.versions.node})`,
);
console.log(`  activate()        ${fmt('activateMs')}`);
console.log(`  parsers ready     ${fmt('parsersReadyMs')}`);
console.log(`  open -> active    ${fmt('openToActiveMs')}`);
console.log(`  open -> 1st diag  ${fmt('openToFirstDiagnosticMs')}`);
console.log(`  TensorFlow modules loaded: 0; dist/extension.js ${size('extension.js')}`);
