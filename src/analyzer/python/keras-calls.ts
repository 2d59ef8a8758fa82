/**
 * What Keras (and the numpy/pandas/sklearn calls that encode labels) mean to
 * the Python interpreter: constructors become layers and models, compile/fit
 * become specs, label encoders become label provenance.
 */
import type { FrameworkCall } from '../construction/call-table';
import { arrayValue } from '../array-data';
import { splitCall } from './data-splits';
import {
  batchedElement,
  type DatasetElement,
  dataShape,
  directoryImages,
  elementInputShape,
  isTuple,
  mapArguments,
  mappedElement,
  slicedElement,
  timeseriesElement,
  wholeElement,
} from './dataset-elements';
import { FRAMEWORK_CALLS } from '../construction/framework-calls';
import { type PixelData, pixels, pixelsOf } from '../pixel-data';
import { mathCall, productCall } from './math-module';
import { tensorflowArrayCall } from './tensorflow-arrays';
import {
  arrayAttribute,
  arrayCall,
  arrayMethod,
  arraySubscript,
  identityRows,
  isRandomGenerator,
} from './numpy-arrays';
import { arrayOf } from '../array-data';
import { ModelConstruction } from '../construction/models';
import type {
  ArgInfo,
  ArrayInput,
  CallSite,
  DataSource,
  LabelInfo,
  LayerNode,
  ModelIR,
  PixelInput,
  Span,
  TensorNode,
  Value,
} from '../ir';
import { UNKNOWN } from '../ir';
import {
  callbackSignature,
  functionSignature,
  layerSignature,
  lossClassSignature,
  lossFunctionSignature,
  metricClassSignature,
  optimizerSignature,
} from '../keras/catalog';
import { isBackbone } from '../keras/applications';
import { callbackInfo, lossSpec, metricSpecs, optimizerSpec } from '../keras/specs';
import { foreignLayer, reexportedKerasLayer } from '../keras/foreign-layers';
import { shapeKeepingBase } from '../keras/subclassed-layers';
import { operationSpec } from '../keras/operations';
import type { EvaluatedArgs } from './call-site';
import { canonicalName, kerasMember } from './canonical';
import { legacyLayerArgs } from './legacy-args';
import { lookupVocabularyMethod, VOCABULARY_CHANGES } from './lookup-vocabulary';
import {
  dataArrayShape,
  dataAttribute,
  dataCall,
  dataMethod,
  dataSubscript,
  pixelAttribute,
  pixelCall,
  pixelMethod,
  pixelSubscript,
  sourceOf,
} from './data-sources';
import type { PythonInterpreter } from './interpreter';
import { childByField, namedChildren, type SyntaxNode } from './syntax-node';
import {
  labelsValue,
  opaque,
  opaqueData,
  seq,
  type DatasetData,
  type FunctionData,
  type InstanceData,
  type MethodData,
} from './values';
import type { EvaluatedArg } from './call-site';

/** Classes in each dataset module's load_data() labels. */
const DATASET_CLASSES: Record<string, number | 'continuous'> = {
  mnist: 10,
  fashion_mnist: 10,
  cifar10: 10,
  cifar100: 100,
  imdb: 2,
  reuters: 46,
  boston_housing: 'continuous',
  california_housing: 'continuous',
};

/** The load_data() datasets whose x are images: the shapes of x_train and x_test (Keras 3.15.1 docstrings). */
const IMAGE_DATASETS: Record<string, [number[], number[]]> = {
  mnist: [
    [60000, 28, 28],
    [10000, 28, 28],
  ],
  fashion_mnist: [
    [60000, 28, 28],
    [10000, 28, 28],
  ],
  cifar10: [
    [50000, 32, 32, 3],
    [10000, 32, 32, 3],
  ],
  cifar100: [
    [50000, 32, 32, 3],
    [10000, 32, 32, 3],
  ],
};

/** Where the regression datasets' targets lie, as their load_data() docstrings say (Keras 3.15.1). */
const TARGET_RANGES: Record<string, [number, number]> = {
  boston_housing: [10, 50],
  california_housing: [25_000, 500_000],
};

/** numpy / tensorflow calls whose result carries the labels of their first argument. */
const LABEL_PASSTHROUGH = new Set([
  'np.array',
  'np.asarray',
  'np.squeeze',
  'np.reshape',
  'np.ravel',
  'np.copy',
  'np.concatenate',
  'np.float32',
  'np.int32',
  'np.int64',
  'np.float64',
  'tf.constant',
  'tf.convert_to_tensor',
  'tf.squeeze',
  'tf.reshape',
  'tf.cast',
]);

const LABEL_METHODS = new Set([
  'astype',
  'reshape',
  'flatten',
  'ravel',
  'squeeze',
  'copy',
  'to_numpy',
  'numpy',
  'toarray',
  'todense',
]);

const DATASET_METHODS = new Set([
  'batch',
  'prefetch',
  'cache',
  'shuffle',
  'repeat',
  'take',
  'skip',
  'unbatch',
  'with_options',
  'filter',
  'padded_batch',
]);

function span(node: SyntaxNode | Span): Span {
  return { start: node.start, end: node.end };
}

export class KerasSemantics {
  /** The model-construction layer shared with the TensorFlow.js front end. */
  readonly build: ModelConstruction;
  /** Lookup layers whose vocabulary the program replaces after building them (`adapt`, `set_vocabulary`). */
  private readonly vocabularyChanged = new WeakSet<LayerNode>();
  /** Subclassed models traced on an input of unknown shape, and what to trace again once data builds them. */
  private readonly traced = new Map<
    ModelIR,
    { callMethod: FunctionData; self: Value; made: ModelIR[]; firstCalled: ModelIR[] }
  >();

  constructor(private readonly py: PythonInterpreter) {
    this.build = new ModelConstruction(py.builder, {
      get conditional() {
        return py.conditional;
      },
      modelFunctionName: () => {
        const f = py.enclosingFunction();
        return f && !f.owner ? f.name : null;
      },
      modelOf: (v) => py.modelOf(v),
      userClassOf: (v) => opaqueData<InstanceData>(v, 'instance')?.cls.name ?? null,
      write: (store, key, value) => py.flow.write(store, key, value),
      addedToSequential: (added) => this.traceSequentialLambda(added),
      builtOnData: (model, shape) => this.retraceOnData(model, shape),
      traceUserLayer: (item, input) => py.traceUserLayer(item, input),
    });
  }

  noticeAssignment(name: string, value: Value, moduleLevel: boolean): void {
    this.build.noticeAssignment(name, value, moduleLevel);
  }

  isKnownSymbol(path: string): boolean {
    const m = kerasMember(path);
    if (!m) return false;
    const [ns, name] = m;
    if (ns === '') return ['Sequential', 'Model', 'Input'].includes(name);
    if (ns === 'layers') return !!layerSignature(name);
    if (ns === 'losses') return !!lossClassSignature(name) || !!lossFunctionSignature(name);
    if (ns === 'optimizers') return !!optimizerSignature(name);
    if (ns === 'metrics') return !!metricClassSignature(name);
    if (ns === 'callbacks') return !!callbackSignature(name);
    return false;
  }

