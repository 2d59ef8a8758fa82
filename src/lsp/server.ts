/**
 * The Model Doctor language server: the analyzer behind any LSP client
 * (Neovim, JupyterLab through jupyterlab-lsp, Emacs, Helix, Zed...). The
 * features are the extension's, planned by the same editor-neutral code
 * (src/editor-core/): diagnostics on open, change (debounced, the latest edit
 * wins) and save; quick fixes with the preferred one marked and
 * `source.fixAll.modelDoctor`; hover; inlay hints with output shapes; and
 * Jupyter notebooks through LSP 3.17 notebook sync where the client has it.
 */
import {
  type CodeAction,
  type CodeActionParams,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type InlayHint,
  InlayHintKind,
  type InlayHintParams,
  MarkupKind,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Analyzer } from '../analyzer';
import { type Analysis, AnalysisCache } from '../editor-core/analysis-cache';
import { FIX_ALL_KIND, fixAllEdits, quickFixes } from '../editor-core/code-actions';
import { placeFindings } from '../editor-core/findings';
import { layerHover } from '../editor-core/hover';
import { shapeHints } from '../editor-core/inlay-hints';
import { LatestWins } from '../editor-core/latest-wins';
import { comparePositions, type ProgramSource } from '../editor-core/program-source';
import { TOOL_VERSION } from '../version';
import { type EditOptions, toDiagnostic, toQuickFix, toWorkspaceEdit } from './convert';
import { NOTEBOOK_TYPE, OpenDocuments } from './documents';
import { SettingsStore } from './settings';

