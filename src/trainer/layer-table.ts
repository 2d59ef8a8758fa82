/**
 * The translation table from Keras layers to TensorFlow.js layers: which Keras
 * classes the trainer rebuilds, which of their arguments it reproduces, and how
 * each argument is spelled in tfjs. A layer or argument missing from here is
 * refused with a message naming it, so the trainer never silently trains a
 * different model. "Detail" arguments (initialisers, regularisers, names) are
 * reproduced when their value is a plain name; otherwise they are listed as
 * not reproduced in the result.
 */

type ArgKind =
  | 'plain'
  | 'activation'
  | 'initializer'
  | 'regularizer'
  | 'constraint'
  | 'dataFormat'
  | 'layer'
  | 'ignored';

interface ArgRule {
  /** tfjs config key. */
  tfjs: string;
  kind: ArgKind;
  /** Initialisers, regularisers, constraints: dropped with a note when not representable. */
  detail?: boolean;
}

export interface LayerRule {
  /** Factory in `tf.layers`. */
  tfjs: string;
  args: Record<string, ArgRule>;
  /** The argument that sets the layer's width (units, filters…), scaled in a replica. */
  width?: string;
  /** Spatial/temporal layers whose arguments stop fitting a smaller input are marked so the scaler keeps sizes. */
  fixedShape?: boolean;
  /** Arguments tfjs needs that Keras defaults differently (Keras's default, in tfjs spelling). */
  kerasDefaults?: Record<string, unknown>;
}

const plain = (tfjs: string): ArgRule => ({ tfjs, kind: 'plain' });
const detail = (tfjs: string, kind: ArgKind): ArgRule => ({ tfjs, kind, detail: true });

/** Arguments that never change what is computed. */
const COSMETIC: Record<string, ArgRule> = {
  name: { tfjs: 'name', kind: 'ignored' },
  dtype: { tfjs: 'dtype', kind: 'ignored' },
  trainable: plain('trainable'),
};

function weights(prefixes: string[]): Record<string, ArgRule> {
  const out: Record<string, ArgRule> = {};
  for (const p of prefixes) {
    const camel = snakeToCamel(p);
    out[`${p}_initializer`] = detail(`${camel}Initializer`, 'initializer');
    out[`${p}_regularizer`] = detail(`${camel}Regularizer`, 'regularizer');
    out[`${p}_constraint`] = detail(`${camel}Constraint`, 'constraint');
  }
  out.activity_regularizer = detail('activityRegularizer', 'regularizer');
  return out;
}

const ACT = { activation: { tfjs: 'activation', kind: 'activation' } as ArgRule };
const FORMAT = { data_format: { tfjs: 'dataFormat', kind: 'dataFormat' } as ArgRule };

function conv(tfjs: string, extra: Record<string, ArgRule> = {}, widthArg: string | undefined = 'filters'): LayerRule {
  return {
    tfjs,
    width: widthArg,
    args: {
      ...COSMETIC,
      ...ACT,
      ...FORMAT,
      filters: plain('filters'),
      kernel_size: plain('kernelSize'),
      strides: plain('strides'),
      padding: plain('padding'),
      dilation_rate: plain('dilationRate'),
      use_bias: plain('useBias'),
      ...weights(['kernel', 'bias']),
      ...extra,
    },
  };
}

function pool(tfjs: string): LayerRule {
  return {
    tfjs,
    args: {
      ...COSMETIC,
      ...FORMAT,
      pool_size: plain('poolSize'),
      strides: plain('strides'),
      padding: plain('padding'),
    },
  };
}

function globalPool(tfjs: string): LayerRule {
  return { tfjs, args: { ...COSMETIC, ...FORMAT } };
}

function rnn(tfjs: string, extra: Record<string, ArgRule> = {}, kerasDefaults?: Record<string, unknown>): LayerRule {
  return {
    tfjs,
    width: 'units',
    kerasDefaults,
    args: {
      ...COSMETIC,
      ...ACT,
      units: plain('units'),
      use_bias: plain('useBias'),
      return_sequences: plain('returnSequences'),
      go_backwards: plain('goBackwards'),
      stateful: plain('stateful'),
      unroll: plain('unroll'),
      dropout: plain('dropout'),
      recurrent_dropout: plain('recurrentDropout'),
      ...weights(['kernel', 'recurrent', 'bias']),
      ...extra,
    },
  };
}

const merge = (tfjs: string, extra: Record<string, ArgRule> = {}): LayerRule => ({
  tfjs,
  args: { ...COSMETIC, ...extra },
});

