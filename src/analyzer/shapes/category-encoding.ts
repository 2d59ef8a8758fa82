/**
 * CategoryEncoding: integer ids to one axis of `num_tokens` columns. In
 * 'one_hot' mode a last axis of 1 is replaced and any other shape gets the
 * axis appended; 'multi_hot' (the default) and 'count' fold the last axis into
 * it. No weights. Each case as Keras 3.15.1 computes it for inputs of shape
 * (1,), (3,), (), (4, 1) and (4, 3).
 */
import { known, type LayerKind, unknown } from './kind';
import { NO_PARAMS } from './shape';

export const categoryEncoding: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const tokens = args.positiveInt('num_tokens');
    const mode = args.string('output_mode');
    if (!x || x.length === 0 || tokens === null) return unknown(NO_PARAMS);
    const last = x[x.length - 1];
    if (mode === 'one_hot') return known(last === 1 ? [...x.slice(0, -1), tokens] : [...x, tokens], NO_PARAMS);
    if (mode === 'multi_hot' || mode === 'count') return known([...x.slice(0, -1), tokens], NO_PARAMS);
    return unknown(NO_PARAMS);
  },
};
