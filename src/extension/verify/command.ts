/**
 * The `modelDoctor.verifyByTraining` command. Arguments `{ uri, line }` (line
 * 1-based, as the CLI's --line) come from a code action or CodeLens; without
 * them it uses the active editor and its cursor line (falling back to the
 * file's default model when the cursor is outside every model). Training runs
 * in a child process; this only plans, shows progress and applies a fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Analyzer } from '../../analyzer';
import { startVerification, VerifyError, type PlannedVerification, type Verification } from '../../trainer';
import { LineIndex } from '../../analyzer/text-index';
import { formatShape, parseShape } from '../../trainer/input-shape';
import { planVerification } from '../../trainer/plan';
import type { VerifyRequest, VerifyResult } from '../../trainer/protocol';
import type { VariantPlan } from '../../trainer/spec';
import type { VerifyArgs } from '../code-actions';
import { toRange } from '../convert';
import { sourceForDocument, type AnalysisSource, uriOf } from '../sources';
import { chooseData, offersOwnData, restrictedHint, type PickedData } from './data-choice';
import { VerifyPanel, VIEW_TYPE } from './panel';
import { trainingSettings } from './settings';
import { initialState, reduce, type PanelState } from './state';

const COMMAND = 'modelDoctor.verifyByTraining';
/** The same command under the name it has for a model without a static finding (its CodeLens says so too). */
const DIAGNOSE_COMMAND = 'modelDoctor.diagnoseByTraining';

/** The command's arguments; `data` (and `labels`) train on that data (a path, absolute or relative to the file's folder) instead. */
interface VerifyCommandArgs extends VerifyArgs {
  data?: string;
  labels?: string;
}

interface Target {
  document: vscode.TextDocument;
  source: AnalysisSource;
  line: number;
  lenient: boolean;
}

/** Relative data paths: from the file's (or notebook's) folder, then from its workspace folder. */
function dataBaseDirs(scope: vscode.Uri): string[] {
  const dirs: string[] = [];
  if (scope.scheme === 'file') dirs.push(path.dirname(scope.fsPath));
  const folder = vscode.workspace.getWorkspaceFolder(scope) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') dirs.push(folder.uri.fsPath);
  return dirs;
}

/**
 * The Node.js to run the training child with. Inside desktop VS Code the
 * extension host is Electron, whose ABI the native tfjs-node addon was not
 * built for; a `node` on PATH runs it natively, otherwise Electron-as-Node runs
 * the pure-JS backend (the result says which).
 */
