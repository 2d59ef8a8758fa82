/**
 * keras.applications backbones: the table's rules (src/analyzer/keras/applications.json,
 * measured by tools/extract-keras-applications.py) against configurations
 * Keras 3.15.1 built for this test and that the tool did not measure (other
 * sizes, channels, classes), and against the counts Keras documents.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArgInfo, Value } from '../../src/analyzer/ir';
import { type BackboneArgs, backboneNames, backboneOutput } from '../../src/analyzer/keras/applications';
import { ModelBuilder } from '../../src/analyzer/model-builder';
import { inferShapes } from '../../src/analyzer/shapes';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

const args = (a: Partial<BackboneArgs>): BackboneArgs => ({
  includeTop: true,
  weights: null,
  inputShape: null,
  pooling: null,
  classes: 1000,
  variant: {},
  ...a,
});

/** [class, arguments, name, output shape, params, trainable] as Keras 3.15.1 built them (weights=None). */
const HELD_OUT: [string, Partial<BackboneArgs>, string, (number | null)[], number, number][] = [
  ['ResNet50', { includeTop: false, inputShape: [150, 150, 3] }, 'resnet50', [null, 5, 5, 2048], 23587712, 23534592],
  ['ResNet50', {}, 'resnet50', [null, 1000], 25636712, 25583592],
  ['VGG16', { inputShape: [64, 64, 3], classes: 3 }, 'vgg16', [null, 3], 39900995, 39900995],
  ['VGG16', { includeTop: false, inputShape: [100, 120, 1], pooling: 'avg' }, 'vgg16', [null, 512], 14713536, 14713536],
  [
    'MobileNetV2',
    { includeTop: false, inputShape: [97, 131, 3], variant: { alpha: 0.5 } },
    'mobilenetv2_0.50_97',
    [null, 4, 5, 1280],
    706224,
    687680,
  ],
  ['MobileNetV2', {}, 'mobilenetv2_1.00_224', [null, 1000], 3538984, 3504872],
  [
    'EfficientNetB0',
    { includeTop: false, inputShape: [225, 199, 3] },
    'efficientnetb0',
    [null, 8, 7, 1280],
    4049571,
    4007548,
  ],
  ['EfficientNetB0', { classes: 7 }, 'efficientnetb0', [null, 7], 4058538, 4016515],
  ['MobileNetV3Small', {}, 'MobileNetV3Small', [null, 1000], 2554968, 2542856],
  [
    'MobileNetV3Small',
    { includeTop: false, inputShape: [97, 131, 3], variant: { minimalistic: true } },
    'MobileNetV3Small',
    [null, 4, 5, 576],
    441000,
    428888,
  ],
  [
    'InceptionV3',
    { includeTop: false, inputShape: [150, 150, 3] },
    'inception_v3',
    [null, 3, 3, 2048],
    21802784,
    21768352,
  ],
  [
    'Xception',
    { includeTop: false, inputShape: [100, 120, 3], pooling: 'max' },
    'xception',
    [null, 2048],
    20861480,
    20806952,
  ],
  ['DenseNet121', { includeTop: false, inputShape: [97, 131, 3] }, 'densenet121', [null, 3, 4, 1024], 7037504, 6953856],
  ['ConvNeXtTiny', { classes: 4 }, 'convnext_tiny', [null, 4], 27823204, 27823204],
  [
    'ConvNeXtTiny',
    { includeTop: false, inputShape: [64, 80, 3], variant: { include_preprocessing: false } },
    'convnext_tiny',
    [null, 2, 2, 768],
    27820128,
    27820128,
  ],
  ['NASNetMobile', {}, 'nasnet_mobile', [null, 1000], 5326716, 5289978],
  [
    'ResNet101V2',
    { includeTop: false, inputShape: [75, 75, 3] },
    'resnet101v2',
    [null, 3, 3, 2048],
    42626560,
    42528896,
  ],
  [
    'EfficientNetV2B0',
    { includeTop: false, inputShape: [130, 97, 1], variant: { include_preprocessing: false } },
    'efficientnetv2-b0',
    [null, 5, 4, 1280],
    5918736,
    5858128,
  ],
];

test('NASNet: its counts depend on the input size, so they are known only where Keras was measured', () => {
  // Keras 3.15.1 at 97×131: (None, 3, 5, 1056), 4,269,716 params; the table knows the shape, not the count.
  const r = backboneOutput('NASNetMobile', args({ includeTop: false, inputShape: [97, 131, 3] }));
  assert.deepEqual([r?.shape, r?.params], [[null, 3, 5, 1056], null]);
  // At its default size it is known (5,326,716 with the head, see above; 4,269,716 without).
  const atDefault = backboneOutput('NASNetMobile', args({ includeTop: false, inputShape: [224, 224, 3] }));
  assert.equal(atDefault?.params && atDefault.params.trainable + atDefault.params.nonTrainable, 4269716);
});

