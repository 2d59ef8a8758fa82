"""Flower photos at 224x224 with Flatten straight after the convolutions.

Flatten turns the 112x112x64 feature map into 802,816 inputs: the Dense
layer after it has 205 million weights (about 820 MB), nearly the whole model.
"""
import tensorflow as tf
from tensorflow.keras import layers

train_ds = tf.keras.utils.image_dataset_from_directory("data/flowers", image_size=(224, 224), batch_size=16)

model = tf.keras.Sequential([
    layers.Rescaling(1.0 / 255, input_shape=(224, 224, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=10)
