/**
 * Above each model: its issue count, total parameters, "Verify by training"
 * (a model with an error: its fixes train beside it) or "Diagnose by training"
 * (a model without: it trains alone, and its symptoms say how), and "Show summary".
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysis';
import { VERIFY_COMMAND, type VerifyArgs } from './code-actions';
import { formatCount, summarize } from '../editor-core/model-info';
import { sourceForDocument } from './sources';

export const SHOW_SUMMARY_COMMAND = 'modelDoctor.showModelSummary';
const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analysis: AnalysisService) {}

  /** Lenses follow the diagnostics (issue counts) and the settings. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const source = sourceForDocument(document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!analysis || !source || !analysis.settings.codeLens) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const model of analysis.result.models) {
      const at = source.locate({ start: model.span.start, end: model.span.start });
      if (!at || at.uri !== document.uri.toString()) continue;
      const range = new vscode.Range(at.range.start.line, 0, at.range.start.line, 0);
      const mine = analysis.result.findings.filter((f) => f.modelId === model.id);
      const issues = mine.length;
      const verb = mine.some((f) => f.severity === 'error') ? 'Verify by training' : 'Diagnose by training';
      const summary = summarize(analysis.result, model);
      const args: VerifyArgs = { uri: document.uri.toString(), line: at.range.start.line + 1 };
      lenses.push(
        new vscode.CodeLens(range, {
          title: issues === 0 ? 'Model Doctor: no issues' : `Model Doctor: ${issues} issue${issues === 1 ? '' : 's'}`,
          command: SHOW_PROBLEMS_COMMAND,
        }),
        new vscode.CodeLens(range, {
          title: `Parameters: ${formatCount(summary.totalParams)}`,
          command: SHOW_SUMMARY_COMMAND,
          arguments: [args],
        }),
        new vscode.CodeLens(range, { title: verb, command: VERIFY_COMMAND, arguments: [args] }),
        new vscode.CodeLens(range, { title: 'Show summary', command: SHOW_SUMMARY_COMMAND, arguments: [args] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
