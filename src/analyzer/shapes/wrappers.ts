/** Bidirectional and TimeDistributed: a wrapped layer applied twice, or once per timestep. */
import { known, rankProblem, unknown, type LayerKind } from './kind';
import type { Value } from '../ir';
import { mul, params, type Shape } from './shape';

/** Runs the wrapped layer forwards and backwards and merges the two outputs. */
export const bidirectional: LayerKind = {
  infer({ args, inputs, lastDims, inferInner }) {
    const inner = args.layer.inner;
    if (!inner) return unknown();
    const forward = inferInner(inner, inputs, lastDims);
    if (forward.problem) return forward;
    const backwardArg = args.value('backward_layer');
    let backwardParams = forward.params;
    if (backwardArg.kind === 'layer') backwardParams = inferInner(backwardArg.layer, inputs, lastDims).params;
    else if (backwardArg.kind !== 'none') backwardParams = null;
    const weights =
      forward.params && backwardParams
        ? params(
            forward.params.trainable + backwardParams.trainable,
            forward.params.nonTrainable + backwardParams.nonTrainable,
          )
        : null;
    const mode = args.value('merge_mode');
    if (forward.outputs) {
      // return_state: the merged output(s), then the forward layer's states, then the backward one's (Keras's order).
      const [main, ...states] = forward.outputs;
      const merged = mergedOutputs(main, mode);
      return { shape: null, params: weights, outputs: merged ? [...merged, ...states, ...states] : undefined };
    }
    const out = forward.shape;
    // merge_mode=None returns both directions' outputs as a list.
    if (mode.kind === 'none') return { shape: null, params: weights, outputs: [out, out] };
    if (!out) {
      const last = forward.lastDim ?? null;
      if (mode.kind === 'string' && mode.value === 'concat') return unknown(weights, mul(last, 2));
      return unknown(weights, mode.kind === 'string' && ['sum', 'mul', 'ave'].includes(mode.value) ? last : null);
    }
    if (mode.kind === 'string') {
      if (mode.value === 'concat') return known([...out.slice(0, -1), mul(out[out.length - 1], 2)], weights);
      if (['sum', 'mul', 'ave'].includes(mode.value)) return known(out, weights);
    }
    return unknown(weights);
  },
};

/** A Bidirectional's output(s) by merge_mode, from one direction's: null when the mode cannot be read. */
function mergedOutputs(out: Shape | null, mode: Value): (Shape | null)[] | null {
  if (mode.kind === 'none') return [out, out];
  if (mode.kind !== 'string') return null;
  if (mode.value === 'concat') return [out ? [...out.slice(0, -1), mul(out[out.length - 1], 2)] : null];
  return ['sum', 'mul', 'ave'].includes(mode.value) ? [out] : null;
}

/** Applies the wrapped layer to every slice along axis 1; the weights are shared across timesteps. */
export const timeDistributed: LayerKind = {
  infer({ args, inputs, lastDims, inferInner }) {
    const inner = args.layer.inner;
    const x = inputs[0];
    if (!inner) return unknown();
    if (x && x.length < 3) return rankProblem(x, 3, true, '(batch, timesteps, ...)');
    const step: Shape | null = x ? [x[0], ...x.slice(2)] : null;
    // One timestep has the same last axis as the whole sequence.
    const result = inferInner(inner, [step], lastDims);
    if (result.problem) return result;
    if (!x || !result.shape)
      return unknown(result.params, result.shape ? result.shape[result.shape.length - 1] : (result.lastDim ?? null));
    return known([x[0], x[1], ...result.shape.slice(1)], result.params);
  },
};
