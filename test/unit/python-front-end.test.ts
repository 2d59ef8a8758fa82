/** The Python front end: what the abstract interpreter understands of real code. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { activationFromValue } from '../../src/analyzer/rules/facts';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, findings, py } from '../helpers';

async function models(text: string): Promise<ModelIR[]> {
  return (await analyze(text)).models;
}

function layerTypes(model: ModelIR): string[] {
  return model.nodes.map((n) => n.layer.type);
}

function lastLayer(model: ModelIR) {
  return model.outputs[0].layer;
}

function num(model: ModelIR, arg: string, layer = lastLayer(model)): number | null {
  const v = layer.call.args.get(arg)?.value;
  return v?.kind === 'number' ? v.value : null;
}

describe('imports in every common spelling', () => {
  const cases: [string, string][] = [
    ['import tensorflow as tf', 'tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])'],
    ['from tensorflow import keras', 'keras.Sequential([keras.layers.Dense(3, activation="softmax")])'],
    [
      'from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.models import Sequential',
      'Sequential([Dense(3, activation="softmax")])',
    ],
    ['import keras', 'keras.Sequential([keras.layers.Dense(3, activation="softmax")])'],
    ['from keras import layers, models', 'models.Sequential([layers.Dense(3, activation="softmax")])'],
    [
      'from keras.models import Sequential\nfrom keras.layers.core import Dense',
      'Sequential([Dense(3, activation="softmax")])',
    ],
    [
      'import tensorflow.keras.layers as L\nimport tensorflow.keras as K',
      'K.Sequential([L.Dense(3, activation="softmax")])',
    ],
    [
      'from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *',
      'Sequential([Dense(3, activation="softmax")])',
    ],
    // The Keras 3 preview package (2023), still in answers and in keras-io's recipes.
    ['import keras_core as keras', 'keras.Sequential([keras.layers.Dense(3, activation="softmax")])'],
    [
      'from keras_core import layers\nimport keras_core',
      'keras_core.Sequential([layers.Dense(3, activation="softmax")])',
    ],
    [
      'import tensorflow.compat.v2 as tf',
      'tf.keras.models.Sequential([tf.keras.layers.Dense(3, activation="softmax")])',
    ],
  ];
  for (const [imports, expr] of cases) {
    test(imports.replace(/\n/g, '; '), async () => {
      const [m] = await models(`${imports}\nmodel = ${expr}\n`);
      assert.ok(m, 'a model is found');
      assert.equal(m.kind, 'sequential');
      assert.deepEqual(layerTypes(m), ['Dense']);
      assert.equal(num(m, 'units'), 3);
    });
  }

  test('keras.utils.np_utils and keras.utils spellings of to_categorical', async () => {
    for (const imp of [
      'from keras.utils import np_utils\nf = np_utils.to_categorical',
      'from tensorflow.keras.utils import to_categorical as f',
      'import keras\nf = keras.utils.to_categorical',
    ]) {
      const result = await analyze(py`
        ${imp}
        from keras import Sequential, layers
        m = Sequential([layers.Dense(4, activation='softmax', input_shape=(3,))])
        m.compile(loss='categorical_crossentropy')
        m.fit(x, f(y, 4))
      `);
      assert.equal(result.models[0].fits[0].labels?.encoding, 'one-hot', imp);
      assert.equal(result.models[0].fits[0].labels?.numClasses, 4, imp);
    }
  });

  test('an unknown module stays unknown', async () => {
    assert.deepEqual(
      await models('from mylib import Sequential, Dense\nm = Sequential([Dense(1, activation="softmax")])\n'),
      [],
    );
  });
});

describe('constants and expressions', () => {
  test('module constants and integer arithmetic reach the layer', async () => {
    const [m] = await models(py`
      from keras import layers, Sequential
      NUM_CLASSES = 10
      HIDDEN = NUM_CLASSES * 8 // 2 + 3 - 1
      SHAPE = (28, 28) + (1,)
      m = Sequential([layers.Flatten(input_shape=SHAPE), layers.Dense(HIDDEN), layers.Dense(NUM_CLASSES ** 1)])
    `);
    assert.equal(num(m, 'units', m.nodes[1].layer), 42);
    assert.equal(num(m, 'units'), 10);
    const shape = m.nodes[0].layer.call.args.get('input_shape')?.value;
    assert.deepEqual(
      shape?.kind === 'sequence' ? shape.items.map((i) => (i.kind === 'number' ? i.value : null)) : null,
      [28, 28, 1],
    );
  });

  test('f-strings are unknown strings, so no rule fires on them', async () => {
    const result = await analyze(py`
      from keras import layers, Sequential
      act = 'soft'
      m = Sequential([layers.Dense(1, activation=f"{act}max")])
    `);
    assert.equal(result.models[0].outputs[0].layer.call.args.get('activation')?.value.kind, 'unknown');
    assert.deepEqual(result.findings, []);
  });

  test('values from data the analyzer cannot see stay unknown', async () => {
    const [m] = await models(py`
      from keras import layers, Sequential
      m = Sequential([layers.Dense(X.shape[1], input_shape=X.shape[1:])])
    `);
    assert.equal(num(m, 'units'), null);
  });

  test('strings: concatenation, escapes, raw strings', async () => {
    const [m] = await models(py`
      from keras import layers, Sequential
      m = Sequential([layers.Dense(2, activation='soft' 'max'), layers.Activation("sig" + "moid"), layers.Activation(r'\\relu')])
    `);
    const acts = m.nodes.map((n) => activationFromValue(n.layer.call.args.get('activation')?.value));
    assert.deepEqual(acts, ['softmax', 'sigmoid', '\\relu']);
  });
});

describe('model construction', () => {
  test('Sequential() + add, Sequential([...]) and Sequential(layers=[...]) build the same chain', async () => {
    const forms = [
      'm = Sequential()\nm.add(Dense(8, input_shape=(4,)))\nm.add(Dense(2))',
      'm = Sequential([Dense(8, input_shape=(4,)), Dense(2)])',
      'm = Sequential(layers=[Dense(8, input_shape=(4,)), Dense(2)], name="net")',
    ];
    for (const form of forms) {
      const [m] = await models(`from keras.layers import Dense\nfrom keras import Sequential\n${form}\n`);
      assert.deepEqual(layerTypes(m), ['Dense', 'Dense'], form);
      assert.equal(m.nodes[1].inputs[0], m.nodes[0], 'each layer feeds the next');
    }
  });

  test('functional API: Input, layers held in variables, Model(inputs, outputs) positional and keyword', async () => {
    for (const call of ['Model(inp, out)', 'Model(inputs=inp, outputs=out)', 'Model(inputs=[inp], outputs=[out])']) {
      const [m] = await models(py`
        from tensorflow.keras import Input, Model, layers
        inp = Input(shape=(16,))
        hidden = layers.Dense(8, activation='relu')
        x = hidden(inp)
        out = layers.Dense(3, activation='softmax')(x)
        model = ${call}
      `);
      assert.equal(m.kind, 'functional', call);
      assert.deepEqual(layerTypes(m), ['InputLayer', 'Dense', 'Dense'], call);
      assert.equal(m.inputs.length, 1);
      assert.equal(num(m, 'units'), 3);
    }
  });

  test('merge layers take several tensors', async () => {
    const [m] = await models(py`
      from keras import layers, Input, Model
      a = Input((4,))
      b = Input((6,))
      x = layers.Concatenate()([layers.Dense(3)(a), layers.Dense(3)(b)])
      m = Model([a, b], layers.Dense(1, activation='sigmoid')(x))
    `);
    const concat = m.nodes.find((n) => n.layer.type === 'Concatenate')!;
    assert.equal(concat.inputs.length, 2);
    assert.equal(m.inputs.length, 2);
  });

  test('models built in helper functions are found, named after the helper, with arguments bound', async () => {
    const result = await analyze(py`
      from keras import layers, Sequential
      def dense_block(model, units, dropout=0.5):
          model.add(layers.Dense(units, activation='relu'))
          model.add(layers.Dropout(dropout))

      def build_mlp(num_classes, hidden=(64, 32)):
          model = Sequential()
          model.add(layers.Input(shape=(20,)))
          for h in hidden:
              dense_block(model, h)
          model.add(layers.Dense(num_classes, activation='softmax'))
          return model

      model = build_mlp(5)
    `);
    const [m] = result.models;
    assert.equal(m.name, 'build_mlp');
    assert.deepEqual(layerTypes(m), ['InputLayer', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    assert.equal(num(m, 'units'), 5);
    assert.equal(num(m, 'units', m.nodes[3].layer), 32);
  });

  test('loops over literal ranges and lists unroll', async () => {
    const [m] = await models(py`
      from keras import layers, Sequential
      m = Sequential([layers.Input((32, 32, 3))])
      for i in range(3):
          m.add(layers.Conv2D(16 * 2 ** i, 3, activation='relu'))
          m.add(layers.MaxPooling2D())
      m.add(layers.Flatten())
    `);
    assert.deepEqual(layerTypes(m), [
      'InputLayer',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Flatten',
    ]);
    assert.equal(num(m, 'filters', m.nodes[5].layer), 64);
  });

  test('list comprehensions of layers', async () => {
    const [m] = await models(py`
      from keras import layers, Sequential
      m = Sequential([layers.Dense(u, activation='relu') for u in [64, 32]] + [layers.Dense(1)])
    `);
    assert.deepEqual(layerTypes(m), ['Dense', 'Dense', 'Dense']);
  });

  test('subclassed keras.Model: layers from __init__, graph from call()', async () => {
    const result = await analyze(py`
      import tensorflow as tf
      class Classifier(tf.keras.Model):
          def __init__(self, num_classes=4):
              super().__init__()
              self.hidden = [tf.keras.layers.Dense(32, activation='relu') for _ in range(2)]
              self.out = tf.keras.layers.Dense(num_classes, activation='softmax')
          def call(self, inputs, training=False):
              x = inputs
              for layer in self.hidden:
                  x = layer(x)
              return self.out(x)

      model = Classifier(num_classes=1)
      model.compile(optimizer='adam', loss='binary_crossentropy')
    `);
    const [m] = result.models;
    assert.equal(m.kind, 'subclassed');
    assert.equal(m.name, 'Classifier');
    assert.deepEqual(layerTypes(m), ['InputLayer', 'Dense', 'Dense', 'Dense']);
    assert.equal(num(m, 'units'), 1);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });

  test('a keras.Model subclass without __init__ given inputs and outputs is a functional model of that class', async () => {
    // Keras's Model.__init__ builds a Functional when it gets inputs and outputs, whatever the subclass
    // (the subclass here only overrides train_step, as in metric-learning and super-resolution answers).
    const result = await analyze(py`
      import tensorflow as tf
      from tensorflow import keras
      from tensorflow.keras import layers

      class SiameseModel(keras.Model):
          def train_step(self, data):
              x, y = data
              with tf.GradientTape() as tape:
                  loss = self.compiled_loss(y, self(x, training=True))
              return {"loss": loss}

      inputs = layers.Input(shape=(32, 32, 3))
      x = layers.Conv2D(32, 3, activation="relu")(inputs)
      x = layers.GlobalAveragePooling2D()(x)
      outputs = layers.Dense(1, activation="softmax")(x)
      model = SiameseModel(inputs, outputs)
      model.compile(optimizer="adam", loss="binary_crossentropy")
      other = SiameseModel(inputs=inputs, outputs=x, name="features")
    `);
    const model = result.models.find((m) => m.name === 'SiameseModel')!;
    assert.equal(model.kind, 'functional');
    assert.deepEqual(layerTypes(model), ['InputLayer', 'Conv2D', 'GlobalAveragePooling2D', 'Dense']);
    assert.ok(model.complete);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
    const features = result.models.find((m) => m.name === 'features')!;
    assert.deepEqual(layerTypes(features), ['InputLayer', 'Conv2D', 'GlobalAveragePooling2D']);
  });

  test('a keras.Model subclass with its own __init__ stays subclassed, inputs and outputs or not', async () => {
    const result = await analyze(py`
      from tensorflow import keras

      class Net(keras.Model):
          def __init__(self, units):
              super().__init__()
              self.dense = keras.layers.Dense(units)
          def call(self, x):
              return self.dense(x)

      model = Net(10)
    `);
    const [model] = result.models;
    assert.equal(model.kind, 'subclassed');
    assert.deepEqual(layerTypes(model), ['InputLayer', 'Dense']);
  });

  test("another library's layer stands in the graph under its name; the layers around it stay", async () => {
    // TensorFlow Addons' WeightNormalization wrapping a Conv1D, as in MelGAN-style generators.
    const result = await analyze(py`
      from tensorflow import keras
      from tensorflow.keras import layers
      from tensorflow_addons import layers as addon_layers

      inp = keras.Input(shape=(None, 80))
      x = layers.Conv1D(64, 7, padding="same")(inp)
      x = layers.LeakyReLU()(x)
      x = addon_layers.WeightNormalization(layers.Conv1D(1, 7, padding="same", activation="tanh"))(x)
      generator = keras.Model(inp, x)
    `);
    const [model] = result.models;
    assert.deepEqual(layerTypes(model), ['InputLayer', 'Conv1D', 'LeakyReLU', 'WeightNormalization']);
    const [conv] = model.nodes.filter((n) => n.layer.type === 'Conv1D');
    assert.deepEqual(result.shapes.outputShape(conv), [null, null, 64]);
    assert.equal(lastLayer(model).known, false);
  });

  test('a TensorFlow Hub layer in a Sequential keeps the head the rules check', async () => {
    // The transfer-learning question: a Hub feature extractor, then one softmax unit for two classes.
    const found = await findings(
      py`
        import tensorflow as tf
        import tensorflow_hub as hub

        model = tf.keras.Sequential([
            hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5", trainable=False),
            tf.keras.layers.Dense(1, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
      `,
    );
    assert.deepEqual(
      found.map((f) => f.rule),
      ['softmax-single-unit'],
    );
    // The Hub layer is a layer of the model under its name, not an Unknown stand-in.
    const result = await analyze(py`
      import tensorflow as tf
      import tensorflow_hub as hub

      model = tf.keras.Sequential([
          hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5", trainable=False),
          tf.keras.layers.Dense(1, activation="softmax"),
      ])
    `);
    assert.deepEqual(layerTypes(result.models[0]), ['KerasLayer', 'Dense']);
  });

  test("another library's optimizer or loss is not a layer", async () => {
    const result = await analyze(py`
      import tensorflow as tf
      import tensorflow_addons as tfa

      model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax", input_shape=(4,))])
      model.compile(optimizer=tfa.optimizers.AdamW(weight_decay=1e-4), loss=tfa.losses.SigmoidFocalCrossEntropy())
    `);
    assert.deepEqual(layerTypes(result.models[0]), ['Dense']);
    assert.deepEqual(result.findings, []);
  });

  test('a custom layer whose call() the analyzer cannot follow is one layer of the graph, not a cut', async () => {
    const result = await analyze(py`
      import tensorflow as tf
      import tensorflow_io as tfio
      from tensorflow import keras
      from tensorflow.keras import layers

      class Spectrogram(layers.Layer):
          def call(self, audio):
              return tfio.audio.spectrogram(audio, nfft=512, window=512, stride=256)

      inp = keras.Input(shape=(16000,))
      x = layers.Rescaling(1 / 32768)(inp)
      x = Spectrogram()(x)
      x = layers.GlobalAveragePooling1D()(x)
      out = layers.Dense(10, activation="softmax")(x)
      model = keras.Model(inp, out)
    `);
    const [model] = result.models;
    assert.deepEqual(layerTypes(model), ['InputLayer', 'Rescaling', 'Spectrogram', 'GlobalAveragePooling1D', 'Dense']);
    const [spectrogram] = model.nodes.filter((n) => n.layer.type === 'Spectrogram');
    assert.equal(result.shapes.outputShape(spectrogram), null);
  });

  test("a custom layer's build(input_shape) runs before its first call, with the input's shape", async () => {
    // Keras calls build once with the static shape; the layers made there size themselves from it.
    const result = await analyze(py`
      import keras
      from keras import layers

      class Residual(layers.Layer):
          def build(self, input_shape):
              self.proj = layers.Dense(input_shape[-1])
              self.norm = layers.LayerNormalization()

          def call(self, inputs):
              return self.norm(inputs + self.proj(inputs))

      inputs = keras.Input(shape=(16, 24))
      x = Residual()(inputs)
      x = layers.GlobalAveragePooling1D()(x)
      outputs = layers.Dense(3, activation="softmax")(x)
      model = keras.Model(inputs, outputs)
    `);
    // Keras 3.15: residual (Residual) 648 = Dense 24*24+24 + LayerNormalization 2*24; the head 24*3+3.
    const summary = summarizeModel(result.models[0], result.shapes);
    assert.equal(summary.totalParams, 723);
    assert.deepEqual(summary.rows.at(-1)?.outputShape, [null, 3]);
  });

  test("a custom layer's add_weight weights give their operations a shape, and leave the count unknown", async () => {
    // The Keras guide's Linear layer. Keras 3.15.1: linear (None, 4) with 36 weights, then dense (None, 1) 5.
    const text = py`
      import keras
      from keras import layers, ops

      class Linear(layers.Layer):
          def __init__(self, units=32):
              super().__init__()
              self.units = units

          def build(self, input_shape):
              self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
              self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)

          def call(self, inputs):
              return ops.matmul(inputs, self.w) + self.b

      inputs = keras.Input(shape=(8,))
      x = Linear(4)(inputs)
      outputs = layers.Dense(1)(x)
      model = keras.Model(inputs, outputs)
    `;
    const result = await analyze(text);
    const summary = summarizeModel(result.models[0], result.shapes);
    assert.deepEqual(
      summary.rows.map((r) => [r.type, r.outputShape, r.params]),
      [
        ['Matmul', [null, 4], null],
        ['Add', [null, 4], null],
        ['Dense', [null, 1], 5],
      ],
    );
    // The 36 weights of Linear are in no row: the total is unknown, never 5.
    assert.equal(summary.totalParams, null);
  });

  test('several models in one file, each with its own name and range', async () => {
    const text = py`
      from keras import layers, Sequential, Input, Model
      encoder = Sequential([layers.Dense(8, input_shape=(4,))], name='enc')
      inp = Input((4,))
      classifier = Model(inp, layers.Dense(2, activation='softmax')(inp))
    `;
    const ms = await models(text);
    assert.deepEqual(
      ms.map((m) => m.name),
      ['enc', 'classifier'],
    );
    assert.ok(text.slice(ms[0].span.start, ms[0].span.end).startsWith('Sequential('));
    assert.ok(text.slice(ms[1].span.start, ms[1].span.end).startsWith('Model('));
  });

  test('a helper nobody calls is still analysed', async () => {
    const result = await analyze(py`
      from keras import layers, Sequential
      def make_model():
          m = Sequential([layers.Dense(1, activation='softmax', input_shape=(3,))])
          m.compile(loss='binary_crossentropy')
          return m
    `);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });

  test('recursion and deep helper chains end with unknowns, not hangs', async () => {
    const result = await analyze(py`
      from keras import layers, Sequential
      def f(n):
          return f(n + 1)
      def g0(): return g1()
      def g1(): return g2()
      def g2(): return g3()
      def g3(): return g4()
      def g4(): return g5()
      def g5(): return g6()
      def g6(): return g7()
      def g7(): return g8()
      def g8(): return g9()
      def g9(): return g10()
      def g10(): return Sequential([layers.Dense(1, activation='softmax')])
      x = f(0)
      m = g0()
    `);
    assert.ok(result.models.length >= 1, 'the model deep down is still analysed on its own');
  });
});

describe('compile and fit', () => {
  test('loss as string, function reference and object (with from_logits)', async () => {
    const forms: [string, string, boolean | null, string][] = [
      ["'categorical_crossentropy'", 'categorical_crossentropy', false, 'string'],
      ['keras.losses.categorical_crossentropy', 'categorical_crossentropy', false, 'function'],
      ['keras.losses.CategoricalCrossentropy()', 'categorical_crossentropy', false, 'object'],
      [
        'keras.losses.SparseCategoricalCrossentropy(from_logits=True)',
        'sparse_categorical_crossentropy',
        true,
        'object',
      ],
      ["'mse'", 'mean_squared_error', false, 'string'],
      ['my_loss', '', null, 'custom'],
    ];
    for (const [expr, id, logits, form] of forms) {
      const [m] = await models(py`
        import keras
        def my_loss(y, p): return y - p
        m = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])
        m.compile(optimizer='adam', loss=${expr})
      `);
      const loss = m.compile!.loss!;
      assert.equal(loss.id ?? '', id, expr);
      assert.equal(loss.fromLogits, logits, expr);
      assert.equal(loss.form, form, expr);
    }
  });

  test('optimizer objects with learning rates, positional and keyword, and legacy lr', async () => {
    for (const [expr, id, lr] of [
      ['keras.optimizers.Adam(learning_rate=0.01)', 'adam', 0.01],
      ['keras.optimizers.SGD(0.5)', 'sgd', 0.5],
      ['keras.optimizers.RMSprop(lr=1e-4)', 'rmsprop', 1e-4],
      ["'adam'", 'adam', 0.001],
    ] as const) {
      const [m] = await models(
        `import keras\nm = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer=${expr}, loss='mse')\n`,
      );
      assert.equal(m.compile!.optimizer!.id, id, expr);
      assert.ok(Math.abs((m.compile!.optimizer!.learningRate ?? 0) - lr) < 1e-7, expr);
    }
  });

  test('metrics are logged under the names Keras uses', async () => {
    const [m] = await models(py`
      import keras
      m = keras.Sequential([keras.layers.Dense(1)])
      m.compile(loss='mse', metrics=['acc', 'mae', keras.metrics.AUC(), keras.metrics.Precision(name='prec'), keras.metrics.mean_absolute_error])
    `);
    assert.deepEqual(
      m.compile!.metrics!.map((x) => x.loggedName),
      ['acc', 'mae', 'auc', 'prec', 'mean_absolute_error'],
    );
  });

  test('compile and fit inside a helper that receives the model', async () => {
    const result = await analyze(py`
      import keras
      from keras.utils import to_categorical
      (x_train, y_train), _ = keras.datasets.cifar10.load_data()
      x_train = x_train / 255.0
      def run_experiment(model, epochs=5):
          model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
          return model.fit(x_train, to_categorical(y_train), epochs=epochs, validation_split=0.1)
      net = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
      run_experiment(net)
    `);
    const [m] = result.models;
    assert.equal(m.fits[0].labels?.encoding, 'one-hot');
    assert.equal(m.fits[0].labels?.numClasses, 10);
    assert.equal(m.fits[0].hasValidation, true);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['sparse-loss-one-hot-labels'],
    );
  });

  test('callbacks and their monitors', async () => {
    const [m] = await models(py`
      from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, TensorBoard
      import keras
      m = keras.Sequential([keras.layers.Dense(1)])
      m.compile(loss='mse')
      cbs = [EarlyStopping(patience=3), ModelCheckpoint('best.keras', monitor='val_mae'), ReduceLROnPlateau('loss'), TensorBoard()]
      m.fit(x, y, callbacks=cbs)
    `);
    assert.deepEqual(
      m.fits[0].callbacks!.map((c) => `${c.type}:${c.monitor}`),
      ['EarlyStopping:val_loss', 'ModelCheckpoint:val_mae', 'ReduceLROnPlateau:loss'],
    );
    assert.equal(m.fits[0].hasValidation, false);
  });
});

describe('label provenance', () => {
  async function labelsOf(setup: string, y: string) {
    const [m] = await models(
      `import numpy as np\nimport pandas as pd\nimport tensorflow as tf\nimport keras\n${setup}\nm = keras.Sequential([keras.layers.Dense(3)])\nm.fit(x, ${y})\n`,
    );
    const l = m.fits[0].labels;
    return l ? `${l.encoding}/${l.numClasses}` : null;
  }

  test('one-hot encoders', async () => {
    assert.equal(await labelsOf('', 'keras.utils.to_categorical(y, num_classes=7)'), 'one-hot/7');
    assert.equal(await labelsOf('', 'keras.utils.to_categorical(y)'), 'one-hot/null');
    assert.equal(await labelsOf('', 'tf.one_hot(y, depth=5)'), 'one-hot/5');
    assert.equal(await labelsOf('', 'np.eye(4)[y]'), 'one-hot/4');
    assert.equal(await labelsOf('', 'pd.get_dummies(df["label"]).values'), 'one-hot/null');
    assert.equal(
      await labelsOf(
        'from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder(sparse_output=False)',
        'enc.fit_transform(y.reshape(-1, 1))',
      ),
      'one-hot/null',
    );
    assert.equal(
      await labelsOf('from sklearn.preprocessing import LabelBinarizer\nlb = LabelBinarizer()', 'lb.fit_transform(y)'),
      'one-hot/null',
    );
  });

  test('integer labels', async () => {
    assert.equal(
      await labelsOf('from sklearn.preprocessing import LabelEncoder', 'LabelEncoder().fit_transform(y)'),
      'integer/null',
    );
    assert.equal(await labelsOf('(x, y), _ = keras.datasets.mnist.load_data()', 'y'), 'integer/10');
    assert.equal(
      await labelsOf(
        '(x, y), _ = tf.keras.datasets.cifar100.load_data(label_mode="coarse")',
        'y.astype("int32")[:1000]',
      ),
      'integer/20',
    );
    assert.equal(await labelsOf('y = np.random.randint(0, 3, size=(100,))', 'y'), 'integer/3');
    assert.equal(await labelsOf('oh = keras.utils.to_categorical(y0, 6)', 'np.argmax(oh, axis=1)'), 'integer/6');
  });

  test('directory loaders: label_mode and class_mode', async () => {
    const ds = (args: string) => `ds = keras.utils.image_dataset_from_directory("d"${args})\nx = ds`;
    const fit = async (setup: string) => {
      const [m] = await models(
        `import keras\nfrom keras.preprocessing.image import ImageDataGenerator\n${setup}\nm = keras.Sequential([keras.layers.Dense(3)])\nm.fit(x)\n`,
      );
      const l = m.fits[0].labels;
      return l ? l.encoding : null;
    };
    assert.equal(await fit(ds('')), 'integer');
    assert.equal(await fit(ds(', label_mode="categorical"')), 'one-hot');
    assert.equal(await fit(ds(', label_mode="binary"')), 'binary');
    assert.equal(await fit(ds(', label_mode=None')), null);
    const gen = (args: string) => `x = ImageDataGenerator(rescale=1/255).flow_from_directory("d"${args})`;
    assert.equal(await fit(gen('')), 'one-hot');
    assert.equal(await fit(gen(', class_mode="binary"')), 'binary');
    assert.equal(await fit(gen(', class_mode="sparse"')), 'integer');
  });
});

describe('activations in every form', () => {
  const forms: [string, string][] = [
    ["layers.Dense(3, activation='softmax')", 'softmax'],
    ['layers.Dense(3, activation=tf.nn.softmax)', 'softmax'],
    ['layers.Dense(3, activation=keras.activations.softmax)', 'softmax'],
    ['layers.Dense(3, activation=None)', 'linear'],
    ['layers.Dense(3)', 'linear'],
  ];
  for (const [expr, id] of forms) {
    test(expr, async () => {
      const [m] = await models(
        `import tensorflow as tf\nimport keras\nfrom keras import layers\nm = keras.Sequential([${expr}])\n`,
      );
      assert.equal(activationFromValue(m.nodes[0].layer.call.args.get('activation')?.value), id);
    });
  }

  test("Activation('softmax') and Softmax() layers count as the output activation", async () => {
    for (const tail of ["layers.Activation('softmax')", 'layers.Softmax()']) {
      const result = await analyze(
        `import keras\nfrom keras import layers\nm = keras.Sequential([layers.Dense(1, input_shape=(3,)), ${tail}])\nm.compile(loss='binary_crossentropy')\n`,
      );
      assert.deepEqual(
        result.findings.map((f) => f.rule),
        ['softmax-single-unit'],
        tail,
      );
    }
  });
});

describe('conditions', () => {
  test("`if __name__ == '__main__':` runs", async () => {
    const result = await analyze(py`
      import keras
      if __name__ == '__main__':
          m = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(2,))])
          m.compile(loss='binary_crossentropy')
    `);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });

  test('known conditions pick their branch', async () => {
    const result = await analyze(py`
      import keras
      NUM_CLASSES = 2
      m = keras.Sequential([keras.layers.Input((8,))])
      if NUM_CLASSES == 2:
          m.add(keras.layers.Dense(1, activation='sigmoid'))
          loss = 'binary_crossentropy'
      else:
          m.add(keras.layers.Dense(NUM_CLASSES, activation='softmax'))
          loss = 'categorical_crossentropy'
      m.compile(loss=loss, optimizer='adam')
    `);
    assert.deepEqual(
      result.models[0].nodes.map((n) => n.layer.type),
      ['InputLayer', 'Dense'],
    );
    assert.equal(result.models[0].compile?.loss?.id, 'binary_crossentropy');
    assert.deepEqual(result.findings, []);
  });

  test('undecidable conditions never turn into findings', async () => {
    const result = await analyze(py`
      import sys, keras
      binary = len(sys.argv) > 1
      m = keras.Sequential([keras.layers.Input((8,))])
      if binary:
          m.add(keras.layers.Dense(1, activation='sigmoid'))
          loss = 'binary_crossentropy'
      else:
          m.add(keras.layers.Dense(10, activation='softmax'))
          loss = 'categorical_crossentropy'
      m.compile(loss=loss, optimizer='adam')
    `);
    assert.deepEqual(result.findings, []);
    assert.equal(result.models[0].compile?.loss?.id, null, 'the loss differs between branches: unknown');
  });
});

describe('error tolerance', () => {
  test('a half-typed line does not hide the rest of the file', async () => {
    const result = await analyze(py`
      import keras
      model = keras.Sequential()
      model.add(keras.layers.Dense(
      other = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
      other.compile(loss='binary_crossentropy')
    `);
    assert.ok(result.syntaxErrors > 0);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });

  test('a syntax error mid-file keeps findings before and after it', async () => {
    const result = await analyze(py`
      import keras
      a = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
      def broken(:
          pass
      b = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
    `);
    assert.equal(result.findings.filter((f) => f.rule === 'softmax-single-unit').length, 2);
  });
});

describe('real tutorial code', () => {
  test('TensorFlow tutorial patterns are understood and stay silent', async () => {
    const fs = await import('node:fs');
    const result = await analyze(fs.readFileSync('test/fixtures/python/tensorflow_tutorials.py', 'utf8'));
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
    );
    const transfer = result.models.find((m) => m.kind === 'functional')!;
    assert.ok(transfer.complete, 'preprocess_input keeps the graph connected');
    // preprocess_input's `x / 127.5 - 1`: two operations, as Keras 3's model.summary() lists them.
    assert.deepEqual(layerTypes(transfer), [
      'InputLayer',
      'Sequential',
      'TrueDivide',
      'Subtract',
      'MobileNetV2',
      'GlobalAveragePooling2D',
      'Dropout',
      'Dense',
    ]);
    assert.equal(transfer.compile?.loss?.fromLogits, true);
    const text = result.models.find((m) => m.name === 'model2')!;
    assert.deepEqual(
      text.compile?.metrics?.map((m) => m.loggedName),
      ['binary_accuracy'],
      'tf.metrics is tf.keras.metrics',
    );
  });
});

describe('helper classes', () => {
  test('models built in methods of a class nobody instantiates are still analysed', async () => {
    const result = await analyze(py`
      import keras
      class Experiment:
          def __init__(self, units=1):
              self.units = units
          def build(self):
              model = keras.Sequential([keras.layers.Dense(self.units, activation='softmax', input_shape=(4,))])
              model.compile(loss='binary_crossentropy')
              return model
    `);
    // units come from an unknown argument: the model is found, and nothing is claimed about it.
    assert.equal(result.models.length, 1);
    assert.deepEqual(result.findings, []);
  });
  test('methods called through an instance use its attributes', async () => {
    const result = await analyze(py`
      import keras
      class Experiment:
          def __init__(self):
              self.units = 1
          def build(self):
              return keras.Sequential([keras.layers.Dense(self.units, activation='softmax', input_shape=(4,))])
      exp = Experiment()
      model = exp.build()
    `);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });
});