function nodeForTraining(): string | undefined {
  if (!process.versions.electron) return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

class VerifyController implements vscode.Disposable {
  private current: { verification: Verification; panel: VerifyPanel } | null = null;
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly analyzer: Promise<Analyzer>,
    private readonly log: vscode.OutputChannel,
  ) {
    this.status.name = 'Model Doctor training';
  }

  /** Starts a verification; resolves once it has started (or was refused), with its handle. */
  async run(args?: VerifyCommandArgs): Promise<Verification | undefined> {
    const target = await this.target(args);
    if (!target) return undefined;
    const picked =
      args && typeof args.data === 'string'
        ? { path: args.data, ...(typeof args.labels === 'string' ? { labelsPath: args.labels } : {}) }
        : undefined;
    return this.verify(target, picked);
  }

  private async verify(target: Target, picked?: PickedData): Promise<Verification | undefined> {
    const { source, line, lenient } = target;
    const trusted = vscode.workspace.isTrusted;
    const choice = chooseData(trusted, picked);
    if (choice.kind === 'refuse') {
      this.refuse(new VerifyError('bad-input', choice.message));
      return undefined;
    }
    const settings = trainingSettings(source.scope);
    const request: VerifyRequest = {
      source: source.text,
      language: source.language,
      fileName: source.fileName,
      line,
      lenientLine: lenient,
      epochs: settings.epochs,
      samples: settings.samples,
      timeBudgetSeconds: settings.timeBudgetSeconds,
      backend: settings.backend,
      fullSize: settings.fullSize,
      ...(choice.data ? { data: choice.data } : {}),
      ...(choice.syntheticReason ? { syntheticReason: choice.syntheticReason } : {}),
      dataBaseDirs: dataBaseDirs(source.scope),
    };
    const analyzer = await this.analyzer;
    let planned: PlannedVerification;
    try {
      planned = await planVerification(analyzer, request, request.lenientLine);
    } catch (e) {
      if (!(e instanceof VerifyError) || e.kind !== 'input-shape-unknown') return this.refuse(e);
      const shape = await vscode.window.showInputBox({
        title: 'Model Doctor: input shape for training',
        prompt: `${e.message.replace(/; give it.*$/, '')}. Enter the input shape without the batch axis.`,
        value: (e.suggestion ?? [20]).join(','),
        validateInput: (text) => (parseShape(text) ? null : 'Positive whole numbers separated by commas, e.g. 64,64,1'),
      });
      if (!shape) return undefined;
      request.inputShape = parseShape(shape)!;
      try {
        planned = await planVerification(analyzer, request, request.lenientLine);
      } catch (again) {
        return this.refuse(again);
      }
    }
    const inputShape = formatShape(planned.plan.variants[0].spec.inputs[0].shape);
    const title = `${planned.plan.modelName} — ${vscode.workspace.asRelativePath(source.scope)}:${planned.plan.modelLine} (input ${inputShape})`;
    return this.start(request, planned, target, title, settings.epochs, trusted);
  }

  /** "Train on your data…": a folder of class folders, an array or a table; an .npy of inputs asks for its labels too. */
  private async pickData(target: Target): Promise<void> {
    const near =
      target.source.scope.scheme === 'file'
        ? vscode.Uri.file(path.dirname(target.source.scope.fsPath))
        : vscode.workspace.workspaceFolders?.[0]?.uri;
    const [data] =
      (await vscode.window.showOpenDialog({
        title:
          'Model Doctor: data to verify on — a folder with one subfolder of images per class, an .npy/.npz array or a CSV file',
        openLabel: 'Train on this data',
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: false,
        defaultUri: near,
      })) ?? [];
    if (!data) return;
    let labelsPath: string | undefined;
    if (data.fsPath.toLowerCase().endsWith('.npy')) {
      const [labels] =
        (await vscode.window.showOpenDialog({
          title: `Model Doctor: the labels for ${path.basename(data.fsPath)} (an .npy with one label per example)`,
          openLabel: 'Use as labels',
          canSelectFiles: true,
          canSelectMany: false,
          defaultUri: vscode.Uri.file(path.dirname(data.fsPath)),
        })) ?? [];
      if (!labels) return;
      labelsPath = labels.fsPath;
    }
    // The document may have changed since the first run: train what it says now.
    const source = sourceForDocument(target.document);
    if (!source) return;
    await this.verify({ ...target, source }, { path: data.fsPath, ...(labelsPath ? { labelsPath } : {}) });
  }

  private refuse(e: unknown): undefined {
    const message = e instanceof VerifyError ? e.message : `internal error: ${(e as Error).stack ?? e}`;
    this.log.appendLine(`verify: ${message}`);
    void vscode.window.showErrorMessage(`Model Doctor: ${message}`);
    return undefined;
  }

  /**
   * The document and the program it belongs to (a file, or a notebook's code
   * cells joined in execution order), with a 1-based line in that program.
   */
  private async target(args?: VerifyArgs): Promise<Target | null> {
    let document: vscode.TextDocument;
    let position: vscode.Position;
    let lenient = true;
    if (args && typeof args.uri === 'string') {
      const uri = vscode.Uri.parse(args.uri);
      document =
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
        (await vscode.workspace.openTextDocument(uri));
      const line = Number(args.line);
      lenient = !(Number.isInteger(line) && line > 0);
      position = new vscode.Position(lenient ? 0 : line - 1, 0);
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showErrorMessage('Model Doctor: open a file with a Keras model to verify.');
        return null;
      }
      document = editor.document;
      position = editor.selection.active;
    }
    const source = sourceForDocument(document);
    if (!source) {
      void vscode.window.showErrorMessage(
        'Model Doctor: Verify by Training works on Python, JavaScript and TypeScript files and Jupyter notebooks.',
      );
      return null;
    }
    const offset = source.offsetAt(document.uri.toString(), document.validatePosition(position));
    const line = offset === null ? 1 : new LineIndex(source.text).line(offset) + 1;
    return { document, source, line, lenient: lenient || offset === null };
  }

  private start(
    request: VerifyRequest,
    planned: PlannedVerification,
    target: Target,
    title: string,
    epochs: number,
    trusted: boolean,
  ): Verification {
    this.current?.verification.cancel();
    this.current?.panel.dispose();
    const { document } = target;
    const heading = planned.plan.variants.length > 1 ? 'Verify by training' : 'Diagnose by training';
    let state: PanelState = { ...initialState(title), heading, loadingData: !!planned.plan.data.user };
    const source = request.source;
    let verification!: Verification;
    const panel = VerifyPanel.create(this.context.extensionUri, state, planned.plan.variants, {
      stop: () => verification.cancel(),
      apply: (variant) => this.apply(document, source, variant),
      pickData: () => this.pickData(target),
    });
    const setState = (next: PanelState) => {
      // What the panel offers about the data follows from trust and the data trained on.
      state = { ...next, canPickData: offersOwnData(trusted, next.data), dataHint: restrictedHint(trusted, next.data) };
      panel.update(state);
      this.showStatus(state);
    };
    verification = startVerification(request, (event) => setState(reduce(state, event, epochs)), {
      analyzer: this.analyzer,
      execPath: nodeForTraining(),
      tfjsNodePath: vscode.workspace.getConfiguration('modelDoctor.training').get<string>('tfjsNodePath') || undefined,
      planned,
    });
    this.current = { verification, panel };
    panel.onDidDispose(() => {
      if (this.current?.panel === panel) {
        verification.cancel();
        this.current = null;
        this.status.hide();
      }
    });
    verification.done.then(
      (result) => {
        this.log.appendLine(
          `verify ${title}: ${result.summary} (${result.backend}, ${result.seconds.toFixed(1)} s; data: ${String(result.data.description ?? '')})`,
        );
        if (!panel.panel.visible) void vscode.window.showInformationMessage(`Model Doctor: ${result.summary}`);
      },
      (e: unknown) => {
        if (e instanceof VerifyError && e.kind === 'cancelled')
          setState({ ...state, status: 'stopped', progress: undefined });
        else if (state.status !== 'error')
          setState({ ...state, status: 'error', error: (e as Error).message, progress: undefined });
        this.log.appendLine(`verify ${title}: ${(e as Error).message}`);
      },
    );
    return verification;
  }

  private showStatus(state: PanelState): void {
    if (state.status === 'planning' || state.status === 'training') {
      const p = state.progress;
      const where =
        p && state.runs.length
          ? ` run ${p.run + 1}/${state.runs.length}, epoch ${Math.max(1, p.epoch)}/${p.epochs}`
          : '';
      this.status.text = `$(sync~spin) Model Doctor: training${where}`;
      this.status.tooltip = 'Verify by training is running; the panel has Stop';
      this.status.command = undefined;
      this.status.show();
    } else {
      this.status.hide();
    }
  }

  /** Applies a verified fix's edits as one WorkspaceEdit, if the file (or notebook) still has the text that was verified. */
  private async apply(document: vscode.TextDocument, verified: string, variant: VariantPlan): Promise<string> {
    // The editor may have been closed meanwhile (a preview tab replaced): open the document again by its URI.
    const current = document.isClosed
      ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString()) ??
        (await vscode.workspace.openTextDocument(document.uri)))
      : document;
    const now = sourceForDocument(current);
    if (!now || now.text !== verified)
      return 'The document changed since this verification; run Verify by Training again to apply a fix.';
    const edit = new vscode.WorkspaceEdit();
    for (const e of variant.fix!.edits) {
      const at = now.locate({ start: e.start, end: e.end });
      if (!at) return `Could not apply “${variant.label}”: an edit crosses notebook cells.`;
      edit.replace(uriOf(now, at.uri), toRange(at.range), e.newText);
    }
    const ok = await vscode.workspace.applyEdit(edit);
    return ok ? `Applied “${variant.label}”.` : `Could not apply “${variant.label}”.`;
  }

  dispose(): void {
    this.current?.verification.cancel();
    this.status.dispose();
  }
}

