/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, diagnostics, readFixture, scratch, staysClean, waitFor, workspaceUri } from './util';

suite('diagnostics', () => {
  test('the 1-unit softmax is an Error on the softmax argument, linked to the loss', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('softmax.py'));
    const [d] = await diagnostics(doc.uri, 1);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.source, 'Model Doctor');
    assert.strictEqual(codeOf(d), 'softmax-single-unit');
    assert.strictEqual(doc.getText(d.range), '"softmax"');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [5, 31]);
    assert.match(d.message, /softmax over a single unit always outputs 1\.0/);
    const related = d.relatedInformation ?? [];
    assert.strictEqual(related.length, 1);
    assert.strictEqual(related[0].location.uri.toString(), doc.uri.toString());
    assert.strictEqual(doc.getText(related[0].location.range), '"binary_crossentropy"');
    assert.match(related[0].message, /binary_crossentropy/);
  });

  test('a correct model yields no diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('correct.py'));
    // The CodeLens proves the analysis of this version ran and found nothing.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(
      lenses.some((l) => l.command?.title === 'Model Doctor: no issues'),
      lenses.map((l) => l.command?.title).join(' | '),
    );
    await staysClean(doc.uri);
  });

  test('diagnostics follow typing; the latest edit wins', async () => {
    const doc = await scratch('typing.py', await readFixture('correct.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const sigmoid = doc.getText().indexOf('"sigmoid"');
    const range = new vscode.Range(doc.positionAt(sigmoid), doc.positionAt(sigmoid + '"sigmoid"'.length));
    await editor.edit((b) => b.replace(range, '"softmax"'));
    const [d] = await diagnostics(doc.uri, 1);
    assert.strictEqual(doc.getText(d.range), '"softmax"');
    // A burst of edits: only the final text counts.
    for (const word of ['"sigmoid"', '"softmax"', '"sigmoid"']) {
      const at = doc.getText().search(/"s(igmoid|oftmax)"/);
      await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 9)), word));
    }
    await diagnostics(doc.uri, 0);
    await staysClean(doc.uri);
  });

  test('diagnostics are cleared when the document is closed', async () => {
    // An untitled document is closed as soon as its editor is reverted and closed (a file's may linger).
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: await readFixture('softmax.py'),
    });
    await vscode.window.showTextDocument(doc);
    await diagnostics(doc.uri, 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => doc.isClosed, 'the document to close');
    await diagnostics(doc.uri, 0);
  });
});
