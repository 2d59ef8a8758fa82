/**
 * Shapes of NumPy arrays built from values the code shows (python/numpy-arrays.ts),
 * as Stack Overflow questions build their toy data: `X = np.random.rand(1000, 20)`
 * then `input_shape=X.shape[1:]`. Expected shapes are what NumPy 2 and Keras 3.15
 * give for the same lines (worked out with the reference install, quoted in comments).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layerRows, analyze, py } from '../helpers';

const rows = layerRows;

/** The first Dense layer of a small regression model whose input is declared by `input`. */
const regression = (data: string, input: string) => py`
  import numpy as np
  from keras.models import Sequential
  from keras.layers import Dense

  ${data}
  model = Sequential()
  model.add(Dense(64, ${input}, activation='relu'))
  model.add(Dense(1))
  model.compile(loss='mse', optimizer='adam')
`;

async function firstDense(data: string, input: string) {
  return (await rows(regression(data, input)))[0];
}

test('np.random.rand: input_dim=X.shape[1] and input_shape=X.shape[1:] are the feature count', async () => {
  const data = 'X = np.random.rand(1000, 20)\ny = np.random.rand(1000, 1)';
  // Keras: Dense(64) on (None, 20) has 20 * 64 + 64 = 1344 weights.
  const dense = { type: 'Dense', outputShape: [null, 64], params: 1344 };
  assert.deepEqual(await firstDense(data, 'input_dim=X.shape[1]'), dense);
  assert.deepEqual(await firstDense(data, 'input_shape=X.shape[1:]'), dense);
  assert.deepEqual(await firstDense(data, 'input_shape=(X.shape[-1],)'), dense);
});

test('the constructors NumPy offers give the shapes NumPy gives', async () => {
  const dense = (n: number) => ({ type: 'Dense', outputShape: [null, 64], params: n * 64 + 64 });
  const cases: [string, number][] = [
    ['X = np.zeros((500, 8))', 8],
    ['X = np.ones(shape=(500, 8), dtype=np.float32)', 8],
    ['X = np.empty((500, 8))', 8],
    ['X = np.full((500, 8), 0.5)', 8],
    ['X = np.random.randn(500, 12)', 12],
    ['X = np.random.random((64, 8))', 8],
    ['X = np.random.normal(0, 1, size=(500, 10))', 10],
    ['X = np.random.uniform(-1, 1, (200, 3))', 3],
    // np.arange(60).reshape(-1, 6): (10, 6)
    ['X = np.arange(60).reshape(-1, 6)', 6],
    // the XOR table: (4, 2)
    ["X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], 'float32')", 2],
    // .T of (5, 300) is (300, 5); astype keeps the shape
    ["X = np.random.rand(5, 300).T.astype('float32')", 5],
    // X[:, :-1] of (1000, 20): (1000, 19)
    ['data = np.random.rand(1000, 20)\nX = data[:, :-1]\ny = data[:, -1]', 19],
    // np.hstack of (3, 2) and (3, 5): (3, 7)
    ['X = np.hstack([np.zeros((3, 2)), np.ones((3, 5))])', 7],
    // np.vstack of two (5,) rows: (2, 5)
    ['X = np.vstack([np.zeros(5), np.ones(5)])', 5],
    // np.concatenate of (3, 4) and (2, 4): (5, 4)
    ['X = np.concatenate([np.zeros((3, 4)), np.ones((2, 4))])', 4],
    // np.stack of ten (7,) arrays: (10, 7)
    ['X = np.stack([np.zeros(7) for i in range(10)])', 7],
    // an array scaled and centred keeps its shape (broadcasting (1000, 9) with (9,))
    ['X = np.random.rand(1000, 9) * 2 - np.zeros(9)', 9],
    // rows picked by integer positions: np.eye(8)[np.random.choice(8, 500)] is (500, 8)
    ['X = np.eye(8)[np.random.choice(8, 500)]', 8],
    // the shuffling idiom: data[np.random.permutation(len(data))] keeps (1000, 12)
    ['data = np.random.rand(1000, 12)\nidx = np.random.permutation(len(data))\nX = data[idx]', 12],
    // np.random.permutation of an array shuffles its rows: (50, 4)
    ['X = np.random.permutation(np.random.rand(50, 4))', 4],
  ];
  for (const [data, features] of cases)
    assert.deepEqual(await firstDense(data, 'input_shape=X.shape[1:]'), dense(features), data);
});

