// Runs the mocha integration suite inside code-server's extension host, with
// the packaged extension installed from its .vsix (VS Code's
// --extensionDevelopmentPath points at the installed copy, so the code under
// test is exactly what the package holds).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, startCodeServer, workbenchUrl } from './code-server.mjs';
import { ROOT } from './tools.mjs';

const TAG = '[model-doctor-e2e]';

/** Resolves to { passed, failed, code }. */
export async function runIntegration({
  tools,
  vsix,
  testsPath,
  outDir,
  log,
  timeoutMs = 6 * 60_000,
  onLine = (line) => console.log(line),
  restricted = false,
}) {
  const server = await startCodeServer({
    tools,
    vsix,
    fixture: path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'),
    env: {
      MODEL_DOCTOR_REPO: ROOT,
      MODEL_DOCTOR_E2E_TAG: TAG,
      MODEL_DOCTOR_E2E_GREP: process.env.E2E_GREP ?? '',
      MODEL_DOCTOR_E2E_RESTRICTED: restricted ? '1' : '0',
    },
    logFile: path.join(outDir, `code-server-integration${restricted ? '-restricted' : ''}.log`),
    restricted,
    log,
  });
  log(`code-server up on ${server.authority}`);
  let browser;
  const counts = { passed: 0, failed: 0, code: 1 };
  const pageErrors = [];
  let timer;
  try {
    browser = await launchChromium(server, tools);
    const { page } = browser;
    page.on('console', (msg) => {
      const text = msg.text();
      const i = text.indexOf(TAG);
      if (i >= 0) {
        const line = text.slice(i + TAG.length + 1);
        onLine(line);
        const m = /^\s*(\d+) (passing|failing)/.exec(line);
        if (m) counts[m[2] === 'passing' ? 'passed' : 'failed'] = Number(m[1]);
      } else if (msg.type() === 'error' && !text.startsWith('Failed to load resource')) {
        pageErrors.push(text);
      }
    });
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code, logs) => {
        for (const l of logs ?? []) {
          if (/(^|\/)(window|exthost)\.log$/.test(l.relativePath))
            fs.writeFileSync(
              path.join(outDir, `integration${restricted ? '-restricted' : ''}-${path.basename(l.relativePath)}`),
              l.contents,
            );
        }
        resolve(code);
      });
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`integration suite timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await page.goto(
      workbenchUrl(server, { extensionDevelopmentPath: server.extensionPath, extensionTestsPath: testsPath }),
    );
    log('workbench loading; the suite starts once the extension host is up');
    counts.code = await Promise.race([exited, timeout]);
  } catch (error) {
    console.error(`integration: ${error.stack ?? error}`);
    counts.code = 1;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.context.close().catch(() => {});
    await server.stop();
  }
  if (counts.code !== 0) {
    if (counts.failed === 0) counts.failed = 1; // the suite did not finish: count it as a failure
    const errors = [...new Set(pageErrors)].slice(-10);
    if (errors.length) console.error(`errors in the page:\n${errors.join('\n')}`);
  }
  return counts;
}
