"""MNIST digits with a dense network.

The labels are one-hot encoded for "cleaner" training, but the loss still
expects integer class ids: fit() stops at once with a shape error.
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

NUM_CLASSES = 10
EPOCHS = 10


def load_mnist():
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    y_train = to_categorical(y_train, NUM_CLASSES)
    y_test = to_categorical(y_test, NUM_CLASSES)
    return (x_train, y_train), (x_test, y_test)


def build_classifier(hidden_units=(256, 128)):
    model = tf.keras.Sequential(name="mnist_mlp")
    model.add(layers.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    for units in hidden_units:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(0.2))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    return model


(x_train, y_train), (x_test, y_test) = load_mnist()
model = build_classifier()
model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=128, epochs=EPOCHS, validation_data=(x_test, y_test))
print("test accuracy:", model.evaluate(x_test, y_test, verbose=0)[1])
print(np.argmax(model.predict(x_test[:5]), axis=1))
