/**
 * The Keras model-construction layer both front ends share: what building a
 * layer, an input, a Sequential, a functional model, applying a layer (or a
 * whole model) to tensors and naming a model mean, once for every language.
 * Front ends bind a call's arguments their way (`Dense(1, activation=…)`,
 * `tf.layers.dense({units: 1, …})`) and hand the resulting call sites here;
 * ModelBuilder (model-builder.ts) turns the decisions into IR.
 */
import { arrayOf } from '../array-data';
import type { ArgInfo, AxisSize, CallSite, LayerNode, ModelIR, ModelKind, Span, TensorNode, Value } from '../ir';
import { CONCRETE_TENSOR, UNKNOWN } from '../ir';
import { DEFAULT_IMAGE_DATA_FORMAT, type ImageDataFormat } from '../keras/image-data-format';
import { legacyKeyword } from '../keras/legacy';
import { type AttachPoint, type ModelBuilder, tensorsOf } from '../model-builder';
import { ShapeInference } from '../shapes/infer';
import { declaredInput, isModelInput } from '../shapes/input';
import { MULTI_OUTPUT_OPERATIONS } from '../shapes/split';
import { BackboneInternals } from './backbone-internals';

/** What the construction layer needs to know about the code running now. */
export interface ConstructionHost {
  /** Code that may not run at all is running: what it builds is conditional. */
  readonly conditional: boolean;
  /** The user function building a model (a model is known by its builder's name), or null. */
  modelFunctionName(): string | null;
  /** The model a value stands for: a model, or an instance of a subclassed model. */
  modelOf(value: Value): ModelIR | null;
  /** The class of a user object that is neither a model nor a layer the front end built (an instance used as a layer). */
  userClassOf(value: Value): string | null;
  /** Writes session state through the flow engine, so branches that disagree leave it unknown. */
  write(store: Map<string, Value>, key: string, value: Value): void;
  /**
   * A layer was added to a Sequential as `added` (a Lambda runs its function on
   * what comes in, as Keras does to learn its output shape). Optional.
   */
  addedToSequential?(added: TensorNode): void;
  /**
   * A user's layer object added to a Sequential runs its `call()` on the
   * previous layer's output (`input`), as Keras does when it builds the
   * model: what it returned, and the weights it made of its own
   * (`add_weight`; null when unknown). Null when the object is not a layer whose call can be run. Optional.
   */
  traceUserLayer?(
    item: Value,
    input: TensorNode,
  ): { output: TensorNode; ownWeights: { trainable: number; nonTrainable: number } | null } | null;
  /**
   * A subclassed model was just built on data of a known shape
   * (ModelIR.builtInputShape) or first called on a tensor of one: the front
   * end may trace its `call` again on a tensor of that shape, so values its
   * code reads off shapes are known. Optional.
   */
  builtOnData?(model: ModelIR, shape: (number | null)[]): void;
}

/** More tensors than this from one call (`tf.unstack(x, num=10**6)`) are not followed: each would be a node. */
const MAX_CALL_OUTPUTS = 256;

/** The session's image data format, once set: a string, or unknown (see keras/image-data-format.ts). */
const IMAGE_DATA_FORMAT = 'image_data_format';
/** Any size works for telling variable axes apart; many small factors keep reshapes dividing. */
const VARIABLE_AXIS_PROBE = 720720;

/** How sure a model's name is: `name=` beats the class, which beats the builder function, then the variable. */
const NAME_GIVEN = 5;
const NAME_CLASS = 3;
const NAME_FUNCTION = 3;
const NAME_MODULE_VARIABLE = 2;
const NAME_LOCAL_VARIABLE = 1;

/** Where a layer element sits, for fixes that insert a layer before it (list element or `add` statement). */
type SequentialAttach = Extract<AttachPoint, { style: 'list' | 'add' }> | AttachPoint | null;

