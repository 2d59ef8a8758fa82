/**
 * The model IR: what every front end (Python via tree-sitter, JS/TS via the
 * TypeScript compiler API) produces and every rule, the shape inference and the
 * trainer consume. Nothing here knows which language a model came from, except
 * the `language` tag used to pick a {@link Dialect} for fixes.
 *
 * Offsets are UTF-16 code units into the analysed text (what JS strings and VS
 * Code positions use), so a fix can splice the text directly.
 */

export interface Span {
  start: number;
  end: number;
}

export type Language = 'python' | 'javascript';

/** An abstract value: what the interpreter knows about an expression. */
export type Value =
  | { kind: 'unknown' }
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  /** `origin`: the literal this value was written as, when it came straight from one (a constant's definition). */
  | { kind: 'number'; value: number; isInt: boolean; origin?: Span }
  | { kind: 'string'; value: string; origin?: Span }
  /**
   * Python tuples and lists, JS arrays. `elements` is present when the sequence
   * is a literal in the source: each item's span, for fixes that edit one item.
   */
  | {
      kind: 'sequence';
      items: Value[];
      tuple: boolean;
      elements?: ArgInfo[];
      /**
       * Items were added or removed on a path that may not have run (an append
       * in a loop over unknown data): `items` holds every item that may be
       * there, so the length and positions are unknown.
       */
      inexact?: boolean;
    }
  /** `inexact`: a key the analyzer could not read was written, so which keys it holds is unknown. */
  | { kind: 'dict'; entries: Map<string, Value>; inexact?: boolean }
  /** A framework symbol by canonical name, e.g. `keras.activations.softmax`. */
  | { kind: 'ref'; path: string }
  | { kind: 'layer'; layer: LayerNode }
  | { kind: 'tensor'; node: TensorNode }
  | { kind: 'model'; model: ModelIR }
  /** An instance of a framework class that is not a layer: losses, optimizers, callbacks… */
  | { kind: 'object'; type: string; call: CallSite }
  /** Array-like data whose label encoding the interpreter tracked (and, when known, the file it came from). */
  | { kind: 'labels'; labels: LabelInfo; source?: DataSource }
  /** A user-defined function or class: never "unknown" to name rules. */
  | { kind: 'callable'; name: string; internal?: unknown }
  /** Front-end private values (bound methods, instances…). Rules treat them as unknown. */
  | { kind: 'opaque'; tag: string; data?: unknown };

export const UNKNOWN: Value = Object.freeze({ kind: 'unknown' }) as Value;

/** One argument as written at a call site. */
export interface ArgInfo {
  value: Value;
  /** The value expression. */
  span: Span;
  /** What to delete to remove the argument cleanly (with its keyword and one comma). */
  removal: Span;
  /** True when the expression is a literal written right here, so editing it in place is exact. */
  literal: boolean;
  /** Passed through `**config` / `...spread`: there is no text of its own to edit. */
  fromSplat?: boolean;
}

export interface CallSite {
  span: Span;
  calleeSpan: Span;
  /** Arguments resolved to parameter names (positional ones through the callee's signature). */
  args: Map<string, ArgInfo>;
  /**
   * Where a new keyword argument goes: a fix writes `prefix + arg + suffix` at
   * `offset` (the front end knows about commas, trailing commas and empty configs).
   */
  insert: { offset: number; prefix: string; suffix: string };
  /** A `*args` / `**config` that could not be expanded: any parameter may have been passed. */
  opaqueSplat?: boolean;
}

