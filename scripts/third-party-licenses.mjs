// Writes THIRD_PARTY_LICENSES.txt: the licence of every npm package whose code
// is bundled into the files the .vsix and the npm package ship (read from the bundles' esbuild metafiles).
// Usage: node scripts/third-party-licenses.mjs [bundle.js ...]   (default: every dist/*.js)
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const bundles = args.length
  ? args
  : fs
      .readdirSync(path.join(root, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => path.join(root, 'dist', f));

const packages = new Map(); // package dir -> name@version
for (const bundle of bundles) {
  const metaFile = bundle.replace(/\.js$/, '.meta.json');
  if (!fs.existsSync(metaFile)) {
    console.error(`third-party-licenses: ${metaFile} is missing; build with scripts/build.mjs first`);
    process.exit(1);
  }
  const { inputs } = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  for (const input of Object.keys(inputs)) {
    // The innermost node_modules folder is the package the file belongs to.
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
    if (!m) continue;
    const dir = path.resolve(root, m[1]);
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

/** Full licence texts, from packages installed for the build, for packages that only declare an SPDX id. */
const FULL_TEXTS = {
  'Apache-2.0': () => {
    const text = fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'LICENSE.txt'), 'utf8').trim();
    return text.startsWith('Apache License') ? text : null;
  },
  // The MIT terms without a copyright line (the holders are named in each package's own notices).
  MIT: () =>
    fs
      .readFileSync(path.join(root, 'LICENSE'), 'utf8')
      .replace(/^Copyright .*\n\n?/m, '')
      .trim(),
};

const sections = [];
const declaredOnly = new Set();
for (const [dir, id] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const declared = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type;
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  let text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : licenceSectionOfReadme(dir);
  if (!text) {
    // Some packages (TensorFlow.js among them) ship no licence file; their package.json declares it.
    if (!declared) {
      console.error(`third-party-licenses: ${id} has neither a licence file nor a declared licence`);
      process.exit(1);
    }
    for (const part of declared.replace(/[()]/g, '').split(/\s+(?:AND|OR)\s+/)) declaredOnly.add(part);
    text = `Licensed under ${declared} (declared in its package.json; the package ships no licence file). The full text of ${declared} follows at the end.`;
  }
  sections.push(`${id} (${declared ?? 'see below'})\n${'-'.repeat(id.length)}\n${text}\n`);
}
for (const licence of declaredOnly) {
  const full = FULL_TEXTS[licence]?.();
  if (!full) {
    console.error(`third-party-licenses: no full text of ${licence} available; add it to FULL_TEXTS`);
    process.exit(1);
  }
  sections.push(`${licence}\n${'-'.repeat(licence.length)}\n${full}\n`);
}

/** The "License" section of a package's README, for packages that put their licence there. */
function licenceSectionOfReadme(dir) {
  const readme = fs.readdirSync(dir).find((f) => /^readme(\.md)?$/i.test(f));
  if (!readme) return null;
  const lines = fs.readFileSync(path.join(dir, readme), 'utf8').split('\n');
  const start = lines.findIndex(
    (l, i) => /^(#+\s*)?licen[cs]e\b/i.test(l.trim()) && (l.startsWith('#') || /^[-=]{3,}$/.test(lines[i + 1] ?? '')),
  );
  if (start < 0) return null;
  const body = [];
  for (const line of lines.slice(start)) {
    if (body.length > 2 && /^#+\s/.test(line)) break;
    body.push(line);
  }
  const text = body.join('\n').trim();
  return /copyright|permission/i.test(text) ? text : null;
}

const header = 'Model Doctor bundles the following packages. Their licences follow.\n\n';
fs.writeFileSync(path.join(root, 'THIRD_PARTY_LICENSES.txt'), header + sections.join('\n'));
console.log(`third-party-licenses: ${packages.size} package(s) -> THIRD_PARTY_LICENSES.txt`);
