/**
 * The coordinator spreads a verification's runs over the training processes
 * (here stand-ins that answer at once): the next run goes to the first free
 * process, an epoch cut made by the time budget reaches the others, the
 * mechanical fixes come after the first runs when the model as written has
 * symptoms, and the result is put together in run order.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Coordinator, type WorkerHandle } from '../../src/trainer/coordinator';
import type { RunResult, Symptom, VerifyEvent, VerifyResult } from '../../src/trainer/protocol';
import type { ModelSpec, TrainingPlan } from '../../src/trainer/spec';
import type { TrainedRun } from '../../src/trainer/train-run';
import type { ParentMessage, WorkerMessage } from '../../src/trainer/worker';

const spec: ModelSpec = {
  name: 'model',
  inputs: [{ id: 'in0', shape: [8] }],
  nodes: [
    { id: 'n0', type: 'Dense', config: { units: 16, activation: 'relu' }, inputs: ['in0'], line: 5 },
    { id: 'n1', type: 'Dense', config: { units: 1 }, inputs: ['n0'], line: 6 },
  ],
  outputs: ['n1'],
  loss: { id: 'mean_squared_error', fromLogits: false, written: 'mse' },
  optimizer: { id: 'sgd', learningRate: 0.01, config: {}, written: 'sgd', line: 8, defaultLearningRate: 0.01 },
  metrics: [],
  labels: null,
  batchSize: 32,
  notReproduced: [],
};

function plan(variants: number): TrainingPlan {
  return {
    modelName: 'model',
    modelLine: 4,
    variants: Array.from({ length: variants }, (_, i) => ({ label: i ? `fix ${i}` : 'as written', spec })),
    data: { seed: 1, train: 64, validation: 32 },
    epochs: 10,
    scaled: {},
    backend: 'auto',
    timeBudgetSeconds: 30,
    fullSize: false,
  };
}

const nan: Symptom = {
  kind: 'non-finite',
  layer: 'Dense (line 6)',
  epoch: 1,
  value: null,
  threshold: null,
  message: 'NaN',
};

function trained(label: string, verdict: RunResult['verdict'], symptoms: Symptom[] = []): TrainedRun {
  const run: RunResult = {
    label,
    verdict,
    detail: verdict,
    history: { loss: [1], accuracy: [], val_loss: [1], val_accuracy: [] },
    symptoms,
    probe: [],
    reached: verdict === 'learns' ? 0.2 : null,
  };
  return { run, judged: { label, verdict, detail: verdict, reached: run.reached ?? null }, labels: 'targets' };
}

/** Stand-in training processes: they record what they are sent; the test answers for them. */
function setup(variants: number, workers = 2) {
  const sent: { worker: number; message: ParentMessage }[] = [];
  const handles: WorkerHandle[] = Array.from({ length: workers }, (_, worker) => ({
    send: (message: ParentMessage) => sent.push({ worker, message }),
  }));
  const events: VerifyEvent[] = [];
  let result: VerifyResult | null = null;
  const p = plan(variants);
  const coordinator = new Coordinator(
    p,
    spec,
    handles,
    (e) => events.push(e),
    (r) => (result = r),
    Date.now(),
  );
  const answer = (worker: number, message: WorkerMessage) => coordinator.receive(handles[worker], message, handles);
  const done = (worker: number, run: number, t: TrainedRun) =>
    answer(worker, {
      type: 'run-done',
      run,
      trained: t,
      backend: 'tfjs-node',
      scaled: {},
      data: { source: 'synthetic', labels: {} },
      notes: [],
      task: 'regression',
      inputRange: { min: -1340, max: 8310, meanAbs: 584, tokens: false },
    });
  return { sent, events, answer, done, plan: p, result: () => result };
}

const trains = (sent: { worker: number; message: ParentMessage }[]) =>
  sent.filter((s) => s.message.type === 'train').map((s) => [s.worker, (s.message as { run: number }).run]);

