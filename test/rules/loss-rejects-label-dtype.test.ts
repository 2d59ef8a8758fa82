import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const sparse = (labels: string) =>
  tfjsClassifier({
    compile: "{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}",
    labels,
  });

ruleTester('loss-rejects-label-dtype', {
  // Keras takes integer labels of any type: the rule is about TensorFlow.js.
  dialects: ['js'],
  valid: [
    // Float labels (a cast anywhere on the way) are fine; one-hot ones are the other rule's business.
    ...[
      "tf.tensor1d(labelIds, 'int32').toFloat()",
      'tf.tensor1d(labelIds)',
      "tf.cast(tf.tensor1d(labelIds, 'int32'), 'float32')",
      'tf.oneHot(tf.tensor1d(labelIds, "int32"), 3)',
    ].map((labels) => ({ name: labels, js: sparse(labels) })),
    {
      name: 'Keras takes int32 class ids',
      python: py`
        import numpy as np
        import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        m.compile(loss='sparse_categorical_crossentropy')
        m.fit(x, y.astype('int32'))
      `,
    },
  ],
  invalid: [
    {
      name: 'tfjs sparse crossentropy on int32 class ids throws at fit()',
      js: sparse("tf.tensor1d(labelIds, 'int32')"),
      errors: [
        {
          severity: 'error',
          at: "'sparseCategoricalCrossentropy'",
          message:
            /^sparseCategoricalCrossentropy cannot train on int32 labels \(integer class ids from tf\.tensor1d\(\.\.\., 'int32'\)\): in TensorFlow\.js it floors/,
          related: [{ at: "tf.tensor1d(labelIds, 'int32')" }],
          fixes: [],
        },
      ],
    },
  ],
});