export interface LayerNode {
  id: number;
  /** Keras class name (`Dense`, `Conv2D`, `InputLayer`), or the name as written when not a Keras layer. */
  type: string;
  /** True for Keras built-in layers the analyzer models. */
  known: boolean;
  call: CallSite;
  /** For Bidirectional/TimeDistributed: the wrapped layer. */
  inner?: LayerNode;
  /**
   * A third-party layer class whose output shape is modelled
   * (keras/foreign-layers.ts): its canonical path
   * (`tensorflow_addons.layers.InstanceNormalization`). `known` stays false.
   */
  library?: string;
  /**
   * A layer class defined in the analysed code whose `call()` was run on the
   * layer's input (a Sequential's item: TensorNode.traced holds what it
   * returned), or whose `compute_output_shape` gave its shape. Its weights
   * are its inner layers' plus `ownWeights`, those it made with `add_weight`
   * (zero when none; null when their sizes or number are unknown).
   */
  userClass?: { ownWeights: { trainable: number; nonTrainable: number } | null };
  /**
   * A user's subclass of the built-in layer `base` (`class StandardizedConv2D(layers.Conv2D)`,
   * keras/subclassed-layers.ts): `type` is the subclass's name and `known`
   * false (rules do not judge what its own methods may change), but its
   * output shape is the parent's, from the arguments the parent was given;
   * its weights are unknown when it makes its own (`build` overridden,
   * `add_weight`, sublayers).
   */
  subclass?: { base: string; ownWeights: boolean };
  /** A whole model used as a layer (`encoder(x)`, `model.add(base)`): its graph gives the shapes and weights. */
  model?: ModelIR;
  /**
   * A layer inside a keras.applications backbone (`base.get_layer(name)`,
   * `base.layers[i]`), of type {@link BACKBONE_LAYER}: its output is layer
   * `index` of the backbone as keras/backbone-layers.ts describes it, taken
   * from the tensor the backbone starts from; `className` is its Keras class.
   */
  backboneLayer?: { backbone: LayerNode; index: number; className: string };
  /**
   * Set when this is a tensor operation applied in a graph rather than a layer:
   * the function's canonical path (`keras.ops.reshape`, `tf.concat`,
   * `keras.backend.mean`) or `operator +` for Python's operators. `type` is then
   * the class Keras 3 records for it (`Reshape`, `Add`; `TFOpLambda` where Keras
   * 3 refuses it), and `call.args` holds its arguments by parameter name
   * (keras/operations.ts). Shape inference uses shapes/operations.ts for it.
   */
  operation?: string;
  /** Created or attached under a condition the analyzer could not decide. */
  conditional: boolean;
  /**
   * `layer.trainable = False` after construction (Keras then counts its
   * weights as non-trainable); null when set to what the analyzer cannot read
   * or on a path that may not run. Absent: as constructed (`trainable=`).
   */
  trainable?: boolean | null;
  /**
   * The session's image data format where the layer was constructed
   * (`K.set_image_data_format('channels_first')` before it), which Keras uses
   * when `data_format` is not given: see keras/image-data-format.ts. Absent:
   * Keras's default, channels_last. null: set to something the analyzer cannot read.
   */
  imageDataFormat?: 'channels_last' | 'channels_first' | null;
}

/** A symbolic tensor: the output of applying `layer` to `inputs`. Model inputs are InputLayer nodes. */
export interface TensorNode {
  id: number;
  layer: LayerNode;
  inputs: TensorNode[];
  /** Where the layer was applied (functional call), or the layer's own call for Sequential. */
  span: Span;
  conditional: boolean;
  /**
   * A `Lambda` applied here, or a user's layer class (LayerNode.userClass):
   * what its function or `call()` returned when the front end ran it on this
   * call's input (Keras computes the output shape the same way). Not part of
   * the graph itself.
   */
  traced?: TensorNode;
  /**
   * A stand-in for what a Sequential's first layer (`inputOf`) receives, made
   * to run a user's layer `call()` before the model is built (the Sequential
   * has no Input): it has the shape that layer's input gets. Not part of the
   * graph itself.
   */
  inputOf?: TensorNode;
  /**
   * A user's layer class called here whose `compute_output_shape` gave this
   * shape (batch axis first, null where unknown or None): Keras 3 takes a
   * layer's symbolic output from that method when the class defines it, and
   * does not run `call()`.
   */
  declaredShape?: (number | null)[];
  /**
   * One of the tensors a call that gives several returns (an LSTM with
   * `return_state=True`, a model with several outputs, unpacked as
   * `out, h, c = lstm(x)`): output `index` of `count`. Every output of the call
   * is its own node with the same layer, inputs and span; absent for a call
   * that gives one tensor (or is used whole).
   */
  output?: { index: number; count: number };
  /**
   * Other tensors this one stands for: a variable that held different tensors
   * on paths that meet (arms of an undecided branch, a loop run an unknown
   * number of times) keeps the newest of them (engine/merge.ts). Its shape is
   * then known only where they all have the same one.
   */
  joined?: TensorNode[];
  /**
   * Joined where a loop run an unknown number of times meets, whose body
   * changes other values it builds with (`filters *= 2`): the shape after
   * several iterations cannot be told from one, so it is unknown.
   */
  unsettled?: boolean;
  /**
   * A concrete tensor: one the code makes from numbers (`tf.range(n)`,
   * `np.arange(n)`, `keras.ops.expand_dims(keras.ops.arange(n), 0)`), not from
   * a model input, here where a layer is applied to it (a position embedding
   * in a custom layer's `call`). Its shape is known and has no batch axis, so
   * the layers applied to it give shapes without one too. The node has no
   * inputs yet is no model input (shapes/input.ts `isModelInput`), and its
   * layer, of type {@link CONCRETE_TENSOR}, is no layer of the model.
   */
  concrete?: { shape: (number | AxisSize)[]; description: string };
}

