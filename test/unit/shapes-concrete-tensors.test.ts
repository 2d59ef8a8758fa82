/**
 * Concrete tensors: tensors the code makes from numbers (`tf.range(n)`,
 * `keras.ops.arange`, `np.arange`, `tf.exp(tf.range(...) * k)`) rather than
 * from a model input, used where a functional graph is built and inside custom
 * layers' `call` (position embeddings, timestep encodings). They have no batch
 * axis, a layer applied to them neither, and broadcasting one against a
 * symbolic tensor gives the symbolic shape. Shapes and parameter counts were
 * checked with Keras 3.15.1 on TensorFlow 2.21 (figures in each test).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConcrete, type ModelIR } from '../../src/analyzer/ir';
import { inferShapes } from '../../src/analyzer/shapes';
import { isModelInput } from '../../src/analyzer/shapes/input';
import { summarizeModel } from '../../src/analyzer/summary';
import { VerifyError } from '../../src/trainer/errors';
import { staticInputShapes } from '../../src/trainer/input-shape';
import { planVerification } from '../../src/trainer/plan';
import { analyze, analyzer, findings, py, rejection } from '../helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

function rows(result: Analysis, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

const last = (result: Analysis) => result.models[result.models.length - 1];
const outputShape = (result: Analysis, model = last(result)) => result.shapes.outputShape(model.outputs[0]);

const POSITIONAL_EMBEDDING = py`
  import tensorflow as tf
  from tensorflow import keras
  from tensorflow.keras import layers

  class PositionalTokens(layers.Layer):
      def __init__(self, seq_len, vocab, dim):
          super().__init__()
          self.tokens = layers.Embedding(vocab, dim)
          self.where = layers.Embedding(seq_len, dim)

      def call(self, ids):
          n = tf.shape(ids)[-1]
          pos = tf.range(start=0, limit=n, delta=1)
          return self.tokens(ids) + self.where(pos)

  inp = keras.Input(shape=(100,))
  h = PositionalTokens(100, 5000, 64)(inp)
  h = layers.GlobalAveragePooling1D()(h)
  out = layers.Dense(3, activation="softmax")(h)
  model = keras.Model(inp, out)
  model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;

test('a position embedding of tf.range(tf.shape(x)[-1]) in a custom layer: no batch axis, added back to the tokens', async () => {
  const result = await analyze(POSITIONAL_EMBEDDING);
  // Keras: (None, 3), 326,595 parameters; the custom layer's output (None, 100, 64).
  assert.deepEqual(rows(result, last(result)), [
    ['Embedding', [null, 100, 64], 320000],
    ['Embedding', [100, 64], 6400],
    ['Add', [null, 100, 64], 0],
    ['GlobalAveragePooling1D', [null, 64], 0],
    ['Dense', [null, 3], 195],
  ]);
  assert.equal(summarizeModel(last(result), result.shapes).totalParams, 326595);
});

test('a concrete tensor is never a model input: not for shapes, the summary, the rules or the trainer', async () => {
  const result = await analyze(POSITIONAL_EMBEDDING);
  const model = last(result);
  const concrete = model.nodes.filter((n) => isConcrete(n));
  assert.equal(concrete.length, 1);
  assert.deepEqual(concrete[0].concrete, { shape: [100], description: 'a tensor from tf.range' });
  assert.deepEqual(
    model.nodes.filter(isModelInput).map((n) => n.layer.type),
    ['InputLayer'],
  );
  assert.ok(!summarizeModel(model, result.shapes).rows.some((r) => isConcrete(r.layer)));
  assert.deepEqual(staticInputShapes(model), { known: true, shapes: [[100]] });
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    [],
  );
  // The trainer rebuilds layers, not the tensors the code computes: it says so instead of guessing.
  const refused = await rejection(
    planVerification(await analyzer(), { source: POSITIONAL_EMBEDDING, language: 'python' }),
    VerifyError,
  );
  assert.equal(refused.kind, 'bad-input');
  assert.match(refused.message, /applies a layer to a tensor from tf\.range \(line 13\)/);
});

test('keras.ops.arange made once in __init__, expanded to (1, n), then embedded and added to the projected patches', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class PatchEncoder(layers.Layer):
        def __init__(self, num_patches, dim):
            super().__init__()
            self.proj = layers.Dense(dim)
            self.pos = layers.Embedding(input_dim=num_patches, output_dim=dim)
            self.positions = ops.expand_dims(ops.arange(0, num_patches, 1), axis=0)

        def call(self, patches):
            return self.proj(patches) + self.pos(self.positions)

    inputs = keras.Input(shape=(49, 48))
    x = PatchEncoder(49, 32)(inputs)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10)(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
  `);
  // Keras: the embedding is (1, 49, 32), the encoder's output (None, 49, 32).
  assert.deepEqual(rows(result, last(result)), [
    ['Dense', [null, 49, 32], 1568],
    ['Embedding', [1, 49, 32], 1568],
    ['Add', [null, 49, 32], 0],
    ['LayerNormalization', [null, 49, 32], 64],
    ['Flatten', [null, 1568], 0],
    ['Dense', [null, 10], 15690],
  ]);
});

test('a sinusoidal timestep encoding: tf.exp(tf.range(half) * -k) with k from math.log, indexed with None and broadcast against the input', async () => {
  const result = await analyze(py`
    import math
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Timestep(layers.Layer):
        def __init__(self, dim):
            super().__init__()
            half = dim // 2
            scale = math.log(10000) / (half - 1)
            self.freqs = tf.exp(tf.range(half, dtype=tf.float32) * -scale)

        def call(self, t):
            t = tf.cast(t, tf.float32)
            e = t[:, None] * self.freqs[None, :]
            return tf.concat([tf.sin(e), tf.cos(e)], axis=-1)

    t_in = keras.Input(shape=(), dtype="int64")
    e = Timestep(64)(t_in)
    e = layers.Dense(128, activation="swish")(e)
    model = keras.Model(t_in, e)
  `);
  // Keras: (None, 64) out of the encoding, then (None, 128).
  const model = last(result);
  const dense = model.nodes.find((n) => n.layer.type === 'Dense')!;
  assert.deepEqual(result.shapes.inputShapes(dense), [[null, 64]]);
  assert.deepEqual(outputShape(result), [null, 128]);
});

test('NumPy and keras.ops constants in a functional graph, and a scale made a tensor with keras.ops.cast', async () => {
  const result = await analyze(py`
    import numpy as np
    import keras
    from keras import layers, ops

    inputs = keras.Input(shape=(10,))
    shifted = inputs + np.arange(10)
    weighted = shifted * np.linspace(0.0, 1.0, 10)
    x = layers.Dense(16)(weighted)
    scale = ops.cast(16 ** -0.5, "float32")
    x = x * scale
    x = x + ops.zeros((16,))
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
  `);
  // Keras: (None, 10) after both constants.
  assert.deepEqual(rows(result, last(result)), [
    ['Add', [null, 10], 0],
    ['Multiply', [null, 10], 0],
    ['Dense', [null, 16], 176],
    ['Multiply', [null, 16], 0],
    ['Add', [null, 16], 0],
    ['Dense', [null, 1], 17],
  ]);
});

test('tensors made from numbers the analyzer does not know stay unknown, and nothing is reported on them', async () => {
  const source = py`
    import sys
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    max_len = int(sys.argv[1])

    class Positions(layers.Layer):
        def __init__(self, dim):
            super().__init__()
            self.emb = layers.Embedding(512, dim)

        def call(self, x):
            batch = tf.shape(x)[0]
            by_batch = self.emb(tf.range(batch))
            return x + self.emb(tf.range(max_len)) + by_batch[:, None, :]

    inputs = keras.Input(shape=(20, 32))
    x = Positions(32)(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
  `;
  const result = await analyze(source);
  const model = last(result);
  assert.equal(
    model.nodes.filter((n) => isConcrete(n)).length,
    0,
    'neither tf.range(batch) nor tf.range(max_len) is a tensor of known shape',
  );
  assert.equal(outputShape(result), null);
  assert.deepEqual(await findings(source), []);
});

test('concrete makers follow TensorFlow: tf.range the wrong way round raises, so its shape is not guessed', async () => {
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class EyeDense(layers.Layer):
        def __init__(self):
            super().__init__()
            self.d = layers.Dense(7)

        def call(self, x):
            return x[:, None, :] + self.d(tf.eye(4, 7))

    inputs = keras.Input(shape=(7,))
    a = inputs + tf.range(10, 3)
    b = inputs + tf.range(3, 10)
    c = inputs + tf.linspace(0.0, 1.0, 7)
    d = EyeDense()(inputs)
    model = keras.Model(inputs, [a, b, c, d])
  `);
  const [a, b, c, d] = last(result).outputs.map((o) => result.shapes.outputShape(o));
  // Keras: tf.range(10, 3) raises ("Requires start <= limit when delta > 0"); the others (None, 7) and (None, 4, 7).
  assert.equal(a, null);
  assert.deepEqual(
    [b, c, d],
    [
      [null, 7],
      [null, 7],
      [null, 4, 7],
    ],
  );
});

test('math and NumPy functions of known numbers are numbers: the sizes and scale factors model code computes', async () => {
  const result = await analyze(py`
    import math
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras import layers

    inputs = keras.Input(shape=(16,))
    a = layers.Dense(int(math.sqrt(64)))(inputs)
    b = layers.Dense(math.ceil(7 / 2))(a)
    c = layers.Dense(int(np.log2(32)))(b)
    d = layers.Dense(round(math.log(8, 2)))(c)
    e = layers.Dense(int(math.pi * 2))(d)
    f = layers.Dense(int(math.log(0)))(e)
    model = keras.Model(inputs, [a, b, c, d, e, f])
  `);
  // log(0) is -inf in NumPy and an error in math: not a number the analyzer carries.
  assert.deepEqual(
    last(result).outputs.map((o) => result.shapes.outputShape(o)),
    [
      [null, 8],
      [null, 4],
      [null, 5],
      [null, 3],
      [null, 6],
      [null, null],
    ],
  );
});

test("a custom layer's build(input_shape) runs on its first call: positions made there from the input's size", async () => {
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class AddPositions(layers.Layer):
        def __init__(self, dim, **kwargs):
            super().__init__(**kwargs)
            self.dim = dim

        def build(self, input_shape):
            _, tokens, _ = input_shape
            self.table = layers.Embedding(input_dim=tokens, output_dim=self.dim)
            self.positions = tf.range(start=0, limit=tokens, delta=1)

        def call(self, x):
            return x + self.table(self.positions)

    inputs = keras.Input(shape=(8, 8, 3))
    x = layers.Conv2D(16, 2, strides=2)(inputs)
    x = layers.Reshape((16, 16))(x)
    x = AddPositions(16)(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
  `);
  // Keras: the custom layer's output (None, 16, 16) with 256 weights, the model's (None, 1).
  assert.deepEqual(rows(result, last(result)), [
    ['Conv2D', [null, 4, 4, 16], 208],
    ['Reshape', [null, 16, 16], 0],
    ['Embedding', [16, 16], 256],
    ['Add', [null, 16, 16], 0],
    ['GlobalAveragePooling1D', [null, 16], 0],
    ['Dense', [null, 1], 17],
  ]);
});

test('positions over a variable-length sequence: as long as the sequence, whatever length it has when the model runs', async () => {
  const source = py`
    import keras
    from keras import layers, ops

    class PositionalEmbedding(layers.Layer):
        def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
            super().__init__(**kwargs)
            self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
            self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)

        def call(self, inputs):
            length = ops.shape(inputs)[-1]
            positions = ops.arange(0, length, 1)
            return self.token_embeddings(inputs) + self.position_embeddings(positions)

    encoder_inputs = keras.Input(shape=(None,), dtype="int64")
    x = PositionalEmbedding(20, 15000, 64)(encoder_inputs)
    encoder_outputs = layers.Dense(64, activation="relu")(x)
    encoder = keras.Model(encoder_inputs, encoder_outputs)
  `;
  const result = await analyze(source);
  // Keras: the layer's output is (None, None, 64), as the sequence has no fixed length.
  assert.deepEqual(rows(result, last(result)), [
    ['Embedding', [null, null, 64], 960000],
    ['Embedding', [null, 64], 1280],
    ['Add', [null, null, 64], 0],
    ['Dense', [null, null, 64], 4160],
  ]);
  // Given a length, every shape follows it: the positions are the sequence's, not an unknown count.
  const sized = inferShapes(result.models, { variableAxesAs: 12 });
  assert.deepEqual(sized.outputShape(last(result).outputs[0]), [null, 12, 64]);
  const positions = last(result).nodes.find((n) => isConcrete(n))!;
  assert.deepEqual(sized.outputShape(positions), [12]);
});

test('the static shape of a variable axis (K.int_shape, x.shape) is None: a range over it is not made', async () => {
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers
    from tensorflow.keras import backend as K

    class Positions(layers.Layer):
        def __init__(self):
            super().__init__()
            self.emb = layers.Embedding(100, 8)

        def call(self, x):
            return self.emb(tf.range(K.int_shape(x)[1])) + self.emb(tf.range(x.shape[1]))

    inputs = keras.Input(shape=(None, 8))
    model = keras.Model(inputs, Positions()(inputs))
  `);
  assert.equal(last(result).nodes.filter((n) => isConcrete(n)).length, 0);
});

test("a VAE's sampling: noise of shape (batch, dim) read from the run broadcasts against the symbolic mean", async () => {
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers
    from tensorflow.keras import backend as K

    latent_dim = 2

    class Sampling(layers.Layer):
        def call(self, inputs):
            z_mean, z_log_var = inputs
            batch = tf.shape(z_mean)[0]
            dim = tf.shape(z_mean)[1]
            epsilon = tf.random.normal(shape=(batch, dim))
            return z_mean + tf.exp(0.5 * z_log_var) * epsilon

    class KerasTwoSampling(layers.Layer):
        def call(self, args):
            z_mean, z_log_var = args
            epsilon = K.random_normal(shape=(K.shape(z_mean)[0], K.int_shape(z_mean)[1]))
            return z_mean + K.exp(z_log_var / 2) * epsilon

    encoder_inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Flatten()(encoder_inputs)
    x = layers.Dense(16, activation="relu")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling()([z_mean, z_log_var])
    z2 = KerasTwoSampling()([z_mean, z_log_var])
    encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z, z2], name="encoder")
  `);
  // Keras: z is (None, 2), like z_mean.
  const [, , z, z2] = last(result).outputs.map((o) => result.shapes.outputShape(o));
  assert.deepEqual(z, [null, 2]);
  assert.deepEqual(z2, [null, 2]);
});

test('a size known only when the model runs is neither None nor a number to the code that tests it', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class Head(layers.Layer):
        def call(self, x):
            steps = ops.shape(x)[1]
            units = 8
            if steps is None:
                units = 4
            return layers.Dense(units)(x)

    inputs = keras.Input(shape=(None, 2))
    model = keras.Model(inputs, Head()(inputs))
  `);
  // keras.ops.shape gives None here in a functional graph, a tensor inside a traced call: either branch may run.
  const dense = last(result).nodes.find((n) => n.layer.type === 'Dense')!;
  assert.equal(dense.layer.call.args.get('units')?.value.kind, 'unknown');
});

test('a custom layer the code builds itself is not built again by its first call', async () => {
  const result = await analyze(py`
    from tensorflow import keras
    from tensorflow.keras import layers

    class Blocks(layers.Layer):
        def __init__(self, depth):
            super().__init__()
            self.depth = depth
            self.blocks = []

        def build(self, input_shape):
            for _ in range(self.depth):
                self.blocks.append(layers.Dense(input_shape[-1], activation="relu"))

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    body = Blocks(2)
    body.build((None, 12))
    inputs = keras.Input(shape=(12,))
    outputs = layers.Dense(1)(body(inputs))
    model = keras.Model(inputs, outputs)
  `);
  // Keras: 2 Dense layers of 156 weights in the block (built once), then the head.
  assert.deepEqual(rows(result, last(result)), [
    ['Dense', [null, 12], 156],
    ['Dense', [null, 12], 156],
    ['Dense', [null, 1], 13],
  ]);
});

test('a fixed sinusoidal table built with NumPy, cast with tf.cast and sliced to the sequence length in call', async () => {
  const result = await analyze(py`
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    def angles(pos, i, d_model):
        rates = 1 / np.power(10000, (2 * (i // 2)) / np.float32(d_model))
        return pos * rates

    def sinusoids(max_len, d_model):
        rads = angles(np.arange(max_len)[:, np.newaxis], np.arange(d_model)[np.newaxis, :], d_model)
        rads[:, 0::2] = np.sin(rads[:, 0::2])
        rads[:, 1::2] = np.cos(rads[:, 1::2])
        table = rads[np.newaxis, ...]
        return tf.cast(table, dtype=tf.float32)

    class TokenEmbedding(layers.Layer):
        def __init__(self, vocab, d_model, max_len=64):
            super().__init__()
            self.d_model = d_model
            self.embed = layers.Embedding(vocab, d_model)
            self.table = sinusoids(max_len, d_model)

        def call(self, x):
            seq_len = tf.shape(x)[1]
            x = self.embed(x)
            x *= tf.math.sqrt(tf.cast(self.d_model, tf.float32))
            return x + self.table[:, :seq_len, :]

    inputs = keras.Input(shape=(40,))
    x = TokenEmbedding(8000, 128)(inputs)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(5, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `);
  // Keras: the layer's output (None, 40, 128), the model's (None, 5); 1,024,645 weights.
  assert.deepEqual(rows(result, last(result)), [
    ['Embedding', [null, 40, 128], 1024000],
    ['Multiply', [null, 40, 128], 0],
    ['Add', [null, 40, 128], 0],
    ['GlobalAveragePooling1D', [null, 128], 0],
    ['Dense', [null, 5], 645],
  ]);
});

test('negation of a symbolic tensor (Negative) and of a concrete one, and tf.newaxis as None', async () => {
  const result = await analyze(py`
    import tensorflow as tf
    import keras

    inputs = keras.Input(shape=(6, 6))
    flipped = -inputs
    spread = inputs[:, tf.newaxis]
    shifted = inputs + -tf.eye(6)
    model = keras.Model(inputs, [flipped, spread, shifted])
  `);
  // Keras: negative (Negative) (None, 6, 6), get_item (GetItem) (None, 1, 6, 6), add (Add) (None, 6, 6).
  assert.deepEqual(rows(result, last(result)), [
    ['Negative', [null, 6, 6], 0],
    ['GetItem', [null, 1, 6, 6], 0],
    ['Add', [null, 6, 6], 0],
  ]);
});

test('a reshape to a size read with tf.shape takes that axis as inferred (a variable axis sized for coverage)', async () => {
  // Keras 3.15.1 traces the layer with TensorFlow: heads (Heads) (None, None, None, 4) for Input(shape=(None, 12)):
  // the sequence axis is Keras's own None, which the coverage measurement sizes (variableAxesAs), and so the -1
  // Keras leaves None beside it (bench/coverage/measure.ts): what one sample of (7, 32) leaves, 32 × 7 / (7 × 4).
  const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    class Heads(layers.Layer):
        def call(self, features):
            batch = tf.shape(features)[0]
            steps = tf.shape(features)[1]
            return tf.reshape(features, [batch, steps, -1, 4])

    inputs = keras.Input(shape=(None, 12))
    x = layers.Dense(32)(inputs)
    model = keras.Model(inputs, Heads()(x))
  `);
  const [model] = result.models;
  const out = model.outputs[0];
  assert.deepEqual(result.shapes.outputShape(out), [null, null, null, 4]);
  assert.deepEqual(inferShapes(result.models, { variableAxesAs: 7 }).outputShape(out), [null, 7, 8, 4]);
});

test('ops.meshgrid of two ranges: Cartesian (xy) indexing by default, matrix (ij) when asked', async () => {
  // Keras 3.15.1: gx (5, 3) and the model's output (None, 5, 3, 4); with indexing="ij" the grid is (3, 5).
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    inputs = keras.Input(shape=(5, 3, 2))
    gx, gy = ops.meshgrid(ops.arange(3), ops.arange(5))
    pos = ops.stack([gx, gy], axis=-1)
    x = inputs + ops.cast(pos, "float32")
    outputs = layers.Dense(4)(x)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(outputShape(result), [null, 5, 3, 4]);
  const ij = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras

    inputs = keras.Input(shape=(3, 5, 2))
    gx, gy = tf.meshgrid(tf.range(3), tf.range(5), indexing="ij")
    x = inputs + tf.cast(tf.stack([gx, gy], axis=-1), "float32")
    model = keras.Model(inputs, keras.layers.Dense(4)(x))
  `);
  assert.deepEqual(outputShape(ij), [null, 3, 5, 4]);
});

test('a relative position index from arange, meshgrid, stack and subscripts, taken from a weight (keras.io GCViT)', async () => {
  // Keras 3.15.1 (with newshape=): (None, 4, 16, 16).
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class RelBias(layers.Layer):
        def __init__(self, window_size, num_heads, **kwargs):
            super().__init__(**kwargs)
            self.window_size = (window_size, window_size)
            self.num_heads = num_heads

        def build(self, input_shape):
            self.relative_position_bias_table = self.add_weight(
                name="relative_position_bias_table",
                shape=[(2 * self.window_size[0] - 1) * (2 * self.window_size[1] - 1), self.num_heads],
                trainable=True,
            )
            super().build(input_shape)

        def get_relative_position_index(self):
            coords_h = ops.arange(self.window_size[0])
            coords_w = ops.arange(self.window_size[1])
            coords = ops.stack(ops.meshgrid(coords_h, coords_w, indexing="ij"), axis=0)
            coords_flatten = ops.reshape(coords, [2, -1])
            relative_coords = coords_flatten[:, :, None] - coords_flatten[:, None, :]
            relative_coords = ops.transpose(relative_coords, axes=[1, 2, 0])
            relative_coords_xx = relative_coords[:, :, 0] + self.window_size[0] - 1
            relative_coords_yy = relative_coords[:, :, 1] + self.window_size[1] - 1
            relative_coords_xx = relative_coords_xx * (2 * self.window_size[1] - 1)
            relative_position_index = relative_coords_xx + relative_coords_yy
            return relative_position_index

        def call(self, attn):
            relative_position_bias = ops.take(
                self.relative_position_bias_table,
                ops.reshape(self.get_relative_position_index(), new_shape=[-1]),
            )
            relative_position_bias = ops.reshape(
                relative_position_bias,
                new_shape=[self.window_size[0] * self.window_size[1], self.window_size[0] * self.window_size[1], -1],
            )
            relative_position_bias = ops.transpose(relative_position_bias, axes=[2, 0, 1])
            return attn + relative_position_bias[None,]

    inputs = keras.Input(shape=(4, 16, 16))
    outputs = RelBias(4, 4)(inputs)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(outputShape(result), [null, 4, 16, 16]);
});

test('a drop-path schedule from np.linspace is read value by value: the first block has rate 0 (keras.io ShiftViT)', async () => {
  // NumPy: np.linspace(0, 0.2, 3) is [0.0, 0.1, 0.2], so the first block's branch is Activation("linear") and
  // the others DropPath; every shape (None, 16, 32), the output (None, 32).
  const result = await analyze(py`
    import numpy as np
    import keras
    from keras import layers
    from keras_cv.layers import DropPath

    dpr = [x for x in np.linspace(0, 0.2, 3)]
    inputs = keras.Input(shape=(16, 32))
    x = inputs
    for i in range(3):
        h = layers.Dense(32)(layers.LayerNormalization()(x))
        h = DropPath(dpr[i])(h) if dpr[i] > 0.0 else layers.Activation("linear")(h)
        x = layers.Add()([x, h])
    model = keras.Model(inputs, layers.GlobalAveragePooling1D()(x))
  `);
  const rows = summarizeModel(last(result), result.shapes).rows;
  const block = (branch: string) => ['LayerNormalization', 'Dense', branch, 'Add'];
  assert.deepEqual(
    rows.map((r) => r.type),
    [...block('Activation'), ...block('DropPath'), ...block('DropPath'), 'GlobalAveragePooling1D'],
  );
  assert.deepEqual(outputShape(result), [null, 32]);
});
