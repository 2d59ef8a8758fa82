/**
 * The training child process (bundled as dist/trainer-worker.js). It starts
 * loading the backend at once, waits for a plan over IPC, trains, streams
 * VerifyEvents back, and exits. The parent stops it by killing it, which frees
 * all memory at once.
 */
import { loadBackend, loadNative } from './backend';
import { DataError } from './data/errors';
import { VerifyError } from './errors';
import type { BackendChoice, VerifyEvent } from './protocol';
import { runPlan } from './run';
import type { TrainingPlan } from './spec';
import { hasConvolution } from './tfjs/build';

export type ParentMessage = { type: 'train'; plan: TrainingPlan };

const choice = (process.argv[2] ?? 'auto') as BackendChoice;
// Load the native backend while the parent analyses the source.
if (choice === 'auto' || choice === 'tfjs-node') loadNative();

let pending: Promise<void> = Promise.resolve();

/** Sends an event; the last ones are awaited before disconnecting so none is lost. */
function send(event: VerifyEvent): void {
  pending = new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(event, undefined, undefined, () => resolve());
  });
}

async function train(plan: TrainingPlan): Promise<void> {
  try {
    const backend = await loadBackend(
      plan.backend,
      plan.variants.some((v) => hasConvolution(v.spec)),
    );
    await runPlan(plan, backend, send);
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
  process.disconnect?.();
}

process.on('message', (message: ParentMessage) => {
  if (message?.type === 'train') void train(message.plan);
});
process.on('disconnect', () => process.exit(0));
