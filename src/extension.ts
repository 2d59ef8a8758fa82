/**
 * VS Code entry point: registration only, every registration a Disposable.
 * Analysis runs in-process (it is fast and pure); training never does, and
 * nothing here loads TensorFlow.
 */
import * as vscode from 'vscode';
import { Analyzer } from './analyzer';
import { AnalysisService } from './extension/analysis';
import { CodeActionProvider } from './extension/code-actions';
import { ModelCodeLensProvider, SHOW_SUMMARY_COMMAND } from './extension/code-lens';
import { ruleDocsIn } from './extension/convert';
import { DiagnosticsPublisher } from './extension/diagnostics';
import { registerVerify, type VerifyByTraining } from './extension/verify/command';
import { LayerHoverProvider } from './extension/hover';
import { ShapeInlayHintsProvider } from './extension/inlay-hints';
import { affectsAnalysis, SECTION } from './extension/settings';
import { LANGUAGES } from './extension/sources';
import { SummaryDocuments, SUMMARY_SCHEME } from './extension/summary';
import { verifyTarget } from './extension/verify-target';
import { CHECK_WORKSPACE_COMMAND, WorkspaceChecker } from './extension/workspace-check';

/** What activate() returns: timings for the activation benchmark and the tests; the program "Verify by training" trains. */
export interface ModelDoctorApi {
  timings: { activateMs: number; parsersReadyMs: number | null };
  verifyTarget: typeof verifyTarget;
  /** Runs Verify by Training like the command and resolves with its result. */
  verifyByTraining: VerifyByTraining;
}

const SELECTOR: vscode.DocumentSelector = Object.keys(LANGUAGES).map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): ModelDoctorApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Model Doctor', { log: true });
  const analyzer = Analyzer.create();
  const verify = registerVerify(context, analyzer, log);
  const api: ModelDoctorApi = {
    timings: { activateMs: 0, parsersReadyMs: null },
    verifyTarget,
    verifyByTraining: verify.verifyByTraining,
  };
  analyzer.then(
    () => {
      api.timings.parsersReadyMs = performance.now() - started;
      log.info(`parsers loaded ${api.timings.parsersReadyMs.toFixed(0)} ms after activation started`);
    },
    (e) => log.error(`could not load the parsers: ${(e as Error).stack ?? e}`),
  );
  const docs = ruleDocsIn(context.extensionUri);
  const analysis = new AnalysisService(analyzer, log);
  const publisher = new DiagnosticsPublisher(analysis, docs, log);
  const lenses = new ModelCodeLensProvider(analysis);
  const hints = new ShapeInlayHintsProvider(analysis);
  const summaries = new SummaryDocuments(analysis);
  const checker = new WorkspaceChecker(analysis, publisher, docs, log);

  context.subscriptions.push(
    log,
    analysis,
    publisher,
    lenses,
    hints,
    summaries,
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      new CodeActionProvider(analysis),
      CodeActionProvider.metadata,
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new LayerHoverProvider(analysis)),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    vscode.commands.registerCommand(SHOW_SUMMARY_COMMAND, (args) => summaries.show(args)),
    vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, () => checker.run()),
    verify,
    publisher.onDidPublish(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsAnalysis(e)) {
        analysis.settingsChanged();
        publisher.refreshAll();
      }
      if (e.affectsConfiguration(SECTION)) {
        lenses.refresh();
        hints.refresh();
      }
    }),
  );
  api.timings.activateMs = performance.now() - started;
  log.info(`activated in ${api.timings.activateMs.toFixed(1)} ms`);
  return api;
}

export function deactivate(): void {}
