/** Lists built with append/extend/insert/pop, the way helpers assemble layers and metrics. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, py } from '../helpers';

test('a layer list built with append in a loop over known sizes', async () => {
  const result = await analyze(py`
    from tensorflow import keras
    from tensorflow.keras import layers

    def create_ffn(hidden_units, dropout_rate):
        ffn_layers = []
        for units in hidden_units[:-1]:
            ffn_layers.append(layers.Dense(units, activation='gelu'))
        ffn_layers.append(layers.Dense(units=hidden_units[-1]))
        ffn_layers.insert(0, layers.Input(shape=(16,)))
        ffn_layers.extend([layers.Dropout(dropout_rate)])
        return keras.Sequential(ffn_layers)

    ffn = create_ffn([64, 32, 8], 0.1)
  `);
  const [model, ...others] = result.models;
  assert.equal(others.length, 0);
  assert.equal(model.name, 'create_ffn');
  assert.deepEqual(
    model.nodes.map((n) => [n.layer.type, n.layer.conditional]),
    [
      ['InputLayer', false],
      ['Dense', false],
      ['Dense', false],
      ['Dense', false],
      ['Dropout', false],
    ],
  );
  assert.equal(model.complete, true);
});

test('appended by a loop nobody can count: the layers are there, conditional', async () => {
  const result = await analyze(py`
    import keras
    def block(sizes):
        stack = [keras.Input(shape=(8,))]
        for size in sizes:
            stack.append(keras.layers.Dense(size, activation='relu'))
        stack.append(keras.layers.Dense(1, activation='softmax'))
        return keras.Sequential(stack)
    model = block(read_sizes())
    model.compile(loss='binary_crossentropy')
  `);
  assert.deepEqual(
    result.models[0].nodes.map((n) => [n.layer.type, n.layer.conditional]),
    [
      ['InputLayer', false],
      ['Dense', true],
      ['Dense', false],
    ],
  );
  // The output layer is certain: softmax on one unit is still an error.
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['softmax-single-unit'],
  );
});

test('a metric appended on a path that may not run is unknown, so no rule guesses the logged names', async () => {
  const result = await analyze(py`
    import sys, keras
    metrics = ['accuracy']
    if '--auc' in sys.argv:
        metrics.append('auc')
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation='sigmoid')])
    model.compile(loss='binary_crossentropy', metrics=metrics)
    model.fit(x, y, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_auc')])
  `);
  assert.deepEqual(result.findings, []);
});

test('a list appended to in a loop over files has an unknown length', async () => {
  // keras-io's pretrained word embeddings example: one class per folder.
  const result = await analyze(py`
    import os
    import keras
    from keras import layers

    class_names = []
    for dirname in sorted(os.listdir(data_dir)):
        class_names.append(dirname)

    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(20000, 100)(inputs)
    x = layers.GlobalMaxPooling1D()(x)
    preds = layers.Dense(len(class_names), activation="softmax")(x)
    model = keras.Model(inputs, preds)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"])
  `);
  assert.deepEqual(result.findings, []);
  const units = result.models[0].outputs[0].layer.call.args.get('units')?.value;
  assert.equal(units?.kind, 'unknown');
});

test('a dict of model inputs keyed by feature name, read back through keys(), items() and get()', async () => {
  // The structured-data recipe: one Input per column, encoded one by one, then concatenated.
  const result = await analyze(py`
    import keras
    from keras import layers

    NUMERIC_FEATURES = ["age", "fare"]
    CATEGORICAL_FEATURES = {"sex": ["male", "female"], "embarked": ["S", "C", "Q"]}
    FEATURE_NAMES = NUMERIC_FEATURES + list(CATEGORICAL_FEATURES.keys())

    inputs = {}
    for name in FEATURE_NAMES:
        if name in NUMERIC_FEATURES:
            inputs[name] = keras.Input(name=name, shape=(1,))
        else:
            inputs[name] = keras.Input(name=name, shape=(1,), dtype="int64")

    encoded = []
    for name, tensor in inputs.items():
        if name in CATEGORICAL_FEATURES:
            size = len(CATEGORICAL_FEATURES.get(name, []))
            encoded.append(layers.CategoryEncoding(num_tokens=size, output_mode="one_hot")(tensor))
        else:
            encoded.append(tensor)
    x = layers.concatenate(encoded)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
  `);
  const [model] = result.models;
  const concat = model.nodes.find((n) => n.layer.type === 'Concatenate')!;
  // Keras 3.15: 1 + 1 + 2 + 3 columns.
  assert.deepEqual(result.shapes.outputShape(concat), [null, 7]);
  assert.equal(model.inputs.length, 4);
});

test('a dict written under a key the analyzer cannot read is not iterated as if it were known', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers

    branches = {"a": layers.Dense(4)}
    branches[config_name] = layers.Dense(8)
    model = keras.Sequential([layers.Input(shape=(3,))] + [layer for layer in branches.values()])
  `);
  // Which layers the list holds is unknown: the model is not taken as complete (nor as an Input alone).
  assert.equal(result.models[0].complete, false);
});

test('a dict comprehension with keys the code names: its keys are known, its values what they are', async () => {
  // Vocabularies read from the data (unknown), keyed by column names written in the file (known).
  const result = await analyze(py`
    import keras
    from keras import layers

    CSV_HEADER = ["age", "workclass", "education", "income"]
    NUMERIC = ["age"]
    VOCABULARIES = {name: sorted(data[name].unique()) for name in CSV_HEADER if name not in NUMERIC + ["income"]}
    FEATURES = NUMERIC + list(VOCABULARIES.keys())

    inputs = {name: keras.Input(name=name, shape=(1,)) for name in FEATURES}
    x = layers.concatenate(list(inputs.values()))
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
  `);
  const [model] = result.models;
  assert.equal(model.inputs.length, 3);
  const concat = model.nodes.find((n) => n.layer.type === 'Concatenate')!;
  assert.deepEqual(result.shapes.outputShape(concat), [null, 3]);
});

test('a dict comprehension whose keys the analyzer cannot read is unknown, not empty', async () => {
  const result = await analyze(py`
    import keras
    from keras import layers

    inputs = {col: keras.Input(name=col, shape=(1,)) for col in df.columns}
    x = layers.concatenate(list(inputs.values()))
    model = keras.Model(inputs=inputs, outputs=layers.Dense(1)(x))
  `);
  assert.equal(result.models[0].complete, false);
});
