/**
 * Shape inference entry point: symbolic shapes (batch axis `null`) and Keras
 * parameter counts for every tensor and layer of the analysed models, without
 * running anything. Unknown dimensions stay unknown.
 */
import type { ModelIR } from '../ir';
import type { ShapeView } from '../rules/rule';
import { ShapeInference, type ShapeOptions } from './infer';

export function inferShapes(models: ModelIR[], options: ShapeOptions = {}): ShapeView {
  return new ShapeInference(models, options);
}

export type { ShapeOptions };
export { canonicalType } from './layer-kinds';
export { declaredInput } from './input';
export { formatShape } from './shape';
