/**
 * Propagates shapes through every model's graph, producers before consumers,
 * each tensor once. Cycles (impossible in Keras, possible in broken IR) are cut
 * by the topological order: an input not computed yet is simply unknown.
 */
import { holdsWeight } from '../array-data';
import type { Language, LayerNode, ModelIR, TensorNode } from '../ir';
import { topologicalOrder } from '../model-builder';
import type { ParamCount, Shape, ShapeProblem, ShapeView } from '../rules/rule';
import { LayerArgs } from './args';
import { foreignLayerKind } from './foreign';
import { declaredInput, isModelInput } from './input';
import { lastAxis, type LayerInference } from './kind';
import { canonicalType, layerKind } from './layer-kinds';
import { NestedModels, nestedParams } from './nested-model';
import { operationKind } from './operation-kind';
import { type Dim, NO_PARAMS } from './shape';
import { MAX_JOINED } from '../engine/merge';

export interface ShapeOptions {
  /**
   * Input shape without the batch axis, for model inputs whose shape the code
   * does not give (`--input-shape 64,64,1`). null entries are unknown dimensions.
   */
  inputShape?: Dim[] | null;
  /**
   * For measuring coverage only: the size to give each axis the code declares
   * as None (`Input(shape=(None, 3))`), the batch axis excepted. A dimension
   * that is still unknown afterwards is one the inference could not work out,
   * not one Keras leaves variable too (bench/coverage.ts).
   */
  variableAxesAs?: number;
}

/** Wrappers nest layers: deeper than this is certainly not a real model. */
const MAX_WRAPPER_DEPTH = 16;

interface NodeResult {
  inputs: (Shape | null)[];
  shape: Shape | null;
  /** The last axis, also when only it is known (see LayerInference.lastDim). */
  last: Dim;
  problem: ShapeProblem | null;
  /** How many tensors the call gives when it gives several (LayerInference.outputs). */
  outputCount?: number;
}

export class ShapeInference implements ShapeView {
  private readonly results = new Map<TensorNode, NodeResult>();
  private readonly layerParams = new Map<LayerNode, ParamCount | null>();
  /** For tensors outside every model: the language of the analysed file. */
  private readonly language: Language;
  private readonly nested: NestedModels;
  /** Models whose graph is being computed (a model called inside itself is cut). */
  private readonly running = new Set<ModelIR>();
  /** Tensors whose joined alternatives are being compared (a join that leads back to itself is unknown). */
  private readonly joining = new Set<TensorNode>();

  constructor(
    models: readonly ModelIR[],
    private readonly options: ShapeOptions = {},
  ) {
    this.language = models[0]?.language ?? 'python';
    this.nested = new NestedModels(models);
    for (const model of models) this.run(model);
  }

  outputShape(node: TensorNode): Shape | null {
    return this.result(node).shape;
  }

  inputShapes(node: TensorNode): (Shape | null)[] {
    return this.result(node).inputs;
  }

  problem(node: TensorNode): ShapeProblem | null {
    return this.result(node).problem;
  }

  /** How many tensors the call `node` gives when it gives several (`LSTM(..., return_state=True)`), else null. */
  outputCount(node: TensorNode): number | null {
    return this.result(node).outputCount ?? null;
  }

  params(layer: LayerNode): ParamCount | null {
    return this.layerParams.get(layer) ?? null;
  }

  private run(model: ModelIR): void {
    if (this.running.has(model)) return;
    this.running.add(model);
    try {
      for (const node of topologicalOrder([...model.nodes, ...model.outputs])) {
        if (!this.results.has(node)) this.compute(node, model.language);
      }
    } finally {
      this.running.delete(model);
    }
  }

  /** Tensors outside every analysed model are computed on demand. */
  private result(node: TensorNode): NodeResult {
    let r = this.results.get(node);
    if (!r) {
      for (const n of topologicalOrder([node])) if (!this.results.has(n)) this.compute(n, this.language);
      r = this.results.get(node)!;
    }
    return r;
  }

