/**
 * StringLookup / IntegerLookup: in the default `output_mode='int'` each token
 * becomes its index, same shape; 'one_hot', 'multi_hot', 'count' and 'tf_idf'
 * end in one axis per vocabulary entry (the written vocabulary plus
 * `num_oov_indices`), one_hot replacing a last axis of 1. Lookup tables are not
 * weights: no parameters (Keras 3.15.1).
 */
import { known, type LayerKind, unknown } from './kind';
import { positiveInt } from './args';
import { NO_PARAMS } from './shape';

export const lookup: LayerKind = {
  infer({ args, inputs }) {
    const x = inputs[0];
    const mode = args.string('output_mode');
    if (mode === 'int') return known(x, NO_PARAMS);
    const vocabulary = args.value('vocabulary');
    const oov = args.integer('num_oov_indices');
    // A mask token takes an index of its own in some modes: left unknown.
    if (vocabulary.kind !== 'sequence' || vocabulary.inexact || oov === null || !args.isNone('mask_token') || !x)
      return unknown(NO_PARAMS);
    const size = vocabulary.items.length + oov;
    if (mode === 'one_hot') return known(x[x.length - 1] === 1 ? [...x.slice(0, -1), size] : [...x, size], NO_PARAMS);
    if ((mode === 'multi_hot' || mode === 'count' || mode === 'tf_idf') && x.length === 2)
      return known([x[0], size], NO_PARAMS);
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
