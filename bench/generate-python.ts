/**
 * Generates realistic Keras code of any length: blocks of constants, helper
 * functions, Sequential and functional models, compile and fit, with a
 * mistake now and then. Used by the analysis benchmark and the large-file test.
 */

function block(i: number): string {
  return `
# ---- experiment ${i} -------------------------------------------------------
NUM_CLASSES_${i} = ${(i % 9) + 2}
HIDDEN_${i} = NUM_CLASSES_${i} * 16
INPUT_SHAPE_${i} = (32, 32, ${(i % 3) + 1})


def conv_stack_${i}(model, filters=(16, 32)):
    for f in filters:
        model.add(layers.Conv2D(f, 3, padding="same", activation="relu"))
        model.add(layers.MaxPooling2D())
    return model


def build_cnn_${i}(num_classes=NUM_CLASSES_${i}):
    model = keras.Sequential(name="cnn_${i}")
    model.add(keras.Input(shape=INPUT_SHAPE_${i}))
    conv_stack_${i}(model)
    model.add(layers.Flatten())
    model.add(layers.Dense(HIDDEN_${i}, activation="relu"))
    model.add(layers.Dense(num_classes, activation="${i % 7 === 0 ? 'sigmoid' : 'softmax'}"))
    return model


def build_functional_${i}():
    inputs = keras.Input(shape=(${(i % 50) + 10},))
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(1, activation="${i % 11 === 0 ? 'softmax' : 'sigmoid'}")(x)
    return keras.Model(inputs, outputs)


(x_train_${i}, y_train_${i}), _ = keras.datasets.mnist.load_data()
cnn_${i} = build_cnn_${i}()
cnn_${i}.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
cnn_${i}.fit(x_train_${i}, y_train_${i}, epochs=3, validation_split=0.1)
binary_${i} = build_functional_${i}()
binary_${i}.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="binary_crossentropy")
`;
}

/** About `lines` lines of Keras code. */
export function generatePython(lines: number): string {
  const parts = ['import keras\nfrom keras import layers\n'];
  let count = 3;
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    parts.push(b);
    count += b.split('\n').length - 1;
  }
  return parts.join('');
}
