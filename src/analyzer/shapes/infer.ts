/**
 * Propagates shapes through every model's graph, producers before consumers,
 * each tensor once. Cycles (impossible in Keras, possible in broken IR) are cut
 * by the topological order: an input not computed yet is simply unknown.
 */
import type { Language, LayerNode, ModelIR, TensorNode } from '../ir';
import { topologicalOrder } from '../model-builder';
import type { ParamCount, Shape, ShapeProblem, ShapeView } from '../rules/rule';
import { LayerArgs } from './args';
import { declaredInput, isModelInput } from './input';
import { lastAxis, type LayerInference } from './kind';
import { canonicalType, layerKind } from './layer-kinds';
import { NestedModels, nestedParams } from './nested-model';
import { operationKind } from './operation-kind';
import { type Dim, NO_PARAMS } from './shape';

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
}

export class ShapeInference implements ShapeView {
  private readonly results = new Map<TensorNode, NodeResult>();
  private readonly layerParams = new Map<LayerNode, ParamCount | null>();
  /** For tensors outside every model: the language of the analysed file. */
  private readonly language: Language;
  private readonly nested: NestedModels;
  /** Models whose graph is being computed (a model called inside itself is cut). */
  private readonly running = new Set<ModelIR>();

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
    if (node.traced && node.traced !== node) {
      // A Lambda: its function's output, computed on this call's input; a Lambda has no weights.
      const inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
      const out = this.result(node.traced);
      this.record(node, layer, inputs, { shape: out.shape, params: NO_PARAMS, lastDim: out.last });
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
      this.record(node, layer, inputs, this.inferLayer(layer, inputs, lastDims, language, 0, true));
      return;
    } else {
      // Not computed yet only when a cycle was cut: unknown.
      inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
      lastDims = node.inputs.map((input) => this.results.get(input)?.last ?? null);
    }
    this.record(node, layer, inputs, this.inferLayer(layer, inputs, lastDims, language, 0));
  }

  private record(node: TensorNode, layer: LayerNode, inputs: (Shape | null)[], inference: LayerInference): void {
    this.results.set(node, {
      inputs,
      shape: inference.shape,
      last: lastAxis(inference.shape, inference.lastDim ?? null),
      problem: inference.problem ?? null,
    });
    // Keras builds a layer on its first call; a reused layer keeps those weights.
    if (!this.layerParams.has(layer)) this.layerParams.set(layer, frozen(layer, inference.params));
  }

  /** A model used as a layer: the output of its graph, and all its weights (see nested-model.ts). */
  private computeNested(node: TensorNode, inner: ModelIR): void {
    const inputs = node.inputs.map((input) => this.results.get(input)?.shape ?? null);
    this.run(inner);
    const output = inner.outputs.length === 1 && inner.complete ? this.results.get(inner.outputs[0]) : undefined;
    const params = nestedParams(inner, (n) => this.layerParams.get(n.layer) ?? null);
    this.record(node, node.layer, inputs, { shape: output?.shape ?? null, params, lastDim: output?.last ?? null });
  }

  /** The declared input shape, else the shape of the first call of the model it belongs to, else the option's. */
  private modelInputShape(node: TensorNode): Shape | null {
    const declared = declaredInput(node, this.options.variableAxesAs ?? null);
    if (declared?.shape) return declared.shape;
    const feeding = this.nested.callFeeding(node);
    const input = feeding?.call.inputs[feeding.index];
    if (input) {
      const shape = this.result(input).shape;
      if (shape) return shape;
    }
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
        : undefined;
    if (!kind || depth > MAX_WRAPPER_DEPTH) return { shape: null, params: null };
    const args = new LayerArgs(layer, canonicalType(layer.type), language);
    return kind.infer({
      args,
      inputs,
      lastDims,
      modelInput,
      inferInner: (inner, innerInputs, innerLast) =>
        this.inferLayer(inner, innerInputs, innerLast, language, depth + 1),
    });
  }
}

/** A layer built with `trainable=False` or frozen later (`base.trainable = False`): all its weights are non-trainable. */
function frozen(layer: LayerNode, params: ParamCount | null): ParamCount | null {
  if (!params) return params;
  const written = layer.call.args.get('trainable')?.value;
  const trainable = layer.trainable !== undefined ? layer.trainable : written?.kind === 'bool' ? written.value : true;
  // Unread (null, or `trainable=flag`): the total is still right, so the split as built is kept.
  return trainable === false ? { trainable: 0, nonTrainable: params.trainable + params.nonTrainable } : params;
}