  // ----------------------------------------------------------------- helpers

  private labels(
    encoding: LabelInfo['encoding'],
    numClasses: number | null,
    origin: SyntaxNode,
    description: string,
    extra?: Partial<LabelInfo>,
    source?: DataSource,
  ): Value {
    return labelsValue({ encoding, numClasses, origin: span(origin), description, ...extra }, source);
  }

  private dataset(
    labels: LabelInfo | null,
    origin: SyntaxNode,
    source?: DataSource,
    pixels?: DatasetData['pixels'],
    element?: DatasetElement | null,
  ): Value {
    return opaque<DatasetData>('dataset', {
      labels,
      origin: span(origin),
      source,
      ...(pixels ? { pixels } : {}),
      ...(element ? { element } : {}),
    });
  }

  // -------------------------------------------------------------- ref calls

  callRef(path: string, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    if (path === 'keras.activations.get') return activationFunction(args.positional[0]?.value ?? UNKNOWN);
    // The identity activation (what activations.get(None) gives): its input, unchanged.
    if (path === 'keras.activations.linear') {
      const x = args.positional[0]?.value;
      return x?.kind === 'tensor' ? x : UNKNOWN;
    }
    const data =
      dataCall(path, args, node) ??
      productCall(path, args) ??
      splitCall(path, args) ??
      pixelCall(path, args, node) ??
      arrayCall(path, args, node) ??
      tensorflowArrayCall(path, args) ??
      mathCall(path, args);
    if (data) return data;
    if (FRAMEWORK_CALLS.handles(path)) {
      const framework = FRAMEWORK_CALLS.call(this.frameworkCall(path, args, node, callee));
      if (framework !== undefined) return framework;
    }
    const first = args.positional[0]?.value ?? UNKNOWN;
    const m = kerasMember(path);
    if (m && m[0] === 'layers') return this.layer(m[1], args, node, callee);
    if (m && ['losses', 'optimizers', 'metrics', 'callbacks'].includes(m[0]))
      return this.frameworkObject(path, m, args, node, callee);
    if (m && m[0] === 'utils' && m[1] === 'to_categorical') return this.toCategorical(args, node, callee);
    if (path.endsWith('.image_dataset_from_directory') || path.endsWith('.text_dataset_from_directory')) {
      return this.datasetFromDirectory(
        path.endsWith('image_dataset_from_directory') ? 'image_dataset_from_directory' : 'text_dataset_from_directory',
        args,
        node,
        callee,
      );
    }
    if (path === 'keras.preprocessing.ImageDataGenerator') {
      const site = this.py.site(node, callee, args, functionSignature('ImageDataGenerator')?.params ?? []);
      return { kind: 'object', type: path, call: site };
    }
    if (path.startsWith('keras.datasets.') && path.endsWith('.load_data')) return this.loadData(path, args, node);
    if (path.endsWith('.timeseries_dataset_from_array')) return this.timeseriesDataset(args, node, callee);
    const reexported = reexportedKerasLayer(path);
    if (reexported) return this.layer(reexported, args, node, callee);
    if (isForeignLayerClass(path)) return this.foreignLayer(path, args, node, callee);
    if (path.startsWith('keras.applications.')) {
      const name = path.split('.').pop()!;
      // preprocess_input scales pixels elementwise: same tensor shape, same graph position.
      if (name === 'preprocess_input') return first.kind === 'tensor' ? first : UNKNOWN;
      if (/^[A-Z]/.test(name)) return this.build.layer(name, false, this.py.site(node, callee, args, []));
      return UNKNOWN;
    }
    switch (path) {
      case 'tf.one_hot': {
        const site = this.py.site(node, callee, args, ['indices', 'depth']);
        const depth = site.args.get('depth')?.value;
        const k = depth?.kind === 'number' ? depth.value : null;
        return this.labels('one-hot', k, node, `one-hot labels from tf.one_hot(..., ${k ?? '?'})`);
      }
      case 'np.eye':
      case 'np.identity': {
        const k = first.kind === 'number' ? first.value : null;
        return opaque('eye', { k });
      }
      case 'pd.get_dummies':
        return this.labels('one-hot', null, node, 'one-hot labels from pd.get_dummies', undefined, sourceOf(first));
      case 'sklearn.preprocessing.OneHotEncoder':
      case 'sklearn.preprocessing.MultiLabelBinarizer':
      case 'sklearn.preprocessing.LabelBinarizer':
      case 'sklearn.preprocessing.LabelEncoder':
        return opaque('encoder', { type: path.split('.').pop()! });
      case 'np.argmax':
      case 'tf.argmax':
      case 'tf.math.argmax':
        if (first.kind === 'labels' && first.labels.encoding === 'one-hot') {
          return this.labels(
            'integer',
            first.labels.numClasses,
            node,
            'integer labels from argmax of one-hot labels',
            undefined,
            first.source,
          );
        }
        return UNKNOWN;
      case 'np.random.randint': {
        const site = this.py.site(node, callee, args, ['low', 'high', 'size', 'dtype']);
        const low = site.args.get('low')?.value;
        const high = site.args.get('high')?.value;
        const k =
          high?.kind === 'number' && low?.kind === 'number' && low.value === 0
            ? high.value
            : !high && low?.kind === 'number'
              ? low.value
              : null;
        if (k === null) return UNKNOWN;
        return this.labels('integer', k, node, `integer labels 0..${k - 1} from np.random.randint`);
      }
      case 'tf.data.Dataset.from_tensor_slices':
      case 'tf.data.Dataset.from_tensors': {
        const items = first.kind === 'sequence' ? first.items : null;
        const y = items && items.length === 2 ? items[1] : null;
        const element =
          args.positional.length === 1 && !args.opaqueSplat
            ? path.endsWith('slices')
              ? slicedElement(first, this.build, span(node))
              : wholeElement(first, this.build, span(node))
            : null;
        return this.dataset(y?.kind === 'labels' ? y.labels : null, node, undefined, undefined, element);
      }
      default:
        if (LABEL_PASSTHROUGH.has(path) && first.kind === 'labels') return first;
        return UNKNOWN;
    }
  }

  /** A call as the shared call table sees it (see construction/call-table.ts). */
  private frameworkCall(path: string, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): FrameworkCall {
    return {
      path,
      language: 'python',
      positional: args.positional.map((a) => a.value),
      opaqueArgs: args.opaqueSplat,
      span: span(node),
      bind: (spec) => this.py.site(node, callee, args, [...(spec.positional ?? []), ...(spec.keywords ?? [])]),
      build: this.build,
    };
  }

