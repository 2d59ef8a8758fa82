/**
 * Third-party layers (TensorFlow Addons, KerasNLP/KerasHub, KerasCV, TensorFlow
 * Probability) whose output shape their documentation states: the layers
 * after them keep known shapes, while their own weights stay unknown (no
 * install of those libraries to check a count against) unless they hold none
 * (DropPath). KerasCV's
 * re-exports of Keras layers are Keras's classes: shapes and counts from
 * Keras 3.15.1.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { layerRows, analyze, py } from '../helpers';

const rows = layerRows;

test('a CycleGAN-style block with tfa InstanceNormalization keeps the shapes after it', async () => {
  const table = await rows(py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers
    import tensorflow_addons as tfa

    gamma_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)

    def downsample(x, filters):
        x = layers.Conv2D(filters, (3, 3), strides=(2, 2), padding="same", use_bias=False)(x)
        x = tfa.layers.InstanceNormalization(gamma_initializer=gamma_init)(x)
        return layers.Activation("relu")(x)

    img = layers.Input(shape=(256, 256, 3))
    x = downsample(img, 64)
    x = downsample(x, 128)
    x = layers.Conv2D(1, (4, 4), padding="same")(x)
    disc = keras.models.Model(img, x)
  `);
  assert.deepEqual(table, [
    { type: 'Conv2D', outputShape: [null, 128, 128, 64], params: 1728 },
    { type: 'InstanceNormalization', outputShape: [null, 128, 128, 64], params: null },
    { type: 'Activation', outputShape: [null, 128, 128, 64], params: 0 },
    { type: 'Conv2D', outputShape: [null, 64, 64, 128], params: 73728 },
    { type: 'InstanceNormalization', outputShape: [null, 64, 64, 128], params: null },
    { type: 'Activation', outputShape: [null, 64, 64, 128], params: 0 },
    // 4*4*128*1 + 1
    { type: 'Conv2D', outputShape: [null, 64, 64, 1], params: 2049 },
  ]);
});

test('tfa GroupNormalization keeps the shape; WeightNormalization has its wrapped layer’s output', async () => {
  const table = await rows(py`
    from tensorflow import keras
    from tensorflow.keras import layers
    from tensorflow_addons import layers as addon_layers

    inp = keras.Input((None, 1))
    x = layers.Conv1D(64, 7, padding="same")(inp)
    x = addon_layers.GroupNormalization(groups=8, axis=-1)(x)
    x = addon_layers.WeightNormalization(layers.Conv1D(32, 4, strides=2), data_init=False)(x)
    model = keras.Model(inp, layers.Conv1D(1, 1)(x))
  `);
  assert.deepEqual(table, [
    { type: 'Conv1D', outputShape: [null, null, 64], params: 512 },
    { type: 'GroupNormalization', outputShape: [null, null, 64], params: null },
    { type: 'WeightNormalization', outputShape: [null, null, 32], params: null },
    { type: 'Conv1D', outputShape: [null, null, 1], params: 33 },
  ]);
});

test('keras_nlp TokenAndPositionEmbedding gives (batch, sequence, embedding_dim)', async () => {
  const table = await rows(py`
    import keras
    import keras_nlp

    inputs = keras.layers.Input(shape=(None,), dtype="int32")
    embedding_layer = keras_nlp.layers.TokenAndPositionEmbedding(
        vocabulary_size=5000,
        sequence_length=80,
        embedding_dim=256,
        mask_zero=True,
    )
    x = embedding_layer(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
  `);
  assert.deepEqual(table, [
    { type: 'TokenAndPositionEmbedding', outputShape: [null, null, 256], params: null },
    { type: 'GlobalAveragePooling1D', outputShape: [null, 256], params: 0 },
    { type: 'Dense', outputShape: [null, 2], params: 514 },
  ]);
});

test('positional arguments of KerasHub TokenAndPositionEmbedding bind in its order', async () => {
  const table = await rows(py`
    import keras
    import keras_hub

    tokens = keras.Input(shape=(128,), dtype="int32")
    x = keras_hub.layers.TokenAndPositionEmbedding(20000, 128, 64)(tokens)
    model = keras.Model(tokens, keras.layers.Dense(1)(x))
  `);
  assert.deepEqual(table, [
    { type: 'TokenAndPositionEmbedding', outputShape: [null, 128, 64], params: null },
    { type: 'Dense', outputShape: [null, 128, 1], params: 65 },
  ]);
});

test('keras_cv.layers.CenterCrop is Keras’s CenterCrop (shapes and counts as Keras gives them)', async () => {
  // Keras 3.15.1 summary of the same Sequential with keras.layers.CenterCrop/RandomFlip/Rescaling.
  const table = await rows(py`
    import keras
    import keras_cv

    augmenter = keras.Sequential([
        keras.Input(shape=(512, 512, 3)),
        keras_cv.layers.CenterCrop(256, 256),
        keras.layers.RandomFlip("horizontal"),
        keras_cv.layers.Rescaling(1 / 255.0),
        keras.layers.Conv2D(8, 3),
    ])
  `);
  assert.deepEqual(table, [
    { type: 'CenterCrop', outputShape: [null, 256, 256, 3], params: 0 },
    { type: 'RandomFlip', outputShape: [null, 256, 256, 3], params: 0 },
    { type: 'Rescaling', outputShape: [null, 256, 256, 3], params: 0 },
    { type: 'Conv2D', outputShape: [null, 254, 254, 8], params: 224 },
  ]);
});

test('tfp DenseVariational gives (…, units); a layer of another library not listed stays unknown', async () => {
  const table = await rows(py`
    import tensorflow as tf
    import tensorflow_probability as tfp
    from tensorflow import keras
    from tensorflow.keras import layers

    inputs = keras.Input(shape=(11,))
    features = layers.BatchNormalization()(inputs)
    features = tfp.layers.DenseVariational(
        units=8,
        make_prior_fn=prior,
        make_posterior_fn=posterior,
        kl_weight=1 / 4898,
        activation="sigmoid",
    )(features)
    distribution_params = layers.Dense(units=2)(features)
    outputs = tfp.layers.IndependentNormal(1)(distribution_params)
    model = keras.Model(inputs=inputs, outputs=outputs)
  `);
  assert.deepEqual(table, [
    { type: 'BatchNormalization', outputShape: [null, 11], params: 44 },
    { type: 'DenseVariational', outputShape: [null, 8], params: null },
    { type: 'Dense', outputShape: [null, 2], params: 18 },
    { type: 'IndependentNormal', outputShape: null, params: null },
  ]);
});

test('keras_nlp Transformer blocks keep (batch, sequence, features); the decoder’s encoder_sequence stays an input', async () => {
  const result = await analyze(py`
    import keras
    import keras_nlp

    decoder_inputs = keras.Input(shape=(None,), dtype="int64", name="decoder_inputs")
    encoded_seq_inputs = keras.Input(shape=(None, 256), name="decoder_state_inputs")
    x = keras_nlp.layers.TokenAndPositionEmbedding(
        vocabulary_size=15000, sequence_length=40, embedding_dim=256,
    )(decoder_inputs)
    x = keras_nlp.layers.FNetEncoder(intermediate_dim=512)(inputs=x)
    x = keras_nlp.layers.TransformerDecoder(
        intermediate_dim=2048, num_heads=8
    )(decoder_sequence=x, encoder_sequence=encoded_seq_inputs)
    x = keras.layers.Dropout(0.5)(x)
    decoder_outputs = keras.layers.Dense(15000, activation="softmax")(x)
    decoder = keras.Model([decoder_inputs, encoded_seq_inputs], decoder_outputs)
  `);
  const [decoder] = result.models;
  assert.equal(decoder.complete, true);
  const table = summarizeModel(decoder, result.shapes).rows.map(({ type, outputShape, params }) => ({
    type,
    outputShape,
    params,
  }));
  assert.deepEqual(table, [
    { type: 'TokenAndPositionEmbedding', outputShape: [null, null, 256], params: null },
    { type: 'FNetEncoder', outputShape: [null, null, 256], params: null },
    { type: 'TransformerDecoder', outputShape: [null, null, 256], params: null },
    { type: 'Dropout', outputShape: [null, null, 256], params: 0 },
    // 256 * 15000 + 15000
    { type: 'Dense', outputShape: [null, null, 15000], params: 3855000 },
  ]);
  const transformer = decoder.nodes.find((n) => n.layer.type === 'TransformerDecoder');
  assert.deepEqual(
    transformer?.inputs.map((n) => n.layer.type),
    ['FNetEncoder', 'InputLayer'],
  );
});

test('keras_cv DropPath on a residual branch keeps its shape and holds no weights (keras.io GCViT, ConvNeXt)', async () => {
  const table = await rows(py`
    import keras
    from keras import layers
    from keras_cv.layers import DropPath

    inputs = keras.Input(shape=(14, 14, 96))
    x = layers.LayerNormalization(epsilon=1e-5)(inputs)
    x = layers.Dense(384, activation="gelu")(x)
    x = layers.Dense(96)(x)
    x = DropPath(0.1)(x)
    x = layers.Add()([inputs, x])
    model = keras.Model(inputs, x)
  `);
  assert.deepEqual(table, [
    { type: 'LayerNormalization', outputShape: [null, 14, 14, 96], params: 192 },
    { type: 'Dense', outputShape: [null, 14, 14, 384], params: 37248 },
    { type: 'Dense', outputShape: [null, 14, 14, 96], params: 36960 },
    { type: 'DropPath', outputShape: [null, 14, 14, 96], params: 0 },
    { type: 'Add', outputShape: [null, 14, 14, 96], params: 0 },
  ]);
});