/** The tensors of nested lists of tensors, or null when any item is something else. */
function nestedTensors(v: Value, depth = 0): TensorNode[] | null {
  if (v.kind === 'tensor') return [v.node];
  if (v.kind !== 'sequence' || depth > 3) return null;
  const out: TensorNode[] = [];
  for (const item of v.items) {
    const inner = nestedTensors(item, depth + 1);
    if (!inner) return null;
    out.push(...inner);
  }
  return out;
}

export class ModelConstruction {
  private readonly namePriority = new Map<ModelIR, number>();
  /** Each model's constructor call, for the `name=` a nested use shows. */
  private readonly sites = new Map<ModelIR, CallSite>();
  /** The one layer a model becomes when it is used as a layer (Keras shares it between calls). */
  private readonly asLayer = new Map<ModelIR, LayerNode>();
  /** Subclassed models' classes: a nested use shows the class, whatever the model is called. */
  private readonly classNames = new Map<ModelIR, string>();
  /** Shapes of the tensors built so far, for code that reads `x.shape` while it builds (computed once per tensor). */
  private shapes: ShapeInference | null = null;
  /** The same with each None written in an input shape given a size, to tell the axes Keras leaves None. */
  private sizedShapes: ShapeInference | null = null;
  /** Keras session state the program sets while it runs (the image data format). */
  private readonly session = new Map<string, Value>();
  /** The tensors each multi-output call was split into (outputsOf). */
  private readonly outputs = new Map<TensorNode, TensorNode[]>();
  /** The symbolic inputs subclassed models' `call`s were traced with. */
  private readonly placeholders = new Set<TensorNode>();
  /** Models built from a keras.applications backbone's inner layers (`base.get_layer(name).output`). */
  readonly backbones = new BackboneInternals(this);

  constructor(
    readonly builder: ModelBuilder,
    private readonly host: ConstructionHost,
  ) {}

  private get conditional(): boolean {
    return this.host.conditional;
  }

  // ------------------------------------------------------------------ naming

  /** Names a model by the best evidence seen so far. */
  nameModel(model: ModelIR, name: string, priority: number): void {
    if (name && (this.namePriority.get(model) ?? 0) < priority) {
      model.name = name;
      this.namePriority.set(model, priority);
    }
  }

  /** A model assigned to a variable is known by the variable's name (when nothing better names it). */
  noticeAssignment(name: string, value: Value, moduleLevel: boolean): void {
    const model = this.host.modelOf(value);
    if (model) this.nameModel(model, name, moduleLevel ? NAME_MODULE_VARIABLE : NAME_LOCAL_VARIABLE);
  }

  // ----------------------------------------------------------------- layers

  /** A call site that is not written anywhere (a model used as a layer, a placeholder input). */
  fabricatedSite(at: Span, args: Map<string, ArgInfo> = new Map()): CallSite {
    return { span: at, calleeSpan: at, args, insert: { offset: at.end, prefix: '', suffix: '' } };
  }

  /** A layer of a framework class (`known`: one the analyzer models), with the wrapped layer of Bidirectional & co. */
  layer(type: string, known: boolean, site: CallSite): Value {
    const innerValue = site.args.get('layer')?.value;
    const inner = innerValue?.kind === 'layer' ? innerValue.layer : undefined;
    const layer = this.builder.newLayer(type, known, site, this.conditional, inner);
    // Keras reads the session's format when the layer is constructed.
    const format = this.imageDataFormat();
    if (format !== DEFAULT_IMAGE_DATA_FORMAT) layer.imageDataFormat = format;
    return { kind: 'layer', layer };
  }

  // ------------------------------------------------------------ session state

  /** The session's image data format now: Keras's default until the program sets it, null when set to what cannot be read. */
  imageDataFormat(): ImageDataFormat | null {
    const v = this.session.get(IMAGE_DATA_FORMAT);
    if (v === undefined) return DEFAULT_IMAGE_DATA_FORMAT;
    return v.kind === 'string' && (v.value === 'channels_first' || v.value === 'channels_last') ? v.value : null;
  }