  /** The built-in layer a user's class extends when it keeps that layer's output shape (keras/subclassed-layers.ts). */
  shapeKeepingBase(path: string): string | null {
    const m = kerasMember(canonicalName(path));
    return m && m[0] === 'layers' ? shapeKeepingBase(m[1]) : null;
  }

  /**
   * An instance of the user's class `name` extending the built-in layer
   * `base`, given the arguments passed to `base` (see LayerNode.subclass).
   */
  subclassedLayer(
    name: string,
    subclass: { base: string; ownWeights: boolean },
    args: EvaluatedArgs,
    node: SyntaxNode,
    callee: SyntaxNode,
  ): Value {
    const sig = layerSignature(subclass.base);
    const site = this.py.site(node, callee, legacyLayerArgs(subclass.base, args), sig?.params ?? []);
    const value = this.build.layer(name, false, site);
    if (value.kind === 'layer') value.layer.subclass = subclass;
    return value;
  }

  private layer(type: string, written: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const sig = layerSignature(type);
    const args = legacyLayerArgs(type, written);
    return this.build.layer(type, !!sig, this.py.site(node, callee, args, sig?.params ?? []));
  }

  /**
   * A layer class of another library: one layer under its name; the shape
   * of those keras/foreign-layers.ts models follows from their arguments.
   */
  private foreignLayer(path: string, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const modelled = foreignLayer(path);
    const value = this.build.layer(
      path.split('.').pop()!,
      false,
      this.py.site(node, callee, args, modelled?.params ?? []),
    );
    if (modelled && value.kind === 'layer') value.layer.library = path;
    return value;
  }

  private frameworkObject(
    path: string,
    m: [string, string],
    args: EvaluatedArgs,
    node: SyntaxNode,
    callee: SyntaxNode,
  ): Value {
    const [ns, name] = m;
    const sig =
      ns === 'losses'
        ? (lossClassSignature(name) ?? lossFunctionSignature(name))
        : ns === 'optimizers'
          ? optimizerSignature(name)
          : ns === 'metrics'
            ? metricClassSignature(name)
            : callbackSignature(name);
    // Calling a loss *function* computes a loss value, not a loss object.
    if (ns === 'losses' && !lossClassSignature(name)) return UNKNOWN;
    const site = this.py.site(node, callee, args, sig?.params ?? []);
    return { kind: 'object', type: path, call: site };
  }

  private toCategorical(args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const site = this.py.site(node, callee, args, functionSignature('to_categorical')?.params ?? ['x', 'num_classes']);
    const x = site.args.get('x')?.value;
    const given = site.args.get('num_classes')?.value;
    const k = given?.kind === 'number' ? given.value : !given && x?.kind === 'labels' ? x.labels.numClasses : null;
    return this.labels(
      'one-hot',
      k,
      node,
      `one-hot labels from to_categorical(${k === null ? '' : `..., ${k}`})`,
      undefined,
      x ? sourceOf(x) : undefined,
    );
  }

  private loadData(path: string, args: EvaluatedArgs, node: SyntaxNode): Value {
    const dataset = path.split('.')[2];
    let classes = DATASET_CLASSES[dataset];
    if (classes === undefined) return UNKNOWN;
    if (dataset === 'cifar100') {
      const mode = args.keyword.get('label_mode')?.value;
      if (mode?.kind === 'string' && mode.value === 'coarse') classes = 20;
      else if (mode && mode.kind !== 'string') return UNKNOWN;
    }
    const y = () =>
      classes === 'continuous'
        ? this.labels('continuous', null, node, `regression targets from ${dataset}.load_data()`, {
            range: TARGET_RANGES[dataset],
          })
        : this.labels(
            'integer',
            classes as number,
            node,
            `integer labels 0..${(classes as number) - 1} from ${dataset}.load_data()`,
          );
    // The image datasets' x arrays hold pixel values 0-255 (uint8), as their load_data() docstrings say.
    const shapes = IMAGE_DATASETS[dataset];
    const x = (part: 0 | 1) =>
      shapes
        ? pixels({
            scale: 1,
            origin: span(node),
            description: `the images of ${dataset}.load_data()`,
            shape: shapes[part],
          })
        : UNKNOWN;
    return seq([seq([x(0), y()], true), seq([x(1), y()], true)], true);
  }

  private datasetFromDirectory(fnName: string, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const site = this.py.site(node, callee, args, functionSignature(fnName)?.params ?? ['directory']);
    const modeArg = site.args.get('label_mode');
    const mode = modeArg
      ? modeArg.value.kind === 'string'
        ? modeArg.value.value
        : modeArg.value.kind === 'none'
          ? null
          : undefined
      : 'int';
    const names = site.args.get('class_names')?.value;
    const k = names?.kind === 'sequence' ? names.items.length : null;
    const labelsArg = site.args.get('labels')?.value;
    if (labelsArg && !(labelsArg.kind === 'string' && labelsArg.value === 'inferred')) return this.dataset(null, node);
    const directory = site.args.get('directory')?.value;
    const source: DataSource | undefined =
      directory?.kind === 'string' && fnName === 'image_dataset_from_directory'
        ? {
            kind: 'image-directory',
            path: directory.value,
            span: span(node),
            imageSize: pair(site.args.get('image_size')?.value) ?? pair(defaultOf(fnName, 'image_size')),
            colorMode: colorMode(site.args.get('color_mode')?.value ?? defaultOf(fnName, 'color_mode')),
            rescale: null,
            validationSplit: numberOf(site.args.get('validation_split')?.value),
            subset: subsetOf(site.args.get('subset')?.value),
          }
        : undefined;
    const images: DatasetData['pixels'] =
      fnName === 'image_dataset_from_directory'
        ? { data: { scale: 1, origin: span(node), description: 'the images of image_dataset_from_directory' } }
        : undefined;
    const labels = this.modeLabels(mode, k, node, `${fnName}(label_mode=${JSON.stringify(mode)})`);
    return this.dataset(labels, node, source, images, this.directoryElement(fnName, site, mode, labels, node));
  }

  /** The images (and labels) image_dataset_from_directory yields, when the call shows their shape. */
  private directoryElement(
    fnName: string,
    site: CallSite,
    mode: string | null | undefined,
    labels: LabelInfo | null,
    node: SyntaxNode,
  ): DatasetElement | null {
    if (fnName !== 'image_dataset_from_directory' || site.opaqueSplat || mode === undefined) return null;
    if (site.args.get('subset')?.value.kind === 'string' && subsetOf(site.args.get('subset')?.value) === 'both')
      return null;
    const format = site.args.get('data_format')?.value;
    const images = directoryImages(
      pair(site.args.get('image_size')?.value ?? defaultOf(fnName, 'image_size')),
      colorMode(site.args.get('color_mode')?.value ?? defaultOf(fnName, 'color_mode')),
      site.args.get('batch_size')?.value,
      !format || format.kind === 'none'
        ? this.build.imageDataFormat()
        : format.kind === 'string' && (format.value === 'channels_first' || format.value === 'channels_last')
          ? format.value
          : null,
      this.build,
      span(node),
    );
    if (!images || mode === null) return images;
    const y: Value = labels ? labelsValue(labels) : UNKNOWN;
    return { value: seq([images.value, y], true), batched: images.batched };
  }

