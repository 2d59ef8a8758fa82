/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  applyAction,
  codeOf,
  diagnostics,
  quickFixes,
  readFixture,
  scratch,
  staysClean,
  VERIFY_COMMAND,
  waitFor,
} from './util';

const SIGMOID = 'Use sigmoid (keep 1 unit)';
const TWO_UNITS = 'Use 2 units with softmax and sparse_categorical_crossentropy';

suite('quick fixes', () => {
  let original: string;
  suiteSetup(async () => {
    original = await readFixture('softmax.py');
  });

  test('both fixes are offered, sigmoid preferred, with ignore and verify actions', async () => {
    const doc = await scratch('offers.py', original);
    const [d] = await diagnostics(doc.uri, 1);
    const actions = await quickFixes(doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    assert.deepStrictEqual(titles, [
      SIGMOID,
      TWO_UNITS,
      'Ignore softmax-single-unit on this line',
      'Verify by training',
    ]);
    assert.strictEqual(actions[0].isPreferred, true);
    assert.ok(!actions[1].isPreferred);
    for (const a of actions)
      assert.ok(a.kind?.value === vscode.CodeActionKind.QuickFix.value, `${a.title} is a quick fix`);
    const verify = actions[3].command;
    assert.strictEqual(verify?.command, VERIFY_COMMAND);
    assert.deepStrictEqual(verify?.arguments, [{ uri: doc.uri.toString(), line: 6 }]);
  });

  test('"Use sigmoid (keep 1 unit)" gives exactly the expected text and clears the error', async () => {
    const doc = await scratch('sigmoid.py', original);
    const [d] = await diagnostics(doc.uri, 1);
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === SIGMOID),
      SIGMOID,
    );
    assert.strictEqual(
      doc.getText(),
      original.replace('layers.Dense(1, activation="softmax")', 'layers.Dense(1, activation="sigmoid")'),
    );
    await diagnostics(doc.uri, 0);
    await staysClean(doc.uri);
  });

  test('"Use 2 units with softmax and sparse_categorical_crossentropy" edits the layer and the loss in one edit', async () => {
    const doc = await scratch('two-units.py', original);
    const [d] = await diagnostics(doc.uri, 1);
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === TWO_UNITS),
      TWO_UNITS,
    );
    const expected = original
      .replace('layers.Dense(1, activation="softmax")', 'layers.Dense(2, activation="softmax")')
      .replace('loss="binary_crossentropy"', 'loss="sparse_categorical_crossentropy"');
    assert.notStrictEqual(expected, original);
    assert.strictEqual(doc.getText(), expected);
    await diagnostics(doc.uri, 0);
    await staysClean(doc.uri);
  });

  test('"Fix all softmax-single-unit in this file" fixes every model at once', async () => {
    const text = `${original}\nother = keras.Sequential([layers.Dense(1, activation='softmax', input_shape=(4,))])\nother.compile(optimizer="sgd", loss="binary_crossentropy")\n`;
    const doc = await scratch('fix-all.py', text);
    const found = await diagnostics(doc.uri, 2);
    const title = 'Fix all softmax-single-unit in this file';
    const actions = await quickFixes(doc.uri, found[0].range);
    await applyAction(
      actions.find((a) => a.title === title),
      title,
    );
    assert.strictEqual(
      doc.getText(),
      text
        .replace('activation="softmax"', 'activation="sigmoid"')
        .replace("activation='softmax'", "activation='sigmoid'"),
    );
    await diagnostics(doc.uri, 0);
  });

  test('fix-all on save (editor.codeActionsOnSave) applies only the safe fix', async () => {
    // A misspelt loss with one close name (safe) next to the 1-unit softmax (its fixes change the model: unsafe).
    const text = original.replace('loss="binary_crossentropy"', 'loss="binary_crossentrophy"');
    assert.notStrictEqual(text, original);
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'python' });
    await editorConfig.update(
      'codeActionsOnSave',
      { 'source.fixAll.modelDoctor': 'explicit' },
      vscode.ConfigurationTarget.Workspace,
      true,
    );
    try {
      const doc = await scratch('fix-on-save.py', text);
      await diagnostics(doc.uri, 2);
      // Saving runs the code actions on save only for a dirty document: make an edit first.
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), '\n'));
      assert.ok(await doc.save(), 'the document saved');
      // The loss is corrected; the softmax is left for the user to choose a fix for.
      const expected = `${original}\n`;
      await waitFor(() => doc.getText() === expected, 'the safe fix applied on save', 10_000).catch(() =>
        assert.strictEqual(doc.getText(), expected),
      );
      const [left] = await diagnostics(doc.uri, 1);
      assert.strictEqual(codeOf(left), 'softmax-single-unit');
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });

  test('the light bulb lists the preferred fix first', async () => {
    // With a categorical loss the analyzer lists the sigmoid fix first but prefers the 2-unit one.
    const doc = await scratch(
      'preferred-first.py',
      original.replace('binary_crossentropy', 'categorical_crossentropy'),
    );
    // The loss gets its own finding too (categorical-loss-single-unit).
    const d = (await diagnostics(doc.uri, 2)).find((x) => codeOf(x) === 'softmax-single-unit');
    assert.ok(d, 'the softmax diagnostic');
    const actions = await quickFixes(doc.uri, d.range);
    assert.strictEqual(actions[0].title, 'Use 2 units with softmax and sparse_categorical_crossentropy');
    assert.strictEqual(actions[0].isPreferred, true);
    assert.strictEqual(actions[1].title, 'Use sigmoid with binary_crossentropy (keep 1 unit)');
  });

  test('the fix-all source action holds only safe fixes', async () => {
    const text = original.replace('loss="binary_crossentropy"', 'loss="binary_crossentrophy"');
    const doc = await scratch('fix-all-kind.py', text);
    await diagnostics(doc.uri, 2);
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
      'source.fixAll.modelDoctor',
    );
    const fixAll = all.find((a) => a.kind?.value === 'source.fixAll.modelDoctor');
    assert.ok(fixAll?.edit, 'a fix-all action with an edit');
    const edits = fixAll.edit.entries().flatMap(([, e]) => e);
    assert.deepStrictEqual(
      edits.map((e) => e.newText),
      ['"binary_crossentropy"'],
      'only the misspelt loss is fixed',
    );
  });
});
