/**
 * One run of a prepared plan: the model as written, a fix, or a mechanical
 * fix tried because of the model's symptoms. Seed, build, copy the initial
 * weights of the model as written where layers match, train (stopping early
 * when the verdict can no longer change), judge, and find the symptoms.
 */
import type * as TF from '@tensorflow/tfjs';
import { settledVerdict, stopsEarly } from './early-stop';
import { VerifyError } from './errors';
import { type PreparedRuns, outputUnits, withSeed, withSeedAsync } from './prepare';
import type { RunResult, Verdict, VerifyEvent } from './protocol';
import type { ModelSpec, TrainingPlan } from './spec';
import { applyMechanicalFix } from './symptoms/causes';
import { detectSymptoms, type WatchedLayer } from './symptoms/detect';
import { layerLabel, watchedActivation } from './symptoms/layers';
import type { JudgedRun } from './summary';
import { type BuiltModel, buildModel } from './tfjs/build';
import { trainVariant } from './tfjs/train';
import { runLabels } from './user-data';
import { judgeRun } from './verdict';

/** How many epochs runs train, shared by the runs of a training process. */
export interface EpochControl {
  epochs: number;
  /** Runs that train at the same time (the time-budget projection divides by it). */
  parallel: number;
  /** The budget lowered the epochs after the first epoch of the model as written. */
  onCut?(epochs: number, why: Record<string, unknown>): void;
}

export interface TrainedRun {
  run: RunResult;
  judged: JudgedRun;
  /** How this run's code encodes the labels (the result's `data.labels`). */
  labels?: string;
}

/** The label and the (scaled) spec of run `index`: a variant, or after them a mechanical fix of the model as written. */
function runSpec(prepared: PreparedRuns, index: number): { label: string; spec: ModelSpec; rejected?: string } {
  const { plan, specs } = prepared;
  if (index < plan.variants.length)
    return { label: plan.variants[index].label, spec: specs[index], rejected: plan.variants[index].rejected };
  const experiment = plan.experiments?.[index - plan.variants.length];
  if (!experiment) throw new VerifyError('failed', `no run ${index + 1} in this plan`);
  const fixed = applyMechanicalFix(specs[0], experiment.fix, prepared.inputRange);
  if (!fixed) throw new VerifyError('failed', `the fix "${experiment.label}" changes nothing in this model`);
  return { label: experiment.label, spec: fixed.spec };
}

const EMPTY = () => ({ loss: [], accuracy: [], val_loss: [], val_accuracy: [] });

/** The layers the symptoms are reported on, in forward order. */
function watchedLayers(spec: ModelSpec): WatchedLayer[] {
  return spec.nodes.map((node) => ({
    id: node.id,
    label: layerLabel(node),
    activation: watchedActivation(node),
    output: spec.outputs.includes(node.id),
  }));
}

/**
 * Run `index` built with its initial weights (the seed's, and the model as
 * written's wherever its layers match), or why it is not trained.
 */
export function buildRun(
  prepared: PreparedRuns,
  index: number,
): { label: string; spec: ModelSpec; built: BuiltModel } | { label: string; untrained: [Verdict, string] } {
  const { tf, plan, base } = prepared;
  const { label, spec, rejected } = runSpec(prepared, index);
  if (rejected) return { label, untrained: ['cannot-learn', rejected] };
  let built: BuiltModel;
  try {
    built = index === base ? prepared.first : withSeed(plan.data.seed, () => buildModel(tf, spec));
  } catch (e) {
    if (index === base || !(e instanceof VerifyError)) throw e;
    return { label, untrained: ['inconclusive', `this fix cannot be rebuilt: ${e.message}`] };
  }
  if (index !== base) {
    copyInitialWeights(built.layers, prepared.initial, sameInitializers(prepared.specs[base], spec));
    prepared.adapt(built.layers, spec);
  }
  return { label, spec, built };
}

