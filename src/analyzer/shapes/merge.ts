/** Merge layers: Concatenate, Dot, and the element-wise Add/Subtract/Multiply/Average/Maximum/Minimum. */
import { integer } from './args';
import { known, unknown, type LayerKind } from './kind';
import { axisIndex, NO_PARAMS, type Dim, type Shape } from './shape';

/** Joins along `axis`; the other axes are taken from the first input, as Keras reports them. */
export const concatenate: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const axisValue = args.integer('axis');
    if (inputs.length < 2) return unknown(NO_PARAMS);
    if (inputs.some((s) => s === null)) {
      // Joined along the last axis: its size is the sum even when the ranks are unknown.
      const sum = axisValue === -1 && lastDims.every((d) => d !== null) ? lastDims.reduce((a, b) => a! + b!, 0) : null;
      return unknown(NO_PARAMS, sum);
    }
    const shapes = inputs as Shape[];
    const rank = shapes[0].length;
    if (shapes.some((s) => s.length !== rank) || axisValue === null) return unknown(NO_PARAMS);
    const axis = axisIndex(axisValue, rank);
    if (axis === null || axis === 0) return unknown(NO_PARAMS);
    for (const s of shapes) {
      for (let i = 1; i < rank; i++) {
        // Keras refuses mismatched non-concatenated axes; that is not this inference's finding to make.
        if (i !== axis && s[i] !== null && shapes[0][i] !== null && s[i] !== shapes[0][i]) return unknown(NO_PARAMS);
      }
    }
    const out = [...shapes[0]];
    let total: Dim = 0;
    for (const s of shapes) total = total === null || s[axis] === null ? null : total + s[axis]!;
    out[axis] = total;
    return known(out, NO_PARAMS);
  },
};

/** Keras's broadcasting of two non-batch shapes; undefined when they are incompatible. */
function broadcast(a: Dim[], b: Dim[]): Dim[] | undefined {
  if (a.length < b.length) return broadcast(b, a);
  if (b.length === 0) return a;
  const out = a.slice(0, a.length - b.length);
  const tail = a.slice(a.length - b.length);
  for (let k = 0; k < b.length; k++) {
    const i = tail[k];
    const j = b[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) return undefined;
    else out.push(i);
  }
  return out;
}

export const elementwise: LayerKind = {
  infer({ inputs, lastDims }) {
    if (inputs.length < 2) return unknown(NO_PARAMS);
    if (inputs.some((s) => s === null)) {
      const sizes = new Set(lastDims);
      return unknown(NO_PARAMS, sizes.size === 1 ? lastDims[0] : null);
    }
    const shapes = inputs as Shape[];
    let out: Dim[] | undefined = shapes[0].slice(1);
    for (const s of shapes.slice(1)) {
      out = out && broadcast(out, s.slice(1));
    }
    if (!out) return unknown(NO_PARAMS);
    const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null));
    return known([batches.size === 1 ? [...batches][0] : null, ...out], NO_PARAMS);
  },
};

/** The axis a Dot contracts on one input: Python's `list.pop(axis)` index, or null when out of range. */
function dotAxis(axis: number, rank: number): number | null {
  return axis >= -rank && axis < rank ? (axis + rank) % rank : null;
}

/**
 * Dot product of two tensors along `axes` (one int for both, or one per
 * input), as keras/src/layers/merging/dot.py computes the shape: each input
 * loses its contracted axis, the second also its batch axis, and a lone batch
 * axis gets a trailing 1.
 */
export const dot: LayerKind = {
  infer({ args, inputs }) {
    if (inputs.length !== 2) return unknown(NO_PARAMS);
    const [a, b] = inputs;
    if (!a || !b) return unknown(NO_PARAMS);
    const v = args.value('axes');
    let pair: [number, number] | null = null;
    const single = integer(v);
    if (single !== null) pair = single < 0 ? [single + a.length, single + b.length] : [single, single];
    else if (v.kind === 'sequence' && v.items.length === 2) {
      const [x, y] = v.items.map(integer);
      if (x !== null && y !== null) pair = [x, y];
    }
    if (!pair) return unknown(NO_PARAMS);
    const i = dotAxis(pair[0], a.length);
    const j = dotAxis(pair[1], b.length);
    if (i === null || j === null || i === 0 || j === 0) return unknown(NO_PARAMS);
    // Contracted sizes that differ are Keras's error to raise; the shape stays unknown here.
    if (a[i] !== null && b[j] !== null && a[i] !== b[j]) return unknown(NO_PARAMS);
    const out = [...a.filter((_, k) => k !== i), ...b.filter((_, k) => k !== j).slice(1)];
    return known(out.length === 1 ? [...out, 1] : out, NO_PARAMS);
  },
};
