"""Credit default prediction with early stopping and checkpoints.

Written for TF 1.x, where the log key was "val_acc". Keras 2.x/3 logs
"val_accuracy", so EarlyStopping never stops and the checkpoint never saves
the best model; and the checkpoint's default monitor val_loss needs
validation data that the second run does not have.
"""
import pandas as pd
from tensorflow import keras
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint

frame = pd.read_csv("data/credit.csv")
x = frame.drop(columns=["default"]).values
y = frame["default"].values

model = keras.Sequential([
    keras.layers.Input(shape=(x.shape[1],)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

stop = EarlyStopping(monitor="val_acc", patience=5, restore_best_weights=True)
model.fit(x, y, epochs=200, validation_split=0.2, callbacks=[stop])

model.fit(x, y, epochs=20, callbacks=[ModelCheckpoint("best.keras", save_best_only=True)])
