/**
 * Output shapes of every node of a spec, from tfjs's own computeOutputShape,
 * without building (allocating) any weights: the cost and memory estimates run
 * before anything large exists.
 */
import type * as TF from '@tensorflow/tfjs';
import { badInput, VerifyError } from '../errors';
import type { ModelSpec } from '../spec';
import { flattensVector, layerFactory, tfjsConfig, type Tf } from './build';

export type Shape = (number | null)[];

export function nodeShapes(tf: Tf, spec: ModelSpec): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const input of spec.inputs) shapes.set(input.id, [null, ...input.shape]);
  for (const node of spec.nodes) {
    const factory = layerFactory(tf, node.type) as ((c: unknown) => TF.layers.Layer) | undefined;
    if (!factory)
      throw badInput(
        `cannot rebuild layer ${node.type} (line ${node.line}): the trainer has no TensorFlow.js translation for it`,
      );
    const inputs = node.inputs.map((id) => shapes.get(id)!);
    if (flattensVector(node, inputs[0])) {
      shapes.set(node.id, inputs[0]);
      continue;
    }
    let layer: TF.layers.Layer;
    try {
      layer = factory(tfjsConfig(tf, node, []));
    } catch (e) {
      if (e instanceof VerifyError) throw e;
      // e.g. GRU with Keras's reset_after=True, which tfjs 4.22 does not implement.
      throw badInput(
        `cannot rebuild layer ${node.type} (line ${node.line}): TensorFlow.js refuses its arguments (${(e as Error).message.split('\n')[0]})`,
      );
    }
    let out: Shape;
    try {
      out = layer.computeOutputShape(inputs.length === 1 ? inputs[0] : inputs) as Shape;
    } catch (e) {
      throw badInput(
        `cannot rebuild layer ${node.type} (line ${node.line}): it does not fit its input ${inputs.map((s) => `(${s.map((d) => d ?? 'None').join(', ')})`).join(' and ')}: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    if (Array.isArray(out[0]))
      throw badInput(
        `cannot rebuild layer ${node.type} (line ${node.line}): layers with several outputs are not supported`,
      );
    if (out.slice(1).some((d) => d !== null && d <= 0)) {
      throw badInput(
        `cannot rebuild layer ${node.type} (line ${node.line}): its output shape (${out.map((d) => d ?? 'None').join(', ')}) has a dimension ≤ 0 for this input size`,
      );
    }
    shapes.set(node.id, out);
  }
  return shapes;
}
