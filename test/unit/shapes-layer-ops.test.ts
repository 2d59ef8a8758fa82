/**
 * TensorFlow and keras.ops functions inside custom layers' `call` and
 * functional graphs, written the way keras.io examples write them: sizes read
 * with `ops.shape` / `tf.shape` (None where Keras has None), `tf.nn.moments`,
 * `tf.tile`/`ops.take`/`tf.nn.depth_to_space`, and weights made with
 * `add_weight`, `tf.Variable` or `keras.Variable` used by the ops. Each
 * expected shape is what Keras 3.15.1 on TensorFlow 2.21 reports for the
 * custom layer's output (`layer.output.shape` after building the same model).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferShapes } from '../../src/analyzer/shapes';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

/** The shape of the model's output, and of every node, as the analyzer infers them. */
const output = (result: Analysis) => {
  const model = result.models[result.models.length - 1];
  return result.shapes.outputShape(model.outputs[0]);
};

/** keras.io's super-resolution model: a depth-to-space layer of ops.shape, reshape and transpose, on `input`. */
const superResolution = (input: string) => py`
  import keras
  from keras import layers, ops

  class DepthToSpace(layers.Layer):
      def __init__(self, block_size):
          super().__init__()
          self.block_size = block_size

      def call(self, input):
          batch, height, width, depth = ops.shape(input)
          depth = depth // (self.block_size**2)
          x = ops.reshape(input, [batch, height, width, self.block_size, self.block_size, depth])
          x = ops.transpose(x, [0, 1, 3, 2, 4, 5])
          x = ops.reshape(x, [batch, height * self.block_size, width * self.block_size, depth])
          return x

  inputs = keras.Input(shape=${input})
  x = layers.Conv2D(64, 5, padding="same", activation="relu")(inputs)
  x = layers.Conv2D(9, 3, padding="same")(x)
  outputs = DepthToSpace(3)(x)
  model = keras.Model(inputs, outputs)
`;

test('a depth-to-space layer built from ops.shape, reshape and transpose (keras.io super-resolution)', async () => {
  // Keras: DepthToSpace (None, 24, 24, 1) on a (None, 8, 8, 9) feature map.
  const known = await analyze(superResolution('(8, 8, 1)'));
  assert.deepEqual(output(known), [null, 24, 24, 1]);
  // Keras: (None, None, None, 1) on images of any size; sizing the variable axes (as the coverage
  // benchmark does) gives every axis a size, so the analyzer follows the arithmetic on them.
  const variable = await analyze(superResolution('(None, None, 1)'));
  assert.deepEqual(output(variable), [null, null, null, 1]);
  const sized = inferShapes(variable.models, { variableAxesAs: 10 });
  assert.deepEqual(sized.outputShape(variable.models[0].outputs[0]), [null, 30, 30, 1]);
});

test('SPADE: tf.nn.moments gives the mean and variance, tf.image.resize to a size read in build()', async () => {
  // Keras: SPADE (None, 4, 4, 8), UpSampling2D (None, 8, 8, 8).
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class SPADE(layers.Layer):
        def __init__(self, filters, epsilon=1e-5, **kwargs):
            super().__init__(**kwargs)
            self.epsilon = epsilon
            self.conv = layers.Conv2D(128, 3, padding="same", activation="relu")
            self.conv_gamma = layers.Conv2D(filters, 3, padding="same")
            self.conv_beta = layers.Conv2D(filters, 3, padding="same")

        def build(self, input_shape):
            self.resize_shape = input_shape[1:3]

        def call(self, input_tensor, raw_mask):
            mask = tf.image.resize(raw_mask, self.resize_shape, method="nearest")
            x = self.conv(mask)
            gamma = self.conv_gamma(x)
            beta = self.conv_beta(x)
            mean, var = tf.nn.moments(input_tensor, axes=(0, 1, 2), keepdims=True)
            std = tf.sqrt(var + self.epsilon)
            normalized = (input_tensor - mean) / std
            return gamma * normalized + beta

    latent = keras.Input(shape=(16,))
    mask = keras.Input(shape=(32, 32, 3))
    x = layers.Dense(4 * 4 * 8)(latent)
    x = layers.Reshape((4, 4, 8))(x)
    x = SPADE(8)(x, mask)
    x = layers.UpSampling2D()(x)
    model = keras.Model([latent, mask], x)
  `);
  assert.deepEqual(output(result), [null, 8, 8, 8]);
});

test('a class token from tf.Variable, tiled to the batch with tf.shape and joined with tf.concat (keras.io DeiT)', async () => {
  // Keras: ClassToken (None, 50, 32), Dense (None, 10).
  const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    class ClassToken(layers.Layer):
        def __init__(self, dim, num_patches, **kwargs):
            super().__init__(**kwargs)
            self.cls_token = tf.Variable(initial_value=tf.zeros((1, 1, dim)), trainable=True)
            self.positional_embedding = tf.Variable(tf.zeros((1, num_patches + 1, dim)))

        def call(self, inputs):
            n = tf.shape(inputs)[0]
            cls_token = tf.tile(self.cls_token, (n, 1, 1))
            x = tf.concat([cls_token, inputs], axis=1)
            return x + self.positional_embedding

    inputs = keras.Input(shape=(49, 32))
    x = ClassToken(32, 49)(inputs)
    x = layers.Dense(10)(x[:, 0])
    model = keras.Model(inputs, x)
  `);
  assert.deepEqual(output(result), [null, 10]);
  const concat = result.models[0].nodes.find((n) => n.layer.operation === 'tf.concat');
  assert.ok(concat);
  assert.deepEqual(result.shapes.outputShape(concat), [null, 50, 32]);
});

