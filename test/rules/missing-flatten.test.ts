import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

const noFlatten = py`
  from tensorflow import keras
  from tensorflow.keras import layers
  model = keras.Sequential([
      layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
      layers.MaxPooling2D(),
      layers.Conv2D(64, 3, activation="relu"),
      layers.MaxPooling2D(),
      layers.Dropout(0.25),
      layers.Dense(128, activation="relu"),
      layers.Dense(10, activation="softmax"),
  ])
  model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;

// The first-layer false negative: Conv2D declared with input_shape, then straight into Dense (no Input, no pooling).
const firstLayerConv = py`
  from keras.models import Sequential
  from keras.layers import Conv2D, Dense

  model = Sequential()
  model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(28, 28, 1)))
  model.add(Dense(10, activation='softmax'))
  model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
`;

const tfjsCnn = js`
  import * as tf from '@tensorflow/tfjs';
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu'}));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
`;

ruleTester('missing-flatten', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'Flatten', python: noFlatten.replace('layers.Dropout(0.25),', 'layers.Flatten(),') },
    {
      name: 'GlobalAveragePooling2D',
      python: noFlatten.replace('layers.Dropout(0.25),', 'layers.GlobalAveragePooling2D(),'),
    },
    { name: 'Reshape((-1,))', python: noFlatten.replace('layers.Dropout(0.25),', 'layers.Reshape((-1,)),') },
    {
      // A Dense per position followed by Flatten: the output is (None, 10).
      name: 'a Dense per position followed by Flatten',
      python: noFlatten.replace(
        'layers.Dense(128, activation="relu"),',
        'layers.Dense(128, activation="relu"), layers.Flatten(),',
      ),
    },
    {
      name: 'segmentation-style: the model ends in convolutions',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((64, 64, 3)), layers.Conv2D(8, 3, padding="same"), layers.Conv2D(1, 1, activation="sigmoid")])
      `,
    },
    {
      name: 'unknown input shape: nothing is known about ranks',
      python: noFlatten.replace('input_shape=(28, 28, 1)', 'input_shape=X.shape[1:]'),
    },
    {
      name: 'a first-layer convolution followed by Flatten',
      python: firstLayerConv
        .replace(
          "model.add(Dense(10, activation='softmax'))",
          "model.add(Flatten())\nmodel.add(Dense(10, activation='softmax'))",
        )
        .replace('import Conv2D, Dense', 'import Conv2D, Dense, Flatten'),
      clean: true,
    },
    {
      name: 'tfjs: flatten in between',
      js: tfjsCnn.replace('model.add(tf.layers.dense', 'model.add(tf.layers.flatten());\nmodel.add(tf.layers.dense'),
    },
  ],
  invalid: [
    {
      name: 'Dense on feature maps, reported once at the first Dense, with shapes',
      python: noFlatten,
      errors: [
        {
          severity: 'warning',
          at: 'layers.Dense(128, activation="relu")',
          message:
            /Dense 'dense' receives \(None, 5, 5, 64\) from MaxPooling2D 'max_pooling2d_1'.*outputs \(None, 5, 5, 10\) instead of \(None, 10\)/,
          related: [{ at: 'layers.MaxPooling2D()' }],
          fixes: [
            {
              title: 'Insert Flatten before the Dense layer',
              preferred: true,
              output: /layers\.Dropout\(0\.25\),\n {4}layers\.Flatten\(\),\n {4}layers\.Dense\(128/,
            },
          ],
        },
      ],
    },
    {
      name: 'a first-layer Conv2D declared with input_shape, then Dense (issue 12 false negative)',
      python: firstLayerConv,
      errors: [
        {
          at: "Dense(10, activation='softmax')",
          message:
            /^Dense 'dense' receives \(None, 26, 26, 32\) from Conv2D 'conv2d' with no Flatten in between\..*outputs \(None, 26, 26, 10\) instead of \(None, 10\)/,
          related: [{ at: "Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(28, 28, 1))" }],
          fixes: [
            {
              title: 'Insert Flatten before the Dense layer',
              preferred: true,
              output: (s) =>
                s
                  .replace('import Conv2D, Dense\n', 'import Conv2D, Dense\nfrom keras.layers import Flatten\n')
                  .replace('model.add(Dense(10,', 'model.add(Flatten())\nmodel.add(Dense(10,'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'functional form: fixed in place',
      python: py`
        import keras
        from keras import layers
        inputs = keras.Input(shape=(32, 32, 3))
        x = layers.Conv2D(16, 3)(inputs)
        x = layers.MaxPooling2D()(x)
        outputs = layers.Dense(10, activation="softmax")(x)
        model = keras.Model(inputs, outputs)
      `,
      errors: [
        {
          fixes: [
            {
              title: 'Insert Flatten before the Dense layer',
              preferred: true,
              output: /layers\.Dense\(10, activation="softmax"\)\(layers\.Flatten\(\)\(x\)\)/,
            },
          ],
        },
      ],
    },
    {
      name: 'model.add() form with an import added',
      python: py`
        from keras.models import Sequential
        from keras.layers import Conv1D, MaxPooling1D, Dense, Embedding
        model = Sequential()
        model.add(Embedding(5000, 32, input_length=100))
        model.add(Conv1D(32, 5, activation="relu"))
        model.add(MaxPooling1D())
        model.add(Dense(1, activation="sigmoid"))
      `,
      errors: [
        {
          message: /outputs \(None, 48, 1\) instead of \(None, 1\)/,
          fixes: [
            {
              title: 'Insert Flatten before the Dense layer',
              preferred: true,
              output: /from keras\.layers import Flatten\n[\s\S]*model\.add\(Flatten\(\)\)\nmodel\.add\(Dense\(1/,
            },
          ],
        },
      ],
    },
    {
      name: 'TensorFlow.js: conv2d then dense',
      js: tfjsCnn,
      errors: [
        {
          fixes: [
            {
              title: 'Insert Flatten before the Dense layer',
              preferred: true,
              output: /\}\)\);\nmodel\.add\(tf\.layers\.flatten\(\)\);\nmodel\.add\(tf\.layers\.dense/,
            },
          ],
        },
      ],
    },
  ],
});
