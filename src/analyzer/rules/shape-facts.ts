/**
 * What the shape rules share: whether an inferred shape can be trusted (no
 * layer on the way there was added under an undecidable condition), how to
 * name a layer in a message, and where a model input's shape is written.
 */
import type { ArgInfo, LayerNode, ModelIR, TensorNode } from '../ir';
import { canonicalType, declaredInput } from '../shapes';
import { layerNames } from '../shapes/naming';
import type { ShapeView } from './rule';

export { formatShape } from '../shapes';

/** True when `node` or anything it is computed from was built under a condition the analyzer could not decide. */
export function dependsOnCondition(node: TensorNode): boolean {
  const seen = new Set<TensorNode>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.conditional || n.layer.conditional) return true;
    stack.push(...n.inputs);
  }
  return false;
}

/** "Conv2D 'conv2d_1'": the class and the name `model.summary()` shows. */
export function layerLabel(model: ModelIR, layer: LayerNode, names = layerNames(model)): string {
  const name = names.get(layer);
  const type = canonicalType(layer.type);
  return name ? `${type} '${name}'` : type;
}

/** Same shape in as out: a layer that cannot have changed the rank (Dropout, Rescaling, BatchNormalization…). */
export function keepsShape(shapes: ShapeView, node: TensorNode): boolean {
  const out = shapes.outputShape(node);
  const [input] = shapes.inputShapes(node);
  return (
    !!out && !!input && node.inputs.length === 1 && out.length === input.length && out.every((d, i) => d === input[i])
  );
}

/**
 * The argument that declares the input shape `node` receives, when nothing
 * between the declaration and `node` changes the shape: `input_shape=(28, 28)`
 * on the first layer, or `Input(shape=…)`.
 */
export function inputDeclarationFor(shapes: ShapeView, node: TensorNode): { arg: ArgInfo; name: string } | null {
  let at: TensorNode | undefined = node;
  for (let guard = 0; at && guard < 1000; guard++) {
    const declared = declaredInput(at);
    if (declared) return declared.shape ? { arg: declared.arg, name: declared.name } : null;
    if (at !== node && !keepsShape(shapes, at)) return null;
    if (at.inputs.length !== 1) return null;
    at = at.inputs[0];
  }
  return null;
}
