/**
 * Runs inside the extension host (as extensionTestsPath) for
 * bench/activation.mjs: opens a Python file in a fresh window and reports how
 * long activation and the first diagnostics took.
 */
import * as vscode from 'vscode';

const TAG = process.env.MODEL_DOCTOR_E2E_TAG ?? '[bench]';

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ timings: { activateMs: number; parsersReadyMs: number | null } }>(
    'model-doctor.model-doctor',
  );
  if (!ext) throw new Error('extension not installed');
  if (ext.isActive) throw new Error('already active before a Python file was opened: activation events are too eager');
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const started = performance.now();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'softmax.py'));
  await until(() => ext.isActive, 30_000);
  const active = performance.now() - started;
  await until(() => vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'Model Doctor'), 30_000);
  const firstDiagnostic = performance.now() - started;
  const tf = Object.keys(require.cache).filter((k) => /tensorflow|tfjs/i.test(k)).length;
  console.log(
    `${TAG} BENCH ${JSON.stringify({ ...ext.exports.timings, openToActiveMs: active, openToFirstDiagnosticMs: firstDiagnostic, tensorflowModules: tf })}`,
  );
}
