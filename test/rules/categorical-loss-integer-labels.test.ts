import { py } from '../helpers';
import { tfjsClassifier } from './fixtures';
import { ruleTester } from './rule-tester';

const cifar = py`
  from tensorflow import keras
  (x_train, y_train), _ = keras.datasets.cifar10.load_data()
  x_train = x_train / 255.0
  model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
  model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(), metrics=['accuracy'])
  model.fit(x_train, y_train)
`;

ruleTester('categorical-loss-integer-labels', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'labels one-hot encoded',
      python: cifar.replace('model.fit(x_train, y_train)', 'model.fit(x_train, keras.utils.to_categorical(y_train))'),
      js: tfjsClassifier({}),
      clean: true,
    },
  ],
  invalid: [
    {
      name: 'a loss object on class ids from cifar10',
      python: cifar,
      errors: [
        {
          at: 'keras.losses.CategoricalCrossentropy()',
          fixes: [
            {
              title: 'Use sparse_categorical_crossentropy',
              preferred: true,
              output: /loss='sparse_categorical_crossentropy'/,
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'categoricalCrossentropy fed float class ids',
      js: tfjsClassifier({ labels: "tf.tensor1d(labelIds, 'int32').toFloat()" }),
      errors: [{ fixes: [{ title: 'Use sparseCategoricalCrossentropy', preferred: true, clean: true }] }],
    },
    {
      // int32 ids: the sparse loss would throw on them in tfjs, so no loss-only fix is offered.
      name: 'int32 class ids: the message says so and no fix',
      js: tfjsClassifier({ labels: "tf.tensor1d(labelIds, 'int32')" }),
      errors: [
        {
          message: /Use sparseCategoricalCrossentropy with float labels, or one-hot encode the labels\.$/,
          fixes: [],
        },
      ],
    },
  ],
});
