// Finds the real VS Code (code-server) and Chromium the end-to-end tests run
// in, installing them with scripts/install-code-server.sh when missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/**
 * Paths of code-server and Chromium (CODE_SERVER_BIN / CHROMIUM_BIN name existing installs).
 * Throws an Error whose message says what is missing and how to get it: never a silent skip.
 */
export function ensureTools(log) {
  const env = {};
  if (!process.env.CODE_SERVER_BIN) {
    const script = path.join(ROOT, 'scripts', 'install-code-server.sh');
    log(`tools: ${path.relative(ROOT, script)} --env`);
    const run = spawnSync('bash', [script, '--env'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20 * 60_000,
    });
    if (run.status !== 0)
      throw new Error(
        `scripts/install-code-server.sh failed (exit ${run.status}):\n${run.stderr.split('\n').slice(-20).join('\n')}`,
      );
    for (const line of run.stdout.split('\n')) {
      const m = /^export (\w+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');
    }
  }
  const tools = {
    codeServer: process.env.CODE_SERVER_BIN || env.CODE_SERVER_BIN,
    chromium: process.env.CHROMIUM_BIN || env.CHROMIUM_BIN || '/usr/bin/chromium',
  };
  if (!tools.codeServer || !fs.existsSync(tools.codeServer)) {
    throw new Error(
      `code-server was not found at ${tools.codeServer} (CODE_SERVER_BIN, or what scripts/install-code-server.sh printed). ` +
        'On a machine that can download VS Code, `npm run test:desktop` runs the integration suite instead.',
    );
  }
  if (!fs.existsSync(tools.chromium)) throw new Error(`Chromium not found at ${tools.chromium} (set CHROMIUM_BIN)`);
  return tools;
}