  private compute(node: TensorNode, language: Language): void {
    const layer = node.layer;
    if (layer.model) {
      this.computeNested(node, layer.model);
      return;
    }
    if (node.concrete) {
      // A tensor made from numbers: its shape is known where it is made, with no batch axis.
      // An axis as long as a symbolic tensor's (tf.range(tf.shape(x)[1])) is that tensor's, as inferred.
      const shape = node.concrete.shape.map((d) =>
        typeof d === 'number' ? d : (this.result(d.of).shape?.[d.axis] ?? null),
      );
      this.record(node, layer, [], { shape, params: NO_PARAMS });
      return;
    }
    if (node.declaredShape) {
      const inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
      const params = layer.userClass?.ownWeights ?? null;
      this.record(node, layer, inputs, { shape: node.declaredShape, params });
      return;
    }
    if (node.traced && node.traced !== node) {
      // A Lambda (no weights) or a user's layer class: the output of its function or call() on this call's input.
      const inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
      const out = this.result(node.traced);
      const params = layer.userClass ? this.tracedParams(node, node.traced, layer.userClass.ownWeights) : NO_PARAMS;
      this.record(node, layer, inputs, { shape: out.shape, params, lastDim: out.last });
      return;
    }
    let inputs: (Shape | null)[];
    let lastDims: Dim[];
    if (isModelInput(node)) {
      const given = this.modelInputShape(node);
      if (layer.type === 'InputLayer') {
        this.record(node, layer, [], { shape: given, params: { trainable: 0, nonTrainable: 0 } });
        return;
      }
      inputs = [given];
      lastDims = [lastAxis(given)];
      this.record(node, layer, inputs, outputOf(node, this.inferLayer(layer, inputs, lastDims, language, 0, true)));
      return;
    } else {
      // Not computed yet only when a cycle was cut: unknown.
      inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
      lastDims = node.inputs.map((input) => this.results.get(input)?.last ?? null);
    }
    this.record(node, layer, inputs, outputOf(node, this.inferLayer(layer, inputs, lastDims, language, 0)));
  }

  /**
   * A user's layer class traced through its call(): the weights of the layers
   * it applied between its input and `output` (each counted once, as Keras
   * tracks them), plus `own`, those it made with add_weight. Null when those
   * are unknown, or when its call reached a model input other than its own
   * input's (a tensor it captured).
   */
  private tracedParams(node: TensorNode, output: TensorNode, own: ParamCount | null): ParamCount | null {
    if (!own) return null;
    const before = new Set(topologicalOrder(node.inputs));
    const layers = new Set<LayerNode>();
    for (const inner of topologicalOrder([output])) {
      if (before.has(inner) || inner.inputOf) continue;
      if (inner.layer.type === 'InputLayer' && !inner.concrete) return null;
      this.result(inner);
      layers.add(inner.layer);
    }
    let { trainable, nonTrainable } = own;
    for (const inner of layers) {
      // An operation on the layer's own weight (`ops.matmul(x, self.kernel)`): that weight is in `own`.
      if (inner.operation && [...inner.call.args.values()].some((a) => holdsWeight(a.value))) continue;
      const counts = this.layerParams.get(inner);
      if (!counts) return null;
      trainable += counts.trainable;
      nonTrainable += counts.nonTrainable;
    }
    return { trainable, nonTrainable };
  }

  private record(node: TensorNode, layer: LayerNode, inputs: (Shape | null)[], inference: LayerInference): void {
    const joined = node.joined ? this.joinedShape(node, inference.shape) : undefined;
    this.results.set(node, {
      inputs,
      shape: joined === undefined ? inference.shape : joined,
      last: joined === undefined ? lastAxis(inference.shape, inference.lastDim ?? null) : lastAxis(joined),
      problem: inference.problem ?? null,
      ...(inference.outputs ? { outputCount: inference.outputs.length } : {}),
    });
    // Keras builds a layer on its first call; a reused layer keeps those weights.
    if (!this.layerParams.has(layer)) this.layerParams.set(layer, frozen(layer, inference.params));
  }

  /**
   * The shape of a tensor that stands for others where paths meet (TensorNode.joined):
   * the axes on which they all agree, the others unknown; unknown when their
   * ranks differ. Undefined: it stands for no other.
   */
  private joinedShape(node: TensorNode, own: Shape | null): Shape | null | undefined {
    const others = node.joined;
    if (!others?.length) return undefined;
    if (!own || node.unsettled || others.length >= MAX_JOINED || this.joining.has(node)) return null;
    this.joining.add(node);
    try {
      const agreed = [...own];
      for (const other of others) {
        const shape = this.joining.has(other) ? null : this.result(other).shape;
        if (!shape || shape.length !== agreed.length) return null;
        shape.forEach((d, i) => {
          if (d !== agreed[i]) agreed[i] = null;
        });
      }
      return agreed;
    } finally {
      this.joining.delete(node);
    }
  }

