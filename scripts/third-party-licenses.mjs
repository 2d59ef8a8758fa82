// Writes THIRD_PARTY_LICENSES.txt: the licence of every npm package whose code
// is bundled into the files the .vsix ships (read from the bundles' source maps).
// Usage: node scripts/third-party-licenses.mjs [bundle.js ...]   (default: dist/*.js except cli.js)
import * as fs from 'fs';
import * as path from 'path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const bundles = args.length
  ? args
  : fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js') && f !== 'cli.js').map((f) => path.join(root, 'dist', f));

const packages = new Map(); // package dir -> name
for (const bundle of bundles) {
  const mapFile = `${bundle}.map`;
  if (!fs.existsSync(mapFile)) {
    console.error(`third-party-licenses: ${mapFile} is missing; build with source maps first`);
    process.exit(1);
  }
  const { sources } = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  for (const source of sources) {
    const abs = path.resolve(path.dirname(mapFile), source);
    const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(abs);
    if (!m) continue;
    const dir = m[1];
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    packages.set(dir, `${manifest.name}@${manifest.version}`);
  }
}

// Files build.mjs copies into dist/ rather than bundles: which package each comes from (by name prefix).
const COPIED = {
  'tree-sitter.wasm': 'web-tree-sitter',
  'tree-sitter-python.wasm': 'tree-sitter-python',
  'tfjs-backend-wasm': '@tensorflow/tfjs-backend-wasm',
};
for (const file of fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.wasm'))) {
  const name = Object.entries(COPIED).find(([prefix]) => file === prefix || file.startsWith(prefix))?.[1];
  if (!name) {
    console.error(`third-party-licenses: dist/${file} is not in COPIED; say which package it comes from`);
    process.exit(1);
  }
  const dir = path.join(root, 'node_modules', name);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  packages.set(dir, `${manifest.name}@${manifest.version}`);
}

const sections = [];
for (const [dir, id] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : null;
  if (!text) {
    console.error(`third-party-licenses: ${id} ships no licence file (declared: ${manifest.license ?? 'none'})`);
    process.exit(1);
  }
  sections.push(`${id} (${manifest.license ?? 'see below'})\n${'-'.repeat(id.length)}\n${text}\n`);
}
const header = 'Model Doctor bundles the following packages. Their licences follow.\n\n';
fs.writeFileSync(path.join(root, 'THIRD_PARTY_LICENSES.txt'), header + sections.join('\n'));
console.log(`third-party-licenses: ${packages.size} package(s) -> THIRD_PARTY_LICENSES.txt`);