  /** `keras.utils.timeseries_dataset_from_array(data, targets, sequence_length, …, batch_size=128)`. */
  private timeseriesDataset(args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    // Keras 3.15.1's signature (keras/src/utils/timeseries_dataset_utils.py).
    const site = this.py.site(node, callee, args, [
      'data',
      'targets',
      'sequence_length',
      'sequence_stride',
      'sampling_rate',
      'batch_size',
    ]);
    const targets = site.args.get('targets')?.value;
    const element = site.opaqueSplat
      ? null
      : timeseriesElement(
          site.args.get('data')?.value,
          targets,
          site.args.get('sequence_length')?.value,
          site.args.get('batch_size')?.value,
          this.build,
          span(node),
        );
    return this.dataset(targets?.kind === 'labels' ? targets.labels : null, node, undefined, undefined, element);
  }

  /** Labels for a directory loader's label_mode / class_mode. */
  private modeLabels(
    mode: string | null | undefined,
    k: number | null,
    node: SyntaxNode,
    what: string,
  ): LabelInfo | null {
    const make = (encoding: LabelInfo['encoding'], words: string): LabelInfo => ({
      encoding,
      numClasses: encoding === 'binary' ? 2 : k,
      origin: span(node),
      description: `${words} from ${what}`,
    });
    switch (mode) {
      case 'int':
      case 'sparse':
        return make('integer', 'integer labels');
      case 'categorical':
        return make('one-hot', 'one-hot labels');
      case 'binary':
        return make('binary', 'binary 0/1 labels');
      default:
        return null;
    }
  }

  // ----------------------------------------------------------------- methods

  attribute(owner: Value, name: string, objectNode: SyntaxNode): Value {
    const data =
      dataAttribute(owner, name) ??
      (name === 'shape' || name === 'ndim' || name === 'size' ? pixelAttribute(owner, name) : null) ??
      arrayAttribute(owner, name);
    if (data) return data;
    const model = this.py.modelOf(owner);
    if (model)
      return (
        this.build.modelAttribute(model, name) ??
        opaque<MethodData>('method', { receiver: owner, name, receiverNode: objectNode })
      );
    if (owner.kind === 'tensor' && name === 'shape') return this.build.tensorShape(owner.node);
    if (owner.kind === 'layer') {
      // A keras.applications backbone's input/output/layers, and a layer inside one: keras/backbone-layers.ts.
      const inside = this.build.backbones.attribute(owner.layer, name, span(objectNode));
      if (inside) return inside;
      return (
        this.build.layerAttribute(owner.layer, name, span(objectNode)) ??
        opaque<MethodData>('method', { receiver: owner, name, receiverNode: objectNode })
      );
    }
    if (owner.kind === 'labels') {
      if (name === 'values') return owner;
      if (LABEL_METHODS.has(name))
        return opaque<MethodData>('method', { receiver: owner, name, receiverNode: objectNode });
      return UNKNOWN;
    }
    const ds = opaqueData<DatasetData>(owner, 'dataset');
    if (ds) {
      if (name === 'num_classes')
        return ds.labels?.numClasses ? { kind: 'number', value: ds.labels.numClasses, isInt: true } : UNKNOWN;
      return opaque<MethodData>('method', { receiver: owner, name, receiverNode: objectNode });
    }
    if (
      owner.kind === 'object' ||
      opaqueData(owner, 'encoder') ||
      opaqueData(owner, 'data') ||
      opaqueData(owner, 'dataframe') ||
      pixelsOf(owner) ||
      arrayOf(owner) ||
      isRandomGenerator(owner)
    ) {
      return opaque<MethodData>('method', { receiver: owner, name, receiverNode: objectNode });
    }
    return UNKNOWN;
  }

  callMethod(method: MethodData, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const { receiver, name } = method;
    const model = this.py.modelOf(receiver);
    if (model) return this.modelMethod(model, method, args, node, callee);
    const first = args.positional[0]?.value ?? UNKNOWN;
    if (receiver.kind === 'layer' && name === 'get_layer' && isBackbone(receiver.layer.type)) {
      const index = (args.keyword.get('index') ?? args.positional[1])?.value;
      const layerName = (args.keyword.get('name') ?? args.positional[0])?.value;
      return this.build.backbones.getLayer(receiver.layer, layerName, index, span(node));
    }
    if (receiver.kind === 'layer') {
      if (VOCABULARY_CHANGES.has(name)) this.vocabularyChanged.add(receiver.layer);
      const include = (args.positional[0] ?? args.keyword.get('include_special_tokens'))?.value;
      const vocabulary = lookupVocabularyMethod(
        receiver.layer,
        name,
        include,
        this.vocabularyChanged.has(receiver.layer) || args.opaqueSplat,
      );
      if (vocabulary) return vocabulary;
    }
    const data =
      dataMethod(receiver, name, args) ?? pixelMethod(receiver, name, args) ?? arrayMethod(receiver, name, args);
    if (data) return data;
    if (receiver.kind === 'labels') return LABEL_METHODS.has(name) ? receiver : UNKNOWN;
    const ds = opaqueData<DatasetData>(receiver, 'dataset');
    if (ds) {
      if (name === 'batch' || name === 'padded_batch' || name === 'unbatch')
        return this.rebatched(ds, name, args, node);
      if (DATASET_METHODS.has(name)) return receiver;
      if (name === 'map') return this.mapDataset(ds, first, node);
      return UNKNOWN;
    }
    const encoder = opaqueData<{ type: string }>(receiver, 'encoder');
    if (encoder) {
      if (name === 'fit') return receiver;
      if (name !== 'fit_transform' && name !== 'transform') return UNKNOWN;
      const source = sourceOf(first);
      if (encoder.type === 'LabelEncoder')
        return this.labels('integer', null, node, 'integer labels from LabelEncoder', undefined, source);
      if (encoder.type === 'LabelBinarizer') {
        return this.labels(
          'one-hot',
          null,
          node,
          'one-hot labels from LabelBinarizer',
          { singleColumnIfBinary: true },
          source,
        );
      }
      if (encoder.type === 'MultiLabelBinarizer')
        return this.labels('multi-hot', null, node, 'multi-label rows from MultiLabelBinarizer', undefined, source);
      return this.labels('one-hot', null, node, 'one-hot labels from OneHotEncoder', undefined, source);
    }
    if (receiver.kind === 'object' && receiver.type === 'keras.preprocessing.ImageDataGenerator') {
      if (name === 'flow_from_directory' || name === 'flow_from_dataframe') {
        const site = this.py.site(
          node,
          callee,
          args,
          functionSignature('flow_from_directory')?.params ?? ['directory'],
        );
        const modeArg = site.args.get('class_mode');
        const mode = modeArg
          ? modeArg.value.kind === 'string'
            ? modeArg.value.value
            : modeArg.value.kind === 'none'
              ? null
              : undefined
          : 'categorical';
        const classes = site.args.get('classes')?.value;
        const k = classes?.kind === 'sequence' ? classes.items.length : null;
        const directory = site.args.get('directory')?.value;
        const generator = receiver.call;
        const source: DataSource | undefined =
          name === 'flow_from_directory' && directory?.kind === 'string'
            ? {
                kind: 'image-directory',
                path: directory.value,
                span: span(node),
                imageSize:
                  pair(site.args.get('target_size')?.value) ?? pair(defaultOf('flow_from_directory', 'target_size')),
                colorMode: colorMode(
                  site.args.get('color_mode')?.value ?? defaultOf('flow_from_directory', 'color_mode'),
                ),
                rescale: numberOf(generator.args.get('rescale')?.value),
                validationSplit: numberOf(generator.args.get('validation_split')?.value),
                subset: subsetOf(site.args.get('subset')?.value),
              }
            : undefined;
        return this.dataset(
          this.modeLabels(mode, k, node, `${name}(class_mode=${JSON.stringify(mode)})`),
          node,
          source,
          generatorPixels(generator, { scale: 1, origin: span(node), description: `the images of ${name}` }),
        );
      }
      if (name === 'flow') {
        const site = this.py.site(node, callee, args, ['x', 'y']);
        const y = site.args.get('y')?.value;
        const x = site.args.get('x')?.value;
        const loaded = x ? pixelsOf(x) : null;
        return this.dataset(
          y?.kind === 'labels' ? y.labels : null,
          node,
          undefined,
          loaded ? generatorPixels(receiver.call, loaded) : undefined,
        );
      }
    }
    return UNKNOWN;
  }

