/**
 * The "Verify by training" webview panel: live curves per variant, verdict
 * banner, Stop, "Apply this fix", CSV/PNG export. Strict CSP with a nonce, no
 * inline handlers or styles, theme colours through CSS variables. The page is
 * rebuilt from `PanelState` whenever it (re)loads, so hiding it loses nothing.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { VariantPlan } from '../../trainer/spec';
import type { PanelState } from './state';

export const VIEW_TYPE = 'modelDoctor.verify';

/** Messages from the page. */
type PageMessage =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'apply'; variant: number }
  | { type: 'pick-data' }
  | { type: 'export'; format: 'csv' | 'png'; content: string };

export interface PanelActions {
  stop(): void;
  apply(variant: VariantPlan): Promise<string>;
  /** "Train on your data…": pick a folder or file and verify again on it. */
  pickData(): Promise<void>;
}

export class VerifyPanel implements vscode.Disposable {
  private disposables: vscode.Disposable[] = [];
  private disposed = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private state: PanelState,
    private variants: VariantPlan[],
    private actions: PanelActions | null,
  ) {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'media'),
        vscode.Uri.joinPath(extensionUri, 'dist', 'media'),
      ],
    };
    panel.webview.html = this.html();
    this.onDidDispose = panel.onDidDispose;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PageMessage) => void this.receive(m)),
    );
  }

  static create(
    extensionUri: vscode.Uri,
    state: PanelState,
    variants: VariantPlan[],
    actions: PanelActions,
  ): VerifyPanel {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      state.heading ?? 'Verify by training',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true },
    );
    return new VerifyPanel(panel, extensionUri, state, variants, actions);
  }

  update(state: PanelState): void {
    this.state = state;
    if (!this.disposed) void this.panel.webview.postMessage({ type: 'state', state });
  }

  /** A restored panel (after a restart) has no training process behind it: Stop and Apply are gone. */
  detach(): void {
    this.actions = null;
  }

  private async receive(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        void this.panel.webview.postMessage({ type: 'state', state: this.state });
        return;
      case 'stop':
        this.actions?.stop();
        return;
      case 'apply': {
        const variant = this.variants[message.variant];
        if (!this.actions || !variant?.fix) {
          void vscode.window.showWarningMessage(
            'Model Doctor: this fix can no longer be applied from here; run Verify by Training again.',
          );
          return;
        }
        const outcome = await this.actions.apply(variant);
        this.update({ ...this.state, applied: outcome });
        return;
      }
      case 'export':
        await this.export(message.format, message.content);
        return;
      case 'pick-data':
        await this.actions?.pickData();
        return;
    }
  }

  private async export(format: 'csv' | 'png', content: string): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'PNG image': ['png'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]
        ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `verify-curves.${format}`)
        : undefined,
    });
    if (!target) return;
    const bytes =
      format === 'csv'
        ? Buffer.from(content, 'utf8')
        : Buffer.from(content.replace(/^data:image\/png;base64,/, ''), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(
      `Model Doctor: curves saved to ${vscode.workspace.asRelativePath(target)}`,
    );
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const uri = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'media', 'uPlot.min.css')}">
<link rel="stylesheet" href="${uri('media', 'verify.css')}">
<title>Verify by training</title>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div class="actions">
    <button id="stop" class="secondary" hidden>Stop</button>
    <button id="pick-data" class="secondary" hidden title="Verify again on a folder of class folders, an .npy/.npz array or a CSV file">Train on your data…</button>
    <button id="export-csv" class="secondary">Export CSV</button>
    <button id="export-png" class="secondary">Export PNG</button>
  </div>
</header>
<div id="banner" role="status" aria-live="polite"></div>
<div id="progress"></div>
<section id="runs"></section>
<div class="views">
<section class="charts">
  <figure><figcaption>Loss (solid: training, dashed: validation)</figcaption><div id="chart-loss" class="chart"></div></figure>
  <figure><figcaption>Accuracy (solid: training, dashed: validation)</figcaption><div id="chart-accuracy" class="chart"></div></figure>
</section>
<section id="inside" class="inside" hidden>
  <figure>
    <figcaption><label for="probe-run">Inside the network, run</label> <select id="probe-run"></select></figcaption>
    <div class="strip-caption">Gradient ÷ weights of each layer on the probe batch, epoch by epoch (0: before training)</div>
    <canvas id="strip-gradient" class="strip"></canvas>
    <div class="strip-legend" id="legend-gradient"></div>
    <div class="strip-caption">Dead ReLU units and saturated sigmoid/tanh/softmax outputs, epoch by epoch</div>
    <canvas id="strip-units" class="strip"></canvas>
    <div class="strip-legend" id="legend-units"></div>
  </figure>
</section>
</div>
<section id="symptoms"></section>
<dl id="facts"></dl>
<script nonce="${nonce}" src="${uri('dist', 'media', 'uPlot.iife.min.js')}"></script>
<script nonce="${nonce}" src="${uri('media', 'verify.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
