/// <reference types="mocha" />
import * as assert from 'node:assert';
import { applyAction, diagnostics, quickFixes, readFixture, scratch, staysClean } from './util';

suite('suppression comments', () => {
  test('a suppression comment silences its own line only', async () => {
    const doc = await scratch('suppressed.py', await readFixture('suppressed.py'));
    const [d] = await diagnostics(doc.uri, 1);
    // Line 6 carries the comment; the same mistake on line 12 is still reported.
    assert.strictEqual(d.range.start.line, 11);
    assert.strictEqual(doc.getText(d.range), '"softmax"');
  });

  test('"Ignore <rule> on this line" appends the comment and the diagnostic goes', async () => {
    const text = await readFixture('suppressed.py');
    const doc = await scratch('ignore.py', text);
    const [d] = await diagnostics(doc.uri, 1);
    const title = 'Ignore softmax-single-unit on this line';
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === title),
      title,
    );
    const lines = text.split('\n');
    lines[11] += '  # model-doctor: ignore[softmax-single-unit]';
    assert.strictEqual(doc.getText(), lines.join('\n'));
    await diagnostics(doc.uri, 0);
    await staysClean(doc.uri);
  });
});
