/**
 * keras.applications backbones (ResNet50, MobileNetV2, EfficientNetB0…):
 * output shape, parameter counts and input scaling as functions of their
 * arguments, from rules measured on Keras itself (applications.json,
 * tools/extract-keras-applications.py explains how each rule was derived and
 * checked on held-out sizes).
 *
 * For the construction layer: `ResNet50(include_top=False, input_shape=…)`
 * is a layer whose output `backboneOutput` gives; called on a tensor
 * (`base(inputs)`) its output follows that tensor's size; with `input_tensor=`
 * it should be applied to that tensor. Setting `base.trainable = False` makes
 * its weights non-trainable in the summary: the construction layer applies
 * that, the counts here are those of a trainable model.
 */
import type { ParamCount, Shape } from '../rules/rule';
import applicationsJson from './applications.json';
import type { Signature } from './catalog';

export type SpatialStep =
  | { window: number[]; stride: number[]; dilation: number[]; padding: 'same' | 'valid' }
  | { pad: [number, number][]; correct?: boolean }
  | { crop: [number, number][] };

interface Linear {
  constant: number;
  perClass: number;
  perPosition: number;
}

interface Variant {
  when: Record<string, number | boolean>;
  name: string;
  spatial: SpatialStep[];
  channels: number;
  /** [a, b]: a + b * input channels. */
  params: { trainable: [number, number]; nonTrainable: [number, number] };
  preprocessing: { type: string; scale?: number; offset?: number; mean?: number[]; variance?: number[] }[];
  top: { trainable: Linear; nonTrainable: Linear };
  /** Sizes Keras refused to apply the model to when it was built for any size (NASNet's branches disagree). */
  refusedWhenBuiltForAnySize?: number[][];
  /**
   * NASNet builds other reduction branches for some sizes: `params` then holds
   * for a model built for any size, `paramsAtDefaultSize` for the default size
   * with 3 channels, and other sizes' counts are unknown.
   */
  paramsDependOnSize?: boolean;
  paramsAtDefaultSize?: { trainable: number; nonTrainable: number };
}

interface Backbone extends Signature {
  module: string | null;
  /** The input size it is built for without input_shape; null when it then takes any size (MobileNetV3). */
  defaultSize: number | null;
  minSize: number | null;
  summaryType: string;
  preprocessInput: { mode: string; of0_127_255: number[] } | null;
  variants: Variant[];
}

const BACKBONES = (applicationsJson as unknown as { backbones: Record<string, Backbone> }).backbones;

/** Every backbone class the table describes. */
export function backboneNames(): string[] {
  return Object.keys(BACKBONES);
}

/** True for a keras.applications class the table describes. */
export function isBackbone(className: string): boolean {
  return Object.hasOwn(BACKBONES, className);
}

/** The class model.summary() shows for a backbone used as a layer (`Functional`). */
export function backboneSummaryType(className: string): string {
  return BACKBONES[className]?.summaryType ?? className;
}

/** What `keras.applications.<module>.preprocess_input` does ('caffe', 'tf', 'torch', 'none'), or null for a module the table lacks. */
export function preprocessMode(module: string): string | null {
  for (const b of Object.values(BACKBONES)) if (b.module === module && b.preprocessInput) return b.preprocessInput.mode;
  return null;
}

/** The constructor's parameters and defaults, as Keras declares them. */
export function backboneSignature(className: string): Signature | undefined {
  return isBackbone(className) ? BACKBONES[className] : undefined;
}

/** A backbone call's arguments. `undefined` anywhere: written but not resolved. */
export interface BackboneArgs {
  includeTop: boolean | undefined;
  /** 'imagenet', null (random), a file path, or undefined when unknown. */
  weights: string | null | undefined;
  /** Without the batch axis; null when not given. Unknown dimensions are null. */
  inputShape: (number | null)[] | null | undefined;
  pooling: 'avg' | 'max' | null | undefined;
  classes: number | undefined;
  /** alpha, minimalistic, include_preprocessing… where the class has them (defaults applied when not given). */
  variant: Record<string, number | boolean | undefined>;
  /** Built on an `input_tensor`: for the size of the tensor it is applied to, whatever input_shape says. */
  builtOnAppliedTensor?: boolean;
}

