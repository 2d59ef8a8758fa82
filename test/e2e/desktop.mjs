#!/usr/bin/env node
// `npm run test:desktop`: the same integration suite in desktop VS Code,
// downloaded by @vscode/test-electron (needs access to update.code.visualstudio.com;
// CI and this project's machines use the code-server route, `npm run test:e2e`).
// The packaged .vsix is installed into a fresh extensions folder first, and the
// installed copy is the extension under test, as in the code-server route.
// Linux without a display: xvfb-run -a npm run test:desktop
// Env: VSCODE_VERSION (default 1.100.3), KEEP_TMP=1 keeps the temp folder.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { buildSuite } from './harness/build-suite.mjs';
import { ROOT } from './harness/tools.mjs';

const require = createRequire(import.meta.url);
const { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } = require('@vscode/test-electron');

const version = process.env.VSCODE_VERSION ?? '1.100.3';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'model-doctor-desktop-'));
const extensionsDir = path.join(tmp, 'extensions');
const userDataDir = path.join(tmp, 'user-data');
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userDataDir, 'User', 'settings.json'),
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }),
);

let code = 1;
try {
  const vsix = path.join(ROOT, 'out', 'e2e', 'model-doctor.vsix');
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  const pack = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (pack.status !== 0) throw new Error('packaging failed');
  const testsPath = await buildSuite();

  const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const install = spawnSync(
    cli,
    [
      ...cliArgs.filter((a) => !a.startsWith('--extensions-dir') && !a.startsWith('--user-data-dir')),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
    ],
    { encoding: 'utf8', stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (install.status !== 0) throw new Error('installing the .vsix failed');
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith(`${manifest.publisher}.${manifest.name}-`));
  if (!installed) throw new Error(`the .vsix was not installed into ${extensionsDir}`);

  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: path.join(extensionsDir, installed),
    extensionTestsPath: testsPath,
    extensionTestsEnv: { MODEL_DOCTOR_REPO: ROOT },
    launchArgs: [
      workspace,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  });
} catch (error) {
  console.error(`test:desktop: ${error.stack ?? error}`);
  code = 1;
} finally {
  if (process.env.KEEP_TMP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = code;
