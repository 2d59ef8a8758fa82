/**
 * A model as the trainer rebuilds it: plain JSON, independent of the source
 * language and of TensorFlow.js, so the same spec can be scaled, sent to the
 * training child process, built in tfjs and (for the parity benchmark) in Keras.
 * Layer types and argument names are Keras's (`Dense`, `kernel_size`).
 */
import type { LabelEncoding } from '../analyzer/ir';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NodeSpec {
  /** Position in topological order (`n0`, `n1`…): equal across a model and its fixed variants. */
  id: string;
  /** Keras class name. */
  type: string;
  /** Keras argument names → literal values, as the user wrote them (defaults left to the framework). */
  config: Record<string, JsonValue>;
  /** Ids of the nodes (or model inputs) this layer is applied to. */
  inputs: string[];
  /** 1-based source line of the layer, for messages. */
  line: number;
}

export interface LossSpecJson {
  /** Canonical Keras loss id (`binary_crossentropy`, `mean_squared_error`…). */
  id: string;
  fromLogits: boolean;
  /** How the user wrote it, for messages. */
  written: string;
  labelSmoothing?: number;
}

export interface OptimizerSpecJson {
  /** Canonical Keras optimizer id (`adam`, `sgd`…). */
  id: string;
  learningRate: number;
  /** The code states the learning rate (else it is Keras's default for this optimizer). */
  learningRateGiven?: boolean;
  /** Keras's default learning rate for this optimizer, for comparison. */
  defaultLearningRate?: number;
  /** 1-based line of the compile call. */
  line?: number;
  /** Other arguments that change the update rule (momentum, nesterov, beta_1…), Keras names. */
  config: Record<string, JsonValue>;
  written: string;
}

export interface LabelSpec {
  encoding: LabelEncoding;
  /** Number of classes (null for regression). */
  numClasses: number | null;
  /** One column instead of two for two classes (LabelBinarizer). */
  singleColumn: boolean;
  /** Where the encoding came from, for the data description. */
  source: string;
  /** Regression targets: the range the data's source documents (house prices 10–50), for synthetic targets. */
  range?: [number, number];
}

export interface ModelSpec {
  name: string;
  /** Model inputs (`in0`…) and their shapes without the batch axis. */
  inputs: { id: string; shape: number[] }[];
  nodes: NodeSpec[];
  outputs: string[];
  loss: LossSpecJson;
  optimizer: OptimizerSpecJson;
  /** Metric ids the user asked for (only accuracy-like ones change what is logged). */
  metrics: string[];
  /** The labels the code trains on, when the analyzer knows their encoding (else inferred from the loss). */
  labels: LabelSpec | null;
  batchSize: number;
  /** Settings of the user's model the trainer could not reproduce (told to the user, never hidden). */
  notReproduced: string[];
  /** `fit(x, x)`: the targets are the inputs themselves (an autoencoder). */
  targetsAreInputs?: boolean;
}

/** One model to train: the model as written, or a fixed variant. */
export interface VariantPlan {
  /** "as written" or the fix title. */
  label: string;
  spec: ModelSpec;
  /** The fix's edits (for "Apply this fix"); absent for the model as written. */
  fix?: { title: string; edits: { start: number; end: number; newText: string }[] };
  /**
   * Keras itself refuses this model before training (an unknown loss, activation,
   * optimizer or metric name): it is not trained, and the run says why. `spec`
   * is then the first fix's, only so the data and scale match the other runs.
   */
  rejected?: string;
}

export interface DataPlan {
  seed: number;
  /** Training and validation sample counts (for your data: what the sample is split into, at most). */
  train: number;
  validation: number;
  /** Train on the user's data instead of synthetic data. */
  user?: UserDataPlan;
  /** Why the data is synthetic although the code names data (not found, not readable here). */
  syntheticReason?: string;
  /** The data the code loads, trained on or not ("the array 'x.npy' (line 5)"), and the factor it rescales it by (null: none). */
  codeSource?: { described: string; rescale: number | null };
}

/** The user's data, resolved in the planning process; the training process loads the sample. */
export interface UserDataPlan {
  input: import('./data/types').DataInput;
  baseDirs: string[];
  /** Examples to read, training plus validation. */
  sample: number;
  /** Where it was asked for: named in the code, or given by the user. */
  origin: 'code' | 'user';
  /** The model's input shape came from the data, because the code does not state it. */
  inputShapeFromData?: number[];
  /** Data the user gave in place of the code's, loaded with the settings of the code's loader (this one). */
  loadedLike?: string;
}

/** Everything the training child process needs: no source text, no analyzer. */
export interface TrainingPlan {
  modelName: string;
  /** 1-based line of the model trained. */
  modelLine: number;
  variants: VariantPlan[];
  data: DataPlan;
  epochs: number;
  /** What was scaled to make a replica (empty when trained at full size). */
  scaled: Record<string, unknown>;
  backend: import('./protocol').BackendChoice;
  timeBudgetSeconds: number;
  /** Train the models at full size even when a replica would be faster. */
  fullSize: boolean;
  /** Stop a run once its verdict can no longer change (default true; early-stop.ts). */
  stopEarly?: boolean;
  /**
   * Mechanical fixes of the model as written, trained after it when its symptoms
   * point to them (symptoms/causes.ts); run indices after the variants' are theirs.
   */
  experiments?: { fix: import('./symptoms/causes').MechanicalFix; label: string }[];
}
