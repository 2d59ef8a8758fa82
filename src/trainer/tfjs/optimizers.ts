/** Keras optimizers with Keras's defaults, in TensorFlow.js. */
import type * as TF from '@tensorflow/tfjs';
import { badInput } from '../errors';
import type { OptimizerSpecJson } from '../spec';
import type { Tf } from './build';

/** Keras 3 uses epsilon 1e-7 everywhere (tfjs takes the backend's epsilon when not given). */
const KERAS_EPSILON = 1e-7;

export function kerasOptimizer(tf: Tf, spec: OptimizerSpecJson): TF.Optimizer {
  const c = spec.config;
  const num = (name: string, fallback: number) => (typeof c[name] === 'number' ? (c[name] as number) : fallback);
  const lr = spec.learningRate;
  switch (spec.id) {
    case 'sgd': {
      const momentum = num('momentum', 0);
      return momentum > 0 ? tf.train.momentum(lr, momentum, c.nesterov === true) : tf.train.sgd(lr);
    }
    case 'adam':
      if (c.amsgrad === true) throw badInput('Adam with amsgrad=True cannot be rebuilt in TensorFlow.js');
      return tf.train.adam(lr, num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', KERAS_EPSILON));
    case 'rmsprop':
      return tf.train.rmsprop(
        lr,
        num('rho', 0.9),
        num('momentum', 0),
        num('epsilon', KERAS_EPSILON),
        c.centered === true,
      );
    case 'adagrad':
      return tf.train.adagrad(lr, num('initial_accumulator_value', 0.1));
    case 'adadelta':
      return tf.train.adadelta(lr, num('rho', 0.95), num('epsilon', KERAS_EPSILON));
    case 'adamax':
      return tf.train.adamax(lr, num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', KERAS_EPSILON));
    default:
      throw badInput(`optimizer ${spec.written} cannot be rebuilt in TensorFlow.js`);
  }
}
