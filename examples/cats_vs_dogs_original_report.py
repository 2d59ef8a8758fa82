"""Cats vs dogs from saved arrays: the model as the original report wrote it.

Two 256-filter convolution blocks with batch normalization, then one output
unit with softmax. The report: "accuracy stays at 0.5 whatever I do". The
input shape comes from the data (X.shape[1:]), 64x64 grayscale here:

    model-doctor verify examples/cats_vs_dogs_original_report.py --input-shape 64,64,1
"""
import numpy as np
from tensorflow.keras.layers import BatchNormalization, Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

X = np.load("X.npy")
y = np.load("y.npy")
X = X / 255.0

model = Sequential()
model.add(Conv2D(256, (3, 3), input_shape=X.shape[1:]))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(BatchNormalization())

model.add(Conv2D(256, (3, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(BatchNormalization())

model.add(Flatten())
model.add(Dense(64))
model.add(Dense(1, activation="softmax"))

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, batch_size=32, epochs=10, validation_split=0.1)
