/** Dense, Embedding, PReLU and the layers that leave the shape as it is. */
import { integer } from './args';
import { known, rankProblem, unknown, type LayerKind } from './kind';
import { mul, NO_PARAMS, params, product } from './shape';

/** Dense acts on the last axis of an input of any rank >= 2. */
export const dense: LayerKind = {
  infer({ args, inputs }) {
    const units = args.positiveInt('units');
    const bias = args.bool('use_bias');
    const x = inputs[0];
    if (!x) return unknown();
    if (x.length < 2) return rankProblem(x, 2, true, '(batch, ..., features)');
    const features = x[x.length - 1];
    const kernel = mul(features, units);
    const weights = bias === null || kernel === null ? null : params(kernel + (bias ? units! : 0));
    return known([...x.slice(0, -1), units], weights);
  },
};

/** Embedding appends an axis of `output_dim`; its table does not depend on the input. */
export const embedding: LayerKind = {
  infer({ args, inputs }) {
    const outputDim = args.positiveInt('output_dim');
    const table = params(mul(args.positiveInt('input_dim'), outputDim));
    const x = inputs[0];
    return known(x ? [...x, outputDim] : null, table);
  },
};

/** Activations, dropout, noise, masking, rescaling, augmentation: same shape out as in, no weights. */
export const identity: LayerKind = {
  infer({ inputs }) {
    return known(inputs[0] ?? null, NO_PARAMS);
  },
};

/** Dropout variants that drop whole feature maps need the rank of their maps. */
export function spatialDropout(rank: number): LayerKind {
  return {
    infer({ inputs }) {
      const x = inputs[0];
      if (x && x.length !== rank + 2) return rankProblem(x, rank + 2, false, null);
      return known(x ?? null, NO_PARAMS);
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
    const axes = shared.kind === 'none' ? [] : shared.kind === 'sequence' ? shared.items.map(integer) : [integer(shared)];
    for (const axis of axes) {
      if (axis === null || axis < 1 || axis > alpha.length) return known(x, null);
      alpha[axis - 1] = 1;
    }
    return known(x, params(product(alpha)));
  },
};