  /**
   * `.batch(n)` / `.padded_batch(n)`: the same data with a batch axis in front
   * (of size n with `drop_remainder=True`); `.unbatch()`, `padded_shapes=`: element shapes unknown.
   */
  private rebatched(ds: DatasetData, name: string, args: EvaluatedArgs, node: SyntaxNode): Value {
    const { element: _, ...rest } = ds;
    // padded_shapes= can make any axis longer: the shapes are no longer the element's.
    const padded = name === 'padded_batch' && (args.positional.length > 1 || args.keyword.has('padded_shapes'));
    if (name === 'unbatch' || padded || !ds.element || args.opaqueSplat) return opaque<DatasetData>('dataset', rest);
    const size = (args.positional[0] ?? args.keyword.get('batch_size'))?.value;
    const drop = (args.keyword.get('drop_remainder') ?? (name === 'batch' ? args.positional[1] : undefined))?.value;
    const fixed = drop?.kind === 'bool' && drop.value && size?.kind === 'number' ? size.value : null;
    const element = drop && drop.kind !== 'bool' ? null : batchedElement(ds.element, fixed, this.build, span(node));
    return opaque<DatasetData>('dataset', element ? { ...rest, element } : rest);
  }

  /**
   * `.map(fn)`: runs the user's `fn` on the element as tf.data traces it
   * (tensors of the element's shapes; the labels the dataset carries), so what
   * it returns is the new element, its labels among it.
   */
  private mapDataset(ds: DatasetData, fnValue: Value, node: SyntaxNode): Value {
    const f = fnValue.kind === 'callable' ? (fnValue.internal as FunctionData) : null;
    if (!f || !('closure' in f) || (!ds.labels && !ds.element)) return this.dataset(null, node, ds.source);
    // Labels without a known element (`from_tensor_slices([x, y])`): the function still gets them second.
    const given =
      ds.element && (!ds.labels || isTuple(ds.element.value)) ? mapArguments(ds.element) : [UNKNOWN, UNKNOWN];
    // The labels the interpreter follows stand for y, whatever its shape.
    const values = ds.labels && given.length === 2 ? [given[0], labelsValue(ds.labels)] : given;
    const result = this.py.callFunction(
      f,
      {
        positional: values.map((value) => ({ value, node, full: node })),
        keyword: new Map(),
        written: [],
        argList: null,
        opaqueSplat: false,
      },
      null,
      node,
    );
    const labels =
      result.kind === 'sequence' && result.items.length === 2 && result.items[1].kind === 'labels'
        ? result.items[1].labels
        : null;
    const element = ds.element ? mappedElement(result, ds.element.batched, this.build, span(node)) : null;
    return this.dataset(labels, node, ds.source, undefined, element);
  }

