/**
 * The public types of the data loader: what to load, how, and what comes back.
 * Nothing here depends on the trainer; the trainer only consumes
 * {@link TrainingData}.
 */
import type { DataSource } from '../../analyzer/ir';
import type { OddLabel } from './labels';

/**
 * What to load: a data source the analyzer resolved in the user's code (with
 * an optional separate source for the labels), or paths the user picked
 * (`--data PATH [--labels PATH]`, the folder/file picker).
 *
 * User paths may name an array inside an .npz or a column of a CSV with a
 * `:NAME` suffix: `d.npz:x_train`, `--labels d.npz:y_train`, `--labels iris.csv:species`.
 */
export type DataInput = { source: DataSource; labels?: DataSource } | { path: string; labelsPath?: string };

/**
 * How the labels are handed to the model:
 * - `integer`: class ids, shape [n] (sparse_categorical_crossentropy, label_mode='int');
 * - `binary`: 0/1 floats, shape [n, 1] (binary_crossentropy, label_mode='binary'); needs two classes;
 * - `one-hot`: shape [n, numClasses] (categorical_crossentropy, label_mode='categorical');
 * - `as-stored`: as the data holds them (array labels unchanged; class-folder images as integer ids,
 *   Keras' default `label_mode='int'`).
 */
export type LabelEncoding = 'integer' | 'binary' | 'one-hot' | 'as-stored';

export type DecoderChoice = 'auto' | 'tfjs-node' | 'pure-js';

export interface LoadOptions {
  /** Folders relative paths are resolved against, in order (the analysed file's folder, then the workspace root). */
  baseDirs: string[];
  /** How many examples to sample (stratified by class when there are classes). Default 512. */
  sample?: number;
  /** Seed of the sampling; the same seed picks the same examples. Default 0. */
  seed?: number;
  /** The model's input shape without the batch axis; null for dimensions the code leaves open. */
  inputShape?: readonly (number | null)[];
  labelEncoding?: LabelEncoding;
  /** Width of one-hot labels when the model has more output units than the data has classes. */
  numClasses?: number;
  /** Image decoder: tfjs-node's native one when it loads (auto), or the pure-JS decoders. */
  decoder?: DecoderChoice;
}

export type DataKind = 'image-directory' | 'npy' | 'npz' | 'csv';

export interface ClassCount {
  name: string;
  /** Examples of this class in the data. */
  found: number;
  /** Examples of this class in the sample. */
  sampled: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** What was loaded and how: shown in the webview and the CLI next to the verdict. */
export interface DataReport {
  kind: DataKind;
  /** Named in the analysed code, or picked by the user. */
  origin: 'code' | 'user';
  /** Absolute path of the inputs (x); for arrays with a key, `file.npz` and `key` separately. */
  path: string;
  /** Array inside an .npz holding x. */
  key?: string;
  /** Where the labels came from (a file, an .npz key, a CSV column, or the class folders). */
  labels: string;
  /** Examples in the data (images found, rows). */
  found: number;
  sampled: number;
  seed: number;
  /** Per-class counts; empty for continuous targets. */
  perClass: ClassCount[];
  /** Shape of one example as handed to the model. */
  sampleShape: number[];
  /** The label encoding of `y`, plus `continuous` for regression targets. */
  labelEncoding: Exclude<LabelEncoding, 'as-stored'> | 'stored' | 'continuous';
  /** Files or rows that could not be read (counted; the first few are listed in `skippedExamples`). */
  skipped: number;
  skippedExamples: SkippedFile[];
  /** What was done to the data on the way in: resizing, rescaling, colour conversion, dropped columns… */
  transforms: string[];
  /** Anything else worth knowing (defaults taken, guesses made). */
  notes: string[];
  /** Class labels that look like mistakes in the data (a typo, a stray row); also in `notes`. */
  oddLabels?: OddLabel[];
  /** Which image decoder ran (image folders only). */
  decoder?: 'tfjs-node' | 'pure-js';
  /** Bytes read from disk; shows that big data was sampled, not read whole. */
  bytesRead: number;
  seconds: number;
}

export interface TrainingData {
  /** The sampled inputs, row-major: xShape[0] examples of xShape.slice(1) each. */
  x: Float32Array;
  xShape: number[];
  /** Labels in the requested encoding. */
  y: Float32Array;
  yShape: number[];
  /** Class id of each sampled example, for re-encoding labels per run; null for continuous targets. */
  classIds: Int32Array | null;
  /** Class names by id (folder names, label values); empty for continuous targets. */
  classNames: string[];
  report: DataReport;
}
