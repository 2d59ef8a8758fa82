/** Editor-neutral findings, ranges and edits (src/editor-core/) as VS Code objects. */
import * as vscode from 'vscode';
import type { Finding } from '../analyzer';
import type { PlacedEdit } from '../editor-core/code-actions';
import { DIAGNOSTIC_SOURCE, placeFindings } from '../editor-core/findings';
import type { Range } from '../editor-core/program-source';
import type { Analysis } from './analysis';
import { type AnalysisSource, uriOf } from './sources';

export { DIAGNOSTIC_SOURCE };

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

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export interface PlacedDiagnostic {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** One diagnostic per finding that maps to a single place (a span across notebook cells is dropped). */
export function toDiagnostics(analysis: Analysis, docs: RuleDocs): PlacedDiagnostic[] {
  return placeFindings(analysis).map((placed) => {
    const { finding } = placed;
    const diagnostic = new vscode.Diagnostic(toRange(placed.range), finding.message, SEVERITY[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: finding.rule, target: docs(finding.rule) };
    diagnostic.relatedInformation = placed.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(uriOf(analysis.source, r.uri), toRange(r.range)),
          r.message,
        ),
    );
    return { uri: uriOf(analysis.source, placed.uri), diagnostic, finding };
  });
}

export function toWorkspaceEdit(source: AnalysisSource, edits: readonly PlacedEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uriOf(source, e.uri), toRange(e.range), e.newText);
  return edit;
}
