/**
 * Every way the user's data can fail to load, each with its own code so the
 * CLI, the webview and the tests can tell them apart. Messages are written for
 * the person whose data it is: what is wrong, where, and what to do about it.
 */

export type DataErrorCode =
  | 'not-found'
  | 'unknown-format'
  | 'no-class-folders'
  | 'no-images'
  | 'empty-class-folder'
  | 'single-class'
  | 'undecodable-class'
  | 'length-mismatch'
  | 'shape-mismatch'
  | 'object-array'
  | 'unsupported-dtype'
  | 'bad-npy'
  | 'bad-zip'
  | 'npz-key'
  | 'csv-empty'
  | 'csv-no-features'
  | 'csv-ragged'
  | 'label-column'
  | 'labels-unusable'
  | 'unreadable'
  | 'too-large';

export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Shortest readable form of a shape: `128×128×3`. */
export function shapeText(shape: readonly (number | null)[]): string {
  return shape.length ? shape.map((d) => (d === null ? '?' : String(d))).join('×') : 'scalar';
}

/** A byte count for messages: `196 bytes`, `3.7 KB`, `1.6 GB` (decimal units, like file managers). */
export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${+value.toPrecision(value < 10 ? 2 : 3)} ${units[unit]}`;
}
