// Bundles the integration suite (test/e2e/suite/*.ts) to out/e2e/suite/*.js:
// one file per test module, `vscode` and `mocha` left to the extension host.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './tools.mjs';

/** Bundles one extension-host entry file (exports run()) to out/e2e/<name>.js. */
export async function buildEntry(file) {
  const outfile = path.join(ROOT, 'out', 'e2e', path.basename(file).replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [file],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

export async function buildSuite() {
  const dir = path.join(ROOT, 'test', 'e2e', 'suite');
  const outdir = path.join(ROOT, 'out', 'e2e', 'suite');
  fs.rmSync(outdir, { recursive: true, force: true });
  const entryPoints = fs
    .readdirSync(dir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
  await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}
