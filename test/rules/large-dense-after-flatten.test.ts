import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

const huge = py`
  import keras
  from keras import layers
  model = keras.Sequential([
      keras.Input(shape=(224, 224, 3)),
      layers.Conv2D(64, 3, padding="same", activation="relu"),
      layers.Flatten(),
      layers.Dropout(0.5),
      layers.Dense(256, activation="relu"),
      layers.Dense(10, activation="softmax"),
  ])
`;

const tfjsHuge = js`
  import * as tf from '@tensorflow/tfjs';
  const input = tf.input({shape: [64, 64, 3]});
  const x = tf.layers.flatten().apply(tf.layers.conv2d({filters: 64, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(input));
  const m = tf.model({inputs: input, outputs: tf.layers.dense({units: 4096, activation: 'relu'}).apply(x)});
`;

ruleTester('large-dense-after-flatten', {
  dialects: ['python', 'js'],
  valid: [
    // 56*56*64*49 + 49 = 9,834,545: under 10M.
    {
      name: 'under the threshold',
      python: huge.replace('shape=(224, 224, 3)', 'shape=(56, 56, 3)').replace('Dense(256', 'Dense(49'),
    },
    { name: 'without Flatten', python: huge.replace('layers.Flatten(),', 'layers.GlobalAveragePooling2D(),') },
    { name: 'unknown sizes', python: huge.replace('shape=(224, 224, 3)', 'shape=(None, None, 3)') },
    { name: 'tfjs: a small Dense', js: tfjsHuge.replace('units: 4096', 'units: 2') },
  ],
  invalid: [
    {
      name: 'says the count and suggests pooling; the fix is never preferred',
      python: huge,
      errors: [
        {
          severity: 'info',
          at: 'layers.Dense(256, activation="relu")',
          message:
            /Dense 'dense' after Flatten has 822,083,840 parameters \(3,211,264 flattened inputs × 256 units\).*GlobalAveragePooling2D \(16,640 parameters in the Dense layer\)/,
          fixes: [
            {
              title: 'Replace Flatten with GlobalAveragePooling2D',
              output: /layers\.GlobalAveragePooling2D\(\),\n {4}layers\.Dropout/,
            },
          ],
        },
      ],
    },
    {
      // Just over: 56*56*64*50 + 50 = 10,035,250.
      name: 'just over the threshold',
      python: huge.replace('shape=(224, 224, 3)', 'shape=(56, 56, 3)').replace('Dense(256', 'Dense(50'),
      errors: [{ message: /10,035,250 parameters/ }],
    },
    {
      name: 'no GlobalAveragePooling fix for channels_first feature maps',
      python: py`
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((3, 512, 512)), layers.Conv2D(16, 3, data_format="channels_first"), layers.Flatten(), layers.Dense(64)])
      `,
      errors: [{ fixes: [] }],
    },
    {
      name: 'TensorFlow.js functional model',
      js: tfjsHuge,
      errors: [
        {
          fixes: [
            {
              title: 'Replace Flatten with GlobalAveragePooling2D',
              output: /tf\.layers\.globalAveragePooling2d\(\)\.apply/,
            },
          ],
        },
      ],
    },
  ],
});
