/**
 * Layer classes of other libraries whose output shape their documentation
 * states without doubt (canonical paths, as the Python front end spells
 * them). Their weights are not counted: no install of those libraries was
 * available to check a count against, so the summary says they are unknown
 * (unless the layer holds none).
 *
 * Some names are Keras's own classes re-exported by another package
 * (`keras_cv.layers.CenterCrop` is `keras.layers.CenterCrop`): those are
 * analysed as the Keras layer, weights included.
 */

/** How a third-party layer's output shape follows from its input and arguments. */
type ForeignShape =
  /** Elementwise or per-feature: the output has the input's shape (normalisations). */
  | { rule: 'same' }
  /** A wrapper (`WeightNormalization(Conv2D(…))`): the wrapped layer's output. */
  | { rule: 'wrapped' }
  /** The last axis replaced by the argument `size` (a Dense-like layer). */
  | { rule: 'last-axis'; size: string }
  /** An axis of `size` appended (an embedding of integer ids). */
  | { rule: 'append-axis'; size: string };

export interface ForeignLayer {
  /** Positional parameters in order, as the library declares them (to bind a call's arguments). */
  params: readonly string[];
  shape: ForeignShape;
  /**
   * The tensors its call takes, in order, when the first is not `inputs`
   * (`TransformerDecoder(...)(decoder_sequence=x, encoder_sequence=y)`): the
   * first one gives the shape, the others stay inputs of the graph.
   */
  callInputs?: readonly string[];
  /** The documentation says it holds no weights (regularisation layers): 0 parameters, not unknown. */
  weightless?: true;
}

/** Stochastic depth: drops a sample's whole residual branch while training; identity at inference, no weights. */
const DROP_PATH: ForeignLayer = { params: ['rate', 'seed'], shape: { rule: 'same' }, weightless: true };

const TOKEN_AND_POSITION_EMBEDDING: ForeignLayer = {
  params: ['vocabulary_size', 'sequence_length', 'embedding_dim'],
  shape: { rule: 'append-axis', size: 'embedding_dim' },
};

/** Transformer blocks with residual connections: (batch, sequence, features) in, the same shape out. */
const TRANSFORMER_ENCODER: ForeignLayer = { params: ['intermediate_dim', 'num_heads'], shape: { rule: 'same' } };
const TRANSFORMER_DECODER: ForeignLayer = {
  params: ['intermediate_dim', 'num_heads'],
  shape: { rule: 'same' },
  callInputs: ['decoder_sequence', 'encoder_sequence'],
};
const FNET_ENCODER: ForeignLayer = { params: ['intermediate_dim'], shape: { rule: 'same' } };

const FOREIGN_LAYERS = new Map<string, ForeignLayer>([
  // TensorFlow Addons: normalisations keep the shape (tfa.layers docs), WeightNormalization wraps a layer.
  ['tensorflow_addons.layers.InstanceNormalization', { params: [], shape: { rule: 'same' } }],
  ['tensorflow_addons.layers.GroupNormalization', { params: ['groups', 'axis'], shape: { rule: 'same' } }],
  ['tensorflow_addons.layers.WeightNormalization', { params: ['layer', 'data_init'], shape: { rule: 'wrapped' } }],
  // KerasNLP / KerasHub: token ids (batch, sequence) → (batch, sequence, embedding_dim).
  ['keras_nlp.layers.TokenAndPositionEmbedding', TOKEN_AND_POSITION_EMBEDDING],
  ['keras_hub.layers.TokenAndPositionEmbedding', TOKEN_AND_POSITION_EMBEDDING],
  ['keras_nlp.layers.TransformerEncoder', TRANSFORMER_ENCODER],
  ['keras_hub.layers.TransformerEncoder', TRANSFORMER_ENCODER],
  ['keras_nlp.layers.TransformerDecoder', TRANSFORMER_DECODER],
  ['keras_hub.layers.TransformerDecoder', TRANSFORMER_DECODER],
  ['keras_nlp.layers.FNetEncoder', FNET_ENCODER],
  ['keras_hub.layers.FNetEncoder', FNET_ENCODER],
  // KerasCV's DropPath (stochastic depth): the shape it is given, no weights.
  ['keras_cv.layers.DropPath', DROP_PATH],
  ['keras_cv.layers.regularization.DropPath', DROP_PATH],
  // TensorFlow Probability: a Dense layer with distributions over its weights, output (…, units).
  [
    'tensorflow_probability.layers.DenseVariational',
    { params: ['units', 'make_posterior_fn', 'make_prior_fn'], shape: { rule: 'last-axis', size: 'units' } },
  ],
]);

/** KerasCV's `keras_cv.layers` re-exports these Keras preprocessing layers under the same name. */
const KERAS_CV_REEXPORTS = new Set([
  'CenterCrop',
  'RandomBrightness',
  'RandomContrast',
  'RandomCrop',
  'RandomHeight',
  'RandomRotation',
  'RandomTranslation',
  'RandomWidth',
  'RandomZoom',
  'Rescaling',
  'Resizing',
]);

/** The third-party layer class at canonical `path` whose shape is modelled, or null. */
export function foreignLayer(path: string): ForeignLayer | null {
  return FOREIGN_LAYERS.get(path) ?? null;
}

/** The Keras layer class a third-party name is (`keras_cv.layers.CenterCrop` → `CenterCrop`), or null. */
export function reexportedKerasLayer(path: string): string | null {
  const parts = path.split('.');
  const name = parts[parts.length - 1];
  return parts.length === 3 && parts[0] === 'keras_cv' && parts[1] === 'layers' && KERAS_CV_REEXPORTS.has(name)
    ? name
    : null;
}