test('runs go to the free processes at once, the third to whichever finishes first', () => {
  const t = setup(3);
  assert.deepEqual(trains(t.sent), [
    [0, 0],
    [1, 1],
  ]);
  t.done(1, 1, trained('fix 1', 'learns'));
  assert.deepEqual(trains(t.sent).at(-1), [1, 2]);
  t.done(0, 0, trained('as written', 'cannot-learn'));
  assert.equal(t.result(), null, 'not finished while run 3 trains');
  t.done(1, 2, trained('fix 2', 'learns'));
  const result = t.result()!;
  assert.deepEqual(
    result.runs.map((r) => [r.label, r.verdict]),
    [
      ['as written', 'cannot-learn'],
      ['fix 1', 'learns'],
      ['fix 2', 'learns'],
    ],
  );
  assert.equal(result.confirmed, true);
  assert.deepEqual(
    result.timeline!.runs.map((r) => [r.run, r.worker]),
    [
      [0, 0],
      [1, 1],
      [2, 1],
    ],
  );
});

test('only the first "started" is passed on; an epoch cut reaches the other process and later runs', () => {
  const t = setup(3);
  const started: VerifyEvent = { type: 'started', backend: 'tfjs-node', runs: [], scaled: {}, data: {} };
  t.answer(0, started);
  t.answer(1, started);
  assert.equal(t.events.filter((e) => e.type === 'started').length, 1);
  t.answer(0, { type: 'epochs-cut', epochs: 4, cut: { from: 10, to: 4, reason: 'budget' } });
  assert.deepEqual(
    t.sent.filter((s) => s.message.type === 'epochs'),
    [{ worker: 1, message: { type: 'epochs', epochs: 4 } }],
  );
  t.done(1, 1, trained('fix 1', 'learns'));
  assert.equal((t.sent.at(-1)!.message as { epochs: number }).epochs, 4);
  t.done(0, 0, trained('as written', 'cannot-learn'));
  t.done(1, 2, trained('fix 2', 'learns'));
  assert.deepEqual(t.result()!.scaled.epochs, { from: 10, to: 4, reason: 'budget' });
});

test('a model without a fix that diverges: the mechanical fixes are added and spread, then judged', () => {
  const t = setup(1);
  t.done(0, 0, trained('as written', 'diverges', [nan]));
  const added = t.events.find((e) => e.type === 'runs-added');
  assert.deepEqual(added && 'runs' in added ? added.runs.map((r) => r.label) : [], [
    'Learning rate 0.01 → 0.001',
    'Standardise the inputs (Normalization)',
  ]);
  assert.deepEqual(
    t.plan.experiments?.map((e) => e.fix),
    ['lower-learning-rate', 'rescale-inputs'],
  );
  assert.deepEqual(trains(t.sent).slice(1), [
    [1, 1],
    [0, 2],
  ]);
  t.done(0, 2, trained('Standardise the inputs (Normalization)', 'learns'));
  t.done(1, 1, trained('Learning rate 0.01 → 0.001', 'diverges', [nan]));
  const result = t.result()!;
  assert.equal(result.confirmed, false);
  assert.deepEqual(
    result.diagnosis!.experiments.map((e) => [e.label, e.run, e.helps]),
    [
      ['Learning rate 0.01 → 0.001', 1, false],
      ['Standardise the inputs (Normalization)', 2, true],
    ],
  );
  assert.match(
    result.summary,
    /^The model diverges: diverges\. Symptoms: NaN\/Inf\. “Standardise the inputs \(Normalization\)” helps/,
  );
});

test('one process is enough for one run; a model that learns without symptoms finishes at once', () => {
  const t = setup(1);
  assert.deepEqual(trains(t.sent), [[0, 0]]);
  t.done(0, 0, trained('as written', 'learns'));
  assert.equal(t.result()!.summary, 'The model learns: learns. No symptom.');
  assert.equal(t.result()!.diagnosis, undefined);
});
