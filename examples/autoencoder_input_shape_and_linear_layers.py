"""A dense autoencoder for sensor readings.

input_shape is repeated on inner layers (Keras ignores it there), and the
bottleneck Dense has no activation before the next Dense: the two collapse
into a single linear map.
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N_SENSORS = 48
CODE_SIZE = 8

readings = np.load("data/readings.npy").astype("float32")

autoencoder = keras.Sequential(name="sensor_autoencoder")
autoencoder.add(layers.Dense(32, activation="relu", input_shape=(N_SENSORS,)))
autoencoder.add(layers.Dense(CODE_SIZE, input_shape=(32,)))
autoencoder.add(layers.Dense(32, activation="relu"))
autoencoder.add(layers.Dense(N_SENSORS, activation="linear"))
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(readings, readings, epochs=40, batch_size=64, validation_split=0.1)
