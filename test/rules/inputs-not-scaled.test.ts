import { py } from '../helpers';
import { js } from '../tfjs-helpers';
import { ruleTester } from './rule-tester';

// "Too low accuracy on MNIST dataset using a neural network": load_data(), reshape, fit; loss never moves.
const mnistMlp = py`
  from keras.models import Sequential
  from keras.layers import Dense
  from keras.datasets import mnist

  input_nodes = 784
  hl1_nodes = 64
  (X_train, y_train), (X_test, y_test) = mnist.load_data()

  X_train_reshaped = X_train.reshape(X_train.shape[0], 784)

  model = Sequential()
  model.add(Dense(hl1_nodes, activation='relu', input_shape=(input_nodes,)))
  model.add(Dense(10, activation='softmax'))
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  history = model.fit(x=X_train_reshaped, y=y_train, validation_split=0.33, verbose=1, epochs=10)
`;

// "CNN on my own cat/dog images always predicts the same class": cv2.imread in a loop, np.array, fit.
const catsCv2 = py`
  import os
  import cv2
  import numpy as np
  from tensorflow.keras import layers, models

  X = []
  y = []
  for label, folder in enumerate(['cats', 'dogs']):
      for f in os.listdir(os.path.join('data', folder)):
          img = cv2.imread(os.path.join('data', folder, f))
          img = cv2.resize(img, (64, 64))
          X.append(img)
          y.append(label)
  X = np.array(X)
  y = np.array(y)

  model = models.Sequential([
      layers.Conv2D(32, (3, 3), activation='relu', input_shape=(64, 64, 3)),
      layers.MaxPooling2D((2, 2)),
      layers.Conv2D(64, (3, 3), activation='relu'),
      layers.MaxPooling2D((2, 2)),
      layers.Flatten(),
      layers.Dense(64, activation='relu'),
      layers.Dense(1, activation='sigmoid'),
  ])
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
  model.fit(X, y, epochs=10, batch_size=32, validation_split=0.2)
`;

// The same in the browser: "tfjs model trained on my webcam images always predicts one class".
const catsJs = js`
  import * as tf from '@tensorflow/tfjs';

  const images = [];
  const labels = [];
  for (const img of document.querySelectorAll('img.train')) {
    images.push(tf.browser.fromPixels(img).resizeBilinear([64, 64]).toFloat());
    labels.push(img.dataset.label === 'cat' ? 0 : 1);
  }
  const xs = tf.stack(images);
  const ys = tf.tensor1d(labels, 'float32');

  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 16, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await model.fit(xs, ys, { epochs: 10, batchSize: 16 });
`;

// "Validation accuracy stuck at 0.5 with flow_from_directory": augmentation, but no rescale.
const generators = py`
  from keras.preprocessing.image import ImageDataGenerator
  from keras.models import Sequential
  from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout

  train_datagen = ImageDataGenerator(shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
  test_datagen = ImageDataGenerator()

  train_generator = train_datagen.flow_from_directory(
      'data/train', target_size=(150, 150), batch_size=32, class_mode='binary')
  validation_generator = test_datagen.flow_from_directory(
      'data/validation', target_size=(150, 150), batch_size=32, class_mode='binary')

  model = Sequential()
  model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(150, 150, 3)))
  model.add(MaxPooling2D(pool_size=(2, 2)))
  model.add(Conv2D(64, (3, 3), activation='relu'))
  model.add(MaxPooling2D(pool_size=(2, 2)))
  model.add(Flatten())
  model.add(Dense(64, activation='relu'))
  model.add(Dropout(0.5))
  model.add(Dense(1, activation='sigmoid'))
  model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])
  model.fit_generator(train_generator, steps_per_epoch=2000 // 32, epochs=50,
                      validation_data=validation_generator, validation_steps=800 // 32)
`;

// "val_accuracy much lower than accuracy on CIFAR-10": the training images divided, the test images not.
const cifarValidation = py`
  import tensorflow as tf
  from tensorflow import keras

  (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
  x_train = x_train.astype('float32') / 255.0

  model = keras.Sequential([
      keras.layers.Conv2D(32, 3, activation='relu', input_shape=(32, 32, 3)),
      keras.layers.MaxPooling2D(),
      keras.layers.Flatten(),
      keras.layers.Dense(10, activation='softmax'),
  ])
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
  model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
`;

