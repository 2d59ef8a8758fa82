/**
 * "Model Doctor: Show Model Summary": a `model.summary()`-style table of the
 * model at a line (or at the cursor), in a read-only document beside the code.
 */
import * as vscode from 'vscode';
import type { AnalysisResult } from '../analyzer';
import type { ModelIR } from '../analyzer/ir';
import type { AnalysisService } from './analysis';
import type { VerifyArgs } from './code-actions';
import { formatCount, formatShape, modelNear, summarize } from '../editor-core/model-info';
import { sourceForDocument } from './sources';

export const SUMMARY_SCHEME = 'model-doctor-summary';

/** Plain-text table: Layer (type) | Output Shape | Param # | Line, then the totals. */
function formatSummary(result: AnalysisResult, model: ModelIR, lineOf: (offset: number) => number | null): string {
  const summary = summarize(result, model);
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'Line'];
  const rows = summary.rows.map((r) => [
    `${r.name} (${r.type})`,
    formatShape(r.outputShape, result.language),
    formatCount(r.params),
    lineLabel(lineOf(r.layer.call.span.start)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const align = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])));
  const rule = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w + 2)).join(m) + r;
  const line = (cells: string[]) => `│ ${align(cells).join(' │ ')} │`;
  const kind =
    model.kind === 'sequential' ? 'Sequential' : model.kind === 'functional' ? 'functional Model' : 'subclassed Model';
  const out = [
    `Model: "${model.name}" (${kind}, ${result.language === 'python' ? 'Keras' : 'TensorFlow.js'})`,
    rule('┌', '┬', '┐', '─'),
    line(header),
    rule('├', '┼', '┤', '─'),
    ...rows.map(line),
    rule('└', '┴', '┘', '─'),
    ` Total params: ${formatCount(summary.totalParams)}`,
  ];
  if (!model.complete) out.push(' Some layers could not be resolved statically; the table may be missing layers.');
  if (summary.rows.some((r) => !r.outputShape || r.params === null))
    out.push(' "unknown": not inferable from the code without running it.');
  return `${out.join('\n')}\n`;
}

function lineLabel(line: number | null): string {
  return line === null ? '?' : String(line + 1);
}

export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly analysis: AnalysisService) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      'This summary is no longer available; run "Model Doctor: Show Model Summary" again.\n'
    );
  }

  /** Shows the summary of the model at `args` (or at the cursor); resolves to the table, or undefined when there is no model. */
  async show(args?: VerifyArgs): Promise<string | undefined> {
    const target = await resolveTarget(args);
    if (!target) {
      void vscode.window.showInformationMessage(
        'Model Doctor: open a Python, JavaScript/TypeScript file or notebook with a model first.',
      );
      return undefined;
    }
    const source = sourceForDocument(target.document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!source || !analysis) {
      void vscode.window.showInformationMessage(
        'Model Doctor: this file is not analysed (unsupported language, or modelDoctor.enable is off).',
      );
      return undefined;
    }
    const offset = source.offsetAt(target.document.uri.toString(), target.position);
    const model = modelNear(analysis.result, offset);
    if (!model) {
      void vscode.window.showInformationMessage('Model Doctor: no Keras or TensorFlow.js model found in this file.');
      return undefined;
    }
    const text = formatSummary(
      analysis.result,
      model,
      (o) => source.locate({ start: o, end: o })?.range.start.line ?? null,
    );
    const file = target.document.uri.path.split('/').pop() ?? 'model';
    const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${model.name} — ${file}.txt` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
    return text;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function resolveTarget(
  args?: VerifyArgs,
): Promise<{ document: vscode.TextDocument; position: vscode.Position } | null> {
  if (args && typeof args.uri === 'string') {
    const uri = vscode.Uri.parse(args.uri);
    const document =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
      (await vscode.workspace.openTextDocument(uri));
    const line = Math.max(0, Math.min((Number(args.line) || 1) - 1, document.lineCount - 1));
    return { document, position: new vscode.Position(line, 0) };
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? { document: editor.document, position: editor.selection.active } : null;
}
