/**
 * Models used as layers (`encoder(x)`, `data_augmentation(inputs)`, a
 * Sequential added to a Sequential, a subclassed model called in a graph).
 * Keras shows such a model as one row of the outer model: the output shape of
 * that call and all of the inner model's weights. A model built without an
 * input shape (a `data_augmentation` Sequential, a subclassed model) is built
 * by its first call, on the shape it is called with.
 */
import { isConcrete, type ModelIR, type TensorNode } from '../ir';
import type { ParamCount, Shape } from '../rules/rule';
import { isModelInput } from './input';

/** Where each model used as a layer is first called, and which of its tensors take the call's inputs. */
export class NestedModels {
  private readonly firstCall = new Map<ModelIR, TensorNode>();
  private readonly inputIndex = new Map<TensorNode, { model: ModelIR; index: number }>();
  private readonly built = new Map<TensorNode, Shape>();

  constructor(models: readonly ModelIR[]) {
    for (const model of models) {
      for (const node of model.nodes) {
        const inner = node.layer.model;
        if (!inner || inner === model) continue;
        const seen = this.firstCall.get(inner);
        if (!seen || node.id < seen.id) this.firstCall.set(inner, node);
      }
    }
    // A call outside every model's graph (`net(keras.Input(...))` on its own) builds it too, if it came first.
    for (const model of models) {
      const call = model.firstCall;
      const seen = call && this.firstCall.get(model);
      if (call && (!seen || call.id < seen.id)) this.firstCall.set(model, call);
    }
    for (const model of models) {
      const inputs = model.builtInputShape ? modelInputs(model) : [];
      if (inputs.length === 1) this.built.set(inputs[0], model.builtInputShape!);
    }
    for (const inner of this.firstCall.keys())
      modelInputs(inner).forEach((node, index) => this.inputIndex.set(node, { model: inner, index }));
  }

  /**
   * A call met while shapes are computed before the model holding it exists
   * (`ops.shape(x)` of a `data_augmentation(inputs)` output, read as the code
   * runs): it builds the inner model when no earlier call is known.
   */
  noticeCall(call: TensorNode, inner: ModelIR): void {
    if (this.firstCall.has(inner)) return;
    this.firstCall.set(inner, call);
    modelInputs(inner).forEach((node, index) => this.inputIndex.set(node, { model: inner, index }));
  }

  /** The shape a model with the single input `input` was built on (a first `fit` on an array of known shape), if any. */
  builtShape(input: TensorNode): Shape | null {
    return this.built.get(input) ?? null;
  }

  /** The call that builds the model `input` belongs to, and which of that call's inputs feeds it. */
  callFeeding(input: TensorNode): { call: TensorNode; index: number } | null {
    const at = this.inputIndex.get(input);
    const call = at && this.firstCall.get(at.model);
    return call ? { call, index: at.index } : null;
  }
}

/** The tensors a model's inputs are: its Input tensors, or a Sequential's first layer when it has none. */
function modelInputs(model: ModelIR): TensorNode[] {
  if (model.inputs.length) return model.inputs;
  const first = model.nodes.find(isModelInput);
  return first ? [first] : [];
}

/** The inner model's weights: the sum over its layers, null when any is unknown or layers may be missing. */
export function nestedParams(model: ModelIR, params: (node: TensorNode) => ParamCount | null): ParamCount | null {
  if (!model.complete) return null;
  const total = { trainable: 0, nonTrainable: 0 };
  const seen = new Set();
  for (const node of model.nodes) {
    if (seen.has(node.layer) || node.layer.type === 'InputLayer' || isConcrete(node)) continue;
    seen.add(node.layer);
    const p = params(node);
    if (!p) return null;
    total.trainable += p.trainable;
    total.nonTrainable += p.nonTrainable;
  }
  return total;
}
