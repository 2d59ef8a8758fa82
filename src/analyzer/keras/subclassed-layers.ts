/**
 * A user's subclass of a built-in Keras layer (`class StandardizedConv2D(layers.Conv2D)`).
 * Keras 3 gives a layer's symbolic output the shape its `compute_output_shape`
 * returns whenever the class has one of its own, and runs `call()` only when
 * it has not (keras/src/layers/layer.py `compute_output_spec`). Every
 * built-in layer the catalog lists has one except those below, so a subclass
 * that does not define `compute_output_shape` / `compute_output_spec` itself
 * has its parent's output shape, whatever its `call()` does (checked on Keras
 * 3.15.1: a Conv2D subclass whose call() returns a mean still shows the
 * convolution's shape in model.summary()).
 *
 * Listed by running, on Keras 3.15.1, for each class in keras.layers: its
 * compute_output_spec is Layer's and its compute_output_shape is still the
 * `@utils.default` one.
 */
import { layerSignature } from './catalog';

const RUNS_CALL = new Set([
  'FlaxLayer',
  'GRUCell',
  'InputLayer',
  'JaxLayer',
  'LSTMCell',
  'Pipeline',
  'SimpleRNNCell',
  'StackedRNNCells',
  'TFSMLayer',
  'Wrapper',
]);

/** The user's class methods that replace how Keras computes the output shape. */
export const OUTPUT_SHAPE_METHODS = ['compute_output_shape', 'compute_output_spec'] as const;

/** The built-in class name of a Keras layer base (`Conv2D`) whose output shape a subclass keeps, or null. */
export function shapeKeepingBase(kerasLayerName: string): string | null {
  if (kerasLayerName === 'Layer' || RUNS_CALL.has(kerasLayerName) || !layerSignature(kerasLayerName)) return null;
  return kerasLayerName;
}
