"""
Trains the same small models on the same 0-255 images as loaded and divided by 255
(Keras, three seeds): the figures of docs/rules/inputs-not-scaled.md.
Run: ../.keras/bin/python bench/unscaled-inputs.py
"""
import os
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
n, classes = 3000, 10
# Synthetic digit-like images: each class a blurred random stroke pattern, pixels 0-255 (uint8), plus noise and shifts.
protos = (rng.random((classes, 28, 28)) > 0.93).astype(np.float32)
y = rng.integers(0, classes, n)
x = protos[y] * 255.0
x = np.clip(x * rng.uniform(0.6, 1.0, (n, 1, 1)) + rng.normal(0, 110, (n, 28, 28)), 0, 255).astype('uint8')
xt, yt = x[:2400], y[:2400]
xv, yv = x[2400:], y[2400:]

def run(kind, opt, scale, seed):
    keras.utils.set_random_seed(seed)
    if kind == 'mlp':
        m = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(64, activation='relu'), layers.Dense(10, activation='softmax')])
    else:
        m = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation='relu'), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(32, activation='relu'), layers.Dense(10, activation='softmax')])
    m.compile(optimizer=opt, loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    a, b = xt.astype('float32') * scale, xv.astype('float32') * scale
    if kind == 'cnn':
        a, b = a[..., None], b[..., None]
    h = m.fit(a, yt, epochs=5, batch_size=32, verbose=0, validation_data=(b, yv))
    return h.history['val_accuracy'][-1]

for kind in ['mlp', 'cnn']:
    for opt in ['adam', 'sgd']:
        for scale, label in [(1.0, 'raw 0-255'), (1 / 255, 'x / 255')]:
            accs = [run(kind, opt, scale, s) for s in (1, 2, 3)]
            print(f'{kind} {opt} {label}: ' + ' '.join(f'{a:.2f}' for a in accs), flush=True)
