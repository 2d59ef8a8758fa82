/**
 * The contract between whoever asks for a verification (the extension's
 * webview, the CLI) and the trainer, which always runs in a child process.
 * Messages are plain JSON so they cross process boundaries unchanged.
 */

export type Verdict = 'cannot-learn' | 'learns' | 'diverges' | 'inconclusive';

export type BackendChoice = 'auto' | 'tfjs-node' | 'cpu' | 'wasm';

export interface VerifyRequest {
  /** The whole source text of the file (the trainer analyses it again, and each fixed variant). */
  source: string;
  language: 'python' | 'javascript' | 'typescript';
  fileName?: string;
  /** 1-based line inside the model to train; default: the first model with an error finding, else the first model. */
  line?: number;
  /** Input shape without the batch axis, when the code does not say it statically. */
  inputShape?: number[];
  epochs?: number;
  samples?: number;
  timeBudgetSeconds?: number;
  backend?: BackendChoice;
  /** Train the model at full size instead of a scaled replica. */
  fullSize?: boolean;
  /** When `line` is not inside any model, fall back to the default model instead of refusing (the editor's cursor line). */
  lenientLine?: boolean;
  seed?: number;
  /** The user's own data instead of synthetic data; absent: synthetic data. */
  data?: DataRequest;
  /**
   * Folders relative data paths are resolved against, in order: the analysed
   * file's folder, then the workspace root (editor) or the working directory (CLI).
   */
  dataBaseDirs?: string[];
  /**
   * Why the caller does not let the trainer read the user's data (e.g. "reading workspace
   * files needs a trusted workspace"); when the code names data, the result says
   * "the code loads …, but <this>" and trains on synthetic data.
   */
  syntheticReason?: string;
}

/**
 * Which data to train on:
 * - `path`: data the user gave (a folder of class folders, an .npy/.npz, a CSV;
 *   `labelsPath` for separate labels; a `:NAME` suffix picks an .npz array or CSV column);
 * - `fromCode`: the data the analysed code loads (`FitInfo.xSource`/`ySource`) when it
 *   names data that exists; otherwise synthetic data, and the result says why.
 * `sample`: examples to read (training plus validation); default the synthetic
 * sample count plus a quarter.
 */
export type DataRequest = { path: string; labelsPath?: string; sample?: number } | { fromCode: true; sample?: number };

export interface EpochLogs {
  loss: number;
  accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
}

export interface History {
  loss: number[];
  accuracy: number[];
  val_loss: number[];
  val_accuracy: number[];
}

export interface RunResult {
  /** "as written" for the first run, then each fix's title. */
  label: string;
  verdict: Verdict;
  /** One sentence on what the run showed ("every prediction is 1.0, accuracy stays at 0.50"). */
  detail: string;
  history: History;
}

export interface VerifyResult {
  backend: string;
  runs: RunResult[];
  /** True when the run "as written" fails to learn and at least one fix learns. */
  confirmed: boolean;
  seconds: number;
  /** What was scaled down to get a verdict in seconds (empty when trained at full size). */
  scaled: Record<string, unknown>;
  /** The one-line verdict shown in the banner and the CLI. */
  summary: string;
  /**
   * The data trained on: `source` (`synthetic` or `yours`), a description, the training and
   * validation counts, the seed, the majority-class rate, the label encoding per run; for your
   * data also `report` (the loader's DataReport) and `report_lines` (the same as text);
   * for synthetic data chosen in place of data the code names, `synthetic_reason`.
   */
  data: Record<string, unknown>;
  /** Settings of the user's model that were not reproduced, fixes that could not be trained, backend fallbacks. */
  notes: string[];
}

export type VerifyEvent =
  | {
      type: 'started';
      backend: string;
      backendNote?: string;
      runs: { label: string }[];
      scaled: Record<string, unknown>;
      data: Record<string, unknown>;
    }
  | { type: 'epoch'; run: number; epoch: number; logs: EpochLogs }
  | { type: 'batch'; run: number; epoch: number; batch: number; batches: number }
  | { type: 'run-finished'; run: number; verdict: Verdict; detail: string }
  | { type: 'finished'; result: VerifyResult }
  | { type: 'error'; message: string; kind?: 'bad-input' | 'failed'; dataError?: string };
