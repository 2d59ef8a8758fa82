"""Boston house prices: a regression.

Tracking "accuracy" on prices counts exact matches of floating-point
predictions; it stays near 0 and says nothing about the model.
"""
import numpy as np
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean = x_train.mean(axis=0)
std = x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std


def build_regressor():
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(x_train.shape[1],)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
    return model


regressor = build_regressor()
regressor.fit(x_train, y_train, epochs=100, batch_size=16, verbose=0)
print(np.sqrt(regressor.evaluate(x_test, y_test, verbose=0)[0]))
