/**
 * One canonical dotted name per framework symbol, whatever the import spelling:
 * `tf.keras.layers.Dense`, `tensorflow.keras.layers.core.Dense`,
 * `keras.src.layers.Dense` and `from keras.layers import Dense` all become
 * `keras.layers.Dense`. Rules and API tables only ever see canonical names.
 */

/** Module aliases, applied in order (tensorflow becomes tf before tf.keras becomes keras). */
const PREFIXES: [string, string][] = [
  ['tensorflow', 'tf'],
  ['tf.python.keras', 'keras'],
  ['tf.compat.v1.keras', 'keras'],
  ['tf.compat.v2.keras', 'keras'],
  ['tf.compat.v2', 'tf'],
  ['tf.keras', 'keras'],
  // TF 2 re-exports Keras namespaces at the top level: tf.losses is tf.keras.losses.
  ['tf.losses', 'keras.losses'],
  ['tf.metrics', 'keras.metrics'],
  ['tf.optimizers', 'keras.optimizers'],
  ['tf.initializers', 'keras.initializers'],
  ['keras._tf_keras.keras', 'keras'],
  ['keras.src', 'keras'],
  ['keras.api', 'keras'],
  ['tf_keras', 'keras'],
  // The Keras 3 preview package, with Keras 3's API under another name.
  ['keras_core', 'keras'],
  ['numpy', 'np'],
  ['pandas', 'pd'],
];

/** Keras namespaces whose inner module structure does not matter: keras.layers.core.Dense → keras.layers.Dense. */
const FLAT_NAMESPACES = new Set(['layers', 'losses', 'activations', 'optimizers', 'metrics', 'callbacks', 'utils']);

/** Where Keras's top-level model API also lives. */
const MODEL_API = new Set(['Sequential', 'Model', 'Input']);

const memo = new Map<string, string>();

export function canonicalName(dotted: string): string {
  let cached = memo.get(dotted);
  if (cached === undefined) {
    cached = computeCanonicalName(dotted);
    if (memo.size < 10_000) memo.set(dotted, cached);
  }
  return cached;
}

function computeCanonicalName(dotted: string): string {
  let name = dotted;
  for (const [prefix, replacement] of PREFIXES) {
    if (name === prefix || name.startsWith(`${prefix}.`)) name = replacement + name.slice(prefix.length);
  }
  const parts = name.split('.');
  if (parts[0] === 'keras' && parts.length >= 3) {
    const last = parts[parts.length - 1];
    // keras.models.Sequential, keras.engine.training.Model, keras.layers.Input
    if (MODEL_API.has(last) && ['models', 'engine', 'layers', 'trainers'].includes(parts[1])) {
      return `keras.${last}`;
    }
    if (FLAT_NAMESPACES.has(parts[1]) && !(parts[1] === 'optimizers' && parts[2] === 'schedules')) {
      return `keras.${parts[1]}.${last}`;
    }
    // keras.preprocessing.image.ImageDataGenerator and keras.utils.image_dataset_from_directory
    // are one family; keep the last segment under `keras.preprocessing`.
    if (parts[1] === 'preprocessing') return `keras.preprocessing.${last}`;
  }
  if (parts[0] === 'sklearn' && parts.length >= 3) return `sklearn.${parts[1]}.${parts[parts.length - 1]}`;
  return name;
}

const members = new Map<string, [string, string] | null>();

/** The namespace and symbol of a canonical Keras name: `keras.layers.Dense` → ['layers', 'Dense']. */
export function kerasMember(canonical: string): [string, string] | null {
  let member = members.get(canonical);
  if (member === undefined) {
    const parts = canonical.split('.');
    member =
      parts[0] !== 'keras'
        ? null
        : parts.length === 2
          ? ['', parts[1]]
          : parts.length === 3
            ? [parts[1], parts[2]]
            : null;
    if (members.size < 10_000) members.set(canonical, member);
  }
  return member;
}
