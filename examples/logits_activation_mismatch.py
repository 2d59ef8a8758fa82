"""Topic classifier for news headlines, two variants written by two people.

The first adds a softmax and also tells the loss the outputs are logits; the
second outputs raw scores and tells the loss they are probabilities.
"""
import tensorflow as tf
from tensorflow.keras import layers

NUM_TOPICS = 4
SEQ_LEN = 64
VOCAB = 20000


def encoder():
    return [
        layers.Input(shape=(SEQ_LEN,)),
        layers.Embedding(VOCAB, 64),
        layers.Bidirectional(layers.LSTM(32)),
        layers.Dense(64, activation="relu"),
    ]


softmax_then_logits = tf.keras.Sequential(encoder() + [layers.Dense(NUM_TOPICS, activation="softmax")])
softmax_then_logits.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

raw_scores = tf.keras.Sequential(encoder() + [layers.Dense(NUM_TOPICS)])
raw_scores.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
