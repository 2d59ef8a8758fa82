/** Normalization layers: same shape out, weights per normalised axis. */
import type { Value } from '../ir';
import { integer } from './args';
import { known, unknown, type LayerInference, type LayerKind } from './kind';
import { axisIndex, exact, params, product, type Dim, type ParamCount, type Shape } from './shape';

/**
 * Sizes of the axes an `axis` argument names (an int, a list, or None for none), or null.
 * With the rank unknown, only `axis=-1` can be answered, from the last axis.
 */
function axisSizes(v: Value, x: Shape | null, last: Dim): Dim[] | null {
  let axes: (number | null)[];
  if (v.kind === 'none') return [];
  if (!x) return integer(v) === -1 ? [last] : null;
  if (v.kind === 'sequence') axes = v.items.map(integer);
  else axes = [integer(v)];
  const sizes: Dim[] = [];
  for (const a of axes) {
    const i = a === null ? null : axisIndex(a, x.length);
    if (i === null || i === 0) return null;
    sizes.push(x[i]);
  }
  return sizes;
}

/** Output shaped like the input (the last axis carried through when the rank is unknown). */
function same(x: Shape | null, weights: ParamCount | null, lastDims: Dim[]): LayerInference {
  return x ? known(x, weights) : unknown(weights, lastDims[0]);
}

/** (center + scale) trainable weights of `size` each. */
function affine(center: boolean | null, scale: boolean | null, size: Dim): number | null {
  if (center === null || scale === null || size === null) return null;
  return ((center ? 1 : 0) + (scale ? 1 : 0)) * size;
}

/** gamma and beta are trained; the moving mean and variance are not: 4 weights per channel, 2 trainable. */
export const batchNormalization: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const sizes = axisSizes(args.value('axis'), x, lastDims[0]);
    // renorm adds further moving statistics whose count this inference does not model.
    if (sizes?.length !== 1 || args.bool('renorm') !== false) return same(x, null, lastDims);
    const channels = sizes[0];
    return same(
      x,
      params(affine(args.bool('center'), args.bool('scale'), channels), channels === null ? null : exact(2 * channels)),
      lastDims,
    );
  },
};

export const layerNormalization: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const sizes = axisSizes(args.value('axis'), x, lastDims[0]);
    return same(x, params(affine(args.bool('center'), args.bool('scale'), sizes ? product(sizes) : null)), lastDims);
  },
};

export const groupNormalization: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const sizes = axisSizes(args.value('axis'), x, lastDims[0]);
    const groups = args.positiveInt('groups');
    const channels = sizes && sizes.length === 1 ? sizes[0] : null;
    // Channels that do not split into the groups are Keras's error; the count stays unknown.
    if (channels === null || groups === null || channels % groups !== 0) return same(x, null, lastDims);
    return same(x, params(affine(args.bool('center'), args.bool('scale'), channels)), lastDims);
  },
};

/** Feature-wise standardisation: mean and variance per kept axis plus a sample count, none trainable. */
export const normalization: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const mean = args.value('mean');
    // Given mean and variance are constants, not weights.
    if (mean.kind !== 'none') return same(x, mean.kind === 'unknown' ? null : params(0), lastDims);
    const sizes = axisSizes(args.value('axis'), x, lastDims[0]);
    const kept = sizes ? product(sizes) : null;
    return same(x, params(0, kept === null ? null : exact(2 * kept + 1)), lastDims);
  },
};
