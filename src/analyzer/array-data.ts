/**
 * A concrete array whose shape (never its values) the analyzer knows: NumPy
 * arrays built from known values (`python/numpy-arrays.ts` makes them). Shape
 * inference reads it where such an array meets a symbolic tensor
 * (`inputs + np.ones(20)`), as Keras turns it into a constant of that shape.
 */
import type { AxisSize, Span, Value } from './ir';

export interface ArrayData {
  /** Sample axis first when it is data; null: an axis the analyzer cannot tell. */
  shape: (number | null)[];
  /** For a concrete tensor as long as an axis of a symbolic one (`tf.range(tf.shape(x)[1])`): that axis, where `shape` is null. */
  sizes?: (AxisSize | null)[];
  origin: Span;
  /** For messages: "an array from np.random.rand". */
  description: string;
  /**
   * A custom layer's own weight (`self.add_weight(shape=…)`): an operation
   * that uses it in a graph has its shape, but weights no layer row counts, so
   * its parameters are unknown. Arithmetic on it (`self.scale * self.w`,
   * `tf.transpose(self.w)`) keeps the flag.
   */
  weight?: boolean;
  /**
   * Integer positions (`np.arange(n)`, `np.random.permutation(n)`,
   * `np.random.choice(n, k)`): indexing an array with it picks those rows
   * (`X[idx]`), which a boolean mask of the same shape would not.
   */
  indices?: boolean;
  /**
   * The values of a short 1-D array made from numbers the code shows
   * (`np.linspace(0, rate, depth)`): iterating it gives them, as a drop-path
   * schedule `[x for x in np.linspace(...)]` is read.
   */
  values?: number[];
}

/** Concrete arrays are iterated item by item, or keep their values, up to this long: schedules and rates, not data. */
export const MAX_SCHEDULE_LENGTH = 64;

/** `linspace(start, stop, num, endpoint)`'s values, NumPy's formula; null past MAX_SCHEDULE_LENGTH. */
export function linspaceValues(start: number, stop: number, num: number, endpoint = true): number[] | null {
  if (!Number.isSafeInteger(num) || num < 0 || num > MAX_SCHEDULE_LENGTH) return null;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  return Array.from({ length: num }, (_, i) => (endpoint && i === num - 1 && num > 1 ? stop : start + i * step));
}

/** True for a value holding a custom layer's weight (itself, or in a list). */
export function holdsWeight(v: Value): boolean {
  if (arrayOf(v)?.weight) return true;
  return v.kind === 'sequence' && v.items.some((item) => arrayOf(item)?.weight === true);
}

export function arrayValue(data: ArrayData): Value {
  return { kind: 'opaque', tag: 'ndarray', data };
}

export function arrayOf(v: Value): ArrayData | null {
  return v.kind === 'opaque' && v.tag === 'ndarray' ? (v.data as ArrayData) : null;
}

/** `tf.shape(x)[i]` where the size is not known while the graph is built (see AxisSize). */
export function axisSizeValue(size: AxisSize): Value {
  return { kind: 'opaque', tag: 'axis-size', data: size };
}

export function axisSizeOf(v: Value | undefined): AxisSize | null {
  return v?.kind === 'opaque' && v.tag === 'axis-size' ? (v.data as AxisSize) : null;
}

/**
 * `height * 2`, `depth // 4` of an axis size read while building (AxisSize):
 * the size of that axis times `times`, divided by `over`, once it is known.
 * Where the axis is None in Keras the result is None too (a reshape to it).
 */
export interface ScaledAxisSize {
  size: AxisSize;
  times: number;
  over: number;
}

/** An axis size, scaled or not, as one ScaledAxisSize; null for any other value. */
export function scaledAxisSizeOf(v: Value | undefined): ScaledAxisSize | null {
  const plain = axisSizeOf(v);
  if (plain) return { size: plain, times: 1, over: 1 };
  return v?.kind === 'opaque' && v.tag === 'axis-size-scaled' ? (v.data as ScaledAxisSize) : null;
}

/** `size * n` and `size // n` for a positive int n; null for anything else (the front end leaves it unknown). */
export function axisSizeArithmetic(op: string, l: Value, r: Value): Value | null {
  const left = scaledAxisSizeOf(l);
  const right = scaledAxisSizeOf(r);
  const factor = (v: Value) => (v.kind === 'number' && Number.isSafeInteger(v.value) && v.value > 0 ? v.value : null);
  let scaled: ScaledAxisSize | null = null;
  if (op === '*' && left && factor(r)) scaled = { ...left, times: left.times * factor(r)! };
  else if (op === '*' && right && factor(l)) scaled = { ...right, times: right.times * factor(l)! };
  else if (op === '//' && left && factor(r)) scaled = { ...left, over: left.over * factor(r)! };
  return scaled && { kind: 'opaque', tag: 'axis-size-scaled', data: scaled };
}
