/**
 * Quick fixes and the source.fixAll action (for `editor.codeActionsOnSave`),
 * as planned by src/editor-core/code-actions.ts.
 */
import * as vscode from 'vscode';
import { fixAllEdits, quickFixes } from '../editor-core/code-actions';
import { sameRange } from '../editor-core/program-source';
import type { AnalysisService } from './analysis';
import { DIAGNOSTIC_SOURCE, toWorkspaceEdit } from './convert';
import { sourceForDocument } from './sources';

export const VERIFY_COMMAND = 'modelDoctor.verifyByTraining';
/** `source.fixAll.modelDoctor`, as the language server names it too (src/editor-core/code-actions.ts). */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('modelDoctor');

/** Arguments of the verify command: the file (or notebook cell) and a 1-based line inside the model. */
export interface VerifyArgs {
  uri: string;
  line: number;
}

export class CodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analysis: AnalysisService) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const source = sourceForDocument(document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!analysis || document.isClosed) return [];
    const wants = (kind: vscode.CodeActionKind) =>
      !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const planned of quickFixes(analysis, document.uri.toString(), range, { verify: true })) {
        const action = new vscode.CodeAction(planned.title, vscode.CodeActionKind.QuickFix);
        if (planned.verify) {
          const args: VerifyArgs = planned.verify;
          action.command = { command: VERIFY_COMMAND, title: planned.title, arguments: [args] };
        } else {
          action.edit = toWorkspaceEdit(analysis.source, planned.edits);
        }
        if (planned.isPreferred !== undefined) action.isPreferred = planned.isPreferred;
        const diagnostic = context.diagnostics.find(
          (d) =>
            d.source === DIAGNOSTIC_SOURCE &&
            codeOf(d) === planned.finding.rule &&
            sameRange(d.range, planned.at.range),
        );
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    if (context.only && wants(FIX_ALL_KIND)) {
      const edits = fixAllEdits(analysis, analysis.result.findings);
      if (edits) {
        const action = new vscode.CodeAction('Fix all Model Doctor problems', FIX_ALL_KIND);
        action.edit = toWorkspaceEdit(analysis.source, edits);
        actions.push(action);
      }
    }
    return actions;
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