test('tf.matmul with an add_weight kernel scaled by a constant (keras.io StyleGAN equalized dense)', async () => {
  // Keras: EqualizedDense (None, 32) with 2,080 weights, which the analyzer does not count (add_weight).
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class EqualizedDense(layers.Layer):
        def __init__(self, units, gain=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.gain = gain

        def build(self, input_shape):
            self.in_channels = input_shape[-1]
            self.w = self.add_weight(
                shape=[self.in_channels, self.units],
                initializer=keras.initializers.RandomNormal(mean=0.0, stddev=1.0),
                trainable=True,
                name="kernel",
            )
            self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True, name="bias")
            self.scale = tf.sqrt(self.gain / self.in_channels)

        def call(self, inputs):
            return tf.add(tf.matmul(inputs, self.scale * self.w), self.b)

    inputs = keras.Input(shape=(64,))
    x = EqualizedDense(32)(inputs)
    x = layers.Dense(1)(x)
    model = keras.Model(inputs, x)
  `);
  assert.deepEqual(output(result), [null, 1]);
  const matmul = result.models[0].nodes.find((n) => n.layer.operation === 'tf.matmul');
  assert.ok(matmul);
  assert.deepEqual(result.shapes.outputShape(matmul), [null, 32]);
  assert.equal(result.shapes.params(matmul.layer), null, 'a custom layer weight is not counted as known');
});

test('tf.nn.depth_to_space upsampling in a helper called from a layer (keras.io EDSR)', async () => {
  // Keras: Upscale (None, 96, 96, 64), the last Conv2D (None, 96, 96, 3).
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    def Upsampling(inputs, factor=2, **kwargs):
        x = layers.Conv2D(64 * (factor**2), 3, padding="same", **kwargs)(inputs)
        x = tf.nn.depth_to_space(x, block_size=factor)
        x = layers.Conv2D(64 * (factor**2), 3, padding="same", **kwargs)(x)
        x = tf.nn.depth_to_space(x, block_size=factor)
        return x

    class Upscale(layers.Layer):
        def call(self, x):
            return Upsampling(x)

    inputs = keras.Input(shape=(24, 24, 3))
    x = layers.Conv2D(64, 3, padding="same")(inputs)
    x = Upscale()(x)
    x = layers.Conv2D(3, 3, padding="same")(x)
    model = keras.Model(inputs, x)
  `);
  assert.deepEqual(output(result), [null, 96, 96, 3]);
});

test('a relative position bias: keras.Variable of a NumPy index, ops.take from an add_weight table (keras.io Swin)', async () => {
  // Keras: WindowAttention (None, 4, 16, 16).
  const result = await analyze(py`
    import numpy as np
    import keras
    from keras import layers, ops

    class WindowAttention(layers.Layer):
        def __init__(self, dim, window_size, num_heads, **kwargs):
            super().__init__(**kwargs)
            self.dim = dim
            self.window_size = window_size
            self.num_heads = num_heads
            self.qkv = layers.Dense(dim * 3)
            num_window_elements = (2 * self.window_size[0] - 1) * (2 * self.window_size[1] - 1)
            self.relative_position_bias_table = self.add_weight(
                shape=(num_window_elements, self.num_heads),
                initializer=keras.initializers.Zeros(),
                trainable=True,
            )
            coords_h = np.arange(self.window_size[0])
            coords_w = np.arange(self.window_size[1])
            coords_matrix = np.meshgrid(coords_h, coords_w, indexing="ij")
            coords = np.stack(coords_matrix)
            coords_flatten = coords.reshape(2, -1)
            relative_coords = coords_flatten[:, :, None] - coords_flatten[:, None, :]
            relative_coords = relative_coords.transpose([1, 2, 0])
            relative_position_index = relative_coords.sum(-1)
            self.relative_position_index = keras.Variable(
                initializer=relative_position_index,
                shape=relative_position_index.shape,
                dtype="int",
                trainable=False,
            )

        def call(self, x):
            _, size, channels = x.shape
            head_dim = channels // self.num_heads
            x_qkv = self.qkv(x)
            x_qkv = ops.reshape(x_qkv, (-1, size, 3, self.num_heads, head_dim))
            x_qkv = ops.transpose(x_qkv, (2, 0, 3, 1, 4))
            q, k = x_qkv[0], x_qkv[1]
            k = ops.transpose(k, (0, 1, 3, 2))
            attn = q @ k
            n = self.window_size[0] * self.window_size[1]
            flat = ops.reshape(self.relative_position_index, (-1,))
            bias = ops.take(self.relative_position_bias_table, flat, axis=0)
            bias = ops.reshape(bias, (n, n, -1))
            bias = ops.transpose(bias, (2, 0, 1))
            return attn + ops.expand_dims(bias, axis=0)

    inp = keras.Input(shape=(16, 32))
    out = WindowAttention(32, (4, 4), 4)(inp)
    model = keras.Model(inp, out)
  `);
  assert.deepEqual(output(result), [null, 4, 16, 16]);
});

