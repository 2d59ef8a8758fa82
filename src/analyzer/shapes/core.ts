/** Dense, Embedding, PReLU and the layers that leave the shape as it is. */
import { integer } from './args';
import { known, lastAxis, rankProblem, unknown, type LayerKind } from './kind';
import { mul, NO_PARAMS, params, product } from './shape';

/** Dense acts on the last axis of an input of any rank >= 2. */
export const dense: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const units = args.positiveInt('units');
    const bias = args.bool('use_bias');
    const x = inputs[0];
    if (x && x.length < 2) return rankProblem(x, 2, true, '(batch, ..., features)');
    const kernel = mul(lastAxis(x, lastDims[0]), units);
    const weights = bias === null || kernel === null ? null : params(kernel + (bias ? units! : 0));
    if (!x) return unknown(weights, units);
    return known([...x.slice(0, -1), units], weights);
  },
};

/** Embedding appends an axis of `output_dim`; its table does not depend on the input. */
export const embedding: LayerKind = {
  infer({ args, inputs }) {
    const outputDim = args.positiveInt('output_dim');
    const table = params(mul(args.positiveInt('input_dim'), outputDim));
    const x = inputs[0];
    return x ? known([...x, outputDim], table) : unknown(table, outputDim);
  },
};

/** Activations, dropout, noise, masking, rescaling, augmentation: same shape out as in, no weights. */
export const identity: LayerKind = {
  infer({ inputs, lastDims }) {
    return inputs[0] ? known(inputs[0], NO_PARAMS) : unknown(NO_PARAMS, lastDims[0] ?? null);
  },
};

/** Dropout variants that drop whole feature maps need the rank of their maps. */
export function spatialDropout(rank: number): LayerKind {
  return {
    infer({ inputs, lastDims }) {
      const x = inputs[0];
      if (x && x.length !== rank + 2) return rankProblem(x, rank + 2, false, null);
      return x ? known(x, NO_PARAMS) : unknown(NO_PARAMS, lastDims[0]);
    },
  };
}

/** PReLU learns one slope per input element, shared along `shared_axes`. */
export const prelu: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    if (!x) return unknown();
    const alpha = x.slice(1);
    const shared = args.value('shared_axes');
    const axes =
      shared.kind === 'none' ? [] : shared.kind === 'sequence' ? shared.items.map(integer) : [integer(shared)];
    for (const axis of axes) {
      if (axis === null || axis < 1 || axis > alpha.length) return known(x, null);
      alpha[axis - 1] = 1;
    }
    return known(x, params(product(alpha)));
  },
};

/**
 * A Lambda whose `output_shape` is written as a tuple: Keras 3 trusts it and
 * puts the batch axis in front (a None written stays None). A Lambda without
 * one takes its function's traced output instead (shapes/infer.ts); a callable
 * or a list (Keras 3 raises on a list) stays unknown. A Lambda has no weights.
 */
export const lambda: LayerKind = {
  infer({ args, inputs }) {
    const written = args.value('output_shape');
    if (written.kind !== 'sequence' || !written.tuple || written.inexact) return unknown(NO_PARAMS);
    const dims = written.items.map((v) => (v.kind === 'none' ? null : v.kind === 'number' ? integer(v) : undefined));
    if (dims.some((d) => d === undefined || (d !== null && d <= 0))) return unknown(NO_PARAMS);
    return known([inputs[0]?.[0] ?? null, ...(dims as (number | null)[])], NO_PARAMS);
  },
};
