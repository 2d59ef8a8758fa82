/**
 * The shape-coverage benchmark (bench/coverage.ts): what counts as a known
 * shape, which files build a model, and how the causes of unknown shapes are
 * named, on code written the way keras-io and Stack Overflow write it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { causeFamily, expressionCause, fileNames, tracedCause } from '../../bench/coverage/causes';
import { buildsModel, isKnownShape, measureModels } from '../../bench/coverage/measure';
import { inferShapes } from '../../src/analyzer/shapes';
import { analyze, py } from '../helpers';

const NAMES = fileNames(py`
  import tensorflow as tf
  from tensorflow import keras
  from tensorflow.keras import layers, backend as K
  def mlp(x, hidden_units):
      return x
`);

test('imported names and defined functions are read from the text', () => {
  assert.deepEqual([...NAMES.imported].sort(), ['K', 'keras', 'layers', 'tf']);
  assert.deepEqual([...NAMES.defined], ['mlp']);
  const js = fileNames("import * as tf from '@tensorflow/tfjs';\nconst {util} = require('x');\nfunction build() {}\n");
  assert.deepEqual([...js.imported].sort(), ['tf', 'util']);
  assert.deepEqual([...js.defined], ['build']);
});

test('expressions are named by what they are: a call by its callee, arithmetic by its operator', () => {
  const cases: [string, string][] = [
    ['tf.concat([a, b], axis=-1)', 'call tf.concat'],
    ['layers.add([x, shortcut])', 'call layers.add'],
    ['x + inputs', 'operator +'],
    ['(outputs * bound)', 'operator *'],
    ['x ** 2', 'operator **'],
    ['tf.reshape(x, (-1, 4)) + 1e-3', 'operator +'],
    ['layers.Dense(4)(x)', 'call of a call result (layers.Dense(...)(...))'],
    ['x.reshape(-1, 28)', 'method .reshape()'],
    ['mlp(x, [64])', 'call mlp (defined in the file)'],
    ['encoded[:, 0]', 'subscript'],
    ['[a, b]', 'list'],
    ['x', 'name'],
    ['self.block', 'attribute'],
    ['tf.shape(x)[0]', 'subscript'],
    ['a if flag else b', 'conditional expression'],
    ['Dense(1, activation=-1)', 'call Dense'],
  ];
  for (const [text, want] of cases) assert.equal(expressionCause(text, NAMES), want, text);
});

test('a variable is traced to what was last assigned to it before the use', () => {
  const text = py`
    x = layers.Dense(4)(inputs)
    x = x + inputs
    y = layers.Dense(2)(x)
    for _ in range(3):
        z = layers.Dense(2)(z)
    w = tf.concat([y, y], -1)
    out = layers.Dense(1)([w, q])
  `;
  // The cause of the argument written in brackets: `(x)` → `x`.
  const use = (needle: string) => {
    const at = text.indexOf(needle);
    assert.ok(at >= 0, needle);
    return tracedCause(text, at + 1, at + needle.length - 1, NAMES);
  };
  // The statement using x (`y = Dense(2)(x)`) is not where x came from; `x = x + inputs` is.
  assert.equal(use('(x)'), 'operator +');
  // z is assigned a layer output only inside the loop, after the use: nothing binds it before.
  assert.equal(use('(z)'), 'name (not assigned before)');
  assert.equal(use('([w, q])'), 'list with call tf.concat');
});

test('causes fall into the constructs of issue 11', () => {
  const backbone = (name: string) => name === 'ResNet50';
  assert.equal(causeFamily('not a tensor: operator +', backbone), 'tensor arithmetic');
  assert.equal(causeFamily('not a tensor: call layers.concatenate', backbone), 'merge functions');
  assert.equal(causeFamily('not a tensor: call keras.layers.merge.add', backbone), 'merge functions');
  assert.equal(
    causeFamily('not a tensor: list with call tf.nn.gelu', backbone),
    'TensorFlow / keras.ops / backend ops',
  );
  assert.equal(causeFamily('layer class not modelled: ResNet50', backbone), 'keras.applications backbones');
  assert.equal(causeFamily('layer class not modelled: MultiHeadAttention', backbone), 'Keras layers not modelled');
  assert.equal(causeFamily('model used as a layer', backbone), 'a model used as a layer');
  assert.equal(causeFamily('operation not modelled: tf.signal.stft', backbone), 'TensorFlow / keras.ops / backend ops');
  assert.equal(
    causeFamily('tf.reshape: argument shape not resolved', backbone),
    'TensorFlow / keras.ops / backend ops',
  );
  assert.equal(causeFamily('operator +: argument x2 not resolved', backbone), 'tensor arithmetic');
  assert.equal(causeFamily('not a tensor: call keras_cv.layers.RandomFlip', backbone).startsWith('third-party'), true);
});

test('a shape is known when every axis but the batch axis is', () => {
  assert.equal(isKnownShape([null, 28, 28, 1]), true);
  assert.equal(isKnownShape([32, 10]), true);
  assert.equal(isKnownShape([null, null, 10]), false);
  assert.equal(isKnownShape(null), false);
  assert.equal(isKnownShape([]), false);
});

test('files that build a model are told from their text', () => {
  assert.equal(buildsModel('model = keras.Sequential()', 'python'), true);
  assert.equal(buildsModel('m = Model(inputs, outputs)', 'python'), true);
  assert.equal(buildsModel('class Net(keras.Model):\n    pass', 'python'), true);
  assert.equal(buildsModel('model = keras.models.load_model("m.keras")', 'python'), false);
  assert.equal(buildsModel('const model = tf.sequential();', 'javascript'), true);
  assert.equal(buildsModel('const m = await tf.loadLayersModel(url);', 'javascript'), false);
});

test('axes the code declares as None count as known, like Keras has them; unresolved ones do not', async () => {
  const text = py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(None, 3))
    x = layers.Conv1D(8, 3)(inputs)
    x = layers.GlobalMaxPooling1D()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
  `;
  const result = await analyze(text);
  // Conv1D's (None, None, 8) is what Keras reports too.
  assert.deepEqual(result.shapes.outputShape(result.models[0].nodes[1]), [null, null, 8]);
  const m = measureModels(result.models, text);
  assert.deepEqual(
    (({ modelFound, fullyKnown, layers, knownLayers, unknownLayers }) => ({
      modelFound,
      fullyKnown,
      layers,
      knownLayers,
      unknownLayers,
    }))(m),
    { modelFound: true, fullyKnown: true, layers: 3, knownLayers: 3, unknownLayers: 0 },
  );
  // A dimension from data the analyzer cannot see is unknown to it, though Keras knows it.
  const fromData = text.replace('(None, 3)', '(X.shape[1], 3)');
  const partly = measureModels((await analyze(fromData)).models, fromData);
  assert.equal(partly.fullyKnown, false);
  // Conv1D is (None, ?, 8); the pooling and Dense after it are known again.
  assert.equal(partly.knownLayers, 2);
});

test('an Unknown layer is traced to the expression it was applied to, with the layers it hides', async () => {
  const text = py`
    import keras
    from keras import layers
    inputs = keras.Input(shape=(8,))
    x = layers.Dense(4)(inputs)
    x = undefined_helper(x)
    x = layers.Dense(4)(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
  `;
  const m = measureModels((await analyze(text)).models, text);
  assert.equal(m.unknownLayers, 1);
  assert.deepEqual(
    m.causes.map((c) => [c.what, c.line, c.hidden]),
    // The Unknown stand-in and the two Dense layers after it.
    [['not a tensor: call undefined_helper', 6, 3]],
  );
});

test('an operation node is named by its function, not by the TFOpLambda class every TensorFlow function shares', async () => {
  const text = py`
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras import layers

    class Frames(layers.Layer):
        def call(self, audio):
            return tf.abs(tf.signal.frame(audio, frame_length=256, frame_step=128))

    class Scale(layers.Layer):
        def __init__(self, size, **kwargs):
            super().__init__(**kwargs)
            self.size = size

        def call(self, x):
            return tf.reshape(x, [-1, self.size])

    inputs = keras.Input(shape=(16000,))
    x = Frames()(inputs)
    y = Scale(undefined_size)(layers.Dense(8)(inputs))
    model = keras.Model(inputs, [x, y])
  `;
  const m = measureModels((await analyze(text)).models, text);
  assert.deepEqual(
    m.causes.map((c) => [c.what, c.line, c.hidden]),
    [
      // tf.signal.frame and the tf.abs after it.
      ['operation not modelled: tf.signal.frame', 7, 2],
      // An item of the new shape unread: the argument itself is a list.
      ['tf.reshape: output not inferred', 15, 1],
    ],
  );
});

test('a model whose every layer is known counts as fully known; one missing its input shape does not', async () => {
  const known = py`
    from keras.models import Sequential
    from keras.layers import Dense
    model = Sequential()
    model.add(Dense(12, input_dim=8, activation='relu'))
    model.add(Dense(1, activation='sigmoid'))
  `;
  const a = await analyze(known);
  assert.deepEqual(
    (({ fullyKnown, layers, knownLayers }) => ({ fullyKnown, layers, knownLayers }))(measureModels(a.models, known)),
    { fullyKnown: true, layers: 2, knownLayers: 2 },
  );
  const unbuilt = known.replace('input_dim=8, ', '');
  const b = await analyze(unbuilt);
  const m = measureModels(b.models, unbuilt);
  assert.equal(m.fullyKnown, false);
  assert.deepEqual(
    m.causes.map((c) => [c.what, c.hidden]),
    [['Sequential without an input shape (built where it is called)', 2]],
  );
});

test('variableAxesAs sizes the None axes written in an input shape, never the batch axis', async () => {
  const text = py`
    import keras
    from keras import layers
    a = keras.Input(batch_shape=(32, None, 3))
    b = keras.Input(shape=(None, 3))
    model = keras.Model([a, b], [layers.Dense(2)(a), layers.Dense(2)(b)])
  `;
  const result = await analyze(text);
  const probe = inferShapes(result.models, { variableAxesAs: 7 });
  const [a, b] = result.models[0].inputs;
  assert.deepEqual(probe.outputShape(a), [32, 7, 3]);
  assert.deepEqual(probe.outputShape(b), [null, 7, 3]);
  // The analysis itself keeps them unknown.
  assert.deepEqual(result.shapes.outputShape(a), [32, null, 3]);
});

test("a reshape's axes Keras leaves None (a None batch size in the new shape, a -1 beside it) count as known", async () => {
  const text = py`
    import keras
    from keras import layers, ops

    class Patchify(layers.Layer):
        def call(self, images):
            batch, channels = ops.shape(images)[0], ops.shape(images)[-1]
            patches = ops.image.extract_patches(images, 4)
            return ops.reshape(patches, (batch, -1, 16 * channels))

    inputs = keras.Input(shape=(32, 32, 3))
    x = Patchify()(inputs)
    outputs = layers.Dense(8)(x)
    model = keras.Model(inputs, outputs)
  `;
  const result = await analyze(text);
  // Keras itself reports (None, None, 48): the -1 cannot be divided out of a None batch.
  const reshape = result.models[0].nodes.find((n) => n.layer.operation === 'keras.ops.reshape');
  assert.ok(reshape);
  assert.deepEqual(result.shapes.outputShape(reshape), [null, null, 48]);
  const m = measureModels(result.models, text);
  assert.equal(m.fullyKnown, true);
  // A size the analyzer cannot read stays unknown.
  const unread = text.replace('16 * channels', '16 * depth');
  const partly = measureModels((await analyze(unread)).models, unread);
  assert.equal(partly.fullyKnown, false);
});
