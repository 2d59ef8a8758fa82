/**
 * Facts several rules ask about a model: what its output layer computes, which
 * loss it trains with, which labels it is fed. Each answer is null when the
 * analyzer cannot be sure, so rules built on them stay silent on unknowns.
 */
import type { Dialect } from '../dialect';
import type { ArgInfo, LabelInfo, LayerNode, LossSpec, ModelIR, TensorNode, Value } from '../ir';
import type { RuleContext } from './rule';

export interface ActivationFact {
  /** Canonical activation name (`softmax`, `linear`…), or null for custom/unknown ones. */
  id: string | null;
  /** The argument that sets it; absent when it is the default or a Softmax() layer. */
  arg?: ArgInfo;
  layer: LayerNode;
  /** Set by an Activation/Softmax layer rather than the Dense's own argument. */
  viaLayer: boolean;
}

export interface OutputHead {
  /** Number of output units (last axis), when known. */
  units: number | null;
  /** The Dense that sets the units, with its `units` argument. */
  dense: LayerNode | null;
  unitsArg?: ArgInfo;
  activation: ActivationFact | null;
  /** The model's output tensor. */
  output: TensorNode;
}

/** Layers that pass values through unchanged in shape and meaning at the end of a model. */
const PASS_THROUGH = new Set([
  'Dropout',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'ActivityRegularization',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
]);

/** Activation functions written as references: keras.activations.softmax, tf.nn.softmax, tf.sigmoid… */
export function activationFromValue(v: Value | undefined): string | null {
  if (!v || v.kind === 'none') return 'linear';
  if (v.kind === 'string') return v.value;
  if (v.kind === 'ref') {
    const parts = v.path.split('.');
    const last = parts[parts.length - 1];
    if (parts[0] === 'keras' && parts[1] === 'activations') return last;
    if (parts[0] === 'tf' && (parts.length === 2 || ['nn', 'math'].includes(parts[1]))) return last;
  }
  return null;
}

/** The activation a layer applies to its output (Dense/Conv `activation=`, Activation, Softmax). */
export function layerActivation(layer: LayerNode): ActivationFact | null {
  // A tensor operation (`keras.ops.softmax(x, axis=1)`) is not the layer its class is named after: no fact, no fix.
  if (layer.operation) return null;
  if (layer.type === 'Softmax') return { id: 'softmax', layer, viaLayer: true };
  if (layer.type === 'Activation') {
    const arg = layer.call.args.get('activation');
    return arg ? { id: activationFromValue(arg.value), arg, layer, viaLayer: true } : null;
  }
  if (layer.call.args.has('activation') || layer.type === 'Dense') {
    const arg = layer.call.args.get('activation');
    if (arg?.fromSplat) return { id: activationFromValue(arg.value), layer, viaLayer: false };
    return { id: activationFromValue(arg?.value), arg, layer, viaLayer: false };
  }
  return null;
}

/**
 * What the model's single output computes: units and final activation, looking
 * through Dropout-like layers and trailing Activation/Softmax layers. Null for
 * multi-output models, or when the output was built under an undecidable condition.
 */
export function outputHead(ctx: RuleContext): OutputHead | null {
  const { model } = ctx;
  if (model.outputs.length !== 1) return null;
  const output = model.outputs[0];
  let activation: ActivationFact | null = null;
  let node: TensorNode | undefined = output;
  for (let guard = 0; node && guard < 64; guard++) {
    const layer: LayerNode = node.layer;
    if (node.conditional || layer.conditional || layer.operation) return null;
    if (PASS_THROUGH.has(layer.type)) {
      node = node.inputs[0];
      continue;
    }
    if (layer.type === 'Activation' || layer.type === 'Softmax') {
      activation ??= layerActivation(layer);
      node = node.inputs[0];
      continue;
    }
    if (layer.type === 'Dense') {
      const unitsArg = layer.call.args.get('units');
      const units = unitsArg?.value.kind === 'number' ? unitsArg.value.value : null;
      return { units, dense: layer, unitsArg, activation: activation ?? layerActivation(layer), output };
    }
    if (!layer.known) return null;
    const shape = ctx.shapes.outputShape(output);
    const last = shape && shape.length >= 2 ? shape[shape.length - 1] : null;
    return { units: last, dense: null, activation: activation ?? layerActivation(layer), output };
  }
  return null;
}

/** The loss the model is compiled with, unless compile ran under an undecidable condition. */
export function modelLoss(model: ModelIR): LossSpec | null {
  if (!model.compile || model.compile.conditional) return null;
  return model.compile.loss;
}

/** Whether switching to loss `lossId` works with these labels as they are (unknown labels: assumed so). */
export function lossAcceptsLabels(dialect: Dialect, lossId: string, labels: LabelInfo | null): boolean {
  return !labels || !dialect.labelsRejectedBy?.(lossId, labels);
}

/** The labels the model is fitted on (the first fit that says), when known. */
export function modelLabels(model: ModelIR): LabelInfo | null {
  for (const fit of model.fits) if (fit.labels && !fit.conditional) return fit.labels;
  return null;
}

export const CATEGORICAL_LOSSES = new Set(['categorical_crossentropy', 'categorical_focal_crossentropy']);
export const PROBABILITY_LOSSES = new Set([
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_focal_crossentropy',
  'categorical_focal_crossentropy',
]);
export const REGRESSION_LOSSES = new Set([
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'huber',
  'log_cosh',
]);

/** Labels that certainly have more than one column. */
export function isMultiColumnOneHot(labels: LabelInfo | null, head: OutputHead | null): boolean {
  if (labels?.encoding !== 'one-hot') return false;
  if (!labels.singleColumnIfBinary) return true;
  return (labels.numClasses ?? 0) > 2 || (head?.units ?? 0) > 2;
}
