/** Hover on a layer (content from src/editor-core/hover.ts). */
import * as vscode from 'vscode';
import { layerHover } from '../editor-core/hover';
import type { AnalysisService } from './analysis';
import { toRange } from './convert';
import { sourceForDocument } from './sources';

export class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | null> {
    const source = sourceForDocument(document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!analysis || !source) return null;
    const offset = source.offsetAt(document.uri.toString(), position);
    if (offset === null) return null;
    const hover = layerHover(analysis.result, offset);
    if (!hover) return null;
    const at = source.locate(hover.span);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(hover.markdown);
    return new vscode.Hover(md, at && at.uri === document.uri.toString() ? toRange(at.range) : undefined);
  }
}
