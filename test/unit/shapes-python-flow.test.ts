/**
 * Values that travel through Python's control and data flow on their way from
 * one layer to the next: a layer call that gives several tensors unpacked into
 * names, a model with several outputs called like a layer, list items written
 * in place, user methods and loops. Each expected shape and count is what
 * Keras 3 gives for the same code (checked with small scripts against the
 * installed Keras); where Keras would refuse the code, or the analyzer cannot
 * tell, the shape stays unknown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

function rows(result: Analysis, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

const byName = (result: Analysis, name: string) => {
  const model = result.models.find((m) => m.name === name);
  assert.ok(model, `no model named ${name}: ${result.models.map((m) => m.name).join(', ')}`);
  return model;
};

describe('layer calls that give several tensors', () => {
  test('an LSTM encoder-decoder: the states of return_state feed the decoder, and the encoder belongs to the model', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      enc_in = keras.Input(shape=(None, 71))
      enc_out, state_h, state_c = layers.LSTM(256, return_state=True)(enc_in)

      dec_in = keras.Input(shape=(None, 93))
      dec_lstm = layers.LSTM(256, return_sequences=True, return_state=True)
      dec_out, _, _ = dec_lstm(dec_in, initial_state=[state_h, state_c])
      dec_out = layers.Dense(93, activation="softmax")(dec_out)

      model = keras.Model([enc_in, dec_in], dec_out)
    `);
    const model = byName(result, 'model');
    // Keras lists each LSTM's outputs; the table shows the first of them.
    assert.deepEqual(rows(result, model), [
      ['LSTM', [null, 256], 335872],
      ['LSTM', [null, null, 256], 358400],
      ['Dense', [null, null, 93], 23901],
    ]);
    assert.equal(summarizeModel(model, result.shapes).totalParams, 718173);
  });

  test('GRU and SimpleRNN give one state; each unpacked name has its own shape', async () => {
    const result = await analyze(py`
      from tensorflow import keras
      from tensorflow.keras.layers import GRU, SimpleRNN, Dense, Concatenate

      seq_in = keras.Input(shape=(20, 8))
      whole_seq, last_h = GRU(16, return_sequences=True, return_state=True)(seq_in)
      out, h = SimpleRNN(4, return_state=True)(whole_seq)
      joined = Concatenate()([last_h, h])
      model = keras.Model(seq_in, Dense(1)(joined))
    `);
    const model = byName(result, 'model');
    const concat = model.nodes.find((n) => n.layer.type === 'Concatenate')!;
    assert.deepEqual(result.shapes.outputShape(concat), [null, 20]);
    assert.deepEqual(
      concat.inputs.map((n) => result.shapes.outputShape(n)),
      [
        [null, 16],
        [null, 4],
      ],
    );
  });

  test('unpacking more names than the layer gives stays unknown (Keras raises)', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(20, 8))
      a, b = layers.LSTM(16, return_state=True)(inp)
      model = keras.Model(inp, layers.Dense(1)(b))
    `);
    const model = byName(result, 'model');
    const dense = model.nodes.find((n) => n.layer.type === 'Dense')!;
    assert.equal(result.shapes.outputShape(dense), null);
  });

  test('unpacking the output of a layer that gives one tensor stays unknown', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(3,))
      a, b = layers.Dense(2)(inp)
      model = keras.Model(inp, layers.Dense(1)(a))
    `);
    // Keras refuses to iterate a symbolic tensor: nothing from the unpacking on has a shape.
    assert.deepEqual(
      rows(result, byName(result, 'model')).map((r) => r[1]),
      [null, null],
    );
  });

  test('an LSTM with return_state used whole (not unpacked) has no single shape', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(20, 8))
      states = layers.LSTM(16, return_state=True)(inp)
      model = keras.Model(inp, states)
    `);
    const [row] = summarizeModel(byName(result, 'model'), result.shapes).rows;
    assert.equal(row.outputShape, null);
  });
});

describe('a model with several outputs called like a layer', () => {
  test('gives a list: one item replaced in place, then unpacked into feature maps', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      def make_backbone():
          inputs = keras.Input(shape=(64, 64, 3))
          x = layers.Conv2D(16, 3, strides=2, padding="same")(inputs)
          c3 = layers.Conv2D(32, 3, strides=2, padding="same")(x)
          c4 = layers.Conv2D(64, 3, strides=2, padding="same")(c3)
          c5 = layers.Conv2D(128, 3, strides=2, padding="same")(c4)
          return keras.Model(inputs, [c3, c4, c5])

      backbone = make_backbone()
      image = keras.Input(shape=(64, 64, 3))
      feats = backbone(image)
      feats[-1] = layers.Conv2D(8, 1)(feats[-1])
      p3, p4, p5 = feats
      p5 = layers.UpSampling2D(4)(p5)
      p4 = layers.UpSampling2D(2)(p4)
      merged = layers.Concatenate()([p3, p4, p5])
      seg = keras.Model(image, layers.Conv2D(1, 1, activation="sigmoid")(merged))
    `);
    const model = byName(result, 'seg');
    assert.deepEqual(rows(result, model), [
      ['Functional', [null, 16, 16, 32], 97440],
      ['Conv2D', [null, 4, 4, 8], 1032],
      ['UpSampling2D', [null, 16, 16, 64], 0],
      ['UpSampling2D', [null, 16, 16, 8], 0],
      ['Concatenate', [null, 16, 16, 104], 0],
      ['Conv2D', [null, 16, 16, 1], 105],
    ]);
    assert.equal(summarizeModel(model, result.shapes).totalParams, 98577);
  });

  test('an item replaced only on some paths is no longer the model output it was', async () => {
    const result = await analyze(py`
      import sys
      import keras
      from keras import layers

      inputs = keras.Input(shape=(32,))
      a = layers.Dense(8)(inputs)
      b = layers.Dense(4)(inputs)
      two = keras.Model(inputs, [a, b])

      x = keras.Input(shape=(32,))
      outs = two(x)
      if len(sys.argv) > 1:
          outs[1] = layers.Dense(6)(outs[1])
      head = layers.Dense(1)(outs[1])
      model = keras.Model(x, head)
    `);
    const model = byName(result, 'model');
    const head = model.nodes[model.nodes.length - 1];
    // Dense(1) on either (None, 4) or (None, 6): the output is certain, the input width is not.
    const dense6 = head.inputs[0];
    assert.ok(dense6.conditional || dense6.layer.conditional);
  });
});

describe('a subclassed model is built where it is first used on something of known shape', () => {
  const convNet = `
    import numpy as np
    import keras
    from keras import layers

    class ConvNet(keras.Model):
        def __init__(self, num_classes=10):
            super().__init__()
            self.conv1 = layers.Conv2D(32, 3, activation="relu")
            self.pool = layers.MaxPooling2D()
            self.flatten = layers.Flatten()
            self.fc = layers.Dense(num_classes, activation="softmax")

        def call(self, x):
            x = self.pool(self.conv1(x))
            return self.fc(self.flatten(x))

    model = ConvNet()
  `;
  /** The model above, then `tail` (indented like it). */
  const source = (tail: string) => py`${convNet}${tail}`;
  const built = (batch: number | null) => [
    ['Conv2D', [batch, 26, 26, 32], 320],
    ['MaxPooling2D', [batch, 13, 13, 32], 0],
    ['Flatten', [batch, 5408], 0],
    ['Dense', [batch, 10], 54090],
  ];

  test('called on keras.Input', async () => {
    const result = await analyze(source(`\n    model(keras.Input(shape=(28, 28, 1)))\n`));
    assert.deepEqual(rows(result, byName(result, 'ConvNet')), built(null));
  });

  test('called eagerly on a NumPy batch: built on that batch, its size included', async () => {
    const result = await analyze(source(`\n    preds = model(np.zeros((1, 28, 28, 1)))\n`));
    assert.deepEqual(rows(result, byName(result, 'ConvNet')), built(1));
  });

  test('an augmentation Sequential it calls first is built again by the data, and so are the layers after it (keras.io ShiftViT)', async () => {
    // Keras 3.15.1 on a CIFAR-10 batch: the augmentation gives (…, 48, 48, 3), the projection (…, 12, 12, 96)
    // with 4,704 weights, and each block's MLP Sequential Dense(192) 18,624 + Dense(96) 18,528 weights.
    const result = await analyze(py`
      import tensorflow as tf
      import keras
      from keras import layers

      class MLP(layers.Layer):
          def __init__(self, ratio, **kwargs):
              super().__init__(**kwargs)
              self.ratio = ratio

          def build(self, input_shape):
              input_channels = input_shape[-1]
              self.mlp = keras.Sequential([
                  layers.Dense(units=int(self.ratio * input_channels), activation=tf.nn.gelu),
                  layers.Dense(units=input_channels),
              ])

          def call(self, x):
              return self.mlp(x)

      class Block(layers.Layer):
          def build(self, input_shape):
              self.norm = layers.LayerNormalization(epsilon=1e-5)
              self.mlp = MLP(2)

          def call(self, x, training=False):
              return x + self.mlp(self.norm(x))

      class Net(keras.Model):
          def __init__(self, **kwargs):
              super().__init__(**kwargs)
              self.augment = keras.Sequential([layers.Resizing(52, 52), layers.RandomCrop(48, 48)])
              self.proj = layers.Conv2D(96, 4, strides=4, padding="same")
              self.blocks = [Block(), Block()]
              self.pool = layers.GlobalAveragePooling2D()
              self.head = layers.Dense(10)

          def call(self, images):
              x = self.proj(self.augment(images))
              for b in self.blocks:
                  x = b(x, training=False)
              return self.head(self.pool(x))

      model = Net()
      (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
      train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(256)
      sample_ds, _ = next(iter(train_ds))
      model(sample_ds, training=False)
    `);
    const net = rows(result, byName(result, 'Net'));
    assert.deepEqual(
      net.find((r) => r[0] === 'Conv2D'),
      ['Conv2D', [null, 12, 12, 96], 4704],
    );
    // The augmentation, then each block's MLP Sequential (192 + 96 units: 37,152 weights).
    assert.deepEqual(
      net.filter((r) => r[0] === 'Sequential'),
      [
        ['Sequential', [null, 48, 48, 3], 0],
        ['Sequential', [null, 12, 12, 96], 37152],
        ['Sequential', [null, 12, 12, 96], 37152],
      ],
    );
  });

  test('custom layers sized in build(input_shape) inside it are sized by the data it is built on', async () => {
    // keras-io's GCViT down-sampling block, in a subclassed model called eagerly on a batch.
    // Keras 3.15.1: conv_3 (1, 56, 56, 64) 4,096 weights, reduction (1, 28, 28, 128) 73,728; 78,784 in all.
    const result = await analyze(py`
      import numpy as np
      import keras
      from keras import layers, ops

      class ReduceSize(layers.Layer):
          def __init__(self, keepdims=False, **kwargs):
              super().__init__(**kwargs)
              self.keepdims = keepdims

          def build(self, input_shape):
              embed_dim = input_shape[-1]
              dim_out = embed_dim if self.keepdims else 2 * embed_dim
              self.pad1 = layers.ZeroPadding2D(1, name="pad1")
              self.pad2 = layers.ZeroPadding2D(1, name="pad2")
              self.conv = [
                  layers.DepthwiseConv2D(kernel_size=3, strides=1, padding="valid", use_bias=False, name="conv_0"),
                  layers.Activation("gelu", name="conv_1"),
                  layers.Conv2D(embed_dim, kernel_size=1, strides=1, padding="valid", use_bias=False, name="conv_3"),
              ]
              self.reduction = layers.Conv2D(dim_out, kernel_size=3, strides=2, padding="valid", use_bias=False, name="reduction")
              self.norm1 = layers.LayerNormalization(-1, 1e-05, name="norm1")
              self.norm2 = layers.LayerNormalization(-1, 1e-05, name="norm2")

          def call(self, inputs, **kwargs):
              x = self.norm1(inputs)
              xr = self.pad1(x)
              for layer in self.conv:
                  xr = layer(xr)
              x = x + xr
              x = self.pad2(x)
              x = self.reduction(x)
              x = self.norm2(x)
              return x

      class Net(keras.Model):
          def __init__(self):
              super().__init__()
              self.down = ReduceSize(keepdims=False)

          def call(self, x):
              return self.down(x)

      model = Net()
      inp = ops.array(np.random.uniform(size=(1, 56, 56, 64)))
      out = model(inp)
    `);
    const net = rows(result, byName(result, 'Net'));
    assert.deepEqual(
      net.filter((r) => r[0] === 'Conv2D'),
      [
        ['Conv2D', [1, 56, 56, 64], 4096],
        ['Conv2D', [1, 28, 28, 128], 73728],
      ],
    );
    assert.equal(
      net.reduce((sum, r) => sum + (r[2] as number), 0),
      78784,
    );
    // The trace on an unknown input left nothing behind: one model.
    assert.equal(result.models.length, 1);
  });

  test('fitted on arrays of known shape', async () => {
    const result = await analyze(
      source(`
    x_train = np.random.rand(256, 28, 28, 1)
    y_train = np.random.randint(0, 10, size=(256,))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=2)
`),
    );
    assert.deepEqual(rows(result, byName(result, 'ConvNet')), built(null));
  });

  test('model.build(shape) leaves the layers unbuilt, as Keras 3 does', async () => {
    const result = await analyze(source(`\n    model.build((None, 28, 28, 1))\n`));
    const convRow = rows(result, byName(result, 'ConvNet'))[0];
    assert.deepEqual(convRow, ['Conv2D', null, null]);
  });

  test('fitted on a dataset read from a directory: built on its batches of 256×256 RGB images (Keras defaults)', async () => {
    const result = await analyze(
      source(`
    train_ds = keras.utils.image_dataset_from_directory("data/train", batch_size=32)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train_ds, epochs=3)
`),
    );
    assert.deepEqual(rows(result, byName(result, 'ConvNet'))[0], ['Conv2D', [null, 254, 254, 32], 896]);
  });

  test('fitted on a dataset whose images are of a size the code does not show: the shape stays unknown', async () => {
    const result = await analyze(
      source(`
    train_ds = keras.utils.image_dataset_from_directory("data/train", image_size=IMAGE_SIZE)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train_ds, epochs=3)
`),
    );
    assert.deepEqual(rows(result, byName(result, 'ConvNet'))[0], ['Conv2D', null, null]);
  });

  test('a first use under a condition nobody can decide does not build it', async () => {
    const result = await analyze(
      source(`
    import sys
    if len(sys.argv) > 1:
        model.predict(np.zeros((4, 28, 28, 1)))
`),
    );
    assert.deepEqual(rows(result, byName(result, 'ConvNet'))[0], ['Conv2D', null, null]);
  });

  test('a call that unpacks a list of inputs: each part is an input of the model', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      class TwoTower(keras.Model):
          def __init__(self):
              super().__init__()
              self.user = layers.Dense(16, activation="relu")
              self.item = layers.Dense(16, activation="relu")
              self.head = layers.Dense(1, activation="sigmoid")

          def call(self, inputs):
              users, items = inputs
              u = self.user(users)
              v = self.item(items)
              return self.head(layers.concatenate([u, v]))

      model = TwoTower()
      out = model([keras.Input(shape=(8,)), keras.Input(shape=(5,))])
    `);
    const model = byName(result, 'TwoTower');
    assert.equal(model.inputs.length, 2);
    assert.deepEqual(
      rows(result, model).filter((r) => r[0] === 'Dense'),
      [
        ['Dense', [null, 16], 144],
        ['Dense', [null, 16], 96],
        ['Dense', [null, 1], 33],
      ],
    );
  });
});

describe('layer outputs joined where paths meet', () => {
  const cli = `
    import argparse
    import keras
    from keras import layers

    parser = argparse.ArgumentParser()
    parser.add_argument("--batchnorm", action="store_true")
    parser.add_argument("--wide", action="store_true")
    parser.add_argument("--depth", type=int, default=2)
    args = parser.parse_args()
  `;
  const source = (tail: string) => py`${cli}${tail}`;
  const last = (result: Analysis, name: string) => rows(result, byName(result, name)).at(-1);

  test('both arms of an undecided if give the same shape: the layer after them is known', async () => {
    const result = await analyze(
      source(`
    inputs = keras.Input(shape=(64,))
    x = layers.Dense(32, activation="relu")(inputs)
    if args.batchnorm:
        x = layers.BatchNormalization()(x)
    else:
        x = layers.Dropout(0.2)(x)
    model = keras.Model(inputs, layers.Dense(3, activation="softmax")(x))
`),
    );
    assert.deepEqual(last(result, 'model'), ['Dense', [null, 3], 99]);
  });

  test('arms that give different widths: the next layer has a known output but unknown weights', async () => {
    const result = await analyze(
      source(`
    inputs = keras.Input(shape=(64,))
    if args.wide:
        x = layers.Dense(128, activation="relu")(inputs)
    else:
        x = layers.Dense(32, activation="relu")(inputs)
    model = keras.Model(inputs, layers.Dense(3, activation="softmax")(x))
`),
    );
    assert.deepEqual(last(result, 'model'), ['Dense', [null, 3], null]);
  });

  test('a loop over range(3) is followed iteration by iteration', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inputs = keras.Input(shape=(64, 64, 3))
      x = inputs
      for i in range(3):
          x = layers.Conv2D(32 * 2**i, 3, padding="same", activation="relu")(x)
          x = layers.MaxPooling2D()(x)
      x = layers.Flatten()(x)
      model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), [
      ['Conv2D', [null, 64, 64, 32], 896],
      ['MaxPooling2D', [null, 32, 32, 32], 0],
      ['Conv2D', [null, 32, 32, 64], 18496],
      ['MaxPooling2D', [null, 16, 16, 64], 0],
      ['Conv2D', [null, 16, 16, 128], 73856],
      ['MaxPooling2D', [null, 8, 8, 128], 0],
      ['Flatten', [null, 8192], 0],
      ['Dense', [null, 10], 81930],
    ]);
  });

  test('residual blocks repeated an unknown number of times keep their shape', async () => {
    const result = await analyze(
      source(`
    inputs = keras.Input(shape=(32, 32, 64))
    x = inputs
    for _ in range(args.depth):
        x = layers.Add()([x, layers.Conv2D(64, 3, padding="same")(x)])
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(5)(x))
`),
    );
    assert.deepEqual(last(result, 'model'), ['Dense', [null, 5], 325]);
  });

  test('downsampling repeated an unknown number of times: the size after the loop is unknown', async () => {
    const result = await analyze(
      source(`
    inputs = keras.Input(shape=(32, 32, 16))
    x = inputs
    for _ in range(args.depth):
        x = layers.Conv2D(16, 3, strides=2, padding="same")(x)
    x = layers.Flatten()(x)
    model = keras.Model(inputs, layers.Dense(5)(x))
