/** Hover on a layer: its output shape, parameter count and what its activation does there. */
import type { AnalysisResult } from '../analyzer';
import type { Span, TensorNode } from '../analyzer/ir';
import { layerActivation, outputHead } from '../analyzer/rules/facts';
import type { Shape } from '../analyzer/rules/rule';
import { describeActivation } from './activations';
import { formatCount, formatShape, layerAt } from './model-info';

export interface LayerHover {
  /** Markdown, for editors that render it. */
  markdown: string;
  /** The same without markup. */
  plaintext: string;
  /** The layer call the hover is about (in the analysed text). */
  span: Span;
}

export function layerHover(result: AnalysisResult, offset: number): LayerHover | null {
  const found = layerAt(result, offset);
  if (!found) return null;
  const { model, row } = found;
  const title = `${row.name} (${row.type})`;
  const shape = formatShape(row.outputShape, result.language);
  const params = formatCount(row.params);
  const md = [`**${title}** — layer of model \`${model.name}\`\n\n`, `Output shape: \`${shape}\`  \n`];
  const text = [`${title} — layer of model ${model.name}\n\n`, `Output shape: ${shape}\n`];
  md.push(`Parameters: ${params}\n\n`);
  text.push(`Parameters: ${params}\n\n`);
  const activation = layerActivation(row.layer);
  if (activation?.id) {
    const head = outputHead({ model, dialect: result.dialect, shapes: result.shapes, report: () => undefined });
    const isOutput = !!head && (head.activation?.layer === row.layer || head.output.layer === row.layer);
    const units = unitsOf(row.node, row.outputShape);
    const what = describeActivation(activation.id, { isOutput, units });
    md.push(`Activation \`${activation.id}\`: ${what}`);
    text.push(`Activation ${activation.id}: ${what}`);
  }
  return { markdown: md.join(''), plaintext: text.join('').trimEnd(), span: row.layer.call.span };
}

/** Width of the axis the activation runs over: the inferred last dimension, else the Dense units it applies to. */
function unitsOf(node: TensorNode, shape: Shape | null): number | null {
  if (shape?.length) return shape[shape.length - 1];
  const dense =
    node.layer.type === 'Dense' ? node.layer : node.inputs[0]?.layer.type === 'Dense' ? node.inputs[0].layer : null;
  const units = dense?.call.args.get('units')?.value;
  return units?.kind === 'number' ? units.value : null;
}