// "Model from image_dataset_from_directory stuck at 33%": the tutorial's Rescaling layer left out.
const directoryDataset = py`
  import tensorflow as tf
  from tensorflow.keras import layers

  train_ds = tf.keras.utils.image_dataset_from_directory(
      'flowers', validation_split=0.2, subset='training', seed=123, image_size=(180, 180), batch_size=32)
  val_ds = tf.keras.utils.image_dataset_from_directory(
      'flowers', validation_split=0.2, subset='validation', seed=123, image_size=(180, 180), batch_size=32)
  train_ds = train_ds.cache().shuffle(1000).prefetch(buffer_size=tf.data.AUTOTUNE)

  model = tf.keras.Sequential([
      layers.Conv2D(16, 3, padding='same', activation='relu', input_shape=(180, 180, 3)),
      layers.MaxPooling2D(),
      layers.Conv2D(32, 3, padding='same', activation='relu'),
      layers.MaxPooling2D(),
      layers.Flatten(),
      layers.Dense(128, activation='relu'),
      layers.Dense(5),
  ])
  model.compile(optimizer='adam',
                loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=['accuracy'])
  history = model.fit(train_ds, validation_data=val_ds, epochs=10)
`;

// load_img / img_to_array in a loop, the way many tutorials read a folder of images.
const loadImg = py`
  import numpy as np
  from glob import glob
  from tensorflow.keras.preprocessing.image import load_img, img_to_array
  from tensorflow.keras.models import Sequential
  from tensorflow.keras.layers import Flatten, Dense

  images = []
  for path in glob('faces/*.jpg'):
      images.append(img_to_array(load_img(path, target_size=(48, 48), color_mode='grayscale')))
  x = np.array(images, dtype='float32')

  model = Sequential([Flatten(input_shape=(48, 48, 1)), Dense(128, activation='relu'), Dense(7, activation='softmax')])
  model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])
  model.fit(x, labels, epochs=20)
`;

