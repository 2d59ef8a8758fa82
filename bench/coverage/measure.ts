/**
 * How much of a program's models the analyzer resolves: per file, whether it
 * builds a model, whether one was found, whether one has every layer's output
 * shape known, layer counts, and why shapes are unknown where they are.
 *
 * "Known" means the rank and every dimension are known, except axes Keras
 * itself leaves as None: the batch axis, and axes that come from a None the
 * code writes in an input shape (`Input(shape=(None, 3))`). To tell those from
 * dimensions the inference could not work out, shapes are inferred a second
 * time with each written None given a size (ShapeOptions.variableAxesAs): a
 * dimension still unknown then is unknown to the analyzer, not variable in Keras.
 */
import type { AnalysisResult, Analyzer, SourceLanguage } from '../../src/analyzer';
import type { LayerNode, ModelIR, TensorNode } from '../../src/analyzer/ir';
import { parseNotebook } from '../../src/analyzer/notebook';
import type { Shape, ShapeView } from '../../src/analyzer/rules/rule';
import { declaredInput, inferShapes } from '../../src/analyzer/shapes';
import { layerKind } from '../../src/analyzer/shapes/layer-kinds';
import { isModelledOperation } from '../../src/analyzer/shapes/operation-kind';
import { summarizeModel } from '../../src/analyzer/summary';
import { kindOfFile, readSource } from '../../src/cli/files';
import { type FileNames, fileNames, tracedCause } from './causes';

interface Cause {
  what: string;
  /** 1-based line in the analysed text (for notebooks: the joined code cells) of the layer or expression. */
  line: number;
  /** Layers (this one included, InputLayers not) whose shape is unknown because of it. */
  hidden: number;
}

/** The size a written None gets in the second inference: many small factors, so reshapes still divide. */
const VARIABLE_AXIS_SIZE = 720720;

export interface FileCoverage {
  path: string;
  /** The source constructs a model (Sequential, Model, a subclass of Model; tf.sequential, tf.model). */
  buildsModel: boolean;
  /** The analyzer found a model with at least one layer. */
  modelFound: boolean;
  /** One of the models found has every layer's output shape known. */
  fullyKnown: boolean;
  layers: number;
  knownLayers: number;
  /** Layers the front end could only record as `Unknown` (applied to, or added as, something it did not follow). */
  unknownLayers: number;
  /** Why, for each layer whose shape is unknown while everything feeding it is known (the first loss of each chain). */
  causes: Cause[];
  /** Why the file could not be analysed, if it could not. */
  error?: string;
}

