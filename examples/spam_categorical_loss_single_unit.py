"""Spam filter on bag-of-words features.

One sigmoid output is right for two classes, but the loss is the categorical
one: it normalises the single output to 1.0, so the loss is constant and the
filter never learns anything.
"""
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras

VOCAB_SIZE = 5000


def load_features(path="data/spam_features.csv"):
    frame = pd.read_csv(path)
    labels = frame.pop("is_spam").values
    return train_test_split(frame.values, labels, test_size=0.2, random_state=0)


def make_model():
    model = keras.Sequential([
        keras.layers.Input(shape=(VOCAB_SIZE,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


x_train, x_test, y_train, y_test = load_features()
spam_model = make_model()
spam_model.fit(x_train, y_train, epochs=5, batch_size=32, validation_data=(x_test, y_test))
