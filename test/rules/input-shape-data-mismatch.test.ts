import { py } from '../helpers';
import { ruleTester } from './rule-tester';

// "Keras Sequential Dense input layer and MNIST": the input size computed from the images, the images not flattened.
const numPixels = py`
  from keras.models import Sequential
  from keras.layers import Dense
  from keras.datasets import mnist
  from keras.utils import to_categorical

  (X_train, y_train), (X_test, y_test) = mnist.load_data()
  num_pixels = X_train.shape[1] * X_train.shape[2]
  X_train = X_train.astype('float32') / 255
  X_test = X_test.astype('float32') / 255
  y_train = to_categorical(y_train)
  y_test = to_categorical(y_test)

  model = Sequential()
  model.add(Dense(num_pixels, input_dim=num_pixels, activation='relu'))
  model.add(Dense(10, activation='softmax'))
  model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=10, batch_size=200)
`;

// "expected ndim=4, found ndim=5": the whole training array's shape given as input_shape.
const wholeShape = py`
  import numpy as np
  import tensorflow as tf
  from tensorflow.keras import layers

  (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
  x_train, x_test = x_train / 255.0, x_test / 255.0

  model = tf.keras.models.Sequential()
  model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=x_train.shape))
  model.add(layers.MaxPooling2D((2, 2)))
  model.add(layers.Flatten())
  model.add(layers.Dense(10, activation='softmax'))
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=10)
`;

// input_dim from len(): the number of images, not the number of pixels.
const lenOfData = py`
  from tensorflow import keras

  (train_images, train_labels), _ = keras.datasets.fashion_mnist.load_data()
  train_images = train_images.reshape(train_images.shape[0], 28 * 28) / 255.0

  model = keras.Sequential([
      keras.layers.Dense(128, activation='relu', input_dim=len(train_images)),
      keras.layers.Dense(10, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(train_images, train_labels, epochs=5)
`;

// "How to find the value for Keras input_shape": toy data from np.random, the whole array's shape declared.
const randomTabular = py`
  import numpy as np
  from keras.models import Sequential
  from keras.layers import Dense

  X = np.random.rand(1000, 20)
  y = np.random.randint(0, 2, size=(1000, 1))

  model = Sequential()
  model.add(Dense(32, input_shape=X.shape, activation='relu'))
  model.add(Dense(1, activation='sigmoid'))
  model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X, y, epochs=10, batch_size=32)
`;

// A split by row and column slices, input_dim taken from len() of the split.
const slicedSplit = py`
  import numpy as np
  from tensorflow import keras

  data = np.random.rand(500, 9)
  X_train, y_train = data[:400, :-1], data[:400, -1]
  X_val, y_val = data[400:, :-1], data[400:, -1]
  model = keras.Sequential([
      keras.layers.Dense(16, activation='relu', input_dim=len(X_train)),
      keras.layers.Dense(1),
  ])
  model.compile(optimizer='adam', loss='mse')
  model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=20)
`;

// The Pima Indians diabetes tutorial: features and label sliced out of a CSV file read with loadtxt.
const pima = py`
  from numpy import loadtxt
  from keras.models import Sequential
  from keras.layers import Dense
  # load the dataset
  dataset = loadtxt('pima-indians-diabetes.csv', delimiter=',')
  # split into input (X) and output (y) variables
  X = dataset[:,0:8]
  y = dataset[:,8]
  # define the keras model
  model = Sequential()
  model.add(Dense(12, input_dim=9, activation='relu'))
  model.add(Dense(8, activation='relu'))
  model.add(Dense(1, activation='sigmoid'))
  model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  model.fit(X, y, epochs=150, batch_size=10)
`;