test('blocks told apart by bool(i % 2) unpack a list input or take its first item (keras.io GCViT)', async () => {
  // Keras: both Blocks (None, 8, 8, 16).
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class Block(layers.Layer):
        def __init__(self, global_query, **kwargs):
            super().__init__(**kwargs)
            self.global_query = global_query

        def build(self, input_shape):
            B, H, W, C = input_shape[0]
            self.norm1 = layers.LayerNormalization(epsilon=1e-5)
            self.dense = layers.Dense(C)

        def call(self, inputs, **kwargs):
            if self.global_query:
                inputs, q_global = inputs
            else:
                inputs = inputs[0]
            B, H, W, C = ops.shape(inputs)
            x = self.norm1(inputs)
            x = ops.reshape(x, [-1, H * W, C])
            x = self.dense(x)
            return ops.reshape(x, [-1, H, W, C])

    blocks = [Block(global_query=bool(i % 2)) for i in range(2)]
    inp = keras.Input(shape=(8, 8, 16))
    x = inp
    q = layers.Dense(16)(inp)
    for i, blk in enumerate(blocks):
        if i % 2:
            x = blk([x, q])
        else:
            x = blk([x])
    model = keras.Model(inp, x)
  `);
  assert.deepEqual(output(result), [null, 8, 8, 16]);
});

test('a codebook tf.Variable whose initial value comes from an initializer object (keras.io VQ-VAE)', async () => {
  // Keras: VectorQuantizer (None, 16): flattened (None, 16) @ codebook (16, 64), one_hot (None, 64) @ codebook.T.
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class VectorQuantizer(layers.Layer):
        def __init__(self, num_embeddings, embedding_dim, **kwargs):
            super().__init__(**kwargs)
            self.embedding_dim = embedding_dim
            self.num_embeddings = num_embeddings
            w_init = tf.random_uniform_initializer()
            self.embeddings = tf.Variable(
                initial_value=w_init(shape=(self.embedding_dim, self.num_embeddings), dtype="float32"),
                trainable=True,
                name="embeddings_vqvae",
            )

        def call(self, x):
            input_shape = tf.shape(x)
            flattened = tf.reshape(x, [-1, self.embedding_dim])
            similarity = tf.matmul(flattened, self.embeddings)
            distances = (
                tf.reduce_sum(flattened**2, axis=1, keepdims=True)
                + tf.reduce_sum(self.embeddings**2, axis=0)
                - 2 * similarity
            )
            encoding_indices = tf.argmin(distances, axis=1)
            encodings = tf.one_hot(encoding_indices, self.num_embeddings)
            quantized = tf.matmul(encodings, self.embeddings, transpose_b=True)
            return quantized

    inputs = keras.Input(shape=(7, 7, 16))
    outputs = VectorQuantizer(64, 16)(inputs)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(output(result), [null, 16]);
  const oneHot = result.models[0].nodes.find((n) => n.layer.operation === 'tf.one_hot');
  assert.ok(oneHot);
  assert.deepEqual(result.shapes.outputShape(oneHot), [null, 64]);
});

test('ops.roll shifts windows without changing the shape (keras.io Swin shifted windows)', async () => {
  // Keras: ShiftWindows (None, 8, 8, 32), Conv2D (None, 6, 6, 4).
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class ShiftWindows(layers.Layer):
        def __init__(self, shift_size, **kwargs):
            super().__init__(**kwargs)
            self.shift_size = shift_size

        def call(self, x):
            return ops.roll(x, shift=[-self.shift_size, -self.shift_size], axis=[1, 2])

    inputs = keras.Input(shape=(8, 8, 32))
    x = ShiftWindows(1)(inputs)
    outputs = layers.Conv2D(4, 3)(x)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(output(result), [null, 6, 6, 4]);
});

test('a drop-path rate per block from iterating tf.linspace (keras.io DeiT / ConvNeXt stochastic depth)', async () => {
  // Keras: each StochasticDepth (None, 16, 32), GlobalAveragePooling1D (None, 32).
  const result = await analyze(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class StochasticDepth(layers.Layer):
        def __init__(self, drop_prop, **kwargs):
            super().__init__(**kwargs)
            self.drop_prob = drop_prop

        def call(self, x, training=True):
            if training:
                keep_prob = 1 - self.drop_prob
                shape = (tf.shape(x)[0],) + (1,) * (len(x.shape) - 1)
                random_tensor = keep_prob + tf.random.uniform(shape, 0, 1)
                random_tensor = tf.floor(random_tensor)
                return (x / keep_prob) * random_tensor
            return x

    dpr = [x for x in tf.linspace(0.0, 0.1, 4)]
    inputs = keras.Input(shape=(16, 32))
    x = inputs
    for i in range(4):
        y = layers.Dense(32)(x)
        x = x + StochasticDepth(dpr[i])(y)
    outputs = layers.GlobalAveragePooling1D()(x)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(output(result), [null, 32]);
  const divides = result.models[0].nodes.filter((n) => n.layer.operation === 'operator /');
  assert.equal(divides.length, 4);
  for (const node of divides) assert.deepEqual(result.shapes.outputShape(node), [null, 16, 32]);
});

test("ops.reshape's Keras 3.0 keyword new_shape= reads as newshape= (keras.io GCViT's window partition)", async () => {
  // Keras 3.15.1 with `newshape=` (3.0.5 renamed the keyword): (None, 4, 4, 10).
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    def window_partition(x, window_size):
        B, H, W, C = ops.shape(x)
        x = ops.reshape(x, new_shape=(-1, H // window_size, window_size, W // window_size, window_size, C))
        x = ops.transpose(x, axes=(0, 1, 3, 2, 4, 5))
        windows = ops.reshape(x, new_shape=(-1, window_size, window_size, C))
        return windows

    inputs = keras.Input(shape=(8, 8, 16))
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    windows = window_partition(x, 4)
    outputs = layers.Dense(10)(windows)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(output(result), [null, 4, 4, 10]);
});

test('a qkv width of 3 - int(global_query) and a q from the global query (keras.io GCViT attention)', async () => {
  // Keras 3.15.1 (with newshape=): both attention layers (None, 16, 32); 4,224 + 3,168 = 7,392 parameters.
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class Attn(layers.Layer):
        def __init__(self, dim, num_heads, global_query, **kwargs):
            super().__init__(**kwargs)
            self.num_heads = num_heads
            self.global_query = global_query
            self.qkv_size = 3 - int(global_query)
            self.qkv = layers.Dense(dim * self.qkv_size)
            self.proj = layers.Dense(dim)

        def call(self, inputs):
            if self.global_query:
                inputs, q_global = inputs
                B = ops.shape(q_global)[0]
            else:
                inputs = inputs[0]
            B_, N, C = ops.shape(inputs)
            qkv = self.qkv(inputs)
            qkv = ops.reshape(qkv, [B_, N, self.qkv_size, self.num_heads, C // self.num_heads])
            qkv = ops.transpose(qkv, [2, 0, 3, 1, 4])
            if self.global_query:
                k, v = ops.split(qkv, indices_or_sections=2, axis=0)
                q_global = ops.repeat(q_global, repeats=B_ // B, axis=0)
                q = ops.reshape(q_global, new_shape=[B_, N, self.num_heads, C // self.num_heads])
                q = ops.transpose(q, axes=[0, 2, 1, 3])
            else:
                q, k, v = ops.split(qkv, indices_or_sections=3, axis=0)
                q = ops.squeeze(q, axis=0)
            k = ops.squeeze(k, axis=0)
            v = ops.squeeze(v, axis=0)
            attn = q @ ops.transpose(k, axes=[0, 1, 3, 2])
            x = ops.transpose((attn @ v), axes=[0, 2, 1, 3])
            x = ops.reshape(x, new_shape=[B_, N, C])
            return self.proj(x)

    inputs = keras.Input(shape=(16, 32))
    a = Attn(32, 4, False)
    x = a([inputs])
    g = keras.Input(shape=(16, 32))
    y = Attn(32, 4, True)([inputs, g])
    model = keras.Model([inputs, g], [x, y])
  `);
  const model = result.models[result.models.length - 1];
  for (const out of model.outputs) assert.deepEqual(result.shapes.outputShape(out), [null, 16, 32]);
  assert.equal(summarizeModel(model, result.shapes).totalParams, 7392);
});
