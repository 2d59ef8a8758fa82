/**
 * Snippets without imports: code pasted from a question or an answer, and
 * notebooks whose import cell is not in the file, use Keras names that nothing
 * binds. They are read as Keras's (names from the Keras catalog), unless the
 * file binds the name itself.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNotebook } from '../../src/analyzer/notebook';
import { kerasBareName } from '../../src/analyzer/python/bare-names';
import { catalog } from '../../src/analyzer/keras/catalog';
import { analyze, applyFix, findings, py, spanText } from '../helpers';

const rules = async (text: string) => (await findings(text)).map((f) => f.rule);

describe('snippets that use Keras names without importing them', () => {
  test('a binary CNN from a question: softmax on one unit, a callback watching val_acc', async () => {
    // The shape of a question "Why does my binary Keras CNN always predict 1?".
    const text = py`
      model = Sequential()
      model.add(Conv1D(input_shape=(10, 4), filters=16, kernel_size=4, padding='same'))
      model.add(BatchNormalization())
      model.add(LeakyReLU())
      model.add(Dropout(0.2))
      model.add(Flatten())
      model.add(Dense(64, activation='relu'))
      model.add(Dense(1))
      model.add(Activation('softmax'))

      reduce_lr = ReduceLROnPlateau(monitor='val_acc', factor=0.9, patience=30, min_lr=0.000001)
      model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
      history = model.fit(X_train, y_train, epochs=100, batch_size=128,
                          validation_data=(X_test, y_test), callbacks=[reduce_lr])
    `;
    const result = await analyze(text);
    assert.deepEqual(
      result.models[0].nodes.map((n) => n.layer.type),
      ['Conv1D', 'BatchNormalization', 'LeakyReLU', 'Dropout', 'Flatten', 'Dense', 'Dense', 'Activation'],
    );
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit', 'early-stopping-unknown-metric'],
    );
  });

  test('an answer using the module names it never imported (tf, np)', async () => {
    const text = py`
      X = np.random.rand(100, 20)
      y = tf.keras.utils.to_categorical(np.random.randint(0, 3, 100), 3)
      model = tf.keras.Sequential([
          tf.keras.layers.Dense(32, activation='relu', input_shape=(20,)),
          tf.keras.layers.Dense(3, activation='softmax'),
      ])
      model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
      model.fit(X, y, epochs=10)
    `;
    assert.deepEqual(await rules(text), ['sparse-loss-one-hot-labels']);
  });

  test('functional API, layers namespace and optimizer class, all bare', async () => {
    const text = py`
      inputs = Input(shape=(28, 28, 1))
      x = layers.Conv2D(32, 3, activation='relu')(inputs)
      x = layers.MaxPooling2D()(x)
      outputs = layers.Dense(10, activation='softmax')(x)
      model = Model(inputs, outputs)
      model.compile(optimizer=Adam(learning_rate=1e-3), loss='categorical_crossentropy')
    `;
    const result = await analyze(text);
    assert.equal(result.models[0].kind, 'functional');
    assert.equal(result.models[0].compile?.optimizer?.id, 'adam');
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['missing-flatten'],
    );
  });

  test('labels one-hot encoded by a bare to_categorical', async () => {
    const text = py`
      y_train = to_categorical(y_train, 10)
      model = Sequential([Dense(64, activation='relu', input_dim=784), Dense(10, activation='softmax')])
      model.compile(loss='sparse_categorical_crossentropy', optimizer='sgd')
      model.fit(x_train, y_train, epochs=5, validation_split=0.1, callbacks=[EarlyStopping(monitor='val_loss')])
    `;
    assert.deepEqual(await rules(text), ['sparse-loss-one-hot-labels']);
  });

  test('a fix inserts the missing layer the way the snippet writes layers (bare)', async () => {
    const text = py`
      model = Sequential()
      model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(64, 64, 3)))
      model.add(MaxPooling2D(pool_size=(2, 2)))
      model.add(Dense(128, activation='relu'))
      model.add(Dense(1, activation='sigmoid'))
      model.compile(optimizer='adam', loss='binary_crossentropy')
    `;
    const [f] = await findings(text, 'missing-flatten');
    assert.ok(f, 'missing-flatten is found in the snippet');
    const fixed = applyFix(text, f);
    assert.match(fixed, /model\.add\(Flatten\(\)\)\nmodel\.add\(Dense\(128/);
    assert.deepEqual(await findings(fixed, 'missing-flatten'), []);
  });
});

describe('names the file binds are never taken for Keras', () => {
  test('a Dense the file defines itself', async () => {
    const text = py`
      def Dense(units, activation=None):
          return units

      model = Sequential()
      model.add(Dense(1, activation='softmax'))
      model.compile(loss='binary_crossentropy', optimizer='adam')
    `;
    const result = await analyze(text);
    assert.deepEqual(
      result.models[0].nodes.map((n) => n.layer.type),
      ['Unknown'],
    );
    assert.deepEqual(result.findings, []);
  });

  test('a name assigned anywhere in the file, even after its use', async () => {
    const text = py`
      def build():
          return Sequential([Dense(1, activation='softmax', input_shape=(4,))])

      Sequential = make_sequential_factory()
      m = build()
      m.compile(loss='binary_crossentropy')
    `;
    assert.deepEqual(await rules(text), []);
  });

  test('a name imported from another library', async () => {
    const text = py`
      from mylib.layers import Dense
      model = Sequential([Dense(1, activation='softmax', input_shape=(4,))])
      model.compile(loss='binary_crossentropy')
    `;
    assert.deepEqual(await rules(text), []);
  });

  test("a star import of the user's own module may define any name", async () => {
    const text = py`
      from .layers import *
      model = Sequential([Dense(1, activation='softmax', input_shape=(4,))])
      model.compile(loss='binary_crossentropy')
    `;
    assert.deepEqual(await rules(text), []);
  });

  test('keyword arguments and comparisons are not assignments', async () => {
    const text = py`
      if Dense == None:
          print("no keras")
      model = Sequential([Dense(units=1, activation='softmax', input_shape=(4,))])
      model.compile(loss='binary_crossentropy')
    `;
    assert.deepEqual(await rules(text), ['softmax-single-unit']);
  });

  test('a name only mentioned in a string or a comment is still free', async () => {
    const text = py`
      """Dense = the classic fully connected layer."""
      # Sequential = the simplest model
      model = Sequential([Dense(1, activation='softmax', input_shape=(4,))])
      model.compile(loss='binary_crossentropy')
    `;
    assert.deepEqual(await rules(text), ['softmax-single-unit']);
  });
});

describe('notebooks whose import cell is missing', () => {
  test('the model cell alone is read with Keras names', async () => {
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# Binary classifier\n'] },
        {
          cell_type: 'code',
          source: [
            'model = Sequential()\n',
            "model.add(Dense(12, input_dim=8, activation='relu'))\n",
            "model.add(Dense(1, activation='softmax'))\n",
            "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n",
          ],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const program = parseNotebook(notebook);
    const result = await analyze(program.text);
    const [f] = result.findings;
    assert.equal(f?.rule, 'softmax-single-unit');
    assert.equal(spanText(program.text, f), "'softmax'");
  });
});

test('every bare Keras name comes from the catalog', () => {
  for (const name of ['Dense', 'Conv2D', 'LSTM', 'EarlyStopping', 'ModelCheckpoint', 'Adam', 'SGD', 'AUC']) {
    assert.ok(kerasBareName(name), name);
  }
  assert.equal(kerasBareName('Sequential'), 'keras.Sequential');
  assert.equal(kerasBareName('to_categorical'), 'keras.utils.to_categorical');
  assert.equal(kerasBareName('Dense'), 'keras.layers.Dense');
  assert.equal(kerasBareName('layers'), 'keras.layers');
  // A class that is both a loss and a metric is ambiguous without its namespace.
  assert.ok(Object.hasOwn(catalog.metrics.classes, 'MeanSquaredError'));
  assert.equal(kerasBareName('MeanSquaredError'), null);
  // Not Keras names: methods, builtins, anything else.
  for (const name of ['compile', 'fit', 'print', 'model', 'Foo']) assert.equal(kerasBareName(name), null, name);
});
