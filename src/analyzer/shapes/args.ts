/**
 * Reads a layer's constructor arguments as shape inference needs them: the
 * value written at the call, else the framework's default for that parameter
 * (from the Keras catalog, with TensorFlow.js differences on top), else unknown.
 */
import type { Language, LayerNode, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { layerSignature } from '../keras/catalog';
import { legacyKeyword } from '../keras/legacy';
import type { Dim } from './shape';

/**
 * Defaults the catalog cannot represent (nested tuples), read from the Keras
 * 3.15.1 constructors.
 */
const NESTED_DEFAULTS: Record<string, Record<string, unknown>> = {
  ZeroPadding3D: {
    padding: [
      [1, 1],
      [1, 1],
      [1, 1],
    ],
  },
  Cropping2D: {
    cropping: [
      [0, 0],
      [0, 0],
    ],
  },
  Cropping3D: {
    cropping: [
      [1, 1],
      [1, 1],
      [1, 1],
    ],
  },
};

/**
 * Where TensorFlow.js defaults differ from Keras in a way that changes shapes
 * or weights (checked against tfjs-layers 4.22): its GRU only implements the
 * original "reset before" convention.
 */
const TFJS_DEFAULTS: Record<string, Record<string, unknown>> = {
  GRU: { reset_after: false },
};

function fromJson(v: unknown): Value {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'number') return { kind: 'number', value: v, isInt: Number.isInteger(v) };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (Array.isArray(v)) return { kind: 'sequence', items: v.map(fromJson), tuple: true };
  return UNKNOWN;
}

/** A positive integer, or null. */
export function positiveInt(v: Value | undefined): number | null {
  return v && v.kind === 'number' && Number.isSafeInteger(v.value) && v.value > 0 ? v.value : null;
}

/** A non-negative integer, or null. */
function nonNegativeInt(v: Value | undefined): number | null {
  return v && v.kind === 'number' && Number.isSafeInteger(v.value) && v.value >= 0 ? v.value : null;
}

/** A value the analyzer could not read (an unknown, or a tensor standing for a scalar): an int at run time. */
export function isUnread(v: Value): boolean {
  return v.kind === 'unknown' || v.kind === 'tensor' || v.kind === 'opaque';
}

/** Any integer (axes may be negative), or null. */
export function integer(v: Value | undefined): number | null {
  return v && v.kind === 'number' && Number.isSafeInteger(v.value) ? v.value : null;
}

/**
 * A shape as written (`(28, 28, 1)`, `[None, 10]`): positive ints and None.
 * Null when it is not a sequence, or holds anything else. `noneAs` replaces
 * each None written (a variable axis) by that size: see ShapeOptions.variableAxesAs.
 */
export function shapeValue(v: Value | undefined, noneAs: number | null = null): Dim[] | null {
  if (v?.kind !== 'sequence') return null;
  const dims: Dim[] = [];
  for (const item of v.items) {
    if (item.kind === 'none') dims.push(noneAs);
    else if (item.kind === 'number') {
      const d = positiveInt(item);
      // -1 and other odd values: Keras rejects them; say nothing rather than guess.
      if (d === null) return null;
      dims.push(d);
    } else if (item.kind === 'unknown' || item.kind === 'opaque') {
      // `X.shape[1]`: a dimension the analyzer cannot see.
      dims.push(null);
    } else return null;
  }
  return dims;
}

export class LayerArgs {
  constructor(
    readonly layer: LayerNode,
    /** The Keras class the layer is (aliases resolved). */
    readonly type: string,
    readonly language: Language,
  ) {}

  /** True when the argument is written at the call (or comes through a resolved `**config`), Keras 1/2 spellings included. */
  has(name: string): boolean {
    return this.layer.call.args.has(name) || this.legacy(name) !== undefined;
  }

  /** The value written under a Keras 1/2 name (`subsample` for `strides`), converted; undefined when none is. */
  private legacy(name: string): Value | undefined {
    return legacyKeyword(this.layer.type, name, (keyword) => this.layer.call.args.get(keyword)?.value);
  }

