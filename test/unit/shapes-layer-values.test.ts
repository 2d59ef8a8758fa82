/**
 * Layer arguments a reader can work out from the code, and layers whose output
 * Keras states: a Lambda's `output_shape`, `imagenet_utils.correct_pad`, a
 * lookup's `vocabulary_size()`, `len(sorted(set(text)))`, `**kwargs` passed on,
 * `tf.math.equal` on Python numbers, `ops.shape` after a model used as a layer.
 * Expected rows are what Keras 3.15.1 printed for the same code (output shape
 * and parameter count of each layer). Sizes that come from data stay unknown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Row = [string, (number | null)[] | null, number | null];

async function table(text: string, modelName?: string): Promise<Row[]> {
  const result = await analyze(text);
  const model = modelName ? result.models.find((m) => m.name === modelName) : result.models.at(-1);
  assert.ok(model, 'no model found');
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

/** The output shape of the last Dense layer of the last model. */
async function lastDense(text: string): Promise<(number | null)[] | null> {
  const rows = (await table(text)).filter(([type]) => type === 'Dense');
  return rows[rows.length - 1][1];
}

test('a Lambda with output_shape has (batch, *output_shape), as Keras 3 trusts it; no weights', async () => {
  const text = py`
    import keras
    from keras import layers
    from keras import backend as K

    inp = keras.Input(shape=(16,))
    expanded = layers.Lambda(lambda t: K.expand_dims(t, axis=1), output_shape=(1, 16))(inp)
    conv = layers.Conv1D(8, 1)(expanded)
    flat = layers.Flatten()(conv)
    out = layers.Dense(1, activation="sigmoid")(flat)
    model = keras.Model(inp, out)
  `;
  assert.deepEqual(await table(text), [
    ['Lambda', [null, 1, 16], 0],
    ['Conv1D', [null, 1, 8], 136],
    ['Flatten', [null, 8], 0],
    ['Dense', [null, 1], 9],
  ]);
});

test('a Lambda output_shape written as a list (Keras 3 raises) or a function stays unknown', async () => {
  for (const written of ['[1, 16]', 'lambda s: (s[0], 1, 16)']) {
    const text = py`
      import keras
      from keras import layers
      inp = keras.Input(shape=(16,))
      x = layers.Lambda(lambda t: t[:, None, :], output_shape=${written})(inp)
      model = keras.Model(inp, x)
    `;
    assert.deepEqual(await table(text), [['Lambda', null, 0]], written);
  }
});

test('imagenet_utils.correct_pad pads as Keras computes it from the spatial sizes (odd and even)', async () => {
  const text = py`
    import keras
    from keras import layers
    from keras.src.applications import imagenet_utils

    def down_block(x, filters):
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3))(x)
        x = layers.Conv2D(filters, 3, strides=2, padding="valid", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        return layers.ReLU(6.0)(x)

    inputs = keras.Input(shape=(225, 224, 3))
    x = down_block(inputs, 16)
    x = down_block(x, 32)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(5, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `;
  assert.deepEqual(await table(text), [
    ['ZeroPadding2D', [null, 227, 225, 3], 0],
    ['Conv2D', [null, 113, 112, 16], 432],
    ['BatchNormalization', [null, 113, 112, 16], 64],
    ['ReLU', [null, 113, 112, 16], 0],
    ['ZeroPadding2D', [null, 115, 113, 16], 0],
    ['Conv2D', [null, 57, 56, 32], 4608],
    ['BatchNormalization', [null, 57, 56, 32], 128],
    ['ReLU', [null, 57, 56, 32], 0],
    ['GlobalAveragePooling2D', [null, 32], 0],
    ['Dense', [null, 5], 165],
  ]);
});

test('correct_pad of an input whose size comes from data stays unknown', async () => {
  const text = py`
    import numpy as np
    import keras
    from keras import layers
    from keras.src.applications import imagenet_utils
    X = np.load("images.npy")
    inputs = keras.Input(shape=X.shape[1:])
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(inputs, 3))(inputs)
    model = keras.Model(inputs, x)
  `;
  assert.deepEqual(await table(text), [['ZeroPadding2D', null, 0]]);
});

