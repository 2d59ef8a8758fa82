/**
 * Layers that rearrange axes: Flatten, Reshape, Permute, RepeatVector,
 * ZeroPadding, Cropping and UpSampling (1D/2D/3D). None has weights.
 */
import { intTuple, integer, isUnread, pairs, positiveInt } from './args';
import { joinChannels, spatialAxes, splitChannels } from './conv';
import { known, negativeProblem, rankProblem, unknown, type LayerKind } from './kind';
import { add, exact, hasNonPositive, mul, NO_PARAMS, product, type Dim } from './shape';

/** Everything but the batch axis becomes one axis. */
export const flatten: LayerKind = {
  infer({ inputs }) {
    const x = inputs[0];
    // Whatever came in, (batch, everything else).
    if (!x) return known([null, null], NO_PARAMS);
    if (x.length < 1) return rankProblem(x, 1, true, null);
    return known([x[0], product(x.slice(1))], NO_PARAMS);
  },
};

/** `target_shape` excludes the batch axis; one -1 takes whatever size is left. */
export const reshape: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const target = args.value('target_shape');
    if (target.kind !== 'sequence') return unknown(NO_PARAMS);
    const wanted: (number | null)[] = target.items.map((v) => {
      const i = integer(v);
      return i !== null && (i > 0 || i === -1) ? i : null;
    });
    if (wanted.some((d, i) => d === null && !isUnread(target.items[i])) || wanted.filter((d) => d === -1).length > 1)
      return unknown(NO_PARAMS);
    const batch = x ? x[0] : null;
    // `Reshape((h * w, c))` with `h` unknown: the rank is known, that axis (and a -1) is not.
    if (wanted.includes(null)) return known([batch, ...wanted.map((d) => (d === -1 ? null : d))], NO_PARAMS);
    const free = wanted.indexOf(-1);
    if (free < 0) return known([batch, ...(wanted as number[])], NO_PARAMS);
    const total = x ? product(x.slice(1)) : null;
    const rest = product(wanted.filter((d) => d !== -1));
    const out: Dim[] = [...wanted];
    // A size that does not divide evenly is Keras's error to raise; the shape stays unknown here.
    out[free] = total !== null && rest !== null && rest > 0 && total % rest === 0 ? total / rest : null;
    return known([batch, ...out], NO_PARAMS);
  },
};

/** `dims` reorders the non-batch axes, numbered from 1. */
export const permute: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const v = args.value('dims');
    if (v.kind !== 'sequence') return unknown(NO_PARAMS);
    const order = v.items.map(positiveInt);
    const n = order.length;
    const valid = order.every((d) => d !== null && d <= n) && new Set(order).size === n;
    if (!x) return unknown(NO_PARAMS);
    if (!valid) return unknown(NO_PARAMS);
    if (x.length !== n + 1) return rankProblem(x, n + 1, false, null);
    return known([x[0], ...order.map((d) => x[d!])], NO_PARAMS);
  },
};

/** (batch, features) becomes (batch, n, features). */
export const repeatVector: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    if (!x) return known([null, args.positiveInt('n'), lastDims[0]], NO_PARAMS);
    if (x.length !== 2) return rankProblem(x, 2, false, '(batch, features)');
    return known([x[0], args.positiveInt('n'), x[1]], NO_PARAMS);
  },
};

/** Shared frame for padding, cropping and upsampling: one change per spatial axis. */
function spatialLayer(
  rank: number,
  change: (n: Dim, i: number) => Dim,
  describe: () => string | null,
): LayerKind['infer'] {
  return ({ args, inputs, lastDims }) => {
    const format = args.dataFormat();
    const x = inputs[0];
    if (!x) return unknown(NO_PARAMS, format === 'channels_last' ? lastDims[0] : null);
    if (x.length !== rank + 2)
      return rankProblem(x, rank + 2, false, spatialAxes(rank, format), format === 'channels_first' ? 'first' : 'last');
    if (!format) return unknown(NO_PARAMS);
    const { spatial, channels } = splitChannels(x, format);
    const out = joinChannels(x[0], spatial.map(change), channels, format);
    if (hasNonPositive(out)) return negativeProblem(x, out, describe() ?? 'it removes more than its input has');
    return known(out, NO_PARAMS);
  };
}

export function zeroPadding(rank: number): LayerKind {
  return {
    infer(request) {
      const amounts = pairs(request.args.value('padding'), rank);
      return spatialLayer(
        rank,
        (n, i) => (amounts ? add(n, amounts[i][0] + amounts[i][1]) : null),
        () => null,
      )(request);
    },
  };
}

export function cropping(rank: number): LayerKind {
  return {
    infer(request) {
      const amounts = pairs(request.args.value('cropping'), rank);
      const crop = amounts ? amounts.map(([a, b]) => `${a}+${b}`).join(', ') : '';
      return spatialLayer(
        rank,
        (n, i) => (n !== null && amounts ? exact(n - amounts[i][0] - amounts[i][1]) : null),
        () => `it crops (${crop}) from each spatial axis, as much as or more than its input has`,
      )(request);
    },
  };
}

export function upSampling(rank: number): LayerKind {
  return {
    infer(request) {
      const size = intTuple(request.args.value('size'), rank);
      return spatialLayer(
        rank,
        (n, i) => (size ? mul(n, size[i]) : null),
        () => null,
      )(request);
    },
  };
}