`),
    );
    const flatten = rows(result, byName(result, 'model')).find((r) => r[0] === 'Flatten');
    assert.deepEqual(flatten, ['Flatten', [null, null], 0]);
    assert.deepEqual(last(result, 'model'), ['Dense', [null, 5], null]);
  });

  test('a loop of unknown count that also changes what it builds with (filters *= 2) is not taken at one iteration', async () => {
    const result = await analyze(
      source(`
    inputs = keras.Input(shape=(32, 32, 3))
    filters = 16
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    for _ in range(args.depth):
        x = layers.Conv2D(filters, 3, padding="same")(x)
        filters *= 2
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(10)(x))
`),
    );
    // One iteration gives 16 channels, two give 32: the Dense weights cannot be told.
    assert.deepEqual(last(result, 'model'), ['Dense', [null, 10], null]);
  });
});

describe('operations that give several tensors', () => {
  test('keras.ops.split by sections and by indices, and unstack, each part with its shape', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers, ops

      inp = keras.Input(shape=(10, 6))
      left, right = ops.split(inp, 2, axis=-1)
      head, middle, tail = ops.split(inp, [2, 5], axis=1)
      steps = ops.unstack(inp, axis=2)
      model = keras.Model(inp, [layers.Dense(1)(left), layers.Dense(1)(tail), layers.Dense(2)(steps[5])])
    `);
    const dense = rows(result, byName(result, 'model')).filter((r) => r[0] === 'Dense');
    assert.deepEqual(dense, [
      ['Dense', [null, 10, 1], 4],
      ['Dense', [null, 5, 1], 7],
      ['Dense', [null, 2], 22],
    ]);
  });

  test('tf.split inside a custom layer: sizes with -1 for the rest, and equal parts', async () => {
    const result = await analyze(py`
      import tensorflow as tf
      from tensorflow import keras
      from tensorflow.keras import layers

      class GatedMix(layers.Layer):
          def call(self, x):
              query, context = tf.split(x, [2, -1], axis=-1)
              gate, _, _ = tf.split(x, 3, axis=-1)
              return layers.concatenate([query, context, gate])

      inputs = keras.Input(shape=(10, 6))
      model = keras.Model(inputs, layers.Dense(4)(GatedMix()(inputs)))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')).at(-1), ['Dense', [null, 10, 4], 36]);
  });

  test('a split into parts that do not divide the axis stays unknown (Keras raises)', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers, ops

      inp = keras.Input(shape=(7,))
      a, b = ops.split(inp, 2, axis=-1)
      model = keras.Model(inp, layers.Dense(1)(a))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')).at(-1), ['Dense', null, null]);
  });
});

test('an unstack into a huge number of parts is not followed (no node per part)', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    inp = keras.Input(shape=(8,))
    parts = ops.unstack(inp, num=10**7, axis=1)
    model = keras.Model(inp, layers.Dense(1)(parts[0]))
  `);
  const model = byName(result, 'model');
  assert.ok(model.nodes.length < 10);
  assert.deepEqual(rows(result, model).at(-1), ['Dense', null, null]);
});

