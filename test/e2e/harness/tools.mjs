// Finds the real VS Code (code-server) and Chromium the end-to-end tests run
// in, installing them through the shared install-code-server.sh when missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** Where the shared tools folder may be: $SHARED_TOOLS, ../shared/tools beside the repo (CI), /work/shared/tools. */
function installScript() {
  const candidates = [
    process.env.SHARED_TOOLS && path.join(process.env.SHARED_TOOLS, 'install-code-server.sh'),
    path.join(ROOT, '..', 'shared', 'tools', 'install-code-server.sh'),
    '/work/shared/tools/install-code-server.sh',
  ].filter(Boolean);
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

/**
 * Paths of code-server, Chromium and playwright-core. Throws an Error whose
 * message says what is missing and how to get it: never a silent skip.
 */
export function ensureTools(log) {
  const script = installScript();
  const env = {};
  if (script) {
    log(`tools: ${script} --env`);
    const run = spawnSync('bash', [script, '--env'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20 * 60_000,
    });
    if (run.status !== 0)
      throw new Error(
        `install-code-server.sh failed (exit ${run.status}):\n${run.stderr.split('\n').slice(-20).join('\n')}`,
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
      'code-server is not installed and install-code-server.sh was not found ' +
        '(looked in $SHARED_TOOLS, ../shared/tools next to the repository and /work/shared/tools). ' +
        'Set SHARED_TOOLS to the folder holding install-code-server.sh, or CODE_SERVER_BIN and CHROMIUM_BIN to existing installs. ' +
        'On a machine that can download VS Code, `npm run test:desktop` runs the integration suite instead.',
    );
  }
  if (!fs.existsSync(tools.chromium)) throw new Error(`Chromium not found at ${tools.chromium} (set CHROMIUM_BIN)`);
  return tools;
}
