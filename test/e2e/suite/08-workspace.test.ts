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

  test('it leaves out what git ignores and what .model-doctor.json excludes, as `model-doctor check` does', async () => {
    const text = await vscode.workspace.fs.readFile(workspaceUri('unopened', 'not_open.py'));
    const write = (parts: string[], content: Uint8Array | string) =>
      vscode.workspace.fs.writeFile(
        workspaceUri(...parts),
        typeof content === 'string' ? new TextEncoder().encode(content) : content,
      );
    // A repository whose .gitignore names a scratch folder, and a project config that excludes another.
    await vscode.workspace.fs.createDirectory(workspaceUri('.git'));
    await write(['.gitignore'], 'scratch/\n');
    await write(['scratch', 'copied_from_so.py'], text);
    await write(['.model-doctor.json'], '{ "exclude": ["generated/"] }\n');
    await write(['generated', 'model_v2.py'], text);
    await write(['kept', 'model_v3.py'], text);
    try {
      await vscode.commands.executeCommand('modelDoctor.checkWorkspace');
      assert.strictEqual(codeOf(ours(workspaceUri('kept', 'model_v3.py'))[0]), 'softmax-single-unit');
      assert.deepStrictEqual(ours(workspaceUri('scratch', 'copied_from_so.py')), [], 'git-ignored file checked');
      assert.deepStrictEqual(ours(workspaceUri('generated', 'model_v2.py')), [], 'excluded file checked');
    } finally {
      for (const name of ['.git', '.gitignore', 'scratch', '.model-doctor.json', 'generated', 'kept'])
        await vscode.workspace.fs.delete(workspaceUri(name), { recursive: true });
    }
  });
});
