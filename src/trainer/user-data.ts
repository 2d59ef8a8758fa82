/**
 * The user's data in the training process: load the sample the plan names at
 * the model's full input shape (so the loader checks the data against the
 * model as the user wrote it), hold out a stratified validation part, resize
 * images to a scaled replica's input, and hand it over as the Dataset every run
 * trains on (the same samples, in the same order, for the model as written and
 * each fix). Labels stay class ids here; each run encodes them its own way.
 */
import type * as TF from '@tensorflow/tfjs';
import {
  formatDataReport,
  loadTrainingData,
  splitForValidation,
  type DataPart,
  type DataReport,
  type DecoderChoice,
  type LabelEncoding,
} from './data';
import { VALIDATION_FRACTION } from './data-request';
import { DataError } from './data/errors';
import { describeOddLabel } from './data/labels';
import { badInput } from './errors';
import { formatShape } from './input-shape';
import type { ModelSpec, UserDataPlan } from './spec';
import {
  encodeLabels,
  meanSquaredDeviation,
  type Dataset,
  type EncodedLabels,
  type Samples,
  type Task,
} from './synthetic';

/** Fewer examples than this leave too little to train on and to validate with. */
const MIN_EXAMPLES = 10;

export interface UserDataset {
  dataset: Dataset;
  report: DataReport;
}

/**
 * The labels to load for the model as written: the encoding its code gives
 * them (the loader refuses what Keras refuses: `label_mode='binary'` with more
 * than two classes, continuous labels for a classification loss); when the
 * analyzer cannot tell and the code itself names the data, the labels as
 * stored, which is what its `fit` call receives.
 */
export function loadEncoding(
  task: Task,
  spec: ModelSpec,
  origin: UserDataPlan['origin'],
): { labelEncoding: LabelEncoding; numClasses?: number } {
  if (task.kind === 'regression') return { labelEncoding: 'as-stored' };
  const labels = spec.labels;
  switch (labels?.encoding) {
    case 'binary':
      return { labelEncoding: 'binary' };
    case 'one-hot':
      if (labels.singleColumn && (labels.numClasses ?? 2) === 2) return { labelEncoding: 'binary' };
      return { labelEncoding: 'one-hot', ...(labels.numClasses ? { numClasses: labels.numClasses } : {}) };
    case 'integer':
      return { labelEncoding: 'integer' };
    default:
      return { labelEncoding: origin === 'code' ? 'as-stored' : 'integer' };
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

function samplesOf(part: DataPart, task: Task, keepStored: boolean): Samples {
  if (task.kind === 'regression') return { x: part.x, classIds: new Int32Array(part.n), targets: part.y, n: part.n };
  const samples: Samples = { x: part.x, classIds: part.classIds!, n: part.n };
  if (keepStored) samples.storedLabels = { values: part.y, rowShape: part.yShape.slice(1) };
  return samples;
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
    ...loadEncoding(task, spec, plan.origin),
  });
  const report = data.report;
  // Your folder read with the code's loader settings is still yours, not the code's.
  report.origin = plan.origin;
  if (plan.loadedLike)
    report.notes.push(`loaded as the code loads ${plan.loadedLike}: its image size, colour mode and rescaling`);
  if (plan.inputShapeFromData)
    report.notes.push(
      `the code does not state the model's input shape: ${formatShape(plan.inputShapeFromData)} taken from the data`,
    );
  const n = data.xShape[0];
  if (n < MIN_EXAMPLES)
    throw badInput(
      `the data has ${n} usable example${n === 1 ? '' : 's'} (${report.path}); verifying needs at least ${MIN_EXAMPLES}, some to train on and some to validate with`,
    );
  if (task.kind === 'classification') refuseOddLabels(report, data.classNames.length, outputUnits);
  if (task.kind === 'classification' && !data.classIds) {
    throw new DataError(
      'labels-unusable',
      `the labels in ${report.labels} are continuous values, not classes, but the model's loss (${spec.loss.written}) needs class labels`,
    );
  }
  const { train, validation } = splitForValidation(data, VALIDATION_FRACTION);
  const shape = data.xShape.slice(1);
  // Numeric labels loaded as stored are what the code's fit call receives (see loadEncoding).
  const asStored = loadEncoding(task, spec, plan.origin).labelEncoding === 'as-stored';
  const keepStored = asStored && (report.labelEncoding === 'stored' || report.labelEncoding === 'one-hot');
  let userTask: Task;
  if (task.kind === 'classification') {
    userTask = { ...task, shape, classes: classCount(data.classNames.length, spec, outputUnits) };
  } else {
    const width = data.y.length / Math.max(1, n);
    userTask = { ...task, shape, classes: width };
  }
  const dataset: Dataset = {
    task: userTask,
    train: samplesOf(train, userTask, keepStored),
    validation: samplesOf(validation, userTask, keepStored),
    majorityRate: majorityRate(validation),
  };
  if (userTask.kind === 'regression') dataset.baselineMse = meanSquaredDeviation(validation.y, userTask.classes);
  return { dataset, report };
}

