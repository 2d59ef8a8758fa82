/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { diagnostics, VERIFY_COMMAND, workspaceUri } from './util';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n');
}

suite('hover, CodeLens, summary', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await vscode.workspace.openTextDocument(workspaceUri('softmax.py'));
    await vscode.window.showTextDocument(doc);
    await diagnostics(doc.uri, 1);
  });

  test('hover on the output layer: shape, parameters and what softmax does over one unit', async () => {
    const at = doc.positionAt(doc.getText().indexOf('Dense(1,') + 2);
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at),
    );
    assert.match(text, /\*\*dense_1 \(Dense\)\*\*/);
    assert.match(text, /Output shape: `\(None, 1\)`/);
    assert.match(text, /Parameters: 17/);
    assert.match(text, /Activation `softmax`: .*always 1\.0/);
  });

  test('hover on a hidden layer describes relu', async () => {
    const at = doc.positionAt(doc.getText().indexOf('Dense(16,') + 2);
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at),
    );
    assert.match(text, /Activation `relu`: max\(0, x\)/);
  });

  test('CodeLens above the model: issues, parameters, verify, summary', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      10,
    );
    const titles = lenses.map((l) => l.command?.title);
    assert.deepStrictEqual(titles, ['Model Doctor: 1 issue', 'Parameters: 161', 'Verify by training', 'Show summary']);
    assert.ok(
      lenses.every((l) => l.range.start.line === 3),
      'on the line of keras.Sequential(',
    );
    const verify = lenses[2].command!;
    assert.strictEqual(verify.command, VERIFY_COMMAND);
    assert.deepStrictEqual(verify.arguments, [{ uri: doc.uri.toString(), line: 4 }]);
  });

  test("inlay hints show each layer's inferred output shape after its call", async () => {
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      doc.uri,
      whole,
    );
    const labels = hints.map(
      (h) => `${h.position.line + 1}:${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`,
    );
    assert.deepStrictEqual(labels, ['5:→ (None, 16)', '6:→ (None, 1)']);
  });

  test('"Show summary" builds a model.summary()-style table', async () => {
    const text = await vscode.commands.executeCommand<string>('modelDoctor.showModelSummary', {
      uri: doc.uri.toString(),
      line: 4,
    });
    const lines = text.split('\n');
    assert.strictEqual(lines[0], 'Model: "model" (Sequential, Keras)');
    assert.match(lines[2], /│ Layer \(type\)\s+│ Output Shape\s+│ Param # │ Line │/);
    // Keras's names and shapes: Dense(16) on input (8,) has 8*16+16 weights, Dense(1) 16+1.
    assert.match(lines[4], /│ dense \(Dense\)\s+│ \(None, 16\)\s+│\s+144 │\s+5 │/);
    assert.match(lines[5], /│ dense_1 \(Dense\)\s+│ \(None, 1\)\s+│\s+17 │\s+6 │/);
    assert.match(text, /Total params: 161/);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'model-doctor-summary');
    assert.ok(shown, 'the summary is shown in an editor');
    assert.strictEqual(shown.document.getText(), text);
  });

  test('the palette lists the commands under "Model Doctor"', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['modelDoctor.showModelSummary', 'modelDoctor.checkWorkspace']) assert.ok(all.includes(id), id);
  });
});
