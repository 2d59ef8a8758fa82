/** Keras loss ids the trainer implements (see tfjs/losses.ts for how). */
export const SUPPORTED_LOSSES = new Set([
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'huber',
  'log_cosh',
  'hinge',
  'squared_hinge',
  'kl_divergence',
  'poisson',
]);

export const CLASSIFICATION_LOSSES = new Set([
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'hinge',
  'squared_hinge',
  'kl_divergence',
]);
