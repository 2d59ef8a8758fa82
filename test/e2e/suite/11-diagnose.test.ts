/// <reference types="mocha" />
// "Diagnose by training": a model without a static finding trains alone and its
// symptoms say what goes wrong inside it (dead_relu.py: a zero-initialised ReLU
// layer); a correct one learns with no symptom.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { verifyByTraining } from './verify-data';
import { VERIFY_COMMAND, workspaceUri } from './util';

suite('Diagnose by training', () => {
  test('the CodeLens of a model without an error says "Diagnose by training"', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('correct.py'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      10,
    );
    const diagnose = lenses.find((l) => l.command?.title === 'Diagnose by training');
    assert.ok(diagnose, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.strictEqual(diagnose.command!.command, VERIFY_COMMAND);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('modelDoctor.diagnoseByTraining'));
  });

  test('a zero-initialised ReLU layer: its symptoms, the likely cause and the fix that helps', async function () {
    this.timeout(180_000);
    const doc = await vscode.workspace.openTextDocument(workspaceUri('dead_relu.py'));
    const result = await verifyByTraining({ uri: doc.uri.toString(), line: 4 });
    assert.ok(result, 'the diagnosis ran');
    const asWritten = result.runs[0];
    assert.strictEqual(asWritten.verdict, 'cannot-learn');
    const dead = asWritten.symptoms.find((s) => s.kind === 'dead-relu');
    assert.ok(dead, `symptoms: ${asWritten.symptoms.map((s) => s.kind).join(', ')}`);
    assert.strictEqual(dead.layer, 'Dense (line 5)');
    assert.strictEqual(dead.value, 1);
    assert.ok(asWritten.probe.length >= 2, 'the probe ran before training and after each epoch');
    const he = result.diagnosis?.experiments.find((e) => e.fix === 'he-initializer');
    assert.ok(he, 'He initialisation was tried');
    assert.strictEqual(he.helps, true);
    assert.match(result.summary, /“He initialisation for the ReLU layers” helps/);
  });
});