  /** `K.set_image_data_format(…)` / `K.set_image_dim_ordering('th')`: null for a format that cannot be read. */
  setImageDataFormat(format: ImageDataFormat | null): void {
    this.host.write(this.session, IMAGE_DATA_FORMAT, format ? { kind: 'string', value: format } : UNKNOWN);
  }

  /** A layer nothing is known about but its name (a user's class, an unresolved item). */
  opaqueLayer(type: string, at: Span): LayerNode {
    return this.builder.newLayer(type, false, this.fabricatedSite(at), this.conditional);
  }

  /** `Input(shape=…)`: a model input tensor. */
  input(site: CallSite, at: Span): Value {
    const layer = this.builder.newLayer('InputLayer', true, site, this.conditional);
    return { kind: 'tensor', node: this.builder.apply(layer, [], at, this.conditional) };
  }

  /**
   * The layer a model becomes inside another model (`encoder(x)`, `model.add(base)`):
   * Keras shows it as one row named after the model, with all its weights.
   */
  modelAsLayer(model: ModelIR, at: Span): LayerNode {
    let layer = this.asLayer.get(model);
    if (!layer) {
      const type =
        model.kind === 'sequential'
          ? 'Sequential'
          : model.kind === 'functional'
            ? 'Functional'
            : (this.classNames.get(model) ?? model.name);
      const given = this.sites.get(model)?.args.get('name');
      const args = new Map<string, ArgInfo>();
      if (given) args.set('name', given);
      // Shapes computed through a model some of whose layers may not exist cannot be trusted either.
      const conditional = this.conditional || model.nodes.some((n) => n.conditional || n.layer.conditional);
      layer = this.builder.newLayer(type, false, this.fabricatedSite(at, args), conditional);
      layer.model = model;
      this.asLayer.set(model, layer);
    }
    return layer;
  }

  // ----------------------------------------------------------------- models

  /** A new model from its constructor call: named by `name=`, else by the function building it. */
  newModel(kind: ModelKind, site: CallSite | null, at: Span): ModelIR {
    const model = this.builder.newModel(kind, 'model', at);
    if (site) this.sites.set(model, site);
    const given = site?.args.get('name')?.value;
    if (given?.kind === 'string') this.nameModel(model, given.value, NAME_GIVEN);
    const fnName = this.host.modelFunctionName();
    if (fnName) this.nameModel(model, fnName, NAME_FUNCTION);
    return model;
  }

  /** `Sequential([...])` / `tf.sequential({layers: [...]})`; `opaqueArgs`: an unexpandable `*args`/`...spread`. */
  sequential(site: CallSite, at: Span, opaqueArgs: boolean): Value {
    const model = this.newModel('sequential', site, at);
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
    if (opaqueArgs) model.complete = false;
    return { kind: 'model', model };
  }

  /**
   * Appends `item` to a Sequential model: a layer, an `Input(...)`, a nested
   * model (one layer), a user object used as a layer; anything else leaves the
   * model incomplete.
   */
  addToSequential(model: ModelIR, item: Value, at: Span, attach: SequentialAttach): void {
    const cond = this.conditional;
    let added: TensorNode;
    if (item.kind === 'tensor' && item.node.layer.type === 'InputLayer') {
      added = this.builder.addToSequential(model, item.node, at, cond);
    } else if (item.kind === 'layer' && item.layer.type === 'InputLayer') {
      added = this.builder.addToSequential(model, this.builder.apply(item.layer, [], at, cond), at, cond);
    } else if (item.kind === 'layer') {
      added = this.builder.addToSequential(model, item.layer, at, cond);
      this.host.addedToSequential?.(added);
    } else {
      const nested = this.host.modelOf(item);
      const userClass = nested ? null : this.host.userClassOf(item);
      let layer: LayerNode;
      if (nested && nested !== model) layer = this.modelAsLayer(nested, at);
      else {
        if (!userClass) model.complete = false;
        layer = this.opaqueLayer(userClass ?? 'Unknown', at);
      }
      added = this.builder.addToSequential(model, layer, at, cond);
      const input = added.inputs[0] ?? (userClass ? this.standInInput(added, at) : undefined);
      const traced = userClass && input ? this.host.traceUserLayer?.(item, input) : null;
      if (traced) {
        added.traced = traced.output;
        layer.userClass = { ownWeights: traced.ownWeights };
      }
    }
    if (attach) this.builder.attachPoints.set(added, attach);
  }