  private modelMethod(
    model: ModelIR,
    method: MethodData,
    args: EvaluatedArgs,
    node: SyntaxNode,
    callee: SyntaxNode,
  ): Value {
    const cond = this.py.conditional;
    const batch = BUILDING_METHODS.has(method.name) ? this.batchOf(args) : null;
    if (batch) args = batch.args;
    this.noticeBuild(model, method.name, args);
    if (model.ownTrainStep && (method.name === 'fit' || method.name === 'fit_generator')) {
      // Keras still builds an unbuilt model on x (above), but its own train_step
      // decides what the data means, which losses and labels apply, what is logged.
      const site = this.py.site(node, callee, args, functionSignature('fit')?.params ?? ['x', 'y']);
      model.fits.push({ call: site, labels: null, callbacks: null, hasValidation: null, conditional: cond });
      return opaque('history', null);
    }
    switch (method.name) {
      case 'add': {
        const item = args.positional[0];
        if (!item) return UNKNOWN;
        const statement = this.py.currentStatement;
        const attach =
          statement && statement.type === 'expression_statement' && namedChildren(statement)[0] === node
            ? { style: 'add' as const, span: span(statement), receiver: this.py.text(method.receiverNode) }
            : null;
        this.build.addToSequential(model, item.value, span(node), attach);
        return { kind: 'none' };
      }
      case 'pop':
        model.complete = false;
        return UNKNOWN;
      case 'compile': {
        const site = this.py.site(node, callee, args, functionSignature('compile')?.params ?? []);
        const loss = site.args.get('loss');
        const optimizer = site.args.get('optimizer');
        const metrics = site.args.get('metrics');
        const metricItems =
          metrics?.value.kind === 'sequence' && metrics.value.elements
            ? metrics.value.elements.map((e, i) => ({ value: (metrics.value as { items: Value[] }).items[i], arg: e }))
            : metrics?.value.kind === 'sequence'
              ? null
              : null;
        model.compile = {
          call: site,
          loss: loss ? lossSpec(loss) : null,
          optimizer: optimizer ? optimizerSpec(optimizer) : null,
          metrics: metrics ? metricSpecs(metrics, metricItems) : args.opaqueSplat ? null : [],
          conditional: cond,
        };
        return { kind: 'none' };
      }
      case 'fit':
      case 'fit_generator': {
        const site = this.py.site(node, callee, args, functionSignature('fit')?.params ?? ['x', 'y']);
        const x = site.args.get('x')?.value ?? UNKNOWN;
        const yArg = site.args.get('y');
        let labels: LabelInfo | null = null;
        if (yArg?.value.kind === 'labels') labels = yArg.value.labels;
        else if (!yArg && batch?.y?.kind === 'labels') labels = batch.y.labels;
        else if (!yArg) labels = opaqueData<DatasetData>(x, 'dataset')?.labels ?? null;
        const callbacksArg = site.args.get('callbacks');
        let callbacks = null as ReturnType<typeof callbackInfo>[] | null;
        if (!callbacksArg) callbacks = args.opaqueSplat ? null : [];
        else if (callbacksArg.value.kind === 'sequence') callbacks = callbacksArg.value.items.map(callbackInfo);
        const vData = site.args.get('validation_data');
        const vSplit = site.args.get('validation_split');
        let hasValidation: boolean | null = false;
        if (vData) hasValidation = vData.value.kind !== 'none';
        if (vSplit) hasValidation = vSplit.value.kind === 'number' ? vSplit.value.value > 0 || hasValidation : null;
        if (args.opaqueSplat) hasValidation = null;
        const xSource = sourceOf(x);
        const ySource = yArg ? sourceOf(yArg.value) : undefined;
        const validationX =
          vData?.value.kind === 'sequence' && vData.value.elements && vData.value.items.length >= 2
            ? vData.value.elements[0]
            : vData?.value.kind === 'sequence'
              ? undefined
              : vData;
        const fitPixels = {
          x: this.pixelInput(site.args.get('x')),
          validation: this.pixelInput(validationX),
          y: this.pixelInput(yArg),
        };
        const fitArrays = {
          x: this.arrayInput(site.args.get('x')),
          validation: this.arrayInput(validationX),
        };
        model.fits.push({
          call: site,
          labels,
          labelsArg: yArg?.value.kind === 'labels' ? yArg : undefined,
          ...(xSource ? { xSource } : {}),
          ...(ySource ? { ySource } : {}),
          callbacks: callbacks ? callbacks.filter((c): c is NonNullable<typeof c> => c !== null) : null,
          hasValidation,
          ...(fitPixels.x || fitPixels.validation || fitPixels.y ? { pixels: fitPixels } : {}),
          ...(fitArrays.x || fitArrays.validation ? { arrays: fitArrays } : {}),
          conditional: cond,
        });
        return opaque('history', null);
      }
      case 'get_layer': {
        const site = this.py.site(node, callee, args, ['name', 'index']);
        return this.build.layerOfModel(model, site.args.get('name')?.value, site.args.get('index')?.value);
      }
      case 'predict':
      case 'predict_on_batch':
      case 'predict_generator':
        return this.predictions(model, args, node);
      default:
        return UNKNOWN;
    }
  }

  /**
   * `model.predict(x)` of a model with one output: an array with a row per
   * sample of x and the output's other axes (what an encoder's features or
   * a model's probabilities look like to the code that uses them next).
   */
  private predictions(model: ModelIR, args: EvaluatedArgs, node: SyntaxNode): Value {
    if (model.outputs.length !== 1) return UNKNOWN;
    const output = this.build.knownShape(model.outputs[0]);
    if (!output || output.length === 0) return UNKNOWN;
    const x = (args.positional[0] ?? args.keyword.get('x'))?.value;
    const xShape = x ? dataShape(x, this.build) : null;
    return arrayValue({
      shape: [xShape?.[0] ?? null, ...output.slice(1)],
      origin: span(node),
      description: `the predictions of ${model.name}`,
    });
  }

  /**
   * `fit(batches)` with a keras.utils.Sequence / PyDataset of the file's own:
   * the call as Keras sees it, x from the first batch, and that batch's y (the
   * labels, which no argument spells).
   */
  private batchOf(args: EvaluatedArgs): { args: EvaluatedArgs; y: Value | null } | null {
    const positional = args.positional[0];
    const first = positional ?? args.keyword.get('x');
    if (!first || first.splat) return null;
    const batch = this.py.firstBatch(first.value, first.node);
    if (!batch) return null;
    const tuple = batch.kind === 'sequence' && batch.tuple && batch.items.length >= 2;
    const x = { ...first, value: tuple ? batch.items[0] : batch };
    const keyword = new Map(args.keyword);
    if (!positional) keyword.set('x', x);
    return {
      args: { ...args, positional: positional ? [x, ...args.positional.slice(1)] : args.positional, keyword },
      y: tuple ? batch.items[1] : null,
    };
  }

  /**
   * A first `fit`/`predict`/`evaluate` on an array of known shape: what a
   * subclassed model, or a Sequential with no input shape, is built on (see
   * ModelIR.builtInputShape). Not `model.build(shape)`: Keras 3 does not run a
   * subclassed model's `call` there (its layers stay unbuilt until the model is called).
   */
  private noticeBuild(model: ModelIR, name: string, args: EvaluatedArgs): void {
    if (model.kind === 'functional' || !BUILDING_METHODS.has(name)) return;
    const first = (args.positional[0] ?? args.keyword.get('x'))?.value;
    const dataset = first ? opaqueData<DatasetData>(first, 'dataset') : null;
    if (dataset) {
      // A dataset yields the batches themselves: the model is built on their shape.
      const shape = elementInputShape(dataset.element, this.build);
      if (shape) this.build.builtOn(model, shape);
      return;
    }
    // A tensor here is data (a batch taken from a dataset): its shape as far as it is known.
    const shape = first ? dataShape(first, this.build) : null;
    if (shape && shape.length > 0) this.build.builtOn(model, [builtBatch(name, shape[0], args), ...shape.slice(1)]);
  }

  /** A fit argument that is a NumPy array of known shape (numpy-arrays.ts). */
  private arrayInput(arg: ArgInfo | undefined): ArrayInput | undefined {
    const array = arg && !arg.fromSplat ? (arrayOf(arg.value) ?? dataArrayShape(arg.value)) : null;
    return array && arg
      ? { description: array.description, shape: array.shape, arg, written: this.py.text(arg.span) }
      : undefined;
  }

  /** What a fit argument shows about image pixels: an array of them, or a generator/dataset yielding them. */
  private pixelInput(arg: ArgInfo | undefined): PixelInput | undefined {
    if (!arg || arg.fromSplat) return undefined;
    const array = pixelsOf(arg.value);
    if (array) return { ...array, arg, written: this.py.text(arg.span) };
    const yielded = opaqueData<DatasetData>(arg.value, 'dataset')?.pixels;
    if (!yielded) return undefined;
    return { ...yielded.data, ...(yielded.generator ? { generator: yielded.generator } : {}) };
  }

