"""Review polarity with two stacked LSTMs, one sigmoid output and the categorical loss.

With one output unit categorical crossentropy is 0 for every input (the single
"class" always has probability 1), so the loss cannot guide training.
"""
from tensorflow import keras
from tensorflow.keras import layers

MAX_WORDS = 10000
MAX_LEN = 100

model = keras.Sequential([
    layers.Embedding(MAX_WORDS, 64, input_length=MAX_LEN),
    layers.LSTM(64, return_sequences=True),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["acc"])
