"""Sentiment of short reviews with an LSTM: the 1-unit softmax mistake on a text model."""
from tensorflow import keras
from tensorflow.keras import layers

VOCAB = 5000
MAXLEN = 80

inputs = keras.Input(shape=(MAXLEN,))
x = layers.Embedding(VOCAB, 32)(inputs)
x = layers.LSTM(32)(x)
outputs = layers.Dense(1, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
