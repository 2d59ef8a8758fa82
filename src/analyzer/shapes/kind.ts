/**
 * What one layer family must provide to shape inference: from the layer's
 * arguments and the shapes flowing in, its output shape, its weights and,
 * when Keras would refuse to build it, why.
 */
import type { AxisSize, LayerNode } from '../ir';
import type { ParamCount, Shape, ShapeProblem } from '../rules/rule';
import type { LayerArgs } from './args';
import type { Dim } from './shape';

export interface LayerInference {
  /** Output shape (batch axis first), or null when unknown or when the layer cannot be built. */
  shape: Shape | null;
  /** Weights, or null when they depend on something unknown. */
  params: ParamCount | null;
  problem?: ShapeProblem;
  /**
   * Size of the last axis when the rank (so `shape`) is unknown but that axis
   * is not: `Dense(64)` on `input_shape=X.shape[1:]` still ends in 64, so the
   * next layer's weights can be counted.
   */
  lastDim?: Dim;
  /**
   * A layer call that returns several tensors (`return_state=True`): each
   * one's shape, in the order Keras returns them. `shape` is then null (the
   * call as a whole is a list, not one tensor).
   */
  outputs?: (Shape | null)[];
}

interface InferRequest {
  args: LayerArgs;
  /** One shape per input tensor, null where unknown. */
  inputs: (Shape | null)[];
  /** The last axis of each input, known even where the rank is not (see LayerInference.lastDim). */
  lastDims: Dim[];
  /**
   * The layer is its model's first and is applied to nothing (a Sequential's
   * first layer): `inputs` then holds the shape it declares, if any.
   */
  modelInput?: boolean;
  /**
   * Measuring coverage only (ShapeOptions.variableAxesAs): the size standing
   * for an axis Keras leaves None because the code writes a None, else null.
   */
  variableAxesAs?: number | null;
  /**
   * The inferred size of an axis the code read while it built the graph
   * (`tf.shape(x)[1]`, see AxisSize): TensorFlow folds such reads of static
   * sizes into the shapes it infers, so a reshape to them has those sizes.
   */
  axisSize?: (size: AxisSize) => Dim;
  /** Infers another layer on given inputs (Bidirectional and TimeDistributed wrap one). */
  inferInner(layer: LayerNode, inputs: (Shape | null)[], lastDims: Dim[]): LayerInference;
}

export interface LayerKind {
  infer(request: InferRequest): LayerInference;
}

export function unknown(params: ParamCount | null = null, lastDim: Dim = null): LayerInference {
  return { shape: null, params, lastDim };
}

/** The last axis of a shape, or `fallback` when the shape is unknown. */
export function lastAxis(shape: Shape | null, fallback: Dim = null): Dim {
  return shape ? (shape.length ? shape[shape.length - 1] : null) : fallback;
}

export function known(shape: Shape | null, params: ParamCount | null): LayerInference {
  return { shape, params };
}

/** The layer needs `expected` axes (batch included): Keras raises when it is built. */
export function rankProblem(
  input: Shape,
  expected: number,
  atLeast: boolean,
  axes: string | null,
  channelAxis: 'first' | 'last' | null = null,
): LayerInference {
  return {
    shape: null,
    params: null,
    problem: {
      kind: 'rank',
      input,
      expected,
      atLeast,
      axes,
      channelAxis: input.length + 1 === expected ? channelAxis : null,
    },
  };
}

/** An output dimension would be zero or negative: Keras raises when it is built. */
export function negativeProblem(input: Shape, output: Shape, cause: string): LayerInference {
  return { shape: null, params: null, problem: { kind: 'negative-dimension', input, output, cause } };
}

/** "3×3" for spatial sizes in messages. */
export function dims(values: readonly (number | null)[]): string {
  return values.map((v) => (v === null ? '?' : String(v))).join('×');
}
