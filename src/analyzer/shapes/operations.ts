/**
 * Output shapes of tensor operations (`x + y`, `keras.ops.reshape`,
 * `tf.concat`, `K.mean`, activations…), each rule as Keras 3 computes it
 * (keras/src/ops/operation_utils.py and the ops' compute_output_spec). The
 * shape is the whole tensor's, batch axis included, since operations do not
 * treat it specially (`keras.ops.reshape(x, (-1, 24))`). A null result is
 * unknown: Keras would raise, or something the result depends on is unknown.
 * test/unit/shapes-operations.test.ts checks them against shapes computed by
 * Keras and TensorFlow (test/fixtures/keras-ops.json).
 */
import { axisIndex, exact, product, type Dim, type Shape } from './shape';

/** How an operation shapes its output; keras/operations.ts says which rule each function follows. */
export type OperationRule =
  | 'broadcast'
  | 'same'
  | 'reshape'
  | 'expand_dims'
  | 'squeeze'
  | 'concatenate'
  | 'stack'
  | 'transpose'
  | 'reduce'
  | 'arg_reduce'
  | 'matmul'
  | 'flatten'
  | 'batch_flatten'
  | 'take'
  | 'tile'
  | 'repeat'
  | 'depth_to_space'
  | 'space_to_depth'
  | 'one_hot';

/** NumPy broadcasting as Keras's broadcast_shapes does it: an unknown axis against a known one takes the known size. */
export function broadcastShapes(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const x = [...Array(n - a.length).fill(1), ...a];
  const y = [...Array(n - b.length).fill(1), ...b];
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    if (x[i] === 1) out.push(y[i]);
    else if (x[i] === null) out.push(y[i] === 1 ? null : y[i]);
    else if (y[i] === 1 || y[i] === null || y[i] === x[i]) out.push(x[i]);
    else return null;
  }
  return out;
}

/**
 * `target` is the whole new shape; one -1 takes what is left. With an unknown
 * input axis the -1 stays unknown (as Keras leaves it None, without checking
 * that the sizes divide).
 */
export function reshapeShape(input: Shape, target: readonly (number | null)[]): Shape | null {
  if (target.some((d) => d !== null && !(Number.isSafeInteger(d) && (d > 0 || d === -1)))) return null;
  if (target.filter((d) => d === -1).length > 1) return null;
  if (input.includes(null) || target.includes(null)) return target.map((d) => (d === -1 ? null : d));
  const size = product(input);
  const known = product(target.filter((d) => d !== -1));
  if (size === null || known === null) return null;
  const free = target.indexOf(-1);
  if (free < 0) return size === known ? [...target] : null;
  if (known === 0 || size % known !== 0) return null;
  const out: Dim[] = [...target];
  out[free] = size / known;
  return out;
}

/** A new axis of size 1 at `axis` (counted in the output's rank, so -1 appends). */
export function expandDimsShape(input: Shape, axis: number): Shape | null {
  const i = axisIndex(axis, input.length + 1);
  if (i === null) return null;
  return [...input.slice(0, i), 1, ...input.slice(i)];
}

/** Drops the given axes (which must be 1), or every axis of size 1 when `axes` is null. */
export function squeezeShape(input: Shape, axes: readonly number[] | null): Shape | null {
  if (axes === null) return input.filter((d) => d !== 1);
  const drop = new Set<number>();
  for (const a of axes) {
    const i = axisIndex(a, input.length);
    // Keras raises unless the axis is 1 (an unknown axis included).
    if (i === null || input[i] !== 1) return null;
    drop.add(i);
  }
  return input.filter((_, i) => !drop.has(i));
}

/** Joins along an existing axis; the others must agree (unknown ones agree with anything). */
export function concatShape(inputs: readonly Shape[], axis: number): Shape | null {
  if (inputs.length === 0) return null;
  const first = inputs[0];
  const i = axisIndex(axis, first.length);
  if (i === null) return null;
  let total: Dim = 0;
  for (const s of inputs) {
    if (s.length !== first.length) return null;
    for (let k = 0; k < s.length; k++)
      if (k !== i && s[k] !== null && first[k] !== null && s[k] !== first[k]) return null;
    total = total === null || s[i] === null ? null : exact(total + s[i]!);
  }
  const out = [...first];
  out[i] = total;
  return out;
}

/** Joins along a new axis of size `inputs.length`; the inputs must have one shape. */
export function stackShape(inputs: readonly Shape[], axis: number): Shape | null {
  if (inputs.length === 0) return null;
  const first = inputs[0];
  for (const s of inputs) {
    if (s.length !== first.length) return null;
    for (let k = 0; k < s.length; k++) if (s[k] !== null && first[k] !== null && s[k] !== first[k]) return null;
  }
  const i = axisIndex(axis, first.length + 1);
  if (i === null) return null;
  // Where one input knows an axis the first does not, that size is the stack's.
  const merged = first.map((d, k) => d ?? inputs.find((s) => s[k] !== null)?.[k] ?? null);
  return [...merged.slice(0, i), inputs.length, ...merged.slice(i)];
}

/** Axes in the order `perm` gives, reversed when `perm` is null. */
export function transposeShape(input: Shape, perm: readonly number[] | null): Shape | null {
  if (perm === null) return [...input].reverse();
  if (perm.length !== input.length) return null;
  const order = perm.map((a) => axisIndex(a, input.length));
  if (order.some((i) => i === null) || new Set(order).size !== order.length) return null;
  return order.map((i) => input[i!]);
}

