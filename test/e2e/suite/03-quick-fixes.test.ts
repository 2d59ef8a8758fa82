/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { applyAction, diagnostics, quickFixes, readFixture, scratch, staysClean, VERIFY_COMMAND } from './util';

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
});
