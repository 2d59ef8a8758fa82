"""Sentiment of movie reviews (IMDB) with an embedding model.

Each string here is a typo Keras only reports when the code runs:
"Could not interpret loss identifier", an unknown activation, an unknown
optimizer, an unknown metric.
"""
import keras
from keras import layers

MAX_WORDS = 10000
MAX_LEN = 200

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=MAX_WORDS)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAX_LEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAX_LEN)

model = keras.Sequential([
    layers.Input(shape=(MAX_LEN,)),
    layers.Embedding(MAX_WORDS, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="rleu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adamm", loss="binary_crossentrophy", metrics=["acuracy"])
model.fit(x_train, y_train, epochs=4, batch_size=512, validation_data=(x_test, y_test))
