/**
 * Trains every variant of a plan on the loaded backend and judges each run:
 * scale (or not), describe the task from the model as written, generate the
 * shared data or load the user's sample, then per variant: seed, build, copy
 * the initial weights of the model as written where layers match, train,
 * judge. Emits protocol events.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LoadedBackend } from './backend';
import { describeTask, type Dataset, type Task } from './synthetic';
import { VerifyError } from './errors';
import type { RunResult, VerifyEvent, VerifyResult } from './protocol';
import { seededRandom } from './random';
import { decideScale } from './scale';
import type { ModelSpec, TrainingPlan } from './spec';
import { summarise, type JudgedRun } from './summary';
import { type BuiltModel, buildModel, type Tf } from './tfjs/build';
import { nodeShapes } from './tfjs/shapes';
import { layersToAdapt } from './tfjs/normalization';
import { trainVariant } from './tfjs/train';
import { trainingData } from './training-data';
import { runLabels } from './user-data';
import { judgeRun } from './verdict';

const COST_KEY: Record<LoadedBackend['name'], string> = { 'tfjs-node': 'tensorflow', cpu: 'cpu', wasm: 'wasm' };

/** Replaces Math.random (which tfjs's initialisers and dropout draw from) with a seeded generator. */
function withSeed<T>(seed: number, f: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return f();
  } finally {
    Math.random = original;
  }
}

function outputUnits(model: TF.LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] ?? 1;
}

export async function runPlan(
  plan: TrainingPlan,
  backend: LoadedBackend,
  emit: (e: VerifyEvent) => void,
): Promise<VerifyResult> {
  const started = Date.now();
  const tf = backend.tf;
  const notes: string[] = [];
  if (backend.note) notes.push(backend.note);
  const decision = decideScale(plan, COST_KEY[backend.name], (s) => nodeShapes(tf, s));
  const scaled: Record<string, unknown> = { ...decision.scaled };
  if (backend.name !== 'tfjs-node' && Object.keys(scaled).length)
    scaled.backend = `${backend.name} backend: sized for it, it is much slower than tfjs-node`;
  const specs = decision.variants;
  const seed = plan.data.seed;

  // The model as written decides the task (or, when Keras rejects it, the first fix); every variant trains on the same samples.
  const base = plan.variants.findIndex((v) => !v.rejected);
  if (base < 0) throw new VerifyError('bad-input', 'nothing to train: Keras rejects every variant before training');
  const first = withSeed(seed, () => buildModel(tf, specs[base]));
  const baseUnits = outputUnits(first.model);
  const { dataset, data, userReport } = await trainingData(
    plan,
    backend,
    specs[base],
    describeTask(specs[base], baseUnits),
    baseUnits,
  );
  const task: Task = dataset.task;
  const adapt = adapter(
    tf,
    specs[base],
    dataset,
    notes,
    userReport ? 'the training sample of your data' : 'the synthetic training data',
  );
  adapt(first.layers);
  const initial = new Map<string, { type: string; weights: TF.Tensor[] }>();
  for (const [id, layer] of first.layers)
    initial.set(id, { type: layer.getClassName(), weights: layer.getWeights().map((w) => w.clone()) });

  emit({
    type: 'started',
    backend: backend.name,
    backendNote: backend.note,
    runs: plan.variants.map((v) => ({ label: v.label })),
    scaled,
    data,
  });

  let epochs = plan.epochs;
  const runs: RunResult[] = [];
  const judged: JudgedRun[] = [];
  for (let i = 0; i < specs.length; i++) {
    const label = plan.variants[i].label;
    const spec: ModelSpec = specs[i];
    const rejected = plan.variants[i].rejected;
    if (rejected) {
      runs.push({
        label,
        verdict: 'cannot-learn',
        detail: rejected,
        history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [] },
      });
      judged.push({ label, verdict: 'cannot-learn', detail: rejected, reached: null });
      emit({ type: 'run-finished', run: i, verdict: 'cannot-learn', detail: rejected });
      continue;
    }
    let built: BuiltModel;
    try {
      built = i === base ? first : withSeed(seed, () => buildModel(tf, spec));
    } catch (e) {
      if (i === base || !(e instanceof VerifyError)) throw e;
      const detail = `this fix cannot be rebuilt: ${e.message}`;
      runs.push({
        label,
        verdict: 'inconclusive',
        detail,
        history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [] },
      });
      judged.push({ label, verdict: 'inconclusive', detail, reached: null });
      emit({ type: 'run-finished', run: i, verdict: 'inconclusive', detail });
      continue;
    }
    if (i !== base) {
      copyInitialWeights(built.layers, initial);
      adapt(built.layers);
    }
    for (const n of built.notReproduced)
      if (!notes.includes(`not reproduced: ${n}`)) notes.push(`not reproduced: ${n}`);
    const units = outputUnits(built.model);
    const storedIn = userReport?.labels ?? '';
    const labels = {
      train: runLabels(dataset.train, task, spec, units, storedIn),
      validation: runLabels(dataset.validation, task, spec, units, storedIn),
    };
    (data.labels as Record<string, string>)[label] = labels.train.description;
    const runStarted = Date.now();
    const outcome = await withSeedAsync(seed + 1, () =>
      trainVariant(tf, built.model, spec, dataset, labels, seed + 2, {
        epochs: () => epochs,
        onBatch: (epoch, batch, batches) => emit({ type: 'batch', run: i, epoch, batch, batches }),
        onEpoch: (epoch, logs) => {
          emit({ type: 'epoch', run: i, epoch, logs });
          if (i === base && epoch === 0)
            epochs = fitEpochsToBudget(plan, (Date.now() - runStarted) / 1000, specs.length - base, scaled);
        },
      }),
    );
    const judgement = judgeRun({
      history: outcome.history,
      task: task.kind,
      majorityRate: dataset.majorityRate,
      validationSize: dataset.validation.n,
      predictions: outcome.predictions,
      error: outcome.error,
      baselineLoss: outcome.baselineLoss,
      hasBatchNorm: spec.nodes.some((n) => n.type === 'BatchNormalization'),
      weightsUnchanged: outcome.weightsUnchanged,
    });
    runs.push({ label, verdict: judgement.verdict, detail: judgement.detail, history: outcome.history });
    judged.push({ label, ...judgement });
    emit({ type: 'run-finished', run: i, verdict: judgement.verdict, detail: judgement.detail });
    built.model.dispose();
  }
  for (const { weights } of initial.values()) tf.dispose(weights);
  const { confirmed, summary } = summarise(judged, task.kind);
  const result: VerifyResult = {
    backend: backend.name,
    runs,
    confirmed,
    seconds: (Date.now() - started) / 1000,
    scaled,
    summary,
    data,
    notes,
  };
  emit({ type: 'finished', result });
  return result;
}

