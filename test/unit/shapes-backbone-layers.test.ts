/**
 * Models built from a keras.applications backbone's inner layers (U-Net,
 * DeepLab, FCN and FPN feature extractors, written as keras-io and Stack
 * Overflow write them): the shapes keras/backbone-layers.ts gives, against
 * what Keras 3.15.1 built (weights=None: the weights change no shape), and the
 * table against Keras at sizes its tool did not check (test/fixtures/backbone-layers.json,
 * written by tools/extract-keras-backbone-layers.py --fixture).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { type BackboneArgs, backboneOutput } from '../../src/analyzer/keras/applications';
import { backboneLayerList, backboneLayerShape } from '../../src/analyzer/keras/backbone-layers';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Shape = (number | null)[];

async function outputShapes(text: string, name: string): Promise<(Shape | null)[]> {
  const result = await analyze(text);
  const model = result.models.find((m: ModelIR) => m.name === name);
  assert.ok(model, `model ${name} found`);
  return model.outputs.map((o) => result.shapes.outputShape(o));
}

test('the U-Net encoder of the TensorFlow segmentation tutorial', async () => {
  const shapes = await outputShapes(
    py`
    import tensorflow as tf
    base_model = tf.keras.applications.MobileNetV2(input_shape=[128, 128, 3], include_top=False)
    layer_names = [
        'block_1_expand_relu',   # 64x64
        'block_3_expand_relu',   # 32x32
        'block_6_expand_relu',   # 16x16
        'block_13_expand_relu',  # 8x8
        'block_16_project',      # 4x4
    ]
    base_model_outputs = [base_model.get_layer(name).output for name in layer_names]
    down_stack = tf.keras.Model(inputs=base_model.input, outputs=base_model_outputs)
    down_stack.trainable = False
  `,
    'down_stack',
  );
  assert.deepEqual(shapes, [
    [null, 64, 64, 96],
    [null, 32, 32, 144],
    [null, 16, 16, 192],
    [null, 8, 8, 576],
    [null, 4, 4, 320],
  ]);
});

test('DeepLab-style: input_tensor after preprocess_input, at an odd size (correct_pad follows the tensor)', async () => {
  const shapes = await outputShapes(
    py`
    import keras
    from keras import layers

    def build(image_size=(97, 131)):
        model_input = keras.Input(shape=(*image_size, 3))
        preprocessed = keras.applications.mobilenet_v2.preprocess_input(model_input)
        backbone = keras.applications.MobileNetV2(weights="imagenet", include_top=False, input_tensor=preprocessed)
        names = ["block_1_expand_relu", "block_1_pad", "block_3_expand_relu", "block_6_expand_relu", "block_13_expand_relu"]
        skips = [backbone.get_layer(n).output for n in names]
        return keras.Model(inputs=backbone.input, outputs=[*skips, backbone.output, backbone.layers[-3].output], name="encoder")

    encoder = build()
  `,
    'encoder',
  );
  // Keras 3.15.1: MobileNetV2(input_tensor=Input((97, 131, 3))); Conv_1 is layers[-3].
  assert.deepEqual(shapes, [
    [null, 49, 66, 96],
    [null, 51, 67, 96],
    [null, 25, 33, 144],
    [null, 13, 17, 192],
    [null, 7, 9, 576],
    [null, 4, 5, 1280],
    [null, 4, 5, 1280],
  ]);
});

test('EfficientNet: squeeze-and-excite layers keep their size, .input of an Add is both its inputs', async () => {
  const shapes = await outputShapes(
    py`
    from tensorflow import keras
    base = keras.applications.EfficientNetB0(input_shape=(225, 199, 3), include_top=False, weights=None)
    names = ["block2a_expand_activation", "block3a_expand_activation", "block4a_expand_activation",
             "block6a_expand_activation", "top_activation", "block3b_se_squeeze", "block3b_se_reshape"]
    features = keras.Model(base.input, [base.get_layer(n).output for n in names] + base.get_layer("block3b_add").input)
  `,
    'features',
  );
  assert.deepEqual(shapes, [
    [null, 113, 100, 96],
    [null, 57, 50, 144],
    [null, 29, 25, 240],
    [null, 15, 13, 672],
    [null, 8, 7, 1280],
    [null, 240],
    [null, 1, 1, 240],
    [null, 29, 25, 40],
    [null, 29, 25, 40],
  ]);
});

test('DenseNet, InceptionV3 and a classifier (include_top=True) at its default size', async () => {
  const dense = await outputShapes(
    py`
    import keras
    densenet = keras.applications.DenseNet121(input_shape=(75, 75, 3), include_top=False, weights=None)
    outs = [densenet.get_layer(n).output for n in ["conv1_relu", "pool2_relu", "pool3_relu", "pool4_relu", "relu"]]
    pyramid = keras.Model(densenet.input, outs)
  `,
    'pyramid',
  );
  assert.deepEqual(dense, [
    [null, 38, 38, 64],
    [null, 19, 19, 256],
    [null, 9, 9, 512],
    [null, 4, 4, 1024],
    [null, 2, 2, 1024],
  ]);
  const inception = await outputShapes(
    py`
    import keras
    base = keras.applications.InceptionV3(input_shape=(150, 150, 3), include_top=False, weights=None)
    mixed = keras.Model(base.input, [base.get_layer(name).output for name in ("mixed2", "mixed7", "mixed10")])
  `,
    'mixed',
  );
  assert.deepEqual(inception, [
    [null, 16, 16, 288],
    [null, 7, 7, 768],
    [null, 3, 3, 2048],
  ]);
  const xception = await outputShapes(
    py`
    import keras
    xception = keras.applications.Xception(weights="imagenet")
    heads = keras.Model(inputs=xception.layers[1].input, outputs=[
        xception.get_layer("block14_sepconv2_act").output,
        xception.layers[-2].output,
        xception.get_layer("predictions").output,
    ])
  `,
    'heads',
  );
  assert.deepEqual(xception, [
    [null, 10, 10, 2048],
    [null, 2048],
    [null, 1000],
  ]);
});

test('RetinaNet-style: built for any size, nested inputs list; sizes stay None as in Keras', async () => {
  const shapes = await outputShapes(
    py`
    import keras

    def get_backbone():
        backbone = keras.applications.ResNet50(include_top=False, input_shape=[None, None, 3])
        c3_output, c4_output, c5_output = [
            backbone.get_layer(layer_name).output
            for layer_name in ["conv3_block4_out", "conv4_block6_out", "conv5_block3_out"]
        ]
        return keras.Model(inputs=[backbone.inputs], outputs=[c3_output, c4_output, c5_output])

    fpn_backbone = get_backbone()
  `,
    'get_backbone',
  );
  assert.deepEqual(shapes, [
    [null, null, null, 512],
    [null, null, null, 1024],
    [null, null, null, 2048],
  ]);
});

test('the Stack Overflow transfer-learning classic: Model(inputs=base_model.input, outputs=…) on base_model.output', async () => {
  const result = await analyze(py`
    from keras.applications.resnet50 import ResNet50
    from keras.layers import Dense, GlobalAveragePooling2D
    from keras.models import Model

    base_model = ResNet50(weights='imagenet', include_top=False)
    x = base_model.output
    x = GlobalAveragePooling2D()(x)
    predictions = Dense(5, activation='softmax')(x)
    model = Model(inputs=base_model.input, outputs=predictions)
    for layer in base_model.layers:
        layer.trainable = False
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
  `);
  const model = result.models.find((m: ModelIR) => m.name === 'model');
  assert.ok(model?.complete);
  // Keras 3.15.1 (weights=None): output (None, 5), 23,597,957 parameters (ResNet50's 23,587,712 + 10,245).
  assert.deepEqual(result.shapes.outputShape(model.outputs[0]), [null, 5]);
  assert.equal(summarizeModel(model, result.shapes).totalParams, 23597957);
});

test('never guessed: a name the table lacks, another variant, a head away from its measured size', async () => {
  const built = (line: string) =>
    outputShapes(
      py`
      import keras
      inputs = keras.Input((96, 96, 3))
      base = keras.applications.MobileNetV2(input_tensor=inputs, include_top=False, alpha=0.5, weights=None)
      vgg = keras.applications.VGG16(input_tensor=inputs, include_top=True, classes=3, weights=None)
      resnet = keras.applications.ResNet50(input_tensor=inputs, include_top=False, weights=None)
      ${line}
    `,
      'probe',
    );
  // Layers the table does not describe are no tensors: the model has no output the analyzer knows.
  assert.deepEqual(await built('probe = keras.Model(inputs, base.get_layer("block_1_expand_relu").output)'), []);
  assert.deepEqual(await built('probe = keras.Model(inputs, resnet.get_layer("no_such_layer").output)'), []);
  // The classifier was measured at 224×224 with 1000 classes: elsewhere its layers' shapes are unknown.
  assert.deepEqual(await built('probe = keras.Model(inputs, vgg.get_layer("fc1").output)'), [null]);
  assert.deepEqual(await built('probe = keras.Model(inputs, vgg.get_layer("block1_conv1").output)'), [
    [null, 96, 96, 64],
  ]);
});

const args = (a: Partial<BackboneArgs>): BackboneArgs => ({
  includeTop: false,
  weights: null,
  inputShape: null,
  pooling: null,
  classes: 1000,
  variant: {},
  ...a,
});

test('include_top=False without input_shape is built for any size, ImageNet weights or not', () => {
  // imagenet_utils.obtain_input_shape fixes the size only for a classifier head.
  const r = backboneOutput('ResNet50', args({ weights: 'imagenet' }));
  assert.deepEqual(
    [r?.builtInput, r?.shape],
    [
      [null, null, null, 3],
      [null, null, null, 2048],
    ],
  );
});

interface FixtureEntry {
  size: [number, number];
  index: number;
  layer: string;
  shape: Shape;
}

test('the table against Keras at sizes its tool did not check', () => {
  const fixture = JSON.parse(readFileSync('test/fixtures/backbone-layers.json', 'utf8')) as {
    backbones: Record<string, FixtureEntry[]>;
  };
  let checked = 0;
  let unknown = 0;
  for (const [cls, entries] of Object.entries(fixture.backbones)) {
    const list = backboneLayerList(cls, args({}));
    assert.ok(list, cls);
    for (const { size, index, layer, shape } of entries) {
      assert.ok([layer, ''].includes(list.layers[index].name), `${cls} layer ${index} is ${layer}`);
      const a = args({ inputShape: [...size, 3] });
      const got = backboneLayerShape(cls, a, index, [null, ...size, 3], size);
      if (got === null) unknown++;
      else {
        assert.deepEqual(got, shape, `${cls} ${layer} at ${size}`);
        checked++;
      }
    }
  }
  // Left unknown: the layers the tool could not give an exact rule for.
  assert.ok(checked > 10 * unknown, `${checked} checked, ${unknown} unknown`);
});
