/**
 * What every run of a plan shares, made once per training process: the scale
 * decision (replica or full size), the task, the data (synthetic or the user's
 * sample), the model as written built with the seed and its initial weights,
 * which every other run copies wherever its layers match. Two training
 * processes preparing the same plan get identical data and weights (all of it
 * is seeded), so runs can be spread over them.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LoadedBackend } from './backend';
import { VerifyError } from './errors';
import type { VerifyEvent } from './protocol';
import { seededRandom } from './random';
import { decideScale } from './scale';
import type { ModelSpec, TrainingPlan } from './spec';
import { type InputRange, RESCALE_NODE } from './symptoms/causes';
import { describeTask, type Dataset, type Task } from './synthetic';
import { type BuiltModel, buildModel, type Tf } from './tfjs/build';
import { layersToAdapt } from './tfjs/normalization';
import { nodeShapes } from './tfjs/shapes';
import { trainingData } from './training-data';
import type { DataReport } from './data';

const COST_KEY: Record<LoadedBackend['name'], string> = { 'tfjs-node': 'tensorflow', cpu: 'cpu', wasm: 'wasm' };

export interface PreparedRuns {
  plan: TrainingPlan;
  backend: LoadedBackend;
  tf: Tf;
  /** The variants as trained (scaled when a replica is trained). */
  specs: ModelSpec[];
  /** What was scaled (the result's `scaled`; `epochs` is added when the budget cuts them). */
  scaled: Record<string, unknown>;
  /** Index of the variant that decides the task: the model as written, unless Keras rejects it. */
  base: number;
  /** The base variant built with the seed: trained as its own run, and the source of the initial weights. */
  first: BuiltModel;
  initial: Map<string, { type: string; weights: TF.Tensor[] }>;
  dataset: Dataset;
  task: Task;
  /** The result's `data` record (labels per run are filled as runs train). */
  data: Record<string, unknown>;
  userReport: DataReport | null;
  inputRange: InputRange;
  notes: string[];
  /** Adapts the Normalization layers of a built variant that have no statistics, on the training inputs. */
  adapt(layers: Map<string, TF.layers.Layer>, spec: ModelSpec): void;
}

/** Replaces Math.random (which tfjs's initialisers and dropout draw from) with a seeded generator. */
export function withSeed<T>(seed: number, f: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return f();
  } finally {
    Math.random = original;
  }
}

export async function withSeedAsync<T>(seed: number, f: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await f();
  } finally {
    Math.random = original;
  }
}

export function outputUnits(model: TF.LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] ?? 1;
}

function rangeOf(dataset: Dataset): InputRange {
  const x = dataset.train.x;
  let min = Infinity;
  let max = -Infinity;
  let abs = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < min) min = v;
    if (v > max) max = v;
    abs += Math.abs(v);
  }
  return { min, max, meanAbs: x.length ? abs / x.length : 0, tokens: dataset.task.input === 'tokens' };
}

export async function prepareRuns(plan: TrainingPlan, backend: LoadedBackend): Promise<PreparedRuns> {
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
  const adapt = adapter(
    tf,
    dataset,
    notes,
    userReport ? 'the training sample of your data' : 'the synthetic training data',
  );
  adapt(first.layers, specs[base]);
  const initial = new Map<string, { type: string; weights: TF.Tensor[] }>();
  for (const [id, layer] of first.layers)
    initial.set(id, { type: layer.getClassName(), weights: layer.getWeights().map((w) => w.clone()) });
  return {
    plan,
    backend,
    tf,
    specs,
    scaled,
    base,
    first,
    initial,
    dataset,
    task: dataset.task,
    data,
    userReport,
    inputRange: rangeOf(dataset),
    notes,
    adapt,
  };
}

/** The `started` event: the backend, every run's label, what was scaled, the data. */
export function startedEvent(prepared: PreparedRuns): VerifyEvent {
  return {
    type: 'started',
    backend: prepared.backend.name,
    backendNote: prepared.backend.note,
    runs: prepared.plan.variants.map((v) => ({ label: v.label })),
    scaled: prepared.scaled,
    data: prepared.data,
  };
}

export function disposePrepared(prepared: PreparedRuns): void {
  for (const { weights } of prepared.initial.values()) prepared.tf.dispose(weights);
  prepared.first.model.dispose();
}

/**
 * adapt() for Normalization layers without statistics in the code: on the
 * training inputs (synthetic or the user's sample), which only works for a
 * Normalization applied to the model input (the only place the trainer has data for).
 */
function adapter(
  tf: Tf,
  dataset: Dataset,
  notes: string[],
  adaptedOn: string,
): (layers: Map<string, TF.layers.Layer>, spec: ModelSpec) => void {
  return (layers, spec) => {
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
        const note =
          node.id === RESCALE_NODE
            ? `the Normalization layer of “Standardise the inputs” adapted on ${adaptedOn}`
            : `Normalization (line ${node.line}) adapted on ${adaptedOn}, as adapt() does on yours`;
        if (!notes.includes(note)) notes.push(note);
      }
    } finally {
      x.dispose();
    }
  };
}
