/** Publishes analyzer findings as VS Code diagnostics for open documents. */
import * as vscode from 'vscode';
import type { Analyzer, Finding, SourceLanguage } from '../analyzer';

const LANGUAGES: Record<string, SourceLanguage> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
};

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const DOCS_BASE = 'https://github.com/model-doctor/model-doctor/blob/main/docs/rules';

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('model-doctor');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly analyzer: Promise<Analyzer>,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Debounced, latest edit wins: a pending run for the document is replaced. */
  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!LANGUAGES[document.languageId] || document.uri.scheme === 'output') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.publish(document);
      }, delayMs),
    );
  }

  private async publish(document: vscode.TextDocument): Promise<void> {
    const analyzer = await this.analyzer;
    const language = LANGUAGES[document.languageId];
    if (!language || !analyzer.supports(language) || document.isClosed) return;
    const version = document.version;
    const started = Date.now();
    try {
      const result = analyzer.analyze(document.getText(), { language, fileName: document.fileName });
      if (document.isClosed || document.version !== version) return; // a newer edit will publish
      this.collection.set(document.uri, result.findings.map((f) => toDiagnostic(document, f)));
      this.log.appendLine(`${document.fileName}: ${result.findings.length} finding(s) in ${Date.now() - started} ms`);
    } catch (error) {
      this.log.appendLine(`analysis of ${document.fileName} failed: ${(error as Error).stack ?? error}`);
    }
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

export function toDiagnostic(document: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(f.span.start), document.positionAt(f.span.end));
  const diagnostic = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  diagnostic.source = 'Model Doctor';
  diagnostic.code = { value: f.rule, target: vscode.Uri.parse(`${DOCS_BASE}/${f.rule}.md`) };
  diagnostic.relatedInformation = f.related.map(
    (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.span.start), document.positionAt(r.span.end))), r.message),
  );
  return diagnostic;
}
