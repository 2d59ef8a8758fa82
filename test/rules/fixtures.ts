/** Models several rule homes build on: each test swaps in the part it is about. */
import { js } from '../tfjs-helpers';

/** A small TensorFlow.js classifier (3 classes, one-hot labels from tf.oneHot). */
export function tfjsClassifier(opts: {
  output?: string;
  compile?: string;
  labels?: string;
  fit?: string;
  hidden?: string;
}): string {
  return js`
    import * as tf from '@tensorflow/tfjs-node';

    export async function train(xs, labelIds) {
      const model = tf.sequential();
      model.add(tf.layers.dense(${opts.hidden ?? "{units: 32, activation: 'relu', inputShape: [20]}"}));
      model.add(tf.layers.dense(${opts.output ?? "{units: 3, activation: 'softmax'}"}));
      model.compile(${opts.compile ?? "{optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']}"});
      const ys = ${opts.labels ?? "tf.oneHot(tf.tensor1d(labelIds, 'int32'), 3)"};
      await model.fit(xs, ys, ${opts.fit ?? '{epochs: 10, batchSize: 32}'});
      return model;
    }
  `;
}