  /** `layer(x)` / `model(x)`: a new tensor in the functional graph. */
  applyLayer(target: Value, args: EvaluatedArgs, node: SyntaxNode): Value {
    if (target.kind === 'layer' && target.layer.type === 'MultiHeadAttention')
      return this.applyAttention(target, args, node);
    const first: EvaluatedArg | undefined = args.positional[0] ?? args.keyword.get('inputs');
    const named =
      target.kind === 'layer' && target.layer.library ? foreignCallInputs(target.layer.library, args) : null;
    const applied = this.build.apply(
      target,
      named ?? first?.value,
      span(node),
      first && !first.splat ? span(first.node) : null,
      'placeholder',
    );
    if (target.kind === 'layer' && target.layer.type === 'Lambda') {
      if (applied.kind === 'tensor' && first?.value.kind === 'tensor')
        this.traceLambda(target.layer.call, applied.node, first, node);
    } else {
      this.build.addInitialState(applied, target, args.keyword.get('initial_state')?.value);
    }
    return applied;
  }

  /**
   * `Lambda(fn)(x)`: runs `fn` on `x` (as Keras does to learn the output
   * shape) and keeps what it returns as the call's traced output: the user's
   * function, or a framework one (`Lambda(preprocess_input)`, `Lambda(tf.nn.relu)`).
   * Not for `arguments=` or an `output_shape=` the code gives (Keras then trusts that).
   */
  private traceLambda(site: CallSite, applied: TensorNode, input: EvaluatedArg, node: SyntaxNode): void {
    const fn = site.args.get('function')?.value;
    if (!fn || site.args.has('arguments') || site.args.has('output_shape') || site.opaqueSplat) return;
    const args: EvaluatedArgs = {
      positional: [{ value: input.value, node: input.node, full: input.full }],
      keyword: new Map(),
      written: [],
      argList: null,
      opaqueSplat: false,
    };
    let result: Value;
    if (fn.kind === 'ref') result = this.callRef(fn.path, args, node, node);
    else {
      const f = fn.kind === 'callable' ? (fn.internal as FunctionData | undefined) : undefined;
      if (!f || !('closure' in f)) return;
      result = this.py.callFunction(f, args, null, node);
    }
    if (result.kind === 'tensor' && result.node !== applied) applied.traced = result.node;
  }

  /**
   * A Lambda added to a Sequential (`model.add(Lambda(lambda x: x / 127.5 - 1,
   * input_shape=(160, 320, 3)))`): its function runs on the previous layer's
   * output, or on the input the first layer declares.
   */
  private traceSequentialLambda(added: TensorNode): void {
    const statement = this.py.currentStatement;
    if (added.layer.type !== 'Lambda' || !statement) return;
    const input = added.inputs[0] ?? this.declaredLambdaInput(added);
    if (!input) return;
    this.traceLambda(
      added.layer.call,
      added,
      { value: { kind: 'tensor', node: input }, node: statement, full: statement },
      statement,
    );
  }

  /** The input a Sequential's first layer declares (`input_shape=`, `batch_input_shape=`), as an Input tensor. */
  private declaredLambdaInput(added: TensorNode): TensorNode | null {
    const args = added.layer.call.args;
    const shape = args.get('input_shape');
    const batch = args.get('batch_input_shape');
    if (shape) return this.build.placeholderInput(added.span, new Map([['shape', shape]]));
    if (batch) return this.build.placeholderInput(added.span, new Map([['batch_shape', batch]]));
    return null;
  }

  /** `mha(query, value, key)`: all three tensors are inputs (the value's and key's sizes set the weights). */
  private applyAttention(target: Value, args: EvaluatedArgs, node: SyntaxNode): Value {
    const named = ['query', 'value', 'key'].map((name, i) => args.positional[i] ?? args.keyword.get(name));
    const [query] = named;
    const given = named.filter((a): a is EvaluatedArg => a !== undefined).map((a) => a.value);
    const input: Value | undefined = query ? { kind: 'sequence', items: given, tuple: false } : undefined;
    return this.build.apply(target, input, span(node), query && !query.splat ? span(query.node) : null, 'placeholder');
  }

  /**
   * `self.add_weight(shape=(d, units), …)` in a custom layer (Keras 2:
   * `add_weight(name, shape)`; no shape: a scalar): a weight of that shape,
   * which operations in the layer's `call()` use (see ArrayData.weight).
   */
  addWeight(args: EvaluatedArgs, node: SyntaxNode): Value {
    if (args.opaqueSplat) return UNKNOWN;
    const [first, second] = args.positional.map((a) => a.value);
    const shape = args.keyword.get('shape')?.value ?? (first?.kind === 'string' ? second : first);
    const items =
      !shape || shape.kind === 'none' ? [] : shape.kind === 'sequence' && !shape.inexact ? shape.items : [shape];
    const dims = items.map((d) => (d.kind === 'number' && d.isInt && d.value >= 0 ? d.value : null));
    if (dims.some((d) => d === null)) return UNKNOWN;
    return arrayValue({ shape: dims, origin: span(node), description: 'a weight from add_weight', weight: true });
  }

  /** Runs a subclassed model's call() on a symbolic input to get its graph. */
  traceSubclassedCall(model: ModelIR, callMethod: FunctionData, self: Value): void {
    const params = childByField(callMethod.node, 'parameters');
    const at = params ?? callMethod.node;
    const input = this.build.placeholderInput(span(at));
    const models = this.build.builder.models;
    const before = new Set(models);
    const calledBefore = new Set(models.filter((m) => m.firstCall));
    this.py.provisionalTraces++;
    try {
      this.traceOn(model, callMethod, self, input, at);
    } finally {
      this.py.provisionalTraces--;
    }
    // What this trace did on its unknown input that the next one does again: models it made
    // (in the builds of custom layers) and models it called first.
    const made = models.filter((m) => !before.has(m));
    const firstCalled = models.filter((m) => before.has(m) && m.firstCall && !calledBefore.has(m));
    this.traced.set(model, { callMethod, self, made, firstCalled });
  }

  /**
   * A subclassed model first traced on an input of unknown shape, now built on
   * data or first called on a tensor of known shape: its `call` runs again on a tensor of that shape (the custom layers
   * built during the first trace are built again), so sizes its code computes
   * from shapes (`input_shape[-1]`, `ops.shape(x)`) are known, as they are when
   * Keras builds it.
   */
  private retraceOnData(model: ModelIR, shape: (number | null)[]): void {
    const traced = this.traced.get(model);
    if (!traced || this.py.provisionalTraces > 0) return;
    this.traced.delete(model);
    this.py.forgetProvisionalBuilds();
    for (const called of traced.firstCalled) called.firstCall = undefined;
    for (const made of traced.made) this.build.builder.discard(made);
    this.build.forgetShapes();
    const at = childByField(traced.callMethod.node, 'parameters') ?? traced.callMethod.node;
    const input = this.build.dataTensor(shape, span(at));
    this.traceOn(model, traced.callMethod, traced.self, input, at);
  }