const PYTHON_MODEL = /\b(?:Sequential|Model)\s*\(|^\s*class\s+\w+\s*\([^)]*\bModel\s*\)/m;
const JS_MODEL = /\btf\s*\.\s*(?:sequential|model)\s*\(|\b(?:sequential|model)\s*\(\s*\{/;

/** True when the source constructs a model, judged from its text alone. */
export function buildsModel(text: string, language: SourceLanguage): boolean {
  return (language === 'python' ? PYTHON_MODEL : JS_MODEL).test(text);
}

/** Known as Keras would print it: rank known, every axis known but the batch axis. */
export function isKnownShape(shape: Shape | null): boolean {
  return shape !== null && shape.length > 0 && shape.slice(1).every((d) => d !== null);
}

export function measureFile(analyzer: Analyzer, file: string): FileCoverage {
  const empty: FileCoverage = {
    path: file,
    buildsModel: false,
    modelFound: false,
    fullyKnown: false,
    layers: 0,
    knownLayers: 0,
    unknownLayers: 0,
    causes: [],
  };
  const source = readSource(file);
  if ('error' in source) return { ...empty, error: source.error };
  const kind = kindOfFile(file) ?? 'python';
  let text = source.text;
  let language: SourceLanguage;
  if (kind === 'notebook') {
    try {
      text = parseNotebook(source.text).text;
    } catch (e) {
      return { ...empty, error: (e as Error).message };
    }
    language = 'python';
  } else language = kind;
  const coverage = { ...empty, buildsModel: buildsModel(text, language) };
  let result: AnalysisResult;
  try {
    result = analyzer.analyze(text, { language, fileName: file });
  } catch (e) {
    return { ...coverage, error: (e as Error).message };
  }
  return { ...coverage, ...measureModels(result.models, text) };
}

/** The coverage figures of analysed models (exported for tests). */
export function measureModels(
  models: ModelIR[],
  text: string,
): Pick<FileCoverage, 'modelFound' | 'fullyKnown' | 'layers' | 'knownLayers' | 'unknownLayers' | 'causes'> {
  const probe = inferShapes(models, { variableAxesAs: VARIABLE_AXIS_SIZE });
  const names = fileNames(text);
  const known = new Map<LayerNode, boolean>();
  const causes = new Map<LayerNode, Cause>();
  // Layers already counted in some cause's `hidden`.
  const hidden = new Set<LayerNode>();
  let modelFound = false;
  let fullyKnown = false;
  for (const model of models) {
    const rows = summarizeModel(model, probe).rows;
    if (rows.length === 0) continue;
    modelFound = true;
    let all = true;
    for (const row of rows) {
      const ok = isKnownShape(row.outputShape);
      all &&= ok;
      known.set(row.layer, (known.get(row.layer) ?? false) || ok);
    }
    fullyKnown ||= all;
    // model.nodes is in topological order: each node's inputs are seen before it.
    const rootsOf = new Map<TensorNode, Set<Cause>>();
    for (const node of model.nodes) {
      if (isKnownShape(probe.outputShape(node))) continue;
      const upstream = new Set<Cause>();
      for (const input of node.inputs) for (const c of rootsOf.get(input) ?? []) upstream.add(c);
      if (upstream.size === 0 && node.inputs.every((input) => isKnownShape(probe.outputShape(input)))) {
        let cause = causes.get(node.layer);
        if (!cause) {
          const what = rootCause(model, node, probe, text, names);
          causes.set(node.layer, (cause = { what, line: lineOf(text, node.layer.call.span.start), hidden: 0 }));
        }
        upstream.add(cause);
      }
      rootsOf.set(node, upstream);
      if (node.layer.type === 'InputLayer' || hidden.has(node.layer)) continue;
      hidden.add(node.layer);
      for (const c of upstream) c.hidden++;
    }
  }
  const layers = [...known.keys()];
  const unknown = layers.filter((l) => l.type === 'Unknown');
  return {
    modelFound,
    fullyKnown,
    layers: layers.length,
    knownLayers: layers.filter((l) => known.get(l)).length,
    unknownLayers: unknown.length,
    causes: [...causes.values()],
  };
}

/** Why `node`'s shape is unknown although every input's is known. */
function rootCause(model: ModelIR, node: TensorNode, shapes: ShapeView, text: string, names: FileNames): string {
  const layer = node.layer;
  if (layer.type === 'Unknown')
    return `not a tensor: ${tracedCause(text, layer.call.span.start, layer.call.span.end, names)}`;
  if (layer.type === 'Sequential' || layer.type === 'Functional') return 'model used as a layer';
  if (layer.operation)
    return operationCause(
      layer,
      layer.operation,
      isModelledOperation(layer.operation, model.language),
      shapes.problem(node) !== null,
    );
  const modelled = layer.type === 'InputLayer' || (layer.known && layerKind(layer.type) !== undefined);
  if (node.inputs.length === 0 && modelled) {
    const declared = declaredInput(node);
    if (!declared && model.kind === 'sequential') return 'Sequential without an input shape (built where it is called)';
    if (!declared && model.kind === 'subclassed') return 'subclassed model (its input shape comes where it is called)';
    if (!declared) return 'model input without a declared shape';
    if (!declared.shape) return 'model input shape not resolved';
    return 'model input shape with dimensions not resolved (from data, a parameter…)';
  }
  if (!modelled) {
    if (names.defined.has(layer.type)) return 'layer class defined in the file';
    return `layer class not modelled: ${layer.type}`;
  }
  if (shapes.problem(node)) return `${layer.type}: the framework would reject it`;
  const unresolved = [...layer.call.args].filter(([, arg]) => arg.value.kind === 'unknown').map(([name]) => name);
  if (unresolved.length) return `${layer.type}: argument ${unresolved.join(', ')} not resolved`;
  if (layer.call.opaqueSplat) return `${layer.type}: arguments from an unresolved **config`;
  return `${layer.type}: output not inferred`;
}

/**
 * A tensor operation's node (`tf.nn.moments`, `operator +`): named by the
 * function, since its class (TFOpLambda for every TensorFlow function) does
 * not say which one to model.
 */
function operationCause(layer: LayerNode, path: string, modelled: boolean, rejected: boolean): string {
  if (!modelled) return `operation not modelled: ${path}`;
  if (rejected) return `${path}: the framework would reject it`;
  const unresolved = [...layer.call.args].filter(([, arg]) => arg.value.kind === 'unknown').map(([name]) => name);
  if (unresolved.length) return `${path}: argument ${unresolved.join(', ')} not resolved`;
  return `${path}: output not inferred`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