test('an LSTM input from np.arange(...).reshape(-1, 10, 1): (X.shape[1], X.shape[2])', async () => {
  const text = py`
    import numpy as np
    from tensorflow.keras.models import Sequential
    from tensorflow.keras.layers import LSTM, Dense

    series = np.arange(1000)
    X = series.reshape(-1, 10, 1)
    model = Sequential()
    model.add(LSTM(32, input_shape=(X.shape[1], X.shape[2])))
    model.add(Dense(1))
  `;
  // Keras: LSTM(32) on (None, 10, 1) has 4 * (32 * (1 + 32) + 32) = 4352 weights.
  assert.deepEqual(await rows(text), [
    { type: 'LSTM', outputShape: [null, 32], params: 4352 },
    { type: 'Dense', outputShape: [null, 1], params: 33 },
  ]);
});

test('a functional Input(shape=x.shape[1:]) from np.expand_dims and x[..., None]', async () => {
  for (const expand of ['np.expand_dims(images, -1)', 'images[..., None]', 'images.reshape(-1, 28, 28, 1)']) {
    const text = py`
      import numpy as np
      from tensorflow import keras

      images = np.zeros((100, 28, 28))
      x = ${expand}
      inputs = keras.Input(shape=x.shape[1:])
      h = keras.layers.Conv2D(8, 3)(inputs)
      outputs = keras.layers.Flatten()(h)
      model = keras.Model(inputs, outputs)
    `;
    // Keras: Conv2D(8, 3) on (None, 28, 28, 1) gives (None, 26, 26, 8), 3 * 3 * 1 * 8 + 8 = 80 weights.
    assert.deepEqual(await rows(text), [
      { type: 'Conv2D', outputShape: [null, 26, 26, 8], params: 80 },
      { type: 'Flatten', outputShape: [null, 5408], params: 0 },
    ]);
  }
});