test('ops.shape inside a layer called after a model used as a layer knows that model output', async () => {
  const text = py`
    import keras
    from keras import layers, ops

    augment = keras.Sequential([layers.Resizing(64, 64), layers.RandomFlip("horizontal")])

    class Patches(layers.Layer):
        def __init__(self, size):
            super().__init__()
            self.size = size

        def call(self, images):
            shape = ops.shape(images)
            batch, height, width, channels = shape[0], shape[1], shape[2], shape[3]
            patches = ops.image.extract_patches(images, size=self.size)
            n = (height // self.size) * (width // self.size)
            return ops.reshape(patches, (batch, n, self.size * self.size * channels))

    inputs = keras.Input(shape=(32, 32, 3))
    x = augment(inputs)
    x = Patches(8)(x)
    x = layers.Dense(32)(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `;
  // Keras shows Patches as one row (None, 64, 192); the analyzer shows the operations it is made of.
  assert.deepEqual(await table(text, 'model'), [
    ['Sequential', [null, 64, 64, 3], 0],
    ['ExtractPatches', [null, 8, 8, 192], 0],
    ['Reshape', [null, 64, 192], 0],
    ['Dense', [null, 64, 32], 6176],
    ['GlobalAveragePooling1D', [null, 32], 0],
    ['Dense', [null, 10], 330],
  ]);
});

test("a lookup's vocabulary_size() and get_vocabulary() count mask, OOV tokens and the written vocabulary", async () => {
  const text = py`
    import keras
    from keras import layers

    alphabet = list("abcdefghijklmnopqrstuvwxyz0123456789")
    char_to_num = layers.StringLookup(vocabulary=alphabet, mask_token=None)
    labels_lookup = layers.StringLookup(vocabulary=["neg", "pos", "neutral"], num_oov_indices=0)
    ids = layers.IntegerLookup(vocabulary=[10, 20, 30, 40], mask_token=0)

    inputs = keras.Input(shape=(50, 64))
    x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(inputs)
    chars = layers.Dense(char_to_num.vocabulary_size() + 1, activation="softmax")(x)
    sentiment = layers.Dense(len(labels_lookup.get_vocabulary()), activation="softmax")(layers.GlobalMaxPooling1D()(x))
    codes = layers.Dense(ids.vocabulary_size())(layers.GlobalMaxPooling1D()(x))
    model = keras.Model(inputs, [chars, sentiment, codes])
  `;
  const dense = (await table(text)).filter(([type]) => type === 'Dense');
  assert.deepEqual(dense, [
    // 36 characters + 1 OOV, + 1 for the CTC blank.
    ['Dense', [null, 50, 38], 2470],
    ['Dense', [null, 3], 195],
    // mask 0, OOV -1, then the four ids.
    ['Dense', [null, 6], 390],
  ]);
});

test('a vocabulary learnt from data (adapt, np.unique of a column) leaves vocabulary_size() unknown', async () => {
  const adapted = py`
    import keras
    from keras import layers
    lookup = layers.StringLookup(vocabulary=["a", "b"])
    lookup.adapt(train_labels)
    inputs = keras.Input(shape=(8,))
    model = keras.Model(inputs, layers.Dense(lookup.vocabulary_size())(inputs))
  `;
  assert.deepEqual(await lastDense(adapted), [null, null]);
  const fromData = py`
    import numpy as np
    import pandas as pd
    import keras
    from keras import layers
    df = pd.read_csv("videos.csv")
    label_processor = layers.StringLookup(num_oov_indices=0, vocabulary=np.unique(df["tag"]))
    inputs = keras.Input(shape=(8,))
    model = keras.Model(inputs, layers.Dense(len(label_processor.get_vocabulary()))(inputs))
  `;
  assert.deepEqual(await lastDense(fromData), [null, null]);
});

