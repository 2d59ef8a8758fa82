/** Optional inlay hints: each layer's inferred output shape after its call (only where the shape is known). */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysis';
import { formatShape, summarize } from './model-info';
import { sourceForDocument } from './sources';

export class ShapeInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly analysis: AnalysisService) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const source = sourceForDocument(document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!analysis || !source || !analysis.settings.inlayHints) return [];
    const hints: vscode.InlayHint[] = [];
    const seen = new Set<number>();
    for (const model of analysis.result.models) {
      for (const row of summarize(analysis.result, model).rows) {
        if (!row.outputShape || seen.has(row.node.span.end)) continue;
        seen.add(row.node.span.end);
        const at = source.locate({ start: row.node.span.end, end: row.node.span.end });
        if (!at || at.uri.toString() !== document.uri.toString() || !range.contains(at.range.start)) continue;
        const hint = new vscode.InlayHint(
          at.range.start,
          `→ ${formatShape(row.outputShape, analysis.result.language)}`,
          vscode.InlayHintKind.Type,
        );
        hint.paddingLeft = true;
        hint.tooltip = `output shape of ${row.layer.type} (inferred by Model Doctor)`;
        hints.push(hint);
      }
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
