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
  | 'label-column'
  | 'labels-unusable'
  | 'unreadable';

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
