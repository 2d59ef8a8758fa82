/** Shapes and dimensions: arithmetic that keeps unknown dimensions unknown. */
import type { ParamCount, Shape } from '../rules/rule';

export type { Shape, ParamCount };
export type Dim = number | null;

/** Larger dimensions or counts are not exact in a JS number: treat them as unknown. */
const LIMIT = Number.MAX_SAFE_INTEGER;

/** An exact integer, or null when the value is unknown or too large to be exact. */
export function exact(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && Math.abs(n) <= LIMIT ? n : null;
}

/** Product of dimensions; null when any is unknown or the product is too large. */
export function product(dims: readonly Dim[]): Dim {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
    if (!Number.isSafeInteger(p)) return null;
  }
  return p;
}

/** a * b, null when unknown or inexact. */
export function mul(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : exact(a * b);
}

export function add(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : exact(a + b);
}

export function params(trainable: number | null, nonTrainable: number | null = 0): ParamCount | null {
  const t = exact(trainable);
  const n = exact(nonTrainable);
  if (t === null || n === null || t + n > LIMIT) return null;
  return { trainable: t, nonTrainable: n };
}

export const NO_PARAMS: ParamCount = Object.freeze({ trainable: 0, nonTrainable: 0 });

/** Normalises a possibly negative axis for a tensor of `rank`, or null when out of range. */
export function axisIndex(axis: number, rank: number): number | null {
  const i = axis < 0 ? rank + axis : axis;
  return Number.isInteger(i) && i >= 0 && i < rank ? i : null;
}

/** `(None, 62, 62, 32)`, the way Keras prints a shape. */
export function formatShape(shape: Shape | null, none = 'None'): string {
  if (!shape) return '?';
  const dims = shape.map((d) => (d === null ? none : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** True when any known dimension is zero or negative. */
export function hasNonPositive(shape: Shape): boolean {
  return shape.some((d) => d !== null && d <= 0);
}