/**
 * The size of one axis of a symbolic tensor, read while the graph is built
 * (`tf.shape(x)[-1]` of a variable-length sequence) when it is not known
 * then: shape inference takes it from `of`'s shape (a concrete tensor as long
 * as the sequence is).
 */
export interface AxisSize {
  of: TensorNode;
  axis: number;
}

/** The layer type of a concrete tensor's node (see TensorNode.concrete): the summary, naming and the trainer skip it. */
export const CONCRETE_TENSOR = 'ConcreteTensor';

/** The layer type of a layer inside a keras.applications backbone (see LayerNode.backboneLayer). */
export const BACKBONE_LAYER = 'BackboneLayer';

/** True for the node of a concrete tensor, or its layer: not a layer Keras lists, not a model input. */
export function isConcrete(item: TensorNode | LayerNode): boolean {
  return ('layer' in item ? item.layer : item).type === CONCRETE_TENSOR;
}

/** `multi-hot`: rows of 0/1 with any number of 1s, one column per tag (multi-label targets). */
export type LabelEncoding = 'one-hot' | 'integer' | 'binary' | 'continuous' | 'multi-hot';

export interface LabelInfo {
  encoding: LabelEncoding;
  /** Number of classes when known (the one-hot width, or the loader's class count). */
  numClasses: number | null;
  /** Where the encoding was decided (the `to_categorical` call, the loader…). */
  origin: Span;
  /** Human words for messages: "one-hot labels from to_categorical(..., 10)". */
  description: string;
  /** LabelBinarizer: one column, not two, when there are only two classes. */
  singleColumnIfBinary?: boolean;
  /** Element type of the label tensor when the code states it (`int32`, `float32`), as the framework names it. */
  dtype?: string;
  /** Continuous targets: the range their values typically lie in, when the data's source documents it. */
  range?: [number, number];
  /** Class labels the code multiplied by a factor (`y / 255.0`), and where: they are no longer the class ids or 0/1 rows. */
  rescaled?: {
    factor: number;
    at: Span;
    /** What to delete to undo it (` / 255.0` after the operand), when it is one binary operation. */
    removal?: Span;
  };
}

type SpecForm = 'string' | 'function' | 'object' | 'custom' | 'unknown';

export interface LossSpec {
  /** Canonical Keras loss id (`binary_crossentropy`, `mean_squared_error`…) or null. */
  id: string | null;
  /**
   * The string as written, when the loss was given as a string. For a loss
   * function a front end may give the reference as written
   * (`tf.losses.softmaxCrossEntropy`), for messages.
   */
  written: string | null;
  form: SpecForm;
  /** from_logits: null when it cannot be known. String and function losses are false. */
  fromLogits: boolean | null;
  fromLogitsArg?: ArgInfo;
  arg: ArgInfo;
}

export interface OptimizerSpec {
  /** Canonical lower-case id (`adam`, `sgd`…) or null. */
  id: string | null;
  written: string | null;
  form: SpecForm;
  learningRate: number | null;
  learningRateArg?: ArgInfo;
  arg: ArgInfo;
}

export interface MetricSpec {
  /** Canonical id (`accuracy`, `mean_absolute_error`, `auc`…) or null. */
  id: string | null;
  written: string | null;
  form: SpecForm;
  /** The name this metric is logged under during training (without `val_`), or null. */
  loggedName: string | null;
  arg: ArgInfo;
}

interface CompileInfo {
  call: CallSite;
  loss: LossSpec | null;
  optimizer: OptimizerSpec | null;
  /** null when the metrics list could not be resolved. */
  metrics: MetricSpec[] | null;
  conditional: boolean;
}

export interface CallbackInfo {
  /** Keras class name: EarlyStopping, ModelCheckpoint, ReduceLROnPlateau… */
  type: string;
  monitor: string | null;
  /** The monitor argument; absent when the default ('val_loss') applies. */
  monitorArg?: ArgInfo;
  call: CallSite;
}

/**
 * Where training data comes from, when the code names it with literal paths:
 * what "verify on the user's own data" loads. Paths are as written (relative
 * ones are relative to the analysed file's folder, then the workspace root).
 */
