/**
 * One canonical dotted name per framework symbol, whatever the import spelling:
 * `tf.keras.layers.Dense`, `tensorflow.keras.layers.core.Dense`,
 * `keras.src.layers.Dense` and `from keras.layers import Dense` all become
 * `keras.layers.Dense`. Rules and API tables only ever see canonical names.
 */

const KERAS_PREFIXES: [string, string][] = [
  ['tensorflow.python.keras', 'keras'],
  ['tensorflow.keras', 'keras'],
  ['tensorflow.compat.v1.keras', 'keras'],
  ['tensorflow.compat.v2.keras', 'keras'],
  ['keras._tf_keras.keras', 'keras'],
  ['keras.src', 'keras'],
  ['keras.api', 'keras'],
  ['tf_keras', 'keras'],
  // `import tensorflow as tf` binds `tf`; its attributes are then looked up as `tf.keras…`.
  ['tf.keras', 'keras'],
  ['tf.compat.v1.keras', 'keras'],
  ['tf.compat.v2.keras', 'keras'],
  ['tensorflow', 'tf'],
  ['numpy', 'np'],
  ['pandas', 'pd'],
];

/** Keras namespaces whose inner module structure does not matter: keras.layers.core.Dense → keras.layers.Dense. */
const FLAT_NAMESPACES = new Set(['layers', 'losses', 'activations', 'optimizers', 'metrics', 'callbacks', 'utils']);

/** Where Keras's top-level model API also lives. */
const MODEL_API = new Set(['Sequential', 'Model', 'Input']);

export function canonicalName(dotted: string): string {
  let name = dotted;
  for (const [prefix, replacement] of KERAS_PREFIXES) {
    if (name === prefix || name.startsWith(prefix + '.')) {
      name = replacement + name.slice(prefix.length);
      break;
    }
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

/** The namespace and symbol of a canonical Keras name: `keras.layers.Dense` → ['layers', 'Dense']. */
export function kerasMember(canonical: string): [string, string] | null {
  const parts = canonical.split('.');
  if (parts[0] !== 'keras') return null;
  if (parts.length === 2) return ['', parts[1]];
  if (parts.length === 3) return [parts[1], parts[2]];
  return null;
}
