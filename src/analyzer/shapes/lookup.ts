/** StringLookup, IntegerLookup and TextVectorization: token lookups, as Keras 3.15.1 shapes their output. */
import { known, type LayerKind, unknown } from './kind';
import { positiveInt } from './args';
import { NO_PARAMS } from './shape';

/**
 * StringLookup / IntegerLookup (Keras 3.15.1 IndexLookup.compute_output_shape):
 * in the default `output_mode='int'` each token becomes its index, same shape;
 * 'one_hot' adds one axis per vocabulary entry (replacing a last axis of 1);
 * 'multi_hot' (Keras 2's 'binary'), 'count' and 'tf_idf' replace the last axis
 * by it. The entries are `max_tokens` with pad_to_max_tokens, else the written
 * vocabulary plus `num_oov_indices` (a mask token takes no output column); a
 * vocabulary learnt by `adapt` leaves that axis unknown. Lookup tables are not
 * weights: no parameters.
 */
export const lookup: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const mode = args.string('output_mode');
    if (mode === 'int') return known(x, NO_PARAMS);
    if (!x || x.length < 2) return unknown(NO_PARAMS);
    const vocabulary = args.value('vocabulary');
    const oov = args.integer('num_oov_indices');
    const depth = args.bool('pad_to_max_tokens')
      ? args.positiveInt('max_tokens')
      : vocabulary.kind === 'sequence' && !vocabulary.inexact && oov !== null && oov >= 0
        ? vocabulary.items.length + oov
        : null;
    if (mode === 'one_hot') return known(x[x.length - 1] === 1 ? [...x.slice(0, -1), depth] : [...x, depth], NO_PARAMS);
    if (mode === 'multi_hot' || mode === 'binary' || mode === 'count' || mode === 'tf_idf')
      return known([...x.slice(0, -1), depth], NO_PARAMS);
    return unknown(NO_PARAMS);
  },
};

/**
 * TextVectorization (Keras 3.15.1 compute_output_shape): 'int' gives (batch,
 * output_sequence_length), None when not given; 'multi_hot', 'count' and
 * 'tf_idf' give the input's axes, the split tokens' axis replaced by one per
 * vocabulary entry: `max_tokens` with pad_to_max_tokens, else the written
 * vocabulary plus its OOV token (a vocabulary learnt by `adapt` is unknown). No weights.
 */
export const textVectorization: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const mode = args.string('output_mode');
    if (mode === 'int') {
      const length = args.value('output_sequence_length');
      return known([x ? x[0] : null, length.kind === 'none' ? null : positiveInt(length)], NO_PARAMS);
    }
    if (!x || (mode !== 'multi_hot' && mode !== 'count' && mode !== 'tf_idf')) return unknown(NO_PARAMS);
    const tokens = args.isNone('split') ? (x.length <= 1 ? [...x, 1] : x) : [...x, null];
    const vocabulary = args.value('vocabulary');
    const depth = args.bool('pad_to_max_tokens')
      ? args.positiveInt('max_tokens')
      : vocabulary.kind === 'sequence' && !vocabulary.inexact
        ? vocabulary.items.length + 1
        : null;
    return known([...tokens.slice(0, -1), depth], NO_PARAMS);
  },
};
