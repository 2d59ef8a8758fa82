/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, diagnostics, EXTENSION_ID, scratch, workspaceUri } from './util';
import { CSV_MODEL, TINY_CSV, verifyByTraining } from './verify-data';

suite('Restricted Mode (untrusted workspace)', () => {
  test('the workspace is not trusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  test('analysis still works: diagnostics and quick fixes', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('softmax.py'));
    await vscode.window.showTextDocument(doc);
    const [d] = await diagnostics(doc.uri, 1, 30_000);
    assert.strictEqual(codeOf(d), 'softmax-single-unit');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(actions.some((a) => a.title === 'Use sigmoid (keep 1 unit)'));
  });

  test('Verify by training does not read the data the code names: synthetic data, and it says why', async function () {
    this.timeout(120_000);
    await vscode.workspace.fs.writeFile(workspaceUri('scratch', 'tiny.csv'), new TextEncoder().encode(TINY_CSV));
    const doc = await scratch('csv_model.py', CSV_MODEL);
    const result = await verifyByTraining({ uri: doc.uri.toString(), line: 6 });
    assert.ok(result, 'the verification ran');
    const data = result.data as { source: string; synthetic_reason?: string };
    assert.strictEqual(data.source, 'synthetic');
    assert.match(
      data.synthetic_reason ?? '',
      /^the code loads the table 'tiny\.csv' \(line 3\), but reading workspace files needs a trusted workspace/,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