for (const [cls, a, name, shape, total, trainable] of HELD_OUT) {
  test(`${cls}(${JSON.stringify(a)}) as Keras builds it`, () => {
    const r = backboneOutput(cls, args(a));
    assert.ok(r);
    assert.equal(r.problem, undefined);
    assert.deepEqual(
      [r.name, r.shape, r.params && r.params.trainable + r.params.nonTrainable, r.params?.trainable],
      [name, shape, total, trainable],
    );
  });
}

test('the table covers every backbone of the issue', () => {
  const names = backboneNames();
  for (const n of [
    'ResNet50',
    'ResNet101',
    'ResNet152',
    'ResNet50V2',
    'ResNet101V2',
    'ResNet152V2',
    'MobileNet',
    'MobileNetV2',
    'MobileNetV3Small',
    'MobileNetV3Large',
    ...['B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'].map((b) => `EfficientNet${b}`),
    ...['B0', 'B1', 'B2', 'B3', 'S', 'M', 'L'].map((b) => `EfficientNetV2${b}`),
    'VGG16',
    'VGG19',
    'Xception',
    'InceptionV3',
    'InceptionResNetV2',
    'DenseNet121',
    'DenseNet169',
    'DenseNet201',
    ...['Tiny', 'Small', 'Base', 'Large', 'XLarge'].map((s) => `ConvNeXt${s}`),
    'NASNetMobile',
    'NASNetLarge',
  ])
    assert.ok(names.includes(n), n);
});

test('a backbone applied to a tensor follows that tensor; pooling gives one vector per image', () => {
  const r = backboneOutput('ResNet50', args({ includeTop: false, inputShape: [224, 224, 3] }), [8, 160, 96, 3]);
  assert.deepEqual(r?.shape, [8, 5, 3, 2048]);
  const pooled = backboneOutput('ResNet50', args({ includeTop: false, pooling: 'max' }), [null, 64, 64, 3]);
  assert.deepEqual(pooled?.shape, [null, 2048]);
  // Built for any size and applied to an unknown tensor: the shape is unknown, the weights are not.
  const any = backboneOutput('ResNet50', args({ includeTop: false }), null);
  assert.equal(any?.shape, null);
  assert.equal(any?.params?.trainable, 23534592);
  // As a model's first layer with no input_shape: Keras builds it for (None, None, 3).
  assert.deepEqual(backboneOutput('ResNet50', args({ includeTop: false }))?.shape, [null, null, null, 2048]);
});

test('arguments Keras refuses are problems, not shapes', () => {
  const imagenet = (a: Partial<BackboneArgs>) => backboneOutput('ResNet50', args({ weights: 'imagenet', ...a }));
  assert.match(imagenet({ classes: 10 })?.problem ?? '', /classes=1000/);
  assert.match(imagenet({ inputShape: [160, 160, 3] })?.problem ?? '', /224×224/);
  assert.match(imagenet({ includeTop: false, inputShape: [160, 160, 1] })?.problem ?? '', /3 input channels/);
  assert.match(
    backboneOutput('ResNet50', args({ includeTop: false, inputShape: [16, 16, 3] }))?.problem ?? '',
    /at least 32×32/,
  );
  assert.equal(imagenet({ includeTop: false, inputShape: [160, 160, 3] })?.problem, undefined);
});

test('unknown arguments leave what depends on them unknown', () => {
  const r = backboneOutput(
    'MobileNetV2',
    args({ includeTop: false, inputShape: [96, 96, 3], variant: { alpha: undefined } }),
  );
  assert.deepEqual([r?.shape, r?.params], [null, null]);
  assert.equal(backboneOutput('ResNet50', args({ includeTop: undefined }))?.shape, null);
  assert.equal(backboneOutput('Dense', args({})), null);
});

test('which backbones scale their inputs themselves', () => {
  const scales = (cls: string, variant: BackboneArgs['variant'] = {}) =>
    backboneOutput(cls, args({ includeTop: false, inputShape: [224, 224, 3], variant }))?.scalesInputs;
  assert.equal(scales('EfficientNetB0'), true, 'EfficientNet always rescales 0–255 pixels');
  assert.equal(scales('ResNet50'), false);
  assert.equal(scales('MobileNetV2'), false);
  assert.equal(scales('EfficientNetV2B0'), true);
  assert.equal(scales('EfficientNetV2B0', { include_preprocessing: false }), false);
  assert.equal(backboneOutput('ResNet50', args({}))?.preprocessInput, 'caffe');
  assert.equal(backboneOutput('MobileNetV2', args({}))?.preprocessInput, 'tf');
});

