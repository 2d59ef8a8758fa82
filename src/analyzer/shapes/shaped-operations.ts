/**
 * Operations whose output shape follows from their own arguments rather than
 * from one of the table's rules (operations.json): `einsum` (its equation),
 * `pad` (the paddings), image `resize` (the new size), TensorFlow's
 * `extract_patches` (its windows), bounding-box crops and pads, and the
 * short-time Fourier transform (its frames). Each is listed with
 * the parameters its arguments bind to and the class Keras 3 records for it
 * on a symbolic tensor, or null where Keras 3 refuses it (a TensorFlow
 * function: it only runs inside a custom layer's `call`, where Keras traces
 * it with TensorFlow tensors). Shapes as TensorFlow 2.21 and Keras 3.15.1
 * compute them (test/unit/shapes-shaped-operations.test.ts).
 */
import type { Value } from '../ir';
import { integer } from './args';
import { broadcastShapes } from './operations';
import type { Dim, Shape } from './shape';

type Written = Map<string, { value: Value }>;

export interface ShapedOperation {
  /** Parameter names, in positional order; the tensors are the ones named in `tensors`. */
  params: readonly string[];
  tensors: readonly string[];
  /** Keras 3's operation class on a KerasTensor; null: Keras 3 refuses it (TFOpLambda). */
  className: string | null;
  shape(written: Written, inputs: (Shape | null)[]): Shape | null;
}

/** einsum's operands are `*operands`: bound to numbered names, this many at most. */
const EINSUM_OPERANDS = Array.from({ length: 6 }, (_, i) => `operand_${i}`);

const einsum = (className: string | null): ShapedOperation => ({
  params: ['equation', ...EINSUM_OPERANDS],
  tensors: EINSUM_OPERANDS,
  className,
  shape: (written, inputs) => {
    const equation = written.get('equation')?.value;
    const count = EINSUM_OPERANDS.filter((n) => written.has(n)).length;
    if (equation?.kind !== 'string' || inputs.length !== count) return null;
    return einsumShape(equation.value, inputs);
  },
});

const pad = (className: string | null, widths: string): ShapedOperation => ({
  params: ['x', widths, 'mode', 'constant_values'],
  tensors: ['x'],
  className,
  shape: (written, inputs) => padShape(inputs[0] ?? null, written.get(widths)?.value),
});

const resize = (className: string | null, params: readonly string[]): ShapedOperation => ({
  params,
  tensors: ['images'],
  className,
  shape: (written, inputs) => {
    const flag = (name: string) => written.get(name)?.value;
    const preserve = flag('preserve_aspect_ratio');
    if (preserve && !(preserve.kind === 'bool' && !preserve.value)) return null;
    const format = flag('data_format');
    if (format && format.kind !== 'none' && !(format.kind === 'string' && format.value === 'channels_last'))
      return null;
    return resizeShape(inputs[0] ?? null, flag('size'));
  },
});

/** tf.image.extract_patches(images, sizes=[1, kh, kw, 1], strides=[1, sh, sw, 1], rates=[1, rh, rw, 1], padding). */
const tfExtractPatches: ShapedOperation = {
  params: ['images', 'sizes', 'strides', 'rates', 'padding'],
  tensors: ['images'],
  className: null,
  shape: (written, inputs) => {
    const four = (name: string): number[] | null => {
      const v = written.get(name)?.value;
      if (v?.kind !== 'sequence' || v.items.length !== 4) return null;
      const dims = v.items.map(integer);
      return dims.every((d) => d !== null && d > 0) && dims[0] === 1 && dims[3] === 1 ? (dims as number[]) : null;
    };
    const padding = written.get('padding')?.value;
    const mode = padding?.kind === 'string' ? padding.value.toUpperCase() : null;
    const [sizes, strides, rates] = [four('sizes'), four('strides'), four('rates')];
    const x = inputs[0];
    if (x?.length !== 4 || !sizes || !strides || !rates || (mode !== 'VALID' && mode !== 'SAME')) return null;
    const spatial = (n: Dim, axis: 1 | 2): Dim => {
      if (n === null) return null;
      if (mode === 'SAME') return Math.ceil(n / strides[axis]);
      const window = (sizes[axis] - 1) * rates[axis] + 1;
      return n < window ? null : Math.floor((n - window) / strides[axis]) + 1;
    };
    const rows = spatial(x[1], 1);
    const cols = spatial(x[2], 2);
    if ((x[1] !== null && rows === null) || (x[2] !== null && cols === null)) return null;
    return [x[0], rows, cols, x[3] === null ? null : sizes[1] * sizes[2] * x[3]];
  },
};