  /** A model used as a layer: the output of its graph, and all its weights (see nested-model.ts). */
  private computeNested(node: TensorNode, inner: ModelIR): void {
    const inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
    this.nested.noticeCall(node, inner);
    this.run(inner);
    // One of several outputs (`c3, c4, c5 = backbone(x)`): that output of the inner graph.
    const { index, count } = node.output ?? { index: 0, count: 1 };
    const output =
      inner.outputs.length === count && inner.complete ? this.results.get(inner.outputs[index]) : undefined;
    const params = nestedParams(inner, (n) => this.layerParams.get(n.layer) ?? null);
    this.record(node, node.layer, inputs, { shape: output?.shape ?? null, params, lastDim: output?.last ?? null });
  }

  /** The declared input shape, else the shape of the first call of the model it belongs to, else the option's. */
  private modelInputShape(node: TensorNode): Shape | null {
    if (node.inputOf) return this.modelInputShape(node.inputOf);
    const declared = declaredInput(node, this.options.variableAxesAs ?? null);
    if (declared?.shape) return declared.shape;
    const feeding = this.nested.callFeeding(node);
    const input = feeding?.call.inputs[feeding.index];
    if (input) {
      const shape = this.result(input).shape;
      if (shape) return shape;
    }
    const built = this.nested.builtShape(node);
    if (built) return built;
    return this.options.inputShape ? [null, ...this.options.inputShape] : null;
  }

  private inferLayer(
    layer: LayerNode,
    inputs: (Shape | null)[],
    lastDims: Dim[],
    language: Language,
    depth: number,
    modelInput = false,
  ): LayerInference {
    const kind = layer.operation
      ? operationKind(layer.operation, language)
      : layer.known
        ? layerKind(layer.type)
        : layer.subclass
          ? layerKind(layer.subclass.base)
          : layer.library
            ? foreignLayerKind(layer.library)
            : undefined;
    if (!kind || depth > MAX_WRAPPER_DEPTH) return { shape: null, params: null };
    const args = new LayerArgs(layer, canonicalType(layer.subclass?.base ?? layer.type), language);
    const inference = kind.infer({
      args,
      inputs,
      lastDims,
      modelInput,
      variableAxesAs: this.options.variableAxesAs ?? null,
      axisSize: (size) => this.result(size.of).shape?.[size.axis] ?? null,
      inferInner: (inner, innerInputs, innerLast) =>
        this.inferLayer(inner, innerInputs, innerLast, language, depth + 1),
    });
    // A user's subclass that makes weights of its own (LayerNode.subclass): the parent's count is not its count.
    return layer.subclass?.ownWeights ? { ...inference, params: null } : inference;
  }
}

/**
 * The shape of the tensor `node` stands for: one of a multi-output call's
 * tensors when it was unpacked (unknown when the count differs: Keras would
 * refuse the unpacking), else the call's single output.
 */
function outputOf(node: TensorNode, inference: LayerInference): LayerInference {
  const { outputs } = inference;
  if (!node.output) return outputs ? { ...inference, shape: null, lastDim: null } : inference;
  const shape = outputs?.length === node.output.count ? (outputs[node.output.index] ?? null) : null;
  // A problem with the call is reported once, on its first output.
  const problem = node.output.index === 0 ? inference.problem : undefined;
  return { ...inference, shape, lastDim: null, problem };
}

/** A layer built with `trainable=False` or frozen later (`base.trainable = False`): all its weights are non-trainable. */
function frozen(layer: LayerNode, params: ParamCount | null): ParamCount | null {
  if (!params) return params;
  const written = layer.call.args.get('trainable')?.value;
  const trainable = layer.trainable !== undefined ? layer.trainable : written?.kind === 'bool' ? written.value : true;
  // Unread (null, or `trainable=flag`): the total is still right, so the split as built is kept.
  return trainable === false ? { trainable: 0, nonTrainable: params.trainable + params.nonTrainable } : params;
}