test('len(sorted(set(text))) of a literal text sizes a layer; the order of a set is not assumed', async () => {
  const text = py`
    import keras
    from keras import layers

    text = "the quick brown fox jumps over the lazy dog"
    chars = sorted(list(set(text)))
    char_indices = dict((c, i) for i, c in enumerate(chars))
    tags = ["sports", "politics", "tech", "sports", "tech"]
    classes = sorted(set(tags))
    maxlen = 40

    model = keras.Sequential([
        keras.Input(shape=(maxlen, len(chars))),
        layers.LSTM(128),
        layers.Dense(len(chars), activation="softmax"),
    ])
    tagger = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(len(classes), activation="softmax"),
    ])
  `;
  assert.deepEqual(await table(text, 'model'), [
    ['LSTM', [null, 128], 79872],
    ['Dense', [null, 27], 3483],
  ]);
  assert.deepEqual(await table(text, 'tagger'), [['Dense', [null, 3], 63]]);
  const indexed = py`
    import keras
    from keras import layers
    first = list(set("abc"))[0]
    inputs = keras.Input(shape=(8,))
    model = keras.Model(inputs, layers.Dense(len(first) if first == "a" else 7)(inputs))
  `;
  assert.deepEqual(await lastDense(indexed), [null, null]);
});

test('class counts from files, a set filled in a loop, or np.unique of labels stay unknown', async () => {
  const cases = [
    py`
      import os
      class_names = os.listdir("data/train")
    `,
    py`
      characters = set()
      for label in open("labels.txt"):
          for char in label:
              characters.add(char)
      class_names = sorted(list(characters))
    `,
    py`
      import numpy as np
      y_train = np.load("y.npy")
      class_names = np.unique(y_train)
    `,
  ];
  for (const setup of cases) {
    const text = `${setup}\n${py`
      import keras
      from keras import layers
      inputs = keras.Input(shape=(8,))
      model = keras.Model(inputs, layers.Dense(len(class_names), activation="softmax")(inputs))
    `}`;
    assert.deepEqual(await lastDense(text), [null, null], setup);
  }
});

test('tf.math.equal on Python numbers decides the branch it guards', async () => {
  const text = py`
    import keras
    import tensorflow as tf
    from keras import layers

    def block(x, filters, strides=1):
        m = layers.Conv2D(filters, 3, strides=strides, padding="same")(x)
        m = layers.BatchNormalization()(m)
        if tf.math.equal(x.shape[-1], filters) and strides == 1:
            return layers.Add()([m, x])
        return m

    inputs = keras.Input(shape=(32, 32, 16))
    x = block(inputs, 16)
    x = block(x, 32, strides=2)
    x = block(x, 32)
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(3)(x))
  `;
  assert.deepEqual(await table(text), [
    ['Conv2D', [null, 32, 32, 16], 2320],
    ['BatchNormalization', [null, 32, 32, 16], 64],
    ['Add', [null, 32, 32, 16], 0],
    ['Conv2D', [null, 16, 16, 32], 4640],
    ['BatchNormalization', [null, 16, 16, 32], 128],
    ['Conv2D', [null, 16, 16, 32], 9248],
    ['BatchNormalization', [null, 16, 16, 32], 128],
    ['Add', [null, 16, 16, 32], 0],
    ['GlobalAveragePooling2D', [null, 32], 0],
    ['Dense', [null, 3], 99],
  ]);
});

test("a wrapper layer's **kwargs reach the layer it builds with them", async () => {
  const text = py`
    import keras
    from keras import layers

    class MaskedConv(layers.Layer):
        def __init__(self, mask_type, **kwargs):
            super().__init__()
            self.mask_type = mask_type
            self.conv = layers.Conv2D(**kwargs)

        def call(self, inputs):
            return self.conv(inputs)

    inputs = keras.Input(shape=(28, 28, 1))
    x = MaskedConv("A", filters=64, kernel_size=7, padding="same", activation="relu")(inputs)
    x = MaskedConv("B", filters=32, kernel_size=3, strides=2)(x)
    x = layers.Flatten()(x)
    model = keras.Model(inputs, layers.Dense(10)(x))
  `;
  // Keras shows each MaskedConv as one row with the Conv2D's shape and weights.
  assert.deepEqual(await table(text), [
    ['Conv2D', [null, 28, 28, 64], 3200],
    ['Conv2D', [null, 13, 13, 32], 18464],
    ['Flatten', [null, 5408], 0],
    ['Dense', [null, 10], 54090],
  ]);
  // mask_type is a named parameter: it is not among the keywords passed on.
  const named = py`
    import keras
    from keras import layers
    def conv(mask_type, **kwargs):
        return layers.Conv2D(**kwargs)
    inputs = keras.Input(shape=(28, 28, 1))
    model = keras.Model(inputs, conv(mask_type="A", filters=8, kernel_size=3)(inputs))
  `;
  assert.deepEqual(await table(named), [['Conv2D', [null, 26, 26, 8], 80]]);
});