export async function trainRun(
  prepared: PreparedRuns,
  index: number,
  emit: (e: VerifyEvent) => void,
  control: EpochControl,
): Promise<TrainedRun> {
  const { tf, plan, dataset, task, base } = prepared;
  const seed = plan.data.seed;
  const made = buildRun(prepared, index);
  const label = made.label;
  if ('untrained' in made) {
    const [verdict, detail] = made.untrained;
    emit({ type: 'run-finished', run: index, verdict, detail, symptoms: [] });
    return {
      run: { label, verdict, detail, history: EMPTY(), symptoms: [], probe: [] },
      judged: { label, verdict, detail, reached: null },
    };
  }
  const { spec, built } = made;
  for (const n of built.notReproduced)
    if (!prepared.notes.includes(`not reproduced: ${n}`)) prepared.notes.push(`not reproduced: ${n}`);
  const units = outputUnits(built.model);
  const storedIn = prepared.userReport?.labels ?? '';
  const labels = {
    train: runLabels(dataset.train, task, spec, units, storedIn),
    validation: runLabels(dataset.validation, task, spec, units, storedIn),
  };
  const runStarted = Date.now();
  const hasBatchNorm = spec.nodes.some((n) => n.type === 'BatchNormalization');
  const facts = {
    // The fixes of static findings (run 0 is the model as written, trained or rejected).
    stopWhenLearning: index > 0 && index < plan.variants.length,
    task: task.kind,
    majorityRate: dataset.majorityRate,
    validationSize: dataset.validation.n,
    hasBatchNorm,
  };
  let outcome: Awaited<ReturnType<typeof trainVariant>>;
  try {
    outcome = await withSeedAsync(seed + 1, () =>
      trainVariant(tf, built, spec, dataset, labels, seed + 2, {
        epochs: () => control.epochs,
        onBatch: (epoch, batch, batches) => emit({ type: 'batch', run: index, epoch, batch, batches }),
        onProbe: (layers) => emit({ type: 'probe', run: index, epoch: 0, layers }),
        onEpoch: (epoch, logs, probe) => {
          emit({ type: 'epoch', run: index, epoch, logs, probe });
          if (index === base && epoch === 0) {
            const cut = fitEpochsToBudget(plan, (Date.now() - runStarted) / 1000, runsToTrain(plan) / control.parallel);
            if (cut) {
              control.epochs = cut.to;
              prepared.scaled.epochs = cut;
              control.onCut?.(cut.to, cut);
            }
          }
        },
        stopAfter: stopsEarly(plan) ? (soFar) => settledVerdict(soFar, facts) : undefined,
      }),
    );
  } finally {
    if (index !== base) built.model.dispose();
  }
  const judgement = judgeRun({
    history: outcome.history,
    task: task.kind,
    majorityRate: dataset.majorityRate,
    validationSize: dataset.validation.n,
    predictions: outcome.predictions,
    error: outcome.error,
    baselineLoss: outcome.baselineLoss,
    hasBatchNorm,
    weightsUnchanged: outcome.weightsUnchanged,
  });
  const symptoms = outcome.error
    ? []
    : detectSymptoms({
        history: outcome.history,
        probe: outcome.probe,
        predictions: outcome.predictionHistory,
        firstNonFinite: outcome.firstNonFinite,
        task: task.kind,
        classes: task.classes,
        majorityRate: dataset.majorityRate,
        validationSize: dataset.validation.n,
        lossId: spec.loss.id,
        outputUnits: units,
        layers: watchedLayers(spec),
        baselineLoss: outcome.baselineLoss,
      });
  const stopped = outcome.stoppedBecause
    ? { epoch: outcome.history.loss.length, of: control.epochs, reason: outcome.stoppedBecause }
    : undefined;
  emit({
    type: 'run-finished',
    run: index,
    verdict: judgement.verdict,
    detail: judgement.detail,
    symptoms,
    ...(stopped ? { stopped } : {}),
  });
  return {
    run: {
      label,
      verdict: judgement.verdict,
      detail: judgement.detail,
      history: outcome.history,
      symptoms,
      probe: outcome.probe,
      reached: judgement.reached,
      ...(stopped ? { stopped } : {}),
    },
    judged: { label, ...judgement },
    labels: labels.train.description,
  };
}

/** Layers whose initialisers are those of the base variant (a fix that changes them starts from its own). */
function sameInitializers(base: ModelSpec, spec: ModelSpec): (id: string) => boolean {
  const initializers = (node: ModelSpec['nodes'][number] | undefined) =>
    JSON.stringify(Object.entries(node?.config ?? {}).filter(([k]) => k.endsWith('_initializer')));
  return (id) =>
    initializers(base.nodes.find((n) => n.id === id)) === initializers(spec.nodes.find((n) => n.id === id));
}

/** Runs in the plan that train (not the ones Keras rejects). */
function runsToTrain(plan: TrainingPlan): number {
  return plan.variants.filter((v) => !v.rejected).length + (plan.experiments?.length ?? 0);
}

/** Same initial weights as the model as written wherever a layer has the same position, class and weight shapes. */
function copyInitialWeights(
  layers: Map<string, TF.layers.Layer>,
  initial: Map<string, { type: string; weights: TF.Tensor[] }>,
  copies: (id: string) => boolean,
): void {
  for (const [id, layer] of layers) {
    const source = initial.get(id);
    if (!copies(id)) continue;
    if (!source || source.type !== layer.getClassName()) continue;
    const current = layer.getWeights();
    if (
      current.length !== source.weights.length ||
      current.some((w, k) => w.shape.join() !== source.weights[k].shape.join())
    )
      continue;
    layer.setWeights(source.weights);
  }
}

/**
 * After the first epoch of the model as written: when all runs at this pace
 * (`runs` one after another) would overshoot the time budget by half, train
 * fewer epochs (at least 3), and say so.
 */
function fitEpochsToBudget(
  plan: TrainingPlan,
  firstEpochSeconds: number,
  runs: number,
): { from: number; to: number; reason: string } | null {
  const projected = firstEpochSeconds * plan.epochs * runs;
  if (plan.fullSize || projected <= plan.timeBudgetSeconds * 1.5 || plan.epochs <= 3) return null;
  const to = Math.max(3, Math.floor(plan.timeBudgetSeconds / (firstEpochSeconds * runs)));
  if (to >= plan.epochs) return null;
  const count = Math.ceil(runs);
  return {
    from: plan.epochs,
    to,
    reason: `at ${firstEpochSeconds.toFixed(1)} s per epoch, ${plan.epochs} epochs × ${count} run${count === 1 ? '' : 's'} would exceed the ${plan.timeBudgetSeconds} s budget`,
  };
}
