/// <reference types="mocha" />
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { diagnostics, readFixture, scratch, setRules, waitFor } from './util';

suite('settings', () => {
  teardown(async () => {
    await setRules(undefined);
    await vscode.workspace
      .getConfiguration('modelDoctor')
      .update('enable', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a per-rule severity and "off" take effect without a reload', async () => {
    const doc = await scratch('settings.py', await readFixture('softmax.py'));
    const [error] = await diagnostics(doc.uri, 1);
    assert.strictEqual(error.severity, vscode.DiagnosticSeverity.Error);
    await setRules({ 'softmax-single-unit': 'warning' });
    await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning),
      'the severity to become Warning',
    );
    await setRules({ 'softmax-single-unit': 'off' });
    await diagnostics(doc.uri, 0);
    await setRules(undefined);
    const [again] = await diagnostics(doc.uri, 1);
    assert.strictEqual(again.severity, vscode.DiagnosticSeverity.Error);
  });

  test('modelDoctor.enable = false clears the diagnostics', async () => {
    const doc = await scratch('disabled.py', await readFixture('softmax.py'));
    await diagnostics(doc.uri, 1);
    await vscode.workspace
      .getConfiguration('modelDoctor')
      .update('enable', false, vscode.ConfigurationTarget.Workspace);
    await diagnostics(doc.uri, 0);
  });
});
