/**
 * Models whose input shape Keras only learns when they first get data: a
 * Sequential with no Input and no `input_shape=` (the Stack Overflow
 * `model = Sequential(); model.add(Dense(64, …)); model.fit(X_train, y_train)`)
 * is built by its first `fit`/`predict`/`evaluate`/call on data of known
 * shape, the batch axis variable, as Keras 3 builds it. Parameter counts are
 * those real Keras 3.15 gives for the same code.
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

const byName = (result: Analysis, name: string) => result.models.find((m) => m.name === name)!;

describe('a Sequential with no input shape is built by its first use on data', () => {
  const mlp = `
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    X_train = np.random.rand(500, 20)
    y_train = np.random.randint(0, 2, size=(500,))
    model = Sequential()
    model.add(Dense(64, activation='relu'))
    model.add(Dense(32, activation='relu'))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  `;
  const built = (batch: number | null) => [
    ['Dense', [batch, 64], 1344],
    ['Dense', [batch, 32], 2080],
    ['Dense', [batch, 1], 33],
  ];

  test('fit on arrays of known shape', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10, batch_size=32)
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(null));
  });

  test('predict, evaluate, train_on_batch build it the same way', async () => {
    for (const call of [
      'model.predict(X_train)',
      'model.evaluate(X_train, y_train)',
      'model.train_on_batch(X_train, y_train)',
    ]) {
      const result = await analyze(py`${mlp}
    ${call}
      `);
      assert.deepEqual(rows(result, byName(result, 'model')), built(null), call);
    }
  });

  test('called eagerly on a NumPy batch: built on that batch, its size included', async () => {
    const result = await analyze(py`${mlp}
    out = model(np.zeros((1, 20)))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(1));
  });

  test('only the first use counts (Keras builds once)', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10)
    model.predict(np.zeros((3, 7)))
    `);
    assert.deepEqual(rows(result, byName(result, 'model')), built(null));
  });

  test('a use that may not run does not build it', async () => {
    const result = await analyze(py`${mlp}
    import sys
    if len(sys.argv) > 1:
        model.fit(X_train, y_train)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('a declared input shape wins over the data (the data-mismatch rule still sees the declaration)', async () => {
    const result = await analyze(py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    X_train = np.random.rand(500, 20)
    y_train = np.random.randint(0, 2, size=(500,))
    model = Sequential()
    model.add(Dense(64, activation='relu', input_shape=(500, 20)))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam')
    model.fit(X_train, y_train)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', [null, 500, 64], 1344]);
    assert.equal(result.findings.filter((f) => f.rule === 'input-shape-data-mismatch').length, 1);
  });

  test('data of unknown shape (read from a file) leaves it unknown', async () => {
    const result = await analyze(py`
    import pandas as pd
    from keras.models import Sequential
    from keras.layers import Dense

    df = pd.read_csv("train.csv")
    X = df.drop("label", axis=1).values
    y = df["label"].values
    model = Sequential()
    model.add(Dense(16, activation='relu'))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy', optimizer='adam')
    model.fit(X, y)
    `);
    assert.deepEqual(rows(result, byName(result, 'model'))[0], ['Dense', null, null]);
  });

  test('built from its data, no rule about input shape against data fires', async () => {
    const result = await analyze(py`${mlp}
    model.fit(X_train, y_train, epochs=10, validation_split=0.2)
    `);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [],
    );
  });
});
