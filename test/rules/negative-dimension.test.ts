import { py } from '../helpers';
import { ruleTester } from './rule-tester';

const tooDeep = py`
  import keras
  from keras import layers
  model = keras.Sequential([
      keras.Input(shape=(32, 32, 3)),
      layers.Conv2D(32, 5), layers.MaxPooling2D(),
      layers.Conv2D(64, 5), layers.MaxPooling2D(),
      layers.Conv2D(128, 3), layers.MaxPooling2D(),
      layers.Conv2D(256, 3),
      layers.Flatten(),
      layers.Dense(10),
  ])
`;

const tfjsKernel =
  "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.conv2d({inputShape: [4, 4, 1], filters: 8, kernelSize: 7}), tf.layers.flatten(), tf.layers.dense({units: 1, activation: 'sigmoid'})]});\n";

ruleTester('negative-dimension', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: "padding='same'",
      python: tooDeep.replace('layers.Conv2D(256, 3)', 'layers.Conv2D(256, 3, padding="same")'),
    },
    { name: 'unknown spatial sizes', python: tooDeep.replace('shape=(32, 32, 3)', 'shape=(None, None, 3)') },
    { name: 'shape from data', python: tooDeep.replace('shape=(32, 32, 3)', 'shape=X.shape[1:]') },
    {
      name: 'a layer added under a condition',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential()
        model.add(keras.Input((8, 8, 3)))
        if deep:
            model.add(layers.MaxPooling2D(4))
        model.add(layers.Conv2D(8, 3))
      `,
    },
    { name: 'tfjs: a kernel that fits', js: tfjsKernel.replace('kernelSize: 7', 'kernelSize: 3') },
  ],
  invalid: [
    {
      name: 'names the layer and the shapes in and out; the padding fix silences it',
      python: tooDeep,
      errors: [
        {
          severity: 'error',
          at: 'layers.Conv2D(256, 3)',
          message:
            /^Conv2D 'conv2d_3' receives \(None, 1, 1, 128\) and would output \(None, -1, -1, 256\): its 3×3 kernel is larger than its 1×1 input/,
          fixes: [{ title: "Use padding='same'", output: /layers\.Conv2D\(256, 3, padding='same'\)/ }],
        },
      ],
    },
    {
      name: 'too much pooling: the fix keeps the quote style of the existing argument',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((4, 4, 1)), layers.MaxPooling2D(2), layers.MaxPooling2D(2), layers.MaxPooling2D(pool_size=2, padding="valid")])
      `,
      errors: [
        {
          message:
            /MaxPooling2D 'max_pooling2d_2' receives \(None, 1, 1, 1\) and would output \(None, 0, 0, 1\): its 2×2 pool/,
          fixes: [{ title: /padding/, output: /MaxPooling2D\(pool_size=2, padding="same"\)/ }],
        },
      ],
    },
    {
      name: 'a crop larger than the input has no fix',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((10, 10, 3)), layers.Cropping2D(((3, 3), (5, 5)))])
      `,
      errors: [
        {
          message: /Cropping2D 'cropping2d' receives \(None, 10, 10, 3\) and would output \(None, 4, 0, 3\)/,
          fixes: [],
        },
      ],
    },
    {
      name: 'a huge Conv1D kernel',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((100, 8)), layers.Conv1D(8, 10 ** 9)])
      `,
      errors: [{ message: /its 1000000000 kernel is larger than its 100 input/ }],
    },
    {
      name: 'TensorFlow.js: a 7×7 kernel on a 4×4 input',
      js: tfjsKernel,
      errors: [{ fixes: [{ title: "Use padding: 'same'", output: /kernelSize: 7, padding: 'same'\}/ }] }],
    },
  ],
});