test('transfer learning as tutorials write it', async () => {
  const text = py`
    import tensorflow as tf
    base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights='imagenet')
    base_model.trainable = False
    inputs = tf.keras.Input(shape=(160, 160, 3))
    x = tf.keras.applications.mobilenet_v2.preprocess_input(inputs)
    x = base_model(x, training=False)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    outputs = tf.keras.layers.Dense(1)(x)
    model = tf.keras.Model(inputs, outputs)
  `;
  const result = await analyze(text);
  const summary = summarizeModel(result.models[0], result.shapes);
  // Keras 3.15.1 (weights=None; the weights change nothing here): preprocess_input's `x / 127.5 - 1` are two
  // operations; mobilenetv2_1.00_160 (Functional) (None, 5, 5, 1280), 2,257,984 params, all frozen.
  assert.deepEqual(
    summary.rows.map((r) => [r.name, r.type, r.outputShape, r.params]),
    [
      ['true_divide', 'TrueDivide', [null, 160, 160, 3], 0],
      ['subtract', 'Subtract', [null, 160, 160, 3], 0],
      ['mobilenetv2_1.00_160', 'Functional', [null, 5, 5, 1280], 2257984],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [null, 1280], 0],
      ['dense', 'Dense', [null, 1], 1281],
    ],
  );
  assert.equal(summary.trainableParams, 1281);
});

test('the construction layer contract: a backbone layer applied to a tensor, and first in a Sequential', () => {
  const SPAN = { start: 0, end: 0 };
  const site = (args: Record<string, Value>) => ({
    span: SPAN,
    calleeSpan: SPAN,
    args: new Map(
      Object.entries(args).map(([k, v]) => [k, { value: v, span: SPAN, removal: SPAN, literal: true } as ArgInfo]),
    ),
    insert: { offset: 0, prefix: '', suffix: '' },
  });
  const int = (value: number): Value => ({ kind: 'number', value, isInt: true });
  const shape = (...dims: number[]): Value => ({ kind: 'sequence', items: dims.map(int), tuple: true });
  const resnetArgs = {
    include_top: { kind: 'bool', value: false },
    weights: { kind: 'none' },
    input_shape: shape(160, 160, 3),
  } as Record<string, Value>;
  const builder = new ModelBuilder('python');
  // base = ResNet50(include_top=False, weights=None, input_shape=(160, 160, 3)); x = base(inputs)
  const input = builder.apply(
    builder.newLayer('InputLayer', true, site({ shape: shape(160, 160, 3) }), false),
    [],
    SPAN,
    false,
  );
  const base = builder.apply(builder.newLayer('ResNet50', true, site(resnetArgs), false), [input], SPAN, false);
  const pooled = builder.apply(builder.newLayer('GlobalAveragePooling2D', true, site({}), false), [base], SPAN, false);
  const out = builder.apply(builder.newLayer('Dense', true, site({ units: int(1) }), false), [pooled], SPAN, false);
  const functional = builder.newModel('functional', 'model', SPAN);
  builder.setGraph(functional, [input], [out]);
  // Sequential([ResNet50(...), Flatten(), Dense(1)])
  const sequential = builder.newModel('sequential', 'seq', SPAN);
  builder.addToSequential(sequential, builder.newLayer('ResNet50', true, site(resnetArgs), false), SPAN, false);
  builder.addToSequential(sequential, builder.newLayer('Flatten', true, site({}), false), SPAN, false);
  builder.addToSequential(sequential, builder.newLayer('Dense', true, site({ units: int(1) }), false), SPAN, false);
  const shapes = inferShapes([functional, sequential]);
  // Keras 3.15.1 model.summary() of both.
  assert.deepEqual(
    summarizeModel(functional, shapes).rows.map((r) => [r.name, r.type, r.outputShape, r.params]),
    [
      ['resnet50', 'Functional', [null, 5, 5, 2048], 23587712],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [null, 2048], 0],
      ['dense', 'Dense', [null, 1], 2049],
    ],
  );
  assert.deepEqual(
    summarizeModel(sequential, shapes).rows.map((r) => [r.name, r.type, r.outputShape, r.params]),
    [
      ['resnet50', 'Functional', [null, 5, 5, 2048], 23587712],
      ['flatten', 'Flatten', [null, 51200], 0],
      ['dense', 'Dense', [null, 1], 51201],
    ],
  );
});
