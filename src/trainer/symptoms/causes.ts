/**
 * From symptoms to their likely causes, each with its evidence from the code
 * (the learning rate it gives, the output's activation, the initialisers) or
 * from the data trained on (the range of the inputs), and, where the fix is
 * mechanical, the fix to train side by side: learning rate ÷ 10, rescaled
 * inputs, He initialisation for ReLU layers, relu instead of sigmoid/tanh in
 * hidden layers. Pure.
 */
import type { Symptom, SymptomKind } from '../protocol';
import type { ModelSpec, NodeSpec } from '../spec';
import { ACTIVATED_LAYER, layerLabel, watchedActivation } from './layers';

export type MechanicalFix = 'lower-learning-rate' | 'rescale-inputs' | 'he-initializer' | 'relu-hidden';

/** What the inputs trained on look like (the synthetic data or the user's sample). */
export interface InputRange {
  min: number;
  max: number;
  meanAbs: number;
  /** Token ids for an Embedding: their range says nothing about scaling. */
  tokens: boolean;
}

export interface LikelyCause {
  /** The symptoms it may explain. */
  explains: SymptomKind[];
  /** The cause in a few words ("the learning rate"). */
  cause: string;
  /** What in the code or the data points to it, with the line and the numbers. */
  evidence: string;
  /** The mechanical fix that tests it, when there is one. */
  fix?: MechanicalFix;
}

/**
 * Inputs this large on average, or any this large, reach the first layer
 * unscaled (pixel values 0–255, prices, raw counts); standardised inputs
 * average about 0.8 in size and rarely exceed 5.
 */
const UNSCALED_MEAN_ABOVE = 3;
const UNSCALED_ANY_ABOVE = 100;
/** Layers that rescale or normalise what follows them, so raw inputs are fine before them. */
const NORMALISING = new Set(['Rescaling', 'Normalization', 'BatchNormalization', 'LayerNormalization']);

const num = (x: number) => `${+x.toPrecision(3)}`;

function firstLayer(spec: ModelSpec): NodeSpec | undefined {
  return spec.nodes.find((n) => n.inputs.includes(spec.inputs[0]?.id));
}

function inputsUnscaled(spec: ModelSpec, input: InputRange): boolean {
  if (input.tokens) return false;
  const first = firstLayer(spec);
  if (first && NORMALISING.has(first.type)) return false;
  return input.meanAbs > UNSCALED_MEAN_ABOVE || Math.max(Math.abs(input.min), Math.abs(input.max)) > UNSCALED_ANY_ABOVE;
}

/** Layers with a kernel whose output goes through a ReLU (their own activation, or an Activation/ReLU layer right after). */
function reluKernelLayers(spec: ModelSpec): NodeSpec[] {
  const out: NodeSpec[] = [];
  for (const node of spec.nodes) {
    if (!ACTIVATED_LAYER.test(node.type)) continue;
    const own = watchedActivation(node) === 'relu';
    const next = spec.nodes.filter((n) => n.inputs.includes(node.id));
    const after = next.length === 1 && watchedActivation(next[0]) === 'relu' && !ACTIVATED_LAYER.test(next[0].type);
    if (own || after) out.push(node);
  }
  return out;
}

const initializerOf = (node: NodeSpec) =>
  typeof node.config.kernel_initializer === 'string' ? node.config.kernel_initializer : null;

/** Hidden layers (not the output) that apply sigmoid or tanh. */
function saturatingHidden(spec: ModelSpec): NodeSpec[] {
  return spec.nodes.filter((n) => {
    const a = watchedActivation(n);
    return (a === 'sigmoid' || a === 'tanh') && !spec.outputs.includes(n.id);
  });
}

function outputNode(spec: ModelSpec): NodeSpec | undefined {
  return spec.nodes.find((n) => n.id === spec.outputs[0]);
}

