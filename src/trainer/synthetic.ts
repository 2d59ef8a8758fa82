/**
 * Synthetic data (src/trainer/data/ loads the user's own) a correct model of the given shape can learn, seeded so that
 * every variant of a verification trains on identical samples:
 * - images / sequences of vectors (rank ≥ 2): a class-dependent coarse pattern plus noise;
 * - vectors (rank 1): Gaussian clusters, one per class;
 * - token sequences (first layer Embedding): random tokens with class-specific marker tokens.
 * Classes are balanced. Labels are encoded per variant, the way its code encodes them.
 * Pure JS (no tfjs), so the parity benchmark can hand the same arrays to Keras.
 */
import { gaussian, seededRandom, shuffle, type Random } from './random';
import type { LabelSpec, LossSpecJson, ModelSpec } from './spec';
import { CLASSIFICATION_LOSSES } from './losses-supported';

type InputKind = 'pattern' | 'clusters' | 'tokens';

export interface Task {
  kind: 'classification' | 'regression';
  /** Classes (classification) or target width (regression). */
  classes: number;
  input: InputKind;
  shape: number[];
  /** Value range of the inputs: pixels 0–255 when the model starts by rescaling them. */
  pixelScale: boolean;
  /** Token vocabulary (Embedding input_dim) for token inputs. */
  vocabulary?: number;
  /** Regression onto the inputs themselves (`fit(x, x)`, an autoencoder). */
  reconstruction?: boolean;
  /** Regression: the range the real targets lie in, when the code's data source documents it. */
  targetRange?: [number, number];
}

export interface Samples {
  /** Flattened inputs, shape [n, ...task.shape]. */
  x: Float32Array;
  /** Class id per sample (classification) or the target row (regression, flattened [n, classes]). */
  classIds: Int32Array;
  targets?: Float32Array;
  n: number;
  /** The user's labels as their file stores them (numeric), for a run whose code passes them to fit unchanged. */
  storedLabels?: { values: Float32Array; rowShape: number[] };
}

export interface Dataset {
  task: Task;
  train: Samples;
  validation: Samples;
  /** Share of the most frequent class in the validation set (the accuracy of always guessing it). */
  majorityRate: number;
  /** Loss of always predicting the mean target (regression baseline, mean squared error). */
  baselineMse?: number;
}

/** What the task is, from the model as written: its input, its labels, its loss and its output width. */
export function describeTask(spec: ModelSpec, outputUnits: number): Task {
  const shape = spec.inputs[0].shape;
  const first = spec.nodes.find((n) => n.inputs.includes(spec.inputs[0].id));
  const input: InputKind = first?.type === 'Embedding' ? 'tokens' : shape.length === 1 ? 'clusters' : 'pattern';
  const scale = first?.type === 'Rescaling' && typeof first.config.scale === 'number' ? first.config.scale : null;
  const pixelScale = scale !== null && scale > 0 && scale <= 1 / 100;
  const vocabulary =
    input === 'tokens' && typeof first?.config.input_dim === 'number' ? first.config.input_dim : undefined;
  const labels = spec.labels;
  if (spec.targetsAreInputs && input !== 'tokens') {
    return {
      kind: 'regression',
      classes: shape.reduce((a, b) => a * b, 1),
      input,
      shape,
      pixelScale,
      vocabulary,
      reconstruction: true,
    };
  }
  const classification = labels ? labels.encoding !== 'continuous' : CLASSIFICATION_LOSSES.has(spec.loss.id);
  if (!classification) {
    const task: Task = { kind: 'regression', classes: Math.max(1, outputUnits), input, shape, pixelScale, vocabulary };
    // The real targets' range only where it is what is being verified: an output that cannot reach it. Elsewhere
    // unit-scale targets, which a sound model learns within the default epochs (raw prices would take far longer).
    if (labels?.range && outputCannotReach(spec, labels.range)) task.targetRange = labels.range;
    return task;
  }
  const classes = labels?.numClasses ?? (labels?.encoding === 'binary' ? 2 : outputUnits > 1 ? outputUnits : 2);
  return { kind: 'classification', classes: Math.max(2, classes), input, shape, pixelScale, vocabulary };
}

export function describeTaskWords(task: Task): string {
  const dims = task.shape.join('×');
  const what =
    task.input === 'tokens'
      ? `token sequences of length ${dims} (vocabulary ${task.vocabulary ?? '?'}) with class-specific tokens`
      : task.input === 'clusters'
        ? `${dims}-dimensional vectors from Gaussian clusters`
        : `${dims} ${task.shape.length === 3 ? 'images' : 'inputs'} with a class-dependent pattern plus noise${task.pixelScale ? ' (pixel values 0–255)' : ''}`;
  if (task.reconstruction)
    return `${what} (${REGRESSION_GROUPS} groups), to be reconstructed: the targets are the inputs`;
  return task.kind === 'classification'
    ? `${what}, ${task.classes} balanced classes`
    : `${what}, regression targets from a random linear teacher (${task.classes} per sample${task.targetRange ? `, around ${task.targetRange[0]}–${task.targetRange[1]} like the real targets` : ''})`;
}

