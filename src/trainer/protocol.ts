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
  /** Train every epoch even when a run's verdict can no longer change (default: stop it early, and say so). */
  allEpochs?: boolean;
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

/** What the training probe can find wrong with a run (docs/verify.md, "Symptoms", gives each threshold). */
export type SymptomKind =
  | 'vanishing-gradient'
  | 'exploding-gradient'
  | 'non-finite'
  | 'dead-relu'
  | 'saturated'
  | 'loss-at-chance'
  | 'oscillating-loss'
  | 'constant-predictions'
  | 'majority-accuracy';

export interface Symptom {
  kind: SymptomKind;
  /** The layer it is measured on ("Dense (line 12)"), null for the whole model (loss, predictions). */
  layer: string | null;
  /** First epoch of the streak that lasts to the end of the run (0: already at initialisation). */
  epoch: number;
  /** The measured value (its meaning per kind in docs/verify.md), null when there is no number. */
  value: number | null;
  /** The threshold the value crossed, null when there is none. */
  threshold: number | null;
  /** The symptom in words, with the layer, the epoch and the numbers. */
  message: string;
}

/** One layer on the probe batch after one epoch. */
export interface LayerProbe {
  /** Spec node id (`n3`). */
  id: string;
  /** "Dense (line 12)". */
  label: string;
  /** Norm of the loss gradient over the layer's trainable weights, and of the weights (absent: no weights). */
  grad?: number;
  weight?: number;
  /** ReLU layers: share of units (channels) never positive on the probe batch, out of `units`. */
  dead?: number;
  units?: number;
  /** Sigmoid, tanh and softmax layers: share of outputs saturated. */
  saturated?: number;
  /** The layer's output holds NaN or ±Infinity on the probe batch. */
  nonFinite?: boolean;
}

/** The probe after an epoch (epoch 0: before training). */
export interface ProbeEpoch {
  epoch: number;
  layers: LayerProbe[];
}

export interface RunResult {
  /** "as written" for the first run, then each fix's title. */
  label: string;
  verdict: Verdict;
  /** One sentence on what the run showed ("every prediction is 1.0, accuracy stays at 0.50"). */
  detail: string;
  history: History;
  /** Training-dynamics symptoms that last to the end of the run (empty: none). */
  symptoms: Symptom[];
  /** The probe, epoch by epoch (empty when the run did not train). */
  probe: ProbeEpoch[];
  /** The run stopped before its last epoch because its verdict could no longer change. */
  stopped?: { epoch: number; of: number; reason: string };
  /** Best validation accuracy (classification) or lowest validation loss (regression) near the end; null when not trained. */
  reached?: number | null;
}

/** Why the model as written trains badly, and which mechanical fix tried side by side helps. */
export interface Diagnosis {
  /** The likely causes of its symptoms, each with its evidence from the code or the data. */
  causes: { cause: string; evidence: string; explains: SymptomKind[]; fix?: string }[];
  /** The mechanical fixes trained after it (their runs follow the fixes of the static findings). */
  experiments: { label: string; fix: string; run: number; verdict: Verdict; helps: boolean; finding: string }[];
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
  /** Likely causes of the symptoms of the model as written and the mechanical fixes tried (absent: no symptom, or not trained). */
  diagnosis?: Diagnosis;
  /**
   * Where the seconds went, from the start of the verification: the plan made, each training
   * process ready (TensorFlow loaded, data and initial weights made), each run's start and end
   * and which process trained it.
   */
  timeline?: {
    planned: number;
    ready: number[];
    runs: { run: number; worker: number; start: number; end: number; epochs: number }[];
  };
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
  | { type: 'epoch'; run: number; epoch: number; logs: EpochLogs; probe?: LayerProbe[] }
  /** The probe before training (epoch 0). */
  | { type: 'probe'; run: number; epoch: number; layers: LayerProbe[] }
  | { type: 'batch'; run: number; epoch: number; batch: number; batches: number }
  /** Mechanical fixes added after the model as written showed symptoms (their indices follow the earlier runs). */
  | { type: 'runs-added'; runs: { label: string }[]; reason: string }
  | {
      type: 'run-finished';
      run: number;
      verdict: Verdict;
      detail: string;
      symptoms: Symptom[];
      stopped?: RunResult['stopped'];
    }
  | { type: 'finished'; result: VerifyResult }
  | { type: 'error'; message: string; kind?: 'bad-input' | 'failed'; dataError?: string };
