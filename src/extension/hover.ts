/** Hover on a layer: its output shape, parameter count and what its activation does there. */
import * as vscode from 'vscode';
import type { TensorNode } from '../analyzer/ir';
import type { Shape } from '../analyzer/rules/rule';
import { layerActivation, outputHead } from '../analyzer/rules/facts';
import { describeActivation } from './activations';
import type { AnalysisService } from './analysis';
import { formatCount, formatShape, layerAt } from './model-info';
import { sourceForDocument } from './sources';

export class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | null> {
    const source = sourceForDocument(document);
    const analysis = source && (await this.analysis.analyze(source));
    if (!analysis || !source) return null;
    const offset = source.offsetAt(document.uri, position);
    if (offset === null) return null;
    const { result } = analysis;
    const found = layerAt(result, offset);
    if (!found) return null;
    const { model, row } = found;
    const at = source.locate(row.layer.call.span);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${row.name} (${row.type})** — layer of model \`${model.name}\`\n\n`);
    md.appendMarkdown(`Output shape: \`${formatShape(row.outputShape, result.language)}\`  \n`);
    md.appendMarkdown(`Parameters: ${formatCount(row.params)}\n\n`);
    const activation = layerActivation(row.layer);
    if (activation?.id) {
      const head = outputHead({ model, dialect: result.dialect, shapes: result.shapes, report: () => undefined });
      const isOutput = !!head && (head.activation?.layer === row.layer || head.output.layer === row.layer);
      const units = unitsOf(row.node, row.outputShape);
      md.appendMarkdown(`Activation \`${activation.id}\`: ${describeActivation(activation.id, { isOutput, units })}`);
    }
    return new vscode.Hover(md, at && at.uri.toString() === document.uri.toString() ? at.range : undefined);
  }
}

/** Width of the axis the activation runs over: the inferred last dimension, else the Dense units it applies to. */
function unitsOf(node: TensorNode, shape: Shape | null): number | null {
  if (shape?.length) return shape[shape.length - 1];
  const dense =
    node.layer.type === 'Dense' ? node.layer : node.inputs[0]?.layer.type === 'Dense' ? node.inputs[0].layer : null;
  const units = dense?.call.args.get('units')?.value;
  return units?.kind === 'number' ? units.value : null;
}
