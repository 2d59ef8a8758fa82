/** Optional inlay hints: each layer's inferred output shape (computed in src/editor-core/inlay-hints.ts). */
import * as vscode from 'vscode';
import { shapeHints } from '../editor-core/inlay-hints';
import type { AnalysisService } from './analysis';
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
    for (const shape of shapeHints(analysis.result)) {
      const at = source.locate({ start: shape.offset, end: shape.offset });
      if (!at || at.uri !== document.uri.toString()) continue;
      const position = new vscode.Position(at.range.start.line, at.range.start.character);
      if (!range.contains(position)) continue;
      const hint = new vscode.InlayHint(position, shape.label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = shape.tooltip;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