ruleTester('input-shape-data-mismatch', {
  dialects: ['python'],
  valid: [
    { name: 'the Pima model declaring the 8 columns it is given', python: pima.replace('input_dim=9', 'input_dim=8') },
    {
      name: 'the input size read off columns a DataFrame slice gives',
      python: py`
        import pandas as pd
        from keras.models import Sequential
        from keras.layers import Dense
        df = pd.read_csv('diabetes.csv')
        X = df.iloc[:, 0:8].values
        Y = df.iloc[:, 8].values
        model = Sequential()
        model.add(Dense(12, input_shape=(X.shape[1],), activation='relu'))
        model.add(Dense(1, activation='sigmoid'))
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(X, Y, epochs=150, batch_size=10)
      `,
    },
    {
      name: 'columns with a step or from the end: the count is not claimed',
      python: pima.replace('dataset[:,0:8]', 'dataset[:,0:16:2]').replace('X = ', 'X = dataset[:, :-1]\nX2 = '),
    },
    {
      name: 'the images flattened to the declared 784 values',
      python: numPixels
        .replace(
          "X_train = X_train.astype('float32') / 255",
          "X_train = X_train.reshape(-1, num_pixels).astype('float32') / 255",
        )
        .replace(
          "X_test = X_test.astype('float32') / 255",
          "X_test = X_test.reshape(-1, num_pixels).astype('float32') / 255",
        ),
      clean: true,
    },
    {
      name: "one sample's shape: x_train.shape[1:]",
      python: wholeShape.replace('input_shape=x_train.shape)', 'input_shape=x_train.shape[1:])'),
      clean: true,
    },
    {
      name: 'the trailing channel axis Keras adds itself: (n, 28, 28) into (28, 28, 1)',
      python: py`
        import keras
        from keras import layers

        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
        model.fit(x_train, y_train)
      `,
    },
    {
      name: 'np.expand_dims and x[..., np.newaxis] give the channel axis',
      python: py`
        import numpy as np
        import keras
        from keras import layers

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = np.expand_dims(x_train / 255.0, -1)
        x_test = (x_test / 255.0)[..., np.newaxis]
        model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10, activation='softmax')])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
        model.fit(x_train[:5000], y_train[:5000], validation_data=(x_test, y_test))
      `,
      clean: true,
    },
    {
      name: 'data of unknown shape',
      python: numPixels.replace(
        '(X_train, y_train), (X_test, y_test) = mnist.load_data()',
        '(X_train, y_train), (X_test, y_test) = load_my_digits()',
      ),
    },
    {
      name: "NumPy toy data: one sample's shape X.shape[1:]",
      python: randomTabular.replace('input_shape=X.shape,', 'input_shape=X.shape[1:],'),
      clean: true,
    },
    {
      name: 'NumPy split by slices: input_dim=X_train.shape[1]',
      python: slicedSplit.replace('input_dim=len(X_train)', 'input_dim=X_train.shape[1]'),
      clean: true,
    },
    {
      // "expected lstm_input to have 3 dimensions": X.reshape(X.shape + (1,)) gives the feature axis.
      name: 'an LSTM on X.reshape(X.shape + (1,))',
      python: py`
        import numpy as np
        from keras.models import Sequential
        from keras.layers import LSTM, Dense

        X = np.random.random((100, 9))
        Y = np.random.random((100, 2))
        X = X.reshape(X.shape + (1,))
        model = Sequential()
        model.add(LSTM(32, input_shape=(9, 1)))
        model.add(Dense(2))
        model.compile(loss='mean_squared_error', optimizer='adam')
        model.fit(X, Y, epochs=1, batch_size=32)
      `,
      clean: true,
    },
    {
      name: 'an array from a file has no known shape',
      python: randomTabular.replace('X = np.random.rand(1000, 20)', "X = np.load('features.npy')"),
    },
  ],
  invalid: [
    {
      // The Pima diabetes tutorial with one column too many declared: "expected dense_input to have shape (9,)".
      name: 'input_dim one more than the columns sliced out of a CSV file',
      python: pima,
      errors: [
        {
          at: '9',
          message:
            'The model takes samples of shape (9,) (input_dim), but X (columns of the data read from pima-indians-diabetes.csv) has shape (None, 8): samples of shape (8,). ' +
            'Keras refuses the data when fit starts. Declare the shape the data has, or prepare the data the way the model expects it.',
          fixes: [
            {
              title: "Declare the data's sample shape (8,)",
              preferred: false,
              output: (s) => s.replace('input_dim=9', 'input_dim=8'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'MNIST images of 28x28 into input_dim=784',
      python: numPixels,
      errors: [
        {
          severity: 'error',
          at: 'num_pixels',
          line: 14,
          message:
            'The model takes samples of shape (784,) (input_dim), but X_train (the images of mnist.load_data()) has shape (60000, 28, 28): ' +
            'samples of shape (28, 28), the same 784 values in another layout. Keras refuses the data when fit starts. ' +
            'Reshape the data to (784,) per sample, or declare (28, 28) and flatten inside the model.',
          related: [{ at: 'X_train', message: 'fit on (60000, 28, 28): samples of shape (28, 28)' }],
          fixes: [
            {
              title: 'Reshape the data to (784,) per sample',
              preferred: true,
              output: (s) =>
                s.replace(
                  'model.fit(X_train, y_train, validation_data=(X_test, y_test)',
                  'model.fit(X_train.reshape(-1, 784), y_train, validation_data=(X_test.reshape(-1, 784), y_test)',
                ),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      // "Error only at the end of the first epoch": the training images flattened, the test images not.
      name: 'the validation images not reshaped like the training images',
      python: numPixels.replace(
        "X_train = X_train.astype('float32') / 255",
        "X_train = X_train.reshape(X_train.shape[0], num_pixels).astype('float32') / 255",
      ),
      errors: [
        {
          severity: 'error',
          at: 'X_test',
          message:
            'The validation data does not have the shape the model takes: X_test (the images of mnist.load_data()) has shape (10000, 28, 28), samples of shape (28, 28), ' +
            'while the model takes (784,) (input_dim) and the training data fits it. Training runs for one epoch, then Keras refuses the validation data. ' +
            'Prepare the validation (and test) data exactly like the training data.',
          related: [
            { at: 'num_pixels', message: 'the model takes (784,)' },
            { at: 'X_train', message: 'training samples of shape (784,)' },
          ],
          fixes: [
            {
              title: 'Reshape the validation data to (784,) per sample',
              preferred: true,
              output: (s) =>
                s.replace('validation_data=(X_test, y_test)', 'validation_data=(X_test.reshape(-1, 784), y_test)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'input_shape=x_train.shape (sample axis included)',
      python: wholeShape,
      errors: [
        {
          severity: 'error',
          at: 'x_train.shape',
          message:
            "input_shape is the whole array's shape (50000, 32, 32, 3), sample axis included: x_train (the images of cifar10.load_data()) has shape (50000, 32, 32, 3). " +
            'Keras adds the batch axis itself, so the model expects each sample to be (50000, 32, 32, 3) and fit fails. ' +
            'Declare the shape of one sample, (32, 32, 3) (x_train.shape[1:]).',
          fixes: [
            {
              title: "Declare one sample's shape (32, 32, 3)",
              preferred: true,
              output: (s) => s.replace('input_shape=x_train.shape)', 'input_shape=(32, 32, 3))'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'input_dim=len(train_images): the number of samples',
      python: lenOfData,
      errors: [
        {
          at: 'len(train_images)',
          message:
            'input_dim is 60000, the number of samples, not the size of one sample: train_images (the images of fashion_mnist.load_data()) has shape (60000, 784), ' +
            'so each sample is (784,). The model expects samples of 60000 values and fit fails. Declare the shape of one sample (784 features).',
          fixes: [
            {
              title: 'Declare 784 features',
              preferred: true,
              output: (s) => s.replace('input_dim=len(train_images)', 'input_dim=784'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      // "Theano-style" CIFAR code moved to TensorFlow: the arrays transposed to channels first, the model channels last.
      name: 'channels-first arrays into a channels-last model',
      python: py`
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        x_train = np.transpose(x_train, (0, 3, 1, 2)).astype('float32') / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        model.fit(x_train, y_train, epochs=10)
      `,
      errors: [
        {
          at: '(32, 32, 3)',
          message:
            'The model takes channels-last samples (32, 32, 3) (input_shape), but x_train (the images of cifar10.load_data()) has shape (50000, 3, 32, 32): channels first, (3, 32, 32). ' +
            'Keras refuses the data when fit starts (or, with a shape that happens to fit, convolves across the wrong axes). Move the channel axis last: x_train.transpose(0, 2, 3, 1).',
          fixes: [
            {
              title: 'Move the channel axis of the data last',
              preferred: true,
              output: (s) =>
                s.replace('model.fit(x_train, y_train', 'model.fit(x_train.transpose(0, 2, 3, 1), y_train'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      // A Keras 1 ("th" ordering) CIFAR tutorial run on today's Keras: the shape declared channels first.
      name: 'a channels-first input_shape for channels-last data and layers',
      python: py`
        from keras.models import Sequential
        from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense
        from keras.datasets import cifar10

        (X_train, y_train), (X_test, y_test) = cifar10.load_data()
        X_train = X_train.astype('float32') / 255

        model = Sequential()
        model.add(Conv2D(32, (3, 3), input_shape=(3, 32, 32), padding='same', activation='relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(X_train, y_train, epochs=25, batch_size=32)
      `,
      errors: [
        {
          at: '(3, 32, 32)',
          message:
            "The model declares channels-first samples (3, 32, 32) (input_shape), but X_train (the images of cifar10.load_data()) has shape (50000, 32, 32, 3): channels last, (32, 32, 3). Keras refuses the data when fit starts. The layers are channels last (Keras's default), so declare the data's shape, (32, 32, 3).",
          fixes: [
            {
              title: "Declare the data's channels-last shape (32, 32, 3)",
              preferred: true,
              output: (s) => s.replace('input_shape=(3, 32, 32)', 'input_shape=(32, 32, 3)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'a channels-first model (data_format) fed channels-last data: no fix, the layers decide',
      python: py`
        import keras
        from keras import layers

        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, 3, padding='same', data_format='channels_first', input_shape=(3, 32, 32)),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
        model.fit(x_train, y_train)
      `,
      errors: [{ message: /Make the data and the declared shape agree on where the channel axis is\.$/, fixes: [] }],
    },
    {
      name: 'keras.Input of another size than the images',
      python: py`
        import keras
        from keras import layers

        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(60000, 784) / 255.0
        inputs = keras.Input(shape=(28, 28))
        x = layers.Flatten()(inputs)
        outputs = layers.Dense(10, activation='softmax')(x)
        model = keras.Model(inputs, outputs)
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
        model.fit(x_train, y_train, epochs=3)
      `,
      errors: [
        {
          at: '(28, 28)',
          message: /^The model takes samples of shape \(28, 28\) \(shape\), but x_train .* has shape \(60000, 784\)/,
          fixes: [
            {
              title: 'Reshape the data to (28, 28) per sample',
              preferred: true,
              output: /model\.fit\(x_train\.reshape\(-1, 28, 28\), y_train/,
            },
            {
              title: "Declare the data's sample shape (784,)",
              preferred: false,
              output: (s) => s.replace('keras.Input(shape=(28, 28))', 'keras.Input(shape=(784,))'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'input_shape=X.shape of a NumPy array (sample axis included)',
      python: randomTabular,
      errors: [
        {
          severity: 'error',
          at: 'X.shape',
          message:
            "input_shape is the whole array's shape (1000, 20), sample axis included: X (an array from np.random.rand) has shape (1000, 20). " +
            'Keras adds the batch axis itself, so the model expects each sample to be (1000, 20) and fit fails. ' +
            'Declare the shape of one sample, (20,) (X.shape[1:]).',
          fixes: [
            {
              title: "Declare one sample's shape (20,)",
              preferred: true,
              output: (s) => s.replace('input_shape=X.shape,', 'input_shape=(20,),'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'input_dim=len(X_train) of a NumPy split: the sample count',
      python: slicedSplit,
      errors: [
        {
          severity: 'error',
          at: 'len(X_train)',
          message:
            'input_dim is 400, the number of samples, not the size of one sample: X_train (an array from np.random.rand) has shape (400, 8), so each sample is (8,). ' +
            'The model expects samples of 400 values and fit fails. Declare the shape of one sample (8 features).',
          fixes: [
            {
              title: 'Declare 8 features',
              preferred: true,
              output: (s) => s.replace('input_dim=len(X_train)', 'input_dim=8'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'the NumPy validation split keeps the label column the training split dropped',
      python: slicedSplit
        .replace('input_dim=len(X_train)', 'input_dim=X_train.shape[1]')
        .replace('X_val, y_val = data[400:, :-1], data[400:, -1]', 'X_val, y_val = data[400:], data[400:, -1]'),
      errors: [
        {
          severity: 'error',
          at: 'X_val',
          message:
            'The validation data does not have the shape the model takes: X_val (an array from np.random.rand) has shape (100, 9), samples of shape (9,), ' +
            'while the model takes (8,) (input_dim) and the training data fits it. Training runs for one epoch, then Keras refuses the validation data. ' +
            'Prepare the validation (and test) data exactly like the training data.',
        },
      ],
    },
  ],
});
