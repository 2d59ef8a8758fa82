/**
 * Shape inference for a tensor operation node (LayerNode.operation): reads
 * its arguments by the operation's parameter names and applies its rule.
 *
 * Convention with the model-construction layer: the node's inputs are the
 * tensors among its arguments, in parameter order (a list's items in order);
 * `call.args` holds every argument by parameter name (tensors as tensor
 * values, Python numbers as numbers). An operation the table does not list
 * keeps the graph connected with an unknown shape; its weights are known to be
 * none when it is a framework function (tf.*, keras.ops.*, backend, numpy), else
 * unknown.
 */
import { arrayOf, holdsWeight, scaledAxisSizeOf } from '../array-data';
import type { AxisSize, Language, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { type OperationSpec, operationSpec, operatorSpec } from '../keras/operations';
import { integer, isUnread } from './args';
import { SHAPED_OPERATIONS } from './shaped-operations';
import { MULTI_OUTPUT_OPERATIONS, outputShapes } from './split';
import { known, type LayerKind, unknown } from './kind';
import {
  batchFlattenShape,
  broadcastShapes,
  concatShape,
  depthToSpaceShape,
  expandDimsShape,
  flattenAllShape,
  matmulShape,
  oneHotShape,
  reduceShape,
  reshapeShape,
  spaceToDepthShape,
  squeezeShape,
  stackShape,
  takeShape,
  repeatShape,
  tileShape,
  transposeShape,
} from './operations';
import { type Dim, NO_PARAMS, product, type Shape } from './shape';

/** keras.ops.image.extract_patches (Keras 3 records an ExtractPatches operation); not in operations.json. */
export const EXTRACT_PATCHES = 'keras.ops.extract_patches';
export const EXTRACT_PATCHES_PARAMS = ['images', 'size', 'strides', 'dilation_rate', 'padding', 'data_format'];

/**
 * `extract_patches(images, size, strides=size, padding='valid')` on a
 * channels-last batch: each window of `size` becomes one position whose
 * channels are the window's values (size_h × size_w × channels), as Keras
 * 3.15.1 computes it. Null for dilations, channels-first, or unknown arguments.
 */
function extractPatchesShape(x: Shape | null, written: Map<string, { value: Value }>): Shape | null {
  const arg = (name: string): Value | undefined => written.get(name)?.value;
  const pair = (v: Value | undefined): number[] | null => {
    const one = v ? integer(v) : null;
    if (one !== null) return [one, one];
    if (v?.kind !== 'sequence' || v.items.length !== 2) return null;
    const both = v.items.map(integer);
    return both.every((d) => d !== null && d > 0) ? (both as number[]) : null;
  };
  const size = pair(arg('size'));
  const strides = arg('strides') === undefined || arg('strides')?.kind === 'none' ? size : pair(arg('strides'));
  const padding = arg('padding');
  const mode = padding === undefined ? 'valid' : padding.kind === 'string' ? padding.value.toLowerCase() : null;
  const dilation = arg('dilation_rate');
  const format = arg('data_format');
  if (x?.length !== 4 || !size || !strides || (mode !== 'valid' && mode !== 'same')) return null;
  if (dilation !== undefined && integer(dilation) !== 1) return null;
  if (format !== undefined && format.kind !== 'none' && !(format.kind === 'string' && format.value === 'channels_last'))
    return null;
  const spatial = [x[1], x[2]].map((d, i) => {
    if (d === null) return null;
    const out = mode === 'same' ? Math.ceil(d / strides[i]) : Math.floor((d - size[i]) / strides[i]) + 1;
    return out > 0 ? out : null;
  });
  const channels = x[3] === null ? null : size[0] * size[1] * x[3];
  return [x[0], ...spatial, channels];
}

/** A slice's [start, stop, step] as the Python front end records it (null: left out). */
function sliceParts(v: Value): (number | null)[] | null {
  return v.kind === 'opaque' && v.tag === 'slice' && Array.isArray(v.data) ? (v.data as (number | null)[]) : null;
}

/** How many items `slice(start, stop, step)` takes from an axis of `n` (Python's slice.indices). */
function sliceLength(n: number, [start, stop, step]: (number | null)[]): number | null {
  const s = step ?? 1;
  if (s === 0 || !Number.isInteger(s)) return null;
  const clamp = (v: number | null, low: number, high: number, d: number) =>
    v === null ? d : v < 0 ? Math.max(low, n + v) : Math.min(high, v);
  const from = s > 0 ? clamp(start, 0, n, 0) : clamp(start, -1, n - 1, n - 1);
  const to = s > 0 ? clamp(stop, 0, n, n) : clamp(stop, -1, n - 1, -1);
  return Math.max(0, Math.ceil((to - from) / s));
}

/**
 * `x[key]` on a symbolic tensor (Keras's GetItem): ints drop an axis, slices
 * keep it (sized when known), None adds one, `...` stands for the axes no
 * other key takes. Null for anything else (a tensor index, an unknown key).
 */
function getItemShape(x: Shape | null, key: Value | undefined): Shape | null {
  if (!x || !key) return null;
  const keys = key.kind === 'sequence' ? key.items : [key];
  const isEllipsis = (k: Value) => k.kind === 'opaque' && k.tag === 'ellipsis';
  const consumed = keys.filter((k) => k.kind !== 'none' && !isEllipsis(k)).length;
  if (consumed > x.length || keys.filter(isEllipsis).length > 1) return null;
  const out: Shape = [];
  let axis = 0;
  for (const k of keys) {
    if (isEllipsis(k)) {
      const n = x.length - consumed;
      out.push(...x.slice(axis, axis + n));
      axis += n;
    } else if (k.kind === 'none') out.push(1);
    else if (k.kind === 'number' && k.isInt) axis++;
    else if (k.kind === 'opaque' && k.tag === 'slice-unknown') {
      out.push(null);
      axis++;
    } else {
      const parts = sliceParts(k);
      if (!parts) return null;
      const dim = x[axis++];
      out.push(dim === null ? null : sliceLength(dim, parts));
    }
  }
  out.push(...x.slice(axis));
  return out;
}

/** Functions that never create weights, whatever they do to shapes. */
const WEIGHTLESS = /^(?:operator |tf\.|keras\.ops\.|keras\.backend\.|keras\.activations\.|np\.)/;

function fromDefault(v: unknown): Value {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'number') return { kind: 'number', value: v, isInt: Number.isInteger(v) };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (Array.isArray(v)) return { kind: 'sequence', items: v.map(fromDefault), tuple: true };
  return UNKNOWN;
}

