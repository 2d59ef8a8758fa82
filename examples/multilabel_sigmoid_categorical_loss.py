"""Photo tagging: several tags per photo, read from a folder of images.

The outputs are sigmoids (one independent yes/no per tag), but the loss is
categorical crossentropy, which treats them as one distribution.
"""
from tensorflow import keras
from tensorflow.keras import layers

TAGS = ["beach", "city", "dog", "food", "night", "people"]


def tagger(image_size=(128, 128)):
    base = keras.applications.MobileNetV2(input_shape=image_size + (3,), include_top=False, weights=None)
    inputs = keras.Input(shape=image_size + (3,))
    x = base(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(len(TAGS), activation="sigmoid")(x)
    model = keras.Model(inputs, outputs, name="photo_tagger")
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["binary_accuracy"])
    return model


model = tagger()
