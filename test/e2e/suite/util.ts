/** Helpers for the integration suite, which runs inside the real extension host. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'model-doctor.model-doctor';
export const SOURCE = 'Model Doctor';
export const VERIFY_COMMAND = 'modelDoctor.verifyByTraining';

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function readFixture(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(name)));
}

let scratchCount = 0;
/** A new file in the workspace with `text`, opened in an editor (each test edits its own copy). */
export async function scratch(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri('scratch', `${++scratchCount}-${name}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until the extension's diagnostics for `uri` number `count`. */
export function diagnostics(uri: vscode.Uri, count: number, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const d = ours(uri);
      return d.length === count ? d : null;
    },
    `${count} Model Doctor diagnostic(s) on ${uri.path} (now ${ours(uri).length})`,
    timeoutMs,
  );
}

/** Asserts that `uri` keeps zero diagnostics for a while (the analysis ran: callers first prove that). */
export async function staysClean(uri: vscode.Uri, ms = 800): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    assert.deepStrictEqual(
      ours(uri).map((d) => d.message),
      [],
    );
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter(
    (a): a is vscode.CodeAction =>
      'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string'),
  );
}

export async function applyAction(action: vscode.CodeAction | undefined, title: string): Promise<void> {
  assert.ok(action, `quick fix "${title}" offered`);
  assert.ok(action.edit, `quick fix "${title}" has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `quick fix "${title}" applied`);
}

export async function setRules(rules: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('modelDoctor').update('rules', rules, vscode.ConfigurationTarget.Workspace);
}