/**
 * tf.image.crop_to_bounding_box / pad_to_bounding_box: channels-last images
 * (batch or single) at (target_height, target_width). TensorFlow raises when
 * the box does not fit (a crop past the image, a pad smaller than it): null.
 */
const toBoundingBox = (kind: 'crop' | 'pad'): ShapedOperation => ({
  params: ['image', 'offset_height', 'offset_width', 'target_height', 'target_width'],
  tensors: ['image'],
  className: null,
  shape: (written, inputs) => {
    const size = (name: string) => integer(written.get(name)?.value);
    const x = inputs[0];
    const box = [size('target_height'), size('target_width')];
    const offsets = [size('offset_height'), size('offset_width')];
    if (!x || (x.length !== 3 && x.length !== 4)) return null;
    const spatial = x.length === 4 ? [x[1], x[2]] : [x[0], x[1]];
    for (let i = 0; i < 2; i++) {
      const [target, offset, n] = [box[i], offsets[i], spatial[i]];
      if (target === null || offset === null || target <= 0 || offset < 0) return null;
      if (n !== null && (kind === 'crop' ? offset + target > n : offset + n > target)) return null;
    }
    const [h, w] = box as number[];
    return imagesAt(x, h, w);
  },
});

/**
 * tf.signal.stft(signals, frame_length, frame_step, fft_length, window_fn, pad_end):
 * the last axis (samples) becomes frames × (fft_length // 2 + 1) frequency
 * bins; fft_length defaults to the smallest power of two holding a frame.
 * Frames as TensorFlow counts them: ceil(samples / step) when the end is
 * padded, else 1 + (samples - frame_length) // step, never fewer than 0.
 */
const stft: ShapedOperation = {
  params: ['signals', 'frame_length', 'frame_step', 'fft_length', 'window_fn', 'pad_end', 'name'],
  tensors: ['signals'],
  className: null,
  shape: (written, inputs) => {
    const x = inputs[0];
    const [length, step] = [integer(written.get('frame_length')?.value), integer(written.get('frame_step')?.value)];
    const fftWritten = written.get('fft_length')?.value;
    const fft =
      fftWritten === undefined || fftWritten.kind === 'none'
        ? length && 2 ** Math.ceil(Math.log2(length))
        : integer(fftWritten);
    const padEnd = written.get('pad_end')?.value;
    if (!x?.length || !length || !step || length <= 0 || step <= 0 || !fft || fft <= 0) return null;
    if (padEnd && padEnd.kind !== 'bool') return null;
    const samples = x[x.length - 1];
    const frames =
      samples === null
        ? null
        : padEnd?.value
          ? Math.ceil(samples / step)
          : Math.max(0, 1 + Math.floor((samples - length) / step));
    return [...x.slice(0, -1), frames, Math.floor(fft / 2) + 1];
  },
};

/** An elementwise function of another library (tensorflow_io's `audio.dbscale`): the input's shape. */
const elementwise = (params: readonly string[]): ShapedOperation => ({
  params,
  tensors: [params[0]],
  className: null,
  shape: (_written, inputs) => inputs[0] ?? null,
});

export const SHAPED_OPERATIONS: Readonly<Record<string, ShapedOperation>> = {
  'tf.signal.stft': stft,
  'tensorflow_io.audio.dbscale': elementwise(['input', 'top_db', 'name']),
  'tf.image.crop_to_bounding_box': toBoundingBox('crop'),
  'tf.image.pad_to_bounding_box': toBoundingBox('pad'),
  'tf.image.extract_patches': tfExtractPatches,
  'keras.ops.einsum': einsum('Einsum'),
  'tf.einsum': einsum(null),
  'tf.linalg.einsum': einsum(null),
  'keras.ops.pad': pad('Pad', 'pad_width'),
  'tf.pad': pad(null, 'paddings'),
  // keras.ops.image.resize (the path the analyzer keeps for keras.ops submodules).
  'keras.ops.resize': resize('Resize', ['images', 'size', 'interpolation', 'antialias', 'crop_to_aspect_ratio']),
  'tf.image.resize': resize(null, ['images', 'size', 'method', 'preserve_aspect_ratio', 'antialias']),
};

