/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnostics, EXTENSION_ID, workspaceUri } from './util';

suite('activation and packaging', () => {
  suiteSetup(async () => {
    // Opening a Python file activates the extension (onLanguage:python).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('softmax.py')));
    await diagnostics(workspaceUri('softmax.py'), 1, 30_000);
  });

  test('the installed extension is active and reports its activation time', () => {
    const ext = vscode.extensions.getExtension<{ timings: { activateMs: number; parsersReadyMs: number | null } }>(
      EXTENSION_ID,
    );
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.ok(ext.isActive, 'active after opening a Python file');
    const { activateMs, parsersReadyMs } = ext.exports.timings;
    assert.ok(activateMs > 0 && activateMs < 2000, `activate() took ${activateMs} ms`);
    assert.ok(parsersReadyMs !== null && parsersReadyMs > 0, 'the parsers loaded');
    console.log(`      activate(): ${activateMs.toFixed(1)} ms, parsers ready after ${parsersReadyMs.toFixed(0)} ms`);
  });

  test('activation loaded no TensorFlow module', () => {
    // Matched on package paths, not on any path: a checkout folder may itself be called tfjs. The JS/TS front end is not loaded either.
    const loaded = Object.keys(require.cache).filter((k) => /[\\/]@tensorflow[\\/]|[\\/]tfjs-front-end\.js$/i.test(k));
    assert.deepStrictEqual(loaded, []);
  });

  test('the rule docs the diagnostics link to are in the package', () => {
    const [d] = vscode.languages.getDiagnostics(workspaceUri('softmax.py')).filter((x) => x.source === 'Model Doctor');
    assert.ok(typeof d.code === 'object', 'code carries a link');
    const target = d.code.target;
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.strictEqual(
      target.toString(),
      vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'softmax-single-unit.md').toString(),
    );
    const repo = process.env.MODEL_DOCTOR_REPO;
    assert.ok(repo, 'MODEL_DOCTOR_REPO is set by the driver');
    // Every doc page the repository has must be in the installed package.
    const docsDir = path.join(repo, 'docs', 'rules');
    const pages = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')) : [];
    for (const page of pages)
      assert.ok(
        fs.existsSync(path.join(ext.extensionPath, 'docs', 'rules', page)),
        `docs/rules/${page} is in the .vsix`,
      );
  });
});
