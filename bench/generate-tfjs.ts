/**
 * Generates realistic TensorFlow.js code of any length: constants, helper
 * functions, Sequential and functional models, compile and fit, a class with
 * methods, with a mistake now and then. Used by the tfjs analysis benchmark.
 */

function block(i: number): string {
  return `
// ---- experiment ${i} -------------------------------------------------------
const NUM_CLASSES_${i} = ${(i % 9) + 2};
const HIDDEN_${i} = NUM_CLASSES_${i} * 16;
const INPUT_SHAPE_${i} = [32, 32, ${(i % 3) + 1}];

function convStack${i}(model, filters = [16, 32]) {
  for (const f of filters) {
    model.add(tf.layers.conv2d({filters: f, kernelSize: 3, padding: 'same', activation: 'relu'}));
    model.add(tf.layers.maxPooling2d({poolSize: 2}));
  }
  return model;
}

function buildCnn${i}(numClasses = NUM_CLASSES_${i}) {
  const model = tf.sequential({name: 'cnn_${i}'});
  model.add(tf.layers.inputLayer({inputShape: INPUT_SHAPE_${i}}));
  convStack${i}(model);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({units: HIDDEN_${i}, activation: 'relu'}));
  model.add(tf.layers.dense({units: numClasses, activation: '${i % 7 === 0 ? 'sigmoid' : 'softmax'}'}));
  return model;
}

function buildFunctional${i}() {
  const input = tf.input({shape: [${(i % 50) + 10}]});
  let x = tf.layers.dense({units: 64, activation: 'relu'}).apply(input);
  x = tf.layers.dropout({rate: 0.2}).apply(x);
  const output = tf.layers.dense({units: 1, activation: '${i % 11 === 0 ? 'softmax' : 'sigmoid'}'}).apply(x);
  return tf.model({inputs: input, outputs: output});
}

class Trainer${i} {
  constructor(epochs = 3) {
    this.epochs = epochs;
  }

  async train(xs, labelIds) {
    const cnn = buildCnn${i}();
    cnn.compile({optimizer: 'adam', loss: '${i % 5 === 0 ? 'sparse_categorical_crossentropy' : 'sparseCategoricalCrossentropy'}', metrics: ['accuracy']});
    await cnn.fit(xs, tf.tensor1d(labelIds, 'int32'), {epochs: this.epochs, validationSplit: 0.1});
    const binary = buildFunctional${i}();
    binary.compile({optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy'});
    return [cnn, binary];
  }
}
`;
}

/** About `lines` lines of tfjs code. */
export function generateTfjs(lines: number): string {
  let out = "import * as tf from '@tensorflow/tfjs';\n";
  for (let i = 0; out.split('\n').length < lines; i++) out += block(i);
  return out;
}
