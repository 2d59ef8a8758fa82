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
   * its parameters are unknown; arithmetic on the weight alone is not followed.
   */
  weight?: boolean;
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