test('a Bidirectional LSTM with return_state: merged sequence, then the h and c of each direction', async () => {
  const result = await analyze(py`
    from tensorflow import keras
    from tensorflow.keras.layers import Bidirectional, LSTM, Concatenate, Dense, Input

    encoder_inputs = Input(shape=(12, 8))
    encoder_outputs, forward_h, forward_c, backward_h, backward_c = Bidirectional(
        LSTM(16, return_sequences=True, return_state=True)
    )(encoder_inputs)
    state_h = Concatenate()([forward_h, backward_h])
    state_c = Concatenate()([forward_c, backward_c])
    model = keras.Model(encoder_inputs, [encoder_outputs, Dense(4)(state_h), Dense(4)(state_c)])
  `);
  const model = byName(result, 'model');
  assert.deepEqual(
    model.outputs.map((n) => result.shapes.outputShape(n)),
    [
      [null, 12, 32],
      [null, 4],
      [null, 4],
    ],
  );
  assert.deepEqual(rows(result, model)[0], ['Bidirectional', [null, 12, 32], 3200]);
});

test('Bidirectional with merge_mode=None gives both directions, each with the inner shape', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers

    inputs = keras.Input(shape=(12, 8))
    fwd, bwd = layers.Bidirectional(layers.GRU(16), merge_mode=None)(inputs)
    model = keras.Model(inputs, layers.Dense(1)(layers.Add()([fwd, bwd])))
  `);
  assert.deepEqual(rows(result, byName(result, 'model')).at(-1), ['Dense', [null, 1], 17]);
});

test('indexing the list an LSTM with return_state gives: states[1] and states[-1] are its h and c', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers

    inputs = keras.Input(shape=(20, 8))
    states = layers.LSTM(16, return_state=True)(inputs)
    h = states[1]
    c = states[-1]
    merged = layers.concatenate([h, c])
    model = keras.Model(inputs, layers.Dense(2)(merged))
  `);
  assert.deepEqual(rows(result, byName(result, 'model')).slice(-2), [
    ['Concatenate', [null, 32], 0],
    ['Dense', [null, 2], 66],
  ]);
});
