/**
 * Model IR → ModelSpec: every layer, loss and optimizer the trainer will
 * rebuild, with literal argument values. Anything it cannot rebuild exactly is
 * refused with a message naming the layer (or listed as not reproduced, for
 * initialisers and regularisers given as objects).
 */
import type { CallSite, LayerNode, ModelIR, TensorNode } from '../analyzer/ir';
import { optimizerDefaultLearningRate } from '../analyzer/keras/catalog';
import { modelLabels } from '../analyzer/rules/facts';
import { badInput } from './errors';
import { LAYER_TABLE, type LayerRule } from './layer-table';
import { SUPPORTED_LOSSES } from './losses-supported';
import type { JsonValue, LabelSpec, ModelSpec, NodeSpec, OptimizerSpecJson } from './spec';
import { activationLiteral, argOf, kerasArgName, literal } from './values';

/** Arguments that give the input shape: the trainer reads them as the model input, not as layer config. */
const INPUT_SHAPE_ARGS = new Set([
  'input_shape',
  'batch_input_shape',
  'batch_shape',
  'input_dim',
  'input_length',
  'batch_size',
]);

const SUPPORTED_OPTIMIZERS: Record<string, string[]> = {
  sgd: ['momentum', 'nesterov'],
  adam: ['beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  rmsprop: ['rho', 'momentum', 'epsilon', 'centered'],
  adagrad: ['initial_accumulator_value', 'epsilon'],
  adadelta: ['rho', 'epsilon'],
  adamax: ['beta_1', 'beta_2', 'epsilon'],
};

/** Optimizer arguments that only stabilise training; reported when not reproduced. */
const OPTIMIZER_DETAILS = new Set([
  'weight_decay',
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
  'use_ema',
  'ema_momentum',
  'ema_overwrite_frequency',
  'loss_scale_factor',
  'gradient_accumulation_steps',
  'name',
  'decay',
]);

export interface SpecContext {
  /** 1-based line of an offset in the analysed text. */
  lineOf(offset: number): number;
  /** Shapes of the model inputs (without the batch axis), in the order of `staticInputShapes`. */
  inputShapes: number[][];
  /** The source text of a span. */
  textOf(span: { start: number; end: number }): string;
}

function where(layer: LayerNode, ctx: SpecContext): string {
  return `${layer.type} (line ${ctx.lineOf(layer.call.span.start)})`;
}

function layerConfig(layer: LayerNode, ctx: SpecContext, notReproduced: string[]): Record<string, JsonValue> {
  const rule: LayerRule | undefined = LAYER_TABLE[layer.type];
  if (!rule || !layer.known) {
    throw badInput(
      `cannot rebuild layer ${where(layer, ctx)}: the trainer has no TensorFlow.js translation for ${layer.known ? 'this Keras layer' : 'it (not a Keras built-in layer)'}, so it would train a different model`,
    );
  }
  const config: Record<string, JsonValue> = {};
  for (const [written, arg] of layer.call.args) {
    const name = kerasArgName(written);
    if (INPUT_SHAPE_ARGS.has(name) && !(layer.type === 'Embedding' && name === 'input_dim')) continue;
    const argRule = rule.args[name];
    if (!argRule)
      throw badInput(
        `cannot rebuild layer ${where(layer, ctx)}: argument \`${written}\` is not supported by the trainer`,
      );
    if (argRule.kind === 'ignored') continue;
    if (arg.fromSplat && arg.value.kind === 'unknown')
      throw badInput(
        `cannot rebuild layer ${where(layer, ctx)}: \`${written}\` comes from a **config the analyzer cannot read`,
      );
    if (argRule.kind === 'layer') {
      if (!layer.inner)
        throw badInput(`cannot rebuild layer ${where(layer, ctx)}: the wrapped layer is not known statically`);
      if (layer.inner.type === 'Bidirectional' || layer.inner.type === 'TimeDistributed')
        throw badInput(`cannot rebuild layer ${where(layer, ctx)}: nested wrappers are not supported`);
      config[name] = [layer.inner.type, layerConfig(layer.inner, ctx, notReproduced) as unknown as JsonValue];
      continue;
    }
    if (argRule.kind === 'activation') {
      const id = activationLiteral(arg.value);
      if (id === undefined)
        throw badInput(`cannot rebuild layer ${where(layer, ctx)}: activation \`${written}\` is not known statically`);
      config[name] = id;
      continue;
    }
    const value = literal(arg.value);
    if (argRule.detail) {
      if (typeof value === 'string' || value === null) config[name] = value;
      else notReproduced.push(`${name} of ${where(layer, ctx)}`);
      continue;
    }
    if (value === undefined)
      throw badInput(`cannot rebuild layer ${where(layer, ctx)}: \`${written}\` is not known statically`);
    config[name] = value;
  }
  return config;
}

export function modelToSpec(model: ModelIR, ctx: SpecContext): ModelSpec {
  if (!model.complete)
    throw badInput(`cannot rebuild model ${model.name}: some of its layers are not known statically`);
  if (model.outputs.length === 0)
    throw badInput(`cannot rebuild model ${model.name}: its outputs are not known statically`);
  if (model.outputs.length > 1)
    throw badInput(`cannot rebuild model ${model.name}: models with several outputs are not supported yet`);
  if (model.ownTrainStep)
    throw badInput(
      `cannot train model ${model.name} the way the code does: its class overrides train_step (line ${ctx.lineOf(model.ownTrainStep.start)}), which the trainer does not run`,
    );
  const notReproduced: string[] = [];
  const ids = new Map<TensorNode, string>();
  const inputs: ModelSpec['inputs'] = [];
  const nodes: NodeSpec[] = [];
  const layersSeen = new Set<LayerNode>();
  const concrete = model.nodes.find((n) => n.concrete);
  if (concrete)
    throw badInput(
      `cannot rebuild model ${model.name}: it applies a layer to ${concrete.concrete!.description} (line ${ctx.lineOf(concrete.layer.call.span.start)}), a tensor the code computes from numbers, which the trainer does not rebuild`,
    );
  const roots = model.nodes.filter((n) => n.inputs.length === 0);
  for (const node of model.nodes) {
    if (node.conditional || node.layer.conditional) {
      throw badInput(
        `cannot rebuild model ${model.name}: layer ${where(node.layer, ctx)} is added under a condition the analyzer cannot decide`,
      );
    }
    const rootIndex = roots.indexOf(node);
    if (rootIndex >= 0) {
      const id = `in${rootIndex}`;
      inputs.push({ id, shape: ctx.inputShapes[rootIndex] });
      if (node.layer.type === 'InputLayer') {
        ids.set(node, id);
        continue;
      }
    }
    if (node.output)
      throw badInput(
        `cannot rebuild layer ${where(node.layer, ctx)}: it gives several outputs (return_state, a model with several outputs), which the trainer does not rebuild`,
      );
    if (layersSeen.has(node.layer))
      throw badInput(
        `cannot rebuild layer ${where(node.layer, ctx)}: it is applied more than once (shared weights), which the trainer does not rebuild`,
      );
    layersSeen.add(node.layer);
    const id = `n${nodes.length}`;
    const config = layerConfig(node.layer, ctx, notReproduced);
    const from = rootIndex >= 0 ? [`in${rootIndex}`] : node.inputs.map((i) => ids.get(i) ?? '?');
    if (from.includes('?'))
      throw badInput(
        `cannot rebuild model ${model.name}: the graph around ${where(node.layer, ctx)} is not known statically`,
      );
    nodes.push({ id, type: node.layer.type, config, inputs: from, line: ctx.lineOf(node.layer.call.span.start) });
    ids.set(node, id);
  }
  if (inputs.length > 1)
    throw badInput(
      `cannot train model ${model.name}: models with several inputs are not supported yet (it has ${inputs.length})`,
    );
  const outputs = model.outputs.map((o) => ids.get(o));
  if (outputs.some((o) => !o)) throw badInput(`cannot rebuild model ${model.name}: its output is not known statically`);
  return {
    name: model.name,
    inputs,
    nodes,
    outputs: outputs as string[],
    ...compileSpec(model, ctx, notReproduced),
    labels: labelSpec(model),
    batchSize: batchSize(model),
    notReproduced,
    ...(fitsOnItsInputs(model, ctx) ? { targetsAreInputs: true } : {}),
  };
}

/** `fit(x, x)`: the same expression as inputs and targets (an autoencoder). */
function fitsOnItsInputs(model: ModelIR, ctx: SpecContext): boolean {
  return model.fits.some((fit) => {
    const x = argOf(fit.call, 'x');
    const y = argOf(fit.call, 'y');
    return !fit.conditional && !!x && !!y && ctx.textOf(x.arg.span).trim() === ctx.textOf(y.arg.span).trim();
  });
}

function compileSpec(
  model: ModelIR,
  ctx: SpecContext,
  notReproduced: string[],
): Pick<ModelSpec, 'loss' | 'optimizer' | 'metrics'> {
  const compile = model.compile;
  if (!compile)
    throw badInput(`cannot train model ${model.name}: it is never compiled, so there is no loss to train with`);
  if (compile.conditional)
    throw badInput(`cannot train model ${model.name}: it is compiled under a condition the analyzer cannot decide`);
  const line = ctx.lineOf(compile.call.span.start);
  const loss = compile.loss;
  if (!loss) throw badInput(`cannot train model ${model.name}: compile (line ${line}) has no loss`);
  const lossName = loss.written ?? loss.id ?? 'the loss';
  if (!loss.id || !SUPPORTED_LOSSES.has(loss.id))
    throw badInput(
      `cannot train model ${model.name}: loss ${lossName} (line ${line}) is not one the trainer can rebuild`,
    );
  if (loss.fromLogits === null)
    throw badInput(`cannot train model ${model.name}: from_logits of the loss (line ${line}) is not known statically`);
  let labelSmoothing = 0;
  if (loss.arg.value.kind === 'object') {
    for (const [written, arg] of loss.arg.value.call.args) {
      const name = kerasArgName(written);
      if (name === 'from_logits' || name === 'name') continue;
      if (name === 'label_smoothing' && arg.value.kind === 'number') labelSmoothing = arg.value.value;
      else notReproduced.push(`${name} of the loss`);
    }
  }
  const opt = compile.optimizer;
  let optimizer: OptimizerSpecJson;
  if (!opt)
    optimizer = {
      id: 'rmsprop',
      learningRate: 0.001,
      config: {},
      written: 'rmsprop (Keras default)',
      line,
      defaultLearningRate: 0.001,
    };
  else {
    const written = opt.written ?? opt.id ?? 'the optimizer';
    if (!opt.id || !SUPPORTED_OPTIMIZERS[opt.id])
      throw badInput(
        `cannot train model ${model.name}: optimizer ${written} (line ${line}) is not one the trainer can rebuild`,
      );
    if (opt.learningRate === null)
      throw badInput(
        `cannot train model ${model.name}: the learning rate of ${written} (line ${line}) is not known statically`,
      );
    const config: Record<string, JsonValue> = {};
    if (opt.arg.value.kind === 'object') {
      for (const [w, arg] of opt.arg.value.call.args) {
        const name = kerasArgName(w);
        if (name === 'learning_rate' || name === 'lr') continue;
        if (OPTIMIZER_DETAILS.has(name)) {
          notReproduced.push(`${name} of the optimizer`);
          continue;
        }
        if (!SUPPORTED_OPTIMIZERS[opt.id].includes(name))
          throw badInput(
            `cannot train model ${model.name}: argument \`${w}\` of ${written} (line ${line}) is not supported by the trainer`,
          );
        const value = literal(arg.value);
        if (value === undefined)
          throw badInput(
            `cannot train model ${model.name}: \`${w}\` of ${written} (line ${line}) is not known statically`,
          );
        config[name] = value;
      }
    }
    optimizer = {
      id: opt.id,
      learningRate: opt.learningRate,
      config,
      written,
      line,
      ...(opt.learningRateArg ? { learningRateGiven: true } : {}),
      ...(optimizerDefaultLearningRate(opt.id) !== null
        ? { defaultLearningRate: optimizerDefaultLearningRate(opt.id)! }
        : {}),
    };
  }
  const metrics = (compile.metrics ?? []).map((m) => m.id ?? m.written ?? '?');
  return {
    loss: {
      id: loss.id,
      fromLogits: loss.fromLogits,
      written: lossName,
      ...(labelSmoothing ? { labelSmoothing } : {}),
    },
    optimizer,
    metrics,
  };
}

function labelSpec(model: ModelIR): LabelSpec | null {
  const labels = modelLabels(model);
  // Multi-label targets are not generated or loaded as such yet: the trainer infers labels from the loss.
  if (!labels || labels.encoding === 'multi-hot') return null;
  return {
    encoding: labels.encoding,
    numClasses: labels.numClasses,
    singleColumn: !!labels.singleColumnIfBinary,
    source: labels.description,
    ...(labels.range ? { range: labels.range } : {}),
  };
}

function batchSize(model: ModelIR): number {
  for (const fit of model.fits) {
    const arg = argOf(fit.call as CallSite, 'batch_size');
    if (arg && arg.arg.value.kind === 'number' && arg.arg.value.isInt && arg.arg.value.value > 0)
      return arg.arg.value.value;
  }
  return 32;
}
