/**
 * Layer classes defined in the analysed code (`class Block(layers.Layer)`)
 * used as items of a Sequential: their `call()` runs on the previous layer's
 * output, as Keras runs it to build the model. Shapes and counts from Keras
 * 3.15.1 `model.summary()` on the same code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { layerRows, analyze, findings, py } from '../helpers';

const rows = layerRows;

test('a block of sublayers in a Sequential: its output shape and its sublayers’ weights, once per instance', async () => {
  const table = await rows(py`
    import keras
    from keras import layers

    class MLPBlock(layers.Layer):
        def __init__(self, units, rate=0.1, **kwargs):
            super().__init__(**kwargs)
            self.dense1 = layers.Dense(units * 2, activation="gelu")
            self.dense2 = layers.Dense(units)
            self.norm = layers.LayerNormalization(epsilon=1e-6)
            self.drop = layers.Dropout(rate)

        def call(self, inputs, training=False):
            x = self.dense1(inputs)
            x = self.dense2(x)
            x = self.drop(x, training=training)
            return self.norm(inputs + x)

    class Identity(layers.Layer):
        def call(self, x):
            return x

    model = keras.Sequential([
        keras.Input(shape=(16, 32)),
        MLPBlock(32),
        Identity(),
        MLPBlock(32),
        layers.GlobalAveragePooling1D(),
        layers.Dense(3, activation="softmax"),
    ])
  `);
  assert.deepEqual(table, [
    { type: 'MLPBlock', outputShape: [null, 16, 32], params: 4256 },
    { type: 'Identity', outputShape: [null, 16, 32], params: 0 },
    { type: 'MLPBlock', outputShape: [null, 16, 32], params: 4256 },
    { type: 'GlobalAveragePooling1D', outputShape: [null, 32], params: 0 },
    { type: 'Dense', outputShape: [null, 3], params: 99 },
  ]);
});

test('the keras-io Antirectifier in a Sequential: shape from its call, its add_weight kernel counted', async () => {
  // Keras 3.15.1: antirectifier (None, 256) with 131,072 weights (a (512, 256) kernel).
  const table = await rows(py`
    import keras
    from keras import layers, ops

    class Antirectifier(layers.Layer):
        def __init__(self, initializer="he_normal", **kwargs):
            super().__init__(**kwargs)
            self.initializer = keras.initializers.get(initializer)

        def build(self, input_shape):
            output_dim = input_shape[-1]
            self.kernel = self.add_weight(
                shape=(output_dim * 2, output_dim),
                initializer=self.initializer,
                name="kernel",
                trainable=True,
            )

        def call(self, inputs):
            inputs -= ops.mean(inputs, axis=-1, keepdims=True)
            pos = ops.relu(inputs)
            neg = ops.relu(-inputs)
            concatenated = ops.concatenate([pos, neg], axis=-1)
            mixed = ops.matmul(concatenated, self.kernel)
            return mixed

    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            layers.Dense(256),
            Antirectifier(),
            layers.Dense(256),
            Antirectifier(),
            layers.Dropout(0.5),
            layers.Dense(10),
        ]
    )
  `);
  assert.deepEqual(table, [
    { type: 'Dense', outputShape: [null, 256], params: 200960 },
    { type: 'Antirectifier', outputShape: [null, 256], params: 131072 },
    { type: 'Dense', outputShape: [null, 256], params: 65792 },
    { type: 'Antirectifier', outputShape: [null, 256], params: 131072 },
    { type: 'Dropout', outputShape: [null, 256], params: 0 },
    { type: 'Dense', outputShape: [null, 10], params: 2570 },
  ]);
});

test('model.add(CustomLayer()) after a Conv2D: the call runs on the Conv2D output', async () => {
  const table = await rows(py`
    import tensorflow as tf
    from tensorflow.keras import layers, models

    class ChannelAttention(layers.Layer):
        def __init__(self, ratio=8):
            super(ChannelAttention, self).__init__()
            self.ratio = ratio

        def build(self, input_shape):
            channels = input_shape[-1]
            self.pool = layers.GlobalAveragePooling2D(keepdims=True)
            self.fc1 = layers.Dense(channels // self.ratio, activation="relu")
            self.fc2 = layers.Dense(channels, activation="sigmoid")

        def call(self, x):
            w = self.fc2(self.fc1(self.pool(x)))
            return x * w

    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)))
    model.add(ChannelAttention())
    model.add(layers.Flatten())
    model.add(layers.Dense(10, activation="softmax"))
  `);
  assert.deepEqual(table, [
    { type: 'Conv2D', outputShape: [null, 26, 26, 32], params: 320 },
    { type: 'ChannelAttention', outputShape: [null, 26, 26, 32], params: 292 },
    { type: 'Flatten', outputShape: [null, 21632], params: 0 },
    { type: 'Dense', outputShape: [null, 10], params: 216330 },
  ]);
});

test('a custom layer whose call the analyzer cannot follow stays unknown in the Sequential', async () => {
  const table = await rows(py`
    import keras
    import tensorflow as tf
    import some_library

    class Spectrogram(keras.layers.Layer):
        def call(self, audio):
            return some_library.stft(audio)

    model = keras.Sequential([keras.Input(shape=(16000, 1)), Spectrogram(), keras.layers.Dense(4)])
  `);
  assert.deepEqual(table, [
    { type: 'Spectrogram', outputShape: null, params: null },
    { type: 'Dense', outputShape: null, params: null },
  ]);
});

test('a Sequential of custom blocks without an Input, called on a tensor: each block has that call’s shape', async () => {
  // The keras-io MLP-Mixer pattern; Keras 3.15.1 gives each block (None, 64, 128) and 25,152 weights.
  const text = py`
    import keras
    from keras import layers

    class MLPMixerLayer(layers.Layer):
        def __init__(self, num_patches, hidden_units, dropout_rate, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.mlp1 = keras.Sequential([
                layers.Dense(units=num_patches, activation="gelu"),
                layers.Dense(units=num_patches),
                layers.Dropout(rate=dropout_rate),
            ])
            self.mlp2 = keras.Sequential([
                layers.Dense(units=num_patches, activation="gelu"),
                layers.Dense(units=hidden_units),
                layers.Dropout(rate=dropout_rate),
            ])
            self.normalize = layers.LayerNormalization(epsilon=1e-6)

        def call(self, inputs):
            x = self.normalize(inputs)
            x_channels = keras.ops.transpose(x, axes=(0, 2, 1))
            mlp1_outputs = self.mlp1(x_channels)
            mlp1_outputs = keras.ops.transpose(mlp1_outputs, axes=(0, 2, 1))
            x = mlp1_outputs + inputs
            x_patches = self.normalize(x)
            mlp2_outputs = self.mlp2(x_patches)
            x = x + mlp2_outputs
            return x

    mlpmixer_blocks = keras.Sequential([MLPMixerLayer(64, 128, 0.2) for _ in range(4)])
    inputs = layers.Input(shape=(64, 48))
    x = layers.Dense(128)(inputs)
    x = mlpmixer_blocks(x)
    x = layers.GlobalAveragePooling1D()(x)
    model = keras.Model(inputs, layers.Dense(10)(x))
  `;
  const result = await analyze(text);
  const blocks = result.models.find((m) => m.name === 'mlpmixer_blocks');
  const model = result.models.find((m) => m.name === 'model' && m.kind === 'functional');
  assert.ok(blocks && model);
  const block = { type: 'MLPMixerLayer', outputShape: [null, 64, 128], params: 25152 };
  assert.deepEqual(
    summarizeModel(blocks, result.shapes).rows.map(({ type, outputShape, params }) => ({ type, outputShape, params })),
    [block, block, block, block],
  );
  const summary = summarizeModel(model, result.shapes);
  assert.deepEqual(
    summary.rows.map(({ type, outputShape, params }) => ({ type, outputShape, params })),
    [
      { type: 'Dense', outputShape: [null, 64, 128], params: 6272 },
      { type: 'Sequential', outputShape: [null, 64, 128], params: 100608 },
      { type: 'GlobalAveragePooling1D', outputShape: [null, 128], params: 0 },
      { type: 'Dense', outputShape: [null, 10], params: 1290 },
    ],
  );
  assert.equal(summary.totalParams, 108170);
});

test('self.activation = keras.activations.get(activation): a name, None (the identity) or a function, applied in call()', async () => {
  // Keras 3.15.1: (None, 32) 1,344 / (None, 16) 1,056 / (None, 1) 17.
  const table = await rows(py`
    import keras
    from keras import layers

    class GatedResidual(layers.Layer):
        def __init__(self, units, activation=None, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.activation = keras.activations.get(activation)
            self.gate_activation = keras.activations.get("sigmoid")
            self.linear = layers.Dense(units)
            self.gate = layers.Dense(units)

        def call(self, inputs):
            return self.activation(self.linear(inputs)) * self.gate_activation(self.gate(inputs))

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        GatedResidual(32, activation="gelu"),
        GatedResidual(16),
        layers.Dense(1, activation="sigmoid"),
    ])
  `);
  assert.deepEqual(table, [
    { type: 'GatedResidual', outputShape: [null, 32], params: 1344 },
    { type: 'GatedResidual', outputShape: [null, 16], params: 1056 },
    { type: 'Dense', outputShape: [null, 1], params: 17 },
  ]);
});

test('an activation name Keras does not have leaves the custom layer’s output unknown', async () => {
  const table = await rows(py`
    import keras
    from keras import layers

    class Block(layers.Layer):
        def __init__(self, units, activation):
            super().__init__()
            self.activation = keras.activations.get(activation)
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.activation(self.dense(x))

    model = keras.Sequential([keras.Input(shape=(8,)), Block(4, "relu_but_faster"), layers.Dense(1)])
  `);
  assert.deepEqual(table, [
    { type: 'Block', outputShape: null, params: null },
    { type: 'Dense', outputShape: null, params: null },
  ]);
});

test('subclasses of built-in layers keep the parent’s output shape whatever call() does (Keras 3 compute_output_shape)', async () => {
  // Keras 3.15.1 model.summary() of the same code: 320 / 0 / 0 / 86,544 / 68 / 18 (BiasedDense's own weight
  // added in build() is not counted by the analyzer: unknown).
  const table = await rows(py`
    import tensorflow as tf
    import keras
    from keras import layers

    class StandardizedConv2DWithCall(layers.Conv2D):
        def call(self, inputs):
            mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
            result = self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10))
            if self.use_bias:
                result = result + self.bias
            return result

    class ScaledDense(layers.Dense):
        def __init__(self, units, scale=2.0, **kwargs):
            super().__init__(units, **kwargs)
            self.scale = scale

        def call(self, inputs):
            return super().call(inputs) * self.scale

    class ScaledDenseV2(ScaledDense):
        def __init__(self, **kwargs):
            super().__init__(4, scale=0.5, **kwargs)

    class BiasedDense(layers.Dense):
        def build(self, input_shape):
            super().build(input_shape)
            self.extra = self.add_weight(shape=(self.units,), initializer="zeros")

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        StandardizedConv2DWithCall(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        ScaledDense(16, activation="relu", name="scaled"),
        ScaledDenseV2(),
        BiasedDense(3),
    ])
  `);
  assert.deepEqual(table, [
    { type: 'StandardizedConv2DWithCall', outputShape: [null, 26, 26, 32], params: 320 },
    { type: 'MaxPooling2D', outputShape: [null, 13, 13, 32], params: 0 },
    { type: 'Flatten', outputShape: [null, 5408], params: 0 },
    { type: 'ScaledDense', outputShape: [null, 16], params: 86544 },
    { type: 'ScaledDenseV2', outputShape: [null, 4], params: 68 },
    { type: 'BiasedDense', outputShape: [null, 3], params: null },
  ]);
  const result = await analyze(py`
    import keras
    from keras import layers
    class ScaledDense(layers.Dense):
        pass
    model = keras.Sequential([keras.Input(shape=(8,)), ScaledDense(2, name="head")])
  `);
  assert.deepEqual(
    summarizeModel(result.models[0], result.shapes).rows.map((r) => r.name),
    ['head'],
  );
});

test('a subclass that defines compute_output_shape, or whose super().__init__ is not seen, is not its parent', async () => {
  const table = await rows(py`
    import tensorflow as tf
    import keras
    from keras import layers

    class PooledConv(layers.Conv2D):
        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.filters)

        def call(self, inputs):
            return tf.reduce_mean(super().call(inputs), axis=[1, 2])

    class Configured(layers.Dense):
        def __init__(self, config):
            layers.Dense.__init__(self, **config)

    inputs = keras.Input(shape=(32, 32, 3))
    x = PooledConv(8, 3)(inputs)
    outputs = Configured(load_config())(x)
    model = keras.Model(inputs, outputs)
  `);
  assert.deepEqual(
    table.map((r) => r.type),
    ['PooledConv', 'Configured'],
  );
  assert.deepEqual(
    table.map((r) => r.outputShape),
    [null, null],
  );
});

test('the keras-io subclassing_conv_layers model: both Conv2D subclasses have Conv2D’s shapes and weights', async () => {
  // Keras 3.15.1: (None, 26, 26, 32) 320, (None, 11, 11, 64) 18,496, total 34,826.
  const result = await analyze(py`
    import tensorflow as tf
    import keras
    from keras import layers

    class StandardizedConv2DWithOverride(layers.Conv2D):
        def convolution_op(self, inputs, kernel):
            mean, var = tf.nn.moments(kernel, axes=[0, 1, 2], keepdims=True)
            return tf.nn.conv2d(
                inputs,
                (kernel - mean) / tf.sqrt(var + 1e-10),
                padding="VALID",
                strides=list(self.strides),
                name=self.__class__.__name__,
            )

    class StandardizedConv2DWithCall(layers.Conv2D):
        def call(self, inputs):
            mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
            result = self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10))
            if self.use_bias:
                result = result + self.bias
            return result

    model = keras.Sequential(
        [
            keras.layers.Input(shape=(28, 28, 1)),
            StandardizedConv2DWithCall(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            StandardizedConv2DWithOverride(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
  `);
  const summary = summarizeModel(result.models[0], result.shapes);
  assert.deepEqual(
    summary.rows.slice(0, 3).map(({ name, outputShape, params }) => ({ name, outputShape, params })),
    [
      { name: 'standardized_conv2d_with_call', outputShape: [null, 26, 26, 32], params: 320 },
      { name: 'max_pooling2d', outputShape: [null, 13, 13, 32], params: 0 },
      { name: 'standardized_conv2d_with_override', outputShape: [null, 11, 11, 64], params: 18496 },
    ],
  );
  assert.equal(summary.totalParams, 34826);
});

test('a custom layer’s compute_output_shape gives its output shape, as Keras 3 uses it instead of running call()', async () => {
  // Keras 3.15.1: position_embedding (None, 64, 32) with 2,048 weights (its add_weight in build()),
  // sequence_pooling (None, 32) 33, flat (None, 2048) 0, concatenate (None, 2080), dense_2 (None, 10) 20,810.
  const result = await analyze(py`
    import keras
    from keras import layers, ops

    class PositionEmbedding(keras.layers.Layer):
        def __init__(self, sequence_length, initializer="glorot_uniform", **kwargs):
            super().__init__(**kwargs)
            self.sequence_length = int(sequence_length)
            self.initializer = keras.initializers.get(initializer)

        def build(self, input_shape):
            feature_size = input_shape[-1]
            self.position_embeddings = self.add_weight(
                name="embeddings",
                shape=[self.sequence_length, feature_size],
                initializer=self.initializer,
                trainable=True,
            )
            super().build(input_shape)

        def call(self, inputs, start_index=0):
            shape = keras.ops.shape(inputs)
            position_embeddings = keras.ops.convert_to_tensor(self.position_embeddings)
            position_embeddings = keras.ops.slice(position_embeddings, (start_index, 0), (shape[-2], shape[-1]))
            return keras.ops.broadcast_to(position_embeddings, shape)

        def compute_output_shape(self, input_shape):
            return input_shape

    class Flat(layers.Layer):
        def call(self, x):
            return ops.reshape(x, (-1, 64 * 32))

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[1] * input_shape[2])

    class Unreadable(layers.Layer):
        def call(self, x):
            return x

        def compute_output_shape(self, input_shape):
            return self.shape_from_config(input_shape)

    inputs = layers.Input((64, 32))
    x = layers.Dense(32)(inputs)
    x = x + PositionEmbedding(sequence_length=64)(x)
    z = Flat()(x)
    outputs = layers.Dense(10)(z)
    model = keras.Model(inputs, outputs)
    other = keras.Model(inputs, layers.Dense(1)(Unreadable()(inputs)))
  `);
  const table = (i: number) =>
    summarizeModel(result.models[i], result.shapes).rows.map(({ type, outputShape, params }) => ({
      type,
      outputShape,
      params,
    }));
  assert.deepEqual(table(0), [
    { type: 'Dense', outputShape: [null, 64, 32], params: 1056 },
    { type: 'PositionEmbedding', outputShape: [null, 64, 32], params: 2048 },
    { type: 'Add', outputShape: [null, 64, 32], params: 0 },
    { type: 'Flat', outputShape: [null, 2048], params: 0 },
    { type: 'Dense', outputShape: [null, 10], params: 20490 },
  ]);
  // A compute_output_shape the analyzer cannot read: unknown, not call()'s shape.
  assert.deepEqual(table(1)[0], { type: 'Unreadable', outputShape: null, params: null });
});

test('the tutorial SimpleDense (add_weight in build, tf.matmul in call) in model.add: weights counted, the head still checked', async () => {
  const text = py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class SimpleDense(layers.Layer):
        def __init__(self, units=32):
            super(SimpleDense, self).__init__()
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
            self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)

        def call(self, inputs):
            return tf.nn.relu(tf.matmul(inputs, self.w) + self.b)

    model = keras.Sequential()
    model.add(layers.Input(shape=(20,)))
    model.add(SimpleDense(64))
    model.add(SimpleDense(32))
    model.add(layers.Dense(1, activation="softmax"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
  `;
  // Keras 3.15.1: 1,344 / 2,080 / 33, total 3,457.
  assert.deepEqual(await rows(text), [
    { type: 'SimpleDense', outputShape: [null, 64], params: 1344 },
    { type: 'SimpleDense', outputShape: [null, 32], params: 2080 },
    { type: 'Dense', outputShape: [null, 1], params: 33 },
  ]);
  assert.deepEqual(
    (await findings(text)).map((f) => f.rule),
    ['softmax-single-unit'],
  );
});

test('add_weight under a condition the analyzer cannot decide leaves the layer’s count unknown', async () => {
  const table = await rows(py`
    import keras
    from keras import layers, ops

    class Scale(layers.Layer):
        def build(self, input_shape):
            if USE_BIAS:
                self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros")
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", trainable=False)

        def call(self, x):
            return x * self.w

    model = keras.Sequential([keras.Input(shape=(6,)), Scale(), layers.Dense(2)])
  `);
  assert.deepEqual(table, [
    { type: 'Scale', outputShape: [null, 6], params: null },
    { type: 'Dense', outputShape: [null, 2], params: 14 },
  ]);
});
