/**
 * Generates model-dense Keras code: blocks of 20 lines, each a helper function
 * that builds and compiles a Sequential MLP (called once) and a functional CNN
 * (Conv2D, MaxPooling2D, Conv2D, GlobalAveragePooling2D, Dense) with compile.
 * Almost every line builds or wires a layer, unlike generate-python.ts's mix.
 */

function block(i: number): string {
  return `
def build_mlp_${i}(n_features, n_classes):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(${32 + (i % 4) * 16}, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


mlp_${i} = build_mlp_${i}(${10 + (i % 20)}, ${2 + (i % 9)})
inputs_${i} = keras.Input(shape=(${28 + (i % 5) * 4}, ${28 + (i % 5) * 4}, ${(i % 3) + 1}))
x = layers.Conv2D(32, 3, activation="relu")(inputs_${i})
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs_${i} = layers.Dense(10, activation="softmax")(x)
cnn_${i} = keras.Model(inputs_${i}, outputs_${i}, name="cnn_${i}")
cnn_${i}.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])`;
}

/** `blocks` blocks of 20 lines each, after two import lines. */
export function generateModelDense(blocks: number): string {
  const parts = ['import keras\nfrom keras import layers\n'];
  for (let i = 0; i < blocks; i++) parts.push(block(i));
  return `${parts.join('\n')}\n`;
}
