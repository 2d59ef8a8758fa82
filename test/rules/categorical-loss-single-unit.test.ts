import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const oneSigmoid = py`
  import keras
  m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(5,))])
  m.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
`;

ruleTester('categorical-loss-single-unit', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'categorical crossentropy on several units with one-hot labels',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(3, activation='softmax')])\nm.compile(loss='categorical_crossentropy')\nm.fit(x, keras.utils.to_categorical(y, 3))\n`,
      js: tfjsClassifier({}),
      clean: true,
    },
  ],
  invalid: [
    {
      name: 'categorical crossentropy on one sigmoid unit',
      python: oneSigmoid,
      errors: [
        {
          severity: 'error',
          at: "'categorical_crossentropy'",
          related: [{ at: '1' }],
          fixes: [
            {
              title: 'Use binary_crossentropy',
              preferred: true,
              output: (s) => s.replace("'categorical_crossentropy'", "'binary_crossentropy'"),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'categoricalCrossentropy on a 1-unit sigmoid (TensorFlow.js)',
      js: tfjsClassifier({
        output: "{units: 1, activation: 'sigmoid'}",
        labels: 'tf.tensor2d(labelIds, [labelIds.length, 1])',
      }),
      errors: [
        {
          message: /^categoricalCrossentropy on a 1-unit output/,
          fixes: [{ title: 'Use binaryCrossentropy', preferred: true }],
        },
      ],
    },
    {
      name: 'binary 0/1 labels from flow_from_directory with a categorical loss',
      python: py`
        import keras
        from keras.preprocessing.image import ImageDataGenerator
        train = ImageDataGenerator(rescale=1/255).flow_from_directory('data/train', target_size=(64, 64), class_mode='binary')
        m = keras.Sequential([keras.layers.Flatten(input_shape=(64, 64, 3)), keras.layers.Dense(2, activation='softmax')])
        m.compile(optimizer='adam', loss='categorical_crossentropy')
        m.fit(train, epochs=5)
      `,
      errors: [
        {
          message: /single 0\/1 column/,
          fixes: [
            {
              title: 'Use sparse_categorical_crossentropy',
              preferred: true,
              output: /loss='sparse_categorical_crossentropy'/,
            },
          ],
        },
      ],
    },
    {
      name: 'a single 0/1 label column with several outputs (TensorFlow.js)',
      js: tfjsClassifier({ labels: 'tf.tensor2d([[0], [1], [1], [0]], [4, 1])' }),
      errors: [
        {
          message: /single 0\/1 column \(0\/1 labels from tf\.tensor2d/,
          fixes: [{ title: 'Use sparseCategoricalCrossentropy', preferred: true }],
        },
      ],
    },
    {
      name: 'sparse categorical crossentropy on one unit',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(3,))])\nm.compile(loss='sparse_categorical_crossentropy')\n`,
      errors: [
        {
          message: /label 1 is out of range/,
          fixes: [
            { title: 'Use binary_crossentropy', preferred: true, output: /loss='binary_crossentropy'/, clean: true },
          ],
        },
      ],
    },
    {
      name: 'with from_logits=True on a linear unit only the loss changes',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`,
      errors: [
        {
          fixes: [
            {
              title: 'Use binary_crossentropy',
              preferred: true,
              output: (s) => s.replace('CategoricalCrossentropy', 'BinaryCrossentropy'),
              clean: true,
            },
          ],
        },
      ],
    },
  ],
});