  private traceOn(model: ModelIR, callMethod: FunctionData, self: Value, input: TensorNode, at: SyntaxNode): void {
    const result = this.py.callFunction(
      callMethod,
      {
        positional: [{ value: { kind: 'tensor', node: input }, node: at, full: at }],
        keyword: new Map(),
        written: [],
        argList: null,
        opaqueSplat: false,
      },
      self,
      at,
    );
    this.build.setTracedGraph(model, input, result);
  }

  // -------------------------------------------------------------- operators

  subscript(owner: Value, keys: Value[], node: SyntaxNode): Value | null {
    const data = dataSubscript(owner, keys);
    if (data) return data;
    const eye = opaqueData<{ k: number | null }>(owner, 'eye');
    if (eye)
      return (
        identityRows(eye.k, keys, span(node)) ??
        this.labels('one-hot', eye.k, node, `one-hot labels from np.eye(${eye.k ?? ''})[...]`)
      );
    if (owner.kind === 'labels') return owner;
    const images = pixelSubscript(owner, keys) ?? arraySubscript(owner, keys);
    if (images) return images;
    void keys;
    return null;
  }
}

/**
 * The batch axis a model is built with on an array of `rows` rows (Keras
 * 3.15.1): `fit`/`evaluate` trace a variable batch; `predict` builds on its
 * first batch (`batch_size`, 32 by default, or fewer rows); the `*_on_batch`
 * methods on the whole array.
 */
function builtBatch(method: string, rows: number | null, args: EvaluatedArgs): number | null {
  if (method.endsWith('_on_batch')) return rows;
  if (method !== 'predict') return null;
  const given = (args.keyword.get('batch_size') ?? args.positional[1])?.value;
  const size = given === undefined || given.kind === 'none' ? 32 : given.kind === 'number' ? given.value : null;
  return size === null || rows === null ? null : Math.min(size, rows);
}

/** Model methods whose first call on data builds a model that is not built yet. */
const BUILDING_METHODS = new Set([
  'fit',
  'predict',
  'evaluate',
  'train_on_batch',
  'predict_on_batch',
  'test_on_batch',
  // Keras 2's spellings for generators (fit on a generator in Keras 3).
  'fit_generator',
  'predict_generator',
  'evaluate_generator',
]);

function pair(v: Value | unknown): [number, number] | null {
  if (Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number')) return [v[0], v[1]];
  const value = v as Value | undefined;
  if (value?.kind === 'sequence' && value.items.length === 2 && value.items.every((i) => i.kind === 'number')) {
    return [(value.items[0] as { value: number }).value, (value.items[1] as { value: number }).value];
  }
  return null;
}

function numberOf(v: Value | undefined): number | null {
  return v?.kind === 'number' ? v.value : null;
}

function colorMode(v: Value | unknown): 'grayscale' | 'rgb' | 'rgba' | null {
  const s =
    typeof v === 'string' ? v : (v as Value | undefined)?.kind === 'string' ? (v as { value: string }).value : null;
  return s === 'grayscale' || s === 'rgb' || s === 'rgba' ? s : null;
}

function subsetOf(v: Value | undefined): 'training' | 'validation' | 'both' | null {
  const s = v?.kind === 'string' ? v.value : null;
  return s === 'training' || s === 'validation' || s === 'both' ? s : null;
}

/**
 * The tensors a third-party layer's call takes by name (ForeignLayer.callInputs),
 * positional or keyword: one value, or a list when several are given. Null
 * when the layer takes `inputs` or none is given.
 */
function foreignCallInputs(path: string, args: EvaluatedArgs): Value | null {
  const names = foreignLayer(path)?.callInputs;
  if (!names) return null;
  const given = names.map((name, i) => (args.positional[i] ?? args.keyword.get(name))?.value);
  if (!given[0]) return null;
  const present = given.filter((v): v is Value => v !== undefined);
  return present.length === 1 ? present[0] : { kind: 'sequence', items: present, tuple: false };
}

/**
 * `keras.activations.get(identifier)`, as custom layers store their
 * `activation` argument: the function a name stands for (None is the
 * identity), a function given as is; unknown for a name Keras does not have
 * (it raises) or a value the analyzer cannot read.
 */
function activationFunction(identifier: Value): Value {
  if (identifier.kind === 'none') return { kind: 'ref', path: 'keras.activations.linear' };
  if (identifier.kind === 'string') {
    const path = `keras.activations.${identifier.value}`;
    if (identifier.value === 'linear' || operationSpec(path, 'python')) return { kind: 'ref', path };
    return UNKNOWN;
  }
  return identifier.kind === 'ref' || identifier.kind === 'callable' ? identifier : UNKNOWN;
}

/** Modules the analyzer models: a class there is known or deliberately unknown, never a foreign layer. */
const MODELLED_ROOTS = new Set(['keras', 'tf', 'np', 'pd', 'sklearn', 'builtins']);

/**
 * A layer class of another library (`tensorflow_addons.layers.WeightNormalization`,
 * `keras_cv.layers.RandomFlip`, `tensorflow_probability.layers.DenseVariational`,
 * `tensorflow_hub.KerasLayer`): Keras records it as one layer, so it stands in
 * the graph under its name with what it computes unknown, and the layers
 * around it stay in the model.
 */
function isForeignLayerClass(path: string): boolean {
  const parts = path.split('.');
  if (MODELLED_ROOTS.has(parts[0]) || !/^[A-Z]/.test(parts[parts.length - 1])) return false;
  return parts.slice(1, -1).includes('layers') || path === 'tensorflow_hub.KerasLayer';
}

/** A parameter's default as Keras declares it (catalog.json). */
function defaultOf(fn: string, param: string): unknown {
  return functionSignature(fn)?.defaults[param];
}

/** ImageDataGenerator options that normalise the images by statistics or any function of the user's. */
const GENERATOR_NORMALISATION = [
  'preprocessing_function',
  'featurewise_center',
  'featurewise_std_normalization',
  'samplewise_center',
  'samplewise_std_normalization',
  'zca_whitening',
];

/**
 * The pixels an ImageDataGenerator yields from images `loaded` (at scale 1 for
 * files it reads itself): times its `rescale`. None when it also normalises
 * by a statistic or a function, or when its rescale is not a number the analyzer knows.
 */
function generatorPixels(generator: CallSite, loaded: PixelData): DatasetData['pixels'] | undefined {
  if (generator.opaqueSplat) return undefined;
  for (const option of GENERATOR_NORMALISATION) {
    const v = generator.args.get(option)?.value;
    if (v && !(v.kind === 'bool' && !v.value) && v.kind !== 'none') return undefined;
  }
  const rescale = generator.args.get('rescale')?.value;
  if (rescale && rescale.kind !== 'none' && rescale.kind !== 'number') return undefined;
  const factor = rescale?.kind === 'number' && rescale.value !== 0 ? rescale.value : 1;
  return { data: { ...loaded, scale: loaded.scale * factor }, generator };
}
