// Customer churn from numeric features plus a plan embedding, with the
// functional API. Correct: two inputs concatenated, sigmoid output.
import * as tf from '@tensorflow/tfjs';

const NUMERIC_FEATURES = 12;
const PLANS = 5;

export function buildChurnModel(): tf.LayersModel {
  const numeric = tf.input({shape: [NUMERIC_FEATURES], name: 'numeric'});
  const plan = tf.input({shape: [1], name: 'plan', dtype: 'int32'});

  const planVector = tf.layers.flatten().apply(
    tf.layers.embedding({inputDim: PLANS, outputDim: 3}).apply(plan),
  ) as tf.SymbolicTensor;

  let x = tf.layers.concatenate().apply([numeric, planVector]) as tf.SymbolicTensor;
  for (const units of [64, 32]) {
    x = tf.layers.dense({units, activation: 'relu'}).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dropout({rate: 0.3}).apply(x) as tf.SymbolicTensor;
  }
  const churn = tf.layers.dense({units: 1, activation: 'sigmoid', name: 'churn'}).apply(x) as tf.SymbolicTensor;

  const model = tf.model({inputs: [numeric, plan], outputs: churn, name: 'churn'});
  model.compile({optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy', tf.metrics.precision, tf.metrics.recall]});
  return model;
}
