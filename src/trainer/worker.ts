/**
 * A training child process (bundled as dist/trainer-worker.js). It starts
 * loading the backend at once, then trains the runs the parent hands it one
 * at a time (several such processes share a verification's runs, index.ts),
 * streams VerifyEvents back, and exits when the parent disconnects. The
 * parent stops it by killing it, which frees all memory at once.
 */
import { loadBackend, loadNative } from './backend';
import { DataError } from './data/errors';
import { VerifyError } from './errors';
import { disposePrepared, type PreparedRuns, prepareRuns, startedEvent } from './prepare';
import type { BackendChoice, VerifyEvent } from './protocol';
import type { TrainingPlan } from './spec';
import type { InputRange } from './symptoms/causes';
import { hasConvolution } from './tfjs/build';
import { type EpochControl, type TrainedRun, trainRun } from './train-run';

export type ParentMessage =
  /** Train run `run` of the plan (`planId` names the plan, so what the runs share is prepared once). */
  | { type: 'train'; plan: TrainingPlan; planId: number; run: number; parallel: number; epochs: number }
  /** Another process's first epoch cut the epochs to fit the time budget. */
  | { type: 'epochs'; epochs: number };

/** What the parent needs from a training process for the result, besides the run itself. */
export interface RunMeta {
  backend: string;
  scaled: Record<string, unknown>;
  data: Record<string, unknown>;
  notes: string[];
  task: 'classification' | 'regression';
  inputRange: InputRange;
}

/** What a training process sends: the verification's events, and after each run what the parent needs for the result. */
export type WorkerMessage =
  | VerifyEvent
  | ({ type: 'run-done'; run: number; trained: TrainedRun } & RunMeta)
  | { type: 'epochs-cut'; epochs: number; cut: Record<string, unknown> };

const choice = (process.argv[2] ?? 'auto') as BackendChoice;
// Load the native backend while the parent analyses the source.
if (choice === 'auto' || choice === 'tfjs-node') loadNative();

let pending: Promise<void> = Promise.resolve();

/** Sends a message; the last ones are awaited before the parent is told a run is done, so none is lost. */
function send(message: WorkerMessage): void {
  pending = new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let prepared: { id: number; runs: PreparedRuns } | null = null;
const control: EpochControl = {
  epochs: Number.POSITIVE_INFINITY,
  parallel: 1,
  onCut: (epochs, cut) => send({ type: 'epochs-cut', epochs, cut }),
};
/** Runs are trained one at a time, in the order they arrive. */
let queue: Promise<void> = Promise.resolve();

async function train(message: Extract<ParentMessage, { type: 'train' }>): Promise<void> {
  try {
    const { plan } = message;
    if (prepared?.id !== message.planId) {
      if (prepared) disposePrepared(prepared.runs);
      const backend = await loadBackend(
        plan.backend,
        plan.variants.some((v) => hasConvolution(v.spec)),
      );
      prepared = { id: message.planId, runs: await prepareRuns(plan, backend) };
      control.epochs = message.epochs;
      send(startedEvent(prepared.runs));
    }
    control.epochs = Math.min(control.epochs, message.epochs);
    control.parallel = message.parallel;
    const runs = prepared.runs;
    // The same plan grows by the mechanical fixes added after the first runs.
    runs.plan = plan;
    const trained = await trainRun(runs, message.run, send, control);
    send({
      type: 'run-done',
      run: message.run,
      trained,
      backend: runs.backend.name,
      scaled: runs.scaled,
      data: runs.data,
      notes: runs.notes,
      task: runs.task.kind,
      inputRange: runs.inputRange,
    });
  } catch (e) {
    // The user's data failing to load (or to fit the model) is bad input, with the loader's specific message.
    const dataError = e instanceof DataError ? e.code : e instanceof VerifyError ? e.dataError : undefined;
    const kind =
      (e instanceof VerifyError && e.kind === 'bad-input') || e instanceof DataError ? 'bad-input' : 'failed';
    send({
      type: 'error',
      message: kind === 'bad-input' ? (e as Error).message : `${(e as Error).stack ?? e}`,
      kind,
      ...(dataError ? { dataError } : {}),
    });
  }
  await pending;
}

process.on('message', (message: ParentMessage) => {
  if (message?.type === 'train') queue = queue.then(() => train(message));
  else if (message?.type === 'epochs') control.epochs = Math.min(control.epochs, message.epochs);
});
process.on('disconnect', () => process.exit(0));