/** Registers the command and restores panels left open when VS Code closed (as finished or stopped results). */
/** Runs "Verify by training" and resolves with its result (undefined when refused or stopped): for tests and other extensions. */
export type VerifyByTraining = (args?: VerifyCommandArgs) => Promise<VerifyResult | undefined>;

export function registerVerify(
  context: vscode.ExtensionContext,
  analyzer: Promise<Analyzer>,
  log: vscode.OutputChannel,
): vscode.Disposable & { verifyByTraining: VerifyByTraining } {
  const controller = new VerifyController(context, analyzer, log);
  const disposable = vscode.Disposable.from(
    controller,
    vscode.commands.registerCommand(COMMAND, async (args?: VerifyCommandArgs) => {
      await controller.run(args);
    }),
    vscode.commands.registerCommand(DIAGNOSE_COMMAND, async (args?: VerifyCommandArgs) => {
      await controller.run(args);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        const state = (saved as PanelState | undefined) ?? initialState('Verify by training');
        // No training process or document behind a restored panel: nothing to stop, apply or train again.
        const restored: PanelState = {
          ...(state.status === 'training' || state.status === 'planning'
            ? { ...state, status: 'stopped' as const, progress: undefined }
            : state),
          canPickData: false,
        };
        new VerifyPanel(panel, context.extensionUri, restored, [], null).detach();
      },
    }),
  );
  const verifyByTraining: VerifyByTraining = async (args) => {
    const verification = await controller.run(args);
    return verification?.done.catch(() => undefined);
  };
  return Object.assign(disposable, { verifyByTraining });
}
