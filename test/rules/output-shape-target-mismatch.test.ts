import { py } from '../helpers';
import { ruleTester } from './rule-tester';

// The convolutional autoencoder of "Building Autoencoders in Keras", with the first convolutions left at padding='valid'.
const autoencoder = py`
  from keras.datasets import mnist
  from keras.layers import Input, Conv2D, MaxPooling2D, UpSampling2D
  from keras.models import Model
  import numpy as np

  (x_train, _), (x_test, _) = mnist.load_data()
  x_train = x_train.astype('float32') / 255.
  x_test = x_test.astype('float32') / 255.
  x_train = np.reshape(x_train, (len(x_train), 28, 28, 1))
  x_test = np.reshape(x_test, (len(x_test), 28, 28, 1))

  input_img = Input(shape=(28, 28, 1))
  x = Conv2D(16, (3, 3), activation='relu')(input_img)
  x = MaxPooling2D((2, 2), padding='same')(x)
  x = Conv2D(8, (3, 3), activation='relu')(x)
  encoded = MaxPooling2D((2, 2), padding='same')(x)
  x = Conv2D(8, (3, 3), activation='relu', padding='same')(encoded)
  x = UpSampling2D((2, 2))(x)
  x = Conv2D(16, (3, 3), activation='relu', padding='same')(x)
  x = UpSampling2D((2, 2))(x)
  decoded = Conv2D(1, (3, 3), activation='sigmoid', padding='same')(x)

  autoencoder = Model(input_img, decoded)
  autoencoder.compile(optimizer='adam', loss='binary_crossentropy')
  autoencoder.fit(x_train, x_train, epochs=50, batch_size=128, shuffle=True, validation_data=(x_test, x_test))
`;

// A denoising autoencoder pooled three times: 28 → 14 → 7 → 4, upsampled back to 32.
const denoising = py`
  import numpy as np
  import tensorflow as tf
  from tensorflow.keras import layers

  (x_train, _), _ = tf.keras.datasets.fashion_mnist.load_data()
  x_train = x_train[..., np.newaxis] / 255.0
  x_noisy = np.clip(x_train + 0.3 * np.random.normal(size=x_train.shape), 0.0, 1.0)

  model = tf.keras.Sequential([
      layers.Conv2D(32, 3, activation='relu', padding='same', input_shape=(28, 28, 1)),
      layers.MaxPooling2D(2, padding='same'),
      layers.Conv2D(32, 3, activation='relu', padding='same'),
      layers.MaxPooling2D(2, padding='same'),
      layers.Conv2D(32, 3, activation='relu', padding='same'),
      layers.MaxPooling2D(2, padding='same'),
      layers.Conv2D(32, 3, activation='relu', padding='same'),
      layers.UpSampling2D(2),
      layers.Conv2D(32, 3, activation='relu', padding='same'),
      layers.UpSampling2D(2),
      layers.Conv2D(32, 3, activation='relu', padding='same'),
      layers.UpSampling2D(2),
      layers.Conv2D(1, 3, activation='sigmoid', padding='same'),
  ])
  model.compile(optimizer='adam', loss='mse')
  model.fit(x_noisy, x_train, epochs=10, batch_size=128)
`;

ruleTester('output-shape-target-mismatch', {
  dialects: ['python'],
  valid: [
    {
      name: "padding='same' everywhere: 28 → 14 → 7 → 14 → 28",
      python: autoencoder.replace(/activation='relu'\)\(/g, "activation='relu', padding='same')("),
      clean: true,
    },
    {
      name: 'targets without the channel axis (Keras adds it)',
      python: autoencoder
        .replace(/activation='relu'\)\(/g, "activation='relu', padding='same')(")
        .replace('autoencoder.fit(x_train, x_train,', 'autoencoder.fit(x_train, np.squeeze(x_train, -1),')
        .replace('np.squeeze(x_train, -1)', 'x_train[:, :, :, 0]'),
    },
    {
      name: 'two poolings only: 28 → 14 → 7 → 14 → 28',
      python: denoising.replace(
        / {4}layers\.MaxPooling2D\(2, padding='same'\),\n {4}layers\.Conv2D\(32, 3, activation='relu', padding='same'\),\n {4}layers\.UpSampling2D\(2\),\n/,
        '',
      ),
      clean: true,
    },
  ],
  invalid: [
    {
      name: "'valid' convolutions in the encoder: the output is 24×24",
      python: autoencoder,
      errors: [
        {
          severity: 'error',
          at: "Conv2D(1, (3, 3), activation='sigmoid', padding='same')(x)",
          line: 21,
          message:
            'The model outputs (None, 24, 24, 1), 24×24 per channel, but its targets are 28×28: x_train (the images of mnist.load_data()) has shape (60000, 28, 28, 1). ' +
            'Keras fails computing the loss on the first batch. Along the model the size goes 28×28 → 26×26 → 13×13 → 11×11 → 6×6 → 12×12 → 24×24. ' +
            "Keep the size recoverable: padding='same' on the convolutions, and pool only sizes that divide evenly (or crop/pad the output to the targets' size).",
          related: [{ at: 'x_train', message: 'targets of shape (60000, 28, 28, 1)' }],
          fixes: [],
        },
      ],
    },
    {
      name: 'three poolings of 28: the output is 32×32',
      python: denoising,
      errors: [
        {
          message:
            /^The model outputs \(None, 32, 32, 1\), 32×32 per channel, but its targets are 28×28: .* 28×28 → 14×14 → 7×7 → 4×4 → 8×8 → 16×16 → 32×32\./,
        },
      ],
    },
  ],
});