export function generateDataset(task: Task, train: number, validation: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const size = task.shape.reduce((a, b) => a * b, 1);
  const generator = makeGenerator(task, random);
  // Regression: a random linear teacher on the inputs (every model that can fit a linear map can learn it).
  const teacher =
    task.kind === 'regression' && !task.reconstruction
      ? Array.from({ length: task.classes }, () =>
          Array.from({ length: size }, () => gaussian(random) / Math.sqrt(size)),
        )
      : null;
  const make = (n: number): Samples => {
    const ids = shuffle(
      Array.from({ length: n }, (_, i) => i % (task.kind === 'classification' ? task.classes : REGRESSION_GROUPS)),
      random,
    );
    const x = new Float32Array(n * size);
    for (let i = 0; i < n; i++) generator(ids[i], x.subarray(i * size, (i + 1) * size));
    const samples: Samples = { x, classIds: Int32Array.from(ids), n };
    if (task.reconstruction) samples.targets = x;
    else if (teacher) {
      const t = new Float32Array(n * task.classes);
      const scale = task.pixelScale ? 1 / 255 : task.input === 'tokens' ? 1 / (task.vocabulary ?? 1000) : 1;
      for (let i = 0; i < n; i++) {
        const row = x.subarray(i * size, (i + 1) * size);
        for (let j = 0; j < task.classes; j++) {
          let dot = 0;
          for (let k = 0; k < size; k++) dot += teacher[j][k] * row[k] * scale;
          const value = dot + 0.05 * gaussian(random);
          // Where the real targets' range is known (house prices), the synthetic ones lie there too: a model
          // whose output cannot reach that range must show it.
          t[i * task.classes + j] = task.targetRange ? inRange(value, task.targetRange) : value;
        }
      }
      samples.targets = t;
    }
    return samples;
  };
  const trainSet = make(train);
  const validationSet = make(validation);
  const counts = new Map<number, number>();
  for (const id of validationSet.classIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const majorityRate = Math.max(...counts.values()) / validation;
  const dataset: Dataset = { task, train: trainSet, validation: validationSet, majorityRate };
  if (validationSet.targets) dataset.baselineMse = meanSquaredDeviation(validationSet.targets, task.classes);
  return dataset;
}

/** Output activations whose values are bounded, and their bounds. */
const BOUNDED_OUTPUTS: Record<string, [number, number]> = {
  sigmoid: [0, 1],
  hard_sigmoid: [0, 1],
  softmax: [0, 1],
  tanh: [-1, 1],
  softsign: [-1, 1],
};

/** Whether the model's (single) output layer applies a bounded activation that cannot reach `range`. */
function outputCannotReach(spec: ModelSpec, [low, high]: [number, number]): boolean {
  if (spec.outputs.length !== 1) return false;
  const node = spec.nodes.find((n) => n.id === spec.outputs[0]);
  const activation = node?.type === 'Softmax' ? 'softmax' : node?.config.activation;
  const bounds = typeof activation === 'string' ? BOUNDED_OUTPUTS[activation] : undefined;
  return !!bounds && (low < bounds[0] || high > bounds[1]);
}

/** A teacher output (about unit scale) placed in [low, high]: centred, two standard deviations to each end. */
function inRange(value: number, [low, high]: [number, number]): number {
  return (low + high) / 2 + (value * (high - low)) / 4;
}

/** Regression inputs come from this many groups (clusters or patterns). */
const REGRESSION_GROUPS = 8;

/** Mean squared deviation of target columns from their means: the loss of always predicting the mean. */
export function meanSquaredDeviation(values: Float32Array, width: number): number {
  const n = values.length / width;
  let total = 0;
  for (let j = 0; j < width; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i * width + j];
    mean /= n;
    for (let i = 0; i < n; i++) total += (values[i * width + j] - mean) ** 2;
  }
  return total / values.length;
}

type Generator = (classId: number, out: Float32Array) => void;

