/** What the integration tests need on the machine: tools from Debian (installed on demand) and the built CLI. */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'model-doctor.js');

/** Installs the tools when missing (scripts/install-integration-tools.sh); throws, saying why, when it cannot. */
export function ensureTools(...tools: string[]): void {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-integration-tools.sh'), ...tools], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`could not install ${tools.join(', ')}: ${result.stderr}`);
}

/** The bundled CLI must exist: `npm run test:integration` builds it first. */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` (npm run test:integration does)');
}

export function check(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

export function version(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0];
}
