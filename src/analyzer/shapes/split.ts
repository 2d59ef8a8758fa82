/**
 * Operations that give several tensors: `keras.ops.split`, `tf.split`,
 * `keras.ops.unstack`, `tf.unstack`. One node in the graph stands for the
 * call; each tensor it gives is a node of its own (TensorNode.output), so
 * `q, k, v = ops.split(qkv, 3, axis=-1)` gives three shapes. The two
 * spellings of split differ: NumPy's (keras.ops) takes the indices to cut at,
 * TensorFlow's the sizes of the parts (one of them may be -1: the rest).
 */
import type { Value } from '../ir';
import { integer } from './args';
import { reduceShape } from './operations';
import type { Shape } from './shape';

interface MultiOutputOperation {
  /** Parameters in positional order: the tensor, then how to cut it. */
  params: readonly string[];
  /** The class Keras 3 records (`TFOpLambda`: TensorFlow functions, which Keras 3 refuses on symbolic tensors). */
  className: string;
  /**
   * `sections`: an int cuts into equal parts, a list gives the indices (NumPy); `sizes`: a list gives the sizes
   * (TensorFlow); `unstack`: one part per index of the axis; `moments`: the mean and variance over `axes`.
   */
  cut: 'sections' | 'sizes' | 'unstack' | 'moments';
}

export const MULTI_OUTPUT_OPERATIONS: Readonly<Record<string, MultiOutputOperation>> = {
  'keras.ops.split': { params: ['x', 'indices_or_sections', 'axis'], className: 'Split', cut: 'sections' },
  'tf.split': { params: ['value', 'num_or_size_splits', 'axis', 'num', 'name'], className: 'TFOpLambda', cut: 'sizes' },
  'keras.ops.unstack': { params: ['x', 'num', 'axis'], className: 'Unstack', cut: 'unstack' },
  'tf.unstack': { params: ['value', 'num', 'axis', 'name'], className: 'TFOpLambda', cut: 'unstack' },
  'keras.ops.moments': { params: ['x', 'axes', 'keepdims', 'synchronized'], className: 'Moments', cut: 'moments' },
  'tf.nn.moments': { params: ['x', 'axes', 'shift', 'keepdims', 'name'], className: 'TFOpLambda', cut: 'moments' },
};

type Args = ReadonlyMap<string, { value: Value }>;

/** The axis the operation cuts along (0 unless given), null when it cannot be read. */
function axisOf(args: Args): number | null {
  const v = args.get('axis')?.value;
  return v === undefined ? 0 : integer(v);
}

/**
 * How many tensors the call gives, from its arguments, or from `x` (the
 * tensor's shape as far as known) for an unstack without `num`. Null when it
 * cannot be told.
 */
export function outputCount(path: string, args: Args, x: Shape | null): number | null {
  const op = MULTI_OUTPUT_OPERATIONS[path];
  if (!op) return null;
  if (op.cut === 'moments') return 2;
  if (op.cut === 'unstack') {
    const num = args.get('num')?.value;
    if (num && num.kind !== 'none') return positive(integer(num));
    const axis = axisOf(args);
    if (!x || axis === null || axis < -x.length || axis >= x.length) return null;
    return positive(x[axis < 0 ? axis + x.length : axis]);
  }
  const how = args.get(op.params[1])?.value;
  if (!how) return null;
  if (how.kind === 'sequence')
    return how.inexact ? null : op.cut === 'sections' ? how.items.length + 1 : how.items.length;
  return positive(integer(how));
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

/** The shape of each tensor the call gives `x` (null where unknown), or null when the cut cannot be read. */
export function outputShapes(path: string, args: Args, x: Shape | null): (Shape | null)[] | null {
  const op = MULTI_OUTPUT_OPERATIONS[path];
  const count = outputCount(path, args, x);
  if (!op || count === null) return null;
  if (op.cut === 'moments') return Array(count).fill(momentShape(args, x));
  const axis = axisOf(args);
  if (!x || axis === null || axis < -x.length || axis >= x.length) return Array(count).fill(null);
  const at = axis < 0 ? axis + x.length : axis;
  const size = x[at];
  const withSize = (d: number | null): Shape => x.map((dim, i) => (i === at ? d : dim));
  if (op.cut === 'unstack') return Array(count).fill(x.filter((_, i) => i !== at));
  const how = args.get(op.params[1])?.value;
  if (how?.kind !== 'sequence') {
    // Equal parts; Keras raises when the axis does not divide.
    if (size !== null && size % count !== 0) return null;
    return Array(count).fill(withSize(size === null ? null : size / count));
  }
  const numbers = how.items.map(integer);
  if (numbers.some((n) => n === null)) return Array(count).fill(withSize(null));
  if (op.cut === 'sections') {
    const bounds = [0, ...(numbers as number[]), size];
    return bounds.slice(1).map((end, i) => {
      const start = bounds[i];
      return withSize(start !== null && end !== null && end >= start ? end - start : null);
    });
  }
  const sizes = numbers as number[];
  const rest = sizes.indexOf(-1);
  if (rest >= 0) {
    const known = sizes.reduce((sum, n, i) => (i === rest ? sum : sum + n), 0);
    return sizes.map((n, i) => withSize(i !== rest ? n : size === null ? null : size - known));
  }
  return sizes.map(withSize);
}

/** The shape of the mean (and the variance) `moments` gives: x reduced over `axes`, kept as 1s with keepdims. */
function momentShape(args: Args, x: Shape | null): Shape | null {
  const axesValue = args.get('axes')?.value;
  const keep = args.get('keepdims')?.value;
  const keepdims = keep === undefined || keep.kind === 'none' ? false : keep.kind === 'bool' ? keep.value : null;
  const axes =
    axesValue?.kind === 'sequence' && !axesValue.inexact ? axesValue.items.map(integer) : [integer(axesValue)];
  if (!x || keepdims === null || axes.some((a) => a === null)) return null;
  return reduceShape(x, axes as number[], keepdims);
}
