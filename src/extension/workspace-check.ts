/**
 * "Model Doctor: Check Workspace": analyses every supported file of the
 * workspace, with progress and cancel, and puts the results in Problems.
 * Files open in an editor keep their live diagnostics; notebooks are opened
 * (not shown) so their diagnostics land in their cells.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysis';
import { toDiagnostics, type RuleDocs } from './convert';
import type { DiagnosticsPublisher } from './diagnostics';
import { fileSource } from './sources';

export const CHECK_WORKSPACE_COMMAND = 'modelDoctor.checkWorkspace';

const INCLUDE = '**/*.{py,pyw,ipynb,js,mjs,cjs,jsx,ts,mts,cts,tsx}';
/** Dependencies, environments and build output hold no models of the user's. */
const EXCLUDE =
  '{**/node_modules/**,**/.git/**,**/__pycache__/**,**/.venv/**,**/venv/**,**/site-packages/**,**/.ipynb_checkpoints/**,**/dist/**,**/build/**,**/out/**}';
const MAX_FILE_BYTES = 2_000_000;

export interface WorkspaceCheckResult {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

export class WorkspaceChecker {
  constructor(
    private readonly analysis: AnalysisService,
    private readonly publisher: DiagnosticsPublisher,
    private readonly docs: RuleDocs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  run(): Thenable<WorkspaceCheckResult> {
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Model Doctor: checking the workspace',
        cancellable: true,
      },
      (progress, token) => this.check(progress, token),
    );
  }

  private async check(
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<WorkspaceCheckResult> {
    const started = performance.now();
    const analyzer = await this.analysis.ready();
    const uris = (await vscode.workspace.findFiles(INCLUDE, EXCLUDE, undefined, token)).sort((a, b) =>
      a.fsPath.localeCompare(b.fsPath),
    );
    const result: WorkspaceCheckResult = { files: 0, findings: 0, skipped: 0, cancelled: false };
    const openUris = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const [i, uri] of uris.entries()) {
      if (token.isCancellationRequested) {
        result.cancelled = true;
        break;
      }
      progress.report({
        message: `${vscode.workspace.asRelativePath(uri)} (${i + 1}/${uris.length})`,
        increment: 100 / uris.length,
      });
      // Let the progress notification and cancel button update between files.
      await new Promise((r) => setImmediate(r));
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        // A named pipe or a device under a source name would block the read (or never end).
        if (!(stat.type & vscode.FileType.File)) {
          result.skipped++;
          this.log.info(`workspace check: skipped ${uri.fsPath} (not a regular file)`);
          continue;
        }
        if (uri.path.toLowerCase().endsWith('.ipynb')) {
          // Opening the notebook makes the diagnostics publisher analyse it cell by cell.
          await vscode.workspace.openNotebookDocument(uri);
          result.files++;
          continue;
        }
        if (openUris.has(uri.toString())) {
          result.files++;
          continue;
        }
        if (stat.size > MAX_FILE_BYTES) {
          result.skipped++;
          this.log.info(`workspace check: skipped ${uri.fsPath} (${stat.size} bytes)`);
          continue;
        }
        const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
        const source = fileSource(uri, text);
        if (!source || !analyzer.supports(source.language)) {
          result.skipped++;
          continue;
        }
        const analysis = await this.analysis.analyze(source);
        this.analysis.forget(source.key);
        const diagnostics = analysis ? toDiagnostics(analysis, this.docs).map((p) => p.diagnostic) : [];
        this.publisher.publishFile(uri, diagnostics);
        result.files++;
        result.findings += diagnostics.length;
      } catch (error) {
        result.skipped++;
        this.log.warn(`workspace check: could not analyse ${uri.fsPath}: ${(error as Error).message}`);
      }
    }
    this.log.info(
      `workspace check: ${result.files} file(s), ${result.findings} finding(s) in files not open, ${result.skipped} skipped` +
        `${result.cancelled ? ', cancelled' : ''}, ${(performance.now() - started).toFixed(0)} ms`,
    );
    return result;
  }
}