  /** What the first layer of a Sequential without an Input receives, once the model is built (TensorNode.inputOf). */
  private standInInput(first: TensorNode, at: Span): TensorNode {
    const layer = this.builder.newLayer('InputLayer', true, this.fabricatedSite(at), false);
    const node = this.builder.apply(layer, [], at, false);
    node.inputOf = first;
    return node;
  }

  /** `Model(inputs, outputs)` / `tf.model({inputs, outputs})`. */
  functional(site: CallSite, at: Span): Value {
    const model = this.newModel('functional', site, at);
    // Keras 1/2's Model(input=…, output=…) (keras/legacy.ts).
    const arg = (name: string) =>
      site.args.get(name)?.value ?? legacyKeyword('Model', name, (k) => site.args.get(k)?.value) ?? UNKNOWN;
    // Keras flattens nested inputs (`inputs=[backbone.inputs]`).
    const inputs = tensorsOf(arg('inputs')) ?? nestedTensors(arg('inputs'));
    const outputs = tensorsOf(arg('outputs'));
    if (outputs) this.builder.setGraph(model, inputs ?? [], outputs);
    if (!inputs || !outputs) model.complete = false;
    return { kind: 'model', model };
  }

  /**
   * `Net(inputs, outputs)` where `class Net(keras.Model)` has no `__init__` of
   * its own: Keras builds a functional model of that class (Model.__init__
   * looks for inputs and outputs), so a nested use shows the class.
   */
  functionalOfClass(className: string, site: CallSite, at: Span): Value {
    const value = this.functional(site, at);
    if (value.kind === 'model') {
      this.classNames.set(value.model, className);
      this.nameModel(value.model, className, NAME_CLASS);
    }
    return value;
  }

  /** A subclassed model (`class Net(keras.Model)`), known by its class name. */
  subclassed(className: string, at: Span): ModelIR {
    const model = this.builder.newModel('subclassed', className, at);
    this.classNames.set(model, className);
    this.nameModel(model, className, NAME_CLASS);
    return model;
  }

  /**
   * The graph of a subclassed model from its traced `call()`: `input` is the
   * symbolic tensor it was called with, `result` what it returned.
   */
  setTracedGraph(model: ModelIR, input: TensorNode, result: Value): void {
    const outputs = tensorsOf(result);
    if (outputs) this.builder.setGraph(model, this.outputs.get(input) ?? [input], outputs);
    else model.complete = false;
  }

  /** A symbolic input for tracing code that receives a tensor of unknown shape (a subclassed model's call). */
  placeholderInput(at: Span, args: Map<string, ArgInfo> = new Map()): TensorNode {
    const layer = this.builder.newLayer('InputLayer', true, this.fabricatedSite(at, args), false);
    const node = this.builder.apply(layer, [], at, false);
    this.placeholders.add(node);
    return node;
  }

  /**
   * A symbolic tensor of data a `tf.data` pipeline yields, of `shape` (its
   * first axis the batch's once the dataset is batched): what a dataset's
   * `map` function is run on, as tf.data traces it, and what a model fitted
   * on the dataset is built on. Not a model input: no model holds it.
   */
  dataTensor(shape: (number | null)[], at: Span): TensorNode {
    const dims = shape.map((d): Value => (d === null ? { kind: 'none' } : { kind: 'number', value: d, isInt: true }));
    const value: Value = { kind: 'sequence', items: dims, tuple: true };
    const arg: ArgInfo = { value, span: at, removal: at, literal: false };
    const layer = this.builder.newLayer(
      'InputLayer',
      true,
      this.fabricatedSite(at, new Map([['batch_shape', arg]])),
      false,
    );
    return this.builder.apply(layer, [], at, false);
  }

