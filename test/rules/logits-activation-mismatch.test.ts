import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

ruleTester('logits-activation-mismatch', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'a linear head with from_logits=True',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(5)])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n`,
      clean: true,
    },
    { name: 'softmax with a loss taking probabilities', js: tfjsClassifier({}), clean: true },
  ],
  invalid: [
    {
      name: 'from_logits=True after softmax',
      python: py`
        import keras
        m = keras.Sequential([keras.layers.Dense(10, activation='softmax', input_shape=(4,))])
        m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer='adam')
      `,
      errors: [
        {
          at: 'True',
          fixes: [
            { title: 'Set from_logits=False', preferred: true, output: /from_logits=False/ },
            { title: 'Use a linear output (logits) instead of softmax', output: /activation='linear'/ },
          ],
        },
      ],
    },
    {
      name: 'a linear last layer with a probability loss',
      python: py`
        from keras import Sequential
        from keras.layers import Dense
        m = Sequential([Dense(32, activation='relu', input_shape=(4,)), Dense(1)])
        m.compile(loss='binary_crossentropy', optimizer='adam')
      `,
      errors: [
        {
          at: "'binary_crossentropy'",
          fixes: [
            {
              title: "Add activation 'sigmoid' to the last layer",
              preferred: true,
              output: /Dense\(1, activation='sigmoid'\)/,
            },
          ],
        },
      ],
    },
    {
      name: 'the from_logits=True fix for a linear head when keras is importable',
      python: `import keras\nm = keras.Sequential([keras.layers.Dense(5)])\nm.compile(loss='categorical_crossentropy')\n`,
      errors: [
        {
          fixes: [
            { title: "Add activation 'softmax' to the last layer", preferred: true },
            {
              title: 'Use from_logits=True',
              output: /loss=keras\.losses\.CategoricalCrossentropy\(from_logits=True\)/,
            },
          ],
        },
      ],
    },
    {
      name: 'tf.losses.softmaxCrossEntropy takes logits, the model already applies softmax',
      js: tfjsClassifier({ compile: '{optimizer: tf.train.adam(0.001), loss: tf.losses.softmaxCrossEntropy}' }),
      errors: [
        {
          at: 'tf.losses.softmaxCrossEntropy',
          message:
            /^tf\.losses\.softmaxCrossEntropy takes raw scores \(logits\), but the last layer already applies softmax/,
          fixes: [
            { title: "Use 'categoricalCrossentropy'", preferred: true, output: /loss: 'categoricalCrossentropy'/ },
            { title: 'Use a linear output (logits) instead of softmax', output: /activation: 'linear'/ },
          ],
        },
      ],
    },
    {
      name: 'a linear output with a probability loss (TensorFlow.js)',
      js: tfjsClassifier({ output: '{units: 3}' }),
      errors: [
        {
          message: /Add activation: 'softmax', or use tf\.losses\.softmaxCrossEntropy, which takes raw scores\.$/,
          fixes: [
            {
              title: "Add activation 'softmax' to the last layer",
              preferred: true,
              output: /dense\(\{units: 3, activation: 'softmax'\}\)/,
            },
            { title: 'Use tf.losses.softmaxCrossEntropy', output: /loss: tf\.losses\.softmaxCrossEntropy/ },
          ],
        },
      ],
    },
  ],
});