  /** The value written (under its Keras 3 name, else a Keras 1/2 one), else the default, else unknown. */
  value(name: string): Value {
    const written = this.layer.call.args.get(name);
    if (written) return written.value;
    const legacy = this.legacy(name);
    if (legacy !== undefined) return legacy;
    // `Conv2D(32, 3, **config)` with an unknown config may set anything.
    if (this.layer.call.opaqueSplat) return UNKNOWN;
    const tfjs = this.language === 'javascript' ? TFJS_DEFAULTS[this.type] : undefined;
    if (tfjs && name in tfjs) return fromJson(tfjs[name]);
    const nested = NESTED_DEFAULTS[this.type];
    if (nested && name in nested) return fromJson(nested[name]);
    const defaults = layerSignature(this.type)?.defaults;
    if (defaults && Object.hasOwn(defaults, name)) return fromJson(defaults[name]);
    return UNKNOWN;
  }

  positiveInt(name: string): number | null {
    return positiveInt(this.value(name));
  }

  integer(name: string): number | null {
    return integer(this.value(name));
  }

  /** `kernel_size=3` or `(3, 3)`: `n` positive ints, or null. */
  ints(name: string, n: number, allowZero = false): number[] | null {
    return intTuple(this.value(name), n, allowZero);
  }

  string(name: string): string | null {
    const v = this.value(name);
    return v.kind === 'string' ? v.value : null;
  }

  bool(name: string): boolean | null {
    const v = this.value(name);
    return v.kind === 'bool' ? v.value : null;
  }

  isNone(name: string): boolean {
    return this.value(name).kind === 'none';
  }

  /**
   * 'channels_last' | 'channels_first' | null (unknown). Not given (or None):
   * the session's format where the layer was built (LayerNode.imageDataFormat),
   * Keras's default channels_last unless the code set another.
   */
  dataFormat(): 'channels_last' | 'channels_first' | null {
    // Layers without the parameter (Cropping1D, RepeatVector…) are channels-last by construction.
    if (!this.has('data_format') && !layerSignature(this.type)?.params.includes('data_format')) return 'channels_last';
    const v = this.value('data_format');
    if (v.kind === 'none')
      return this.layer.imageDataFormat === undefined ? 'channels_last' : this.layer.imageDataFormat;
    if (v.kind !== 'string') return null;
    const s = v.value.toLowerCase().replace('_', '');
    return s === 'channelslast' ? 'channels_last' : s === 'channelsfirst' ? 'channels_first' : null;
  }

  /** `padding` lower-cased, or null. */
  padding(): string | null {
    return this.string('padding')?.toLowerCase() ?? null;
  }
}

/** An int repeated `n` times, or a sequence of `n` ints. */
export function intTuple(v: Value, n: number, allowZero = false): number[] | null {
  const one = allowZero ? nonNegativeInt : positiveInt;
  const single = one(v);
  if (single !== null) return Array(n).fill(single);
  if (v.kind !== 'sequence' || v.items.length !== n) return null;
  const out: number[] = [];
  for (const item of v.items) {
    const x = one(item);
    if (x === null) return null;
    out.push(x);
  }
  return out;
}

/**
 * Padding/cropping amounts: `p`, `(a, b, …)` (symmetric per axis) or
 * `((before, after), …)` — `n` pairs, or null. 1-D layers take one pair: `p` or `(before, after)`.
 */
export function pairs(v: Value, n: number): [number, number][] | null {
  const single = nonNegativeInt(v);
  if (single !== null) return Array.from({ length: n }, () => [single, single] as [number, number]);
  if (v.kind !== 'sequence') return null;
  if (n === 1 && v.items.length === 2) {
    const a = nonNegativeInt(v.items[0]);
    const b = nonNegativeInt(v.items[1]);
    return a !== null && b !== null ? [[a, b]] : null;
  }
  if (v.items.length !== n) return null;
  const out: [number, number][] = [];
  for (const item of v.items) {
    const sym = nonNegativeInt(item);
    if (sym !== null) {
      out.push([sym, sym]);
      continue;
    }
    const pair = intTuple(item, 2, true);
    if (!pair) return null;
    out.push([pair[0], pair[1]]);
  }
  return out;
}
