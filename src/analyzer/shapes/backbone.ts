/**
 * A keras.applications backbone used as a layer (`ResNet50(include_top=False,
 * …)` first in a Sequential, or `base(inputs)`): its arguments read from the
 * call, its output and weights from keras/applications.ts.
 */
import type { LayerNode, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { type BackboneArgs, backboneOutput, backboneSignature } from '../keras/applications';
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
function backboneArgs(layer: LayerNode): BackboneArgs {
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
  };
}

/** The name model.summary() shows for the backbone layer: its `name=`, else the model's default name. */
export function backboneLayerName(layer: LayerNode): string | null {
  const given = layer.call.args.get('name')?.value;
  if (given?.kind === 'string') return given.value;
  return backboneOutput(layer.type, backboneArgs(layer))?.name ?? null;
}

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