const CAUSES_OF: Record<SymptomKind, string[]> = {
  'non-finite': ['learning-rate', 'unscaled'],
  'exploding-gradient': ['learning-rate', 'unscaled'],
  'oscillating-loss': ['learning-rate'],
  'dead-relu': ['learning-rate', 'unscaled', 'initializer'],
  saturated: ['unscaled', 'sigmoid-hidden', 'output-activation', 'learning-rate'],
  'vanishing-gradient': ['sigmoid-hidden', 'initializer'],
  'loss-at-chance': ['learning-rate', 'unscaled', 'output-activation'],
  'constant-predictions': ['output-activation', 'learning-rate', 'unscaled'],
  'majority-accuracy': ['output-activation', 'learning-rate', 'unscaled'],
};

const LR_AT_ANY_RATE = new Set<SymptomKind>(['non-finite', 'exploding-gradient', 'oscillating-loss']);

export function likelyCauses(
  symptoms: Symptom[],
  spec: ModelSpec,
  input: InputRange,
  /** The data the code loads, when it was trained on: where, and whether the code rescales it. */
  loaded?: { described: string; rescale: number | null },
): LikelyCause[] {
  const found = new Map<string, LikelyCause>();
  const add = (key: string, kind: SymptomKind, make: () => Omit<LikelyCause, 'explains'> | null) => {
    const existing = found.get(key);
    if (existing) {
      if (!existing.explains.includes(kind)) existing.explains.push(kind);
      return;
    }
    const made = make();
    if (made) found.set(key, { explains: [kind], ...made });
  };
  const opt = spec.optimizer;
  const aboveDefault = opt.defaultLearningRate !== undefined && opt.learningRate > opt.defaultLearningRate;
  const notTiny = opt.defaultLearningRate === undefined || opt.learningRate >= opt.defaultLearningRate / 10;
  for (const symptom of symptoms) {
    for (const key of CAUSES_OF[symptom.kind]) {
      // Any rate that is not tiny can make the loss blow up or oscillate; for the other symptoms only one above the default is suspect.
      const lrSuspect = LR_AT_ANY_RATE.has(symptom.kind) ? notTiny : aboveDefault;
      if (key === 'learning-rate' && !lrSuspect) continue;
      if (key === 'learning-rate')
        add(key, symptom.kind, () => {
          const where = opt.line ? ` (compile, line ${opt.line})` : '';
          const vsDefault =
            opt.defaultLearningRate && opt.learningRate !== opt.defaultLearningRate
              ? `, ${num(opt.learningRate / opt.defaultLearningRate)}× Keras's default ${num(opt.defaultLearningRate)} for ${opt.id}`
              : '';
          return {
            cause: 'the learning rate',
            evidence: opt.learningRateGiven
              ? `the code sets the learning rate to ${num(opt.learningRate)} in ${opt.written}${where}${vsDefault}`
              : `${opt.written}${where} trains with the default learning rate ${num(opt.learningRate)}`,
            fix: 'lower-learning-rate',
          };
        });
      else if (key === 'unscaled')
        add(key, symptom.kind, () =>
          inputsUnscaled(spec, input)
            ? {
                cause: 'unscaled inputs',
                evidence: `the inputs range from ${num(input.min)} to ${num(input.max)} (mean |x| ${num(input.meanAbs)}) and the model's first layer${firstLayer(spec) ? `, ${layerLabel(firstLayer(spec)!)},` : ''} does not rescale them${loaded && loaded.rescale === null ? `; the code loads ${loaded.described} and does not rescale it either` : ''}`,
                fix: 'rescale-inputs',
              }
            : null,
        );
      else if (key === 'initializer')
        add(key, symptom.kind, () => {
          const layers = reluKernelLayers(spec).filter((n) => !/^he_/.test(initializerOf(n) ?? ''));
          if (!layers.length) return null;
          const inits = [...new Set(layers.map((n) => initializerOf(n) ?? 'glorot_uniform (the default)'))];
          return {
            cause: 'the initialisation of the ReLU layers',
            evidence: `${layers.map(layerLabel).slice(0, 3).join(', ')}${layers.length > 3 ? ` and ${layers.length - 3} more` : ''} ${layers.length === 1 ? 'feeds' : 'feed'} a ReLU but ${layers.length === 1 ? 'uses' : 'use'} ${inits.join(', ')}; He initialisation keeps ReLU activations from shrinking or dying`,
            fix: 'he-initializer',
          };
        });
      else if (key === 'sigmoid-hidden')
        add(key, symptom.kind, () => {
          const layers = saturatingHidden(spec);
          if (!layers.length) return null;
          return {
            cause: 'sigmoid or tanh in hidden layers',
            evidence: `${layers
              .slice(0, 2)
              .map((n) => `${layerLabel(n)} applies ${watchedActivation(n)}`)
              .join(
                ', ',
              )}${layers.length > 2 ? ` and ${layers.length - 2} more hidden layers do the same` : ' in a hidden layer'}; the derivative of ${layers.some((n) => watchedActivation(n) === 'sigmoid') ? 'sigmoid is at most 0.25' : 'tanh is at most 1'} and near 0 when saturated, so the gradient shrinks layer after layer`,
            fix: 'relu-hidden',
          };
        });
      else if (key === 'output-activation')
        add(key, symptom.kind, () => {
          const out = outputNode(spec);
          if (!out) return null;
          const activation = watchedActivation(out);
          const units = typeof out.config.units === 'number' ? out.config.units : null;
          if (activation === 'softmax' && units === 1)
            return {
              cause: 'the output activation',
              evidence: `the output layer ${layerLabel(out)} applies softmax to 1 unit, which is 1.0 whatever the input`,
            };
          // Otherwise the output activation is only evidence when that output is the layer found saturated.
          if (!activation || symptom.kind !== 'saturated' || symptom.layer !== layerLabel(out)) return null;
          return {
            cause: 'the output activation',
            evidence: `the output layer ${layerLabel(out)} applies ${activation}${units ? ` to ${units} unit${units === 1 ? '' : 's'}` : ''} with the loss ${spec.loss.written}`,
          };
        });
    }
  }
  return [...found.values()];
}

