/**
 * The model constructors in both spellings: Keras's `Sequential`, `Model`,
 * `Input` and TensorFlow.js's `tf.sequential`, `tf.model`, `tf.input` build the
 * same IR through the same construction layer.
 */
import { functionSignature } from '../keras/catalog';
import type { CallTable, FrameworkCall } from './call-table';

const SEQUENTIAL = functionSignature('Sequential')?.params ?? ['layers', 'trainable', 'name'];
const INPUT = functionSignature('Input')?.params ?? ['shape'];
/** Keras's Model(inputs, outputs, name) (its signature is `*args, **kwargs`). */
export const MODEL_PARAMS = functionSignature('Model')?.params ?? ['inputs', 'outputs', 'name'];
/** tf.sequential / tf.model take one config object. */
const TFJS_SEQUENTIAL = ['layers', 'name'];

export function registerModelCalls(table: CallTable): void {
  const sequential = (keywords: readonly string[]) => (c: FrameworkCall) =>
    c.build.sequential(c.bind({ keywords }), c.span, c.opaqueArgs);
  const functional = (c: FrameworkCall) => c.build.functional(c.bind({ keywords: MODEL_PARAMS }), c.span);
  const input = (c: FrameworkCall) => c.build.input(c.bind({ keywords: INPUT }), c.span);
  table
    .on('keras.Sequential', sequential(SEQUENTIAL))
    .on('keras.Model', functional)
    .on('keras.Input', input)
    .on('tf.sequential', sequential(TFJS_SEQUENTIAL))
    .on('tf.model', functional)
    .on('tf.input', input)
    .on('tf.layers.input', input);
}