export const LAYER_TABLE: Record<string, LayerRule> = {
  Dense: {
    tfjs: 'dense',
    width: 'units',
    args: { ...COSMETIC, ...ACT, units: plain('units'), use_bias: plain('useBias'), ...weights(['kernel', 'bias']) },
  },
  Conv1D: conv('conv1d'),
  Conv2D: conv('conv2d'),
  Conv3D: conv('conv3d'),
  Conv2DTranspose: conv('conv2dTranspose'),
  SeparableConv2D: conv('separableConv2d', {
    depth_multiplier: plain('depthMultiplier'),
    ...weights(['depthwise', 'pointwise']),
  }),
  DepthwiseConv2D: conv(
    'depthwiseConv2d',
    { depth_multiplier: plain('depthMultiplier'), ...weights(['depthwise']) },
    undefined,
  ),
  MaxPooling1D: pool('maxPooling1d'),
  MaxPooling2D: pool('maxPooling2d'),
  MaxPooling3D: pool('maxPooling3d'),
  AveragePooling1D: pool('averagePooling1d'),
  AveragePooling2D: pool('averagePooling2d'),
  AveragePooling3D: pool('averagePooling3d'),
  GlobalAveragePooling1D: globalPool('globalAveragePooling1d'),
  GlobalAveragePooling2D: globalPool('globalAveragePooling2d'),
  GlobalMaxPooling1D: globalPool('globalMaxPooling1d'),
  GlobalMaxPooling2D: globalPool('globalMaxPooling2d'),
  Flatten: { tfjs: 'flatten', args: { ...COSMETIC, ...FORMAT } },
  Dropout: {
    tfjs: 'dropout',
    args: {
      ...COSMETIC,
      rate: plain('rate'),
      noise_shape: plain('noiseShape'),
      seed: { tfjs: 'seed', kind: 'ignored' },
    },
  },
  SpatialDropout1D: {
    tfjs: 'spatialDropout1d',
    args: { ...COSMETIC, rate: plain('rate'), seed: { tfjs: 'seed', kind: 'ignored' } },
  },
  GaussianNoise: {
    tfjs: 'gaussianNoise',
    args: { ...COSMETIC, stddev: plain('stddev'), seed: { tfjs: 'seed', kind: 'ignored' } },
  },
  GaussianDropout: {
    tfjs: 'gaussianDropout',
    args: { ...COSMETIC, rate: plain('rate'), seed: { tfjs: 'seed', kind: 'ignored' } },
  },
  AlphaDropout: {
    tfjs: 'alphaDropout',
    args: { ...COSMETIC, rate: plain('rate'), seed: { tfjs: 'seed', kind: 'ignored' } },
  },
  BatchNormalization: {
    tfjs: 'batchNormalization',
    args: {
      ...COSMETIC,
      axis: plain('axis'),
      momentum: plain('momentum'),
      epsilon: plain('epsilon'),
      center: plain('center'),
      scale: plain('scale'),
      beta_initializer: detail('betaInitializer', 'initializer'),
      gamma_initializer: detail('gammaInitializer', 'initializer'),
      moving_mean_initializer: detail('movingMeanInitializer', 'initializer'),
      moving_variance_initializer: detail('movingVarianceInitializer', 'initializer'),
      beta_regularizer: detail('betaRegularizer', 'regularizer'),
      gamma_regularizer: detail('gammaRegularizer', 'regularizer'),
    },
  },
  LayerNormalization: {
    tfjs: 'layerNormalization',
    args: {
      ...COSMETIC,
      axis: plain('axis'),
      epsilon: plain('epsilon'),
      center: plain('center'),
      scale: plain('scale'),
    },
  },
  Activation: { tfjs: 'activation', args: { ...COSMETIC, ...ACT } },
  Softmax: { tfjs: 'softmax', args: { ...COSMETIC, axis: plain('axis') } },
  ReLU: { tfjs: 'reLU', args: { ...COSMETIC, max_value: plain('maxValue') } },
  // Keras 3 calls it negative_slope, tf.keras 2 alpha; tfjs alpha. Keras's default is 0.3, like tfjs.
  LeakyReLU: { tfjs: 'leakyReLU', args: { ...COSMETIC, negative_slope: plain('alpha'), alpha: plain('alpha') } },
  ELU: { tfjs: 'elu', args: { ...COSMETIC, alpha: plain('alpha') } },
  PReLU: {
    tfjs: 'prelu',
    args: {
      ...COSMETIC,
      alpha_initializer: detail('alphaInitializer', 'initializer'),
      shared_axes: plain('sharedAxes'),
    },
  },
  Embedding: {
    tfjs: 'embedding',
    width: 'output_dim',
    args: {
      ...COSMETIC,
      input_dim: plain('inputDim'),
      output_dim: plain('outputDim'),
      mask_zero: plain('maskZero'),
      embeddings_initializer: detail('embeddingsInitializer', 'initializer'),
      embeddings_regularizer: detail('embeddingsRegularizer', 'regularizer'),
      embeddings_constraint: detail('embeddingsConstraint', 'constraint'),
    },
  },
  SimpleRNN: rnn('simpleRNN'),
  LSTM: rnn('lstm', {
    recurrent_activation: { tfjs: 'recurrentActivation', kind: 'activation' },
    unit_forget_bias: plain('unitForgetBias'),
  }),
  // Keras's GRU defaults to reset_after=True (the cuDNN variant); tfjs defaults to false.
  GRU: rnn(
    'gru',
    { recurrent_activation: { tfjs: 'recurrentActivation', kind: 'activation' }, reset_after: plain('resetAfter') },
    { resetAfter: true },
  ),
  Bidirectional: {
    tfjs: 'bidirectional',
    args: { ...COSMETIC, layer: { tfjs: 'layer', kind: 'layer' }, merge_mode: plain('mergeMode') },
  },
  TimeDistributed: { tfjs: 'timeDistributed', args: { ...COSMETIC, layer: { tfjs: 'layer', kind: 'layer' } } },
  Reshape: { tfjs: 'reshape', fixedShape: true, args: { ...COSMETIC, target_shape: plain('targetShape') } },
  Permute: { tfjs: 'permute', args: { ...COSMETIC, dims: plain('dims') } },
  RepeatVector: { tfjs: 'repeatVector', args: { ...COSMETIC, n: plain('n') } },
  ZeroPadding2D: { tfjs: 'zeroPadding2d', args: { ...COSMETIC, ...FORMAT, padding: plain('padding') } },
  Cropping2D: { tfjs: 'cropping2D', fixedShape: true, args: { ...COSMETIC, ...FORMAT, cropping: plain('cropping') } },
  UpSampling2D: { tfjs: 'upSampling2d', args: { ...COSMETIC, ...FORMAT, size: plain('size') } },
  Rescaling: { tfjs: 'rescaling', args: { ...COSMETIC, scale: plain('scale'), offset: plain('offset') } },
  // Not in tfjs: the trainer's own layer (tfjs/normalization.ts), adapted on the synthetic data when the code gives no statistics.
  Normalization: {
    tfjs: 'kerasNormalization',
    args: { ...COSMETIC, axis: plain('axis'), mean: plain('mean'), variance: plain('variance') },
  },
  Concatenate: merge('concatenate', { axis: plain('axis') }),
  Add: merge('add'),
  Multiply: merge('multiply'),
  Average: merge('average'),
  Maximum: merge('maximum'),
  Minimum: merge('minimum'),
};

