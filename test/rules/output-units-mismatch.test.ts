import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const fiveClasses = py`
  import keras
  NUM_CLASSES = 5
  y = keras.utils.to_categorical(labels, NUM_CLASSES)
  m = keras.Sequential([keras.layers.Dense(16, activation='relu', input_shape=(8,)), keras.layers.Dense(4, activation='softmax')])
  m.compile(loss='categorical_crossentropy', optimizer='adam')
  m.fit(x, y)
`;

const mnistMatch = `import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x / 255.0\nm = keras.Sequential([keras.layers.Dense(10, activation='softmax')])\nm.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n`;

const cifarGap = py`
  import keras
  from keras import layers
  from keras.utils import to_categorical
  (x_train, y_train), _ = keras.datasets.cifar10.load_data()
  x_train = x_train / 255.0
  y_train = to_categorical(y_train, 10)
  model = keras.Sequential([
      keras.Input((32, 32, 3)),
      layers.Conv2D(5, 3),
      layers.GlobalAveragePooling2D(),
      layers.Activation("softmax"),
  ])
  model.compile(optimizer="adam", loss="categorical_crossentropy")
  model.fit(x_train, y_train)
`;

ruleTester('output-units-mismatch', {
  dialects: ['python', 'js'],
  valid: [
    { name: 'units match the classes', python: mnistMatch, js: tfjsClassifier({}), clean: true },
    { name: 'units unknown', python: mnistMatch.replace('Dense(10', 'Dense(n'), clean: true },
    {
      name: 'the width of an output that is not a Dense matches',
      python: cifarGap.replace('Conv2D(5, 3)', 'Conv2D(10, 3)'),
    },
  ],
  invalid: [
    {
      name: 'one-hot width differs from the output units',
      python: fiveClasses,
      errors: [
        {
          at: '4',
          message: /5 classes/,
          fixes: [
            {
              title: 'Use 5 output units',
              preferred: true,
              output: /Dense\(5, activation='softmax'\)/,
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: '10 one-hot columns, 5 outputs (TensorFlow.js)',
      js: tfjsClassifier({
        output: "{units: 5, activation: 'softmax'}",
        labels: "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 10)",
      }),
      errors: [{ at: '5', fixes: [{ title: 'Use 10 output units', preferred: true }] }],
    },
    {
      name: 'integer labels with more classes than outputs',
      python: py`
        import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(8, activation='softmax')])
        m.compile(loss='sparse_categorical_crossentropy')
        m.fit(x, y)
      `,
      errors: [{ message: /0\.\.9/, fixes: [{ title: 'Use 10 output units', preferred: true }] }],
    },
    {
      name: 'the width of an output that is not a Dense',
      python: cifarGap,
      errors: [{ message: /Output has 5 units for 10 classes/ }],
    },
  ],
});
