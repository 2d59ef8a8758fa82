/// <reference types="mocha" />
// Verify by Training in a trusted workspace reads the data the code names
// (here a small CSV next to the file) and says so in the result.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { CSV_MODEL, TINY_CSV, verifyByTraining } from './verify-data';
import { scratch, workspaceUri } from './util';

suite('Verify by training on your data (trusted workspace)', () => {
  test('the CSV the code reads is trained on, and the result names it', async function () {
    this.timeout(120_000);
    assert.strictEqual(vscode.workspace.isTrusted, true);
    await vscode.workspace.fs.writeFile(workspaceUri('scratch', 'tiny.csv'), new TextEncoder().encode(TINY_CSV));
    const doc = await scratch('csv_model.py', CSV_MODEL);
    const result = await verifyByTraining({ uri: doc.uri.toString(), line: 6 });
    assert.ok(result, 'the verification ran');
    const data = result.data as { source: string; report: { path: string; origin: string; sampled: number } };
    assert.strictEqual(data.source, 'yours');
    assert.strictEqual(data.report.path, workspaceUri('scratch', 'tiny.csv').fsPath);
    assert.strictEqual(data.report.origin, 'code');
    assert.strictEqual(data.report.sampled, 40);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
