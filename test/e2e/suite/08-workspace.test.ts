/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, ours, workspaceUri } from './util';

suite('workspace check', () => {
  test('"Check Workspace" puts files that are not open into Problems', async () => {
    const unopened = workspaceUri('unopened', 'not_open.py');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()),
      'not open before the check',
    );
    assert.deepStrictEqual(ours(unopened), []);
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>(
      'modelDoctor.checkWorkspace',
    );
    assert.ok(result.files >= 5, `checked ${result.files} files`);
    assert.strictEqual(result.cancelled, false);
    const [d, ...rest] = ours(unopened);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(codeOf(d), 'softmax-single-unit');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.character], [5, 31, 40]);
  });
});
