import { py } from '../helpers';
import { ruleTester } from './rule-tester';

const grayscale = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28)),
      layers.MaxPooling2D((2, 2)),
      layers.Flatten(),
      layers.Dense(10, activation="softmax"),
  ])
`;

ruleTester('input-rank-mismatch', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'the channel axis given', python: grayscale.replace('input_shape=(28, 28)', 'input_shape=(28, 28, 1)') },
    { name: 'shape from data', python: grayscale.replace('input_shape=(28, 28)', 'input_shape=x_train.shape[1:]') },
    { name: 'no input shape', python: grayscale.replace(', input_shape=(28, 28)', '') },
    {
      name: 'tfjs: inputShape with channels',
      js: "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\nm.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3}));\n",
    },
  ],
  invalid: [
    {
      name: 'a Sequential with no input shape fitted on MNIST images without their channel axis',
      python: py`
        from keras.datasets import mnist
        from keras.models import Sequential
        from keras.layers import Conv2D, Flatten, Dense
        (x_train, y_train), _ = mnist.load_data()
        model = Sequential()
        model.add(Conv2D(32, (3, 3), activation='relu'))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
        model.fit(x_train / 255.0, y_train, epochs=5)
      `,
      errors: [
        {
          message:
            /receives \(None, 28, 28\) \(3 axes\): the channel axis is missing.*to the data the model is first given \(`np\.expand_dims\(x, -1\)`\)/,
          fixes: [],
        },
      ],
    },
    {
      name: 'Conv2D on input_shape=(28, 28), fixed by adding the channel axis',
      python: grayscale,
      errors: [
        {
          severity: 'error',
          message:
            /^Conv2D 'conv2d' expects 4 axes \(batch, rows, cols, channels\) but receives \(None, 28, 28\) \(3 axes\): the channel axis is missing/,
          related: [{ at: '(28, 28)' }],
          fixes: [
            {
              title: 'Add a channel axis to input_shape',
              preferred: true,
              output: /input_shape=\(28, 28, 1\)/,
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'through Input(), shape-keeping layers and channels_first',
      python: py`
        import keras
        from keras import layers
        inputs = keras.Input(shape=[28, 28])
        x = layers.Rescaling(1 / 255)(inputs)
        x = layers.Conv2D(8, 3, data_format="channels_first")(x)
        model = keras.Model(inputs, x)
      `,
      errors: [
        {
          message: /expects 4 axes \(batch, channels, rows, cols\)/,
          fixes: [{ title: 'Add a channel axis to shape', preferred: true, output: /shape=\[1, 28, 28\]/ }],
        },
      ],
    },
    {
      name: 'batch_shape on Input, before an LSTM',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input(batch_shape=(None, 50)), layers.LSTM(8)])
      `,
      errors: [
        {
          message: /LSTM 'lstm' expects 3 axes \(batch, timesteps, features\)/,
          fixes: [{ title: /channel axis/, preferred: true, output: /batch_shape=\(None, 50, 1\)/ }],
        },
      ],
    },
    {
      name: 'the missing axis comes from a Flatten, not the declared input: no fix',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((20,)), layers.Dense(16), layers.Flatten(), layers.Conv1D(4, 3)])
      `,
      errors: [
        {
          message: /Conv1D 'conv1d' expects 3 axes \(batch, steps, channels\) but receives \(None, 16\)/,
          fixes: [],
        },
      ],
    },
    {
      name: 'a shape written out in a variable gets no edit',
      python: py`
        import keras
        from keras import layers
        SHAPE = (28, 28)
        model = keras.Sequential([keras.Input(SHAPE), layers.Conv2D(8, 3)])
      `,
      errors: [{ fixes: [] }],
    },
    {
      name: 'Dense on a scalar input',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input(shape=()), layers.Dense(3)])
      `,
      errors: [{ message: /expects 2 or more axes \(batch, \.\.\., features\) but receives \(None,\) \(1 axes\)/ }],
    },
    {
      name: 'TensorFlow.js: conv2d on inputShape [28, 28]',
      js: "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\nm.add(tf.layers.conv2d({inputShape: [28, 28], filters: 8, kernelSize: 3}));\n",
      errors: [
        {
          fixes: [{ title: 'Add a channel axis to inputShape', preferred: true, output: /inputShape: \[28, 28, 1\]/ }],
        },
      ],
    },
  ],
});
