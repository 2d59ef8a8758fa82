// Bundles the extension, the CLI and the trainer worker with esbuild and copies
// the WASM files they load at run time next to them in dist/.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

fs.mkdirSync(dist, { recursive: true });
for (const [from, to] of [
  ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
  ['tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
]) {
  fs.copyFileSync(require.resolve(from), path.join(dist, to));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  // Native TensorFlow cannot be bundled; it is loaded at run time when installed.
  external: ['vscode', '@tensorflow/tfjs-node'],
  // web-tree-sitter's ES module reads import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { entryPoints: [path.join(root, 'src/extension.ts')], outfile: path.join(dist, 'extension.js') },
  { entryPoints: [path.join(root, 'src/cli.ts')], outfile: path.join(dist, 'cli.js') },
].filter((e) => fs.existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  // The metafile lists every bundled input: scripts/third-party-licenses.mjs reads it.
  await Promise.all(
    entries.map(async (e) => {
      const result = await esbuild.build({ ...common, ...e, metafile: true });
      fs.writeFileSync(e.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
    }),
  );
}