test('len(X) and the row slices of a split are numbers', async () => {
  const text = py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense

    X = np.random.rand(1000, 20)
    split = int(0.8 * len(X))
    X_train, X_test = X[:split], X[split:]
    model = Sequential([Dense(X_test.shape[0] // 100, input_shape=X_train.shape[1:])])
  `;
  // X[800:] has 200 rows, so the layer has 200 // 100 = 2 units: 20 * 2 + 2 = 42 weights.
  assert.deepEqual(await rows(text), [{ type: 'Dense', outputShape: [null, 2], params: 42 }]);
});

test('arrays read from files, or changed in ways not followed, keep an unknown shape', async () => {
  const unknown = [
    "X = np.load('features.npy')",
    "import pandas as pd\nX = pd.read_csv('data.csv').values",
    // advanced indexing and reductions are not followed
    'X = np.random.rand(1000, 20)[np.array([1, 2, 3])]',
    'X = np.random.rand(1000, 20).mean(axis=0)',
    // NumPy refuses these: the analyzer does not guess
    'X = np.zeros((10, 6)).reshape(-1, 7)',
    'X = np.concatenate([np.zeros((3, 4)), np.ones((2, 5))])',
    'X = np.random.rand(1000, 20) + np.zeros(3)',
    // a ragged list is not an array of numbers
    'X = np.array([[1, 2], [3]])',
  ];
  for (const data of unknown) {
    const dense = await firstDense(data, 'input_shape=X.shape[1:]');
    assert.equal(dense.params, null, data);
  }
});

test('columns sliced out of data read from a file: their count is known, the rows are not', async () => {
  // Keras: Dense(64) on (None, 8) has 8 * 64 + 64 = 576 weights.
  const dense = { type: 'Dense', outputShape: [null, 64], params: 576 };
  const sliced = [
    "dataset = np.loadtxt('pima-indians-diabetes.csv', delimiter=',')\nX = dataset[:,0:8]",
    "dataset = np.loadtxt('pima-indians-diabetes.csv', delimiter=',')\nX = dataset[:, :8].astype('float32')",
    "import pandas as pd\nX = pd.read_csv('diabetes.csv').iloc[:, 0:8].values",
    "import pandas as pd\nX = pd.read_csv('diabetes.csv').values[:, 1:9]",
    "import pandas as pd\nX = pd.read_csv('diabetes.csv').iloc[:, :8].to_numpy()[:500]",
  ];
  for (const data of sliced) {
    assert.deepEqual(await firstDense(data, 'input_dim=X.shape[1]'), dense, data);
    assert.deepEqual(await firstDense(data, 'input_shape=X.shape[1:]'), dense, data);
  }
  const reshaped = "dataset = np.loadtxt('series.csv', delimiter=',')\nX = dataset[:, 0:8].reshape(-1, 4, 2)";
  // Keras: Dense(64) on (None, 4, 2) gives (None, 4, 64) and has 2 * 64 + 64 = 192 weights.
  assert.deepEqual(await firstDense(reshaped, 'input_shape=X.shape[1:]'), {
    type: 'Dense',
    outputShape: [null, 4, 64],
    params: 192,
  });
  const notClaimed = [
    "dataset = np.loadtxt('data.csv', delimiter=',')\nX = dataset[:, :-1]",
    "dataset = np.loadtxt('data.csv', delimiter=',')\nX = dataset[:, 0:16:2]",
    "dataset = np.loadtxt('data.csv', delimiter=',')\nX = dataset[:, 0:8][0]",
  ];
  for (const data of notClaimed) {
    assert.equal((await firstDense(data, 'input_shape=X.shape[1:]')).params, null, data);
  }
});

test('an axis sized by what the analyzer cannot compute is unknown, the others stay known', async () => {
  const text = py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import LSTM, Dense

    sentences = open('corpus.txt').read().split('.')
    x = np.zeros((len(sentences), 40, 57), dtype='bool')
    model = Sequential()
    model.add(LSTM(128, input_shape=x.shape[1:]))
    model.add(Dense(57, activation='softmax'))
  `;
  // Keras: LSTM(128) on (None, 40, 57) has 4 * (128 * (57 + 128) + 128) = 95232 weights.
  assert.deepEqual((await rows(text))[0], { type: 'LSTM', outputShape: [null, 128], params: 95232 });
  // (n, 20) with n unknown: X.shape[1] is still 20; reshape(-1, 10, 1) of n values: (?, 10, 1).
  assert.deepEqual(await firstDense('X = np.random.rand(n_samples, 20)', 'input_dim=X.shape[1]'), {
    type: 'Dense',
    outputShape: [null, 64],
    params: 1344,
  });
  const series = await rows(py`
    import numpy as np
    from keras.models import Sequential
    from keras.layers import LSTM

    X = np.random.rand(n).reshape(-1, 10, 1)
    model = Sequential([LSTM(8, input_shape=X.shape[1:])])
  `);
  // 4 * (8 * (1 + 8) + 8) = 320
  assert.deepEqual(series, [{ type: 'LSTM', outputShape: [null, 8], params: 320 }]);
});

test('NumPy random Generators and RandomState: rng.random((n, d)), rs.rand(n, d)', async () => {
  const dense = (n: number) => ({ type: 'Dense', outputShape: [null, 64], params: n * 64 + 64 });
  const cases: [string, number][] = [
    ['rng = np.random.default_rng(42)\nX = rng.random((1000, 20))', 20],
    ['rng = np.random.default_rng()\nX = rng.normal(0, 1, size=(500, 10))', 10],
    ['rng = np.random.default_rng(0)\nX = rng.standard_normal((7, 4))', 4],
    ['rng = np.random.default_rng(0)\nX = rng.integers(0, 10, (5, 3))', 3],
    ['rs = np.random.RandomState(0)\nX = rs.rand(100, 3)', 3],
    ['rs = np.random.RandomState(0)\nX = rs.randint(0, 5, size=(8, 6))', 6],
  ];
  for (const [data, features] of cases)
    assert.deepEqual(await firstDense(data, 'input_shape=X.shape[1:]'), dense(features), data);
  // A generator method that is not a sampler (shuffle, permutation) makes nothing of known shape.
  const shuffled = await firstDense(
    'rng = np.random.default_rng(0)\nX = rng.permutation(data)',
    'input_shape=X.shape[1:]',
  );
  assert.equal(shuffled.params, null);
});

test('MNIST train and test images joined by np.concatenate: (70000, 28, 28) as NumPy gives', async () => {
  const text = py`
    import numpy as np
    from tensorflow import keras

    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    all_digits = np.concatenate([x_train, x_test])
    all_digits = all_digits.astype("float32") / 255.0
    all_digits = np.reshape(all_digits, (-1, 28, 28, 1))
    model = keras.Sequential([
        keras.layers.Conv2D(8, 3, input_shape=all_digits.shape),
        keras.layers.Flatten(),
        keras.layers.Dense(28 * 28),
    ])
    model.compile(optimizer='adam', loss='mse')
    model.fit(all_digits, all_digits.reshape(len(all_digits), 784))
  `;
  const result = await analyze(text);
  const messages = result.findings.filter((f) => f.rule === 'input-shape-data-mismatch').map((f) => f.message);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /whole array's shape \(70000, 28, 28, 1\), sample axis included/);
  const fixed = await analyze(text.replace('input_shape=all_digits.shape)', 'input_shape=all_digits.shape[1:])'));
  assert.deepEqual(
    fixed.findings.filter((f) => f.rule === 'input-shape-data-mismatch'),
    [],
  );
});

test('slices with steps and negative bounds count rows and columns as Python does', async () => {
  // NumPy, for a = np.zeros((100, 28, 28)): a[::2] (50, 28, 28), a[-10:] (10, 28, 28),
  // a[5:2] (0, 28, 28), a[::-1] (100, 28, 28), a[:, 3:-3, ::3] (100, 22, 10), a[0] (28, 28).
  const cases: [string, number, number][] = [
    ['a[::2]', 50, 28 * 28],
    ['a[-10:]', 10, 28 * 28],
    ['a[::-1]', 100, 28 * 28],
    ['a[:, 3:-3, ::3]', 100, 22 * 10],
    ['a[0]', 28, 28],
    ['a[:, :, 0]', 100, 28],
    ['a[np.newaxis, 7]', 1, 28 * 28],
  ];
  for (const [expr, n, flat] of cases) {
    const result = await rows(py`
      import numpy as np
      from keras.models import Sequential
      from keras.layers import Flatten, Dense

      a = np.zeros((100, 28, 28))
      X = ${expr}
      model = Sequential([Flatten(input_shape=X.shape[1:]), Dense(len(X))])
    `);
    assert.deepEqual(
      result,
      [
        { type: 'Flatten', outputShape: [null, flat], params: 0 },
        { type: 'Dense', outputShape: [null, n], params: flat * n + n },
      ],
      expr,
    );
  }
});

test('a NumPy array in tensor arithmetic is a constant of its shape, as Keras makes it', async () => {
  const text = py`
    import numpy as np
    from tensorflow import keras

    inputs = keras.Input(shape=(20,))
    y = inputs + np.ones(20)
    y = keras.layers.Dense(4)(y) * np.zeros((1, 4))
    model = keras.Model(inputs, y)
  `;
  // Keras 3: the add gives (None, 20), Dense(4) (None, 4) with 84 weights, the multiply (None, 4).
  assert.deepEqual(await rows(text), [
    { type: 'Add', outputShape: [null, 20], params: 0 },
    { type: 'Dense', outputShape: [null, 4], params: 84 },
    { type: 'Multiply', outputShape: [null, 4], params: 0 },
  ]);
  // (None, 20) + (7,): Keras refuses to broadcast; the analyzer does not make up a shape.
  const refused = await rows(text.replace('np.ones(20)', 'np.ones(7)'));
  assert.equal(refused[0].outputShape, null);
});

test('images read with OpenCV in a folder loop: np.array(data) has a sample axis, then the size cv2.resize wrote', async () => {
  const loader = (read: string, extra = '') => py`
    import os
    import cv2
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense

    data = []
    labels = []
    for folder in os.listdir("dataset"):
        for file in os.listdir(os.path.join("dataset", folder)):
            ${read}
            img = cv2.resize(img, (128, 64))
            data.append(img)
            labels.append(folder)
    X = np.array(data) / 255.0
    ${extra}
    model = Sequential()
    model.add(Conv2D(32, (3, 3), activation='relu', input_shape=X.shape[1:]))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(2, activation='softmax'))
  `;
  // dsize is (width, height): (None, 64, 128, 3) images; Keras: Conv2D(32) on them has 896 weights.
  assert.deepEqual((await rows(loader('img = cv2.imread(os.path.join("dataset", folder, file))')))[0], {
    type: 'Conv2D',
    outputShape: [null, 62, 126, 32],
    params: 896,
  });
  const rgb = 'img = cv2.cvtColor(cv2.imread(os.path.join("dataset", folder, file)), cv2.COLOR_BGR2RGB)';
  assert.equal((await rows(loader(rgb)))[0].params, 896);
  // Read as gray and given its channel axis: (None, 64, 128, 1), 320 weights.
  const gray = 'img = cv2.imread(os.path.join("dataset", folder, file), cv2.IMREAD_GRAYSCALE)';
  assert.deepEqual((await rows(loader(gray, 'X = X.reshape(-1, 64, 128, 1)')))[0].params, 320);
  const grayByNumber = 'img = cv2.imread(os.path.join("dataset", folder, file), 0)';
  assert.deepEqual((await rows(loader(grayByNumber, 'X = np.expand_dims(X, axis=-1)')))[0].params, 320);
  // As the file is (IMREAD_UNCHANGED: maybe an alpha channel): not claimed.
  const unchanged = 'img = cv2.imread(os.path.join("dataset", folder, file), cv2.IMREAD_UNCHANGED)';
  assert.equal((await rows(loader(unchanged)))[0].params, null);
});

test('a boolean mask picks an unknown number of rows: X[mask] is not read as positions', async () => {
  // X[mask] keeps the rows where the mask is True, not one row per mask entry: left unknown. The mask is an
  // array of known shape, (1000,), as positions would be; only its kind tells them apart.
  const data = 'data = np.random.rand(1000, 12)\nmask = np.ones(len(data), dtype=bool)\nX = data[mask]';
  assert.deepEqual(await firstDense(data, 'input_shape=X.shape[1:]'), {
    type: 'Dense',
    outputShape: null,
    params: null,
  });
});
