/**
 * Where a model's input shape is declared: `Input(shape=…)` / `InputLayer`, or
 * the first layer's `input_shape` / `input_dim` / `batch_input_shape`
 * (Embedding's tf.keras 2 `input_length` too).
 */
import { type ArgInfo, isConcrete, type LayerNode, type TensorNode } from '../ir';
import { layerSignature } from '../keras/catalog';
import { positiveInt, shapeValue } from './args';
import { canonicalType } from './layer-kinds';
import type { Dim, Shape } from './shape';

export interface DeclaredInput {
  /** Batch axis first; null when the argument is there but its value is unknown (`X.shape[1:]`). */
  shape: Shape | null;
  /** The argument that declares it. */
  arg: ArgInfo;
  /** Which argument: `shape`, `input_shape`, `batch_shape`, `batch_input_shape`, `input_dim`, `input_length`. */
  name: string;
}

/** Layers whose `input_dim` Keras 2 took as the feature size of a sequence (keras/legacy/interfaces.py). */
const SEQUENCE_INPUT_DIM = new Set(['SimpleRNN', 'GRU', 'LSTM', 'Conv1D']);

/** Arguments that give the shape without the batch axis, then those that include it. */
const WITHOUT_BATCH = ['shape', 'input_shape'];
const WITH_BATCH = ['batch_shape', 'batch_input_shape'];

/**
 * True for a tensor that is a model input: an InputLayer, or a Sequential's
 * first layer applied to nothing. A concrete tensor (`tf.range(n)`) starts a
 * graph too but is data the code makes, not an input.
 */
export function isModelInput(node: TensorNode): boolean {
  return node.inputs.length === 0 && !isConcrete(node);
}

/** The input shape the code declares for `node`'s layer, or null when it declares none. */
export function declaredInput(node: TensorNode, noneAs: number | null = null): DeclaredInput | null {
  if (!isModelInput(node)) return null;
  return declaredOn(node.layer, noneAs);
}

/** `noneAs`: the size given to each None written in the shape (see ShapeOptions.variableAxesAs). */
function declaredOn(layer: LayerNode, noneAs: number | null): DeclaredInput | null {
  const args = layer.call.args;
  const isInput = layer.type === 'InputLayer';
  for (const name of WITHOUT_BATCH) {
    if (name === 'shape' && !isInput) continue;
    const arg = args.get(name);
    if (!arg) continue;
    // tf.keras 2's InputLayer read a bare int as a one-axis shape (`Input(shape=(1024))`, whose
    // parentheses make no tuple); Keras 3 refuses it, so it can only be code written for Keras 2.
    const bareInt = isInput && name === 'shape' ? positiveInt(arg.value) : null;
    const dims = bareInt !== null ? [bareInt] : shapeValue(arg.value, noneAs);
    // Input(shape=…, batch_size=32) fixes the batch axis.
    const batch: Dim = isInput ? positiveInt(args.get('batch_size')?.value) : null;
    return { shape: dims ? [batch, ...dims] : null, arg, name };
  }
  for (const name of WITH_BATCH) {
    if (name === 'batch_shape' && !isInput) continue;
    const arg = args.get(name);
    if (!arg) continue;
    const dims = shapeValue(arg.value, noneAs);
    if (!dims || dims.length === 0) return { shape: null, arg, name };
    // A batch axis written as None stays unknown whatever noneAs says; a written size is kept.
    const batch = shapeValue(arg.value)![0];
    return { shape: [batch, ...dims.slice(1)], arg, name };
  }
  if (!isInput) {
    // Embedding's own `input_dim` is its vocabulary size, not the generic input-shape keyword.
    const inputDim = layerSignature(layer.type)?.params.includes('input_dim') ? undefined : args.get('input_dim');
    if (inputDim) {
      const d = positiveInt(inputDim.value);
      // Keras 2 read a recurrent layer's or Conv1D's input_dim (with input_length) as (input_length, input_dim).
      if (SEQUENCE_INPUT_DIM.has(canonicalType(layer.type))) {
        const length = args.get('input_length');
        const steps = length ? positiveInt(length.value) : null;
        const lengthUnknown = length !== undefined && steps === null && length.value.kind !== 'none';
        return { shape: d === null || lengthUnknown ? null : [null, steps, d], arg: inputDim, name: 'input_dim' };
      }
      return { shape: d === null ? null : [null, d], arg: inputDim, name: 'input_dim' };
    }
    const length = layer.type === 'Embedding' ? args.get('input_length') : undefined;
    if (length) {
      const d = positiveInt(length.value);
      return { shape: d === null ? null : [null, d], arg: length, name: 'input_length' };
    }
  }
  return null;
}
