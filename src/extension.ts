/**
 * VS Code entry point: registration only. Analysis runs in-process (it is
 * fast and pure); training never does.
 */
import * as vscode from 'vscode';
import { Analyzer } from './analyzer';
import { DiagnosticsPublisher } from './extension/diagnostics';
import { registerVerify } from './extension/verify/command';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Model Doctor');
  const analyzer = Analyzer.create();
  analyzer.catch((e) => log.appendLine(`could not load the parsers: ${(e as Error).stack ?? e}`));
  context.subscriptions.push(log, new DiagnosticsPublisher(analyzer, log));
  context.subscriptions.push(registerVerify(context, analyzer, log));
}

export function deactivate(): void {}