test('TextVectorization: (batch, output_sequence_length) in int mode, one axis per token in the others', async () => {
  const text = py`
    import keras
    from keras import layers

    max_features = 20000
    sequence_length = 250
    vectorize_layer = layers.TextVectorization(max_tokens=max_features, output_mode="int", output_sequence_length=sequence_length)
    bag = layers.TextVectorization(max_tokens=1000, output_mode="multi_hot", pad_to_max_tokens=True)
    counts = layers.TextVectorization(output_mode="count", vocabulary=["good", "bad", "movie"], split=None)

    text_input = keras.Input(shape=(1,), dtype="string")
    x = vectorize_layer(text_input)
    x = layers.Embedding(max_features, 64)(x)
    x = layers.GlobalAveragePooling1D()(x)
    b = bag(text_input)
    b = layers.Dense(16)(b)
    c = counts(text_input)
    c = layers.Dense(4)(c)
    model = keras.Model(text_input, [layers.Dense(1, activation="sigmoid")(x), b, c])
  `;
  assert.deepEqual(await table(text), [
    ['TextVectorization', [null, 250], 0],
    ['Embedding', [null, 250, 64], 1280000],
    ['GlobalAveragePooling1D', [null, 64], 0],
    ['TextVectorization', [null, 1, 1000], 0],
    // good, bad, movie and the OOV token.
    ['TextVectorization', [null, 4], 0],
    ['Dense', [null, 1], 65],
    ['Dense', [null, 1, 16], 16016],
    ['Dense', [null, 4], 20],
  ]);
});

test('TextVectorization adapted to data: its multi_hot width stays unknown, int mode without a length is None', async () => {
  const text = py`
    import keras
    from keras import layers
    vectorizer = layers.TextVectorization(max_tokens=5000, ngrams=2, output_mode="tf_idf")
    vectorizer.adapt(train_texts)
    sequences = layers.TextVectorization(max_tokens=5000)
    sequences.adapt(train_texts)
    inputs = keras.Input(shape=(1,), dtype="string")
    model = keras.Model(inputs, [vectorizer(inputs), sequences(inputs)])
  `;
  assert.deepEqual(await table(text), [
    ['TextVectorization', [null, 1, null], 0],
    ['TextVectorization', [null, null], 0],
  ]);
});

test('a reshape to sizes read off a variable axis (ops.shape of an Input declaring None) keeps its rank, as in Keras', async () => {
  const text = py`
    import keras
    from keras import layers, ops
    tokens = keras.Input(shape=(None, 96))
    B, N, C = ops.shape(tokens)[0], ops.shape(tokens)[1], ops.shape(tokens)[2]
    qkv = layers.Dense(96 * 3)(tokens)
    qkv = ops.reshape(qkv, (B, N, 3, 4, C // 4))
    qkv = ops.transpose(qkv, axes=[2, 0, 3, 1, 4])
    model = keras.Model(tokens, qkv)
  `;
  const rows = await table(text);
  assert.deepEqual(
    rows.map(([type, shape]) => [type, shape]),
    [
      ['Dense', [null, null, 288]],
      ['Reshape', [null, null, 3, 4, 24]],
      ['Transpose', [3, null, 4, null, 24]],
    ],
  );
});

test('a Reshape target with a size from data keeps its rank; that axis is unknown', async () => {
  const text = py`
    import numpy as np
    import keras
    from keras import layers
    X = np.load("features.npy")
    steps = X.shape[1]
    inputs = keras.Input(shape=(64,))
    x = layers.Reshape((steps, 64 // steps))(inputs)
    x = layers.LSTM(8)(x)
    model = keras.Model(inputs, x)
  `;
  assert.deepEqual(await table(text), [
    ['Reshape', [null, null, null], 0],
    ['LSTM', [null, 8], null],
  ]);
});

