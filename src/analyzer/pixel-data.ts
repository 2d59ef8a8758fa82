/**
 * Image pixels as a loader returns them (integers 0–255, as uint8 or float),
 * the factor the code has multiplied them by since, and the array's shape when
 * known: a value both front ends make (`python/data-sources.ts`,
 * `tfjs/tfjs-calls.ts`) and read back, and turn into `FitInfo.pixels` for rules.
 * Anything the analyzer cannot follow (a division by a computed statistic, an
 * unknown function) makes the value unknown, so rules built on this stay silent.
 */
import type { Span, Value } from './ir';

export interface PixelData {
  /** x / 255 → 1/255; 1: as loaded. */
  scale: number;
  origin: Span;
  /** For messages: "the images of mnist.load_data()". */
  description: string;
  /** The array's shape, sample axis first, when the loader documents it and the code keeps track (null: unknown axis). */
  shape?: (number | null)[] | null;
}

export function pixels(data: PixelData): Value {
  return { kind: 'opaque', tag: 'pixels', data };
}

export function pixelsOf(v: Value): PixelData | null {
  return v.kind === 'opaque' && v.tag === 'pixels' ? (v.data as PixelData) : null;
}

/** The pixels of a value, or of every item of a list of them (the same scale throughout). */
export function pixelsIn(v: Value | undefined): PixelData | null {
  if (!v) return null;
  const direct = pixelsOf(v);
  if (direct) return direct;
  if (v.kind !== 'sequence' || v.items.length === 0) return null;
  const all = v.items.map(pixelsOf);
  const first = all[0];
  return first && all.every((p) => p && p.scale === first.scale) ? first : null;
}