  /**
   * `layer(x)`, `model(x)`, `layer.apply(x)`: a new tensor in the functional
   * graph. `input` is the value passed; when it holds no tensors the call is
   * eager use (`'unknown'`: nothing is built) or a graph whose start is unknown
   * (`'placeholder'`: the layer hangs off an unknown input, so it is still seen).
   */
  apply(
    target: Value,
    input: Value | undefined,
    at: Span,
    inputSpan: Span | null,
    whenNoTensors: 'unknown' | 'placeholder',
  ): Value {
    const cond = this.conditional;
    let layer: LayerNode;
    if (target.kind === 'layer') layer = target.layer;
    else {
      const nested = this.host.modelOf(target);
      layer = nested ? this.modelAsLayer(nested, at) : this.opaqueLayer('Unknown', at);
    }
    let inputs = input ? (tensorsOf(input) ?? this.concreteInputs(input, inputSpan ?? at)) : null;
    // Called on tensors, a model is built on their shapes; on an array of known shape, on that.
    const called = inputs !== null;
    const array = input && layer.model && !called ? arrayOf(input) : null;
    if (array && layer.model) this.builtOn(layer.model, array.shape);
    // A list some of whose items are not tensors (a value joined at a branch, an unknown call):
    // the known ones stay inputs, so the layers upstream of them stay in the graph.
    if (!inputs && input?.kind === 'sequence' && input.items.some((v) => v.kind === 'tensor')) {
      const where = inputSpan ?? at;
      inputs = input.items.map(
        (v) =>
          (v.kind === 'tensor' ? v.node : this.concreteTensor(v, where)) ??
          this.builder.apply(this.opaqueLayer('Unknown', where), [], where, cond),
      );
    }
    if (!inputs) {
      if (whenNoTensors === 'unknown') return UNKNOWN;
      const where = inputSpan ?? at;
      inputs = [this.builder.apply(this.opaqueLayer('Unknown', where), [], where, cond)];
    }
    const tensor = this.builder.apply(layer, inputs, at, cond);
    if (inputSpan) this.builder.attachPoints.set(tensor, { style: 'apply', span: inputSpan });
    if (layer.model && called && !layer.model.firstCall && !layer.model.builtInputShape) {
      layer.model.firstCall = tensor;
      const shape = layer.model.kind === 'subclassed' && inputs.length === 1 ? this.knownShape(inputs[0]) : null;
      if (shape && !this.conditional) this.host.builtOnData?.(layer.model, shape);
    }
    // A model with several outputs called like a layer gives a list of tensors, one per output.
    const several =
      layer.model && layer.model.outputs.length > 1 ? this.outputsOf(tensor, layer.model.outputs.length) : null;
    if (several)
      return { kind: 'sequence', items: several.map((node): Value => ({ kind: 'tensor', node })), tuple: false };
    return { kind: 'tensor', node: tensor };
  }

  /**
   * A layer applied to concrete tensors (`self.pos_emb(tf.range(n))`): each
   * becomes a graph node of its own shape, without a batch axis. Null unless
   * every item is one.
   */
  private concreteInputs(input: Value, at: Span): TensorNode[] | null {
    const items = input.kind === 'sequence' ? input.items : [input];
    const nodes = items.map((item) => this.concreteTensor(item, at));
    return items.length > 0 && nodes.every((n) => n !== null) ? (nodes as TensorNode[]) : null;
  }

  /**
   * The node of a concrete tensor (an array each axis of which is known, or
   * the size of a symbolic tensor's axis), or null for any other value.
   */
  private concreteTensor(value: Value, at: Span): TensorNode | null {
    const array = arrayOf(value);
    const shape = array?.shape.map((d, i) => d ?? array.sizes?.[i] ?? null);
    if (!array || !shape || shape.some((d) => d === null)) return null;
    const layer = this.builder.newLayer(CONCRETE_TENSOR, true, this.fabricatedSite(array.origin), this.conditional);
    const node = this.builder.apply(layer, [], at, this.conditional);
    node.concrete = { shape: shape as (number | AxisSize)[], description: array.description };
    return node;
  }

