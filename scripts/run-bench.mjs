// Runs a benchmark as the product runs: bundled by esbuild (no tsx transforms,
// which add wrappers to every function) into out/bench/, next to copies of the
// WASM files the analyzer loads (dist/ is what the extension package ships).
// Usage: node scripts/run-bench.mjs bench/analysis.ts [args...]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bench.mjs BENCH.ts [args...]');
  process.exit(2);
}
const outDir = path.join('out', 'bench');
fs.mkdirSync(outDir, { recursive: true });
for (const [from, to] of [
  ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
  ['tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
]) {
  fs.copyFileSync(require.resolve(from), path.join(outDir, to));
}
const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.js`);
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  logLevel: 'warning',
  external: ['vscode', '@tensorflow/tfjs-node'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