test('a Lambda in a Sequential runs on what comes in, the first one on the input_shape it declares', async () => {
  const text = py`
    from keras.models import Sequential
    from keras.layers import Lambda, Cropping2D, Conv2D, Flatten, Dense

    model = Sequential()
    model.add(Lambda(lambda x: x / 127.5 - 1.0, input_shape=(160, 320, 3)))
    model.add(Cropping2D(cropping=((70, 25), (0, 0))))
    model.add(Conv2D(24, (5, 5), strides=(2, 2), activation="relu"))
    model.add(Flatten())
    model.add(Dense(1))
    model.compile(loss="mse", optimizer="adam")
  `;
  assert.deepEqual(await table(text), [
    ['Lambda', [null, 160, 320, 3], 0],
    ['Cropping2D', [null, 65, 320, 3], 0],
    ['Conv2D', [null, 31, 158, 24], 1824],
    ['Flatten', [null, 117552], 0],
    ['Dense', [null, 1], 117553],
  ]);
});

test('a Lambda wrapping a framework function (preprocess_input, tf.nn.relu) has that function output', async () => {
  const text = py`
    import keras
    import tensorflow as tf
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(64, 64, 3)),
        layers.Rescaling(255.0),
        layers.Resizing(75, 75),
        layers.Lambda(keras.applications.inception_v3.preprocess_input),
        layers.Conv2D(8, 3),
        layers.Lambda(tf.nn.relu),
        layers.GlobalAveragePooling2D(),
    ])
  `;
  assert.deepEqual(await table(text), [
    ['Rescaling', [null, 64, 64, 3], 0],
    ['Resizing', [null, 75, 75, 3], 0],
    ['Lambda', [null, 75, 75, 3], 0],
    ['Conv2D', [null, 73, 73, 8], 224],
    ['Lambda', [null, 73, 73, 8], 0],
    ['GlobalAveragePooling2D', [null, 8], 0],
  ]);
});

test("sizes worked out with math, str.split and a dict's items/keys, as structured-data code writes them", async () => {
  const text = py`
    import math
    import keras
    from keras import layers

    FEATURE_VOCABULARIES = {
        "color": ["red", "green", "blue"],
        "size": ["S", "M", "L", "XL"],
    }
    CLASS_NAMES = "cat dog horse".split()
    label_map = {"cat": 0, "dog": 1, "horse": 2}

    inputs, encoded = [], []
    for name, vocabulary in FEATURE_VOCABULARIES.items():
        inp = keras.Input(shape=(1,), name=name, dtype="int64")
        inputs.append(inp)
        embedding_dim = int(math.sqrt(len(vocabulary) * 16))
        x = layers.Embedding(input_dim=len(vocabulary) + 1, output_dim=embedding_dim)(inp)
        encoded.append(layers.Flatten()(x))
    x = layers.Concatenate()(encoded)
    x = layers.Dense(math.ceil(len(CLASS_NAMES) * 10 / 4), activation="relu")(x)
    outputs = layers.Dense(len(label_map.keys()), activation="softmax")(x)
    model = keras.Model(inputs, outputs)
  `;
  assert.deepEqual(await table(text), [
    ['Embedding', [null, 1, 6], 24],
    ['Embedding', [null, 1, 8], 40],
    ['Flatten', [null, 6], 0],
    ['Flatten', [null, 8], 0],
    ['Concatenate', [null, 14], 0],
    ['Dense', [null, 8], 120],
    ['Dense', [null, 3], 27],
  ]);
});

test('math on a size from data, or a string read from a file, stays unknown', async () => {
  const text = py`
    import math
    import keras
    from keras import layers
    header = open("classes.txt").read()
    n_features = int(open("n.txt").read())
    inputs = keras.Input(shape=(8,))
    a = layers.Dense(math.ceil(n_features / 2))(inputs)
    b = layers.Dense(len(header.split(",")))(a)
    model = keras.Model(inputs, b)
  `;
  assert.deepEqual(
    (await table(text)).map(([type, shape]) => [type, shape]),
    [
      ['Dense', [null, null]],
      ['Dense', [null, null]],
    ],
  );
});