/**
 * The output of an einsum equation on operands of these shapes: each letter
 * one size wherever it appears (an unknown size takes a known one), `...` the
 * broadcast of what the operands' ellipses cover, the output either written
 * after `->` or, implicitly, the ellipsis then the letters used once, sorted.
 * Null for an equation that does not fit the operands.
 */
export function einsumShape(equation: string, operands: (Shape | null)[]): Shape | null {
  const compact = equation.replace(/\s+/g, '');
  const [lhs, rhs, ...extra] = compact.split('->');
  if (extra.length || lhs === undefined) return null;
  const terms = lhs.split(',');
  if (terms.length !== operands.length || !/^[a-zA-Z.,]*$/.test(lhs)) return null;
  const sizes = new Map<string, Dim>();
  const uses = new Map<string, number>();
  let ellipsis: Shape | null = null;
  let anyEllipsis = false;
  for (let t = 0; t < terms.length; t++) {
    const shape = operands[t];
    if (!shape) return null;
    const parts = terms[t].split('...');
    if (parts.length > 2 || parts.some((p) => p.includes('.'))) return null;
    const letters = parts.join('');
    const covered = shape.length - letters.length;
    if (covered < 0 || (parts.length === 1 && covered !== 0)) return null;
    const dims =
      parts.length === 2 ? [...shape.slice(0, parts[0].length), ...shape.slice(shape.length - parts[1].length)] : shape;
    if (parts.length === 2) {
      const inner = shape.slice(parts[0].length, parts[0].length + covered);
      ellipsis = ellipsis ? broadcastShapes(ellipsis, inner) : inner;
      anyEllipsis = true;
      if (!ellipsis) return null;
    }
    for (let i = 0; i < letters.length; i++) {
      const letter = letters[i];
      uses.set(letter, (uses.get(letter) ?? 0) + 1);
      const d = dims[i];
      if (!sizes.has(letter)) sizes.set(letter, d);
      else {
        const seen = sizes.get(letter)!;
        if (seen !== null && d !== null && seen !== d) return null;
        if (seen === null) sizes.set(letter, d);
      }
    }
  }
  const output =
    rhs ??
    `${anyEllipsis ? '...' : ''}${[...uses]
      .filter(([, n]) => n === 1)
      .map(([l]) => l)
      .sort()
      .join('')}`;
  const out: Dim[] = [];
  const parts = output.split('...');
  if (parts.length > 2 || !/^[a-zA-Z.]*$/.test(output)) return null;
  for (let p = 0; p < parts.length; p++) {
    if (p === 1) out.push(...(ellipsis ?? []));
    for (const letter of parts[p]) {
      if (!sizes.has(letter)) return null;
      out.push(sizes.get(letter)!);
    }
  }
  return out;
}

/** Each axis grown by its (before, after) padding; the paddings must give one pair per axis. */
export function padShape(x: Shape | null, paddings: Value | undefined): Shape | null {
  if (!x || paddings?.kind !== 'sequence' || paddings.items.length !== x.length) return null;
  const out: Dim[] = [];
  for (let i = 0; i < x.length; i++) {
    const pair = paddings.items[i];
    if (pair.kind !== 'sequence' || pair.items.length !== 2) return null;
    const [before, after] = pair.items.map(integer);
    if (before === null || after === null || before < 0 || after < 0) return null;
    out.push(x[i] === null ? null : x[i]! + before + after);
  }
  return out;
}

/** Channels-last images (batch or single) at the new (height, width). */
export function resizeShape(x: Shape | null, size: Value | undefined): Shape | null {
  if (!x || (x.length !== 3 && x.length !== 4) || size?.kind !== 'sequence' || size.items.length !== 2) return null;
  const [h, w] = size.items.map(integer);
  if (h === null || w === null || h <= 0 || w <= 0) return null;
  return imagesAt(x, h, w);
}

/** Channels-last images of rank 4 (a batch) or 3 (one image) made `h` x `w`, the other axes kept. */
function imagesAt(x: Shape, h: number, w: number): Shape {
  return x.length === 4 ? [x[0], h, w, x[3]] : [h, w, x[2]];
}
