/** Spelling conversions between tfjs (camelCase) and Keras (snake_case) names. */

const snakeCache = new Map<string, string>();

/** `kernelSize` → `kernel_size`, `batchInputShape` → `batch_input_shape`. */
export function snakeCase(name: string): string {
  let out = snakeCache.get(name);
  if (out === undefined) {
    out = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
      .toLowerCase();
    // Config keys repeat across calls and files; the cache stays small.
    if (snakeCache.size < 10_000) snakeCache.set(name, out);
  }
  return out;
}

/** `input_shape` → `inputShape`. Names without underscores are returned as they are. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