/** Reduces `axes` (every axis when null), keeping them as 1 with `keepdims`. */
export function reduceShape(input: Shape, axes: readonly number[] | null, keepdims: boolean): Shape | null {
  if (axes === null) return keepdims ? input.map(() => 1) : [];
  const reduced = new Set<number>();
  for (const a of axes) {
    const i = axisIndex(a, input.length);
    if (i === null) return null;
    reduced.add(i);
  }
  return keepdims ? input.map((d, i) => (reduced.has(i) ? 1 : d)) : input.filter((_, i) => !reduced.has(i));
}

/** Matrix product over the last two axes, leading axes broadcast; 1-D operands as NumPy promotes them. */
export function matmulShape(a: Shape, b: Shape, transposeA = false, transposeB = false): Shape | null {
  if (a.length === 0 || b.length === 0) return null;
  const swap = (s: Shape, t: boolean) =>
    t && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s;
  const aIs1d = a.length === 1;
  const bIs1d = b.length === 1;
  const x = aIs1d ? [1, a[0]] : swap(a, transposeA);
  const y = bIs1d ? [b[0], 1] : swap(b, transposeB);
  const inner = x[x.length - 1];
  const inner2 = y[y.length - 2];
  if (inner !== null && inner2 !== null && inner !== inner2) return null;
  const leading = broadcastShapes(x.slice(0, -2), y.slice(0, -2));
  if (!leading) return null;
  const out: Dim[] = [...leading, x[x.length - 2], y[y.length - 1]];
  if (aIs1d) out.splice(out.length - 2, 1);
  if (bIs1d) out.splice(out.length - 1, 1);
  return out;
}

/** Keras 2's K.flatten: every axis, batch included, in one. */
export function flattenAllShape(input: Shape): Shape {
  return [product(input)];
}

/** Keras 2's K.batch_flatten: (batch, everything else). */
export function batchFlattenShape(input: Shape): Shape | null {
  return input.length === 0 ? null : [input[0], product(input.slice(1))];
}

/**
 * `take(x, indices, axis)` / `tf.gather(params, indices, axis, batch_dims)`:
 * the indexed axis replaced by the indices' axes (after the first
 * `batchDims`, which match x's leading axes). A null axis: keras.ops.take's
 * flattened x, the indices' shape.
 */
export function takeShape(x: Shape, indices: Shape, axis: number | null, batchDims = 0): Shape | null {
  if (axis === null) return batchDims === 0 ? [...indices] : null;
  const i = axisIndex(axis, x.length);
  if (i === null || batchDims < 0 || batchDims > i || batchDims > indices.length) return null;
  return [...x.slice(0, i), ...indices.slice(batchDims), ...x.slice(i + 1)];
}

/**
 * `tile(x, repeats)`: each axis times its repeat. keras.ops.tile aligns the
 * repeats with x's last axes (1s fill the shorter one); tf.tile wants one per
 * axis. A null repeat (the batch size read at run time) gives an unknown axis.
 */
export function tileShape(x: Shape, repeats: readonly (number | null)[], aligned: boolean): Shape | null {
  if (repeats.some((r) => r !== null && !(Number.isSafeInteger(r) && r >= 0))) return null;
  if (!aligned && repeats.length !== x.length) return null;
  const n = Math.max(x.length, repeats.length);
  const dims = [...Array(n - x.length).fill(1), ...x];
  const times = [...Array(n - repeats.length).fill(1), ...repeats];
  return dims.map((d, i) => (d === null || times[i] === null ? null : d * times[i]!));
}

/**
 * `repeat(x, repeats, axis)` with one count: that axis `repeats` times as
 * long; without an axis, x flattened first. An unknown count (read at run
 * time) leaves that axis unknown.
 */
export function repeatShape(x: Shape, repeats: number | null, axis: number | null): Shape | null {
  if (repeats !== null && !(Number.isSafeInteger(repeats) && repeats >= 0)) return null;
  const times = (d: Dim) => (d === null || repeats === null ? null : d * repeats);
  if (axis === null) return [times(product(x))];
  const i = axisIndex(axis, x.length);
  if (i === null) return null;
  return x.map((d, k) => (k === i ? times(d) : d));
}

/** tf.nn.depth_to_space (NHWC): each pixel's channels become a block × block patch. */
export function depthToSpaceShape(x: Shape, block: number): Shape | null {
  if (x.length !== 4 || !Number.isSafeInteger(block) || block < 2) return null;
  const [n, h, w, c] = x;
  if (c !== null && c % (block * block) !== 0) return null;
  return [n, h === null ? null : h * block, w === null ? null : w * block, c === null ? null : c / (block * block)];
}

/** tf.nn.space_to_depth (NHWC): each block × block patch becomes one pixel's channels. */
export function spaceToDepthShape(x: Shape, block: number): Shape | null {
  if (x.length !== 4 || !Number.isSafeInteger(block) || block < 2) return null;
  const [n, h, w, c] = x;
  if ((h !== null && h % block !== 0) || (w !== null && w % block !== 0)) return null;
  return [n, h === null ? null : h / block, w === null ? null : w / block, c === null ? null : c * block * block];
}

/** `one_hot(indices, depth, axis=-1)`: a new axis of size `depth` at `axis` (counted in the output's rank). */
export function oneHotShape(indices: Shape, depth: number, axis: number): Shape | null {
  if (!Number.isSafeInteger(depth) || depth < 0) return null;
  const i = axisIndex(axis, indices.length + 1);
  if (i === null) return null;
  return [...indices.slice(0, i), depth, ...indices.slice(i)];
}