export interface BackboneResult {
  /** Output shape, batch axis first; null when unknown or when Keras would refuse the arguments. */
  shape: Shape | null;
  params: ParamCount | null;
  /** The input the model is built for (batch axis first), as Keras builds it from the arguments. */
  builtInput: Shape | null;
  /** The model's default name (`resnet50`, `mobilenet_1.00_224`) and class as model.summary() shows the layer. */
  name: string | null;
  summaryType: string;
  /**
   * True when the model rescales its input itself (Rescaling/Normalization
   * layers first: EfficientNet, and V2/ConvNeXt/MobileNetV3 with
   * include_preprocessing): it expects raw 0–255 pixels. False when it expects
   * its module's preprocess_input to have been applied. Null when unknown.
   */
  scalesInputs: boolean | null;
  /** What the module's preprocess_input does ('caffe', 'tf', 'torch', 'none'), read from Keras. */
  preprocessInput: string | null;
  /** Why Keras would refuse these arguments, when it would. */
  problem?: string;
}

function variantFor(backbone: Backbone, given: BackboneArgs['variant']): Variant | null | undefined {
  const wanted = {
    ...Object.fromEntries(Object.keys(backbone.variants[0].when).map((k) => [k, backbone.defaults[k]])),
  };
  for (const [k, v] of Object.entries(given)) if (k in wanted) wanted[k] = v;
  if (Object.values(wanted).some((v) => v === undefined)) return undefined;
  return backbone.variants.find((v) => Object.entries(v.when).every(([k, x]) => wanted[k] === x)) ?? null;
}

/**
 * Size along each image axis after the chain of steps; null where it is
 * unknown or vanishes. `built`: the size the model was built for on each axis
 * (null: built for any size), which fixes correct_pad paddings.
 */
export function spatialSize(
  steps: SpatialStep[],
  input: (number | null)[],
  built: (number | null)[],
): (number | null)[] {
  const out = [...input];
  const builtNow = [...built];
  for (const step of steps) {
    for (let i = 0; i < 2; i++) {
      const apply = (n: number | null, b: number | null): number | null => {
        if (n === null) return null;
        if ('pad' in step) {
          let [before, after] = step.pad[i];
          // imagenet_utils.correct_pad: one less before on an even axis, decided when the model is built.
          if (step.correct) before = after - (b === null ? 1 : 1 - (b % 2));
          return n + before + after;
        }
        if ('crop' in step) return n - step.crop[i][0] - step.crop[i][1];
        const reach = (step.window[i] - 1) * step.dilation[i] + 1;
        return step.padding === 'same'
          ? Math.floor((n - 1) / step.stride[i]) + 1
          : Math.floor((n - reach) / step.stride[i]) + 1;
      };
      const next = apply(out[i], builtNow[i]);
      builtNow[i] = apply(builtNow[i], builtNow[i]);
      out[i] = next !== null && next > 0 ? next : null;
    }
  }
  return out;
}

const linear = (l: Linear, classes: number, positions: number) =>
  l.constant + l.perClass * classes + l.perPosition * positions;

/**
 * What a backbone built with `args` gives when applied to a tensor of shape
 * `appliedTo` (batch first; omit it for the model's own input). Null for a
 * class that is not a backbone.
 */
