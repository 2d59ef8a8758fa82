/**
 * Label encodings followed from where they are made to `fit`, through what
 * questions put between them: scikit-learn's `train_test_split` and
 * `shuffle`, DataFrame `.values`, slicing, a helper that returns the labels, a
 * `tf.data` map. Each program feeds one-hot labels to
 * sparse_categorical_crossentropy (Keras fails in fit with a shape error), so
 * the rule firing shows the encoding arrived; the row counts after a split are
 * what scikit-learn 1.x gives for the same sizes (worked out with it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, findings, py } from '../helpers';

const RULE = 'sparse-loss-one-hot-labels';

describe('one-hot labels reach fit through', () => {
  test('LabelEncoder, to_categorical, then train_test_split (the iris answer)', async () => {
    const found = await findings(
      py`
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import LabelEncoder
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.utils import to_categorical

        df = pd.read_csv("iris.csv")
        X = df.iloc[:, 0:4].values
        y = df.iloc[:, 4].values
        encoder = LabelEncoder()
        y = encoder.fit_transform(y)
        y = to_categorical(y)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

        model = Sequential()
        model.add(Dense(8, input_dim=4, activation="relu"))
        model.add(Dense(3, activation="softmax"))
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(X_train, y_train, epochs=50, batch_size=10, validation_data=(X_test, y_test))
      `,
      RULE,
    );
    assert.equal(found.length, 1);
    assert.match(found[0].message, /one-hot labels from to_categorical/);
  });

  test('pd.get_dummies, a split with stratify=, then .values', async () => {
    const found = await findings(
      py`
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense

        data = pd.read_csv("data.csv")
        X = data.drop("label", axis=1)
        y = pd.get_dummies(data["label"])
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y)
        X_train = X_train.values
        y_train = y_train.values

        model = Sequential()
        model.add(Dense(64, activation="relu", input_shape=(10,)))
        model.add(Dense(5, activation="softmax"))
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(X_train, y_train, epochs=10)
      `,
      RULE,
    );
    assert.equal(found.length, 1);
    assert.match(found[0].message, /pd\.get_dummies/);
  });

  test('a helper returning np.eye(k)[y], sklearn.utils.shuffle and a slice', async () => {
    const found = await findings(
      py`
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        from sklearn.utils import shuffle

        def load_labels(path):
            raw = np.loadtxt(path, dtype=int)
            return np.eye(10)[raw]

        X = np.load("features.npy")
        y = load_labels("labels.txt")
        X, y = shuffle(X, y, random_state=0)
        y_train = y[:800]

        model = Sequential([Dense(32, activation="relu", input_shape=(20,)), Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(X[:800], y_train, epochs=5)
      `,
      RULE,
    );
    assert.equal(found.length, 1);
    assert.match(found[0].message, /np\.eye\(10\)/);
  });

  test('a split of the split (train, validation, test)', async () => {
    const found = await findings(
      py`
        from sklearn.model_selection import train_test_split
        from tensorflow import keras

        (x, y), _ = keras.datasets.cifar10.load_data()
        y = keras.utils.to_categorical(y, 10)
        x_train, x_rest, y_train, y_rest = train_test_split(x, y, test_size=0.3)
        x_val, x_test, y_val, y_test = train_test_split(x_rest, y_rest, test_size=0.5)

        model = keras.Sequential([
            keras.layers.Flatten(input_shape=(32, 32, 3)),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, validation_data=(x_val, y_val))
      `,
      RULE,
    );
    assert.equal(found.length, 1);
  });
});

describe('stays silent where the labels are not followed', () => {
  test('arrays passed through *args to train_test_split', async () => {
    const found = await findings(
      py`
        from sklearn.model_selection import train_test_split
        from keras.utils import to_categorical
        import keras

        y = to_categorical(labels, 10)
        parts = train_test_split(*arrays, test_size=0.2)
        x_train, x_test, y_train, y_test = parts
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
      `,
      RULE,
    );
    assert.deepEqual(found, []);
  });

  test('the integer labels of a split (no rule to fire)', async () => {
    const found = await findings(
      py`
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import LabelEncoder
        import keras

        y = LabelEncoder().fit_transform(np.loadtxt("labels.txt", dtype=str))
        x_train, x_test, y_train, y_test = train_test_split(np.load("x.npy"), y)
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
      `,
    );
    assert.deepEqual(found, []);
  });
});

describe('row counts after a split, as scikit-learn computes them', () => {
  const inputOf = async (split: string) => {
    const result = await analyze(py`
      import numpy as np
      from sklearn.model_selection import train_test_split
      from keras.models import Sequential
      from keras.layers import Dense

      X = np.random.rand(999, 20)
      y = np.random.rand(999)
      ${split}
      model = Sequential()
      model.add(Dense(1, input_shape=(len(X_train), X_train.shape[1])))
    `);
    return summarizeModel(result.models[0], result.shapes).rows[0].outputShape;
  };

  const cases: [string, number][] = [
    ['test_size=0.33', 669],
    ['', 749],
    ['train_size=0.7', 699],
    ['test_size=150', 849],
    ['train_size=0.5, test_size=0.3', 499],
  ];
  for (const [sizes, rows] of cases) {
    test(`train_test_split(X, y${sizes ? `, ${sizes}` : ''}): ${rows} training rows`, async () => {
      const line = `X_train, X_test, y_train, y_test = train_test_split(X, y${sizes ? `, ${sizes}` : ''})`;
      assert.deepEqual(await inputOf(line), [null, rows, 1]);
    });
  }

  test('a size the analyzer cannot read leaves the row count unknown, the features known', async () => {
    const result = await analyze(py`
      import numpy as np
      from sklearn.model_selection import train_test_split
      from keras.models import Sequential
      from keras.layers import Dense

      X = np.random.rand(999, 20)
      X_train, X_test = train_test_split(X, test_size=args.test_size)
      model = Sequential([Dense(8, input_shape=X_train.shape[1:])])
    `);
    assert.deepEqual(summarizeModel(result.models[0], result.shapes).rows[0].outputShape, [null, 8]);
    const unknownRows = await analyze(py`
      import numpy as np
      from sklearn.model_selection import train_test_split
      from keras.models import Sequential
      from keras.layers import Dense

      X = np.random.rand(999, 20)
      X_train, X_test = train_test_split(X, test_size=args.test_size)
      model = Sequential([Dense(8, input_shape=(len(X_train), 20))])
    `);
    // The row axis is unknown (not 999, not a guess).
    assert.deepEqual(summarizeModel(unknownRows.models[0], unknownRows.shapes).rows[0].outputShape, [null, null, 8]);
  });
});
