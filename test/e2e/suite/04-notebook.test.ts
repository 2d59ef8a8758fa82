/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { applyAction, codeOf, ours, quickFixes, waitFor, workspaceUri } from './util';

/** notebook.ipynb: [0] imports, [1] markdown, [2] compile (run third), [3] the model (run second). */
suite('notebooks', () => {
  let notebook: vscode.NotebookDocument;
  const cell = (i: number) => notebook.cellAt(i).document;

  setup(async () => {
    // Each test edits its own copy of the fixture notebook.
    const copy = workspaceUri('scratch', `nb-${Date.now()}.ipynb`);
    await vscode.workspace.fs.copy(workspaceUri('notebook.ipynb'), copy);
    notebook = await vscode.workspace.openNotebookDocument(copy);
    await vscode.window.showNotebookDocument(notebook);
  });

  test('the diagnostic lands in the model cell, linked to the compile cell run after it', async () => {
    assert.strictEqual(notebook.notebookType, 'jupyter-notebook');
    const [d] = await waitFor(
      () => (ours(cell(3).uri).length === 1 ? ours(cell(3).uri) : null),
      'a diagnostic in cell 3',
    );
    assert.strictEqual(codeOf(d), 'softmax-single-unit');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [2, 31]);
    assert.strictEqual(cell(3).getText(d.range), '"softmax"');
    // Execution order (imports, model, compile) links the loss, although the compile cell comes first in the document.
    const [related] = d.relatedInformation ?? [];
    assert.ok(related, 'related information to the loss');
    assert.strictEqual(related.location.uri.toString(), cell(2).uri.toString());
    assert.strictEqual(cell(2).getText(related.location.range), '"binary_crossentropy"');
    for (const i of [0, 2]) assert.deepStrictEqual(ours(cell(i).uri), [], `no diagnostic in cell ${i}`);
  });

  test('a fix edits the model cell and the compile cell and clears the diagnostic', async () => {
    const [d] = await waitFor(
      () => (ours(cell(3).uri).length === 1 ? ours(cell(3).uri) : null),
      'a diagnostic in cell 3',
    );
    const modelBefore = cell(3).getText();
    const compileBefore = cell(2).getText();
    const title = 'Use 2 units with softmax and sparse_categorical_crossentropy';
    await applyAction(
      (await quickFixes(cell(3).uri, d.range)).find((a) => a.title === title),
      title,
    );
    assert.strictEqual(
      cell(3).getText(),
      modelBefore.replace('Dense(1, activation="softmax")', 'Dense(2, activation="softmax")'),
    );
    assert.strictEqual(
      cell(2).getText(),
      compileBefore.replace('loss="binary_crossentropy"', 'loss="sparse_categorical_crossentropy"'),
    );
    assert.strictEqual(cell(0).getText(), 'from tensorflow import keras\nfrom tensorflow.keras import layers');
    await waitFor(() => ours(cell(3).uri).length === 0, 'the diagnostic to go');
  });

  test('"Ignore" in a cell inserts a Python suppression comment there', async () => {
    const [d] = await waitFor(
      () => (ours(cell(3).uri).length === 1 ? ours(cell(3).uri) : null),
      'a diagnostic in cell 3',
    );
    const before = cell(3).getText();
    const title = 'Ignore softmax-single-unit on this line';
    await applyAction(
      (await quickFixes(cell(3).uri, d.range)).find((a) => a.title === title),
      title,
    );
    assert.strictEqual(
      cell(3).getText(),
      before.replace(
        'Dense(1, activation="softmax"),',
        'Dense(1, activation="softmax"),  # model-doctor: ignore[softmax-single-unit]',
      ),
    );
    await waitFor(() => ours(cell(3).uri).length === 0, 'the diagnostic to go');
  });
});

suite('notebooks: what "Verify by training" trains', () => {
  test('a cell line maps to the line of the joined program, in execution order', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebook.ipynb'));
    const ext = vscode.extensions.getExtension<{
      verifyTarget: (args: {
        uri: string;
        line: number;
      }) => Promise<{ source: string; line: number; language: string; uri: vscode.Uri } | null>;
    }>('model-doctor.model-doctor')!;
    const modelCell = notebook.cellAt(3).document;
    const target = await ext.exports.verifyTarget({ uri: modelCell.uri.toString(), line: 3 });
    assert.ok(target);
    assert.strictEqual(target.language, 'python');
    assert.strictEqual(target.uri.toString(), notebook.uri.toString());
    // Imports (2 lines), then the model cell (run second), then the compile cell.
    assert.strictEqual(
      target.source,
      `${notebook.cellAt(0).document.getText()}\n${modelCell.getText()}\n${notebook.cellAt(2).document.getText()}\n`,
    );
    assert.strictEqual(target.source.split('\n')[target.line - 1], '    layers.Dense(1, activation="softmax"),');
  });
});
