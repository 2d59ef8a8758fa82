/** Findings and fixes as VS Code objects: diagnostics with links, WorkspaceEdits. */
import * as vscode from 'vscode';
import type { Edit, Finding } from '../analyzer';
import type { Analysis } from './analysis';
import type { Located } from './sources';

export const DIAGNOSTIC_SOURCE = 'Model Doctor';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's documentation page, shipped inside the extension (docs/rules/<id>.md). */
export type RuleDocs = (ruleId: string) => vscode.Uri;

export function ruleDocsIn(extensionUri: vscode.Uri): RuleDocs {
  return (ruleId) => vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

export interface PlacedDiagnostic {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** One diagnostic per finding that maps to a single place (a span across notebook cells is dropped). */
export function toDiagnostics(analysis: Analysis, docs: RuleDocs): PlacedDiagnostic[] {
  const out: PlacedDiagnostic[] = [];
  for (const finding of analysis.result.findings) {
    const at = analysis.source.locate(finding.span);
    if (!at) continue;
    const diagnostic = new vscode.Diagnostic(at.range, finding.message, SEVERITY[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: finding.rule, target: docs(finding.rule) };
    diagnostic.relatedInformation = finding.related.flatMap((r) => {
      const where = analysis.source.locate(r.span);
      return where
        ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(where.uri, where.range), r.message)]
        : [];
    });
    out.push({ uri: at.uri, diagnostic, finding });
  }
  return out;
}

/** The edits of a fix in VS Code's terms; null when an edit cannot be placed (crosses notebook cells). */
function locateEdits(analysis: Analysis, edits: readonly Edit[]): { at: Located; newText: string }[] | null {
  const out: { at: Located; newText: string }[] = [];
  for (const edit of edits) {
    const at = analysis.source.locate(edit.span);
    if (!at) return null;
    out.push({ at, newText: edit.newText });
  }
  return out;
}

export function toWorkspaceEdit(analysis: Analysis, edits: readonly Edit[]): vscode.WorkspaceEdit | null {
  const placed = locateEdits(analysis, edits);
  if (!placed) return null;
  const edit = new vscode.WorkspaceEdit();
  for (const { at, newText } of placed) edit.replace(at.uri, at.range, newText);
  return edit;
}
