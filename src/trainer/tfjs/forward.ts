/** What a forward pass of a rebuilt model gives: the prediction, the cached logits, the regularisation losses. */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './build';

/** The prediction and, when the model caches them (second output), the logits. */
export function outputsOf(
  out: TF.Tensor | TF.Tensor[] | TF.SymbolicTensor | TF.SymbolicTensor[],
): [TF.Tensor, TF.Tensor | undefined] {
  return Array.isArray(out) ? [out[0] as TF.Tensor, out[1] as TF.Tensor | undefined] : [out as TF.Tensor, undefined];
}

/** The sum of the layers' regularisation losses, or null when there are none. */
export function regularisation(tf: Tf, model: TF.LayersModel): TF.Scalar | null {
  const calc = (model as unknown as { calculateLosses?: () => TF.Scalar[] }).calculateLosses;
  const losses = calc ? calc.call(model) : [];
  return losses.length ? (tf.addN(losses) as TF.Scalar) : null;
}
