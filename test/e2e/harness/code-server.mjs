// Starts code-server (VS Code 1.100 in the browser) on 127.0.0.1 with
// throw-away profile folders, installs the packaged .vsix into a fresh
// extensions folder, and opens the workbench in headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './tools.mjs';

const require = createRequire(import.meta.url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Quiet, predictable user settings: no welcome page, tips, telemetry or update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.fontSize': 15,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.hover.delay': 200,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'notebook.output.scrolling': false,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get(`http://127.0.0.1:${port}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** XDG folders inside `tmp`, so nothing is written to the user's home. */
function xdg(tmp) {
  const dirs = {
    XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b);
    else fs.copyFileSync(a, b);
  }
}

/**
 * A fresh code-server: new temp folder with user data, an extensions folder
 * holding only the installed .vsix, and a copy of the fixture workspace.
 * Resolves to { port, authority, tmp, workspace, extensionPath, stop() }.
 */
export async function startCodeServer({
  tools,
  vsix,
  fixture,
  env = {},
  settings = {},
  logFile,
  log,
  restricted = false,
}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'model-doctor-e2e-'));
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions);
  // restricted: workspace trust on and the folder never trusted, so VS Code opens it in Restricted Mode.
  const user = restricted
    ? { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : USER_SETTINGS;
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...user, ...settings }, null, 2));
  copyDir(fixture, workspace);
  // The bundled example itself (an image classifier whose data folder is missing), as a user opens it.
  fs.copyFileSync(path.join(ROOT, 'examples', 'cats_vs_dogs_softmax.py'), path.join(workspace, 'cats_vs_dogs.py'));
  const childEnv = { ...process.env, EXTENSIONS_GALLERY: 'null', ...xdg(tmp), ...env };
  delete childEnv.PASSWORD;
  delete childEnv.HASHED_PASSWORD;

  // Install the packaged extension exactly as a user would: a file missing from the .vsix is missing here.
  const install = spawnSync(
    tools.codeServer,
    ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
    { env: childEnv, encoding: 'utf8', timeout: 120_000 },
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const installed = fs.readdirSync(extensions).find((d) => d.toLowerCase().startsWith(`${id}-`.toLowerCase()));
  if (install.status !== 0 || !installed) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`,
    );
  }
  const extensionPath = path.join(extensions, installed);
  log?.(`installed ${path.basename(vsix)} into ${extensionPath}`);

  const port = await freePort();
  const logFd = fs.openSync(logFile ?? path.join(tmp, 'code-server.log'), 'w');
  // Own process group: stop() ends the server with the extension hosts it forked.
  const child = spawn(
    tools.codeServer,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--config',
      path.join(tmp, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      ...(restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', logFd, logFd], env: childEnv },
  );
  fs.closeSync(logFd);
  let exited = false;
  child.on('exit', () => (exited = true));
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (groupAlive()) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      for (let i = 0; groupAlive() && i < 50; i++) await sleep(100);
      if (groupAlive())
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
    }
    if (process.env.KEEP_TMP === '1') log?.(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (!(await healthy(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start (log: ${logFile ?? 'set KEEP_TMP=1 to keep it'})`);
    }
    await sleep(250);
  }
  return { port, authority: `127.0.0.1:${port}`, tmp, workspace, extensionPath, stop };
}

/** The workbench URL; development/test paths travel in `payload` as vscode-remote URIs (code-server has no such flags). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder: folder ?? server.workspace });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `http://${server.authority}/?${query}`;
}

/** Headless Chromium (Debian's, driven by playwright-core) with a fresh profile. */
export async function launchChromium(server, tools, viewport = { width: 1280, height: 760 }) {
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(server.tmp, 'chromium-profile'), {
    executablePath: tools.chromium,
    headless: true,
    // Without the networking flags Chromium keeps trying to reach Google's hosts.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, ...xdg(server.tmp) },
    viewport,
  });
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
