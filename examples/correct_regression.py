"""A correct regression: linear output, mean squared error, MAE as metric."""
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.california_housing.load_data()

normalizer = keras.layers.Normalization()
normalizer.adapt(x_train)

model = keras.Sequential([
    keras.Input(shape=(8,)),
    normalizer,
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mean_squared_error", metrics=["mae"])
model.fit(x_train, y_train, epochs=20, validation_split=0.2,
          callbacks=[keras.callbacks.EarlyStopping(monitor="val_mae", patience=3)])
