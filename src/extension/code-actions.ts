/**
 * Quick fixes: every fix the analyzer offers for a finding (the preferred one
 * first), "Fix all <rule> in this file", "Ignore <rule> on this line", and
 * "Verify by training" on errors. Also a source.fixAll action for
 * `editor.codeActionsOnSave`, which applies safe fixes only (a misspelt name, an
 * ignored argument): a fix that changes the model, the loss or the learning rate
 * is never applied without someone choosing it.
 */
import * as vscode from 'vscode';
import { type Finding, type Fix, nonOverlapping } from '../analyzer';
import type { Analysis, AnalysisService } from './analysis';
import { DIAGNOSTIC_SOURCE, toWorkspaceEdit } from './convert';
import { sourceForDocument } from './sources';
import { suppressionEdit } from './suppress';

export const VERIFY_COMMAND = 'modelDoctor.verifyByTraining';
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
    if (wants(vscode.CodeActionKind.QuickFix)) actions.push(...this.quickFixes(document, range, context, analysis));
    if (context.only && wants(FIX_ALL_KIND)) {
      const all = fixAllAction(
        analysis,
        analysis.result.findings,
        'Fix all Model Doctor problems (safe fixes)',
        FIX_ALL_KIND,
        safeFix,
      );
      if (all) actions.push(all);
    }
    return actions;
  }

  private quickFixes(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
    analysis: Analysis,
  ): vscode.CodeAction[] {
    const { source, result } = analysis;
    const here = result.findings.filter((f) => {
      const at = source.locate(f.span);
      return at && at.uri.toString() === document.uri.toString() && at.range.intersection(range) !== undefined;
    });
    const actions: vscode.CodeAction[] = [];
    const fixAllOffered = new Set<string>();
    for (const finding of here) {
      const at = source.locate(finding.span)!;
      const diagnostic = context.diagnostics.find(
        (d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === finding.rule && d.range.isEqual(at.range),
      );
      const attach = (action: vscode.CodeAction) => {
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      };
      // The preferred fix first (stable otherwise): Ctrl+. then Enter applies it.
      const ordered = [...finding.fixes].sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
      for (const fix of ordered) {
        const edit = toWorkspaceEdit(analysis, fix.edits);
        if (!edit) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.isPreferred = fix.isPreferred;
        attach(action);
      }
      if (!fixAllOffered.has(finding.rule)) {
        fixAllOffered.add(finding.rule);
        const sameRule = result.findings.filter((f) => f.rule === finding.rule && f.fixes.length);
        if (sameRule.length > 1) {
          const all = fixAllAction(
            analysis,
            sameRule,
            `Fix all ${finding.rule} in this file`,
            vscode.CodeActionKind.QuickFix,
            preferredFix,
          );
          if (all) attach(all);
        }
      }
      const ignore = new vscode.CodeAction(`Ignore ${finding.rule} on this line`, vscode.CodeActionKind.QuickFix);
      ignore.edit = new vscode.WorkspaceEdit();
      ignore.edit.set(document.uri, [suppressionEdit(document, at.range.start.line, finding.rule, source.comment)]);
      attach(ignore);
      if (finding.severity === 'error') {
        const verify = new vscode.CodeAction('Verify by training', vscode.CodeActionKind.QuickFix);
        const args: VerifyArgs = { uri: document.uri.toString(), line: at.range.start.line + 1 };
        verify.command = { command: VERIFY_COMMAND, title: 'Verify by training', arguments: [args] };
        attach(verify);
      }
    }
    return actions;
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The fix "Fix all <rule>" applies (someone chose it from the light bulb): the preferred one. */
const preferredFix = (f: Finding): Fix | undefined => f.fixes.find((x) => x.isPreferred);

/** The fix fix-all on save applies: a safe one (the preferred one if several are safe), else none. */
const safeFix = (f: Finding): Fix | undefined =>
  f.fixes.find((x) => x.applicability === 'safe' && x.isPreferred) ?? f.fixes.find((x) => x.applicability === 'safe');

/** One action applying the chosen fix of each finding; fixes that would overlap an earlier one are left out. */
function fixAllAction(
  analysis: Analysis,
  findings: Finding[],
  title: string,
  kind: vscode.CodeActionKind,
  choose: (f: Finding) => Fix | undefined,
): vscode.CodeAction | null {
  const chosen = findings.map((f) => choose(f)?.edits ?? []).filter((e) => e.length);
  if (!chosen.length) return null;
  const edit = toWorkspaceEdit(analysis, nonOverlapping(chosen));
  if (!edit) return null;
  const action = new vscode.CodeAction(title, kind);
  action.edit = edit;
  return action;
}