/** An int, or a list of ints; null when absent (None), undefined when unknown. */
function axes(v: Value): number[] | null | undefined {
  if (v.kind === 'none') return null;
  const one = integer(v);
  if (one !== null) return [one];
  if (v.kind !== 'sequence') return undefined;
  const out = v.items.map(integer);
  return out.every((a) => a !== null) ? (out as number[]) : undefined;
}

/** Whether operationKind has a shape rule for this path (the coverage benchmark names the others). */
export function isModelledOperation(path: string, language: Language): boolean {
  return (
    path === EXTRACT_PATCHES ||
    path === 'operator []' ||
    Object.hasOwn(SHAPED_OPERATIONS, path) ||
    Object.hasOwn(MULTI_OUTPUT_OPERATIONS, path) ||
    (path.startsWith('operator ') ? operatorSpec(path.slice('operator '.length)) : operationSpec(path, language)) !==
      null
  );
}

/** The operation for a LayerNode.operation path, as the construction layer writes it. */
export function operationKind(path: string, language: Language): LayerKind {
  if (path === EXTRACT_PATCHES)
    return {
      infer: ({ args, inputs }) => known(extractPatchesShape(inputs[0] ?? null, args.layer.call.args), NO_PARAMS),
    };
  if (Object.hasOwn(SHAPED_OPERATIONS, path)) {
    const op = SHAPED_OPERATIONS[path];
    return { infer: ({ args, inputs }) => known(op.shape(args.layer.call.args, inputs), NO_PARAMS) };
  }
  if (Object.hasOwn(MULTI_OUTPUT_OPERATIONS, path))
    return {
      infer: ({ args, inputs }) => {
        const outputs = outputShapes(path, args.layer.call.args, inputs[0] ?? null);
        return outputs ? { shape: null, params: NO_PARAMS, outputs } : unknown(NO_PARAMS);
      },
    };
  if (path === 'operator []')
    return {
      infer: ({ args, inputs }) =>
        known(getItemShape(inputs[0] ?? null, args.layer.call.args.get('key')?.value), NO_PARAMS),
    };
  const spec = path.startsWith('operator ')
    ? operatorSpec(path.slice('operator '.length))
    : operationSpec(path, language);
  if (!spec) {
    const weights = WEIGHTLESS.test(path) ? NO_PARAMS : null;
    return { infer: () => unknown(weights) };
  }
  return {
    infer: ({ args, inputs, variableAxesAs, axisSize }) => {
      const written = args.layer.call.args;
      // A custom layer's weight used here (`ops.matmul(x, self.kernel)`): weights no row counts.
      const params = [...written.values()].some((a) => holdsWeight(a.value)) ? null : NO_PARAMS;
      return known(shapeOf(spec, written, inputs, variableAxesAs ?? null, axisSize), params);
    },
  };
}

