/**
 * Entry point for VS Code's extension test runner (extensionTestsPath): runs
 * the mocha suites next to this file inside the extension host, with the real
 * `vscode` API. Reporter lines are tagged so the driver can pick them out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';

export function run(): Promise<void> {
  const Mocha = require('mocha') as typeof import('mocha');
  const tag = process.env.MODEL_DOCTOR_E2E_TAG ?? '[mocha]';
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args: unknown[]) =>
    console.log(`${tag} ${util.format(...args)}`);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.MODEL_DOCTOR_E2E_GREP;
  if (grep) mocha.grep(grep);
  // The restricted-mode suite needs a window without workspace trust: it runs alone, in its own server.
  const restricted = process.env.MODEL_DOCTOR_E2E_RESTRICTED === '1';
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    if (f.startsWith('restricted') === restricted) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
