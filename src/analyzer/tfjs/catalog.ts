/**
 * Facts about TensorFlow.js read from the installed package
 * (tools/tfjs-catalog.ts), and how tfjs names map onto the canonical Keras ids
 * the IR and the rules use. Whether a name is accepted is decided only here.
 */
import { isKerasMetricString, lossIdFor } from '../keras/catalog';
import catalogJson from './catalog.json';
import { camelCase, snakeCase } from './names';

/** Shape of catalog.json (written by tools/tfjs-catalog.ts). */
export interface TfjsCatalog {
  tfjsVersion: string;
  generatedBy: string;
  /** `tf.layers.<factory>` → the Keras class name the layer serialises as. */
  layers: Record<string, string>;
  /** Loss names `compile({loss})` accepts (tfjs-layers `lossesMap`). */
  losses: string[];
  /** Keys of `tf.losses` (tfjs-core loss functions). */
  lossFunctions: string[];
  /** Metric strings `compile({metrics})` accepts, each with the name `fit()` logs it under. */
  metrics: Record<string, string>;
  /** `tf.metrics.<fn>` passed as a metric → the name `fit()` logs it under. */
  metricFunctions: Record<string, string>;
  /** Activation names the layers accept. */
  activations: string[];
  /** Optimizer strings `compile({optimizer})` accepts → the `tf.train` factory and learning rate tfjs picks. */
  optimizers: Record<string, { factory: string; learningRate: number }>;
  /** `tf.train.<factory>` positional parameters and their literal defaults. */
  trainFactories: Record<string, { params: string[]; defaults: Record<string, number | boolean | null> }>;
  /** `tf.callbacks.<factory>` → Keras class name and default `monitor`. */
  callbacks: Record<string, { className: string; monitor: string }>;
}

export const tfjsCatalog = catalogJson as TfjsCatalog;

const has = <T extends object>(o: T, k: string) => Object.hasOwn(o, k);

/**
 * tfjs loss names whose Keras counterpart is not their snake_case spelling, or
 * whose snake_case twin computes something else. Each was checked against
 * tfjs-layers/src/losses.ts and keras/src/losses/losses.py:
 * - logcosh, kullbackLeiblerDivergence, cosineProximity compute Keras's
 *   log_cosh, kl_divergence and cosine_similarity (the negative cosine).
 * - hinge and squaredHinge use the labels as given, while Keras first maps 0/1
 *   labels to -1/1: not the same loss.
 */
const LOSS_EXCEPTIONS: Record<string, string | null> = {
  logcosh: 'log_cosh',
  kullbackLeiblerDivergence: 'kl_divergence',
  cosineProximity: 'cosine_similarity',
  hinge: null,
  squaredHinge: null,
};

/**
 * `tf.losses.*` (tfjs-core) used as a compile loss, read from
 * tfjs-core/src/ops/losses: softmaxCrossEntropy and sigmoidCrossEntropy take
 * logits; logLoss is binary crossentropy on probabilities; hingeLoss maps 0/1
 * labels to -1/1 like Keras's hinge; cosineDistance is 1 - sum(y·ŷ) without
 * normalising (no Keras twin); computeWeightedLoss is not a loss.
 */
export const LOSS_FUNCTIONS: Record<string, { id: string; fromLogits: boolean } | null> = {
  softmaxCrossEntropy: { id: 'categorical_crossentropy', fromLogits: true },
  sigmoidCrossEntropy: { id: 'binary_crossentropy', fromLogits: true },
  logLoss: { id: 'binary_crossentropy', fromLogits: false },
  meanSquaredError: { id: 'mean_squared_error', fromLogits: false },
  absoluteDifference: { id: 'mean_absolute_error', fromLogits: false },
  hingeLoss: { id: 'hinge', fromLogits: false },
  huberLoss: { id: 'huber', fromLogits: false },
  cosineDistance: null,
  computeWeightedLoss: null,
};

/** Canonical Keras loss id for a loss name tfjs accepts, or null. */
export function lossIdForTfjs(name: string): string | null {
  if (!tfjsCatalog.losses.includes(name)) return null;
  if (has(LOSS_EXCEPTIONS, name)) return LOSS_EXCEPTIONS[name];
  return lossIdFor(snakeCase(name));
}

/** The tfjs loss name for a canonical Keras id, or null when tfjs has no such string loss. */
export function tfjsLossName(id: string): string | null {
  return tfjsCatalog.losses.find((name) => lossIdForTfjs(name) === id) ?? null;
}

/**
 * Canonical Keras metric id for a tfjs metric name (string or `tf.metrics` function).
 * 'accuracy'/'acc' become binary, categorical or sparse accuracy depending on
 * the loss, like Keras's 'accuracy'; 'crossentropy'/'ce' likewise have no fixed id.
 * tfjs's 'cosine' is the negative cosine, Keras's cosine_similarity metric the positive one.
 */
export function metricIdForTfjs(name: string): string | null {
  if (name === 'accuracy' || name === 'acc') return 'accuracy';
  if (['crossentropy', 'ce', 'cosine', 'cosineProximity'].includes(name)) return null;
  const loss = lossIdFor(name) ?? lossIdFor(snakeCase(name));
  if (loss) return loss;
  const snake = snakeCase(name);
  return isKerasMetricString(snake) ? snake : null;
}

/** The metric string tfjs accepts for a Keras metric id, or null. */
export function tfjsMetricName(id: string): string | null {
  return Object.keys(tfjsCatalog.metrics).find((name) => metricIdForTfjs(name) === id) ?? null;
}

/**
 * Keras activation names tfjs spells differently but computes the same
 * (Keras 3's silu is swish; tfjs's swish is x·sigmoid(x) by default).
 */
const ACTIVATION_ALIASES: Record<string, string> = { silu: 'swish' };

/** The tfjs activation computing what Keras's `name` computes, when tfjs spells it differently. */
export function tfjsActivationFor(name: string): string | null {
  if (has(ACTIVATION_ALIASES, name)) return ACTIVATION_ALIASES[name];
  const camel = camelCase(name);
  // hard_sigmoid differs: Keras 3 uses relu6(x + 3) / 6, tfjs clip(0.2x + 0.5).
  return camel !== name && camel !== 'hardSigmoid' && tfjsCatalog.activations.includes(camel) ? camel : null;
}

/** Keras class name built by `tf.layers.<factory>`, or null. */
export function layerClassFor(factory: string): string | null {
  return has(tfjsCatalog.layers, factory) ? tfjsCatalog.layers[factory] : null;
}

/** The `tf.layers` factory for a Keras class name (the shortest when several alias it). */
export function layerFactoryFor(className: string): string | null {
  const names = Object.keys(tfjsCatalog.layers).filter((f) => tfjsCatalog.layers[f] === className);
  names.sort((a, b) => a.length - b.length || a.localeCompare(b));
  return names[0] ?? null;
}

/** Keras optimizer id for a `tf.train` factory: momentum is SGD with momentum. */
export function optimizerIdForFactory(factory: string): string | null {
  if (!has(tfjsCatalog.trainFactories, factory)) return null;
  return factory === 'momentum' ? 'sgd' : factory;
}

/**
 * The learning rate tfjs uses when none is given: the factory's own default,
 * else the one it picks for the optimizer's string name.
 */
export function defaultLearningRateFor(id: string): number | null {
  const factory = tfjsCatalog.trainFactories[id];
  const own = factory?.defaults.learningRate;
  if (typeof own === 'number') return own;
  const named = Object.values(tfjsCatalog.optimizers).find((o) => o.factory === id);
  return named ? named.learningRate : null;
}
