"""A correct subclassed model that outputs logits, with from_logits=True."""
import tensorflow as tf


class TextClassifier(tf.keras.Model):
    def __init__(self, vocab_size=10000, num_classes=4):
        super().__init__()
        self.embedding = tf.keras.layers.Embedding(vocab_size, 64)
        self.pool = tf.keras.layers.GlobalAveragePooling1D()
        self.hidden = tf.keras.layers.Dense(64, activation="relu")
        self.logits = tf.keras.layers.Dense(num_classes)

    def call(self, tokens, training=False):
        x = self.embedding(tokens)
        x = self.pool(x)
        return self.logits(self.hidden(x))


model = TextClassifier()
model.compile(
    optimizer=tf.keras.optimizers.Adam(3e-4),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
