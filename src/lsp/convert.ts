/** Editor-neutral findings and actions (src/editor-core/) as LSP objects. */
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../analyzer';
import type { PlacedEdit, PlannedAction } from '../editor-core/code-actions';
import { DIAGNOSTIC_SOURCE, type PlacedFinding, ruleDocsUrl } from '../editor-core/findings';
import { sameRange } from '../editor-core/program-source';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(placed: PlacedFinding): Diagnostic {
  const { finding } = placed;
  return {
    range: placed.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    message: finding.message,
    relatedInformation: placed.related.map((r) => ({
      location: { uri: r.uri, range: r.range },
      message: r.message,
    })),
  };
}

export interface EditOptions {
  /** The client takes `documentChanges` (versioned edits: a stale fix is refused, not misapplied). */
  documentChanges: boolean;
  versionOf(uri: string): number | null;
}

export function toWorkspaceEdit(edits: readonly PlacedEdit[], options: EditOptions): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) {
    let list = byUri.get(e.uri);
    if (!list) byUri.set(e.uri, (list = []));
    list.push({ range: e.range, newText: e.newText });
  }
  if (!options.documentChanges) return { changes: Object.fromEntries(byUri) };
  return {
    documentChanges: [...byUri].map(([uri, textEdits]) => ({
      textDocument: { uri, version: options.versionOf(uri) },
      edits: textEdits,
    })),
  };
}

/** A planned quick fix with the client's matching diagnostic attached. */
export function toQuickFix(
  planned: PlannedAction,
  diagnostics: readonly Diagnostic[],
  options: EditOptions,
): CodeAction {
  const diagnostic = diagnostics.find(
    (d) => d.source === DIAGNOSTIC_SOURCE && d.code === planned.finding.rule && sameRange(d.range, planned.at.range),
  );
  return {
    title: planned.title,
    kind: CodeActionKind.QuickFix,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    ...(planned.isPreferred !== undefined ? { isPreferred: planned.isPreferred } : {}),
    edit: toWorkspaceEdit(planned.edits, options),
  };
}