export type DataSource =
  | {
      kind: 'image-directory';
      path: string;
      span: Span;
      /** (height, width) from image_size / target_size; null when not given or not literal. */
      imageSize: [number, number] | null;
      colorMode: 'grayscale' | 'rgb' | 'rgba' | null;
      /** Multiplier applied to pixel values (ImageDataGenerator(rescale=1/255)); null when none. */
      rescale: number | null;
      /** Fraction held out (validation_split) and which part this is, when given. */
      validationSplit: number | null;
      subset: 'training' | 'validation' | 'both' | null;
    }
  | { kind: 'npy'; path: string; span: Span; rescale: number | null }
  | { kind: 'npz'; path: string; span: Span; key: string | null; rescale: number | null }
  | {
      kind: 'csv';
      path: string;
      span: Span;
      /** The label column (name or index, negative from the end) when the code says which it is. */
      labelColumn: string | number | null;
      delimiter: string | null;
      rescale: number | null;
    };

/**
 * Image pixels a fit trains on, when the code shows where they were loaded:
 * values 0–255 as a loader returns them, times what the code multiplied them by.
 */
export interface PixelInput {
  /** The factor the code applied since loading (x / 255 → 1/255); 1: as loaded. */
  scale: number;
  /** Where the images were loaded. */
  origin: Span;
  /** For messages: "the images of mnist.load_data()". */
  description: string;
  /** The argument that passes the array (x, or validation_data's first item) and its text as written; absent for a generator or dataset. */
  arg?: ArgInfo;
  written?: string;
  /** The ImageDataGenerator that yields them, where `rescale=` belongs. */
  generator?: CallSite;
  /** The array's shape, sample axis first, when known (null: an axis the analyzer cannot tell). */
  shape?: (number | null)[] | null;
}

/** An array passed to fit whose shape the analyzer knows without knowing its values (NumPy arrays built from known values). */
export interface ArrayInput {
  /** For messages: "an array from np.random.rand". */
  description: string;
  /** The argument that passes the array (x, or validation_data's first item) and its text as written. */
  arg: ArgInfo;
  written?: string;
  /** The array's shape, sample axis first (null: an axis the analyzer cannot tell). */
  shape: (number | null)[];
}

export interface FitInfo {
  call: CallSite;
  labels: LabelInfo | null;
  labelsArg?: ArgInfo;
  /** Data sources resolved for x (a directory dataset carries both x and y) and y, when known. */
  xSource?: DataSource;
  ySource?: DataSource;
  /** null when the callbacks list could not be resolved. */
  callbacks: CallbackInfo[] | null;
  /** null when it cannot be known (e.g. a dataset with unknown validation). */
  hasValidation: boolean | null;
  /** Image pixels in x, in the validation data and as targets (autoencoders), where the code shows them (see {@link PixelInput}). */
  pixels?: { x?: PixelInput; validation?: PixelInput; y?: PixelInput };
  /** Arrays of known shape in x and in the validation data that are not image pixels (see {@link ArrayInput}). */
  arrays?: { x?: ArrayInput; validation?: ArrayInput };
  conditional: boolean;
}

export type ModelKind = 'sequential' | 'functional' | 'subclassed';

export interface ModelIR {
  id: number;
  /** Variable or class name the user knows the model by. */
  name: string;
  kind: ModelKind;
  language: Language;
  /** The constructor call (`Sequential(...)`, `Model(...)`) or the class header. */
  span: Span;
  /** Every tensor in topological order, model inputs first. */
  nodes: TensorNode[];
  inputs: TensorNode[];
  outputs: TensorNode[];
  /** False when layers may be missing (an add() of something unresolvable, an unresolved graph). */
  complete: boolean;
  compile: CompileInfo | null;
  fits: FitInfo[];
  /**
   * A model whose input shape is not declared is built by its first call
   * (`net(keras.Input(shape=(28, 28, 1)))`, `augment(x)` in another graph):
   * that call, when it was made on a tensor. Keras builds it on that call's input shapes.
   */
  firstCall?: TensorNode;
  /**
   * A subclassed model, or a Sequential whose first layer declares no input
   * shape, built before any such call on data of a shape the code shows: a
   * first call, `fit` or `predict` on an array or a batched dataset of known shape. Batch
   * axis first (None where Keras builds on batches it makes). Not
   * `model.build(shape)`: Keras 3 leaves a subclassed model's layers unbuilt there.
   */
  builtInputShape?: (number | null)[];
  /**
   * The `train_step` its class overrides: fit hands that method the data, and
   * what it does with it (losses, labels, what it logs) is its own.
   */
  ownTrainStep?: Span;
}

/** Distinct layers of a model, in order of first use. */
export function modelLayers(model: ModelIR): LayerNode[] {
  const seen = new Set<LayerNode>();
  for (const node of model.nodes) seen.add(node.layer);
  return [...seen];
}