function makeGenerator(task: Task, random: Random): Generator {
  const groups = task.kind === 'classification' ? task.classes : REGRESSION_GROUPS;
  // Reconstruction must be learnable through a bottleneck: little noise around few group patterns.
  const noise = task.reconstruction ? 0.3 : 1;
  if (task.input === 'tokens') return tokenGenerator(task, groups, random);
  if (task.input === 'clusters') {
    const d = task.shape[0];
    const spread = Math.max(1, 3 / Math.sqrt(d));
    const means = Array.from({ length: groups }, () => Array.from({ length: d }, () => spread * gaussian(random)));
    return (k, out) => {
      for (let i = 0; i < d; i++) out[i] = means[k][i] + noise * gaussian(random);
    };
  }
  // A coarse random pattern per class (at most 4 cells along each spatial axis), upsampled by nearest neighbour.
  const shape = task.shape;
  const spatial = shape.slice(0, -1);
  const channels = shape[shape.length - 1];
  const coarse = spatial.map((d) => Math.min(4, d));
  const cells = coarse.reduce((a, b) => a * b, 1) * channels;
  const patterns = Array.from({ length: groups }, () => Array.from({ length: cells }, () => gaussian(random)));
  const size = shape.reduce((a, b) => a * b, 1);
  const cellOf = new Int32Array(size);
  const index = new Array(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    let cell = 0;
    for (let a = 0; a < spatial.length; a++) cell = cell * coarse[a] + Math.floor((index[a] * coarse[a]) / spatial[a]);
    cellOf[flat] = cell * channels + index[shape.length - 1];
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a] < shape[a]) break;
      index[a] = 0;
    }
  }
  return (k, out) => {
    const pattern = patterns[k];
    for (let i = 0; i < size; i++) {
      const v = pattern[cellOf[i]] + noise * gaussian(random);
      out[i] = task.pixelScale ? Math.min(255, Math.max(0, 128 + 40 * v)) : v;
    }
  };
}

function tokenGenerator(task: Task, groups: number, random: Random): Generator {
  const length = task.shape[0];
  const vocabulary = Math.max(4, task.vocabulary ?? 1000);
  const markersPerClass = Math.max(1, Math.min(3, Math.floor((vocabulary - 2) / (2 * groups))));
  const markers: number[][] = [];
  const pool = shuffle(
    Array.from({ length: vocabulary - 1 }, (_, i) => i + 1),
    random,
  );
  for (let k = 0; k < groups; k++) markers.push(pool.splice(0, markersPerClass));
  const background = pool.length ? pool : [1];
  const perSequence = Math.max(2, Math.round(length / 5));
  return (k, out) => {
    for (let i = 0; i < length; i++) out[i] = background[Math.floor(random() * background.length)];
    for (let m = 0; m < perSequence; m++)
      out[Math.floor(random() * length)] = markers[k][Math.floor(random() * markers[k].length)];
  };
}

export interface EncodedLabels {
  values: Float32Array;
  /** Shape with the batch axis. */
  shape: number[];
  description: string;
}

/**
 * Labels for one variant, encoded the way its code encodes them (or, when the
 * analyzer could not tell, the way its loss expects them).
 */
export function encodeLabels(
  samples: Samples,
  task: Task,
  labels: LabelSpec | null,
  loss: LossSpecJson,
  outputUnits: number,
): EncodedLabels {
  const n = samples.n;
  if (task.reconstruction)
    return { values: samples.targets!, shape: [n, ...task.shape], description: 'the inputs themselves (fit(x, x))' };
  if (task.kind === 'regression')
    return {
      values: samples.targets!,
      shape: [n, task.classes],
      description: `regression targets, shape (n, ${task.classes})`,
    };
  const k = task.classes;
  const ids = samples.classIds;
  const column = (what: string): EncodedLabels => ({
    values: Float32Array.from(ids),
    shape: [n, 1],
    description: what,
  });
  const flat = (what: string): EncodedLabels => ({ values: Float32Array.from(ids), shape: [n], description: what });
  const oneHot = (what: string): EncodedLabels => {
    const v = new Float32Array(n * k);
    for (let i = 0; i < n; i++) v[i * k + ids[i]] = 1;
    return { values: v, shape: [n, k], description: what };
  };
  const encoding = labels?.encoding;
  if (encoding === 'binary') return column(`binary 0/1 labels, shape (n, 1) (${labels!.source})`);
  if (encoding === 'integer') return flat(`integer class ids 0..${k - 1}, shape (n,) (${labels!.source})`);
  if (encoding === 'one-hot') {
    if (labels!.singleColumn && k === 2) return column(`one 0/1 column (${labels!.source})`);
    return oneHot(`one-hot labels of width ${k} (${labels!.source})`);
  }
  // Unknown encoding: what the loss expects.
  switch (loss.id) {
    case 'sparse_categorical_crossentropy':
      return flat(`integer class ids 0..${k - 1} (inferred from the loss)`);
    case 'binary_crossentropy':
    case 'categorical_crossentropy':
    case 'hinge':
    case 'squared_hinge':
    case 'kl_divergence':
      return outputUnits === 1 && k === 2
        ? column('one 0/1 column (inferred from the loss and the single output unit)')
        : oneHot(`one-hot labels of width ${k} (inferred from the loss)`);
    default:
      return outputUnits === 1
        ? column('class ids as one number per sample (inferred from the output width)')
        : oneHot(`one-hot labels of width ${k} (inferred from the output width)`);
  }
}