  /**
   * A tensor operation applied in a graph (`x + y`, `keras.ops.reshape(x, …)`,
   * `tf.nn.swish(x)`): one node whose layer is the class Keras records for it
   * (`type`; `TFOpLambda` where Keras 3 refuses it or the analyzer does not
   * know it), `operation` its canonical path, its arguments by parameter name.
   * The node's inputs are the tensors among the arguments, the parameters in
   * `order` first (a list's items in order), so shapes/operation-kind.ts reads
   * them back. Undefined when no argument is a tensor (eager code, data).
   */
  operation(path: string, type: string, site: CallSite, order: readonly string[], at: Span): Value | undefined {
    const names = [
      ...order.filter((n) => site.args.has(n)),
      ...[...site.args.keys()].filter((n) => !order.includes(n)),
    ];
    const inputs: TensorNode[] = [];
    const collect = (v: Value, depth: number) => {
      if (v.kind === 'tensor') inputs.push(v.node);
      else if (v.kind === 'sequence' && depth < 2) for (const item of v.items) collect(item, depth + 1);
    };
    for (const name of names) collect(site.args.get(name)!.value, 0);
    if (inputs.length === 0) return undefined;
    const layer = this.builder.newLayer(type, true, site, this.conditional);
    layer.operation = path;
    return { kind: 'tensor', node: this.builder.apply(layer, inputs, at, this.conditional) };
  }

  /**
   * `out, h, c = lstm(x)`, `c3, c4, c5 = backbone(x)`: the `count` tensors of a
   * call that gives several, one node each (see TensorNode.output); shape
   * inference decides whether the call really gives that many. Null for what
   * cannot give several tensors: a model input, an operation that gives one, a call
   * already split or of an unknown layer. The same call unpacked again gives the same nodes.
   */
  outputsOf(call: TensorNode, count: number): TensorNode[] | null {
    const layer = call.layer;
    if (count < 1 || count > MAX_CALL_OUTPUTS) return null;
    if (this.placeholders.has(call)) return this.placeholderParts(call, count);
    if (call.output || call.inputs.length === 0) return null;
    if (layer.operation ? !Object.hasOwn(MULTI_OUTPUT_OPERATIONS, layer.operation) : false) return null;
    if (!layer.operation && !layer.model && !(layer.known && layer.type !== 'InputLayer')) return null;
    const seen = this.outputs.get(call);
    if (seen) return seen.length === count ? seen : null;
    const nodes = Array.from({ length: count }, (_, index) => {
      const node = this.builder.apply(layer, call.inputs, call.span, call.conditional);
      node.output = { index, count };
      return node;
    });
    const attach = this.builder.attachPoints.get(call);
    if (attach) for (const node of nodes) this.builder.attachPoints.set(node, attach);
    this.outputs.set(call, nodes);
    return nodes;
  }

  /**
   * `node_states, edges = inputs` in a subclassed model's `call`: the model is
   * called with a list, each item an input of its own (of unknown shape until
   * it is called). The model's inputs become these parts.
   */
  private placeholderParts(placeholder: TensorNode, count: number): TensorNode[] | null {
    const seen = this.outputs.get(placeholder);
    if (seen) return seen.length === count ? seen : null;
    const parts = Array.from({ length: count }, () => this.placeholderInput(placeholder.span));
    this.outputs.set(placeholder, parts);
    return parts;
  }

  /**
   * A model built on data of a known shape before any call on tensors
   * (`model(np.zeros((1, 28, 28, 1)))`, `fit`/`predict` on an array or a
   * batched dataset): a subclassed model, or a Sequential whose first layer
   * declares no input shape. Keras builds it once, so only the first counts; a
   * build that may not run is not used.
   */
  builtOn(model: ModelIR, shape: (number | null)[]): void {
    if (model.firstCall || model.builtInputShape || this.conditional) return;
    if (model.kind === 'sequential') {
      const first = model.nodes.find(isModelInput);
      if (!first || declaredInput(first)) return;
    } else if (model.kind !== 'subclassed') return;
    model.builtInputShape = shape;
    if (model.kind === 'subclassed') this.host.builtOnData?.(model, shape);
  }

