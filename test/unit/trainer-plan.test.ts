/** From source to training plan: model choice, fixed variants analysed again, input shapes, refusals that name the layer. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { VerifyError } from '../../src/trainer/errors';
import { parseShape } from '../../src/trainer/input-shape';
import { planVerification } from '../../src/trainer/plan';
import type { VerifyRequest } from '../../src/trainer/protocol';
import { analyzer, py, rejection } from '../helpers';

const example = fs.readFileSync(path.join(__dirname, '../../examples/cats_vs_dogs_softmax.py'), 'utf8');

async function plan(source: string, extra: Partial<VerifyRequest> = {}, lenient = false) {
  return planVerification(await analyzer(), { source, language: 'python', ...extra }, lenient);
}

function refusal(source: string, extra: Partial<VerifyRequest> = {}): Promise<VerifyError> {
  return rejection(plan(source, extra), VerifyError);
}

test('the example: the model as written and one variant per fix, each the fixed text analysed again', async () => {
  const { plan: p } = await plan(example);
  assert.equal(p.modelName, 'build_model');
  assert.deepEqual(
    p.variants.map((v) => v.label),
    ['as written', 'Use sigmoid (keep 1 unit)', 'Use 2 units with softmax and sparse_categorical_crossentropy'],
  );
  const [asWritten, sigmoid, twoUnits] = p.variants.map((v) => v.spec);
  assert.deepEqual(asWritten.inputs, [{ id: 'in0', shape: [64, 64, 1] }]);
  assert.deepEqual(
    asWritten.nodes.map((n) => n.type),
    ['Rescaling', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dropout', 'Dense'],
  );
  assert.deepEqual(asWritten.nodes[8].config, { units: 1, activation: 'softmax' });
  assert.deepEqual(asWritten.loss, { id: 'binary_crossentropy', fromLogits: false, written: 'binary_crossentropy' });
  assert.equal(asWritten.optimizer.id, 'adam');
  assert.deepEqual(asWritten.labels?.encoding, 'binary');
  assert.deepEqual(sigmoid.nodes[8].config, { units: 1, activation: 'sigmoid' });
  assert.equal(sigmoid.loss.id, 'binary_crossentropy');
  assert.deepEqual(twoUnits.nodes[8].config, { units: 2, activation: 'softmax' });
  assert.equal(twoUnits.loss.id, 'sparse_categorical_crossentropy');
  assert.ok(p.variants[1].fix?.edits.length);
});

test('picks the model by line; without a line the first model with an error', async () => {
  const source = py`
    from tensorflow import keras
    from tensorflow.keras import layers
    good = keras.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(4,))])
    good.compile(optimizer="adam", loss="binary_crossentropy")
    bad = keras.Sequential([layers.Dense(1, activation="softmax", input_shape=(4,))])
    bad.compile(optimizer="adam", loss="binary_crossentropy")
  `;
  assert.equal((await plan(source)).plan.modelLine, 5);
  assert.equal((await plan(source, { line: 4 })).plan.modelLine, 3);
  assert.equal((await plan(source, { line: 4 })).plan.variants.length, 1);
  const outside = await refusal(source, { line: 1 });
  assert.match(outside.message, /line 1 is not part of a model; models in this file: good \(line 3\), bad \(line 5\)/);
  assert.equal((await plan(source, { line: 1 }, true)).plan.modelLine, 5);
});

test('input shapes: from Input(shape=), input_dim; unknown ones are asked for with a suggestion, never guessed', async () => {
  const functional = py`
    from tensorflow import keras
    inputs = keras.Input(shape=(28, 28, 1))
    x = keras.layers.Conv2D(8, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
  `;
  const f = (await plan(functional)).plan.variants[0].spec;
  assert.deepEqual(f.inputs[0].shape, [28, 28, 1]);
  assert.deepEqual(f.nodes[0].inputs, ['in0']);
  const dim = (
    await plan(py`
    from keras import Sequential
    from keras.layers import Dense
    m = Sequential([Dense(8, input_dim=12), Dense(1, activation="sigmoid")])
    m.compile(optimizer="sgd", loss="binary_crossentropy")
  `)
  ).plan.variants[0].spec;
  assert.deepEqual(dim.inputs[0].shape, [12]);
  const unknown = py`
    import numpy as np
    from tensorflow import keras
    X = np.load("x.npy")
    m = keras.Sequential([keras.layers.Conv2D(8, 3, input_shape=X.shape[1:]), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy")
  `;
  const e = await refusal(unknown);
  assert.equal(e.kind, 'input-shape-unknown');
  assert.deepEqual(e.suggestion, [64, 64, 3]);
  assert.deepEqual(
    (await plan(unknown, { inputShape: [32, 32, 1] })).plan.variants[0].spec.inputs[0].shape,
    [32, 32, 1],
  );
  const variable = await refusal(py`
    from tensorflow import keras
    m = keras.Sequential([keras.layers.LSTM(8, input_shape=(None, 4)), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy")
  `);
  assert.equal(variable.kind, 'input-shape-unknown');
  assert.deepEqual(variable.suggestion, [50, 4]);
  // A subclassed model that starts by flattening takes matrices or images: a vector would need no Flatten.
  const flattening = await refusal(py`
    import tensorflow as tf

    class MyModel(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.flatten = tf.keras.layers.Flatten()
            self.d1 = tf.keras.layers.Dense(128, activation="relu")
            self.d2 = tf.keras.layers.Dense(10)

        def call(self, x):
            return self.d2(self.d1(self.flatten(x)))

    model = MyModel()
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
  `);
  assert.equal(flattening.kind, 'input-shape-unknown');
  assert.deepEqual(flattening.suggestion, [28, 28]);
});

test('a Sequential with no input shape is trained on the shape of the data it is first fitted on', async () => {
  const source = py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense
    X_train = np.random.rand(1000, 10)
    y_train = np.random.randint(2, size=1000)
    model = Sequential()
    model.add(Dense(64, activation='relu'))
    model.add(Dense(1, activation='softmax'))
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
  `;
  const fitted = (await plan(`${source}model.fit(X_train, y_train, epochs=20)\n`)).plan.variants;
  assert.deepEqual(fitted[0].spec.inputs, [{ id: 'in0', shape: [10] }]);
  // Each fix is analysed again and still built on the same data.
  assert.ok(fitted.length > 1 && fitted.every((v) => v.spec.inputs[0].shape.join() === '10'));
  // Never fitted: nothing tells the shape.
  assert.equal((await refusal(source)).kind, 'input-shape-unknown');
});

test('refusals name the layer, the argument or the setting', async () => {
  const custom = await refusal(py`
    from tensorflow import keras
    class Block(keras.layers.Layer):
        pass
    m = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), Block(), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy")
  `);
  assert.equal(custom.kind, 'bad-input');
  assert.match(custom.message, /cannot rebuild layer Block \(line 4\)/);
  const arg = await refusal(py`
    from tensorflow import keras
    m = keras.Sequential([keras.layers.Conv1D(4, 3, groups=2, input_shape=(10, 4)), keras.layers.Flatten(), keras.layers.Dense(1)])
    m.compile(optimizer="adam", loss="mse")
  `);
  assert.match(arg.message, /Conv1D \(line 2\): argument `groups` is not supported/);
  const units = await refusal(py`
    import sys
    from tensorflow import keras
    n = int(sys.argv[1])
    m = keras.Sequential([keras.layers.Dense(n, input_shape=(3,)), keras.layers.Dense(1)])
    m.compile(optimizer="adam", loss="mse")
  `);
  assert.match(units.message, /Dense \(line 4\): `units` is not known statically/);
  const optimizer = await refusal(py`
    from tensorflow import keras
    m = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    m.compile(optimizer=keras.optimizers.Nadam(), loss="mse")
  `);
  assert.match(optimizer.message, /optimizer .*not one the trainer can rebuild/);
  const uncompiled = await refusal(py`
    from tensorflow import keras
    m = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
  `);
  assert.match(uncompiled.message, /never compiled/);
});

test('settings given as objects the trainer cannot read are listed as not reproduced, not dropped silently', async () => {
  const { plan: p } = await plan(py`
    from tensorflow import keras
    m = keras.Sequential([keras.layers.Dense(8, kernel_regularizer=keras.regularizers.l2(1e-4), input_shape=(3,)), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01, clipnorm=1.0), loss="mse")
  `);
  const spec = p.variants[0].spec;
  assert.deepEqual(spec.notReproduced, ['kernel_regularizer of Dense (line 2)', 'clipnorm of the optimizer']);
  assert.equal(spec.optimizer.learningRate, 0.01);
});

test('--input-shape parsing', () => {
  assert.deepEqual(parseShape('64,64,1'), [64, 64, 1]);
  assert.deepEqual(parseShape('(28, 28)'), [28, 28]);
  assert.deepEqual(parseShape('32x32x3'), [32, 32, 3]);
  assert.equal(parseShape('64,-1'), null);
  assert.equal(parseShape(''), null);
});
