/**
 * The layer table of a model, as Keras's `model.summary()` shows it: one row
 * per layer (InputLayer left out) with its name, class, output shape and
 * parameter count, in the order Keras lists `model.layers`. The editor shows
 * it in hovers and inlay hints, the CLI prints it (`model-doctor summary`).
 */
import { isConcrete, type LayerNode, type ModelIR, type Span, type TensorNode } from './ir';
import type { Shape, ShapeView } from './rules/rule';
import { backboneSignature, backboneSummaryType } from './keras/applications';
import { canonicalType } from './shapes/layer-kinds';
import { layerNames } from './shapes/naming';

export interface LayerRow {
  name: string;
  /** Keras class name (aliases resolved: `MaxPool2D` is `MaxPooling2D`), for tfjs models too. */
  type: string;
  /** Batch axis first, null dimensions unknown; null when the whole shape is unknown. */
  outputShape: Shape | null;
  /** trainable + nonTrainable, or null when unknown. */
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  /** The layer's constructor call. */
  span: Span;
  layer: LayerNode;
}

export interface ModelSummary {
  model: ModelIR;
  rows: LayerRow[];
  /** Sums over the rows; null when any row's count is unknown or layers may be missing (`model.complete` false). */
  totalParams: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
}

export function summarizeModel(model: ModelIR, shapes: ShapeView): ModelSummary {
  const names = layerNames(model);
  const { layers, lastNode } = orderedLayers(model);
  const rows: LayerRow[] = [];
  for (const layer of layers) {
    // Keras lists neither inputs nor the constants the code makes (a concrete tensor is no layer).
    if (layer.type === 'InputLayer' || isConcrete(layer)) continue;
    const counts = shapes.params(layer);
    // Like Keras, a layer applied several times shows its last output.
    const node = lastNode.get(layer)!;
    rows.push({
      name: names.get(layer) ?? layer.type,
      type: layerClass(layer),
      outputShape: shapes.outputShape(node),
      params: counts ? counts.trainable + counts.nonTrainable : null,
      trainable: counts?.trainable ?? null,
      nonTrainable: counts?.nonTrainable ?? null,
      span: layer.call.span,
      layer,
    });
  }
  const total = (pick: (r: LayerRow) => number | null) => {
    // Layers may be missing from the table: their weights too, whatever the rows add up to.
    if (!model.complete) return null;
    let sum = 0;
    for (const r of rows) {
      const v = pick(r);
      if (v === null) return null;
      sum += v;
    }
    return Number.isSafeInteger(sum) ? sum : null;
  };
  return {
    model,
    rows,
    totalParams: total((r) => r.params),
    trainableParams: total((r) => r.trainable),
    nonTrainableParams: total((r) => r.nonTrainable),
  };
}

/** The class model.summary() shows: aliases resolved; a keras.applications model is a `Functional`. */
function layerClass(layer: LayerNode): string {
  if (layer.backboneLayer) return layer.backboneLayer.className;
  return backboneSignature(layer.type) ? backboneSummaryType(layer.type) : canonicalType(layer.type);
}

/**
 * Keras's `model.layers` order. Sequential: as added. Functional: by depth
 * from the outputs (farthest first), ties by first visit in a depth-first walk
 * from the outputs (keras/src/ops/function.py `map_graph`). Subclassed: as
 * constructed.
 */
function orderedLayers(model: ModelIR): { layers: LayerNode[]; lastNode: Map<LayerNode, TensorNode> } {
  const lastNode = new Map<LayerNode, TensorNode>();
  // A call split into several outputs (TensorNode.output) shows its first: one tensor shape per row.
  for (const node of model.nodes)
    if (!node.output || node.output.index === 0 || !lastNode.has(node.layer)) lastNode.set(node.layer, node);
  const distinct = [...lastNode.keys()];
  if (model.kind === 'sequential') {
    // A Set keeps first-insertion order: each layer where it was first added.
    return { layers: [...new Set(model.nodes.map((node) => node.layer))], lastNode };
  }
  if (model.kind === 'subclassed') return { layers: distinct.sort((a, b) => a.id - b.id), lastNode };
  const { postorder, visitIndex } = walkFromOutputs(model.outputs, new Set(model.nodes));
  const nodeDepth = new Map<TensorNode, number>();
  const layerDepth = new Map<LayerNode, number>();
  for (let i = postorder.length - 1; i >= 0; i--) {
    const node = postorder[i];
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const input of node.inputs) nodeDepth.set(input, Math.max(depth + 1, nodeDepth.get(input) ?? 0));
  }
  const layers = [...layerDepth.keys()].sort(
    (a, b) => layerDepth.get(b)! - layerDepth.get(a)! || visitIndex.get(a)! - visitIndex.get(b)!,
  );
  // Layers of the model the walk did not reach (an incomplete graph) go last, in model order.
  for (const layer of distinct) if (!layerDepth.has(layer)) layers.push(layer);
  return { layers, lastNode };
}

/** Depth-first from the outputs, iteratively (deep graphs must not overflow the stack), cycles cut. */
function walkFromOutputs(
  outputs: TensorNode[],
  inModel: Set<TensorNode>,
): { postorder: TensorNode[]; visitIndex: Map<LayerNode, number> } {
  const postorder: TensorNode[] = [];
  const visitIndex = new Map<LayerNode, number>();
  const state = new Map<TensorNode, 'open' | 'done'>();
  for (const output of outputs) {
    const stack: [TensorNode, number][] = [[output, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next === 0) {
        if (state.has(node) || !inModel.has(node)) {
          stack.pop();
          continue;
        }
        state.set(node, 'open');
        if (!visitIndex.has(node.layer)) visitIndex.set(node.layer, visitIndex.size);
      }
      if (next < node.inputs.length) {
        top[1]++;
        const input = node.inputs[next];
        if (!state.has(input)) stack.push([input, 0]);
        continue;
      }
      state.set(node, 'done');
      postorder.push(node);
      stack.pop();
    }
  }
  return { postorder, visitIndex };
}
