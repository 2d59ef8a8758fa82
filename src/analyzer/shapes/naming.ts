/**
 * The names a framework gives layers created without `name=`.
 *
 * Keras 3 names a layer after its class in snake case plus a counter per name
 * (`dense`, `dense_1`, …) in the order layers are constructed; layers wrapped
 * by Bidirectional/TimeDistributed take a number too. The counters are global
 * to the Python session, so the same code run twice in a notebook gives
 * `dense_2`, `dense_3`: we name each model as `model.summary()` shows it in a
 * fresh session (counters start at zero for each model). TensorFlow.js
 * (tfjs-layers 4.22) writes `dense_Dense1`, `dense_Dense2`, ….
 */
import { isConcrete, type Language, type LayerNode, type ModelIR } from '../ir';
import { isBackbone } from '../keras/applications';
import { backboneLayerName } from './backbone';
import { canonicalType } from './layer-kinds';

/** Keras's `to_snake_case` (keras/src/utils/naming.py). */
function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** tfjs-layers' `toSnakeCase` (its first pattern also takes digits). */
function tfjsSnakeCase(name: string): string {
  const s = name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return s.startsWith('_') ? `private${s}` : s;
}

/**
 * Every layer a model constructs, wrapped ones and those of models used as
 * layers included (they take names from the same counters), in construction order.
 */
function constructedLayers(model: ModelIR): LayerNode[] {
  const seen = new Set<LayerNode>();
  const visit = (layer: LayerNode, depth: number) => {
    if (seen.has(layer) || depth > 16) return;
    seen.add(layer);
    if (layer.inner) visit(layer.inner, depth + 1);
    const backward = layer.call.args.get('backward_layer')?.value;
    if (backward?.kind === 'layer') visit(backward.layer, depth + 1);
    if (layer.model && layer.model !== model) for (const node of layer.model.nodes) visit(node.layer, depth + 1);
  };
  for (const node of model.nodes) visit(node.layer, 0);
  // Ids grow as the front end meets constructor calls: the order Python runs them. A model
  // used as a layer is named when the model is constructed, not where it is first called.
  const order = (layer: LayerNode) => layer.model?.id ?? layer.id;
  return [...seen].sort((a, b) => order(a) - order(b));
}

/** The name each layer of `model` gets: its `name=` when given as a string, else the framework's default. */
export function layerNames(model: ModelIR): Map<LayerNode, string> {
  const names = new Map<LayerNode, string>();
  const counters = new Map<string, number>();
  for (const layer of constructedLayers(model)) {
    // A concrete tensor is no layer: Keras gives it no name.
    if (isConcrete(layer)) continue;
    const given = layer.call.args.get('name')?.value;
    if (given?.kind === 'string') {
      names.set(layer, given.value);
      continue;
    }
    // A keras.applications model is named as a model is (`resnet50`), without a counter.
    const backboneName = model.language === 'python' && isBackbone(layer.type) ? backboneLayerName(layer) : null;
    names.set(
      layer,
      backboneName ??
        (layer.model && model.language === 'javascript'
          ? tfjsModelName(layer.model, counters)
          : defaultName(canonicalType(layer.type), model.language, counters)),
    );
  }
  return names;
}

function defaultName(className: string, language: Language, counters: Map<string, number>): string {
  if (language === 'javascript') {
    const n = (counters.get(className) ?? 0) + 1;
    counters.set(className, n);
    return `${tfjsSnakeCase(className)}_${className}${n}`;
  }
  const prefix = kerasSnakeCase(className);
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** tfjs-layers names a model `sequential_1`, `model1`… (its Container's own counters). */
function tfjsModelName(model: ModelIR, counters: Map<string, number>): string {
  const key = model.kind === 'sequential' ? 'sequential_' : 'model';
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return `${key}${n}`;
}