/**
 * adapt() for Normalization layers without statistics in the code: on the
 * training inputs (synthetic or the user's sample), which only works for a
 * Normalization applied to the model input (the only place the trainer has data for).
 */
function adapter(
  tf: Tf,
  spec: ModelSpec,
  dataset: Dataset,
  notes: string[],
  adaptedOn: string,
): (layers: Map<string, TF.layers.Layer>) => void {
  return (layers) => {
    const pending = layersToAdapt(layers.values());
    if (!pending.length) return;
    const ids = new Map([...layers].map(([id, l]) => [l, id]));
    const x = tf.tensor(dataset.train.x, [dataset.train.n, ...dataset.task.shape]);
    try {
      for (const layer of pending) {
        const node = spec.nodes.find((n) => n.id === ids.get(layer as unknown as TF.layers.Layer));
        if (!node?.inputs.every((i) => spec.inputs.some((inp) => inp.id === i))) {
          throw new VerifyError(
            'bad-input',
            `cannot rebuild layer Normalization (line ${node?.line ?? '?'}): without mean= and variance= it is adapted on the data, and the trainer can only adapt one applied to the model input`,
          );
        }
        layer.adapt(x);
        const note = `Normalization (line ${node.line}) adapted on ${adaptedOn}, as adapt() does on yours`;
        if (!notes.includes(note)) notes.push(note);
      }
    } finally {
      x.dispose();
    }
  };
}

async function withSeedAsync<T>(seed: number, f: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await f();
  } finally {
    Math.random = original;
  }
}

/** Same initial weights as the model as written wherever a layer has the same position, class and weight shapes. */
function copyInitialWeights(
  layers: Map<string, TF.layers.Layer>,
  initial: Map<string, { type: string; weights: TF.Tensor[] }>,
): void {
  for (const [id, layer] of layers) {
    const source = initial.get(id);
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
 * After the first epoch of the first run: when all runs at this pace would
 * overshoot the time budget by half, train fewer epochs (at least 3), and say so.
 */
function fitEpochsToBudget(
  plan: TrainingPlan,
  firstEpochSeconds: number,
  runs: number,
  scaled: Record<string, unknown>,
): number {
  const projected = firstEpochSeconds * plan.epochs * runs;
  if (plan.fullSize || projected <= plan.timeBudgetSeconds * 1.5 || plan.epochs <= 3) return plan.epochs;
  const to = Math.max(3, Math.floor(plan.timeBudgetSeconds / (firstEpochSeconds * runs)));
  if (to >= plan.epochs) return plan.epochs;
  scaled.epochs = {
    from: plan.epochs,
    to,
    reason: `at ${firstEpochSeconds.toFixed(1)} s per epoch, ${plan.epochs} epochs × ${runs} runs would exceed the ${plan.timeBudgetSeconds} s budget`,
  };
  return to;
}
