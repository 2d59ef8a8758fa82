/**
 * The user's data in the training process: load the sample the plan names at
 * the model's full input shape (so the loader checks the data against the
 * model as the user wrote it), hold out a stratified validation part, resize
 * images to a scaled replica's input, and hand it over as the Dataset every run
 * trains on (the same samples, in the same order, for the model as written and
 * each fix). Labels stay class ids here; each run encodes them its own way.
 */
import type * as TF from '@tensorflow/tfjs';
import { formatDataReport, loadTrainingData, splitForValidation, type DataPart, type DataReport, type DecoderChoice, type LabelEncoding } from './data';
import { VALIDATION_FRACTION } from './data-request';
import { badInput } from './errors';
import { formatShape } from './input-shape';
import type { ModelSpec, UserDataPlan } from './spec';
import { meanSquaredDeviation, type Dataset, type Samples, type Task } from './synthetic';

/** Fewer examples than this leave too little to train on and to validate with. */
export const MIN_EXAMPLES = 10;

export interface UserDataset {
  dataset: Dataset;
  report: DataReport;
}

/**
 * The label encoding the model as written trains on, for the loader: it
 * refuses what Keras refuses (`label_mode='binary'` with more than two
 * classes, continuous labels for a classification loss) with a specific message.
 */
export function loadEncoding(task: Task, spec: ModelSpec): { labelEncoding: LabelEncoding; numClasses?: number } {
  if (task.kind === 'regression') return { labelEncoding: 'as-stored' };
  const labels = spec.labels;
  switch (labels?.encoding) {
    case 'binary':
      return { labelEncoding: 'binary' };
    case 'one-hot':
      if (labels.singleColumn && (labels.numClasses ?? 2) === 2) return { labelEncoding: 'binary' };
      return { labelEncoding: 'one-hot', ...(labels.numClasses ? { numClasses: labels.numClasses } : {}) };
    default:
      return { labelEncoding: 'integer' };
  }
}

/**
 * The number of classes the runs encode labels for: the data's classes, or
 * more when the code encodes more (`to_categorical(y, 10)`) or, without a known
 * encoding, when the output is wider (the loss then decides the encoding).
 */
function classCount(dataClasses: number, spec: ModelSpec, outputUnits: number): number {
  const stated = spec.labels?.numClasses ?? (spec.labels ? 0 : outputUnits > 1 ? outputUnits : 0);
  return Math.max(2, dataClasses, stated);
}

function samplesOf(part: DataPart, task: Task): Samples {
  if (task.kind === 'classification') return { x: part.x, classIds: part.classIds!, n: part.n };
  return { x: part.x, classIds: new Int32Array(part.n), targets: part.y, n: part.n };
}

export async function loadUserDataset(
  plan: UserDataPlan,
  spec: ModelSpec,
  task: Task,
  outputUnits: number,
  options: { seed: number; decoder: DecoderChoice },
): Promise<UserDataset> {
  const data = await loadTrainingData(plan.input, {
    baseDirs: plan.baseDirs,
    sample: plan.sample,
    seed: options.seed,
    inputShape: spec.inputs[0].shape,
    decoder: options.decoder,
    ...loadEncoding(task, spec),
  });
  const report = data.report;
  if (plan.inputShapeFromData) report.notes.push(`the code does not state the model's input shape: ${formatShape(plan.inputShapeFromData)} taken from the data`);
  const n = data.xShape[0];
  if (n < MIN_EXAMPLES) throw badInput(`the data has ${n} usable example${n === 1 ? '' : 's'} (${report.path}); verifying needs at least ${MIN_EXAMPLES}, some to train on and some to validate with`);
  const { train, validation } = splitForValidation(data, VALIDATION_FRACTION);
  const shape = data.xShape.slice(1);
  let userTask: Task;
  if (task.kind === 'classification') {
    userTask = { ...task, shape, classes: classCount(data.classNames.length, spec, outputUnits) };
  } else {
    const width = data.y.length / Math.max(1, n);
    userTask = { ...task, shape, classes: width };
  }
  const dataset: Dataset = { task: userTask, train: samplesOf(train, userTask), validation: samplesOf(validation, userTask), majorityRate: majorityRate(validation) };
  if (userTask.kind === 'regression') dataset.baselineMse = meanSquaredDeviation(validation.y, userTask.classes);
  return { dataset, report };
}

function majorityRate(part: DataPart): number {
  if (!part.classIds || part.n === 0) return 0;
  const counts = new Map<number, number>();
  for (const id of part.classIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return Math.max(...counts.values()) / part.n;
}

/**
 * A scaled replica takes smaller images: the loaded images (the model's full
 * input size) are resized to the replica's, bilinear with half-pixel centres as
 * the loader resizes, a few at a time so memory stays near one copy.
 */
export function resizeForReplica(tf: typeof TF, dataset: Dataset, to: number[], report: DataReport): Dataset {
  const from = dataset.task.shape;
  if (from.length === to.length && from.every((d, i) => d === to[i])) return dataset;
  if (from.length !== 3 || to.length !== 3 || from[2] !== to[2]) throw new Error(`cannot resize data of shape ${formatShape(from)} to ${formatShape(to)}`);
  const resize = (samples: Samples): Samples => {
    const size = to[0] * to[1] * to[2];
    const x = new Float32Array(samples.n * size);
    const chunk = 64;
    for (let start = 0; start < samples.n; start += chunk) {
      const rows = Math.min(chunk, samples.n - start);
      const values = tf.tidy(() => {
        const batch = tf.tensor4d(samples.x.subarray(start * from[0] * from[1] * from[2], (start + rows) * from[0] * from[1] * from[2]), [rows, from[0], from[1], from[2]]);
        return tf.image.resizeBilinear(batch, [to[0], to[1]], false, true).dataSync() as Float32Array;
      });
      x.set(values, start * size);
    }
    return { ...samples, x };
  };
  report.transforms.push(`resized from ${from[0]}×${from[1]} to ${to[0]}×${to[1]} for the scaled replica (bilinear)`);
  return { ...dataset, task: { ...dataset.task, shape: to }, train: resize(dataset.train), validation: resize(dataset.validation) };
}

/** One line for the result's data description: "your data: /path/photos (image folders, named in the code), 2 classes". */
export function describeUserData(report: DataReport, dataset: Dataset): string {
  const what = formatDataReport(report)[0].replace(/^Data: /, '');
  const task = dataset.task;
  return `your data: ${what}; ${task.kind === 'classification' ? `${report.perClass.length} classes` : `regression targets (${task.classes} per example)`}`;
}