ruleTester('inputs-not-scaled', {
  dialects: ['python', 'js'],
  valid: [
    {
      name: 'divided by 255 after astype',
      python: mnistMlp.replace(
        'X_train_reshaped = X_train.reshape(X_train.shape[0], 784)',
        "X_train_reshaped = X_train.reshape(X_train.shape[0], 784).astype('float32') / 255",
      ),
      clean: true,
    },
    {
      name: 'divided in place (X /= 255.0)',
      python: catsCv2.replace('X = np.array(X)\n', 'X = np.array(X, dtype=np.float32)\nX /= 255.0\n'),
      js: catsJs.replace('.toFloat());', '.toFloat().div(255));'),
      clean: true,
    },
    {
      name: 'standardised by the training statistics (the analyzer does not follow them: silent)',
      python: cifarValidation
        .replace(
          "x_train = x_train.astype('float32') / 255.0",
          'mean = x_train.mean(axis=0)\nstd = x_train.std(axis=0)\nx_train = (x_train - mean) / std\nx_test = (x_test - mean) / std',
        )
        .replace('validation_data=(x_test, y_test)', 'validation_data=(x_test, y_test)'),
    },
    {
      name: 'both sets divided by 255',
      python: cifarValidation.replace(
        "x_train = x_train.astype('float32') / 255.0",
        "x_train = x_train.astype('float32') / 255.0\nx_test = x_test.astype('float32') / 255.0",
      ),
      clean: true,
    },
    {
      name: 'the generators rescale',
      python: generators
        .replace('ImageDataGenerator(shear_range', 'ImageDataGenerator(rescale=1./255, shear_range')
        .replace('ImageDataGenerator()', 'ImageDataGenerator(rescale=1./255)'),
      clean: true,
    },
    {
      name: 'the generator normalises by a function of the user (preprocessing_function)',
      python: generators
        .replace('ImageDataGenerator(shear_range', 'ImageDataGenerator(preprocessing_function=prep, shear_range')
        .replace('ImageDataGenerator()', 'ImageDataGenerator(preprocessing_function=prep)'),
    },
    {
      name: 'scaled by a tensor (tf.scalar): not followed, silent',
      js: catsJs.replace('.toFloat());', '.toFloat().div(tf.scalar(255)));'),
    },
    {
      name: 'a Rescaling layer first in the model',
      python: directoryDataset.replace(
        "  layers.Conv2D(16, 3, padding='same', activation='relu', input_shape=(180, 180, 3)),",
        "  layers.Rescaling(1./255, input_shape=(180, 180, 3)),\n    layers.Conv2D(16, 3, padding='same', activation='relu'),",
      ),
      clean: true,
    },
    {
      name: 'the dataset is mapped through a function (the analyzer does not follow it: silent)',
      python: directoryDataset.replace(
        'train_ds = train_ds.cache()',
        'train_ds = train_ds.map(lambda x, y: (x / 255.0, y))\nval_ds = val_ds.map(lambda x, y: (x / 255.0, y))\ntrain_ds = train_ds.cache()',
      ),
    },
    {
      name: 'a backbone that brings its own preprocessing (EfficientNet)',
      python: py`
        import tensorflow as tf
        from tensorflow.keras import layers
        from tensorflow.keras.applications import EfficientNetB0

        train_ds = tf.keras.utils.image_dataset_from_directory('flowers', image_size=(224, 224))
        base = EfficientNetB0(include_top=False, weights='imagenet', input_shape=(224, 224, 3), pooling='avg')
        base.trainable = False
        model = tf.keras.Sequential([base, layers.Dense(5, activation='softmax')])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        model.fit(train_ds, epochs=5)
      `,
    },
    {
      name: 'preprocess_input on the data',
      python: catsCv2
        .replace('X = np.array(X)\n', 'X = preprocess_input(np.array(X, dtype=np.float32))\n')
        .replace(
          'from tensorflow.keras import layers, models',
          'from tensorflow.keras import layers, models\nfrom tensorflow.keras.applications.vgg16 import preprocess_input',
        ),
    },
    {
      name: 'BatchNormalization in the model',
      python: mnistMlp.replace(
        "model.add(Dense(hl1_nodes, activation='relu', input_shape=(input_nodes,)))",
        "model.add(BatchNormalization(input_shape=(input_nodes,)))\nmodel.add(Dense(hl1_nodes, activation='relu'))",
      ),
    },
    {
      name: 'scaled on a path the analyzer cannot decide',
      python: mnistMlp.replace(
        'X_train_reshaped = X_train.reshape(X_train.shape[0], 784)',
        'X_train_reshaped = X_train.reshape(X_train.shape[0], 784)\nif NORMALIZE:\n    X_train_reshaped = X_train_reshaped / 255.0',
      ),
    },
    {
      name: 'arrays from .npy files are not known to be pixels',
      python: py`
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense

        X = np.load('features.npy')
        y = np.load('labels.npy')
        model = Sequential([Dense(32, activation='relu', input_shape=(20,)), Dense(1, activation='sigmoid')])
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        model.fit(X, y, epochs=10)
      `,
    },
  ],
  invalid: [
    {
      name: 'mnist.load_data() reshaped and fed raw to an MLP',
      python: mnistMlp,
      errors: [
        {
          severity: 'warning',
          at: 'X_train_reshaped',
          line: 15,
          message:
            'X_train_reshaped holds pixel values from 0 to 255 (the images of mnist.load_data()), and neither the code nor the model scales them: ' +
            'no division by 255, no Rescaling or Normalization layer. Inputs in the hundreds saturate activations and make the first layer’s gradients ' +
            'hundreds of times too large, so the loss jumps around or stalls near chance. ' +
            'Divide by 255 (X_train_reshaped / 255.0; the same for validation and test data) or put Rescaling(1./255) first in the model.',
          related: [{ at: 'mnist.load_data()', message: 'loaded here: the images of mnist.load_data(), values 0–255' }],
          fixes: [
            {
              title: 'Divide the images by 255',
              preferred: true,
              output: (s) => s.replace('model.fit(x=X_train_reshaped,', 'model.fit(x=X_train_reshaped / 255.0,'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'images read with cv2.imread / tf.browser.fromPixels in a loop',
      python: catsCv2,
      js: catsJs,
      errors: [
        {
          at: { python: 'X', js: 'xs' },
          message: {
            python: /^X holds pixel values from 0 to 255 \(images read by cv2\.imread\)/,
            js: /^xs holds pixel values from 0 to 255 \(images read by tf\.browser\.fromPixels\).* Divide by 255 \(xs\.div\(255\); the same for validation and test data\) or put tf\.layers\.rescaling\(\{scale: 1 \/ 255\}\) first in the model\.$/,
          },
          related: {
            python: [{ at: "cv2.imread(os.path.join('data', folder, f))" }],
            js: [{ at: 'tf.browser.fromPixels(img)' }],
          },
          fixes: [
            {
              title: 'Divide the images by 255',
              preferred: true,
              output: {
                python: (s) => s.replace('model.fit(X, y,', 'model.fit(X / 255.0, y,'),
                js: (s) => s.replace('model.fit(xs, ys,', 'model.fit(xs.div(255), ys,'),
              },
            },
          ],
        },
      ],
    },
    {
      name: 'img_to_array(load_img(...)) in a loop',
      python: loadImg,
      errors: [
        {
          at: 'x',
          message: /^x holds pixel values from 0 to 255 \(images loaded by load_img\)/,
          fixes: [{ title: 'Divide the images by 255', preferred: true }],
        },
      ],
    },
    {
      name: 'ImageDataGenerators without rescale: the fix gives both one',
      python: generators,
      errors: [
        {
          at: 'train_generator',
          message:
            /^The images this generator yields hold pixel values from 0 to 255 \(the images of flow_from_directory\), and neither the code nor the model scales them: the generator has no rescale, .* Give the ImageDataGenerator rescale=1\.\/255/,
          fixes: [
            {
              title: 'Add rescale=1./255 to the ImageDataGenerator',
              preferred: true,
              output: (s) =>
                s
                  .replace('ImageDataGenerator(shear_range', 'ImageDataGenerator(shear_range')
                  .replace('horizontal_flip=True)', 'horizontal_flip=True, rescale=1./255)')
                  .replace('ImageDataGenerator()', 'ImageDataGenerator(rescale=1./255)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'training images divided, validation images not',
      python: cifarValidation,
      errors: [
        {
          severity: 'warning',
          at: 'x_test',
          message:
            'The training images are scaled (by 1/255), but the validation images are not: x_test holds pixel values from 0 to 255 (the images of cifar10.load_data()). ' +
            'The model is validated on inputs hundreds of times larger than anything it was trained on, so the validation loss and accuracy say nothing about it. ' +
            'Scale validation (and test) data exactly like the training data.',
          related: [
            { at: 'x_train', message: 'training images scaled by 1/255' },
            { at: 'keras.datasets.cifar10.load_data()' },
          ],
          fixes: [
            {
              title: 'Scale the validation images like the training images',
              preferred: true,
              output: (s) => s.replace('validation_data=(x_test, y_test)', 'validation_data=(x_test / 255.0, y_test)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'the training generator rescales, the validation generator does not',
      python: generators.replace('ImageDataGenerator(shear_range', 'ImageDataGenerator(rescale=1. / 255, shear_range'),
      errors: [
        {
          at: 'validation_generator',
          message:
            /^The training images are scaled \(by 1\/255\), but the validation images are not: the images this generator yields hold pixel values from 0 to 255 \(the images of flow_from_directory\)\./,
          related: [
            {
              at: "train_datagen.flow_from_directory(\n    'data/train', target_size=(150, 150), batch_size=32, class_mode='binary')",
            },
            {
              at: "test_datagen.flow_from_directory(\n    'data/validation', target_size=(150, 150), batch_size=32, class_mode='binary')",
            },
          ],
          fixes: [
            {
              title: 'Add rescale=1./255 to the validation generator',
              preferred: true,
              output: (s) =>
                s.replace('test_datagen = ImageDataGenerator()', 'test_datagen = ImageDataGenerator(rescale=1./255)'),
              clean: true,
            },
          ],
        },
      ],
    },
    {
      name: 'image_dataset_from_directory without a Rescaling layer',
      python: directoryDataset,
      errors: [
        {
          at: 'train_ds',
          line: 22,
          message:
            /^The images of this dataset hold pixel values from 0 to 255 \(the images of image_dataset_from_directory\).* Put Rescaling\(1\.\/255\) first in the model/,
          fixes: [],
        },
      ],
    },
  ],
});
