// Bundles the extension, the CLI and the trainer worker with esbuild and copies
// the WASM files they load at run time next to them in dist/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// npm runs `prepack` (the production build) and then `prepare` when it packs or publishes: the
// development build `prepare` does on `npm install` must not overwrite the bundles being shipped.
if (
  process.env.npm_lifecycle_event === 'prepare' &&
  ['pack', 'publish'].includes(process.env.npm_command ?? '') &&
  !production
) {
  console.log('build: prepack already built the production bundles');
  process.exit(0);
}

fs.mkdirSync(dist, { recursive: true });
for (const [from, to] of [
  ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
  ['tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  // The trainer's WebAssembly backend (used only when chosen, for models without convolutions).
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs-backend-wasm.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-simd.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'],
]) {
  fs.copyFileSync(require.resolve(from), path.join(dist, to));
}
// The verify webview's chart library, served from the extension (never a CDN).
fs.mkdirSync(path.join(dist, 'media'), { recursive: true });
for (const [from, to] of [
  ['uplot/dist/uPlot.iife.min.js', 'uPlot.iife.min.js'],
  ['uplot/dist/uPlot.min.css', 'uPlot.min.css'],
]) {
  fs.copyFileSync(require.resolve(from), path.join(dist, 'media', to));
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

// The JS/TS front end bundles the TypeScript compiler (~9 MB): it is its own file,
// required by src/analyzer/tfjs/lazy.ts only when a .js/.ts file is analysed, so
// loading the extension or checking Python files does not parse it.
const TFJS_FRONT_END = 'tfjs-front-end.js';
const splitTfjsFrontEnd = {
  name: 'split-tfjs-front-end',
  setup(build) {
    build.onResolve({ filter: /^\.\/front-end$/ }, (args) =>
      args.importer.endsWith(path.join('tfjs', 'lazy.ts'))
        ? { path: `./${TFJS_FRONT_END}`, external: true }
        : undefined,
    );
  },
};

const entries = [
  {
    entryPoints: [path.join(root, 'src/extension.ts')],
    outfile: path.join(dist, 'extension.js'),
    plugins: [splitTfjsFrontEnd],
  },
  { entryPoints: [path.join(root, 'src/cli.ts')], outfile: path.join(dist, 'cli.js'), plugins: [splitTfjsFrontEnd] },
  // `model-doctor check --jobs N`: each worker thread runs this bundle (its own analyzer).
  {
    entryPoints: [path.join(root, 'src/cli/check-worker.ts')],
    outfile: path.join(dist, 'check-worker.js'),
    plugins: [splitTfjsFrontEnd],
  },
  { entryPoints: [path.join(root, 'src/analyzer/tfjs/front-end.ts')], outfile: path.join(dist, TFJS_FRONT_END) },
  // The training child process: tfjs-node stays external (native), @tensorflow/tfjs is bundled for the fallback.
  { entryPoints: [path.join(root, 'src/trainer/worker.ts')], outfile: path.join(dist, 'trainer-worker.js') },
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
