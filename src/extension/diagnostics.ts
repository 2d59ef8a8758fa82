/**
 * Publishes findings as diagnostics for open files and notebooks: on open and
 * save at once, while typing after a pause (the latest edit wins), cleared on
 * close, and again for everything open when the settings change.
 */
import * as vscode from 'vscode';
import { LatestWins } from '../editor-core/latest-wins';
import type { AnalysisService } from './analysis';
import { toDiagnostics, type RuleDocs } from './convert';
import { readSettings } from './settings';
import { CELL_SCHEME, notebookOfCell, notebookSource, textDocumentSource, type AnalysisSource } from './sources';

type Target = { kind: 'text'; document: vscode.TextDocument } | { kind: 'notebook'; notebook: vscode.NotebookDocument };

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('model-doctor');
  private readonly pending = new LatestWins();
  /** URIs published per source key (a notebook publishes on each cell). */
  private readonly published = new Map<string, vscode.Uri[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a source's diagnostics were (re)published. */
  readonly onDidPublish = this.changed.event;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly docs: RuleDocs,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleDocument(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.scheduleDocument(e.document, this.debounce(e.document.uri));
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.scheduleDocument(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== CELL_SCHEME) this.clear(d.uri.toString());
      }),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.schedule({ kind: 'notebook', notebook: nb }, 0)),
      vscode.workspace.onDidChangeNotebookDocument((e) =>
        this.schedule({ kind: 'notebook', notebook: e.notebook }, this.debounce(e.notebook.uri)),
      ),
      vscode.workspace.onDidSaveNotebookDocument((nb) => this.schedule({ kind: 'notebook', notebook: nb }, 0)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.clear(nb.uri.toString())),
    );
    this.refreshAll();
  }

  /** Re-analyses everything open (after a settings change). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments)
      if (d.uri.scheme !== CELL_SCHEME) this.schedule({ kind: 'text', document: d }, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.schedule({ kind: 'notebook', notebook: nb }, 0);
  }

  /** Diagnostics of files that are not open (workspace check); replaced when the file is opened. */
  publishFile(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    const key = uri.toString();
    if (this.pending.isPending(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    this.collection.set(uri, diagnostics);
  }

  private debounce(uri: vscode.Uri): number {
    return readSettings(uri).debounceMs;
  }

  private scheduleDocument(document: vscode.TextDocument, delayMs: number): void {
    if (document.uri.scheme === CELL_SCHEME) {
      const notebook = notebookOfCell(document);
      if (notebook) this.schedule({ kind: 'notebook', notebook }, delayMs);
      return;
    }
    this.schedule({ kind: 'text', document }, delayMs);
  }

  /** Debounced, latest edit wins: a pending run for the same file or notebook is replaced. */
  private schedule(target: Target, delayMs: number): void {
    const uri = target.kind === 'text' ? target.document.uri : target.notebook.uri;
    if (target.kind === 'text' && !textDocumentSource(target.document)) return;
    this.pending.schedule(uri.toString(), delayMs, () => void this.publish(target));
  }

  private currentSource(target: Target): AnalysisSource | null {
    if (target.kind === 'text') return target.document.isClosed ? null : textDocumentSource(target.document);
    return target.notebook.isClosed ? null : notebookSource(target.notebook);
  }

  private async publish(target: Target): Promise<void> {
    const source = this.currentSource(target);
    if (!source) return;
    let analysis: Awaited<ReturnType<typeof this.analysis.analyze>>;
    try {
      analysis = await this.analysis.analyze(source);
    } catch (error) {
      this.log.error(`the analyzer could not start: ${(error as Error).stack ?? error}`);
      return;
    }
    // A newer edit (or a close) arrived while waiting: its own run publishes.
    const now = this.currentSource(target);
    if (!now || now.version !== source.version || this.pending.isPending(source.key)) return;
    const previous = this.published.get(source.key) ?? [];
    if (!analysis) {
      this.clear(source.key);
      return;
    }
    const placed = toDiagnostics(analysis, this.docs);
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const uri of [...previous, ...source.documentUris]) byUri.set(uri.toString(), { uri, diagnostics: [] });
    for (const p of placed) byUri.get(p.uri.toString())?.diagnostics.push(p.diagnostic);
    for (const { uri, diagnostics } of byUri.values()) this.collection.set(uri, diagnostics);
    this.published.set(source.key, source.documentUris);
    this.log.info(`${source.fileName}: ${placed.length} finding(s), analysed in ${analysis.millis.toFixed(1)} ms`);
    this.changed.fire();
  }

  private clear(key: string): void {
    this.pending.cancel(key);
    this.analysis.forget(key);
    for (const uri of this.published.get(key) ?? [vscode.Uri.parse(key)]) this.collection.delete(uri);
    this.published.delete(key);
  }

  dispose(): void {
    this.pending.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
