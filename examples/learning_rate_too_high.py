"""A tabular classifier where someone "sped up" training.

Adam steps roughly by the learning rate per weight: at 0.5 the loss bounces
and soon turns into NaN.
"""
import numpy as np
from tensorflow.keras import Sequential, optimizers
from tensorflow.keras.layers import Dense

rng = np.random.default_rng(0)
features = rng.normal(size=(1000, 12)).astype("float32")
labels = np.random.randint(0, 3, size=(1000,))

model = Sequential([
    Dense(64, activation="relu", input_shape=(12,)),
    Dense(64, activation="relu"),
    Dense(3, activation="softmax"),
])
model.compile(
    optimizer=optimizers.Adam(learning_rate=0.5),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(features, labels, epochs=30, batch_size=32, validation_split=0.2)
