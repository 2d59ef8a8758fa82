"""CIFAR-10 with one convolution block too many.

Each block of two valid 3x3 convolutions and a 2x2 pool shrinks the 32x32
images, to 14x14 and then 5x5; in the third block the convolutions leave 1x1
and its pool would output 0x0. Keras only says "Computed output size would be
zero or negative" when the model is built.
"""
import keras
from keras import layers


def block(filters):
    return [
        layers.Conv2D(filters, 3, activation="relu"),
        layers.Conv2D(filters, 3, activation="relu"),
        layers.MaxPooling2D(),
    ]


model = keras.Sequential(
    [keras.Input(shape=(32, 32, 3))]
    + block(32)
    + block(64)
    + block(128)
    + [layers.Flatten(), layers.Dense(10, activation="softmax")]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
