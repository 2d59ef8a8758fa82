/**
 * Facts about Keras read from Keras itself (tools/extract-keras-catalog.py):
 * accepted names and constructor signatures. Everything that decides whether a
 * name is "unknown" goes through here, never through a hand-written list.
 */
import catalogJson from './catalog.json';

export interface Signature {
  params: string[];
  defaults: Record<string, unknown>;
}

interface Catalog {
  kerasVersion: string;
  layers: Record<string, Signature>;
  losses: {
    names: string[];
    compileOnly: string[];
    canonical: Record<string, string | null>;
    classes: Record<string, Signature>;
    functions: Record<string, Signature | null>;
  };
  activations: string[];
  optimizers: {
    names: string[];
    classes: Record<string, Signature>;
    caseInsensitive: boolean;
    defaultLearningRate: Record<string, number>;
  };
  metrics: {
    names: string[];
    compileOnly: string[];
    classes: Record<string, Signature>;
    defaultNames: Record<string, string>;
  };
  callbacks: Record<string, Signature>;
  functions: Record<string, Signature | null>;
}

export const catalog = catalogJson as unknown as Catalog;

export function layerSignature(type: string): Signature | undefined {
  return Object.hasOwn(catalog.layers, type) ? catalog.layers[type] : undefined;
}

export function functionSignature(name: string): Signature | undefined {
  return catalog.functions[name] ?? undefined;
}

const lossNames = new Set(catalog.losses.names);
const activationNames = new Set(catalog.activations);
const optimizerNames = new Set(catalog.optimizers.names);
const metricNames = new Set(catalog.metrics.names);

/** Canonical loss id (`mean_squared_error`) for a string or class name Keras accepts, else null. */
export function lossIdFor(name: string): string | null {
  return Object.hasOwn(catalog.losses.canonical, name) ? catalog.losses.canonical[name] : null;
}

export function isKerasLossString(name: string): boolean {
  return lossNames.has(name) || catalog.losses.compileOnly.includes(name.toLowerCase());
}

export function isKerasActivationString(name: string): boolean {
  return activationNames.has(name);
}

export function isKerasOptimizerString(name: string): boolean {
  return optimizerNames.has(catalog.optimizers.caseInsensitive ? name.toLowerCase() : name);
}

export function isKerasMetricString(name: string): boolean {
  return metricNames.has(name) || catalog.metrics.compileOnly.includes(name.toLowerCase());
}

export const kerasNames = {
  loss: [...catalog.losses.names, ...catalog.losses.compileOnly],
  activation: catalog.activations,
  // Offer the spelling people write (`adam`), not the registry's internal ones.
  optimizer: catalog.optimizers.names.filter(
    (n) => !['optimizer', 'optimizermap', 'multioptimizer', 'lossscaleoptimizer'].includes(n),
  ),
  metric: [...catalog.metrics.names, ...catalog.metrics.compileOnly],
};

export function optimizerDefaultLearningRate(id: string): number | null {
  return catalog.optimizers.defaultLearningRate[id] ?? null;
}

/** Lower-case optimizer id for a class name (`Adam` → `adam`), or null. */
export function optimizerIdForClass(className: string): string | null {
  if (!Object.hasOwn(catalog.optimizers.classes, className)) return null;
  const id = className.toLowerCase();
  return optimizerNames.has(id) ? id : null;
}

export function optimizerSignature(className: string): Signature | undefined {
  return catalog.optimizers.classes[className];
}

export function lossClassSignature(className: string): Signature | undefined {
  return catalog.losses.classes[className];
}

export function lossFunctionSignature(name: string): Signature | undefined {
  return catalog.losses.functions[name] ?? undefined;
}

export function metricClassSignature(className: string): Signature | undefined {
  return catalog.metrics.classes[className];
}

export function metricDefaultName(className: string): string | null {
  return catalog.metrics.defaultNames[className] ?? null;
}

export function callbackSignature(className: string): Signature | undefined {
  return catalog.callbacks[className];
}
