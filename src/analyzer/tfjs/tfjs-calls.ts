/**
 * What TensorFlow.js calls mean to the JavaScript interpreter: `tf.layers.*`
 * become layers, `tf.sequential`/`tf.model` models, `compile`/`fit` specs, and
 * `tf.oneHot`/`tf.tensor*` label provenance. Layer types and argument names are
 * the Keras ones, so rules and shape inference work unchanged.
 */
import type * as ts from 'typescript';
import { compilerApi } from './syntax';
import type { FrameworkCall } from '../construction/call-table';
import { FRAMEWORK_CALLS } from '../construction/framework-calls';
import { ModelConstruction } from '../construction/models';
import type { ArgInfo, CallbackInfo, LabelInfo, ModelIR, PixelInput, Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { pixels, pixelsIn, pixelsOf } from '../pixel-data';
import { functionSignature, layerSignature } from '../keras/catalog';
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

/** Functions that read images: their tensors hold pixel values 0–255 (int32). */
const PIXEL_LOADERS = new Set([
  'tf.browser.fromPixels',
  'tf.browser.fromPixelsAsync',
  'tf.node.decodeImage',
  'tf.node.decodeJpeg',
  'tf.node.decodePng',
  'tf.node.decodeBmp',
]);

/** tf functions and tensor methods that keep pixel values as they are (a shape or type change). */
const PIXEL_FUNCTIONS = new Set([
  'tf.cast',
  'tf.clone',
  'tf.keep',
  'tf.expandDims',
  'tf.reshape',
  'tf.squeeze',
  'tf.stack',
  'tf.concat',
  'tf.image.resizeBilinear',
  'tf.image.resizeNearestNeighbor',
]);
const PIXEL_METHODS = new Set([
  'toFloat',
  'toInt',
  'cast',
  'asType',
  'clone',
  'expandDims',
  'reshape',
  'squeeze',
  'as3D',
  'as4D',
  'resizeBilinear',
  'resizeNearestNeighbor',
]);

/** `x.div(255)`, `tf.mul(x, 1 / 255)`: scaled; adding or subtracting a number keeps the spread; anything else is unknown. */
function scaledPixels(op: string, x: Value, by: Value | undefined): Value {
  const data = pixelsOf(x);
  if (!data || by?.kind !== 'number' || by.value === 0) return UNKNOWN;
  if (op === 'div') return pixels({ ...data, scale: data.scale / by.value, shape: null });
  if (op === 'mul') return pixels({ ...data, scale: data.scale * by.value, shape: null });
  if (op === 'sub' || op === 'add') return x;
  return UNKNOWN;
}

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
  /** The model-construction layer shared with the Python front end. */
  readonly build: ModelConstruction;

  constructor(private readonly js: JsInterpreter) {
    this.build = new ModelConstruction(js.builder, {
      get conditional() {
        return js.conditional;
      },
      modelFunctionName: () => {
        const fn = js.enclosingFunction();
        return fn?.name && fn.name !== 'constructor' ? fn.name : null;
      },
      modelOf: (v) => js.modelOf(v),
      userClassOf: () => null,
      write: (store, key, value) => js.flow.write(store, key, value),
    });
  }

  private get cond(): boolean {
    return this.js.conditional;
  }

  noticeAssignment(name: string, value: Value, moduleLevel: boolean): void {
    this.build.noticeAssignment(name, value, moduleLevel);
  }

  isLayerBase(path: string): boolean {
    return path === 'tf.layers.Layer';
  }

  // ----------------------------------------------------------------- helpers

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
    if (FRAMEWORK_CALLS.handles(path)) {
      const framework = FRAMEWORK_CALLS.call(this.frameworkCall(path, args, node, callee));
      if (framework !== undefined) return framework;
    }
    const first = args.positional[0]?.value ?? UNKNOWN;
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
    if (PIXEL_LOADERS.has(path))
      return pixels({ scale: 1, origin: nodeSpan(node), description: `images read by ${path}` });
    const images = pixelsIn(first);
    if (images) {
      if (PIXEL_FUNCTIONS.has(path)) return pixels({ ...images, shape: null });
      const op = path.startsWith('tf.') ? path.slice(3) : '';
      return pixelsOf(first) ? scaledPixels(op, first, args.positional[1]?.value) : UNKNOWN;
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

  /** A call as the shared call table sees it (see construction/call-table.ts). */
  private frameworkCall(
    path: string,
    args: EvaluatedArgs,
    node: ts.CallExpression,
    callee: ts.Expression,
  ): FrameworkCall {
    return {
      path,
      language: 'javascript',
      positional: args.positional.map((a) => a.value),
      opaqueArgs: args.opaqueSpread,
      span: nodeSpan(node),
      // Positional parameters first, then one config object holding the keyword ones.
      bind: (spec) =>
        this.js.binder.bind(node, callee, args, {
          positional: spec.positional,
          configIndex: spec.keywords ? (spec.positional?.length ?? 0) : null,
          signature: spec.keywords,
        }),
      build: this.build,
    };
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
    return this.build.layer(type, !!sig, site);
  }

  /** An instance of a user class extending `tf.layers.Layer`. */
  customLayer(name: string, args: EvaluatedArgs, node: ts.NewExpression): Value {
    const site = this.js.binder.bind(node, node.expression, args, { configIndex: 0 });
    return this.build.layer(name, false, site);
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
    if (model) return this.build.modelAttribute(model, name) ?? method(owner);
    if (owner.kind === 'layer')
      return (ownerNode && this.build.layerAttribute(owner.layer, name, nodeSpan(ownerNode))) ?? method(owner);
    if (owner.kind === 'labels' || opaqueData(owner, 'tensor-data')) {
      return LABEL_PASSTHROUGH.has(name) || name === 'argMax' ? method(owner) : UNKNOWN;
    }
    if (opaqueData(owner, 'dataset') || pixelsOf(owner)) return method(owner);
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
    if (pixelsOf(receiver)) {
      if (PIXEL_METHODS.has(name)) return pixels({ ...pixelsOf(receiver)!, shape: null });
      return scaledPixels(name, receiver, args.positional[0]?.value);
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
        this.build.addToSequential(model, item.value, nodeSpan(node), attach);
        return NONE;
      }
      case 'getLayer': {
        // getLayer(name), getLayer(index) (tfjs 4) or getLayer(undefined, index).
        const [first, second] = args.positional.map((a) => a.value);
        return this.build.layerOfModel(
          model,
          first?.kind === 'string' ? first : undefined,
          first?.kind === 'number' ? first : second,
        );
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
    const validationX =
      vData?.value.kind === 'sequence' && vData.value.elements && vData.value.items.length >= 2
        ? vData.value.elements[0]
        : undefined;
    const fitPixels = {
      x: method === 'fit' ? this.pixelInput(site.args.get('x')) : undefined,
      validation: this.pixelInput(validationX),
    };
    model.fits.push({
      call: site,
      labels,
      labelsArg: labels && yArg ? yArg : undefined,
      callbacks,
      hasValidation,
      ...(fitPixels.x || fitPixels.validation ? { pixels: fitPixels } : {}),
      conditional: this.cond,
    });
  }

  /** An array argument of fit holding image pixels, with its text as written. */
  private pixelInput(arg: ArgInfo | undefined): PixelInput | undefined {
    const data = arg && !arg.fromSplat ? pixelsOf(arg.value) : null;
    if (!arg || !data) return undefined;
    return { ...data, arg, written: this.js.sourceFile.text.slice(arg.span.start, arg.span.end) };
  }

  /** `layer.apply(x)` / `model.apply(x)`: a new tensor in the functional graph (eager use builds nothing). */
  private applyLayer(target: Value, args: EvaluatedArgs, node: ts.CallExpression): Value {
    const first = args.positional[0];
    const applied = this.build.apply(
      target,
      first?.value,
      nodeSpan(node),
      first && !first.spread ? nodeSpan(first.node) : null,
      'unknown',
    );
    const kwargs = args.positional[1] ? asObject(args.positional[1].value) : null;
    this.build.addInitialState(applied, target, kwargs?.props.get('initialState')?.value);
    return applied;
  }
}

function receiverAsValue(model: ModelIR): Value {
  return { kind: 'model', model };
}

function skipAwait(e: ts.Expression): ts.Expression {
  return T.isAwaitExpression(e) || T.isParenthesizedExpression(e) ? skipAwait(e.expression) : e;
}
