/**
 * NumPy's shape arithmetic on shapes the analyzer knows (sample axis first;
 * null: an axis it cannot tell): what reshape, transpose, expand_dims,
 * indexing, stacking and broadcasting give. Each function answers null when
 * NumPy would refuse the operation or when anything it needs is unknown, so a
 * wrong guess never becomes a shape.
 */
import type { Value } from '../ir';
import { opaqueData } from './values';

export type Shape = (number | null)[];

export function product(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function intOf(v: Value | undefined): number | null {
  return v?.kind === 'number' && v.isInt ? v.value : null;
}

/** One axis length as written: a known integer ≥ 0, null for a value the analyzer does not know; undefined when NumPy refuses it. */
export function axisLength(v: Value): number | null | undefined {
  if (v.kind === 'unknown') return null;
  const n = intOf(v);
  return n !== null && n >= 0 ? n : undefined;
}

/**
 * A shape argument as NumPy takes it: `5`, `(5,)`, `(len(rows), 28, 28)`; an
 * axis the analyzer cannot compute is null, the rank being known from the
 * tuple. Null when the rank is not known or an item is not a length.
 */
export function shapeArgument(v: Value | undefined): Shape | null {
  const n = intOf(v);
  if (n !== null) return n >= 0 ? [n] : null;
  if (v?.kind !== 'sequence' || v.inexact) return null;
  const dims = v.items.map(axisLength);
  return dims.every((d) => d !== undefined) ? (dims as Shape) : null;
}

/** numpy's reshape: one -1 takes what is left; an axis written with a value the analyzer does not know is unknown. */
export function reshaped(shape: Shape | null, dims: Value | undefined): Shape | null {
  const items = dims?.kind === 'sequence' && !dims.inexact ? dims.items : dims?.kind === 'number' ? [dims] : null;
  if (!items || items.length === 0) return null;
  const out = items.map((v) => (v.kind === 'unknown' ? null : intOf(v)));
  if (out.some((d) => d !== null && (d < -1 || d === 0))) return null;
  if (out.filter((d) => d === -1).length > 1) return null;
  if (out.some((d) => d === null)) return out.map((d) => (d === -1 ? null : d));
  const written = out as number[];
  const free = written.includes(-1);
  const total = shape?.every((d) => d !== null) ? product(shape as number[]) : null;
  if (!free) {
    // NumPy refuses a reshape that changes the number of values.
    return total !== null && total !== product(written) ? null : written;
  }
  const known = product(written.filter((d) => d !== -1));
  if (total === null) return written.map((d) => (d === -1 ? null : d));
  if (total % known !== 0) return null;
  return written.map((d) => (d === -1 ? total / known : d));
}

/** `x.transpose(0, 3, 1, 2)`: the axes in the order given (all of them, each once); unknown otherwise. */
export function transposed(shape: Shape | null, axes: Value | undefined): Shape | null {
  if (!shape || axes?.kind !== 'sequence' || axes.inexact || axes.items.length !== shape.length) return null;
  const order = axes.items.map(intOf);
  if (order.some((a) => a === null || a < 0 || a >= shape.length) || new Set(order).size !== order.length) return null;
  return order.map((a) => shape[a as number]);
}

/** `np.expand_dims(x, axis)`: a new axis of 1 at `axis` (negative counts from the end of the result). */
export function expanded(shape: Shape | null, axis: number | null): Shape | null {
  if (!shape || axis === null || axis < -(shape.length + 1) || axis > shape.length) return null;
  const at = axis < 0 ? shape.length + 1 + axis : axis;
  return [...shape.slice(0, at), 1, ...shape.slice(at)];
}

/** Python's slice length over an axis of n. */
function sliceLength(n: number, start: number | null, stop: number | null, step: number): number {
  if (step > 0) {
    const s = start === null ? 0 : start < 0 ? Math.max(0, n + start) : Math.min(n, start);
    const e = stop === null ? n : stop < 0 ? Math.max(0, n + stop) : Math.min(n, stop);
    return Math.max(0, Math.ceil((e - s) / step));
  }
  const s = start === null ? n - 1 : start < 0 ? Math.max(-1, n + start) : Math.min(n - 1, start);
  const e = stop === null ? -1 : stop < 0 ? Math.max(-1, n + stop) : Math.min(n - 1, stop);
  return Math.max(0, Math.ceil((s - e) / -step));
}

/**
 * Basic indexing: slices keep an axis (its length worked out), integers drop
 * one, None / np.newaxis add one, `...` stands for the axes not named. Any
 * other key (a list, an array, a mask) is advanced indexing: unknown.
 */
export function subscripted(shape: Shape | null, keys: Value[]): Shape | null {
  if (!shape) return null;
  const isNewAxis = (k: Value) => k.kind === 'none' || (k.kind === 'ref' && k.path === 'np.newaxis');
  const isEllipsis = (k: Value) => k.kind === 'opaque' && k.tag === 'ellipsis';
  const ellipses = keys.filter(isEllipsis).length;
  const consuming = keys.filter((k) => !isNewAxis(k) && !isEllipsis(k)).length;
  if (ellipses > 1 || consuming > shape.length) return null;
  const out: Shape = [];
  let axis = 0;
  for (const key of keys) {
    if (isNewAxis(key)) {
      out.push(1);
      continue;
    }
    if (isEllipsis(key)) {
      const skipped = shape.length - consuming;
      out.push(...shape.slice(axis, axis + skipped));
      axis += skipped;
      continue;
    }
    const n = shape[axis];
    const index = intOf(key);
    if (index !== null) {
      if (n !== null && (index >= n || index < -n)) return null;
      axis++;
      continue;
    }
    const slice = opaqueData<(number | null)[]>(key, 'slice');
    if (!slice || slice.some((p) => p !== null && !Number.isInteger(p))) return null;
    const [start, stop, step] = slice;
    if (step === 0) return null;
    out.push(n === null ? null : sliceLength(n, start, stop, step ?? 1));
    axis++;
  }
  return [...out, ...shape.slice(axis)];
}

/** `np.stack(arrays, axis)`: arrays of one shape, a new axis of their count. */
export function stacked(shapes: Shape[], axis: number | null): Shape | null {
  const first = shapes[0];
  if (!first || axis === null || !shapes.every((s) => sameShape(s, first))) return null;
  return expanded(first, axis)?.map((d, i, all) => (i === normalAxis(axis, all.length) ? shapes.length : d)) ?? null;
}

/** `np.concatenate(arrays, axis)`: one rank, equal axes except `axis`, which adds up. */
export function concatenated(shapes: Shape[], axis: number | null): Shape | null {
  const first = shapes[0];
  if (!first || axis === null || first.length === 0) return null;
  const at = normalAxis(axis, first.length);
  if (at === null || !shapes.every((s) => s.length === first.length)) return null;
  const out: Shape = [];
  for (let i = 0; i < first.length; i++) {
    const dims = shapes.map((s) => s[i]);
    if (i === at) out.push(dims.every((d) => d !== null) ? (dims as number[]).reduce((a, b) => a + b, 0) : null);
    else {
      const known = dims.filter((d) => d !== null);
      if (known.some((d) => d !== known[0])) return null;
      out.push(known.length === dims.length ? known[0] : null);
    }
  }
  return out;
}

/** Broadcasting two shapes (NumPy's rule: from the right, equal or 1); null when NumPy would refuse. */
export function broadcast(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 1; i <= n; i++) {
    const x = a.length - i >= 0 ? a[a.length - i] : 1;
    const y = b.length - i >= 0 ? b[b.length - i] : 1;
    if (x === 1) out.unshift(y);
    else if (y === 1) out.unshift(x);
    else if (x === null || y === null) out.unshift(null);
    else if (x === y) out.unshift(x);
    else return null;
  }
  return out;
}

function normalAxis(axis: number, rank: number): number | null {
  if (axis < -rank || axis >= rank) return null;
  return axis < 0 ? rank + axis : axis;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