export function startServer(connection: Connection, loadAnalyzer: () => Promise<Analyzer>): void {
  const open = new OpenDocuments();
  const cache = new AnalysisCache({ error: (m) => connection.console.error(m) });
  const pending = new LatestWins();
  /** URIs each source last published diagnostics on (a notebook: its cells). */
  const published = new Map<string, string[]>();
  const justOpened = new Set<string>();
  let analyzer: Promise<Analyzer> | undefined;
  let settings: SettingsStore;
  let editOptions: EditOptions;
  let markdownHover = false;
  let canRefreshHints = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    settings = new SettingsStore(connection, !!capabilities.workspace?.configuration, params.initializationOptions);
    editOptions = {
      documentChanges: !!capabilities.workspace?.workspaceEdit?.documentChanges,
      versionOf: (uri) => open.versionOf(uri),
    };
    markdownHover = !!capabilities.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown);
    canRefreshHints = !!capabilities.workspace?.inlayHint?.refreshSupport;
    analyzer = loadAnalyzer();
    analyzer.catch((e) => connection.console.error(`could not load the parsers: ${(e as Error).stack ?? e}`));
    const notebooks = !!capabilities.notebookDocument?.synchronization;
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        inlayHintProvider: true,
        ...(notebooks
          ? {
              notebookDocumentSync: {
                notebookSelector: [{ notebook: { notebookType: NOTEBOOK_TYPE }, cells: [{ language: 'python' }] }],
                save: true,
              },
            }
          : {}),
      },
      serverInfo: { name: 'model-doctor', version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    // Clients that register configuration changes dynamically only send them once asked to.
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'modelDoctor' }).catch(() => {
      /* the client does not register dynamically: it sends changes anyway, or never */
    });
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    cache.settingsChanged();
    for (const key of published.keys()) schedule(key, 0);
    if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  // ---- diagnostics -------------------------------------------------------------------------------------------

  /** Debounced, latest edit wins: a pending run for the same file or notebook is replaced. */
  function schedule(key: string, delayMs: number | 'debounce'): void {
    if (delayMs !== 'debounce') {
      pending.schedule(key, delayMs, () => void publish(key));
      return;
    }
    void settings.get(key).then((s) => pending.schedule(key, s.debounceMs, () => void publish(key)));
  }

  async function analysisOf(source: ProgramSource): Promise<Analysis | null> {
    const cached = cache.cached(source);
    if (cached) return cached;
    if (!analyzer) return null;
    const [loaded, current] = await Promise.all([analyzer, settings.get(source.key)]);
    return cache.analyze(loaded, source, current);
  }

  async function publish(key: string): Promise<void> {
    const source = open.sourceByKey(key);
    if (!source) return clear(key);
    let analysis: Analysis | null;
    try {
      analysis = await analysisOf(source);
    } catch (error) {
      connection.console.error(`the analyzer could not start: ${(error as Error).stack ?? error}`);
      return;
    }
    // A newer edit (or a close) arrived while waiting: its own run publishes.
    const now = open.sourceByKey(key);
    if (!now || now.version !== source.version || pending.isPending(key)) return;
    const byUri = new Map<string, Diagnostic[]>();
    for (const uri of [...(published.get(key) ?? []), ...source.uris]) byUri.set(uri, []);
    if (analysis) for (const placed of placeFindings(analysis)) byUri.get(placed.uri)?.push(toDiagnostic(placed));
    for (const [uri, diagnostics] of byUri) await connection.sendDiagnostics({ uri, diagnostics });
    published.set(key, source.uris);
    if (analysis)
      connection.console.log(
        `${source.fileName}: ${analysis.result.findings.length} finding(s), analysed in ${analysis.millis.toFixed(1)} ms`,
      );
  }

  function clear(key: string): void {
    pending.cancel(key);
    cache.forget(key);
    for (const uri of published.get(key) ?? [key]) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.delete(key);
  }

  open.text.onDidOpen((e) => justOpened.add(e.document.uri));
  open.text.onDidChangeContent((e) => {
    // Opening also reports a content change: analyse at once, debounce only edits.
    schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : 'debounce');
  });
  open.text.onDidSave((e) => schedule(e.document.uri, 0));
  open.text.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    clear(e.document.uri);
  });
  open.notebooks.onDidOpen((nb) => schedule(nb.uri, 0));
  open.notebooks.onDidChange((e) => schedule(e.notebookDocument.uri, 'debounce'));
  open.notebooks.onDidSave((nb) => schedule(nb.uri, 0));
  open.notebooks.onDidClose((nb) => clear(nb.uri));

  // ---- code actions, hover, inlay hints ----------------------------------------------------------------------

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const source = open.sourceFor(uri);
    const analysis = source && (await analysisOf(source));
    if (!analysis) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => o === kind || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix))
      for (const planned of quickFixes(analysis, uri, params.range, { verify: false }))
        actions.push(toQuickFix(planned, params.context.diagnostics, editOptions));
    // Like VS Code, fix-all is offered when asked for by kind (on save, or `source.fixAll`), not in the light bulb.
    if (only && wants(FIX_ALL_KIND)) {
      const edits = fixAllEdits(analysis, analysis.result.findings);
      if (edits)
        actions.push({
          title: 'Fix all Model Doctor problems',
          kind: FIX_ALL_KIND,
          edit: toWorkspaceEdit(edits, editOptions),
        });
    }
    return actions;
  });

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const uri = params.textDocument.uri;
    const source = open.sourceFor(uri);
    const analysis = source && (await analysisOf(source));
    const offset = analysis?.source.offsetAt(uri, params.position);
    if (!analysis || offset === null || offset === undefined) return null;
    const hover = layerHover(analysis.result, offset);
    if (!hover) return null;
    const at = analysis.source.locate(hover.span);
    return {
      contents: markdownHover
        ? { kind: MarkupKind.Markdown, value: hover.markdown }
        : { kind: MarkupKind.PlainText, value: hover.plaintext },
      ...(at && at.uri === uri ? { range: at.range } : {}),
    };
  });

  connection.languages.inlayHint.on(async (params: InlayHintParams): Promise<InlayHint[]> => {
    const uri = params.textDocument.uri;
    const source = open.sourceFor(uri);
    const analysis = source && (await analysisOf(source));
    if (!analysis?.settings.inlayHints) return [];
    const hints: InlayHint[] = [];
    for (const shape of shapeHints(analysis.result)) {
      const at = analysis.source.locate({ start: shape.offset, end: shape.offset });
      if (!at || at.uri !== uri) continue;
      const position = at.range.start;
      if (comparePositions(position, params.range.start) < 0 || comparePositions(position, params.range.end) > 0)
        continue;
      hints.push({ position, label: shape.label, kind: InlayHintKind.Type, paddingLeft: true, tooltip: shape.tooltip });
    }
    return hints;
  });

  connection.onShutdown(() => pending.dispose());

  open.text.listen(connection);
  open.notebooks.listen(connection);
  connection.listen();
}
