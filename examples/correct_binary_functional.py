"""A correct binary classifier (functional API): one sigmoid unit, binary crossentropy."""
import tensorflow as tf
from tensorflow.keras import layers

IMG_SIZE = 96


def build(image_size=IMG_SIZE):
    inputs = tf.keras.Input(shape=(image_size, image_size, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inputs, outputs, name="binary_cnn")
    model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model


train_ds = tf.keras.utils.image_dataset_from_directory(
    "data/train", image_size=(IMG_SIZE, IMG_SIZE), label_mode="binary", batch_size=32
)
model = build()
model.fit(train_ds, epochs=10)
