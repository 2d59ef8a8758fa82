/**
 * NumPy arrays built from values the analyzer knows (`np.zeros((100, 20))`,
 * `np.random.rand(1000, 8)`, `np.arange(60).reshape(-1, 6)`, `np.array([[0, 1], [1, 0]])`)
 * and their shapes, followed through the operations that keep them known, so
 * `X.shape[1:]`, `X.shape[1]` and `len(X)` are numbers. Only the shape is
 * known, never the values. An array read from a file (np.load, pd.read_csv) is
 * a data source (data-sources.ts), and its shape stays unknown.
 */
import { type ArrayData, arrayOf, arrayValue, linspaceValues } from '../array-data';
import type { Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { pixelsOf } from '../pixel-data';
import {
  axisLength,
  broadcast,
  concatenated,
  expanded,
  intOf,
  product,
  reshaped,
  type Shape,
  shapeArgument,
  stacked,
  subscripted,
  transposed,
} from './array-shapes';
import type { EvaluatedArgs } from './call-site';
import type { SyntaxNode } from './syntax-node';
import { num, opaque, opaqueData, seq } from './values';

function array(shape: Shape | null, origin: Span, description: string, indices = false): Value {
  return shape
    ? arrayValue(indices ? { shape, origin, description, indices } : { shape, origin, description })
    : UNKNOWN;
}

/** An array computed from `data` (reshaped, indexed…): a weight stays one, indices stay indices (see ArrayData). */
function derived(data: ArrayData, shape: Shape): Value {
  const { origin, description, weight, indices } = data;
  return arrayValue({ shape, origin, description, ...(weight ? { weight } : {}), ...(indices ? { indices } : {}) });
}

/** The shape of an array, of a number (a scalar: no axes), or of a literal nested list of them; null when not known. */
function shapeOf(v: Value | undefined): Shape | null {
  if (!v) return null;
  if (v.kind === 'number' || v.kind === 'bool') return [];
  const known = arrayOf(v)?.shape ?? pixelsOf(v)?.shape;
  if (known) return known;
  if (v.kind !== 'sequence' || v.inexact) return null;
  const items = v.items.map(shapeOf);
  const first = items[0];
  if (first === undefined) return [0];
  // A ragged list is not an array of numbers (NumPy refuses it, or makes an array of objects).
  if (!first || !items.every((s) => s && s.length === first.length && s.every((d, i) => d === first[i]))) return null;
  return [items.length, ...first];
}

/** Calls that make arrays elementwise from one array: the same shape. */
const ELEMENTWISE = new Set([
  'np.array',
  'np.asarray',
  'np.copy',
  'np.float32',
  'np.float64',
  'np.int32',
  'np.int64',
  'np.uint8',
  'np.abs',
  'np.sqrt',
  'np.exp',
  'np.log',
  'np.sin',
  'np.cos',
  'np.tanh',
  'np.clip',
  'np.round',
  'np.zeros_like',
  'np.ones_like',
  'np.empty_like',
  'np.full_like',
]);

/** NumPy's functions of two arrays that broadcast as its operators do (`np.power(10000, i / d)`). */
const BINARY_FUNCTIONS: Record<string, string> = {
  'np.add': '+',
  'np.subtract': '-',
  'np.multiply': '*',
  'np.divide': '/',
  'np.true_divide': '/',
  'np.floor_divide': '//',
  'np.power': '**',
  'np.mod': '%',
};

/** NumPy reductions (`np.min(x)`, `np.mean(x, axis=0)`) and the array methods of the same names. */
const REDUCTIONS = new Set(['min', 'max', 'amin', 'amax', 'mean', 'std', 'var', 'sum', 'prod', 'median', 'ptp']);

/**
 * The shape a reduction leaves: no axis, a 0-d array (a NumPy scalar, which
 * broadcasts like one: `(x - np.min(x)) / np.ptp(x)`); `axis=k`, that axis
 * gone (kept as 1 with `keepdims=True`). Null when the axis is not a number the analyzer knows.
 */
function reduced(shape: Shape | null, axisValue: Value | undefined, keepdims: Value | undefined): Shape | null {
  if (!shape) return null;
  const keep = keepdims?.kind === 'bool' ? keepdims.value : keepdims ? null : false;
  if (keep === null) return null;
  if (!axisValue || axisValue.kind === 'none') return keep ? shape.map(() => 1) : [];
  const axis = intOf(axisValue);
  if (axis === null || axis < -shape.length || axis >= shape.length) return null;
  const at = axis < 0 ? axis + shape.length : axis;
  return keep ? shape.map((d, i) => (i === at ? 1 : d)) : shape.filter((_, i) => i !== at);
}

/** Functions of np.random that take the shape as `size=` (after their own parameters). */
const SIZED: Record<string, number> = {
  'np.random.random': 0,
  'np.random.random_sample': 0,
  'np.random.sample': 0,
  'np.random.uniform': 2,
  'np.random.normal': 2,
};

/** NumPy calls that make an array of a known shape. Null when `path` is not one of them or the shape is not known. */
export function arrayCall(path: string, args: EvaluatedArgs, node: SyntaxNode): Value | null {
  if (!path.startsWith('np.') || args.opaqueSplat) return null;
  const origin = { start: node.start, end: node.end };
  const description = `an array from ${path}`;
  const positional = args.positional.map((a) => a.value);
  const kw = (name: string) => args.keyword.get(name)?.value;
  const make = (shape: Shape | null) => (shape ? array(shape, origin, description) : null);
  const first = positional[0];
  switch (path) {
    case 'np.random.default_rng':
    case 'np.random.RandomState':
      return opaque<Span>('np-random', origin);
    case 'np.zeros':
    case 'np.ones':
    case 'np.empty':
    case 'np.full':
      return make(shapeArgument(first ?? kw('shape')));
    case 'np.random.rand':
    case 'np.random.randn': {
      if (positional.length === 0 || args.keyword.size > 0) return null;
      const dims = positional.map(axisLength);
      return make(dims.every((d) => d !== undefined) ? (dims as Shape) : null);
    }
    case 'np.arange': {
      const [start, stop, step] =
        positional.length === 1
          ? [0, intOf(first), 1]
          : [intOf(first), intOf(positional[1]), positional[2] ? intOf(positional[2]) : 1];
      if (start === null || stop === null || !step || args.keyword.size > 0) return null;
      return array([Math.max(0, Math.ceil((stop - start) / step))], origin, description, true);
    }
    case 'np.random.permutation': {
      // permutation(n): the positions 0..n-1 shuffled; permutation(X): X's rows shuffled.
      const n = first?.kind === 'number' ? intOf(first) : null;
      if (n !== null) return array(n >= 0 ? [n] : null, origin, description, true);
      const data = first && arrayOf(first);
      return data ? derived(data, data.shape) : null;
    }
    case 'np.random.choice': {
      // choice(a, size): `size` draws from range(a) or from the array a; no size: one value.
      const size = positional[1] ?? kw('size');
      if (!size || size.kind === 'none') return null;
      const from = first && arrayOf(first);
      const integers = first?.kind === 'number' || from?.indices === true;
      return array(shapeArgument(size), origin, description, integers);
    }
    case 'np.linspace': {
      const count = positional[2] ?? kw('num');
      const n = count ? intOf(count) : 50;
      if (n === null || n < 0) return null;
      const [start, stop, endpoint] = [
        first ?? kw('start'),
        positional[1] ?? kw('stop'),
        positional[3] ?? kw('endpoint'),
      ];
      const values =
        start?.kind === 'number' && stop?.kind === 'number' && (!endpoint || endpoint.kind === 'bool')
          ? linspaceValues(start.value, stop.value, n, endpoint?.value ?? true)
          : null;
      return arrayValue({ shape: [n], origin, description, ...(values ? { values } : {}) });
    }
    case 'np.reshape':
      return make(reshaped(shapeOf(first), positional[1] ?? kw('newshape') ?? kw('shape')));
    case 'np.transpose': {
      const shape = shapeOf(first);
      const axes = positional[1] ?? kw('axes');
      return make(axes ? transposed(shape, axes) : shape && [...shape].reverse());
    }
    case 'np.expand_dims':
      return make(expanded(shapeOf(first), intOf(positional[1] ?? kw('axis'))));
    case 'np.squeeze': {
      const shape = shapeOf(first);
      return make(
        positional.length === 1 && args.keyword.size === 0 && shape?.every((d) => d !== null)
          ? shape.filter((d) => d !== 1)
          : null,
      );
    }
    case 'np.stack':
    case 'np.concatenate':
    case 'np.vstack':
    case 'np.hstack':
      return make(joined(path, first, positional[1] ?? kw('axis')));
    case 'np.meshgrid':
      return meshgrid(positional, kw('indexing'), origin, description);
    default: {
      const reduction = path.slice(3);
      if (REDUCTIONS.has(reduction) && positional.length <= 2 && arrayOf(first ?? UNKNOWN) && !arrayOf(first!)!.weight)
        return make(reduced(shapeOf(first), positional[1] ?? kw('axis'), kw('keepdims')));
      const sized = SIZED[path];
      if (sized !== undefined) {
        const size = positional[sized] ?? kw('size');
        return size ? make(shapeArgument(size)) : null;
      }
      const operator = BINARY_FUNCTIONS[path];
      if (operator && positional.length === 2 && args.keyword.size === 0)
        return arrayBinary(operator, positional[0], positional[1]);
      if (!ELEMENTWISE.has(path)) return null;
      const shape = shapeOf(first);
      // A scalar stays a number; an array of none of the analyzer's arrays is not its business.
      return shape && shape.length > 0 && (arrayOf(first!) || first!.kind === 'sequence') ? make(shape) : null;
    }
  }
}

/** np.stack / np.concatenate / np.vstack / np.hstack of a literal list of arrays (image pixels too); null for another path. */
export function joined(path: string, list: Value | undefined, axisValue: Value | undefined): Shape | null {
  if (!['np.stack', 'np.concatenate', 'np.vstack', 'np.hstack'].includes(path)) return null;
  if (list?.kind !== 'sequence' || list.inexact || list.items.length === 0) return null;
  const shapes = list.items.map(shapeOf);
  if (shapes.some((s) => !s)) return null;
  const all = shapes as Shape[];
  const axis = axisValue ? intOf(axisValue) : 0;
  switch (path) {
    case 'np.stack':
      return stacked(all, axis);
    case 'np.concatenate':
      return concatenated(all, axis);
    case 'np.vstack':
      // 1-D arrays become rows.
      return concatenated(
        all.map((s) => (s.length === 1 ? [1, ...s] : s)),
        0,
      );
    default:
      // 1-D arrays join end to end, others along columns.
      return concatenated(all, all[0].length === 1 ? 0 : 1);
  }
}

/** Methods that keep the values' shape. */
const SAME_SHAPE_METHODS = new Set(['astype', 'copy', 'clip', 'round']);

/** `np.meshgrid(a, b, indexing='ij')` of 1-D arrays: one grid per input, each of every input's length ('xy' swaps the first two). */
function meshgrid(inputs: Value[], indexing: Value | undefined, origin: Span, description: string): Value | null {
  if (indexing && !(indexing.kind === 'string' && (indexing.value === 'ij' || indexing.value === 'xy'))) return null;
  const lengths = inputs.map((v) => {
    const s = shapeOf(v);
    return s?.length === 1 ? s[0] : undefined;
  });
  if (lengths.length === 0 || lengths.some((n) => n === undefined)) return null;
  const grid = [...(lengths as Shape)];
  if (!(indexing?.kind === 'string' && indexing.value === 'ij') && grid.length >= 2)
    [grid[0], grid[1]] = [grid[1], grid[0]];
  return seq(
    inputs.map(() => array(grid, origin, description)),
    false,
  );
}

/** Where a random Generator / RandomState method takes `size` (after its own parameters). */
const GENERATOR_SIZED: Record<string, number> = {
  random: 0,
  random_sample: 0,
  standard_normal: 0,
  normal: 2,
  uniform: 2,
  integers: 2,
  randint: 2,
};

/** `rng.random((1000, 20))`, `rng.normal(0, 1, size=(n, 8))`, `rs.rand(100, 3)`: arrays of the size asked for. */
function generatorMethod(origin: Span, name: string, args: EvaluatedArgs): Value {
  const positional = args.positional.map((a) => a.value);
  const description = `an array from a NumPy random generator's ${name}()`;
  if (name === 'rand' || name === 'randn') {
    const dims = positional.map(axisLength);
    const known = positional.length > 0 && args.keyword.size === 0 && dims.every((d) => d !== undefined);
    return known ? array(dims as Shape, origin, description) : UNKNOWN;
  }
  const at = GENERATOR_SIZED[name];
  const size = at === undefined ? undefined : (positional[at] ?? args.keyword.get('size')?.value);
  return size ? array(shapeArgument(size), origin, description) : UNKNOWN;
}

/** A NumPy random Generator or RandomState (np.random.default_rng(), np.random.RandomState(0)). */
export function isRandomGenerator(v: Value): boolean {
  return !!opaqueData<Span>(v, 'np-random');
}

/** Methods of arrays the analyzer tracks; any other makes the value unknown. Null when the receiver is not one. */
export function arrayMethod(receiver: Value, name: string, args: EvaluatedArgs): Value | null {
  const generator = opaqueData<Span>(receiver, 'np-random');
  if (generator) return args.opaqueSplat ? UNKNOWN : generatorMethod(generator, name, args);
  const data = arrayOf(receiver);
  if (!data) return null;
  const positional = args.positional.map((a) => a.value);
  const dims = positional.length === 1 ? positional[0] : seq(positional, true);
  // A weight reshaped or transposed is still the layer's weight (see ArrayData.weight).
  const shape = (s: Shape | null) => (s ? derived(data, s) : UNKNOWN);
  if (SAME_SHAPE_METHODS.has(name)) return receiver;
  // A weight reduced is still the layer's weight (see ArrayData.weight).
  if (REDUCTIONS.has(name) && positional.length <= 1)
    return shape(
      reduced(data.shape, positional[0] ?? args.keyword.get('axis')?.value, args.keyword.get('keepdims')?.value),
    );
  switch (name) {
    case 'reshape':
      return shape(reshaped(data.shape, dims));
    case 'transpose':
      return shape(positional.length === 0 ? [...data.shape].reverse() : transposed(data.shape, dims));
    case 'flatten':
    case 'ravel':
      return shape(data.shape.every((d) => d !== null) ? [product(data.shape as number[])] : [null]);
    case 'squeeze':
      return shape(
        positional.length === 0 && data.shape.every((d) => d !== null) ? data.shape.filter((d) => d !== 1) : null,
      );
    default:
      return UNKNOWN;
  }
}

/** `X.shape`, `X.ndim`, `X.size`, `X.T`. Null when the owner is not a tracked array. */
export function arrayAttribute(owner: Value, name: string): Value | null {
  const data = arrayOf(owner);
  if (!data) return null;
  const { shape } = data;
  switch (name) {
    case 'shape':
      return seq(
        shape.map((d) => (d === null ? UNKNOWN : num(d))),
        true,
      );
    case 'ndim':
      return num(shape.length);
    case 'size':
      return shape.every((d) => d !== null) ? num(product(shape as number[])) : UNKNOWN;
    case 'T':
      return derived(data, [...shape].reverse());
    default:
      return null;
  }
}

/** `len(X)`: the length of the first axis. */
export function arrayLength(v: Value): Value | null {
  const data = arrayOf(v);
  if (!data) return null;
  const n = data.shape[0];
  return n === undefined || n === null ? UNKNOWN : num(n);
}

/** The one key of `X[idx]` when it is an array of integer positions (see ArrayData.indices). */
function rowPositions(keys: Value[]): ArrayData | null {
  const positions = keys.length === 1 ? arrayOf(keys[0]) : null;
  return positions?.indices ? positions : null;
}

/**
 * `np.eye(k)[idx]` with integer positions: the rows of the identity they pick,
 * (…, k). Null for other keys (`np.eye(k)[y]` on labels is their one-hot
 * encoding, which the label flow reads).
 */
export function identityRows(k: number | null, keys: Value[], origin: Span): Value | null {
  const positions = rowPositions(keys);
  if (!positions || k === null || !Number.isSafeInteger(k) || k < 0) return null;
  return array([...positions.shape, k], origin, 'an array from np.eye');
}

/** `X[:800]`, `X[:, 0]`, `X[:, :-1]`, `X[..., None]`: basic indexing; anything else is unknown. */
export function arraySubscript(owner: Value, keys: Value[]): Value | null {
  const data = arrayOf(owner);
  if (!data) return null;
  // `X[idx]` with integer positions: one row per position (NumPy's integer-array indexing).
  const positions = rowPositions(keys);
  if (positions && data.shape.length > 0) return derived(data, [...positions.shape, ...data.shape.slice(1)]);
  const shape = subscripted(data.shape, keys);
  // X[0, 0]: one value, a number the analyzer does not know.
  return shape && shape.length > 0 ? derived(data, shape) : UNKNOWN;
}

const ELEMENTWISE_OPERATORS = new Set(['+', '-', '*', '/', '//', '%', '**']);

/** `X / 255.0`, `X - X_mean`, `a * b`: elementwise, broadcast. Null when neither side is a tracked array. */
export function arrayBinary(op: string, l: Value, r: Value): Value | null {
  const left = arrayOf(l);
  const right = arrayOf(r);
  if (!left && !right) return null;
  const ls = shapeOf(l);
  const rs = shapeOf(r);
  const data = (left ?? right)!;
  if (!ELEMENTWISE_OPERATORS.has(op) || !ls || !rs) return UNKNOWN;
  const shape = broadcast(ls, rs);
  // `self.scale * self.w`: still the layer's weight where it meets a tensor (see ArrayData.weight).
  if (shape && (left?.weight || right?.weight))
    return arrayValue({ shape, origin: data.origin, description: data.description, weight: true });
  return array(shape, data.origin, data.description);
}