/**
 * For measuring coverage (ShapeOptions.variableAxesAs): the axes of a reshape
 * Keras leaves None although everything the analyzer reads is known, sized.
 * Those are the Nones of the new shape (`ops.shape(x)[0]`, a variable axis) and
 * its -1 once the input has a None (Keras cannot divide by it).
 */
function sizeVariableAxes(shape: Shape, input: Shape, target: Value[], dims: Dim[], size: number): Shape {
  const allRead =
    input.slice(1).every((d) => d !== null) && target.every((v) => v.kind === 'none' || integer(v) !== null);
  // `(batch, -1, 12)` of a (None, 16, 16, 12) batch: the -1 is what one sample holds (256), as it is when run.
  const perSample = allRead && target[0]?.kind === 'none' ? product(input.slice(1)) : null;
  const known = product(dims.filter((d, i) => i > 0 && d !== -1));
  const free = perSample !== null && known ? perSample / known : null;
  const rest =
    free !== null && Number.isSafeInteger(free) && target.slice(1).every((v) => v.kind !== 'none') ? free : size;
  return shape.map((d, i) =>
    d === null && i > 0 && (target[i].kind === 'none' || (allRead && dims[i] === -1))
      ? dims[i] === -1
        ? rest
        : size
      : d,
  );
}

/**
 * The shape an operation computes from concrete tensors and numbers alone (no
 * symbolic tensor among `written`, see construction/concrete-tensors.ts), by
 * the rule it follows in a graph. Null when the rule cannot tell.
 */
export function concreteOperationShape(spec: OperationSpec, written: Map<string, { value: Value }>): Shape | null {
  return shapeOf(spec, written, [], null);
}

