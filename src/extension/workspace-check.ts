/**
 * "Model Doctor: Check Workspace": analyses every supported file of the
 * workspace, with progress and cancel, and puts the results in Problems.
 * Files open in an editor keep their live diagnostics; notebooks are opened
 * (not shown) so their diagnostics land in their cells. It leaves out what
 * `model-doctor check` leaves out: what git ignores, and the `exclude`
 * patterns of a workspace folder's `.model-doctor.json`.
 */
import * as vscode from 'vscode';
import { IgnoreRules } from '../editor-core/ignore-rules';
import { readProjectConfig } from '../editor-core/project-config';
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
    const found = await vscode.workspace.findFiles(INCLUDE, EXCLUDE, undefined, token);
    const left = this.leftOut();
    const uris = found.filter((uri) => !left(uri)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    if (found.length > uris.length)
      this.log.info(`workspace check: ${found.length - uris.length} file(s) left out (.gitignore, exclude)`);
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

  /** Whether a file is left out, by git or by its workspace folder's `exclude` patterns. */
  private leftOut(): (uri: vscode.Uri) => boolean {
    const perFolder = new Map<string, IgnoreRules>();
    const rulesOf = (folder: vscode.WorkspaceFolder): IgnoreRules => {
      let rules = perFolder.get(folder.uri.fsPath);
      if (!rules) {
        let exclude: string[] = [];
        try {
          exclude = readProjectConfig(undefined, (m) => this.log.warn(m), folder.uri.fsPath).exclude;
        } catch (error) {
          this.log.warn(`workspace check: ${(error as Error).message}; its exclude patterns are not applied`);
        }
        rules = new IgnoreRules(folder.uri.fsPath, exclude);
        perFolder.set(folder.uri.fsPath, rules);
      }
      return rules;
    };
    return (uri) => {
      const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
      if (!folder) return false;
      const rules = rulesOf(folder);
      return rules.excluded(uri.fsPath, false) || rules.gitIgnored(uri.fsPath, false);
    };
  }
}
