/**
 * A keras.applications backbone used as a layer (`ResNet50(include_top=False,
 * …)` first in a Sequential, or `base(inputs)`): its arguments read from the
 * call, its output and weights from keras/applications.ts.
 */
import type { LayerNode, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { type BackboneArgs, backboneOutput, backboneSignature } from '../keras/applications';
import { backboneLayerShape } from '../keras/backbone-layers';
import { positiveInt, shapeValue } from './args';
import type { LayerKind } from './kind';

function fromDefault(v: unknown): Value {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'number') return { kind: 'number', value: v, isInt: Number.isInteger(v) };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  return UNKNOWN;
}

/** The backbone call's arguments (Keras's defaults where not written). */
export function backboneArgs(layer: LayerNode): BackboneArgs {
  const signature = backboneSignature(layer.type);
  const value = (name: string): Value => {
    const written = layer.call.args.get(name);
    if (written) return written.value;
    if (layer.call.opaqueSplat) return UNKNOWN;
    return signature && Object.hasOwn(signature.defaults, name) ? fromDefault(signature.defaults[name]) : UNKNOWN;
  };
  const bool = (name: string) => {
    const v = value(name);
    return v.kind === 'bool' ? v.value : undefined;
  };
  const weights = value('weights');
  const inputShape = value('input_shape');
  const inputTensor = layer.call.args.get('input_tensor')?.value;
  const pooling = value('pooling');
  const variant: BackboneArgs['variant'] = {};
  for (const name of ['alpha', 'minimalistic', 'include_preprocessing']) {
    if (!signature?.params.includes(name)) continue;
    const v = value(name);
    variant[name] = v.kind === 'number' || v.kind === 'bool' ? v.value : undefined;
  }
  return {
    includeTop: bool('include_top'),
    weights: weights.kind === 'string' ? weights.value : weights.kind === 'none' ? null : undefined,
    inputShape: inputShape.kind === 'none' ? null : (shapeValue(inputShape) ?? undefined),
    pooling:
      pooling.kind === 'none'
        ? null
        : pooling.kind === 'string' && (pooling.value === 'avg' || pooling.value === 'max')
          ? pooling.value
          : undefined,
    classes: positiveInt(value('classes')) ?? undefined,
    variant,
    // Keras builds on an input_tensor as it is (its size, not input_shape's).
    ...(inputTensor && inputTensor.kind !== 'none' ? { builtOnAppliedTensor: true } : {}),
  };
}

/** The name model.summary() shows for the backbone layer: its `name=`, else the model's default name. */
export function backboneLayerName(layer: LayerNode): string | null {
  const given = layer.call.args.get('name')?.value;
  if (given?.kind === 'string') return given.value;
  return backboneOutput(layer.type, backboneArgs(layer))?.name ?? null;
}

/** The input the backbone is built for (batch axis first) without an input_tensor, or null when unknown. */
export function backboneBuiltInput(layer: LayerNode): (number | null)[] | null {
  return backboneOutput(layer.type, backboneArgs(layer))?.builtInput ?? null;
}

/** A layer inside a backbone (LayerNode.backboneLayer), applied to the tensor the backbone starts from. */
export const backboneLayer: LayerKind = {
  infer({ args, inputs }) {
    const ref = args.layer.backboneLayer;
    const start = inputs[0] ?? null;
    if (!ref || !start || ref.backbone.imageDataFormat !== undefined) return { shape: null, params: null };
    const call = backboneArgs(ref.backbone);
    const built = call.builtOnAppliedTensor ? start : backboneBuiltInput(ref.backbone);
    // Its weights are among the backbone's: a model from several inner layers holds the union, not known here.
    if (built?.length !== 4) return { shape: null, params: null };
    return { shape: backboneLayerShape(ref.backbone.type, call, ref.index, start, built.slice(1, 3)), params: null };
  },
};

export function backbone(className: string): LayerKind {
  return {
    infer({ args, inputs, modelInput }) {
      const call = backboneArgs(args.layer);
      // As a model's first layer it takes the input it is built for; applied to a tensor, that tensor.
      const result = backboneOutput(className, call, modelInput ? undefined : inputs[0]);
      return { shape: result?.shape ?? null, params: result?.params ?? null };
    },
  };
}
