/**
 * The data every run of a verification trains on, in the training process:
 * the user's sample when the plan names it (loaded at the model's own input
 * shape, resized for a scaled replica), else synthetic data of the model's
 * task. Also the `data` record of the started event and the result, which says
 * which data it was.
 */
import type { LoadedBackend } from './backend';
import { formatDataReport, type DataReport } from './data';
import { useLoadedTfjsNode } from './data/images/decode-tfjs';
import { refusingBadData } from './errors';
import type { ModelSpec, TrainingPlan } from './spec';
import { describeTaskWords, generateDataset, type Dataset, type Task } from './synthetic';
import { describeUserData, loadUserDataset, resizeForReplica } from './user-data';

export interface TrainingData {
  dataset: Dataset;
  /** What the result's `data` says: `source` (`yours` / `synthetic`), description, counts, the report… */
  data: Record<string, unknown>;
  /** The loader's report, for the user's data. */
  userReport: DataReport | null;
}

/**
 * `spec` is the base variant as scaled (its input is the replica's); `task` is
 * described from it. The user's data is loaded at the plan's full-size input.
 */
export async function trainingData(
  plan: TrainingPlan,
  backend: LoadedBackend,
  spec: ModelSpec,
  task: Task,
  outputUnits: number,
): Promise<TrainingData> {
  const seed = plan.data.seed;
  const common = (dataset: Dataset) => ({
    seed,
    ...(dataset.task.kind === 'classification' ? { majority_rate: +dataset.majorityRate.toFixed(4) } : {}),
    // Filled per run with how that run's code encodes the labels.
    labels: {} as Record<string, string>,
  });
  const user = plan.data.user;
  if (!user) {
    const dataset = generateDataset(task, plan.data.train, plan.data.validation, seed);
    const data = {
      source: 'synthetic',
      description: describeTaskWords(task),
      train: plan.data.train,
      validation: plan.data.validation,
      ...common(dataset),
      ...(plan.data.syntheticReason ? { synthetic_reason: plan.data.syntheticReason } : {}),
    };
    return { dataset, data, userReport: null };
  }
  // Images decode with the TensorFlow already loaded as the backend (wherever it was found).
  if (backend.name === 'tfjs-node') useLoadedTfjsNode(backend.tf);
  const fullSize = plan.variants.find((v) => !v.rejected)!.spec;
  // Loaded at the model's own input shape, so the loader checks the data against the model as written.
  const loaded = await refusingBadData(() =>
    loadUserDataset(user, fullSize, task, outputUnits, {
      seed,
      decoder: backend.name === 'tfjs-node' ? 'auto' : 'pure-js',
    }),
  );
  const dataset = resizeForReplica(backend.tf, loaded.dataset, spec.inputs[0].shape, loaded.report);
  const data = {
    source: 'yours',
    description: describeUserData(loaded.report, dataset),
    train: dataset.train.n,
    validation: dataset.validation.n,
    ...common(dataset),
    report: loaded.report,
    report_lines: formatDataReport(loaded.report),
  };
  return { dataset, data, userReport: loaded.report };
}
