/**
 * What TensorFlow.js calls mean to the JavaScript interpreter: `tf.layers.*`
 * become layers, `tf.sequential`/`tf.model` models, `compile`/`fit` specs, and
 * `tf.oneHot`/`tf.tensor*` label provenance. Layer types and argument names are
 * the Keras ones, so rules and shape inference work unchanged.
 */
import type * as ts from 'typescript';
import { compilerApi } from './syntax';
import type { CallbackInfo, CallSite, LabelInfo, LayerNode, ModelIR, Span, TensorNode, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { functionSignature, layerSignature } from '../keras/catalog';
import { tensorsOf } from '../model-builder';
import { nodeSpan, type EvaluatedArgs } from './call-site';
import { layerClassFor, tfjsCatalog } from './catalog';
import type { JsInterpreter } from './interpreter';
import { snakeCase } from './names';
import { callbackInfo, lossSpec, metricSpecs, optimizerSpec, tfMember } from './specs';
import {
  asObject,
  labelsValue,
  NONE,
  opaque,
  opaqueData,
  seq,
  type DatasetData,
  type MethodData,
  type TensorData,
} from './values';

const { T } = compilerApi();

/** tfjs's InputLayer takes `inputShape`/`batchInputShape` where Keras's takes `shape`/`batch_shape`. */
const INPUT_LAYER_RENAME = { inputShape: 'shape', batchInputShape: 'batch_shape' };

/** Arguments every Keras/tfjs layer takes besides its own (tfjs LayerArgs). */
const BASE_LAYER_ARGS = [
  'input_shape',
  'batch_input_shape',
  'batch_size',
  'input_dim',
  'dtype',
  'name',
  'trainable',
  'weights',
];

/** Keras names a layer type takes: its own parameters and the base layer's. */
const knownArgs = new Map<string, ReadonlySet<string>>();
function layerArgs(className: string, params: readonly string[]): ReadonlySet<string> {
  let set = knownArgs.get(className);
  if (!set) knownArgs.set(className, (set = new Set([...params, ...BASE_LAYER_ARGS])));
  return set;
}

const CATEGORICAL_FAMILY = new Set([
  'categorical_crossentropy',
  'categorical_focal_crossentropy',
  'sparse_categorical_crossentropy',
]);

/** Tensor methods and tf functions whose result carries the labels of their input. */
const LABEL_PASSTHROUGH = new Set([
  'toFloat',
  'toInt',
  'cast',
  'asType',
  'reshape',
  'squeeze',
  'expandDims',
  'clone',
  'toBool',
  'as1D',
  'as2D',
]);
const TF_PASSTHROUGH = new Set(['tf.cast', 'tf.keep', 'tf.clone', 'tf.reshape', 'tf.squeeze', 'tf.expandDims']);

const DATASET_METHODS = new Set(['batch', 'shuffle', 'repeat', 'take', 'skip', 'prefetch', 'filter']);

const FIT_CONFIG = (
  functionSignature('fit')?.params ?? [
    'x',
    'y',
    'batch_size',
    'epochs',
    'callbacks',
    'validation_split',
    'validation_data',
  ]
).filter((p) => p !== 'x' && p !== 'y');

export class TfjsSemantics {
  private readonly namePriority = new Map<ModelIR, number>();

  constructor(private readonly js: JsInterpreter) {}

  private get builder() {
    return this.js.builder;
  }

  private get cond(): boolean {
    return this.js.conditional;
  }

  // ------------------------------------------------------------------ naming

  /** Names a model by the best evidence seen so far: name: beats function beats variable. */
  private nameModel(model: ModelIR, name: string, priority: number): void {
    if (name && (this.namePriority.get(model) ?? 0) < priority) {
      model.name = name;
      this.namePriority.set(model, priority);
    }
  }

  noticeAssignment(name: string, value: Value, moduleLevel: boolean): void {
    if (value.kind === 'model') this.nameModel(value.model, name, moduleLevel ? 2 : 1);
  }

  isLayerBase(path: string): boolean {
    return path === 'tf.layers.Layer';
  }

  // ----------------------------------------------------------------- helpers

  private fabricatedSite(at: Span): CallSite {
    return { span: at, calleeSpan: at, args: new Map(), insert: { offset: at.end, prefix: '', suffix: '' } };
  }

  private opaqueLayer(type: string, at: Span): LayerNode {
    return this.builder.newLayer(type, false, this.fabricatedSite(at), this.cond);
  }

  private labels(
    encoding: LabelInfo['encoding'],
    numClasses: number | null,
    origin: Span,
    description: string,
    dtype: string | null,
  ): LabelInfo {
    return { encoding, numClasses, origin, description, ...(dtype ? { dtype } : {}) };
  }

  /** The same labels or tensor after a cast: the data is the same, the element type is not. */
  private withDtype(v: Value, dtype: string | null): Value {
    if (v.kind === 'labels') {
      const { dtype: _old, ...rest } = v.labels;
      void _old;
      return labelsValue(dtype ? { ...rest, dtype } : rest);
    }
    const t = opaqueData<TensorData>(v, 'tensor-data');
    return t ? opaque<TensorData>('tensor-data', { ...t, dtype }) : v;
  }

  /** The element type a cast method or `tf.cast` gives, null when unknown, undefined when it keeps the type. */
  private castTarget(method: string, args: Value[]): string | null | undefined {
    if (method === 'toFloat') return 'float32';
    if (method === 'toInt') return 'int32';
    if (method === 'toBool') return 'bool';
    if (method === 'cast' || method === 'asType') return args[0]?.kind === 'string' ? args[0].value : null;
    return undefined;
  }

  // --------------------------------------------------------------- tf.* calls

  callRef(path: string, args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const first = args.positional[0]?.value ?? UNKNOWN;
    if (path === 'tf.sequential') return this.sequential(args, node, callee);
    if (path === 'tf.model') return this.functionalModel(args, node, callee);
    if (path === 'tf.input' || path === 'tf.layers.input') return this.input(args, node, callee);
    const layerFactory = tfMember(path, 'layers');
    if (layerFactory !== null && /^[a-z]/.test(layerFactory)) return this.layer(layerFactory, args, node, callee);
    const trainFactory = tfMember(path, 'train');
    if (trainFactory !== null) {
      const params = tfjsCatalog.trainFactories[trainFactory]?.params ?? ['learningRate'];
      const site = this.js.binder.bind(node, callee, args, { positional: params.map(snakeCase), configIndex: null });
      return { kind: 'object', type: path, call: site };
    }
    if (['callbacks', 'regularizers', 'initializers', 'constraints'].some((ns) => tfMember(path, ns) !== null)) {
      return { kind: 'object', type: path, call: this.js.binder.bind(node, callee, args, { configIndex: 0 }) };
    }
    switch (path) {
      case 'tf.oneHot': {
        const site = this.js.binder.bind(node, callee, args, { positional: ['indices', 'depth'], configIndex: null });
        const depth = site.args.get('depth')?.value;
        const k = depth?.kind === 'number' ? depth.value : null;
        // tf.oneHot returns an int32 tensor.
        return labelsValue(
          this.labels('one-hot', k, nodeSpan(node), `one-hot labels from tf.oneHot(..., ${k ?? '?'})`, 'int32'),
        );
      }
      case 'tf.tensor':
      case 'tf.tensor1d':
      case 'tf.tensor2d':
        return this.tensor(path, args, node);
      case 'tf.argMax':
        return this.argMax(first, node);
      case 'tf.tidy': {
        const fn = args.positional.find((a) => a.value.kind === 'callable');
        return fn ? this.js.callWith(fn.value, [], node) : UNKNOWN;
      }
      case 'tf.data.array':
      case 'tf.data.generator':
        return this.dataset(null);
      case 'tf.data.zip': {
        const obj = asObject(first);
        const ys = obj?.props.get('ys')?.value ?? (first.kind === 'sequence' ? first.items[1] : undefined);
        const ds = ys ? opaqueData<DatasetData>(ys, 'dataset') : null;
        return this.dataset(ds?.labels ?? null);
      }
      default:
        if (TF_PASSTHROUGH.has(path) && (first.kind === 'labels' || opaqueData(first, 'tensor-data'))) {
          const dtype =
            path === 'tf.cast'
              ? this.castTarget(
                  'cast',
                  args.positional.slice(1).map((a) => a.value),
                )
              : undefined;
          return dtype === undefined ? first : this.withDtype(first, dtype);
        }
        return UNKNOWN;
    }
  }

  private layer(factory: string, args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const className = layerClassFor(factory);
    const type = className ?? factory;
    const sig = className ? layerSignature(className) : undefined;
    const site = this.js.binder.bind(node, callee, args, {
      configIndex: 0,
      signature: sig?.params ?? [],
      rename: type === 'InputLayer' ? INPUT_LAYER_RENAME : undefined,
      known: sig ? layerArgs(type, sig.params) : undefined,
    });
    const innerValue = site.args.get('layer')?.value;
    const inner = innerValue?.kind === 'layer' ? innerValue.layer : undefined;
    return { kind: 'layer', layer: this.builder.newLayer(type, !!sig, site, this.cond, inner) };
  }

  /** An instance of a user class extending `tf.layers.Layer`. */
  customLayer(name: string, args: EvaluatedArgs, node: ts.NewExpression): Value {
    const site = this.js.binder.bind(node, node.expression, args, { configIndex: 0 });
    return { kind: 'layer', layer: this.builder.newLayer(name, false, site, this.cond) };
  }

  private input(args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const site = this.js.binder.bind(node, callee, args, {
      configIndex: 0,
      signature: functionSignature('Input')?.params ?? ['shape'],
    });
    const layer = this.builder.newLayer('InputLayer', true, site, this.cond);
    return { kind: 'tensor', node: this.builder.apply(layer, [], nodeSpan(node), this.cond) };
  }

  private newModel(kind: ModelIR['kind'], site: CallSite, node: ts.Node): ModelIR {
    const model = this.builder.newModel(kind, 'model', nodeSpan(node));
    const given = site.args.get('name')?.value;
    if (given?.kind === 'string') this.nameModel(model, given.value, 5);
    const fn = this.js.enclosingFunction();
    if (fn?.name && fn.name !== 'constructor') this.nameModel(model, fn.name, 3);
    return model;
  }

  private sequential(args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const site = this.js.binder.bind(node, callee, args, { configIndex: 0, signature: ['layers', 'name'] });
    const model = this.newModel('sequential', site, node);
    const layers = site.args.get('layers');
    if (layers) {
      const v = layers.value;
      if (v.kind === 'sequence') {
        v.items.forEach((item, i) => {
          const element = v.elements?.[i];
          this.addToSequential(
            model,
            item,
            element?.span ?? layers.span,
            element && !layers.fromSplat ? { style: 'list', span: element.span } : null,
          );
        });
      } else if (v.kind !== 'none') {
        model.complete = false;
      }
    }
    if (args.opaqueSpread) model.complete = false;
    return { kind: 'model', model };
  }

  private addToSequential(
    model: ModelIR,
    item: Value,
    at: Span,
    attach: { style: 'list' | 'add'; span: Span; receiver?: string } | null,
  ): void {
    let added: TensorNode;
    if (item.kind === 'layer' && item.layer.type === 'InputLayer') {
      added = this.builder.addToSequential(model, this.builder.apply(item.layer, [], at, this.cond), at, this.cond);
    } else if (item.kind === 'layer') {
      added = this.builder.addToSequential(model, item.layer, at, this.cond);
    } else {
      const nested = this.js.modelOf(item);
      if (!nested) model.complete = false;
      const type = nested ? (nested.kind === 'sequential' ? 'Sequential' : 'Functional') : 'Unknown';
      added = this.builder.addToSequential(model, this.opaqueLayer(type, at), at, this.cond);
    }
    if (attach) this.builder.attachPoints.set(added, attach);
  }

  private functionalModel(args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const site = this.js.binder.bind(node, callee, args, { configIndex: 0, signature: ['inputs', 'outputs', 'name'] });
    const model = this.newModel('functional', site, node);
    const inputs = tensorsOf(site.args.get('inputs')?.value ?? UNKNOWN);
    const outputs = tensorsOf(site.args.get('outputs')?.value ?? UNKNOWN);
    if (outputs) this.builder.setGraph(model, inputs ?? [], outputs);
    if (!inputs || !outputs) model.complete = false;
    return { kind: 'model', model };
  }

  // ------------------------------------------------------------------ tensors

  /** Shape of a nested literal array, when regular. */
  private literalShape(v: Value): (number | null)[] | null {
    if (v.kind !== 'sequence') return [];
    const inner = v.items.map((item) => this.literalShape(item));
    if (inner.length === 0) return [0];
    const first = inner[0];
    if (!first || inner.some((s) => !s || s.length !== first.length || s.some((d, i) => d !== first[i])))
      return [v.items.length, ...(first ? first.map(() => null) : [])];
    return [v.items.length, ...first];
  }

  private tensor(path: string, args: EvaluatedArgs, node: ts.CallExpression): Value {
    const a = args.positional.map((p) => p.value);
    const values = a[0] ?? UNKNOWN;
    const rank = path === 'tf.tensor1d' ? 1 : path === 'tf.tensor2d' ? 2 : null;
    // tensor1d(values, dtype); tensor2d / tensor(values, shape, dtype)
    const shapeArg = rank === 1 ? null : a[1];
    const dtypeArg = rank === 1 ? a[1] : a[2];
    let shape: (number | null)[] | null = null;
    if (shapeArg && shapeArg.kind === 'sequence')
      shape = shapeArg.items.map((d) => (d.kind === 'number' ? d.value : null));
    else if (!shapeArg || shapeArg.kind === 'none')
      shape = values.kind === 'sequence' ? this.literalShape(values) : rank ? Array(rank).fill(null) : null;
    if (shape && rank && shape.length !== rank) shape = rank === 1 ? [null] : null;
    const dtype =
      dtypeArg?.kind === 'string' ? dtypeArg.value : dtypeArg && dtypeArg.kind !== 'none' ? null : 'float32';
    const data: TensorData = {
      shape,
      dtype,
      madeAs: dtype,
      data: values.kind === 'sequence' ? values : null,
      origin: nodeSpan(node),
      maker: path,
    };
    return opaque('tensor-data', data);
  }

  private argMax(v: Value, node: ts.Node): Value {
    if (v.kind === 'labels' && v.labels.encoding === 'one-hot') {
      return labelsValue(
        this.labels(
          'integer',
          v.labels.numClasses,
          nodeSpan(node),
          'integer labels from argMax of one-hot labels',
          'int32',
        ),
      );
    }
    return UNKNOWN;
  }

  private dataset(labels: Value | null): Value {
    return opaque<DatasetData>('dataset', { labels });
  }

  /** Numbers in a nested literal array, or null when any is unknown. */
  private flatNumbers(v: Value | null): number[] | null {
    if (!v) return null;
    if (v.kind === 'number') return [v.value];
    if (v.kind !== 'sequence') return null;
    const out: number[] = [];
    for (const item of v.items) {
      const inner = this.flatNumbers(item);
      if (!inner) return null;
      out.push(...inner);
    }
    return out;
  }

  /**
   * What labels a value passed as `y` carries. Only what the code shows:
   * `tf.oneHot` rows, `int32` class ids, literal 0/1 columns, literal one-hot
   * rows; a 2D tensor of width k > 1 counts as one-hot only when the loss is
   * categorical (it could as well be multi-label or regression targets).
   */
  labelsOf(v: Value | undefined, model: ModelIR): LabelInfo | null {
    if (!v) return null;
    if (v.kind === 'labels') return v.labels;
    const ds = opaqueData<DatasetData>(v, 'dataset');
    if (ds) return ds.labels ? this.labelsOf(ds.labels, model) : null;
    const t = opaqueData<TensorData>(v, 'tensor-data');
    if (!t?.shape || t.shape.length === 0 || t.shape.length > 2) return null;
    const width = t.shape.length === 1 ? 1 : t.shape[1];
    const numbers = this.flatNumbers(t.data);
    const made = `${t.maker}(...${t.madeAs && t.madeAs !== 'float32' ? `, '${t.madeAs}'` : ''})`;
    if (width === 1) {
      if (t.madeAs === 'int32') {
        const k =
          numbers?.length && numbers.every((n) => Number.isInteger(n) && n >= 0) ? Math.max(...numbers) + 1 : null;
        return this.labels('integer', k, t.origin, `integer class ids from ${made}`, t.dtype);
      }
      if (numbers && numbers.length > 0 && numbers.every((n) => n === 0 || n === 1))
        return this.labels('binary', 2, t.origin, `0/1 labels from ${made}`, t.dtype);
      return null;
    }
    if (width === null || width < 2) return null;
    if (numbers && numbers.length > 0 && numbers.length % width === 0) {
      const rows = Array.from({ length: numbers.length / width }, (_, i) => numbers.slice(i * width, (i + 1) * width));
      const zeroOne = rows.every((r) => r.every((n) => n === 0 || n === 1));
      const ones = rows.map((r) => r.filter((n) => n === 1).length);
      if (zeroOne && ones.every((k) => k === 1))
        return this.labels('one-hot', width, t.origin, `one-hot rows of width ${width} from ${t.maker}`, t.dtype);
      // Several 1s in a row: each column is a tag of its own (multi-label targets).
      if (zeroOne && ones.some((k) => k > 1))
        return this.labels('multi-hot', width, t.origin, `multi-label rows of width ${width} from ${t.maker}`, t.dtype);
      return null;
    }
    const loss = model.compile && !model.compile.conditional ? model.compile.loss?.id : null;
    if (loss && CATEGORICAL_FAMILY.has(loss))
      return this.labels('one-hot', width, t.origin, `labels of width ${width} from ${t.maker}`, t.dtype);
    return null;
  }

  // ------------------------------------------------------------- attributes

  attribute(owner: Value, name: string, ownerNode: ts.Node | null): Value {
    const method = (receiver: Value) =>
      ownerNode ? opaque<MethodData>('method', { receiver, name, receiverNode: ownerNode }) : UNKNOWN;
    const model = this.js.modelOf(owner);
    if (model) {
      if (name === 'layers')
        return seq(
          [...new Set(model.nodes.map((n) => n.layer))]
            .filter((l) => l.type !== 'InputLayer')
            .map((layer) => ({ kind: 'layer', layer }) as Value),
        );
      if (name === 'outputs') return seq(model.outputs.map((node) => ({ kind: 'tensor', node }) as Value));
      if (name === 'inputs') return seq(model.inputs.map((node) => ({ kind: 'tensor', node }) as Value));
      if (name === 'output') return model.outputs[0] ? { kind: 'tensor', node: model.outputs[0] } : UNKNOWN;
      if (name === 'input') return model.inputs[0] ? { kind: 'tensor', node: model.inputs[0] } : UNKNOWN;
      return method(owner);
    }
    if (owner.kind === 'layer') return method(owner);
    if (owner.kind === 'labels' || opaqueData(owner, 'tensor-data')) {
      return LABEL_PASSTHROUGH.has(name) || name === 'argMax' ? method(owner) : UNKNOWN;
    }
    if (opaqueData(owner, 'dataset')) return method(owner);
    return UNKNOWN;
  }

  callMethod(m: MethodData, args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): Value {
    const { receiver, name } = m;
    const model = this.js.modelOf(receiver);
    if (model) return this.modelMethod(model, m, args, node, callee);
    if (receiver.kind === 'layer' && name === 'apply') return this.applyLayer(receiver, args, node);
    if (receiver.kind === 'labels' || opaqueData(receiver, 'tensor-data')) {
      if (name === 'argMax') return this.argMax(receiver, node);
      if (!LABEL_PASSTHROUGH.has(name)) return UNKNOWN;
      const dtype = this.castTarget(
        name,
        args.positional.map((a) => a.value),
      );
      return dtype === undefined ? receiver : this.withDtype(receiver, dtype);
    }
    const ds = opaqueData<DatasetData>(receiver, 'dataset');
    if (ds) {
      if (DATASET_METHODS.has(name)) return receiver;
      if (name === 'map') {
        // Elements are `{xs, ys}`: run the mapper on an unknown element and keep what it yields as ys.
        const fn = args.positional[0]?.value ?? UNKNOWN;
        const out = asObject(this.js.callWith(fn, [UNKNOWN], node));
        return this.dataset(out?.props.get('ys')?.value ?? null);
      }
    }
    return UNKNOWN;
  }

  private modelMethod(
    model: ModelIR,
    m: MethodData,
    args: EvaluatedArgs,
    node: ts.CallExpression,
    callee: ts.Expression,
  ): Value {
    switch (m.name) {
      case 'add': {
        const item = args.positional[0];
        if (!item) return UNKNOWN;
        const statement = this.js.currentStatement;
        const attach =
          statement && T.isExpressionStatement(statement) && skipAwait(statement.expression) === node
            ? { style: 'add' as const, span: nodeSpan(statement), receiver: this.js.text(m.receiverNode) }
            : null;
        this.addToSequential(model, item.value, nodeSpan(node), attach);
        return NONE;
      }
      case 'pop':
        model.complete = false;
        return UNKNOWN;
      case 'compile':
        this.compile(model, args, node, callee);
        return NONE;
      case 'fit':
      case 'fitDataset':
        this.fit(model, m.name, args, node, callee);
        return opaque('history', null);
      case 'apply':
        return this.applyLayer(receiverAsValue(model), args, node);
      default:
        return UNKNOWN;
    }
  }

  private compile(model: ModelIR, args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression): void {
    const site = this.js.binder.bind(node, callee, args, {
      configIndex: 0,
      signature: ['optimizer', 'loss', 'metrics'],
    });
    const loss = site.args.get('loss');
    const optimizer = site.args.get('optimizer');
    const metrics = site.args.get('metrics');
    const text = this.js.sourceFile.text;
    model.compile = {
      call: site,
      loss: loss ? lossSpec(loss, text.slice(loss.span.start, loss.span.end)) : null,
      optimizer: optimizer ? optimizerSpec(optimizer) : null,
      metrics: metrics ? metricSpecs(metrics) : args.opaqueSpread ? null : [],
      conditional: this.cond,
    };
  }

  private fit(
    model: ModelIR,
    method: 'fit' | 'fitDataset',
    args: EvaluatedArgs,
    node: ts.CallExpression,
    callee: ts.Expression,
  ): void {
    const positional = method === 'fit' ? ['x', 'y'] : ['x'];
    const site = this.js.binder.bind(node, callee, args, {
      positional,
      configIndex: positional.length,
      signature: FIT_CONFIG,
    });
    const yArg = method === 'fit' ? site.args.get('y') : site.args.get('x');
    const labels = this.labelsOf(yArg?.value, model);
    const callbacksArg = site.args.get('callbacks');
    let callbacks: CallbackInfo[] | null = [];
    if (callbacksArg) {
      const v = callbacksArg.value;
      if (v.kind === 'sequence') callbacks = v.items.map(callbackInfo).filter((c): c is CallbackInfo => c !== null);
      else if (v.kind === 'object') callbacks = [callbackInfo(v)].filter((c): c is CallbackInfo => c !== null);
      else if (asObject(v) || v.kind === 'none')
        callbacks = []; // `{onEpochEnd: ...}`: a custom callback, watches nothing
      else callbacks = null;
    } else if (args.opaqueSpread) {
      callbacks = null;
    }
    const vData = site.args.get('validation_data');
    const vSplit = site.args.get('validation_split');
    let hasValidation: boolean | null = false;
    // A written validationData counts, like Keras's validation_data=val_ds; one that came through an unknown spread may be absent.
    if (vData)
      hasValidation =
        vData.value.kind === 'none' ? false : vData.fromSplat && vData.value.kind === 'unknown' ? null : true;
    if (vSplit && hasValidation !== null)
      hasValidation = vSplit.value.kind === 'number' ? vSplit.value.value > 0 || hasValidation : null;
    if (args.opaqueSpread) hasValidation = null;
    model.fits.push({
      call: site,
      labels,
      labelsArg: labels && yArg ? yArg : undefined,
      callbacks,
      hasValidation,
      conditional: this.cond,
    });
  }

  /** `layer.apply(x)` / `model.apply(x)`: a new tensor in the functional graph. */
  private applyLayer(target: Value, args: EvaluatedArgs, node: ts.CallExpression): Value {
    const first = args.positional[0];
    let layer: LayerNode;
    if (target.kind === 'layer') layer = target.layer;
    else {
      const nested = this.js.modelOf(target);
      layer = this.opaqueLayer(nested?.kind === 'sequential' ? 'Sequential' : 'Functional', nodeSpan(node));
    }
    const inputs = first ? tensorsOf(first.value) : null;
    // Applied to a concrete tensor (eager use, not model building): not part of any graph we know.
    if (!inputs) return UNKNOWN;
    const tensor = this.builder.apply(layer, inputs, nodeSpan(node), this.cond);
    if (first && !first.spread) this.builder.attachPoints.set(tensor, { style: 'apply', span: nodeSpan(first.node) });
    return { kind: 'tensor', node: tensor };
  }
}

function receiverAsValue(model: ModelIR): Value {
  return { kind: 'model', model };
}

function skipAwait(e: ts.Expression): ts.Expression {
  return T.isAwaitExpression(e) || T.isParenthesizedExpression(e) ? skipAwait(e.expression) : e;
}
