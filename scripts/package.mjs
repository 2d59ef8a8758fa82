// Builds the .vsix and checks that it holds exactly what runs: the bundles and WASM, the rule
// docs, the README and its images, the licences, the webview assets, and nothing of the
// development tree.
//
// package.json's `files` list is the npm package (the CLI); vsce would read that same list, and
// refuses a .vscodeignore beside it. So the extension's files are staged in a folder of their own
// (VSIX_FILES below) with a manifest that has no `files`, and vsce packs that folder.
// Usage: node scripts/package.mjs [--out FILE]   (default: model-doctor-<version>.vsix)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vsixFiles } from './vsix-files.mjs';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(
  outArg > 0 ? process.argv[outArg + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`),
);

/** What the extension ships, as paths relative to the repository (a trailing `/` takes the folder). */
const VSIX_FILES = [
  'README.md',
  'LICENSE',
  'THIRD_PARTY_LICENSES.txt',
  'images/icon.png',
  'docs/rules/',
  'docs/images/',
  'media/',
  'dist/media/',
  ...fs
    .readdirSync(path.join(root, 'dist'))
    .filter((f) => /\.(js|wasm)$/.test(f) && f !== 'cli.js' && f !== 'check-worker.js')
    .map((f) => `dist/${f}`),
];

const step = (what, command, args, cwd) => {
  const run = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    console.error(`package: ${what} failed (exit ${run.status})`);
    process.exit(1);
  }
};

step('the production build', process.execPath, [path.join(root, 'scripts/build.mjs'), '--production'], root);
step('the licence file', process.execPath, [path.join(root, 'scripts/third-party-licenses.mjs')], root);

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'model-doctor-vsix-'));
try {
  for (const entry of VSIX_FILES) fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  // The extension's manifest: no npm `files`/`bin`, no scripts (the build ran above), no dependencies to list.
  const { files, bin, scripts, devDependencies, optionalDependencies, ...extension } = manifest;
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(extension, null, 2)}\n`);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  step('vsce', process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], stage);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
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
    if (!allowed.some((p) => p.test(f))) problems.push(`unexpected ${f} (not something that runs; see VSIX_FILES)`);
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
