// Builds the .vsix with vsce (its prepublish step builds the bundles and the
// licence file) and checks that it holds exactly what runs: the bundles and
// WASM, the rule docs, the README and its images, the licences, the webview
// assets, and nothing of the development tree.
// Usage: node scripts/package.mjs [--out FILE]   (default: model-doctor-<version>.vsix)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vsixFiles } from './vsix-files.mjs';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(
  outArg > 0 ? process.argv[outArg + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`),
);

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const run = spawnSync(process.execPath, [vsce, 'package', '--out', out], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (run.status !== 0) {
  console.error(`package: vsce failed (exit ${run.status})`);
  process.exit(1);
}

const problems = checkVsix(out);
if (problems.length) {
  console.error(`package: ${out} is not right:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`package: ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB) checked`);

/** Everything wrong with the package's file list, as sentences. */
function checkVsix(file) {
  const files = vsixFiles(file)
    .filter((f) => f.startsWith('extension/'))
    .map((f) => f.slice('extension/'.length));
  const has = new Set(files);
  const problems = [];
  const required = [
    'package.json',
    'readme.md',
    'LICENSE.txt',
    'THIRD_PARTY_LICENSES.txt',
    manifest.icon,
    manifest.main.replace(/^\.\//, ''),
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-python.wasm',
  ];
  // Whatever the repository has of these must ship: diagnostics link to the docs, the README shows the images, webviews load media.
  const listed = (dir, pattern) =>
    fs.existsSync(path.join(root, dir))
      ? walk(path.join(root, dir))
          .map((f) => path.relative(root, f).split(path.sep).join('/'))
          .filter((f) => pattern.test(f))
      : [];
  required.push(...listed('docs/rules', /\.md$/), ...listed('docs/images', /\.png$/), ...listed('media', /./));
  for (const f of required) if (!has.has(f)) problems.push(`missing ${f}`);
  const allowed = [
    /^package\.json$/,
    /^readme\.md$/,
    /^LICENSE\.txt$/,
    /^THIRD_PARTY_LICENSES\.txt$/,
    /^images\/icon\.png$/,
    /^docs\/rules\/[\w-]+\.md$/,
    /^docs\/images\/[\w-]+\.png$/,
    /^dist\/[\w./-]+\.(js|wasm)$/,
    /^dist\/media\/[\w.-]+\.css$/,
    /^media\//,
  ];
  for (const f of files) {
    if (!allowed.some((p) => p.test(f))) problems.push(`unexpected ${f} (not something that runs; see .vscodeignore)`);
    else if (f === 'dist/cli.js' || f === 'dist/check-worker.js' || f.endsWith('.map'))
      problems.push(`unexpected ${f} (the CLI bundle and source maps stay out)`);
  }
  return problems;
}

function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
