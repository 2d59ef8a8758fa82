/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, diagnostics, EXTENSION_ID, workspaceUri } from './util';

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
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title === 'Use sigmoid (keep 1 unit)'));
  });
});
