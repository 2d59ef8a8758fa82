"""Five flower species from a CSV of measurements.

The labels are one-hot with five columns, the output layer has four units:
fit() fails with a shape mismatch (or, with a sparse loss, class 4 can never
be predicted).
"""
import numpy as np
import pandas as pd
from keras import Sequential
from keras.layers import Dense, Dropout, Input
from keras.utils import to_categorical

SPECIES = ["daisy", "dandelion", "rose", "sunflower", "tulip"]
NUM_SPECIES = len(SPECIES)

frame = pd.read_csv("data/flowers.csv")
features = frame.drop("species", axis=1).values.astype(np.float32)
species_ids = frame["species"].map({name: i for i, name in enumerate(SPECIES)}).values
labels = to_categorical(species_ids, num_classes=NUM_SPECIES)

model = Sequential([
    Input(shape=(features.shape[1],)),
    Dense(32, activation="relu"),
    Dropout(0.1),
    Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(features, labels, epochs=50, validation_split=0.2, verbose=2)