test('StringLookup/IntegerLookup encodings: a mask token takes no column, pad_to_max_tokens gives max_tokens, any rank', async () => {
  const text = py`
    import keras
    from keras import layers

    colors = keras.Input(shape=(3,), dtype="string")
    tags = keras.Input(shape=(2, 4), dtype="string")
    codes = keras.Input(shape=(1,), dtype="int64")
    a = layers.StringLookup(vocabulary=["red", "green"], output_mode="multi_hot", mask_token="")(colors)
    b = layers.StringLookup(vocabulary=["x", "y", "z"], output_mode="count")(tags)
    c = layers.IntegerLookup(max_tokens=20, output_mode="one_hot", pad_to_max_tokens=True, vocabulary=[3, 4])(codes)
    d = layers.StringLookup(vocabulary=["x", "y"], output_mode="one_hot", num_oov_indices=2)(tags)
    model = keras.Model([colors, tags, codes], [a, b, c, d])
  `;
  assert.deepEqual(await table(text), [
    ['StringLookup', [null, 3], 0],
    ['StringLookup', [null, 2, 4], 0],
    ['IntegerLookup', [null, 20], 0],
    ['StringLookup', [null, 2, 4, 4], 0],
  ]);
  // Adapted to data: one column per token it learns, how many the analyzer cannot know.
  const adapted = py`
    import keras
    from keras import layers
    lookup = layers.IntegerLookup(output_mode="multi_hot")
    lookup.adapt(train_ids)
    ids = keras.Input(shape=(1,), dtype="int64")
    model = keras.Model(ids, lookup(ids))
  `;
  assert.deepEqual(await table(adapted), [['IntegerLookup', [null, null], 0]]);
});

test('Dense units as the product of a shape (tf.math.reduce_prod, np.prod, math.prod) before a Reshape to it', async () => {
  // A graph generator as keras-io's WGAN-GP for molecules writes it (for tf.keras 2). Keras 3.15.1
  // with math.prod: Dense(405) on (None, 512) has 512 * 405 + 405 = 207,765 weights, Dense(45)
  // 23,085. (Keras 3 refuses units that are not a Python int, as np.prod and tf.reduce_prod give;
  // tf.keras 2 took them. The sizes are the same.)
  const generator = (product: string) => py`
    import math
    import numpy as np
    import tensorflow as tf
    import keras

    NUM_ATOMS = 9
    ATOM_DIM = 4 + 1
    BOND_DIM = 4 + 1

    def GraphGenerator(dense_units, latent_dim, adjacency_shape, feature_shape):
        z = keras.layers.Input(shape=(latent_dim,))
        x = keras.layers.Dense(dense_units, activation="tanh")(z)
        x_adjacency = keras.layers.Dense(${product}(adjacency_shape))(x)
        x_adjacency = keras.layers.Reshape(adjacency_shape)(x_adjacency)
        x_features = keras.layers.Dense(${product}(feature_shape))(x)
        x_features = keras.layers.Reshape(feature_shape)(x_features)
        return keras.Model(inputs=z, outputs=[x_adjacency, x_features], name="Generator")

    generator = GraphGenerator(
        dense_units=512,
        latent_dim=64,
        adjacency_shape=(BOND_DIM, NUM_ATOMS, NUM_ATOMS),
        feature_shape=(NUM_ATOMS, ATOM_DIM),
    )
  `;
  for (const product of ['tf.math.reduce_prod', 'tf.reduce_prod', 'np.prod', 'math.prod', 'keras.ops.prod']) {
    const rows = await table(generator(product));
    assert.deepEqual(
      rows.filter(([type]) => type === 'Dense'),
      [
        ['Dense', [null, 512], 33280],
        ['Dense', [null, 405], 207765],
        ['Dense', [null, 45], 23085],
      ],
      product,
    );
    assert.deepEqual(
      rows.filter(([type]) => type === 'Reshape'),
      [
        ['Reshape', [null, 5, 9, 9], 0],
        ['Reshape', [null, 9, 5], 0],
      ],
      product,
    );
  }
  // A size from data in the shape: the product, and the layer it sizes, stay unknown.
  const fromData = generator('np.prod').replace('NUM_ATOMS = 9', 'NUM_ATOMS = int(open("atoms.txt").read())');
  assert.deepEqual(
    (await table(fromData)).filter(([type]) => type === 'Dense'),
    [
      ['Dense', [null, 512], 33280],
      ['Dense', [null, null], null],
      ['Dense', [null, null], null],
    ],
  );
});