/** The id of the layer the "rescale the inputs" fix puts first. */
export const RESCALE_NODE = 'rescale-inputs';

/** A fixed variant of the model for a mechanical fix, with its label; null when it changes nothing. */
export function applyMechanicalFix(
  spec: ModelSpec,
  fix: MechanicalFix,
  input: InputRange,
): { label: string; spec: ModelSpec } | null {
  const copy: ModelSpec = JSON.parse(JSON.stringify(spec));
  switch (fix) {
    case 'lower-learning-rate': {
      const lr = copy.optimizer.learningRate;
      copy.optimizer.learningRate = lr / 10;
      copy.optimizer.learningRateGiven = true;
      return { label: `Learning rate ${num(lr)} → ${num(lr / 10)}`, spec: copy };
    }
    case 'rescale-inputs': {
      if (!inputsUnscaled(spec, input)) return null;
      const pixels = input.min >= 0 && input.max <= 255;
      const inputId = copy.inputs[0].id;
      const first = firstLayer(copy);
      const node: NodeSpec = {
        // An id of its own: the other layers keep theirs, so they still start from the same initial weights.
        id: RESCALE_NODE,
        type: pixels ? 'Rescaling' : 'Normalization',
        config: pixels ? { scale: 1 / 255 } : {},
        inputs: [inputId],
        line: first?.line ?? 0,
      };
      for (const n of copy.nodes) n.inputs = n.inputs.map((i) => (i === inputId ? node.id : i));
      copy.nodes.unshift(node);
      return { label: pixels ? 'Rescale the inputs (÷ 255)' : 'Standardise the inputs (Normalization)', spec: copy };
    }
    case 'he-initializer': {
      const layers = reluKernelLayers(copy).filter((n) => !/^he_/.test(initializerOf(n) ?? ''));
      if (!layers.length) return null;
      for (const n of layers) n.config.kernel_initializer = 'he_normal';
      return { label: 'He initialisation for the ReLU layers', spec: copy };
    }
    case 'relu-hidden': {
      const layers = saturatingHidden(copy);
      if (!layers.length) return null;
      for (const n of layers) n.config.activation = 'relu';
      return {
        label: `relu instead of ${[...new Set(layers.map((n) => watchedActivation(spec.nodes.find((m) => m.id === n.id)!)))].join('/')} in hidden layers`,
        spec: copy,
      };
    }
  }
}
