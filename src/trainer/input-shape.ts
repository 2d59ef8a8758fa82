/**
 * The model's input shape as the code states it (`input_shape=`, `Input(shape=)`,
 * `input_dim=`, Embedding's `input_length=`), or a suggestion to ask the user
 * for when the code does not say it statically (`input_shape=X.shape[1:]`).
 * The trainer never guesses silently.
 */
import type { LayerNode, ModelIR, TensorNode } from '../analyzer/ir';
import { isModelInput } from '../analyzer/shapes/input';
import { argOf, shapeLiteral } from './values';

export type InputShapeAnswer =
  | { known: true; shapes: number[][] }
  | {
      known: false;
      reason: string;
      suggestion: number[] /** The dimensions the code does state (`None` ones null), when it states a rank. */;
      partial?: (number | null)[];
    };

const INPUT_LAYER_ARGS = ['shape', 'input_shape', 'batch_shape', 'batch_input_shape'];

function shapeFromLayer(layer: LayerNode, isInputLayer: boolean): { shape?: (number | null)[]; present: boolean } {
  const call = layer.call;
  for (const name of isInputLayer ? INPUT_LAYER_ARGS : ['input_shape', 'batch_input_shape', 'batch_shape']) {
    const found = argOf(call, name);
    if (!found) continue;
    const shape = shapeLiteral(found.arg.value);
    if (!shape) return { present: true };
    return { shape: name.startsWith('batch') ? shape.slice(1) : shape, present: true };
  }
  if (!isInputLayer) {
    const dim = argOf(call, 'input_dim');
    if (dim && layer.type !== 'Embedding') {
      const v = dim.arg.value;
      return v.kind === 'number' && v.isInt ? { shape: [v.value], present: true } : { present: true };
    }
    const length = layer.type === 'Embedding' ? argOf(call, 'input_length') : undefined;
    if (length) {
      const v = length.arg.value;
      return v.kind === 'number' && v.isInt ? { shape: [v.value], present: true } : { present: true };
    }
  }
  return { present: false };
}

/** A shape to offer when the code does not state one, by the kind of the first layer. */
function suggestInputShape(firstLayerType: string | undefined): number[] {
  switch (firstLayerType) {
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'Rescaling':
      return [64, 64, 3];
    case 'Conv3D':
      return [16, 16, 16, 1];
    case 'Conv1D':
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
    case 'Bidirectional':
      return [50, 8];
    case 'Embedding':
      return [50];
    // A model that starts by flattening takes images or matrices (MNIST-like): a vector needs no Flatten.
    case 'Flatten':
      return [28, 28];
    default:
      return [20];
  }
}

/** The first real layer applied to an input (the one whose input_shape counts). */
function firstLayerOf(model: ModelIR, input: TensorNode): LayerNode | undefined {
  if (input.layer.type !== 'InputLayer') return input.layer;
  return model.nodes.find((n) => n.inputs.includes(input))?.layer;
}

export function staticInputShapes(model: ModelIR): InputShapeAnswer {
  const roots = model.nodes.filter(isModelInput);
  const shapes: number[][] = [];
  for (const root of roots) {
    const first = firstLayerOf(model, root);
    const isInput = root.layer.type === 'InputLayer';
    let found = shapeFromLayer(root.layer, isInput);
    if (isInput && !found.present && first) found = shapeFromLayer(first, false);
    // A model with no input shape of its own is built on the data it is first given (ModelIR.builtInputShape).
    if (!found.present && roots.length === 1 && model.builtInputShape)
      found = { shape: model.builtInputShape.slice(1), present: true };
    const where = `${isInput ? 'the model input' : `the first layer (${root.layer.type})`}`;
    const suggestion = suggestInputShape(isInput ? first?.type : root.layer.type);
    if (!found.present) return { known: false, reason: `${where} does not state its input shape`, suggestion };
    if (!found.shape)
      return { known: false, reason: `the input shape of ${where} is not known statically`, suggestion };
    if (found.shape.some((d) => d === null || d <= 0)) {
      const filled = found.shape.map((d, i) => (d && d > 0 ? d : (suggestion[i] ?? 32)));
      return {
        known: false,
        reason: `the input shape of ${where} has a variable dimension (${formatShape(found.shape)})`,
        suggestion: filled,
        partial: found.shape.map((d) => (d && d > 0 ? d : null)),
      };
    }
    shapes.push(found.shape as number[]);
  }
  if (roots.length === 0) return { known: false, reason: 'the model has no input', suggestion: [20] };
  return { known: true, shapes };
}

export function formatShape(shape: readonly (number | null)[]): string {
  return shape.map((d) => (d === null ? 'None' : String(d))).join('×');
}

/** Parses `64,64,1` (or `64x64x1`) into a shape; null when it is not a list of positive integers. */
export function parseShape(text: string): number[] | null {
  const parts = text
    .trim()
    .replace(/^[([]|[)\]]$/g, '')
    .split(/[\s,x×]+/)
    .filter(Boolean);
  if (parts.length === 0) return null;
  const dims = parts.map((p) => Number(p));
  return dims.every((d) => Number.isInteger(d) && d > 0) ? dims : null;
}
