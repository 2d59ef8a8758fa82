/** Spelling conversions between tfjs (camelCase) and Keras (snake_case) names. */

/** `kernelSize` → `kernel_size`, `batchInputShape` → `batch_input_shape`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `input_shape` → `inputShape`. Names without underscores are returned as they are. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
