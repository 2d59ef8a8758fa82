/**
 * Which inference each Keras layer class uses. Keys are Keras class names as
 * the catalog lists them (aliases included); `canonicalType` maps an alias to
 * the class Keras reports (`MaxPool2D` is `MaxPooling2D`).
 */
import { backboneNames } from '../keras/applications';
import { BACKBONE_LAYER } from '../ir';
import { backbone, backboneLayer } from './backbone';
import { conv } from './conv';
import { dense, embedding, identity, lambda, prelu, spatialDropout } from './core';
import type { LayerKind } from './kind';
import { concatenate, dot, elementwise } from './merge';
import { batchNormalization, groupNormalization, layerNormalization, normalization } from './normalization';
import { globalPooling, pooling } from './pooling';
import { resizeTo } from './preprocessing';
import { multiHeadAttention } from './attention';
import { lookup, textVectorization } from './lookup';
import { categoryEncoding } from './category-encoding';
import { recurrent } from './recurrent';
import { cropping, flatten, permute, repeatVector, reshape, upSampling, zeroPadding } from './reshape';
import { bidirectional, timeDistributed } from './wrappers';

/** Alias → class name, as `type(layer).__name__` reports it in Keras 3.15.1. */
const ALIASES: Record<string, string> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Convolution1DTranspose: 'Conv1DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  Convolution3DTranspose: 'Conv3DTranspose',
  SeparableConvolution1D: 'SeparableConv1D',
  SeparableConvolution2D: 'SeparableConv2D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalAvgPool3D: 'GlobalAveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalMaxPool3D: 'GlobalMaxPooling3D',
  GroupQueryAttention: 'GroupedQueryAttention',
};

export function canonicalType(type: string): string {
  return Object.hasOwn(ALIASES, type) ? ALIASES[type] : type;
}

/** Layers whose output has the shape of their input and which have no weights. */
const IDENTITY = [
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'Dropout',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'ActivityRegularization',
  'Masking',
  'Identity',
  'UnitNormalization',
  'Rescaling',
  // Image augmentation: active only while training, never changes the shape.
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomContrast',
  'RandomTranslation',
  'RandomBrightness',
  'RandomHue',
  'RandomSaturation',
  'RandomSharpness',
  'RandomShear',
  'RandomGrayscale',
  'RandomInvert',
  'RandomPosterization',
  'RandomColorDegeneration',
  'RandomColorJitter',
  'RandomGaussianBlur',
  'RandomErasing',
  'RandomPerspective',
  'RandomElasticTransform',
  'AutoContrast',
  'Equalization',
  'Solarization',
  'AugMix',
  'CutMix',
  'MixUp',
  'RandAugment',
];

const KINDS = new Map<string, LayerKind>([
  ['Dense', dense],
  ['Embedding', embedding],
  ['PReLU', prelu],
  ['Lambda', lambda],
  ...IDENTITY.map((t) => [t, identity] as [string, LayerKind]),
  ['SpatialDropout1D', spatialDropout(1)],
  ['SpatialDropout2D', spatialDropout(2)],
  ['SpatialDropout3D', spatialDropout(3)],
  ...[1, 2, 3].flatMap(
    (r) =>
      [
        [`Conv${r}D`, conv(r, 'conv')],
        [`Conv${r}DTranspose`, conv(r, 'transpose')],
        [`MaxPooling${r}D`, pooling(r)],
        [`AveragePooling${r}D`, pooling(r)],
        [`GlobalMaxPooling${r}D`, globalPooling(r)],
        [`GlobalAveragePooling${r}D`, globalPooling(r)],
        [`ZeroPadding${r}D`, zeroPadding(r)],
        [`Cropping${r}D`, cropping(r)],
        [`UpSampling${r}D`, upSampling(r)],
      ] as [string, LayerKind][],
  ),
  ['DepthwiseConv1D', conv(1, 'depthwise')],
  ['DepthwiseConv2D', conv(2, 'depthwise')],
  ['SeparableConv1D', conv(1, 'separable')],
  ['SeparableConv2D', conv(2, 'separable')],
  ['SimpleRNN', recurrent('SimpleRNN')],
  ['LSTM', recurrent('LSTM')],
  ['GRU', recurrent('GRU')],
  ['Bidirectional', bidirectional],
  ['TimeDistributed', timeDistributed],
  ['Concatenate', concatenate],
  ['Dot', dot],
  ...['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map(
    (t) => [t, elementwise] as [string, LayerKind],
  ),
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Permute', permute],
  ['RepeatVector', repeatVector],
  ['BatchNormalization', batchNormalization],
  ['LayerNormalization', layerNormalization],
  ['GroupNormalization', groupNormalization],
  ['Normalization', normalization],
  ['Resizing', resizeTo],
  ['MultiHeadAttention', multiHeadAttention],
  ['StringLookup', lookup],
  ['IntegerLookup', lookup],
  ['TextVectorization', textVectorization],
  ['CategoryEncoding', categoryEncoding],
  // keras.applications models used as layers (LayerNode.known is set for them by the construction layer).
  ...backboneNames().map((name) => [name, backbone(name)] as [string, LayerKind]),
  [BACKBONE_LAYER, backboneLayer],
  ['CenterCrop', resizeTo],
  ['RandomCrop', resizeTo],
]);

/** The inference for a Keras class (alias or not), or undefined for layers it does not model. */
export function layerKind(type: string): LayerKind | undefined {
  return KINDS.get(canonicalType(type));
}
