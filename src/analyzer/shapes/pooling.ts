/** Max/Average pooling (1D/2D/3D) and their global forms. No weights. */
import { joinChannels, spatialAxes, splitChannels, windowOutput } from './conv';
import { dims, known, negativeProblem, rankProblem, unknown, type LayerKind } from './kind';
import { hasNonPositive, NO_PARAMS } from './shape';

export function pooling(rank: number): LayerKind {
  return {
    infer({ args, inputs, lastDims }) {
      const format = args.dataFormat();
      const x = inputs[0];
      if (!x) return unknown(NO_PARAMS, format === 'channels_last' ? lastDims[0] : null);
      if (x.length !== rank + 2) {
        return rankProblem(
          x,
          rank + 2,
          false,
          spatialAxes(rank, format),
          format === 'channels_first' ? 'first' : 'last',
        );
      }
      if (!format) return unknown(NO_PARAMS);
      const pool = args.ints('pool_size', rank);
      // strides=None means "the pool size": windows do not overlap.
      const strides = args.isNone('strides') ? pool : args.ints('strides', rank);
      const padding = args.padding();
      const { spatial, channels } = splitChannels(x, format);
      const outSpatial = spatial.map((n, i) =>
        windowOutput(n, pool?.[i] ?? null, strides?.[i] ?? null, padding === 'causal' ? null : padding),
      );
      const out = joinChannels(x[0], outSpatial, channels, format);
      if (hasNonPositive(out))
        return negativeProblem(x, out, `its ${dims(pool ?? [])} pool is larger than its ${dims(spatial)} input`);
      return known(out, NO_PARAMS);
    },
  };
}

/** GlobalAverage/GlobalMaxPooling: one value per channel, spatial axes kept as 1 with keepdims. */
export function globalPooling(rank: number): LayerKind {
  return {
    infer({ args, inputs, lastDims }) {
      const format = args.dataFormat();
      const x = inputs[0];
      const keepdims = args.bool('keepdims');
      // Whatever the spatial rank, the result is (batch, channels).
      if (!x)
        return format === 'channels_last' && keepdims === false
          ? known([null, lastDims[0]], NO_PARAMS)
          : unknown(NO_PARAMS);
      if (x.length !== rank + 2) {
        return rankProblem(
          x,
          rank + 2,
          false,
          spatialAxes(rank, format),
          format === 'channels_first' ? 'first' : 'last',
        );
      }
      if (!format || keepdims === null) return unknown(NO_PARAMS);
      const { channels } = splitChannels(x, format);
      if (!keepdims) return known([x[0], channels], NO_PARAMS);
      return known(joinChannels(x[0], Array(rank).fill(1), channels, format), NO_PARAMS);
    },
  };
}
