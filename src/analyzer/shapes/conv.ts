/**
 * Convolutions: Conv1D/2D/3D, their Transpose, Depthwise and Separable
 * variants. Output sizes follow Keras 3 (keras/src/ops/operation_utils.py and
 * backend_utils.compute_conv_transpose_output_shape).
 */
import type { LayerArgs } from './args';
import { dims, known, negativeProblem, rankProblem, unknown, type LayerKind } from './kind';
import { exact, hasNonPositive, mul, params, product, type Dim, type Shape } from './shape';

export type ConvVariant = 'conv' | 'transpose' | 'depthwise' | 'separable';

const SPATIAL = ['', 'steps', 'rows, cols', 'depth, rows, cols'];

/** "(batch, rows, cols, channels)" for messages. */
export function spatialAxes(rank: number, format: 'channels_last' | 'channels_first' | null): string {
  return format === 'channels_first' ? `(batch, channels, ${SPATIAL[rank]})` : `(batch, ${SPATIAL[rank]}, channels)`;
}

/** Splits an input of rank `rank + 2` into spatial sizes and channels. */
export function splitChannels(x: Shape, format: 'channels_last' | 'channels_first'): { spatial: Dim[]; channels: Dim } {
  return format === 'channels_last'
    ? { spatial: x.slice(1, -1), channels: x[x.length - 1] }
    : { spatial: x.slice(2), channels: x[1] };
}

export function joinChannels(
  batch: Dim,
  spatial: Dim[],
  channels: Dim,
  format: 'channels_last' | 'channels_first',
): Shape {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Size along one axis after a convolution or pooling window (Keras's formula, floor division). */
export function windowOutput(n: Dim, window: number | null, stride: number | null, padding: string | null): Dim {
  if (n === null || stride === null) return null;
  if (padding === 'same' || padding === 'causal') return Math.floor((n - 1) / stride) + 1;
  if (padding === 'valid' && window !== null) return Math.floor((n - window) / stride) + 1;
  return null;
}

function transposeOutput(
  n: Dim,
  kernel: number | null,
  stride: number | null,
  padding: string | null,
  outputPadding: number | null | undefined,
): Dim {
  if (n === null || kernel === null || stride === null) return null;
  if (outputPadding === undefined) return null;
  if (padding === 'valid')
    return exact((n - 1) * stride + kernel + (outputPadding ?? Math.max(kernel, stride) - kernel));
  if (padding === 'same')
    return exact(outputPadding === null ? n * stride : (n - 1) * stride + (kernel % 2) + outputPadding);
  return null;
}

/** `output_padding`: None, an int, or one int per axis; undefined when unknown. */
function outputPadding(args: LayerArgs, rank: number): (number | null)[] | undefined {
  const v = args.value('output_padding');
  if (v.kind === 'none') return Array(rank).fill(null);
  return args.ints('output_padding', rank, true) ?? undefined;
}

export function conv(rank: number, variant: ConvVariant): LayerKind {
  return {
    infer({ args, inputs, lastDims }) {
      const format = args.dataFormat();
      const x = inputs[0];
      const bias = args.bool('use_bias');
      const kernel = args.ints('kernel_size', rank);
      const kernelArea = kernel ? product(kernel) : null;
      const filters = variant === 'depthwise' ? null : args.positiveInt('filters');
      const multiplier =
        variant === 'depthwise' || variant === 'separable' ? args.positiveInt('depth_multiplier') : null;
      if (!x) {
        // Channels-last: the channel count is the last axis, known even when the rank is not.
        if (format !== 'channels_last') return unknown();
        const channels = lastDims[0];
        const outChannels = variant === 'depthwise' ? mul(channels, multiplier) : filters;
        return unknown(convParams(variant, args, kernelArea, channels, filters, multiplier, bias), outChannels);
      }
      if (x.length !== rank + 2) {
        return rankProblem(
          x,
          rank + 2,
          false,
          spatialAxes(rank, format),
          format === 'channels_first' ? 'first' : 'last',
        );
      }
      if (!format) return unknown();
      const strides = args.ints('strides', rank);
      const dilation = args.ints('dilation_rate', rank);
      let padding = args.padding();
      if (padding === 'causal' && (rank !== 1 || variant !== 'conv')) padding = null;
      const { spatial, channels } = splitChannels(x, format);
      // A dilated kernel covers (k - 1) * d + 1 input positions.
      const reach = kernel && dilation ? kernel.map((k, i) => (k - 1) * dilation[i] + 1) : null;
      let outSpatial: Dim[];
      if (variant === 'transpose') {
        const op = outputPadding(args, rank);
        outSpatial = spatial.map((n, i) =>
          transposeOutput(n, reach?.[i] ?? null, strides?.[i] ?? null, padding, op ? op[i] : undefined),
        );
      } else {
        outSpatial = spatial.map((n, i) => windowOutput(n, reach?.[i] ?? null, strides?.[i] ?? null, padding));
      }
      const outChannels = variant === 'depthwise' ? mul(channels, multiplier) : filters;
      const out = joinChannels(x[0], outSpatial, outChannels, format);
      if (hasNonPositive(out)) {
        const dilated = reach && dilation?.some((d) => d > 1) ? ` (dilated to ${dims(reach)})` : '';
        return negativeProblem(
          x,
          out,
          `its ${dims(kernel ?? [])} kernel${dilated} is larger than its ${dims(spatial)} input`,
        );
      }
      return known(out, convParams(variant, args, kernelArea, channels, filters, multiplier, bias));
    },
  };
}

function convParams(
  variant: ConvVariant,
  args: LayerArgs,
  kernelArea: number | null,
  channels: Dim,
  filters: number | null,
  multiplier: number | null,
  bias: boolean | null,
) {
  if (bias === null || kernelArea === null || channels === null) return null;
  switch (variant) {
    case 'conv': {
      const groups = args.positiveInt('groups');
      if (groups === null || filters === null || channels % groups !== 0) return null;
      return params(kernelArea * (channels / groups) * filters + (bias ? filters : 0));
    }
    case 'transpose':
      return filters === null ? null : params(kernelArea * channels * filters + (bias ? filters : 0));
    case 'depthwise':
      return multiplier === null
        ? null
        : params(kernelArea * channels * multiplier + (bias ? channels * multiplier : 0));
    case 'separable':
      if (multiplier === null || filters === null) return null;
      return params(kernelArea * channels * multiplier + channels * multiplier * filters + (bias ? filters : 0));
  }
}