  /**
   * `decoder_lstm(x, initial_state=[h, c])` / `.apply(x, {initialState: [h, c]})`:
   * Keras and tfjs make the states inputs of the call too, so the layers that
   * computed them belong to the model. The shape still comes from `x` (the first input).
   */
  addInitialState(applied: Value, target: Value, states: Value | undefined): void {
    const tensors = states && target.kind === 'layer' ? tensorsOf(states) : null;
    if (applied.kind === 'tensor' && tensors) applied.node.inputs.push(...tensors);
  }

  /** `layer.trainable = …` (a backbone frozen for transfer learning): a model used as a layer freezes that layer. */
  setTrainable(target: Value, value: Value): void {
    const nested = this.host.modelOf(target);
    const layer = target.kind === 'layer' ? target.layer : nested ? this.asLayer.get(nested) : undefined;
    if (!layer) return;
    layer.trainable = value.kind === 'bool' && !this.conditional ? value.value : null;
    // A layer inside a backbone (fine-tuning its last blocks): the backbone's weights are then split in a way not followed.
    if (layer.backboneLayer) layer.backboneLayer.backbone.trainable = null;
  }

  /**
   * Drops the shapes computed so far. A subclassed model traced again on data
   * calls the models it uses as layers again (`self.augment(images)`): the
   * shapes worked out from the first, provisional trace (its input unknown, and
   * a nested Sequential built by that call) must not stand for the new one.
   */
  forgetShapes(): void {
    this.shapes = null;
    this.sizedShapes = null;
  }

  /**
   * `x.shape`, `K.int_shape(x)`, `keras.ops.shape(x)` of a symbolic tensor, as
   * Keras gives it while the model is built: a tuple whose batch axis is None,
   * and None for each axis Keras leaves variable (it comes from a None the code
   * writes in an input shape: the axis has a size once each such None is given
   * one). Any other dimension the analyzer cannot work out is unknown; an
   * unknown rank is unknown.
   */
  tensorShape(node: TensorNode): Value {
    this.shapes ??= new ShapeInference([]);
    const shape = this.shapes.outputShape(node);
    if (!shape) return UNKNOWN;
    let sized: (number | null)[] | null | undefined;
    const variable = (i: number) => {
      if (sized === undefined) {
        this.sizedShapes ??= new ShapeInference([], { variableAxesAs: VARIABLE_AXIS_PROBE });
        sized = this.sizedShapes.outputShape(node);
      }
      return sized?.length === shape.length && sized[i] !== null;
    };
    return {
      kind: 'sequence',
      items: shape.map(
        (d, i): Value =>
          d !== null ? { kind: 'number', value: d, isInt: true } : i === 0 || variable(i) ? { kind: 'none' } : UNKNOWN,
      ),
      tuple: true,
    };
  }

  /**
   * `states = lstm(x)` then `states[1]`: output `index` of a call that gives
   * several tensors (negative from the end), when the graph so far tells how
   * many; null otherwise (the subscript is then an operation on the tensor).
   */
  outputAt(call: TensorNode, index: number): TensorNode | null {
    this.shapes ??= new ShapeInference([]);
    const count = call.output ? null : this.shapes.outputCount(call);
    if (count === null || index < -count || index >= count) return null;
    return this.outputsOf(call, count)?.[index < 0 ? index + count : index] ?? null;
  }

  /** A tensor's shape as far as the graph built so far tells (batch axis first), or null. */
  knownShape(node: TensorNode): (number | null)[] | null {
    this.shapes ??= new ShapeInference([]);
    return this.shapes.outputShape(node);
  }