function shapeOf(
  spec: OperationSpec,
  written: Map<string, { value: Value }>,
  inputs: (Shape | null)[],
  variableAxesAs: number | null,
  axisSize?: (size: AxisSize) => Dim,
): Shape | null {
  const value = (name: string | undefined): Value => {
    if (name === undefined) return UNKNOWN;
    const arg = written.get(name);
    if (arg) return arg.value;
    return Object.hasOwn(spec.defaults, name) ? fromDefault(spec.defaults[name]) : { kind: 'none' };
  };
  // The tensors among the arguments take the node's inputs in order.
  let next = 0;
  const tensorShape = (v: Value): Shape | null | undefined => {
    if (v.kind === 'tensor') return next < inputs.length ? inputs[next++] : null;
    if (v.kind === 'number' || v.kind === 'bool') return [];
    // A NumPy array of known shape becomes a constant of that shape.
    return arrayOf(v)?.shape;
  };
  const one = (name: string | undefined) => tensorShape(value(name)) ?? null;
  const list = (name: string | undefined): Shape[] | null => {
    const v = value(name);
    if (v.kind !== 'sequence') return null;
    const shapes = v.items.map((item) => tensorShape(item) ?? null);
    return shapes.every((s) => s !== null) ? (shapes as Shape[]) : null;
  };
  const [first, second] = spec.params;
  // A flag the function does not have (keras.ops.matmul has no transpose_a) is off.
  const flag = (...names: string[]): boolean | null => {
    const name = names.find((n) => spec.params.includes(n));
    const v: Value = name ? value(name) : { kind: 'bool', value: false };
    return v.kind === 'bool' ? v.value : v.kind === 'none' ? false : null;
  };
  switch (spec.rule) {
    case 'broadcast': {
      const a = one(first);
      const b = one(second);
      return a && b ? broadcastShapes(a, b) : null;
    }
    case 'same':
      return one(first);
    case 'flatten': {
      const x = one(first);
      return x && flattenAllShape(x);
    }
    case 'batch_flatten': {
      const x = one(first);
      return x && batchFlattenShape(x);
    }
    case 'reshape': {
      const x = one(first);
      const written = value(second);
      if (!x || written.kind !== 'sequence') return null;
      // `tf.shape(x)[1]` of an axis the inference knows is that size (TensorFlow folds it); of the batch, None.
      const target = { ...written, items: written.items.map((d) => readSize(d, axisSize)) };
      // None in the new shape (`ops.shape(x)[0]` of a batch) stays None, as Keras keeps it; a size the
      // analyzer cannot read (`ops.shape(x)[1]` of an axis it does not know) is one axis of unknown size.
      const dims = target.items.map((d) => (d.kind === 'none' || isUnread(d) ? null : integer(d)));
      if (dims.some((d, i) => d === null && target.items[i].kind !== 'none' && !isUnread(target.items[i]))) return null;
      const shape = reshapeShape(x, dims);
      return shape && variableAxesAs !== null ? sizeVariableAxes(shape, x, target.items, dims, variableAxesAs) : shape;
    }
    case 'expand_dims': {
      const x = one(first);
      const axis = integer(value(second));
      return x && axis !== null ? expandDimsShape(x, axis) : null;
    }
    case 'squeeze': {
      const x = one(first);
      const a = axes(value(second));
      return x && a !== undefined ? squeezeShape(x, a) : null;
    }
    case 'concatenate':
    case 'stack': {
      const xs = list(first);
      const axis = integer(value(second));
      if (!xs || axis === null) return null;
      return spec.rule === 'concatenate' ? concatShape(xs, axis) : stackShape(xs, axis);
    }
    case 'transpose': {
      const x = one(first);
      const perm = second === undefined ? null : axes(value(second));
      return x && perm !== undefined ? transposeShape(x, perm) : null;
    }
    case 'reduce':
    case 'arg_reduce': {
      const x = one(first);
      let a = axes(value(second));
      // tf.argmax's axis=None means axis 0; keras.ops.argmax's means the flattened tensor.
      if (spec.rule === 'arg_reduce' && a === null && spec.path.startsWith('tf.')) a = [0];
      const keepdims = flag('keepdims', 'keepDims');
      if (!x || a === undefined || keepdims === null) return null;
      if (spec.rule === 'arg_reduce' && a !== null && a.length !== 1) return null;
      return reduceShape(x, a, keepdims);
    }
    case 'matmul': {
      const a = one(first);
      const b = one(second);
      const ta = flag('transpose_a', 'transposeA');
      const tb = flag('transpose_b', 'transposeB');
      return a && b && ta !== null && tb !== null ? matmulShape(a, b, ta, tb) : null;
    }
    case 'take': {
      const x = one(first);
      const indicesValue = value(second);
      const indices = tensorShape(indicesValue) ?? literalShape(indicesValue);
      const axisValue = value('axis');
      // tf.gather's axis=None is 0; keras.ops.take's flattens x.
      const axis = axisValue.kind === 'none' ? (spec.path.startsWith('tf.') ? 0 : null) : integer(axisValue);
      const batchName = ['batch_dims', 'batchDims'].find((n) => spec.params.includes(n));
      const batchDims = batchName ? integer(value(batchName)) : 0;
      if (!x || !indices || (axis === null && axisValue.kind !== 'none') || batchDims === null) return null;
      return takeShape(x, indices, axis, batchDims);
    }
    case 'tile': {
      const x = one(first);
      const repeats = value(second);
      if (!x || repeats.kind !== 'sequence' || repeats.inexact) return null;
      // `(n, 1, 1)` with `n = tf.shape(x)[0]`: the batch size (None), unknown while building.
      const sizes = repeats.items.map((r) => readSize(r, axisSize));
      const times = sizes.map((r) => (isUnread(r) || r.kind === 'none' ? null : integer(r)));
      if (times.some((t, i) => t === null && !isUnread(sizes[i]) && sizes[i].kind !== 'none')) return null;
      return tileShape(x, times, spec.path.startsWith('keras.ops.'));
    }
    case 'depth_to_space':
    case 'space_to_depth': {
      const x = one(first);
      const block = integer(value(second));
      const format = value(spec.params.includes('dataFormat') ? 'dataFormat' : 'data_format');
      const channelsLast =
        format.kind === 'none' || (format.kind === 'string' && ['NHWC', 'channels_last'].includes(format.value));
      if (!x || block === null || !channelsLast) return null;
      return spec.rule === 'depth_to_space' ? depthToSpaceShape(x, block) : spaceToDepthShape(x, block);
    }
    case 'repeat': {
      const x = one(first);
      const size = readSize(value(second), axisSize);
      // `B_ // B` of sizes read with ops.shape: a count only the run knows.
      const repeats = isUnread(size) || size.kind === 'none' ? null : integer(size);
      if (repeats === null && !isUnread(size)) return null;
      const axisValue = value('axis');
      const axis = axisValue.kind === 'none' ? null : integer(axisValue);
      if (!x || (axis === null && axisValue.kind !== 'none')) return null;
      return repeatShape(x, repeats, axis);
    }
    case 'one_hot': {
      const indices = one(first);
      const depth = integer(value(second));
      const axisValue = value('axis');
      const axis = axisValue.kind === 'none' ? -1 : integer(axisValue);
      return indices && depth !== null && axis !== null ? oneHotShape(indices, depth, axis) : null;
    }
  }
}

/** The shape of a literal nested list of numbers (`[[0, 1, 2]]` as indices); null when ragged or not one. */
function literalShape(v: Value, depth = 0): Shape | null {
  if (v.kind === 'number' || v.kind === 'bool') return [];
  if (v.kind !== 'sequence' || v.inexact || depth > 8) return null;
  const items = v.items.map((item) => literalShape(item, depth + 1));
  const firstItem = items[0];
  if (firstItem === undefined) return [0];
  if (!items.every((s) => s && s.length === firstItem?.length && s.every((d, i) => d === firstItem[i]))) return null;
  return [items.length, ...(firstItem ?? [])];
}

/** An axis size read while building (AxisSize, scaled or not) as the number it is, None for the batch axis; any other value as it is. */
function readSize(v: Value, axisSize: ((size: AxisSize) => Dim) | undefined): Value {
  const scaled = scaledAxisSizeOf(v);
  if (!scaled) return v;
  const { size, times, over } = scaled;
  if (size.axis === 0) return { kind: 'none' };
  const d = axisSize?.(size) ?? null;
  // `width * 2` of a known width is a number; `depth // 4` one only where it divides.
  return d === null || (d * times) % over !== 0 ? v : { kind: 'number', value: (d * times) / over, isInt: true };
}