export function backboneOutput(className: string, args: BackboneArgs, appliedTo?: Shape | null): BackboneResult | null {
  if (!isBackbone(className)) return null;
  const b = BACKBONES[className];
  const variant = variantFor(b, args.variant);
  const scales = variant ? variant.preprocessing.length > 0 : null;
  const result: BackboneResult = {
    shape: null,
    params: null,
    builtInput: null,
    name: null,
    summaryType: b.summaryType,
    scalesInputs: scales,
    preprocessInput: b.preprocessInput?.mode ?? null,
  };
  const { includeTop, weights, pooling, classes } = args;
  const inputShape =
    args.builtOnAppliedTensor && appliedTo
      ? appliedTo.length === 4
        ? appliedTo.slice(1)
        : undefined
      : args.inputShape;
  if (includeTop === undefined || inputShape === undefined) return result;
  // imagenet_utils.obtain_input_shape: without input_shape, a classifier head is built for the default
  // size and a feature extractor for any size (ImageNet weights or not).
  let built: (number | null)[] | null = inputShape;
  if (built === null) built = includeTop ? [b.defaultSize, b.defaultSize, 3] : [null, null, 3];
  // MobileNetV3's head pools whatever size it gets: no size is imposed.
  const fixedSize = b.defaultSize !== null;
  if (built.length !== 3) return { ...result, problem: `input_shape must have 3 dimensions (rows, cols, channels)` };
  const [rows, cols, channels] = built;
  if (weights === 'imagenet') {
    if (channels !== null && channels !== 3) return { ...result, problem: 'ImageNet weights need 3 input channels' };
    if (includeTop && classes !== undefined && classes !== 1000)
      return { ...result, problem: 'ImageNet weights with include_top=True need classes=1000' };
    if (includeTop && fixedSize && (rows !== b.defaultSize || cols !== b.defaultSize))
      return {
        ...result,
        problem: `ImageNet weights with include_top=True need a ${b.defaultSize}×${b.defaultSize} input`,
      };
  }
  if (b.minSize !== null && [rows, cols].some((d) => d !== null && d < b.minSize!))
    return { ...result, problem: `the input must be at least ${b.minSize}×${b.minSize}` };
  if (includeTop && fixedSize && (rows === null || cols === null))
    return { ...result, problem: 'include_top=True needs a fixed input size' };
  result.builtInput = [null, rows, cols, channels];
  if (!variant) return result;
  const namedRows = rows ?? b.defaultSize;
  result.name =
    variant.name.includes('{rows}') && namedRows === null ? null : variant.name.replace('{rows}', String(namedRows));
  // The feature map where the model was built, and where it is applied.
  const builtMap = spatialSize(variant.spatial, [rows, cols], [rows, cols]);
  const input: Shape | null = appliedTo === undefined ? result.builtInput : appliedTo;
  // A model built for any size that Keras refused to apply to some sizes: which others it refuses is not known.
  const unsure = (variant.refusedWhenBuiltForAnySize?.length ?? 0) > 0 && (rows === null || cols === null);
  if (input && input.length === 4 && !(unsure && appliedTo)) {
    const map = spatialSize(variant.spatial, [input[1], input[2]], [rows, cols]);
    const batch = input[0];
    if (includeTop) result.shape = classes === undefined ? null : [batch, classes];
    else if (pooling !== undefined)
      result.shape = pooling ? [batch, variant.channels] : [batch, map[0], map[1], variant.channels];
  }
  if (channels !== null && (!includeTop || classes !== undefined)) {
    const positions = builtMap[0] !== null && builtMap[1] !== null ? builtMap[0] * builtMap[1] : null;
    const base = (ab: [number, number]) => ab[0] + ab[1] * channels;
    let trainable = base(variant.params.trainable);
    let nonTrainable = base(variant.params.nonTrainable);
    if (variant.paramsDependOnSize && (rows !== null || cols !== null)) {
      const atDefault = rows === b.defaultSize && cols === b.defaultSize && channels === 3;
      if (!atDefault || !variant.paramsAtDefaultSize) return result;
      ({ trainable, nonTrainable } = variant.paramsAtDefaultSize);
    }
    if (includeTop) {
      const needsPositions = variant.top.trainable.perPosition !== 0 || variant.top.nonTrainable.perPosition !== 0;
      if (positions === null && needsPositions) return result;
      trainable += linear(variant.top.trainable, classes!, positions ?? 0);
      nonTrainable += linear(variant.top.nonTrainable, classes!, positions ?? 0);
    }
    result.params = { trainable, nonTrainable };
  }
  return result;
}
