/**
 * MultiHeadAttention called as `mha(query, value)` or `mha(query, value, key)`
 * (key defaults to value): the output has the query's shape, its last axis
 * `output_shape` when given; the weights are the query, key and value
 * projections to `num_heads` × `key_dim` (`value_dim` for values, default
 * key_dim) plus the output projection back, each with a bias unless
 * `use_bias=False` (checked against Keras 3.15.1's count_params()).
 */
import { known, type LayerKind, unknown } from './kind';
import type { Dim } from './shape';

export const multiHeadAttention: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const query = inputs[0];
    const outputShape = args.value('output_shape');
    let out: Dim = null;
    if (outputShape.kind === 'none') out = query ? query[query.length - 1] : lastDims[0];
    else out = args.positiveInt('output_shape');
    const shape = query && out !== null ? [...query.slice(0, -1), out] : null;
    const heads = args.positiveInt('num_heads');
    const keyDim = args.positiveInt('key_dim');
    const valueDimArg = args.value('value_dim');
    const valueDim = valueDimArg.kind === 'none' ? keyDim : args.positiveInt('value_dim');
    const bias = args.bool('use_bias');
    const q = lastDims[0];
    const v = lastDims.length > 1 ? lastDims[1] : null;
    const k = lastDims.length > 2 ? lastDims[2] : v;
    if (heads === null || keyDim === null || valueDim === null || bias === null || out === null)
      return { shape, params: null };
    if (q === null || v === null || k === null) return shape ? known(shape, null) : unknown(null, out);
    const b = bias ? 1 : 0;
    const trainable =
      (q + b) * heads * keyDim +
      (k + b) * heads * keyDim +
      (v + b) * heads * valueDim +
      heads * valueDim * out +
      b * out;
    return { shape, params: { trainable, nonTrainable: 0 }, lastDim: out };
  },
};