  /** `(None, 28, 28, 1)` for a tensor of that shape; axes the analyzer cannot tell are unknown values. */
  private shapeTuple(node: TensorNode): Value {
    const shape = this.knownShape(node);
    if (!shape || shape.length === 0) return UNKNOWN;
    const items: Value[] = shape.map((d, i) =>
      i === 0 ? { kind: 'none' } : d === null ? UNKNOWN : { kind: 'number', value: d, isInt: true },
    );
    return { kind: 'sequence', items, tuple: true };
  }

  /** `layer.output` of a layer whose inputs are not known: a tensor at the start of a graph. */
  layerOutput(layer: LayerNode, at: Span): Value {
    return { kind: 'tensor', node: this.builder.apply(layer, [], at, this.conditional) };
  }

  /**
   * `layer.output` / `layer.input` of a layer applied once in a graph: that
   * call's tensors (Keras refuses both for a layer called several times).
   * A layer never applied has an output at the start of a graph of its own.
   * Null for any other attribute.
   */
  layerAttribute(layer: LayerNode, name: string, at: Span): Value | null {
    if (name !== 'output' && name !== 'input') return null;
    const applied = this.builder.applicationsOf(layer);
    if (applied.length === 0) return name === 'output' ? this.layerOutput(layer, at) : UNKNOWN;
    const calls = new Set(applied.map((n) => `${n.span.start}:${n.span.end}`));
    const node = applied[0];
    if (calls.size !== 1 || node.output || node.conditional) return UNKNOWN;
    if (name === 'output') return { kind: 'tensor', node };
    if (node.inputs.length === 0) return UNKNOWN;
    return node.inputs.length === 1
      ? { kind: 'tensor', node: node.inputs[0] }
      : { kind: 'sequence', items: node.inputs.map((n) => ({ kind: 'tensor', node: n }) as Value), tuple: false };
  }

  /**
   * `model.get_layer("head")` / `model.getLayer('head')` / `get_layer(index=-1)`:
   * the layer of the model with that `name=` (names Keras makes up are not
   * followed), or at that index of `model.layers`; UNKNOWN otherwise.
   */
  layerOfModel(model: ModelIR, name: Value | undefined, index: Value | undefined): Value {
    const layers = [...new Set(model.nodes.map((n) => n.layer))].filter((l) => l.type !== 'InputLayer');
    if (name?.kind === 'string') {
      const named = layers.filter((l) => {
        const given = l.call.args.get('name')?.value;
        return given?.kind === 'string' && given.value === name.value;
      });
      return named.length === 1 && model.complete ? { kind: 'layer', layer: named[0] } : UNKNOWN;
    }
    if (index?.kind === 'number' && index.isInt && model.complete) {
      const layer = layers.at(index.value);
      return layer ? { kind: 'layer', layer } : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** `model.layers`, `model.inputs`, `model.output`…: what Keras gives, or null for anything else (a method). */
  modelAttribute(model: ModelIR, name: string): Value | null {
    switch (name) {
      case 'layers':
        return {
          kind: 'sequence',
          items: [...new Set(model.nodes.map((n) => n.layer))]
            .filter((l) => l.type !== 'InputLayer')
            .map((layer) => ({ kind: 'layer', layer }) as Value),
          tuple: false,
        };
      case 'outputs':
      case 'inputs': {
        const nodes = name === 'outputs' ? model.outputs : model.inputs;
        return { kind: 'sequence', items: nodes.map((node) => ({ kind: 'tensor', node }) as Value), tuple: false };
      }
      case 'output':
      case 'input': {
        const node = (name === 'output' ? model.outputs : model.inputs)[0];
        return node ? { kind: 'tensor', node } : UNKNOWN;
      }
      case 'input_shape':
      case 'output_shape': {
        // A tuple per tensor (a list of them for several), the batch axis None.
        const nodes = name === 'output_shape' ? model.outputs : model.inputs;
        const tuples = nodes.map((node) => this.shapeTuple(node));
        if (tuples.length === 0) return UNKNOWN;
        return tuples.length === 1 ? tuples[0] : { kind: 'sequence', items: tuples, tuple: false };
      }
      default:
        return null;
    }
  }
}