/**
 * More classes than the model has outputs, because of a label or two that look
 * like typos: training would fail on them and blame the model, so the data is
 * blamed instead, naming the labels and where they are.
 */
function refuseOddLabels(report: DataReport, classes: number, outputUnits: number): void {
  const odd = report.oddLabels ?? [];
  const units = Math.max(2, outputUnits);
  if (odd.length === 0 || classes <= units || classes - odd.length > units) return;
  throw new DataError(
    'labels-unusable',
    `${report.labels} has ${classes} classes but the model has ${outputUnits} output${outputUnits === 1 ? '' : 's'}, and ` +
      `${odd.map(describeOddLabel).join('; ')}: fix or remove ${odd.reduce((n, o) => n + o.count, 0) === 1 ? 'that row' : 'those rows'} in the data (the model is not what is wrong)`,
  );
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
  if (from.length !== 3 || to.length !== 3 || from[2] !== to[2])
    throw new Error(`cannot resize data of shape ${formatShape(from)} to ${formatShape(to)}`);
  const resize = (samples: Samples): Samples => {
    const size = to[0] * to[1] * to[2];
    const x = new Float32Array(samples.n * size);
    const chunk = 64;
    for (let start = 0; start < samples.n; start += chunk) {
      const rows = Math.min(chunk, samples.n - start);
      const values = tf.tidy(() => {
        const batch = tf.tensor4d(
          samples.x.subarray(start * from[0] * from[1] * from[2], (start + rows) * from[0] * from[1] * from[2]),
          [rows, from[0], from[1], from[2]],
        );
        return tf.image.resizeBilinear(batch, [to[0], to[1]], false, true).dataSync() as Float32Array;
      });
      x.set(values, start * size);
    }
    return { ...samples, x };
  };
  report.transforms.push(`resized from ${from[0]}×${from[1]} to ${to[0]}×${to[1]} for the scaled replica (bilinear)`);
  return {
    ...dataset,
    task: { ...dataset.task, shape: to },
    train: resize(dataset.train),
    validation: resize(dataset.validation),
  };
}

/** One line for the result's data description: "your data: /path/photos (image folders, named in the code), 2 classes". */
export function describeUserData(report: DataReport, dataset: Dataset): string {
  const what = formatDataReport(report)[0].replace(/^Data: /, '');
  const task = dataset.task;
  return `your data: ${what}; ${task.kind === 'classification' ? `${report.perClass.length} classes` : `regression targets (${task.classes} per example)`}`;
}

/**
 * One run's labels: the encoding its code gives them (each fix is analysed
 * again, so a fix may encode differently), else the labels as stored when the
 * code passes them to fit unchanged, else what its loss expects.
 */
export function runLabels(
  samples: Samples,
  task: Task,
  spec: ModelSpec,
  outputUnits: number,
  storedIn: string,
): EncodedLabels {
  if (!spec.labels && samples.storedLabels && task.kind === 'classification') {
    const { values, rowShape } = samples.storedLabels;
    const shape = [samples.n, ...rowShape];
    return {
      values,
      shape,
      description: `labels as stored in ${storedIn}, shape (n${rowShape.map((d) => `, ${d}`).join('')}${rowShape.length ? '' : ','}) (the code passes them to fit unchanged)`,
    };
  }
  return encodeLabels(samples, task, spec.labels, spec.loss, outputUnits);
}
