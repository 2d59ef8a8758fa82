// Runs a benchmark as the product runs: bundled by esbuild (no tsx transforms,
// which add wrappers to every function) into dist/, next to the WASM files.
// Usage: node scripts/run-bench.mjs bench/analysis.ts [args...]
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import * as path from 'path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bench.mjs BENCH.ts [args...]');
  process.exit(2);
}
const outfile = path.join('dist', `bench-${path.basename(entry, '.ts')}.js`);
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