/** Keras activation names → tfjs names (`None` means linear). */
export const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  tanh: 'tanh',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  mish: 'mish',
  gelu: 'gelu',
  hard_sigmoid: 'hardSigmoid',
};

/** Keras initializer names (snake_case or class names) → tfjs identifiers. */
export const INITIALIZERS: Record<string, string> = {
  zeros: 'zeros',
  ones: 'ones',
  glorot_uniform: 'glorotUniform',
  glorot_normal: 'glorotNormal',
  he_uniform: 'heUniform',
  he_normal: 'heNormal',
  lecun_uniform: 'leCunUniform',
  lecun_normal: 'leCunNormal',
  random_uniform: 'randomUniform',
  random_normal: 'randomNormal',
  truncated_normal: 'truncatedNormal',
  orthogonal: 'orthogonal',
  identity: 'identity',
  uniform: 'randomUniform',
  normal: 'randomNormal',
};

export function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Layers that pass the width of their input through (the scaler follows them back to a width-setting layer). */
export const SHAPE_PRESERVING = new Set([
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'BatchNormalization',
  'LayerNormalization',
  'Activation',
  'Softmax',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'Flatten',
  'Reshape',
  'MaxPooling1D',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling1D',
  'AveragePooling2D',
  'AveragePooling3D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'Rescaling',
  'Normalization',
]);
